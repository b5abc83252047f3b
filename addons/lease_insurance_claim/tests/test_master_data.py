from lxml import etree

from .common import ClaimCase


class TestInsuranceContractSearch(ClaimCase):

    def found(self, text, **kwargs):
        return [row[0] for row in self.env["lease.insurance.contract"].name_search(text, **kwargs)]

    def test_name_search_by_every_column_of_the_selection_list(self):
        for text in ("TST-PS-8060001", "Pojišťovna Alfa", "TSTPROD", "TSTVAR", "TSTCOV", "TSTVIN0000000001X",
                     "9TS 1111", "Stavební firma", "TST-LS-0001"):
            self.assertIn(self.insurance.id, self.found(text), text)
        self.assertNotIn(self.insurance.id, self.found("TSTSTROJE"))
        self.assertEqual(self.found("TSTSERIAL-77"), [], "serial numbers are not a column of the list")

    def test_name_search_respects_the_domain_of_the_claim_field(self):
        """The claim form restricts the contracts to its object (created from an object)."""
        domain = [("financed_object_id", "=?", self.object.id)]
        found = self.found("TST-PS", args=domain)
        self.assertIn(self.insurance.id, found)
        self.assertIn(self.insurance_glass.id, found)
        self.assertNotIn(self.insurance_machine.id, found)
        everything = self.found("TST-PS", args=[("financed_object_id", "=?", False)])
        self.assertIn(self.insurance_machine.id, everything)

    def test_name_search_with_a_negative_operator(self):
        found = self.found("TST-PS-8060001", operator="not ilike", args=[("name", "like", "TST-PS")])
        self.assertNotIn(self.insurance.id, found)
        self.assertIn(self.insurance_glass.id, found)

    def test_claim_form_restricts_and_lists_contracts_with_the_search_columns(self):
        arch = etree.fromstring(self.env["lease.insurance.claim"].fields_view_get(view_type="form")["arch"])
        field = arch.xpath("//field[@name='insurance_contract_id']")[0]
        self.assertEqual(field.get("domain"), "[('financed_object_id', '=?', financed_object_id)]")
        self.assertIn("lease_insurance_contract_view_tree_select", field.get("context"))
        tree = self.env.ref("lease_insurance_claim.lease_insurance_contract_view_tree_select")
        for column in ("name", "insurer_id", "product_code", "license_plate", "vin", "partner_id"):
            self.assertIn('name="%s"' % column, tree.arch)

    def test_other_name_searches(self):
        self.assertIn(self.object.id, [r[0] for r in self.env["lease.financed.object"].name_search("9TS 11")])
        self.assertIn(self.machine.id, [r[0] for r in self.env["lease.financed.object"].name_search("SERIAL-77")])
        self.assertIn(self.financing.id,
                      [r[0] for r in self.env["lease.financing.contract"].name_search("Stavební firma")])
        self.assertIn(self.status_theft.id,
                      [r[0] for r in self.env["lease.financing.contract.status"].name_search("TST-UKKR")])
        self.assertIn(self.type_theft.id, [r[0] for r in self.env["lease.insurance.claim.type"].name_search("KRA")])
        self.assertIn(self.assessor.id, [r[0] for r in self.env["lease.insurance.assessor"].name_search("Alfa")])


class TestSmartButtons(ClaimCase):

    def test_claims_from_an_object_start_with_the_object_and_its_contract(self):
        action = self.object.action_view_claims()
        self.assertEqual(action["domain"], [("financed_object_id", "=", self.object.id)])
        Claim = self.Claim.with_context(**action["context"])
        defaults = Claim.default_get(list(self.Claim._fields))
        self.assertEqual(defaults["financed_object_id"], self.object.id)
        self.assertEqual(defaults["financing_contract_id"], self.financing.id)
        claim = Claim.create({})
        self.assertEqual(claim.vin, "TSTVIN0000000001X")
        self.assertEqual(claim.license_plate, "9TS 1111")
        self.assertEqual(claim.partner_id, self.customer)
        self.assertEqual(self.object.claim_count, 1)

    def test_new_claim_form_from_an_object_runs_the_onchanges(self):
        """What the web client does on "Create" from the object's Claims button."""
        action = self.object.action_view_claims()
        Claim = self.Claim.with_context(**action["context"])
        specs = Claim._onchange_spec()
        values = Claim.default_get(list(self.Claim._fields))
        values.update({name: False for name in specs if "." not in name and name not in values})
        result = Claim.onchange(values, [], specs)["value"]
        self.assertEqual(result["financed_object_name"], "TST Škoda Octavia")
        self.assertEqual(result["vin"], "TSTVIN0000000001X")
        self.assertEqual(result["customer_name"], "TST Stavební firma s.r.o.")

    def test_counts_and_actions_of_contracts_and_customer(self):
        self.new_claim()
        self.new_claim(insurance_contract_id=self.insurance_glass.id)
        self.new_claim(insurance_contract_id=self.insurance_machine.id)
        self.assertEqual(self.financing.claim_count, 2)
        self.assertEqual(self.insurance.claim_count, 1)
        self.assertEqual(self.insurance_glass.claim_count, 1)
        self.assertEqual(self.customer.lease_claim_count, 2)
        self.assertEqual(self.contact.lease_claim_count, 2, "a contact shows its company's claims")
        action = self.insurance.action_view_claims()
        self.assertEqual(action["context"]["default_insurance_contract_id"], self.insurance.id)
        claim = self.Claim.with_context(**action["context"]).create({})
        self.assertEqual(claim.product_code, "TSTPROD")
        self.assertEqual(self.financing.action_view_claims()["context"]["default_financing_contract_id"],
                         self.financing.id)
        self.assertEqual(self.customer.action_view_lease_claims()["context"]["default_partner_id"],
                         self.customer.id)

    def test_current_financing_contract_prefers_a_running_contract(self):
        ended = self.env["lease.financing.contract"].create({
            "name": "TST-LS-NEW-ENDED", "partner_id": self.customer.id, "financed_object_id": self.object.id,
            "detailed_status_id": self.status_theft.id, "date_start": "2030-01-01"})
        self.assertEqual(self.object.current_financing_contract_id, self.financing)
        self.assertNotEqual(self.object.current_financing_contract_id, ended)

    def test_fleet_vehicle_fills_vin_and_plate(self):
        brand = self.env["fleet.vehicle.model.brand"].create({"name": "TST značka"})
        model = self.env["fleet.vehicle.model"].create({"name": "TST model", "brand_id": brand.id})
        vehicle = self.env["fleet.vehicle"].create({
            "model_id": model.id, "license_plate": "7TS 7777", "vin_sn": "TSTVIN77777777777", "model_year": "2024"})
        obj = self.env["lease.financed.object"].new({"vehicle_id": vehicle.id})
        obj._onchange_vehicle_id()
        self.assertEqual((obj.vin, obj.license_plate, obj.manufacture_year), ("TSTVIN77777777777", "7TS 7777", 2024))
        created = self.env["lease.financed.object"].create({"vehicle_id": vehicle.id})
        self.assertEqual((created.vin, created.license_plate), ("TSTVIN77777777777", "7TS 7777"))
        self.assertTrue(created.name)
        self.assertRegex(created.ref, r"^PF\d{6}$")

    def test_claim_list_count_is_capped_for_big_tables(self):
        for _index in range(3):
            self.new_claim()
        total = self.Claim.search_count([])
        self.assertGreaterEqual(total, 3)
        self.assertEqual(self.Claim.with_context(lease_count_limit=2).search_count([]), 2)
        self.assertEqual(self.Claim.with_context(lease_count_limit=True).search_count([]), total)
        action = self.env.ref("lease_insurance_claim.lease_insurance_claim_action")
        self.assertIn("lease_count_limit", action.context)
