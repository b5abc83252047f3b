from odoo.exceptions import AccessError, UserError

from .common import ClaimCase


class TestClaimWorkflow(ClaimCase):

    def state_messages(self, claim):
        """(old, new) state values tracked in the claim's chatter."""
        values = claim.message_ids.mapped("tracking_value_ids").filtered(lambda v: v.field == "state")
        return {(value.old_value_char, value.new_value_char) for value in values}

    def test_plain_workflow_without_the_flag(self):
        claim = self.new_claim()
        self.assertTrue(claim.action_set_in_progress())
        self.assertEqual(claim.state, "in_progress")
        self.assertIs(claim.action_set_processed(), True)
        self.assertEqual(claim.state, "processed")
        self.assertEqual(self.financing.detailed_status_id, self.status_active)
        claim.action_close()
        self.assertEqual(claim.state, "closed")
        self.assertLessEqual({("New", "In Progress"), ("In Progress", "Processed"), ("Processed", "Closed")},
                             self.state_messages(claim))

    def test_plain_write_to_processed_without_the_flag(self):
        claim = self.new_claim()
        claim.write({"state": "processed"})
        self.assertEqual(claim.state, "processed")

    def test_transitions_out_of_order_are_refused(self):
        claim = self.new_claim()
        with self.assertRaises(UserError):
            claim.action_close()
        claim.action_set_in_progress()
        with self.assertRaises(UserError):
            claim.action_set_in_progress()
        claim.action_set_processed()
        with self.assertRaises(UserError):
            claim.action_set_processed()
        claim.action_close()
        claim.action_reset_new()
        self.assertEqual(claim.state, "new")

    def test_only_a_manager_reopens_a_closed_claim(self):
        handler = self.make_user("tst_wf_handler", ["lease_insurance_claim.group_claim_user"])
        claim = self.new_claim(state="closed")
        with self.assertRaises(UserError):
            claim.sudo(handler).action_reset_new()
        self.assertEqual(claim.state, "closed")
        claim.sudo(handler).write({"state": "processed"})
        claim.sudo(handler).action_reset_new()
        self.assertEqual(claim.state, "new")

    def test_only_new_claims_can_be_deleted(self):
        claim = self.new_claim(state="in_progress")
        with self.assertRaises(UserError):
            claim.unlink()
        self.new_claim().unlink()


class TestContractStatusWizard(ClaimCase):

    def open_wizard(self, claim):
        action = claim.action_set_processed()
        self.assertIsInstance(action, dict)
        self.assertEqual(action["res_model"], "lease.contract.status.wizard")
        self.assertEqual(claim.state, "new", "opening the wizard does not change the state")
        Wizard = self.env["lease.contract.status.wizard"].with_context(**action["context"])
        return Wizard.create({})

    def test_wizard_shows_contract_and_statuses(self):
        claim = self.new_claim(claim_type_id=self.type_theft.id)
        wizard = self.open_wizard(claim)
        self.assertEqual(wizard.claim_id, claim)
        self.assertEqual(wizard.financing_contract_id, self.financing)
        self.assertEqual(wizard.current_status_id, self.status_active)
        self.assertEqual(wizard.new_status_id, self.status_theft)
        from_active = self.env["lease.contract.status.wizard"].with_context(
            active_model="lease.insurance.claim", active_id=claim.id, active_ids=[claim.id]).create({})
        self.assertEqual((from_active.claim_id, from_active.new_status_id), (claim, self.status_theft))
        other_model = self.env["lease.contract.status.wizard"].with_context(
            active_model="res.partner", active_id=self.customer.id)
        self.assertFalse(other_model.default_get(["claim_id"]).get("claim_id"))

    def test_confirm_changes_the_contract_and_the_claim(self):
        claim = self.new_claim(claim_type_id=self.type_theft.id)
        wizard = self.open_wizard(claim)
        wizard.action_confirm()
        self.assertEqual(claim.state, "processed")
        self.assertEqual(self.financing.detailed_status_id, self.status_theft)
        self.assertEqual(claim.detailed_contract_status_id, self.status_theft)
        self.assertIn(("New", "Processed"), {(v.old_value_char, v.new_value_char)
                                             for v in claim.message_ids.mapped("tracking_value_ids")})
        self.assertTrue(any("TST-UKKR" in (body or "") for body in self.financing.message_ids.mapped("body")))

    def test_confirm_from_in_progress_with_another_status(self):
        claim = self.new_claim(claim_type_id=self.type_total_loss.id)
        claim.action_set_in_progress()
        wizard = self.env["lease.contract.status.wizard"].create({"claim_id": claim.id})
        self.assertEqual(wizard.new_status_id, self.status_loss)
        wizard.new_status_id = self.status_suspended
        wizard.action_confirm()
        self.assertEqual((claim.state, self.financing.detailed_status_id), ("processed", self.status_suspended))

    def test_cancel_leaves_the_claim_new(self):
        claim = self.new_claim(claim_type_id=self.type_theft.id)
        wizard = self.open_wizard(claim)
        self.assertEqual(wizard.action_cancel()["type"], "ir.actions.act_window_close")
        self.assertEqual(claim.state, "new")
        self.assertEqual(self.financing.detailed_status_id, self.status_active)

    def assert_failure_leaves_new(self, claim, wizard, expected_message):
        with self.assertRaises(UserError) as caught:
            wizard.action_confirm()
        self.assertIn(expected_message, caught.exception.name)
        self.assertIn("The claim stays New.", caught.exception.name)
        claim.invalidate_cache()
        self.assertEqual(claim.state, "new")

    def test_failure_without_a_financing_contract(self):
        claim = self.Claim.create({"claim_type_id": self.type_theft.id})
        wizard = self.open_wizard(claim)
        self.assert_failure_leaves_new(claim, wizard, "has no financing contract")

    def test_failure_without_a_new_status(self):
        claim = self.new_claim(claim_type_id=self.type_flag_no_target.id)
        wizard = self.open_wizard(claim)
        self.assertFalse(wizard.new_status_id)
        self.assert_failure_leaves_new(claim, wizard, "Choose the new detailed status")
        self.assertEqual(self.financing.detailed_status_id, self.status_active)

    def test_failure_with_a_contract_of_another_company(self):
        other = self.env["res.company"].create({"name": "TST Jiná leasingová a.s."})
        foreign = self.env["lease.financing.contract"].create({
            "name": "TST-FOREIGN", "partner_id": self.customer.id, "company_id": other.id,
            "detailed_status_id": self.status_active.id})
        claim = self.Claim.create({"claim_type_id": self.type_theft.id, "financing_contract_id": foreign.id})
        wizard = self.open_wizard(claim)
        self.assert_failure_leaves_new(claim, wizard, "belongs to the company")
        self.assertEqual(foreign.detailed_status_id, self.status_active)

    def test_failure_with_a_status_that_is_not_allowed(self):
        other = self.env["res.company"].create({"name": "TST Třetí leasingová a.s."})
        foreign_status = self.env["lease.financing.contract.status"].create({
            "code": "TST-X", "name": "Stav jiné společnosti", "company_id": other.id})
        claim = self.new_claim(claim_type_id=self.type_theft.id)
        wizard = self.open_wizard(claim)
        wizard.new_status_id = foreign_status
        self.assert_failure_leaves_new(claim, wizard, "cannot be used in the company")
        archived = self.env["lease.financing.contract.status"].create({
            "code": "TST-ARCH", "name": "Archivovaný", "active": False})
        wizard.new_status_id = archived
        self.assert_failure_leaves_new(claim, wizard, "cannot be used in the company")

    def test_failure_when_the_contract_is_already_terminated(self):
        self.financing.detailed_status_id = self.status_loss
        claim = self.new_claim(claim_type_id=self.type_theft.id)
        wizard = self.open_wizard(claim)
        self.assert_failure_leaves_new(claim, wizard, "already terminated")
        self.assertEqual(self.financing.detailed_status_id, self.status_loss)

    def test_wizard_refuses_a_claim_already_processed_or_unflagged(self):
        processed = self.new_claim(state="processed")
        with self.assertRaises(UserError):
            self.env["lease.contract.status.wizard"].create({
                "claim_id": processed.id, "new_status_id": self.status_theft.id}).action_confirm()
        plain = self.new_claim()
        with self.assertRaises(UserError):
            self.env["lease.contract.status.wizard"].create({
                "claim_id": plain.id, "new_status_id": self.status_theft.id}).action_confirm()
        self.assertEqual(plain.state, "new")
        self.assertEqual(self.financing.detailed_status_id, self.status_active)

    def test_direct_write_to_processed_is_refused_for_a_flagged_type(self):
        claim = self.new_claim(claim_type_id=self.type_theft.id)
        with self.assertRaises(UserError) as caught:
            claim.write({"state": "processed"})
        self.assertIn("contract-status wizard", caught.exception.name)
        # a context flag sent by a client does not open the door
        with self.assertRaises(UserError):
            claim.with_context(lease_claim_processed_by_wizard=True).write({"state": "processed"})
        with self.assertRaises(UserError):
            claim.write({"state": "processed", "claim_type_id": self.type_total_loss.id})
        with self.assertRaises(UserError):
            self.new_claim(claim_type_id=self.type_theft.id, state="processed")
        self.assertEqual(claim.state, "new")
        self.assertEqual(self.financing.detailed_status_id, self.status_active)

    def test_type_of_a_processed_claim_cannot_become_flagged(self):
        claim = self.new_claim(state="processed")
        with self.assertRaises(UserError):
            claim.write({"claim_type_id": self.type_theft.id})

    def test_several_flagged_claims_are_processed_one_at_a_time(self):
        claims = self.new_claim(claim_type_id=self.type_theft.id) | self.new_claim()
        with self.assertRaises(UserError):
            claims.action_set_processed()

    def test_readonly_user_cannot_confirm(self):
        auditor = self.make_user("tst_wiz_auditor", ["lease_insurance_claim.group_claim_readonly"])
        claim = self.new_claim(claim_type_id=self.type_theft.id)
        wizard = self.env["lease.contract.status.wizard"].sudo(auditor).create({"claim_id": claim.id})
        with self.assertRaises(AccessError):
            wizard.action_confirm()
        self.assertEqual(self.financing.detailed_status_id, self.status_active)

    def test_handler_processes_through_the_wizard_without_contract_rights(self):
        handler = self.make_user("tst_wiz_handler", ["lease_insurance_claim.group_claim_user"])
        claim = self.new_claim(claim_type_id=self.type_theft.id)
        action = claim.sudo(handler).action_set_processed()
        wizard = self.env["lease.contract.status.wizard"].sudo(handler).with_context(**action["context"]).create({})
        wizard.action_confirm()
        self.assertEqual(claim.state, "processed")
        self.assertEqual(self.financing.detailed_status_id, self.status_theft)
        with self.assertRaises(AccessError):
            self.financing.sudo(handler).write({"detailed_status_id": self.status_active.id})
