import re

from odoo import fields

from .common import ClaimCase


class TestClaimDefaults(ClaimCase):

    def test_new_claim_defaults(self):
        handler = self.make_user("tst_defaults_handler", ["lease_insurance_claim.group_claim_user"])
        claim = self.Claim.sudo(handler).create({"claim_type_id": self.type_crash.id})
        self.assertEqual(claim.state, "new")
        self.assertEqual(claim.evidence_date, fields.Date.context_today(claim))
        self.assertEqual(claim.administrator_id, handler)
        self.assertEqual(claim.company_id, self.company)
        self.assertEqual(claim.settlement_method, "none")
        self.assertEqual(claim.settlement_form, "invoice")
        self.assertEqual(claim.currency_id, self.company.currency_id)

    def test_name_comes_from_the_sequence(self):
        first, second = self.new_claim(), self.new_claim()
        self.assertRegex(first.name, r"^PU/\d{4}/\d{5}$")
        self.assertNotEqual(first.name, second.name)
        number = lambda claim: int(re.search(r"(\d+)$", claim.name).group(1))  # noqa: E731
        self.assertEqual(number(second), number(first) + 1)

    def test_copy_gets_a_new_number_and_starts_new(self):
        claim = self.new_claim(insurer_claim_no="4711")
        claim.write({"state": "in_progress"})
        duplicate = claim.copy()
        self.assertNotEqual(duplicate.name, claim.name)
        self.assertEqual(duplicate.state, "new")
        self.assertFalse(duplicate.insurer_claim_no)

    def test_create_and_write_audit_fields_are_on_the_form(self):
        claim = self.new_claim()
        self.assertEqual(claim.create_uid, self.env.user)
        self.assertTrue(claim.create_date and claim.write_date)
        arch = self.Claim.fields_view_get(view_type="form")["arch"]
        for name in ("create_date", "create_uid", "write_date", "write_uid"):
            self.assertIn('name="%s"' % name, arch)

    def test_form_has_the_five_tabs_and_every_spec_field(self):
        arch = self.Claim.fields_view_get(view_type="form")["arch"]
        for tab in ("General", "Damage and Repair", "Insurance Indemnity Settlement", "Customer", "Object"):
            self.assertIn('string="%s"' % tab, arch)
        spec_fields = """name claim_type_id description insurer_text insurer_claim_no insurer_id
            insurance_contract_id product_code variant_code coverage_code financing_contract_id
            detailed_contract_status_id financed_object_id financed_object_name vin license_plate serial_no
            partner_id customer_name state change_contract_status event_date evidence_date estimated_damage
            damage_type administrator_id driver_id driver_name accident_description damage_description mileage
            police culprit culprit_insurance_contract culprit_insurer assessor_id settlement_method
            settlement_form vendor_id vendor_name approval_no repair_date expected_price participation_form
            participation_percent participation_abs participation_min participation_max expected_participation
            invoice_line_amount real_participation reduction_amount correction_amount total_correction
            reinvoiced_amount direct_reinvoiced_amount total_amount book_value indemnity_amount
            indemnity_amount_lcy contract_end_date object_removal_date wreck_price police_report_date
            fin_settlement_limit_date fin_settlement_date fin_settlement_sent_date fin_settlement_amount
            archive_date customer_registration_no customer_balance contract_balance contact_person_id
            contact_person_name""".split()
        for name in spec_fields:
            self.assertIn(name, self.Claim._fields, name)
            self.assertIn('name="%s"' % name, arch, name)
        selection = dict(self.Claim._fields["state"].selection)
        self.assertEqual(list(selection), ["new", "in_progress", "processed", "closed"])
        self.assertEqual(set(dict(self.Claim._fields["damage_type"].selection)), {"own", "foreign"})
        self.assertEqual(set(dict(self.Claim._fields["settlement_method"].selection)),
                         {"none", "leasing_account", "unblockage"})
        self.assertEqual(set(dict(self.Claim._fields["settlement_form"].selection)),
                         {"invoice", "budget", "residual_value"})
        self.assertEqual(set(dict(self.Claim._fields["participation_form"].selection)),
                         {"percent_min", "abs", "percent", "max", "percent_min_max"})
