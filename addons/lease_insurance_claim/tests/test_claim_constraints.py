from odoo.exceptions import ValidationError
from odoo.tools import mute_logger

from .common import ClaimCase, days_ago


class TestClaimConstraints(ClaimCase):

    @mute_logger("odoo.sql_db")
    def test_insurer_claim_no_refuses_anything_but_digits_on_create(self):
        for value in ("12A4", "12 34", "12-34", "PU1234", "1234 ", "12.34"):
            with self.assertRaises(ValidationError) as caught:
                self.new_claim(insurer_claim_no=value)
            self.assertIn("digits only", caught.exception.name)
            self.assertIn(value, caught.exception.name)

    @mute_logger("odoo.sql_db")
    def test_insurer_claim_no_refuses_anything_but_digits_on_write(self):
        claim = self.new_claim(insurer_claim_no="4711")
        for value in ("12A4", " 4711", "47 11"):
            with self.assertRaises(ValidationError), self.cr.savepoint():
                claim.write({"insurer_claim_no": value})
            claim.invalidate_cache()
            self.assertEqual(claim.insurer_claim_no, "4711")

    def test_insurer_claim_no_accepts_digits_and_empty(self):
        claim = self.new_claim(insurer_claim_no="0012345")
        self.assertEqual(claim.insurer_claim_no, "0012345")
        claim.write({"insurer_claim_no": False})
        self.assertFalse(claim.insurer_claim_no)

    def test_evidence_date_cannot_precede_event_date(self):
        with self.assertRaises(ValidationError) as caught:
            self.new_claim(event_date=days_ago(5), evidence_date=days_ago(6))
        self.assertIn("cannot be earlier", caught.exception.name)
        claim = self.new_claim(event_date=days_ago(5), evidence_date=days_ago(5))
        with self.assertRaises(ValidationError):
            claim.write({"evidence_date": days_ago(10)})
        with self.assertRaises(ValidationError):
            claim.write({"event_date": days_ago(1)})

    def test_event_date_cannot_be_in_the_future(self):
        with self.assertRaises(ValidationError) as caught:
            self.new_claim(event_date=days_ago(-3), evidence_date=days_ago(-3))
        self.assertIn("future", caught.exception.name)

    def test_insurance_contract_must_cover_the_claims_object(self):
        with self.assertRaises(ValidationError) as caught:
            self.new_claim(insurance_contract_id=self.insurance.id, financed_object_id=self.machine.id)
        self.assertIn("TST-PS-8060001", caught.exception.name)

    def test_participation_values_of_an_insurance_contract(self):
        Insurance = self.env["lease.insurance.contract"]
        base = {"insurer_id": self.insurer.id}
        with self.assertRaises(ValidationError):
            Insurance.create(dict(base, name="TST-BAD-1", participation_percent=120.0))
        with self.assertRaises(ValidationError):
            Insurance.create(dict(base, name="TST-BAD-2", participation_abs=-1.0))
        with self.assertRaises(ValidationError):
            Insurance.create(dict(base, name="TST-BAD-3", participation_form="percent_min_max",
                                  participation_min=5000.0, participation_max=1000.0))

    def test_insurance_contract_object_matches_its_financing_contract(self):
        with self.assertRaises(ValidationError):
            self.env["lease.insurance.contract"].create({
                "name": "TST-BAD-4", "insurer_id": self.insurer.id, "financing_contract_id": self.financing.id,
                "financed_object_id": self.machine.id})

    def test_codes_of_statuses_and_types_are_unique(self):
        with self.assertRaises(ValidationError):
            self.env["lease.financing.contract.status"].create({"code": "TST-AKT", "name": "Duplicate"})
        with self.assertRaises(ValidationError):
            self.env["lease.insurance.claim.type"].create({"code": "TST-HAV", "name": "Duplicate"})
