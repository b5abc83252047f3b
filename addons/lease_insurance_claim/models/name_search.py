"""Domain helper for name searches over several columns."""
from odoo.osv import expression

_POSITIVE = {"not ilike": "ilike", "not like": "like", "!=": "=", "not in": "in"}


def multi_column_domain(model, columns, name, operator):
    """Records of ``model`` whose ``columns`` match ``name``: any column for a
    positive operator; for a negative one (``not ilike``), records where no
    column matches (empty columns included)."""
    positive = _POSITIVE.get(operator)
    if positive:
        matching = model._search(expression.OR([[(column, positive, name)] for column in columns]))
        return [("id", "not in", matching)]
    if operator in expression.NEGATIVE_TERM_OPERATORS:
        return expression.AND([[(column, operator, name)] for column in columns])
    return expression.OR([[(column, operator, name)] for column in columns])
