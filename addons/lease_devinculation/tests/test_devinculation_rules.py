"""The plain budget rule of a devinculation (no database)."""
import unittest

from ..lib import devinculation_rules as rules
from ..lib import wkhtmltopdf


class TestDevinculationRules(unittest.TestCase):

    def test_budget_states(self):
        self.assertTrue(rules.is_budget_state("approved_budget"))
        self.assertTrue(rules.is_budget_state("declined_budget"))
        for state in ("blank", "approved", "declined", False, None):
            self.assertFalse(rules.is_budget_state(state), state)

    def test_budget_status_needs_a_positive_amount(self):
        for state in rules.BUDGET_STATES:
            self.assertEqual(rules.budget_problem(state, 0.0), rules.MISSING)
            self.assertEqual(rules.budget_problem(state, False), rules.MISSING)
            self.assertEqual(rules.budget_problem(state, -1.0), rules.NOT_POSITIVE)
            self.assertIsNone(rules.budget_problem(state, 0.01))
            self.assertIsNone(rules.budget_problem(state, 92400.0))

    def test_other_statuses_have_no_amount(self):
        for state in ("blank", "approved", "declined"):
            self.assertIsNone(rules.budget_problem(state, 0.0))
            self.assertIsNone(rules.budget_problem(state, False))
            self.assertEqual(rules.budget_problem(state, 100.0), rules.NOT_ALLOWED)
            self.assertEqual(rules.budget_problem(state, -100.0), rules.NOT_ALLOWED)

    def test_budget_kept_only_for_budget_statuses(self):
        self.assertEqual(rules.budget_for_state("approved_budget", 500.0), 500.0)
        self.assertEqual(rules.budget_for_state("declined_budget", 500.0), 500.0)
        self.assertEqual(rules.budget_for_state("approved", 500.0), 0.0)
        self.assertEqual(rules.budget_for_state("blank", 500.0), 0.0)


class TestWkhtmltopdfHeaders(unittest.TestCase):

    def test_only_the_patched_qt_build_prints_headers(self):
        self.assertTrue(wkhtmltopdf.renders_headers(b"wkhtmltopdf 0.12.5 (with patched qt)\n"))
        self.assertFalse(wkhtmltopdf.renders_headers(b"wkhtmltopdf 0.12.6\n"))
        self.assertFalse(wkhtmltopdf.renders_headers(b""))
        self.assertFalse(wkhtmltopdf.renders_headers(None))

    def test_a_missing_binary_prints_no_headers(self):
        self.assertFalse(wkhtmltopdf.binary_renders_headers("/nonexistent/wkhtmltopdf"))
