"""The budget amount belongs to the two budget statuses, and only to them."""
from odoo.exceptions import ValidationError

from .common import DevinculationCase


class TestDevinculationBudget(DevinculationCase):

    def test_budget_statuses_with_an_amount_are_accepted(self):
        approved = self.new_devinculation(state="approved_budget", budget_amount=92400.0)
        self.assertEqual((approved.state, approved.budget_amount), ("approved_budget", 92400.0))
        declined = self.new_devinculation(state="declined_budget", budget_amount=118500.0)
        self.assertEqual((declined.state, declined.budget_amount), ("declined_budget", 118500.0))

    def test_budget_status_without_amount_is_refused(self):
        for state in ("approved_budget", "declined_budget"):
            with self.refused(ValidationError) as caught:
                self.new_devinculation(state=state)
            self.assertIn("needs the budget amount", caught.exception.name)
            with self.refused(ValidationError):
                self.new_devinculation(state=state, budget_amount=0.0)

    def test_negative_budget_is_refused(self):
        for state in ("approved_budget", "declined_budget"):
            with self.refused(ValidationError) as caught:
                self.new_devinculation(state=state, budget_amount=-1000.0)
            self.assertIn("greater than zero", caught.exception.name)

    def test_amount_with_a_status_without_budget_is_refused(self):
        for state in ("blank", "approved", "declined"):
            with self.refused(ValidationError) as caught:
                self.new_devinculation(state=state, budget_amount=5000.0)
            self.assertIn("has no budget", caught.exception.name)
        with self.refused(ValidationError):
            self.new_devinculation(budget_amount=5000.0)

    def test_writing_a_budget_status_later_needs_the_amount(self):
        devinculation = self.new_devinculation()
        with self.refused(ValidationError):
            devinculation.write({"state": "approved_budget"})
        with self.refused(ValidationError):
            devinculation.write({"budget_amount": 1000.0})
        self.assertEqual((devinculation.state, devinculation.budget_amount), ("blank", 0.0))
        devinculation.write({"state": "declined_budget", "budget_amount": 70000.0})
        self.assertEqual(devinculation.state, "declined_budget")

    def test_leaving_a_budget_status_needs_the_amount_cleared(self):
        devinculation = self.new_devinculation(state="approved_budget", budget_amount=50000.0)
        with self.refused(ValidationError):
            devinculation.write({"state": "approved"})
        with self.refused(ValidationError):
            devinculation.write({"budget_amount": 0.0})
        with self.refused(ValidationError):
            devinculation.write({"budget_amount": -5.0})
        devinculation.write({"budget_amount": 40000.0})
        self.assertEqual(devinculation.budget_amount, 40000.0)
        devinculation.write({"state": "approved", "budget_amount": 0.0})
        self.assertEqual((devinculation.state, devinculation.budget_amount), ("approved", 0.0))

    def test_choosing_a_status_without_budget_on_the_card_clears_the_amount(self):
        devinculation = self.Devinculation.new({"state": "approved_budget", "budget_amount": 50000.0})
        devinculation._onchange_state()
        self.assertEqual(devinculation.budget_amount, 50000.0)
        devinculation.state = "declined"
        devinculation._onchange_state()
        self.assertEqual(devinculation.budget_amount, 0.0)
