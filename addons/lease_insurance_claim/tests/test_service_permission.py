from odoo.exceptions import UserError, ValidationError

from .settlement_common import SettlementCase


class TestServicePermission(SettlementCase):

    @classmethod
    def setUpClass(cls):
        super(TestServicePermission, cls).setUpClass()
        cls.claim = cls.new_claim(vendor_id=cls.garage.id, mileage=48250)

    def odometers(self):
        return self.env["fleet.vehicle.odometer"].search([("vehicle_id", "=", self.vehicle.id)])

    def test_created_from_the_claim_card_with_its_vendor_and_mileage(self):
        action = self.claim.action_new_service_permission()
        self.assertEqual(action["res_model"], "lease.service.permission")
        permission = self.Permission.with_context(**action["context"]).create({})
        self.assertEqual((permission.claim_id, permission.vendor_id, permission.mileage),
                         (self.claim, self.garage, 48250))
        self.assertEqual(permission.state, "draft")
        self.assertTrue(permission.name.startswith("SP/"))
        # over RPC only the claim is given: vendor and mileage come from it too
        permission = self.Permission.create({"claim_id": self.claim.id})
        self.assertEqual((permission.vendor_id, permission.mileage), (self.garage, 48250))
        self.assertEqual(self.claim.permission_count, 2)
        self.assertEqual(self.claim.action_view_service_permissions()["domain"], [("claim_id", "=", self.claim.id)])
        new = self.Permission.new({"claim_id": self.claim.id})
        new._onchange_claim_id()
        self.assertEqual((new.vendor_id, new.mileage), (self.garage, 48250))

    def test_approval_gives_the_claim_its_number_and_one_odometer_record(self):
        permission = self.new_permission(self.claim, [(1000, 1000, 0, "none")])
        self.assertFalse(self.claim.approval_no)
        permission.action_approve()
        self.assertEqual(permission.state, "approved")
        self.assertTrue(permission.approval_no.startswith("SCH"))
        self.assertTrue(permission.approval_date)
        self.assertEqual(permission.approved_by_id, self.env.user)
        self.assertEqual(self.claim.approval_no, permission.approval_no)
        odometer = self.odometers()
        self.assertEqual(len(odometer), 1)
        self.assertEqual((odometer.value, odometer.date), (48250.0, permission.approval_date))
        self.assertEqual(permission.odometer_id, odometer)
        self.assertEqual(self.vehicle.odometer, 48250.0)
        # never twice for the same permission
        permission._record_odometer()
        with self.assertRaises(UserError):
            permission.action_approve()
        self.assertEqual(len(self.odometers()), 1)

    def test_an_approval_number_entered_beforehand_is_kept(self):
        permission = self.new_permission(self.claim, [(1000, 1000, 0, "none")], approval_no="KOOP-77/2026")
        permission.action_approve()
        self.assertEqual(self.claim.approval_no, "KOOP-77/2026")

    def test_no_odometer_without_vehicle_or_without_mileage(self):
        permission = self.new_permission(self.claim, [(1000, 1000, 0, "none")], mileage=0)
        permission.action_approve()
        self.assertFalse(permission.odometer_id)
        machine_claim = self.new_claim(insurance_contract_id=self.insurance_machine.id, mileage=1840)
        permission = self.new_permission(machine_claim, [(500, 500, 0, "none")])
        self.assertEqual(permission.mileage, 1840)
        permission.action_approve()
        self.assertFalse(permission.odometer_id)
        self.assertEqual(machine_claim.approval_no, permission.approval_no)
        self.assertFalse(self.odometers())

    def test_reset_to_draft_removes_the_odometer_record_and_the_claims_number(self):
        first = self.new_permission(self.claim, [(1000, 1000, 0, "none")], approval_no="A-1")
        first.action_approve()
        second = self.new_permission(self.claim, [(2000, 2000, 0, "none")], approval_no="A-2", mileage=48900)
        second.action_approve()
        self.assertEqual(self.claim.approval_no, "A-2")
        self.assertEqual(len(self.odometers()), 2)
        second_odometer = second.odometer_id
        second.action_reset_draft()
        self.assertEqual(second.state, "draft")
        self.assertFalse(second_odometer.exists())
        self.assertEqual(self.odometers(), first.odometer_id)
        self.assertEqual(self.claim.approval_no, "A-1", "falls back to the other approved permission")
        self.assertEqual(second.approval_no, "A-2", "kept for a new approval")
        first.action_reset_draft()
        self.assertFalse(self.claim.approval_no)
        self.assertFalse(self.odometers())
        second.action_approve()
        self.assertEqual(self.claim.approval_no, "A-2")
        self.assertEqual(len(self.odometers()), 1)
        with self.assertRaises(UserError):
            first.action_reset_draft()

    def test_reject_and_reset(self):
        permission = self.new_permission(self.claim, [(1000, 1000, 0, "none")])
        permission.action_reject()
        self.assertEqual(permission.state, "rejected")
        self.assertFalse(permission.odometer_id)
        self.assertFalse(self.claim.approval_no)
        with self.assertRaises(UserError):
            permission.action_approve()
        with self.assertRaises(UserError):
            permission.action_reject()
        permission.action_reset_draft()
        self.assertEqual(permission.state, "draft")

    def test_refusals(self):
        empty = self.Permission.create({"claim_id": self.claim.id})
        with self.assertRaises(UserError):
            empty.action_approve()
        with self.assertRaises(UserError):
            empty.write({"state": "approved"})
        with self.assertRaises(UserError):
            self.Permission.create({"claim_id": self.claim.id, "state": "approved"})
        with self.assertRaises(ValidationError):
            empty.write({"mileage": -5})
        approved = self.new_permission(self.claim, [(1000, 1000, 0, "none")])
        approved.action_approve()
        with self.assertRaises(UserError):
            approved.unlink()
        empty.unlink()

    def test_lines_of_an_approved_permission_are_read_only(self):
        permission = self.new_permission(self.claim, [(1000, 900, 0, "none")])
        line = permission.line_ids
        line.write({"purchase_price": 1100.0})
        permission.action_approve()
        with self.assertRaises(UserError) as caught:
            line.write({"purchase_price": 1.0})
        self.assertIn(permission.name, caught.exception.name)
        with self.assertRaises(UserError):
            line.write({"reinvoice_reason": "direct_client"})
        with self.assertRaises(UserError):
            self.Line.create({"permission_id": permission.id, "description": "navíc", "purchase_price": 5.0})
        with self.assertRaises(UserError):
            line.unlink()
        with self.assertRaises(UserError):
            permission.write({"line_ids": [(0, 0, {"description": "navíc"})]})
        with self.assertRaises(UserError):
            permission.write({"mileage": 1})
        with self.assertRaises(UserError):
            permission.write({"vendor_id": False})
        self.assertEqual(line.purchase_price, 1100.0)
        # rejected lines cannot change either, until the permission is reset
        rejected = self.new_permission(self.claim, [(500, 500, 0, "none")])
        rejected.action_reject()
        with self.assertRaises(UserError):
            rejected.line_ids.write({"purchase_price": 1.0})
        rejected.action_reset_draft()
        rejected.line_ids.write({"purchase_price": 1.0})
        self.assertEqual(rejected.line_ids.purchase_price, 1.0)

    def test_negative_prices_and_amounts_are_refused(self):
        permission = self.new_permission(self.claim, [(1000, 900, 100, "indemnity_reduction")])
        for field in ("purchase_price", "expected_price", "reinvoice_amount"):
            with self.assertRaises(ValidationError) as caught:
                with self.env.cr.savepoint():
                    permission.line_ids.write({field: -0.01})
            self.assertIn("negative", caught.exception.name)
            with self.assertRaises(ValidationError):
                with self.env.cr.savepoint():
                    self.new_permission(self.claim, [(-1 if field == "purchase_price" else 1,
                                                      -1 if field == "expected_price" else 1,
                                                      -1 if field == "reinvoice_amount" else 1, "none")])

    def test_reinvoice_method_follows_the_reason(self):
        permission = self.new_permission(self.claim, [(100, 100, 0, "none"), (200, 200, 50, "indemnity_reduction"),
                                                      (300, 300, 300, "direct_client")])
        self.assertEqual(permission.line_ids.mapped("reinvoice_method"), ["none", "settlement", "mass_invoice"])
        line = permission.line_ids[0]
        line.reinvoice_reason = "direct_client"
        self.assertEqual(line.reinvoice_method, "mass_invoice")
        self.assertEqual((permission.purchase_price_total, permission.expected_price_total,
                          permission.reinvoice_amount_total), (600.0, 600.0, 350.0))
        new = self.Line.new({"purchase_price": 700.0, "reinvoice_reason": "direct_client"})
        new._onchange_reinvoice_reason()
        self.assertEqual(new.reinvoice_amount, 700.0)

    def test_claim_user_approves_and_the_odometer_is_written_for_him(self):
        handler = self.make_user("tst_perm_handler", ["lease_insurance_claim.group_claim_user"])
        permission = self.new_permission(self.claim, [(1000, 1000, 0, "none")]).sudo(handler)
        permission.action_approve()
        self.assertEqual(len(self.odometers()), 1)
        auditor = self.make_user("tst_perm_auditor", ["lease_insurance_claim.group_claim_readonly"])
        self.assertEqual(permission.sudo(auditor).approval_no, permission.approval_no)
