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
