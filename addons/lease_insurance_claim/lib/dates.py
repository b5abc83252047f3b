"""The one place where Odoo's date representation is converted.

Odoo 11 keeps dates as ``'YYYY-MM-DD'`` strings; later versions use
``datetime.date``.  Models convert through these helpers only, so a port
changes this file and nothing else.
"""
from odoo import fields


def to_date(value):
    """Odoo date value (string or date or False) -> ``datetime.date`` or None."""
    if not value:
        return None
    if hasattr(value, "year"):
        return value
    return fields.Date.from_string(value)


def to_odoo(value):
    """``datetime.date`` or None -> the value Odoo stores for a Date field."""
    if not value:
        return False
    return fields.Date.to_string(value)
