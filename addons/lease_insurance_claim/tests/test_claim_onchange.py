from .common import ClaimCase, days_ago

#: what choosing ``cls.insurance`` must put on the card
EXPECTED_FROM_INSURANCE = {
    "product_code": "TSTPROD", "variant_code": "TSTVAR", "coverage_code": "TSTCOV",
    "financed_object_name": "TST Škoda Octavia", "vin": "TSTVIN0000000001X", "license_plate": "9TS 1111",
    "customer_name": "TST Stavební firma s.r.o.", "customer_registration_no": "26001233",
    "participation_form": "percent_min", "participation_percent": 10.0, "participation_min": 5000.0,
    "participation_abs": 0.0, "participation_max": 0.0,
}


class TestClaimOnchange(ClaimCase):

    def assert_filled_from_insurance(self, claim):
        for name, value in EXPECTED_FROM_INSURANCE.items():
            self.assertEqual(claim[name], value, name)
        self.assertEqual(claim.insurer_id, self.insurer)
        self.assertEqual(claim.financing_contract_id, self.financing)
        self.assertEqual(claim.detailed_contract_status_id, self.status_active)
        self.assertEqual(claim.financed_object_id, self.object)
        self.assertEqual(claim.partner_id, self.customer)

    def test_onchange_insurance_contract_fills_the_card(self):
        claim = self.Claim.new({"insurance_contract_id": self.insurance.id})
        claim._onchange_insurance_contract_id()
        self.assert_filled_from_insurance(claim)

    def test_onchange_through_the_web_client_entry_point(self):
        """The form's onchange() call (what the browser does) returns the derived values."""
        specs = self.Claim._onchange_spec()
        values = {name: False for name in specs if "." not in name}
        values["insurance_contract_id"] = self.insurance.id
        result = self.Claim.onchange(values, "insurance_contract_id", specs)["value"]
        self.assertEqual(result["product_code"], "TSTPROD")
        self.assertEqual(result["vin"], "TSTVIN0000000001X")
        self.assertEqual(result["financing_contract_id"][0], self.financing.id)
        self.assertEqual(result["partner_id"][0], self.customer.id)
        self.assertEqual(result["customer_registration_no"], "26001233")

    def test_create_with_only_the_insurance_contract_fills_the_card(self):
        claim = self.Claim.create({"insurance_contract_id": self.insurance.id})
        self.assert_filled_from_insurance(claim)

    def test_create_keeps_values_given_explicitly(self):
        claim = self.Claim.create({"insurance_contract_id": self.insurance.id, "product_code": "OWN",
                                   "participation_percent": 20.0, "insurer_id": self.insurer2.id})
        self.assertEqual(claim.product_code, "OWN")
        self.assertEqual(claim.participation_percent, 20.0)
        self.assertEqual(claim.insurer_id, self.insurer2)
        self.assertEqual(claim.variant_code, "TSTVAR")

    def test_write_of_another_insurance_contract_refills_the_card(self):
        claim = self.new_claim(insurance_contract_id=self.insurance_machine.id)
        self.assertEqual(claim.serial_no, "TSTSERIAL-77")
        self.assertEqual(claim.partner_id, self.customer2)
        self.assertEqual(claim.participation_max, 9000.0)
        claim.write({"financed_object_id": self.object.id, "insurance_contract_id": self.insurance.id})
        self.assert_filled_from_insurance(claim)

    def test_object_without_insurance_contract_fills_object_contract_and_customer(self):
        claim = self.Claim.create({"financed_object_id": self.machine.id})
        self.assertEqual(claim.financed_object_name, "TST Traktor")
        self.assertEqual(claim.serial_no, "TSTSERIAL-77")
        self.assertFalse(claim.vin)
        self.assertEqual(claim.financing_contract_id, self.financing2)
        self.assertEqual(claim.partner_id, self.customer2)
        self.assertEqual(claim.customer_name, "TST Jan Zákazník")

    def test_onchange_object_clears_an_insurance_contract_of_another_object(self):
        claim = self.Claim.new({"insurance_contract_id": self.insurance.id})
        claim._onchange_insurance_contract_id()
        claim.financed_object_id = self.machine
        claim._onchange_financed_object_id()
        self.assertFalse(claim.insurance_contract_id)
        self.assertEqual(claim.serial_no, "TSTSERIAL-77")
        self.assertEqual(claim.financing_contract_id, self.financing2)

    def test_onchange_object_keeps_the_financing_contract_of_the_insurance_contract(self):
        older = self.env["lease.financing.contract"].create({
            "name": "TST-LS-OLD", "partner_id": self.customer.id, "financed_object_id": self.object.id,
            "date_start": days_ago(2000), "detailed_status_id": self.status_suspended.id})
        insurance = self.env["lease.insurance.contract"].create({
            "name": "TST-PS-OLD", "insurer_id": self.insurer.id, "financing_contract_id": older.id})
        claim = self.Claim.new({"insurance_contract_id": insurance.id})
        claim._onchange_insurance_contract_id()
        claim._onchange_financed_object_id()
        self.assertEqual(claim.financing_contract_id, older)
        self.assertEqual(claim.detailed_contract_status_id, self.status_suspended)

    def test_onchange_financing_contract_fills_object_and_customer(self):
        claim = self.Claim.new({"financing_contract_id": self.financing2.id})
        claim._onchange_financing_contract_id()
        self.assertEqual(claim.financed_object_id, self.machine)
        self.assertEqual(claim.partner_id, self.customer2)
        self.assertEqual(claim.customer_registration_no, "63421186")

    def test_insurer_text_gives_the_digits_and_stays_editable(self):
        claim = self.Claim.new({"insurer_text": "PU 2026-004512/01"})
        claim._onchange_insurer_text()
        self.assertEqual(claim.insurer_claim_no, "202600451201")
        created = self.new_claim(insurer_text="ALZ-2026 1187")
        self.assertEqual(created.insurer_claim_no, "20261187")
        created.write({"insurer_claim_no": "99"})
        self.assertEqual(created.insurer_claim_no, "99")
        self.assertEqual(created.insurer_text, "ALZ-2026 1187")
        explicit = self.new_claim(insurer_text="X-1", insurer_claim_no="555")
        self.assertEqual(explicit.insurer_claim_no, "555")

    def test_claim_type_sets_description_and_change_flag(self):
        claim = self.Claim.new({"claim_type_id": self.type_crash.id})
        claim._onchange_claim_type_id()
        self.assertEqual(claim.description, "Havárie (test)")
        self.assertFalse(claim.change_contract_status)
        created = self.new_claim(claim_type_id=self.type_theft.id)
        self.assertEqual(created.description, "Test krádež")
        self.assertTrue(created.change_contract_status)
        created.write({"claim_type_id": self.type_crash.id})
        self.assertEqual(created.description, "Havárie (test)")
        self.assertFalse(created.change_contract_status)

    def test_theft_and_total_loss_force_residual_value(self):
        claim = self.Claim.new({"claim_type_id": self.type_theft.id, "settlement_form": "invoice"})
        claim._onchange_claim_type_id()
        self.assertEqual(claim.settlement_form, "residual_value")
        claim.settlement_form = "budget"
        claim._onchange_settlement_form()
        self.assertEqual(claim.settlement_form, "residual_value")
        for claim_type in (self.type_theft, self.type_total_loss, self.type_total_loss_plain):
            created = self.new_claim(claim_type_id=claim_type.id, settlement_form="budget")
            self.assertEqual(created.settlement_form, "residual_value", claim_type.name)
            created.write({"settlement_form": "invoice"})
            self.assertEqual(created.settlement_form, "residual_value", claim_type.name)
        plain = self.new_claim(settlement_form="budget")
        self.assertEqual(plain.settlement_form, "budget")
        plain.write({"claim_type_id": self.type_total_loss_plain.id})
        self.assertEqual(plain.settlement_form, "residual_value")

    def test_partner_names_follow_the_chosen_contacts(self):
        claim = self.Claim.new({"driver_id": self.driver.id, "vendor_id": self.garage.id,
                                "contact_person_id": self.contact.id})
        claim._onchange_driver_id()
        claim._onchange_vendor_id()
        claim._onchange_contact_person_id()
        self.assertEqual((claim.driver_name, claim.vendor_name, claim.contact_person_name),
                         ("TST Řidič Beneš", "TST Autoservis", "TST Kontakt Horák"))
        created = self.new_claim(driver_id=self.driver.id, vendor_id=self.garage.id,
                                 contact_person_id=self.contact.id)
        self.assertEqual((created.driver_name, created.vendor_name, created.contact_person_name),
                         ("TST Řidič Beneš", "TST Autoservis", "TST Kontakt Horák"))
        created.write({"driver_id": False, "partner_id": self.customer2.id})
        self.assertFalse(created.driver_name)
        self.assertEqual(created.customer_name, "TST Jan Zákazník")
        claim._onchange_partner_id()
        self.assertFalse(claim.customer_name)

    def test_fin_settlement_limit_date_is_contract_end_plus_deadline(self):
        self.company.fin_settlement_deadline_days = 45
        claim = self.new_claim(contract_end_date="2026-01-10")
        self.assertEqual(claim.fin_settlement_limit_date, "2026-02-24")
        claim.contract_end_date = "2026-03-01"
        self.assertEqual(claim.fin_settlement_limit_date, "2026-04-15")
        claim.contract_end_date = False
        self.assertFalse(claim.fin_settlement_limit_date)


class TestBookValue(ClaimCase):

    @classmethod
    def setUpClass(cls):
        super(TestBookValue, cls).setUpClass()
        accounts = cls.env["account.account"].search(
            [("company_id", "=", cls.company.id), ("internal_type", "=", "other")], limit=3)
        journal = cls.env["account.journal"].search([("company_id", "=", cls.company.id)], limit=1)
        cls.asset = None
        if len(accounts) < 3 or not journal:
            return
        category = cls.env["account.asset.category"].create({
            "name": "TST vozidla", "journal_id": journal.id, "account_asset_id": accounts[0].id,
            "account_depreciation_id": accounts[1].id, "account_depreciation_expense_id": accounts[2].id,
            "method_number": 10, "method_period": 1})
        cls.asset = cls.env["account.asset.asset"].create({
            "name": "TST majetek", "category_id": category.id, "value": 100000.0, "salvage_value": 0.0,
            "date": "2020-01-01", "method_number": 10, "method_period": 1, "method_time": "number",
            "prorata": False})
        cls.object.asset_id = cls.asset

    def setUp(self):
        super(TestBookValue, self).setUp()
        if not self.asset:
            self.skipTest("the company has no chart of accounts for an asset category")

    def test_book_value_on_the_event_date_is_filled_once(self):
        self.assertEqual(len(self.asset.depreciation_line_ids), 10)
        claim = self.new_claim(event_date="2020-03-15", evidence_date="2020-03-16")
        # depreciations of 1 Jan, 1 Feb and 1 Mar are done by 15 March
        self.assertEqual(claim.book_value, 70000.0)
        claim.write({"event_date": "2020-05-20", "evidence_date": "2020-05-21"})
        self.assertEqual(claim.book_value, 70000.0, "filled once, then a plain field")
        claim.write({"book_value": 65000.0})
        self.assertEqual(claim.book_value, 65000.0)

    def test_onchange_book_value_follows_the_event_date_while_new(self):
        claim = self.Claim.new({"insurance_contract_id": self.insurance.id, "event_date": "2020-02-10"})
        claim._onchange_insurance_contract_id()
        claim._onchange_financed_object_id()
        self.assertEqual(claim.book_value, 80000.0)
        claim.event_date = "2020-06-10"
        claim._onchange_event_date()
        self.assertEqual(claim.book_value, 40000.0)

    def test_object_without_asset_leaves_book_value_empty(self):
        claim = self.new_claim(insurance_contract_id=self.insurance_machine.id)
        self.assertEqual(claim.book_value, 0.0)
