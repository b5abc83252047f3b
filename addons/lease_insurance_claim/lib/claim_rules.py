"""Rules of the insurance claim card that need no database.

Everything here works on plain Python values (``str``, ``datetime.date``,
``float``) so it can be unit-tested without Odoo and ported unchanged.
"""
import datetime

#: settlement form the card must use for theft and total-loss claim types
RESIDUAL_VALUE_FORM = "residual_value"


def digits_only(text):
    """The digits of an insurer's claim text, used for matching.

    ``"PU 2026-00 123/A"`` -> ``"202600123"``; empty input gives ``""``.
    """
    return "".join(char for char in (text or "") if char in "0123456789")


def is_digits_only(value):
    """True for an empty value or a string of ASCII digits only."""
    if not value:
        return True
    return all(char in "0123456789" for char in value)


def settlement_form_for(is_theft, is_total_loss, settlement_form):
    """The settlement form a claim must have for its claim type."""
    if is_theft or is_total_loss:
        return RESIDUAL_VALUE_FORM
    return settlement_form


def settlement_limit_date(contract_end_date, deadline_days):
    """Financial settlement limit = contract ending date + deadline (days)."""
    if not contract_end_date:
        return None
    return contract_end_date + datetime.timedelta(days=deadline_days or 0)


def book_value_on(on_date, gross_value, salvage_value, lines):
    """Book value of an asset on ``on_date`` from its depreciation board.

    ``lines`` are ``(depreciation_date, remaining_value)`` pairs; the value
    after the last depreciation dated on or before ``on_date`` is
    ``salvage_value + remaining_value``.  Before the first depreciation the
    asset is worth its gross value.
    """
    done = [(day, remaining) for day, remaining in lines if day and day <= on_date]
    if not done:
        return round(gross_value or 0.0, 2)
    done.sort(key=lambda pair: pair[0])
    return round((salvage_value or 0.0) + done[-1][1], 2)
