from odoo.exceptions import ValidationError

from .settlement_common import SettlementCase


class TestIndemnity(SettlementCase):

    @classmethod
    def setUpClass(cls):
        super(TestIndemnity, cls).setUpClass()
        cls.claim = cls.new_claim()
        cls.foreign = cls.foreign_currency()

    def test_indemnity_in_company_currency(self):
        indemnity = self.Indemnity.create({"claim_id": self.claim.id, "amount": 61500.5, "reduction_amount": 800.0,
                                           "reduction_reason": "neuznaná práce lakýrníka"})
        self.assertEqual(indemnity.currency_id, self.company_currency)
        self.assertEqual(indemnity.amount_lcy, 61500.5)
        self.assertEqual(self.claim.indemnity_amount_lcy, 61500.5)
        self.assertEqual(self.claim.reduction_amount, 800.0)

    def test_foreign_indemnity_is_converted_at_the_rate_of_its_date(self):
        indemnity = self.Indemnity.create({"claim_id": self.claim.id, "currency_id": self.foreign.id,
                                           "date": "2015-03-15", "amount": 1000.0})
        self.assertEqual(indemnity.amount_lcy, 25000.0)
        indemnity.date = "2015-07-01"
        self.assertEqual(indemnity.amount_lcy, 25125.0, "the later rate")
        indemnity.date = "2015-05-31"
        self.assertEqual(indemnity.amount_lcy, 25000.0, "not the latest rate, the rate of the date")
        indemnity.write({"date": "2015-06-01", "amount": 0.2})
        self.assertEqual(indemnity.amount_lcy, 5.03, "5.025 rounded half-up")
        indemnity.amount = 12.34
        self.assertEqual(indemnity.amount_lcy, 310.04)
        self.assertEqual(self.claim.indemnity_amount, 12.34)
        self.assertEqual(self.claim.indemnity_amount_lcy, 310.04)

    def test_foreign_currency_without_a_rate_is_refused_with_a_clear_error(self):
        with self.assertRaises(ValidationError) as caught:
            with self.env.cr.savepoint():
                self.Indemnity.create({"claim_id": self.claim.id, "currency_id": self.foreign.id,
                                       "date": "2009-06-30", "amount": 1000.0})
        self.assertIn(self.foreign.name, caught.exception.name)
        self.assertIn("2009-06-30", caught.exception.name)
        rateless = self.env["res.currency"].create({"name": "TSX", "symbol": "T$", "rounding": 0.01})
        with self.assertRaises(ValidationError):
            with self.env.cr.savepoint():
                self.Indemnity.create({"claim_id": self.claim.id, "currency_id": rateless.id, "amount": 10.0})
        indemnity = self.Indemnity.create({"claim_id": self.claim.id, "currency_id": self.foreign.id,
                                           "date": "2015-03-15", "amount": 1000.0})
        with self.assertRaises(ValidationError):
            indemnity.write({"currency_id": rateless.id})
        self.assertEqual(self.claim.indemnity_amount_lcy, 25000.0)
        onchange = self.Indemnity.new({"claim_id": self.claim.id, "currency_id": rateless.id, "date": "2015-03-15"})
        self.assertIn("warning", onchange._onchange_rate_warning())
        fine = self.Indemnity.new({"claim_id": self.claim.id, "currency_id": self.foreign.id, "date": "2015-03-15"})
        self.assertFalse(fine._onchange_rate_warning())

    def test_negative_amounts_are_refused(self):
        for values in ({"amount": -1.0}, {"amount": 10.0, "reduction_amount": -1.0}):
            values["claim_id"] = self.claim.id
            with self.assertRaises(ValidationError):
                with self.env.cr.savepoint():
                    self.Indemnity.create(values)
