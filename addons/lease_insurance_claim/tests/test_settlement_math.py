"""Unit tests of the pure settlement arithmetic (no database needed)."""
from decimal import Decimal

import pytest

from odoo.addons.lease_insurance_claim.lib import settlement as st


# --------------------------------------------------------------- helpers
@pytest.mark.parametrize("value, expected", [
    (None, Decimal(0)),
    (False, Decimal(0)),
    (0, Decimal(0)),
    (0.1, Decimal("0.1")),
    (12, Decimal(12)),
    (Decimal("1.005"), Decimal("1.005")),
    ("3.50", Decimal("3.50")),
])
def test_to_decimal_accepts_what_the_orm_hands_over(value, expected):
    assert st.to_decimal(value) == expected


@pytest.mark.parametrize("value, digits, expected", [
    (2.675, 2, 2.68),      # binary float would round down to 2.67
    (1.005, 2, 1.01),
    (0.125, 2, 0.13),
    (0.124999, 2, 0.12),
    (-2.675, 2, -2.68),    # half away from zero for negatives too
    (-0.005, 2, -0.01),
    (10.5, 0, 11.0),
    (1234.5678, 3, 1234.568),
    (None, 2, 0.0),
])
def test_round_amount_is_half_up_to_the_currency(value, digits, expected):
    assert st.round_amount(value, digits) == expected


def test_sum_amounts_is_exact_in_decimal():
    # 0.1 + 0.2 is 0.30000000000000004 in floats
    assert st.sum_amounts([0.1, 0.2]) == 0.3
    assert st.sum_amounts([0.1] * 10) == 1.0
    assert st.sum_amounts([]) == 0.0
    assert st.sum_amounts([None, False, 5]) == 5.0
    assert st.sum_amounts([100.005, 0.0]) == 100.01
    assert st.sum_amounts([-10, 2.5]) == -7.5


def test_participation_base_uses_the_estimate_until_lines_exist():
    assert st.participation_base(0.0, 50000.0, has_lines=False) == Decimal(50000)
    assert st.participation_base(42000.0, 50000.0, has_lines=True) == Decimal(42000)
    # lines that sum to zero are still lines: the base is zero, not the estimate
    assert st.participation_base(0.0, 50000.0, has_lines=True) == Decimal(0)
    assert st.participation_base(None, None, has_lines=False) == Decimal(0)


# --------------------------------------------------------------- expected participation
def ep(form, base, **kw):
    return st.expected_participation(form, base, **kw)


@pytest.mark.parametrize("base, expected", [
    (100000, 10000.0),     # 10 % of the base
    (999.99, 100.0),       # 99.999 rounds half-up
    (0, 0.0),
    (None, 0.0),
])
def test_percent_only(base, expected):
    assert ep(st.PERCENT, base, percent=10) == expected


def test_percent_only_ignores_min_and_max():
    assert ep(st.PERCENT, 1000, percent=10, minimum=5000, maximum=50, abs_amount=7) == 100.0


def test_percent_with_zero_or_missing_percent_is_zero():
    assert ep(st.PERCENT, 1000, percent=0) == 0.0
    assert ep(st.PERCENT, 1000, percent=None) == 0.0


def test_percent_over_100_is_capped_at_the_base():
    assert ep(st.PERCENT, 1000, percent=150) == 1000.0


@pytest.mark.parametrize("base, expected", [
    (50000, 5000.0),   # above the base
    (5000, 5000.0),    # exactly the base
    (3000, 3000.0),    # below: capped at the base
    (0, 0.0),
])
def test_abs_sum_is_fixed_and_capped_at_the_base(base, expected):
    assert ep(st.ABS, base, abs_amount=5000, percent=10, minimum=9999, maximum=1) == expected


def test_abs_sum_missing_is_zero():
    assert ep(st.ABS, 50000, abs_amount=None) == 0.0


@pytest.mark.parametrize("base, expected", [
    (100000, 10000.0),   # 10 % = 10,000 > min 5,000: the percentage
    (50000, 5000.0),     # 10 % = 5,000 = min: at the threshold
    (40000, 5000.0),     # 10 % = 4,000 < min: the minimum
    (3000, 3000.0),      # the minimum exceeds the damage: capped at the base
    (0, 0.0),
])
def test_percent_with_minimum(base, expected):
    assert ep(st.PERCENT_MIN, base, percent=10, minimum=5000) == expected


def test_percent_with_missing_minimum_is_the_percentage():
    assert ep(st.PERCENT_MIN, 40000, percent=10, minimum=None) == 4000.0


@pytest.mark.parametrize("base, expected", [
    (100000, 20000.0),
    (20000, 20000.0),
    (15000, 15000.0),
])
def test_max_sum(base, expected):
    assert ep(st.MAX, base, maximum=20000, percent=50, minimum=1) == expected


def test_max_sum_missing_is_zero():
    assert ep(st.MAX, 100000, maximum=None) == 0.0


@pytest.mark.parametrize("base, expected", [
    (30000, 5000.0),      # 10 % = 3,000 < min 5,000 → min
    (50000, 5000.0),      # 10 % = 5,000 = min
    (100000, 10000.0),    # between min and max → percentage
    (200000, 20000.0),    # 10 % = 20,000 = max
    (500000, 20000.0),    # 10 % = 50,000 > max → max
    (4000, 4000.0),       # min above the damage → capped at base
    (0, 0.0),
])
def test_percent_with_minimum_and_maximum(base, expected):
    assert ep(st.PERCENT_MIN_MAX, base, percent=10, minimum=5000, maximum=20000) == expected


def test_percent_min_max_with_missing_maximum_gives_zero():
    # a maximum of 0 caps everything: the contract data are incomplete, and
    # the result must not exceed what the contract says
    assert ep(st.PERCENT_MIN_MAX, 100000, percent=10, minimum=5000, maximum=None) == 0.0


def test_no_form_means_no_deductible():
    assert ep(False, 100000, percent=10, abs_amount=5000) == 0.0
    assert ep(None, 100000, percent=10) == 0.0
    assert ep("", 100000, percent=10) == 0.0


def test_unknown_form_is_refused():
    with pytest.raises(ValueError):
        ep("percent_plus", 1000, percent=10)


@pytest.mark.parametrize("form", st.PARTICIPATION_FORMS)
def test_negative_inputs_never_give_a_negative_deductible(form):
    assert ep(form, -1000, percent=10, abs_amount=500, minimum=100, maximum=2000) == 0.0
    assert ep(form, 1000, percent=-10, abs_amount=-500, minimum=-100, maximum=-2000) == 0.0


@pytest.mark.parametrize("form", st.PARTICIPATION_FORMS)
def test_every_form_is_capped_at_the_base(form):
    assert ep(form, 100, percent=500, abs_amount=1000, minimum=1000, maximum=1000) == 100.0


def test_participation_rounds_half_up():
    # 12.5 % of 100.04 = 12.505 → 12.51
    assert ep(st.PERCENT, 100.04, percent=12.5) == 12.51
    assert ep(st.PERCENT, 100.04, percent=12.5, digits=0) == 13.0


# --------------------------------------------------------------- totals
def test_total_correction():
    assert st.total_correction(5000, 1200.5, 300) == 6500.5
    assert st.total_correction(None, None, None) == 0.0
    assert st.total_correction(5000, 0, -1000) == 4000.0


def test_total_amount_invoice_form():
    # 120,000 invoiced - 90,000 indemnity - 5,000 deductible - 2,000 reduction
    # - 500 correction - 1,000 reinvoiced directly = 21,500 left
    assert st.total_amount("invoice", 120000, 90000, 5000, 2000, 500, 1000) == 21500.0


def test_total_amount_budget_form_ignores_book_value_and_wreck():
    assert st.total_amount("budget", 0, 40000, 5000, 0, 0, 0,
                           book_value=300000, wreck_price=20000) == -45000.0


def test_total_amount_residual_value_form():
    # book value 350,000 + lines 10,000 - indemnity 300,000 - deductible 10 %
    # 30,000 - reduction 0 - correction 0 - wreck 25,000 - direct 0 = 5,000
    assert st.total_amount(st.RESIDUAL_VALUE, 10000, 300000, 30000, 0, 0, 0,
                           book_value=350000, wreck_price=25000) == 5000.0


def test_total_amount_can_be_negative():
    assert st.total_amount("invoice", 10000, 15000, 0, 0, 0, 0) == -5000.0


def test_total_amount_with_missing_values_is_zero():
    assert st.total_amount("invoice", None, None, None, None, None, None) == 0.0
    assert st.total_amount(st.RESIDUAL_VALUE, None, None, None, None, None, None,
                           book_value=None, wreck_price=None) == 0.0


def test_total_amount_is_exact_and_rounded():
    assert st.total_amount("invoice", 0.3, 0.1, 0.1, 0.1, 0, 0) == 0.0
    assert st.total_amount("invoice", 100.005, 0, 0, 0, 0, 0) == 100.01


# --------------------------------------------------------------- all figures of a claim
def inputs(**kw):
    values = {
        "purchase_prices": [60000, 25000, 15000],
        "expected_prices": [58000, 24000, 15000],
        "reinvoice_amounts": [0, 5000, 15000],
        "indemnity_amounts": [2800],
        "indemnity_amounts_lcy": [70000],
        "reduction_amounts": [5000],
        "real_participation": 10000,
        "correction_amount": 1000,
        "direct_reinvoiced_amount": 15000,
        "settlement_form": "invoice",
        "book_value": 300000,
        "wreck_price": 40000,
        "estimated_damage": 90000,
        "participation_form": st.PERCENT_MIN,
        "participation_percent": 10,
        "participation_min": 5000,
    }
    values.update(kw)
    return values


def test_claim_totals_of_the_invoice_form():
    totals = st.claim_totals(inputs())
    assert totals == {
        "invoice_line_amount": 100000.0,
        "expected_price": 97000.0,
        "reinvoiced_amount": 20000.0,
        "indemnity_amount": 2800.0,
        "indemnity_amount_lcy": 70000.0,
        "reduction_amount": 5000.0,
        "total_correction": 16000.0,        # 10,000 + 5,000 + 1,000
        # 100,000 - 70,000 - 10,000 - 5,000 - 1,000 - 15,000
        "total_amount": -1000.0,
        "expected_participation": 10000.0,  # 10 % of 100,000 > min 5,000
    }


def test_claim_totals_budget_form_is_the_invoice_formula():
    assert st.claim_totals(inputs(settlement_form="budget"))["total_amount"] == -1000.0


def test_claim_totals_residual_value_form_adds_book_value_less_wreck():
    # -1,000 + 300,000 book value - 40,000 wreck
    assert st.claim_totals(inputs(settlement_form=st.RESIDUAL_VALUE))["total_amount"] == 259000.0


def test_claim_totals_use_the_estimate_until_there_are_lines():
    totals = st.claim_totals(inputs(purchase_prices=[], expected_prices=[], reinvoice_amounts=[]))
    assert totals["invoice_line_amount"] == 0.0
    assert totals["expected_participation"] == 9000.0   # 10 % of the estimate 90,000
    totals = st.claim_totals(inputs(purchase_prices=[0.0]))
    assert totals["expected_participation"] == 0.0      # a line exists: the base is 0


@pytest.mark.parametrize("form, extra, expected", [
    (st.PERCENT, {}, 10000.0),
    (st.ABS, {"participation_abs": 7500}, 7500.0),
    (st.PERCENT_MIN, {"participation_min": 12000}, 12000.0),
    (st.MAX, {"participation_max": 8000}, 8000.0),
    (st.PERCENT_MIN_MAX, {"participation_min": 5000, "participation_max": 8000}, 8000.0),
])
def test_claim_totals_for_every_participation_form(form, extra, expected):
    values = inputs(participation_form=form, **extra)
    assert st.claim_totals(values)["expected_participation"] == expected


def test_claim_totals_of_an_empty_claim_are_zero():
    totals = st.claim_totals({})
    assert set(totals.values()) == {0.0}
    assert len(totals) == 9


def test_claim_totals_round_to_the_currency_digits():
    totals = st.claim_totals({"purchase_prices": [0.125, 0.0001], "indemnity_amounts_lcy": [0.1]}, digits=2)
    assert totals["invoice_line_amount"] == 0.13
    assert totals["total_amount"] == 0.03


# --------------------------------------------------------------- what is posted
def test_settlement_posting_invoice_with_reduction_lines():
    assert st.settlement_posting(12000, [("a", 5000), ("b", 0), ("c", 1500.5)]) == (
        st.CUSTOMER_INVOICE, 18500.5, [(None, 12000.0), ("a", 5000.0), ("c", 1500.5)])


def test_settlement_posting_negative_total_gives_a_credit_note_with_signs_turned():
    assert st.settlement_posting(-20000, [("a", 5000)]) == (
        st.CUSTOMER_CREDIT_NOTE, -15000.0, [(None, 20000.0), ("a", -5000.0)])


def test_settlement_posting_reductions_can_turn_a_negative_total_into_an_invoice():
    assert st.settlement_posting(-2000, [("a", 5000)]) == (
        st.CUSTOMER_INVOICE, 3000.0, [(None, -2000.0), ("a", 5000.0)])


def test_settlement_posting_of_nothing():
    assert st.settlement_posting(0, []) == (None, 0.0, [])
    assert st.settlement_posting(-5000, [("a", 5000)]) == (None, 0.0, [])
    assert st.settlement_posting(None, []) == (None, 0.0, [])


def test_settlement_posting_zero_total_with_reductions_only():
    assert st.settlement_posting(0, [("a", 2500)]) == (st.CUSTOMER_INVOICE, 2500.0, [("a", 2500.0)])


def test_settlement_posting_rounds_half_up():
    assert st.settlement_posting(100.005, []) == (st.CUSTOMER_INVOICE, 100.01, [(None, 100.01)])
