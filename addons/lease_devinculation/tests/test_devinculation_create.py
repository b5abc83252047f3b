"""Creating devinculations from the claim card and the insurance contract card."""
import datetime

from odoo import fields
from odoo.exceptions import UserError

from .common import DevinculationCase


class TestDevinculationCreate(DevinculationCase):

    def assert_opens_card(self, action, devinculation):
        self.assertEqual(action["type"], "ir.actions.act_window")
        self.assertEqual(action["res_model"], "lease.devinculation")
        self.assertEqual(action["res_id"], devinculation.id)
        self.assertEqual(action["view_mode"], "form")
        form = self.env.ref("lease_devinculation.lease_devinculation_view_form")
        self.assertEqual([tuple(view) for view in action["views"]], [(form.id, "form")])
        self.assertNotIn(None, action.values(), "an XML-RPC client could not receive the action")

    def test_created_from_the_claim_card_fills_the_three_links_and_opens_it(self):
        before = self.Devinculation.search([])
        action = self.claim.action_create_devinculation()
        devinculation = self.Devinculation.search([]) - before
        self.assertEqual(len(devinculation), 1)
        self.assert_opens_card(action, devinculation)
        self.assertEqual(devinculation.claim_id, self.claim)
        self.assertEqual(devinculation.insurance_contract_id, self.insurance)
        self.assertEqual(devinculation.financing_contract_id, self.financing)
        self.assertEqual(devinculation.company_id, self.insurance.company_id)
        self.assertEqual(devinculation.insurer_id, self.insurer)
        self.assertEqual(devinculation.partner_id, self.customer)
        self.assertEqual(devinculation.financed_object_id, self.object)
        self.assertEqual(devinculation.license_plate, "9TS 1111")
        self.assertEqual(devinculation.vin, "TSTVIN0000000001X")

    def test_defaults_of_a_new_devinculation(self):
        devinculation = self.Devinculation.browse(self.claim.action_create_devinculation()["res_id"])
        year = datetime.date.today().year
        self.assertRegex(devinculation.name, r"^DV/%d/\d{5}$" % year)
        self.assertEqual(devinculation.date, fields.Date.context_today(devinculation))
        self.assertEqual(devinculation.state, "blank")
        self.assertEqual(devinculation.budget_amount, 0.0)
        self.assertFalse(devinculation.sent_to_partner_id)
        self.assertEqual(devinculation.currency_id, self.company.currency_id)

    def test_numbers_come_from_the_sequence(self):
        first = self.new_devinculation()
        second = self.new_devinculation()
        self.assertNotEqual(first.name, second.name)
        self.assertEqual(int(second.name.rsplit("/", 1)[1]), int(first.name.rsplit("/", 1)[1]) + 1)
        explicit = self.new_devinculation(name="/")
        self.assertTrue(explicit.name.startswith("DV/"))

    def test_date_is_editable(self):
        devinculation = self.new_devinculation(date="2026-01-15")
        self.assertEqual(devinculation.date, "2026-01-15")
        devinculation.date = "2026-02-01"
        self.assertEqual(devinculation.date, "2026-02-01")

    def test_created_from_the_insurance_contract_card(self):
        action = self.insurance_glass.action_create_devinculation()
        devinculation = self.Devinculation.browse(action["res_id"])
        self.assert_opens_card(action, devinculation)
        self.assertEqual(devinculation.insurance_contract_id, self.insurance_glass)
        self.assertEqual(devinculation.financing_contract_id, self.financing)
        self.assertFalse(devinculation.claim_id)
        self.assertEqual(devinculation.insurer_id, self.insurer2)
        self.assertEqual(devinculation.state, "blank")

    def test_claim_without_insurance_contract_is_refused_clearly(self):
        claim = self.Claim.create({"claim_type_id": self.type_crash.id})
        with self.refused(UserError) as caught:
            claim.action_create_devinculation()
        self.assertIn("no insurance contract", caught.exception.name)
        self.assertIn(claim.name, caught.exception.name)

    def test_the_claim_alone_fills_the_contracts(self):
        devinculation = self.Devinculation.create({"claim_id": self.claim.id})
        self.assertEqual(devinculation.insurance_contract_id, self.insurance)
        self.assertEqual(devinculation.financing_contract_id, self.financing)

    def test_the_financing_contract_defaults_from_the_insurance_contract(self):
        devinculation = self.Devinculation.create({"insurance_contract_id": self.insurance_machine.id})
        self.assertEqual(devinculation.financing_contract_id, self.financing2)
        self.assertEqual(devinculation.financed_object_id, self.machine)

    def test_a_claim_given_as_default_fills_the_contracts(self):
        devinculation = self.Devinculation.with_context(default_claim_id=self.claim.id).create({})
        self.assertEqual(devinculation.insurance_contract_id, self.insurance)
        self.assertEqual(devinculation.financing_contract_id, self.financing)

    def test_default_context_of_the_smart_button_list(self):
        action = self.claim.action_view_devinculations()
        devinculation = self.Devinculation.with_context(**action["context"]).create({})
        self.assertEqual(devinculation.claim_id, self.claim)
        self.assertEqual(devinculation.insurance_contract_id, self.insurance)
        self.assertEqual(devinculation.financing_contract_id, self.financing)
        action = self.insurance_machine.action_view_devinculations()
        devinculation = self.Devinculation.with_context(**action["context"]).create({})
        self.assertEqual(devinculation.insurance_contract_id, self.insurance_machine)
        self.assertEqual(devinculation.financing_contract_id, self.financing2)
        self.assertFalse(devinculation.claim_id)

    def test_many_devinculations_per_insurance_contract_and_the_counts(self):
        from_claim = self.Devinculation.browse(self.claim.action_create_devinculation()["res_id"])
        other_claim = self.new_claim()
        from_other_claim = self.Devinculation.browse(other_claim.action_create_devinculation()["res_id"])
        from_contract = self.Devinculation.browse(self.insurance.action_create_devinculation()["res_id"])
        also_from_claim = self.new_devinculation()
        mine = from_claim | from_other_claim | from_contract | also_from_claim
        self.assertEqual(len(mine), 4)
        self.assertEqual(set(mine.mapped("insurance_contract_id")), {self.insurance})
        self.assertEqual(self.insurance.devinculation_count, 4)
        self.assertEqual(self.insurance.devinculation_ids, mine)
        self.assertEqual(self.claim.devinculation_count, 2)
        self.assertEqual(other_claim.devinculation_count, 1)
        self.assertEqual(self.insurance_glass.devinculation_count, 0)
        self.assertEqual(self.new_claim().devinculation_count, 0)

        action = self.insurance.action_view_devinculations()
        self.assertEqual(action["res_model"], "lease.devinculation")
        self.assertEqual(self.Devinculation.search(action["domain"]), mine)
        action = self.claim.action_view_devinculations()
        self.assertEqual(self.Devinculation.search(action["domain"]), from_claim | also_from_claim)

    def test_onchanges_of_the_card(self):
        devinculation = self.Devinculation.new({})
        devinculation.claim_id = self.claim
        devinculation._onchange_claim_id()
        self.assertEqual(devinculation.insurance_contract_id, self.insurance)
        self.assertEqual(devinculation.financing_contract_id, self.financing)
        devinculation.insurance_contract_id = self.insurance_machine
        devinculation._onchange_insurance_contract_id()
        self.assertEqual(devinculation.financing_contract_id, self.financing2)
        self.assertFalse(devinculation.claim_id, "a claim of another contract does not stay on the card")

    def test_chatter_records_status_changes(self):
        devinculation = self.new_devinculation()
        devinculation.write({"state": "approved"})
        devinculation.write({"state": "approved_budget", "budget_amount": 50000.0})
        values = self.env["mail.tracking.value"].search([
            ("mail_message_id", "in", devinculation.message_ids.ids), ("field", "=", "state")])
        changes = {(value.old_value_char, value.new_value_char) for value in values}
        self.assertIn(("Blank", "Approved"), changes)
        self.assertIn(("Approved", "Approve with Budget"), changes)
