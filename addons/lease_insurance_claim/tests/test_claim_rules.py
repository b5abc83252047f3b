"""The plain rules of the claim card (no database)."""
import datetime
import unittest

from ..lib import claim_rules


class TestClaimRules(unittest.TestCase):

    def test_digits_only_keeps_the_digits_of_the_insurer_text(self):
        self.assertEqual(claim_rules.digits_only("PU 2026-004512/01"), "202600451201")
        self.assertEqual(claim_rules.digits_only("ABC"), "")
        self.assertEqual(claim_rules.digits_only(None), "")

    def test_is_digits_only(self):
        self.assertTrue(claim_rules.is_digits_only("0123456789"))
        self.assertTrue(claim_rules.is_digits_only(""))
        self.assertTrue(claim_rules.is_digits_only(False))
        for value in ("12A4", "12 34", "12-34", " 1234", "١٢٣", "12.4"):
            self.assertFalse(claim_rules.is_digits_only(value), value)

    def test_settlement_form_forced_for_theft_and_total_loss(self):
        self.assertEqual(claim_rules.settlement_form_for(True, False, "invoice"), "residual_value")
        self.assertEqual(claim_rules.settlement_form_for(False, True, "budget"), "residual_value")
        self.assertEqual(claim_rules.settlement_form_for(False, False, "budget"), "budget")

    def test_settlement_limit_date(self):
        end = datetime.date(2026, 1, 31)
        self.assertEqual(claim_rules.settlement_limit_date(end, 30), datetime.date(2026, 3, 2))
        self.assertEqual(claim_rules.settlement_limit_date(end, 0), end)
        self.assertIsNone(claim_rules.settlement_limit_date(None, 30))

    def test_book_value_from_the_depreciation_board(self):
        lines = [(datetime.date(2026, 2, 1), 980.0), (datetime.date(2026, 1, 1), 990.0),
                 (datetime.date(2026, 3, 1), 970.0)]
        on = claim_rules.book_value_on
        self.assertEqual(on(datetime.date(2025, 12, 31), 1000.0, 10.0, lines), 1000.0)
        self.assertEqual(on(datetime.date(2026, 1, 1), 1000.0, 10.0, lines), 1000.0)
        self.assertEqual(on(datetime.date(2026, 2, 15), 1000.0, 10.0, lines), 990.0)
        self.assertEqual(on(datetime.date(2027, 1, 1), 1000.0, 0.0, lines), 970.0)
