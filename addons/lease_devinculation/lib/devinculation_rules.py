"""Plain rules of a devinculation (no ORM import, unit-tested without a database)."""

#: statuses whose decision is about the repair budget: they carry its amount
BUDGET_STATES = ("approved_budget", "declined_budget")

#: what ``budget_problem`` answers
MISSING, NOT_POSITIVE, NOT_ALLOWED = "missing", "not_positive", "not_allowed"


def is_budget_state(state):
    return state in BUDGET_STATES


def budget_problem(state, amount):
    """Why ``amount`` does not go with ``state`` (None when it does).

    The two budget statuses need the budget amount, greater than zero; every
    other status has no budget amount at all.
    """
    amount = amount or 0.0
    if is_budget_state(state):
        if not amount:
            return MISSING
        if amount < 0:
            return NOT_POSITIVE
        return None
    if amount:
        return NOT_ALLOWED
    return None


def budget_for_state(state, amount):
    """The budget amount kept when the status becomes ``state`` (a non-budget
    status clears it)."""
    return amount if is_budget_state(state) else 0.0
