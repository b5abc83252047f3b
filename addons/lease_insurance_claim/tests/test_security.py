from odoo.exceptions import AccessError
from odoo.tools import mute_logger

from .common import ClaimCase


class TestClaimSecurity(ClaimCase):

    @classmethod
    def setUpClass(cls):
        super(TestClaimSecurity, cls).setUpClass()
        cls.handler = cls.make_user("tst_sec_handler", ["lease_insurance_claim.group_claim_user"])
        cls.auditor = cls.make_user("tst_sec_auditor", ["lease_insurance_claim.group_claim_readonly"])
        cls.manager = cls.make_user("tst_sec_manager", ["lease_insurance_claim.group_claim_manager"])
        cls.outsider = cls.make_user("tst_sec_outsider", ["base.group_user"])
        cls.claim = cls.new_claim()

    def test_every_model_has_access_rows_for_the_three_groups(self):
        groups = {self.env.ref("lease_insurance_claim.group_claim_%s" % name)
                  for name in ("readonly", "user", "manager")}
        for model in ("lease.insurance.claim", "lease.insurance.claim.type", "lease.financing.contract.status",
                      "lease.financed.object", "lease.financing.contract", "lease.insurance.contract",
                      "lease.insurance.assessor"):
            access = self.env["ir.model.access"].search([("model_id.model", "=", model)])
            self.assertEqual(set(access.mapped("group_id")), groups, model)

    def test_readonly_user_reads_but_cannot_write_create_or_delete(self):
        claim = self.claim.sudo(self.auditor)
        self.assertEqual(claim.name, self.claim.name)
        self.assertTrue(claim.read(["vin", "partner_id", "financed_object_id", "insurer_id"]))
        with self.assertRaises(AccessError):
            claim.write({"description": "změna"})
        with self.assertRaises(AccessError):
            self.Claim.sudo(self.auditor).create({"claim_type_id": self.type_crash.id})
        with self.assertRaises(AccessError):
            claim.unlink()
        with self.assertRaises(AccessError):
            claim.action_set_in_progress()
        with self.assertRaises(AccessError):
            self.assessor.sudo(self.auditor).write({"phone": "1"})

    def test_readonly_user_can_open_the_linked_vehicle_and_asset(self):
        brand = self.env["fleet.vehicle.model.brand"].create({"name": "TST brand"})
        model = self.env["fleet.vehicle.model"].create({"name": "TST model", "brand_id": brand.id})
        vehicle = self.env["fleet.vehicle"].create({"model_id": model.id, "license_plate": "9TS 1111"})
        self.object.vehicle_id = vehicle
        self.assertTrue(self.object.sudo(self.auditor).vehicle_id.name_get())
        self.assertTrue(self.claim.sudo(self.auditor).object_vehicle_id.model_id.name_get())

    def test_handler_records_claims_but_cannot_configure(self):
        claim = self.Claim.sudo(self.handler).create({"insurance_contract_id": self.insurance.id})
        claim.write({"insurer_claim_no": "123"})
        self.assertEqual(claim.partner_id, self.customer)
        with self.assertRaises(AccessError):
            claim.unlink()
        claim.action_set_in_progress()
        with self.assertRaises(AccessError):
            self.type_crash.sudo(self.handler).write({"change_contract_status": True})
        with self.assertRaises(AccessError):
            self.env["lease.insurance.claim.type"].sudo(self.handler).create({"code": "X", "name": "X"})
        with self.assertRaises(AccessError):
            self.status_active.sudo(self.handler).write({"name": "X"})
        with self.assertRaises(AccessError):
            self.insurance.sudo(self.handler).write({"participation_percent": 1.0})
        with self.assertRaises(AccessError):
            self.financing.sudo(self.handler).write({"detailed_status_id": self.status_theft.id})
        assessor = self.env["lease.insurance.assessor"].sudo(self.handler).create({
            "name": "TST Nový likvidátor", "insurer_id": self.insurer.id})
        self.assertTrue(assessor.id)

    def test_manager_configures_types_and_statuses(self):
        claim_type = self.env["lease.insurance.claim.type"].sudo(self.manager).create({
            "code": "TST-MGR", "name": "Test manažer", "change_contract_status": True,
            "target_contract_status_id": self.status_theft.id})
        self.assertTrue(claim_type.change_contract_status)
        self.status_active.sudo(self.manager).write({"name": "Aktivní (upraveno)"})
        self.claim.sudo(self.manager).unlink()

    def test_user_without_insurance_group_sees_no_claims(self):
        with self.assertRaises(AccessError):
            self.claim.sudo(self.outsider).read(["name"])
        self.assertEqual(self.customer.sudo(self.outsider).lease_claim_count, 0)

    @mute_logger("odoo.addons.base.ir.ir_model")
    def test_multi_company_rule_hides_another_companys_claim(self):
        other = self.env["res.company"].create({"name": "TST Druhá leasingová a.s."})
        foreign_claim = self.Claim.create({"claim_type_id": self.type_crash.id, "company_id": other.id})
        foreign_object = self.env["lease.financed.object"].create({"name": "TST cizí", "company_id": other.id})
        handler_claims = self.Claim.sudo(self.handler).search([("id", "in", [foreign_claim.id, self.claim.id])])
        self.assertEqual(handler_claims, self.claim.sudo(self.handler))
        with self.assertRaises(AccessError):
            foreign_claim.sudo(self.handler).read(["name"])
        with self.assertRaises(AccessError):
            foreign_object.sudo(self.manager).read(["name"])
        other_handler = self.make_user("tst_sec_other_handler", ["lease_insurance_claim.group_claim_user"],
                                       company=other)
        self.assertEqual(self.Claim.sudo(other_handler).search([("id", "in", [foreign_claim.id, self.claim.id])]),
                         foreign_claim.sudo(other_handler))

    def test_record_rules_exist_for_company_data(self):
        for model in ("lease.insurance.claim", "lease.financed.object", "lease.financing.contract",
                      "lease.insurance.contract", "lease.insurance.assessor", "lease.insurance.claim.type",
                      "lease.financing.contract.status"):
            rules = self.env["ir.rule"].search([("model_id.model", "=", model)])
            self.assertTrue(any("company_id" in rule.domain_force for rule in rules), model)

    def test_admin_is_claim_manager(self):
        self.assertTrue(self.env.ref("base.user_root").has_group("lease_insurance_claim.group_claim_manager"))
