"""Who may read, record and delete devinculations; one company's records stay its own."""
from odoo.exceptions import AccessError
from odoo.tools import mute_logger

from .common import DevinculationCase


class TestDevinculationSecurity(DevinculationCase):

    @classmethod
    def setUpClass(cls):
        super(TestDevinculationSecurity, cls).setUpClass()
        cls.handler = cls.make_user("tst_dv_handler", ["lease_insurance_claim.group_claim_user"])
        cls.auditor = cls.make_user("tst_dv_auditor", ["lease_insurance_claim.group_claim_readonly"])
        cls.manager = cls.make_user("tst_dv_manager", ["lease_insurance_claim.group_claim_manager"])
        cls.outsider = cls.make_user("tst_dv_outsider", ["base.group_user"])
        cls.devinculation = cls.new_devinculation()

    def test_access_rows_for_the_three_groups(self):
        access = self.env["ir.model.access"].search([("model_id.model", "=", "lease.devinculation")])
        by_group = {row.group_id: (row.perm_read, row.perm_write, row.perm_create, row.perm_unlink)
                    for row in access}
        ref = self.env.ref
        self.assertEqual(by_group, {
            ref("lease_insurance_claim.group_claim_readonly"): (True, False, False, False),
            ref("lease_insurance_claim.group_claim_user"): (True, True, True, False),
            ref("lease_insurance_claim.group_claim_manager"): (True, True, True, True),
        })

    def test_readonly_user_reads_but_cannot_create_write_or_delete(self):
        devinculation = self.devinculation.sudo(self.auditor)
        self.assertEqual(devinculation.name, self.devinculation.name)
        self.assertTrue(devinculation.read(["insurance_contract_id", "claim_id", "state", "sent_to_partner_id"]))
        self.assertEqual(self.claim.sudo(self.auditor).devinculation_count, 1)
        with self.refused(AccessError):
            self.Devinculation.sudo(self.auditor).create({"claim_id": self.claim.id})
        with self.refused(AccessError):
            self.claim.sudo(self.auditor).action_create_devinculation()
        with self.refused(AccessError):
            self.insurance.sudo(self.auditor).action_create_devinculation()
        with self.refused(AccessError):
            devinculation.write({"state": "approved"})
        with self.refused(AccessError):
            devinculation.unlink()

    def test_claim_handler_creates_and_edits_but_does_not_delete(self):
        action = self.claim.sudo(self.handler).action_create_devinculation()
        devinculation = self.Devinculation.sudo(self.handler).browse(action["res_id"])
        self.assertEqual(devinculation.insurance_contract_id, self.insurance)
        devinculation.write({"state": "approved_budget", "budget_amount": 30000.0,
                             "sent_to_partner_id": self.garage_contact.id})
        self.assertEqual(devinculation.create_uid, self.handler)
        with self.refused(AccessError):
            devinculation.unlink()
        devinculation.sudo(self.manager).unlink()
        self.assertFalse(devinculation.exists())

    def test_user_without_insurance_group_sees_nothing(self):
        with self.refused(AccessError):
            self.devinculation.sudo(self.outsider).read(["name"])

    def test_record_rule_exists(self):
        rules = self.env["ir.rule"].search([("model_id.model", "=", "lease.devinculation")])
        self.assertTrue(any("company_id" in rule.domain_force for rule in rules))

    @mute_logger("odoo.addons.base.ir.ir_model")
    def test_another_companys_devinculations_stay_hidden(self):
        other = self.env["res.company"].create({"name": "TST Druhá leasingová a.s."})
        foreign_contract = self.env["lease.insurance.contract"].create({
            "name": "TST-PS-CIZI", "insurer_id": self.insurer.id, "company_id": other.id})
        foreign = self.Devinculation.create({"insurance_contract_id": foreign_contract.id})
        self.assertEqual(foreign.company_id, other, "the company follows the insurance contract")
        mine = self.Devinculation.sudo(self.handler).search([("id", "in", [foreign.id, self.devinculation.id])])
        self.assertEqual(mine, self.devinculation.sudo(self.handler))
        with self.refused(AccessError):
            foreign.sudo(self.handler).read(["name"])
        other_handler = self.make_user("tst_dv_other_handler", ["lease_insurance_claim.group_claim_user"],
                                       company=other)
        theirs = self.Devinculation.sudo(other_handler).search([("id", "in", [foreign.id, self.devinculation.id])])
        self.assertEqual(theirs, foreign.sudo(other_handler))
        self.assertEqual(foreign_contract.sudo(other_handler).devinculation_count, 1)
