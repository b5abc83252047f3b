"""The claim, the insurance contract, the financing contract and the company
of a devinculation agree with each other."""
from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tools import mute_logger

from .common import DevinculationCase


class TestDevinculationConsistency(DevinculationCase):

    def test_claim_of_another_insurance_contract_is_refused(self):
        with self.refused(ValidationError) as caught:
            self.Devinculation.create({"claim_id": self.claim.id, "insurance_contract_id": self.insurance_glass.id})
        self.assertIn(self.claim.name, caught.exception.name)
        self.assertIn(self.insurance_glass.name, caught.exception.name)
        devinculation = self.Devinculation.create({"insurance_contract_id": self.insurance_machine.id})
        with self.refused(ValidationError):
            devinculation.write({"claim_id": self.claim.id, "insurance_contract_id": self.insurance_machine.id})

    def test_claim_without_insurance_contract_cannot_be_linked(self):
        claim = self.Claim.create({"claim_type_id": self.type_crash.id})
        with self.refused(ValidationError):
            self.Devinculation.create({"claim_id": claim.id, "insurance_contract_id": self.insurance.id})

    def test_linking_a_claim_later_moves_the_contracts_with_it(self):
        devinculation = self.Devinculation.create({"insurance_contract_id": self.insurance_machine.id})
        devinculation.write({"claim_id": self.claim.id})
        self.assertEqual(devinculation.insurance_contract_id, self.insurance)
        self.assertEqual(devinculation.financing_contract_id, self.financing)

    def test_financing_contract_other_than_the_insurance_contracts_is_refused(self):
        with self.refused(ValidationError) as caught:
            self.Devinculation.create({"insurance_contract_id": self.insurance.id,
                                       "financing_contract_id": self.financing2.id})
        self.assertIn(self.financing.name, caught.exception.name)
        self.assertIn(self.financing2.name, caught.exception.name)
        devinculation = self.new_devinculation()
        with self.refused(ValidationError):
            devinculation.write({"financing_contract_id": self.financing2.id})

    def test_changing_the_insurance_contract_takes_its_financing_contract(self):
        devinculation = self.Devinculation.create({"insurance_contract_id": self.insurance.id})
        devinculation.write({"insurance_contract_id": self.insurance_machine.id})
        self.assertEqual(devinculation.financing_contract_id, self.financing2)

    @mute_logger("odoo.sql_db")
    def test_insurance_contract_is_required(self):
        with self.refused(IntegrityError):
            self.Devinculation.create({"sent_to_partner_id": self.garage.id})

    def test_company_of_the_insurance_contract(self):
        other = self.env["res.company"].create({"name": "TST Jiná leasingová a.s."})
        with self.refused(ValidationError):
            self.Devinculation.create({"insurance_contract_id": self.insurance.id, "company_id": other.id})
        devinculation = self.new_devinculation()
        with self.refused(ValidationError):
            devinculation.write({"company_id": other.id})

    def test_the_claim_keeps_the_insurance_contract_of_its_devinculations(self):
        claim = self.new_claim()
        devinculation = self.Devinculation.create({"claim_id": claim.id})
        with self.refused(ValidationError) as caught:
            claim.write({"insurance_contract_id": self.insurance_glass.id})
        self.assertIn(devinculation.name, caught.exception.name)
        claim.write({"description": "TST jiný popis"})
        self.assertEqual(claim.insurance_contract_id, self.insurance)

    def test_the_insurance_contract_keeps_the_financing_contract_of_its_devinculations(self):
        devinculation = self.Devinculation.create({"insurance_contract_id": self.insurance_glass.id})
        with self.refused(ValidationError) as caught:
            self.insurance_glass.write({"financing_contract_id": self.financing2.id})
        self.assertIn(devinculation.name, caught.exception.name)
        refinanced = self.env["lease.financing.contract"].create({
            "name": "TST-LS-0003", "partner_id": self.customer.id, "financed_object_id": self.object.id})
        self.insurance.write({"financing_contract_id": refinanced.id})
        self.assertEqual(self.insurance.financing_contract_id, refinanced, "a contract without devinculations")

    def test_claim_or_contract_with_devinculations_cannot_be_deleted(self):
        claim = self.new_claim()
        devinculation = self.Devinculation.create({"claim_id": claim.id})
        with self.refused(UserError) as caught:
            claim.unlink()
        self.assertIn(devinculation.name, caught.exception.name)
        with self.refused(UserError):
            self.insurance.unlink()
        devinculation.unlink()
        claim.unlink()
        self.assertFalse(claim.exists())
