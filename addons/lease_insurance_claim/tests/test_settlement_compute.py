from odoo.exceptions import ValidationError

from .settlement_common import SettlementCase

FIGURES = ("invoice_line_amount", "expected_price", "reinvoiced_amount", "indemnity_amount", "indemnity_amount_lcy",
           "reduction_amount", "total_correction", "total_amount", "expected_participation")


class TestSettlementCompute(SettlementCase):
    """The stored settlement figures of the claim follow its lines,
    indemnities and inputs (SPEC 4.2)."""

    @classmethod
    def setUpClass(cls):
        super(TestSettlementCompute, cls).setUpClass()
        # 10 % with a minimum of 5,000 (from the insurance contract)
        cls.claim = cls.new_claim(estimated_damage=90000.0)

    def figures(self, claim=None):
        claim = claim or self.claim
        return {name: claim[name] for name in FIGURES}

    def assertFigures(self, **expected):
        figures = self.figures()
        self.assertEqual({name: figures[name] for name in expected}, expected)

    def test_fields_are_stored_computes(self):
        for name in FIGURES + ("approval_no",):
            field = self.Claim._fields[name]
            self.assertTrue(field.store and field.compute, name)

    def test_a_claim_without_lines_uses_the_estimate(self):
        self.assertFigures(invoice_line_amount=0.0, expected_price=0.0, total_amount=0.0,
                           expected_participation=9000.0)
        self.claim.estimated_damage = 30000.0
        self.assertEqual(self.claim.expected_participation, 5000.0, "the minimum")

    def test_totals_follow_the_service_permission_lines(self):
        permission = self.new_permission(self.claim, [(60000, 58000, 0, "none"),
                                                      (25000, 24000, 5000, "indemnity_reduction")])
        self.assertFigures(invoice_line_amount=85000.0, expected_price=82000.0, reinvoiced_amount=5000.0,
                           total_amount=85000.0, expected_participation=8500.0)
        # add a line
        line = self.Line.create({"permission_id": permission.id, "description": "přímá refakturace",
                                 "purchase_price": 15000.0, "expected_price": 15000.0, "reinvoice_amount": 15000.0,
                                 "reinvoice_reason": "direct_client"})
        self.assertFigures(invoice_line_amount=100000.0, expected_price=97000.0, reinvoiced_amount=20000.0,
                           expected_participation=10000.0)
        # change a price
        line.purchase_price = 14000.0
        self.assertFigures(invoice_line_amount=99000.0, total_amount=99000.0)
        # delete lines
        (line | permission.line_ids[0]).unlink()
        self.assertFigures(invoice_line_amount=25000.0, expected_price=24000.0, reinvoiced_amount=5000.0,
                           expected_participation=5000.0)
        # approve: lines of draft and approved permissions count
        permission.action_approve()
        self.assertFigures(invoice_line_amount=25000.0)
        # a second, rejected permission does not count
        rejected = self.new_permission(self.claim, [(7000, 7000, 0, "none")])
        self.assertFigures(invoice_line_amount=32000.0)
        rejected.action_reject()
        self.assertFigures(invoice_line_amount=25000.0, expected_price=24000.0, reinvoiced_amount=5000.0)
        rejected.action_reset_draft()
        self.assertFigures(invoice_line_amount=32000.0)
        rejected.unlink()
        self.assertFigures(invoice_line_amount=25000.0)
        # lines that sum to zero are lines: the base of the deductible is zero
        permission.action_reset_draft()
        permission.line_ids.write({"purchase_price": 0.0})
        self.assertFigures(invoice_line_amount=0.0, expected_participation=0.0)

    def test_totals_follow_the_indemnities_also_in_a_foreign_currency(self):
        foreign = self.foreign_currency()
        self.new_permission(self.claim, [(100000, 100000, 0, "none")])
        indemnity = self.Indemnity.create({"claim_id": self.claim.id, "amount": 50000.0, "reduction_amount": 2000.0})
        euro = self.Indemnity.create({"claim_id": self.claim.id, "currency_id": foreign.id, "date": "2015-03-15",
                                      "amount": 1000.0, "reduction_amount": 500.0})
        self.assertFigures(indemnity_amount=51000.0, indemnity_amount_lcy=75000.0, reduction_amount=2500.0,
                           total_correction=2500.0, total_amount=22500.0)
        euro.date = "2015-06-02"
        self.assertFigures(indemnity_amount_lcy=75125.0, total_amount=22375.0)
        euro.amount = 2000.0
        self.assertFigures(indemnity_amount=52000.0, indemnity_amount_lcy=100250.0, total_amount=-2750.0)
        (indemnity | euro).unlink()
        self.assertFigures(indemnity_amount=0.0, indemnity_amount_lcy=0.0, reduction_amount=0.0, total_amount=100000.0)

    def test_totals_follow_the_inputs_for_every_settlement_form(self):
        self.new_permission(self.claim, [(100000, 100000, 0, "none")])
        self.Indemnity.create({"claim_id": self.claim.id, "amount": 62000.0, "reduction_amount": 5000.0})
        self.claim.write({"real_participation": 10000.0, "correction_amount": 1000.0,
                          "direct_reinvoiced_amount": 15000.0, "book_value": 300000.0, "wreck_price": 40000.0})
        # 100,000 - 62,000 - 10,000 - 5,000 - 1,000 - 15,000
        self.assertFigures(total_correction=16000.0, total_amount=7000.0)
        self.claim.settlement_form = "budget"
        self.assertFigures(total_amount=7000.0)
        self.claim.settlement_form = "residual_value"
        # + 300,000 book value - 40,000 wreck
        self.assertFigures(total_amount=267000.0)
        self.claim.write({"book_value": 250000.5, "wreck_price": 0.0, "correction_amount": -999.5})
        self.assertFigures(total_correction=14000.5, total_amount=259000.0)

    def test_expected_participation_of_every_form(self):
        self.new_permission(self.claim, [(100000, 100000, 0, "none")])
        cases = [
            ({"participation_form": "percent", "participation_percent": 10.0}, 10000.0),
            ({"participation_form": "abs", "participation_abs": 7500.0}, 7500.0),
            ({"participation_form": "percent_min", "participation_min": 12000.0}, 12000.0),
            ({"participation_form": "max", "participation_max": 8000.0}, 8000.0),
            ({"participation_form": "percent_min_max", "participation_min": 5000.0,
              "participation_max": 8000.0}, 8000.0),
            ({"participation_form": "abs", "participation_abs": 150000.0}, 100000.0),
            ({"participation_form": False}, 0.0),
        ]
        for values, expected in cases:
            self.claim.write(dict({"participation_percent": 10.0, "participation_abs": 0.0, "participation_min": 0.0,
                                   "participation_max": 0.0}, **values))
            self.assertEqual(self.claim.expected_participation, expected, values)

    def test_rounding_is_half_up_at_the_currency_digits(self):
        self.new_permission(self.claim, [(100.04, 0, 0, "none")])
        self.claim.write({"participation_form": "percent", "participation_percent": 12.5})
        self.assertEqual(self.claim.expected_participation, 12.51, "12.505")
        self.claim.write({"real_participation": 0.1, "correction_amount": 0.2})
        self.assertEqual(self.claim.total_correction, 0.3)
        self.assertEqual(self.claim.total_amount, 99.74)

    def test_onchange_on_a_card_being_edited_uses_the_unsaved_indemnities(self):
        self.new_permission(self.claim, [(100000, 100000, 0, "none")])
        card = self.Claim.new({"insurance_contract_id": self.insurance.id, "estimated_damage": 1.0,
                               "permission_ids": [(6, 0, self.claim.permission_ids.ids)],
                               "indemnity_ids": [(0, 0, {"amount": 40000.0, "reduction_amount": 1000.0,
                                                         "currency_id": self.company_currency.id,
                                                         "date": "2026-01-05"})]})
        card._compute_settlement()
        self.assertEqual((card.invoice_line_amount, card.indemnity_amount_lcy, card.reduction_amount,
                          card.total_amount), (100000.0, 40000.0, 1000.0, 59000.0))

    def test_the_figures_of_many_claims_are_read_in_a_fixed_number_of_queries(self):
        ids = []
        for index in range(6):
            claim = self.new_claim(estimated_damage=1000.0 * index)
            self.new_permission(claim, [(1000.0 + index, 900.0, 0, "none"), (10.0, 10.0, 10.0, "direct_client")])
            self.Indemnity.create({"claim_id": claim.id, "amount": 500.0 + index})
            ids.append(claim.id)

        def queries(claim_ids):
            claims = self.Claim.browse(claim_ids)
            claims.invalidate_cache()
            before = self.env.cr.sql_log_count
            self.Claim._fields["total_amount"].compute_value(claims)
            return self.env.cr.sql_log_count - before

        self.assertEqual(queries(ids[:2]), queries(ids))
        self.assertEqual(self.Claim.browse(ids[5]).total_amount, 1015.0 - 505.0)

    def test_assessor_of_another_insurer_is_refused(self):
        other = self.env["lease.insurance.assessor"].create({"name": "TST Cizí likvidátor",
                                                            "insurer_id": self.insurer2.id})
        with self.assertRaises(ValidationError) as caught:
            self.claim.write({"assessor_id": other.id})
        self.assertIn(self.insurer.name, caught.exception.name)
        self.claim.write({"assessor_id": self.assessor.id})
        card = self.Claim.new({"insurer_id": self.insurer2.id, "assessor_id": self.assessor.id})
        card._onchange_insurer_id()
        self.assertFalse(card.assessor_id)
        # a new insurance contract of another insurer takes its assessor off the claim
        self.claim.write({"insurance_contract_id": self.insurance_glass.id})
        self.assertEqual(self.claim.insurer_id, self.insurer2)
        self.assertFalse(self.claim.assessor_id)
        self.claim.write({"assessor_id": other.id})
        self.assertEqual(self.claim.assessor_id, other)

    def test_damage_and_repair_names_follow_the_contacts(self):
        claim = self.new_claim(driver_id=self.driver.id, vendor_id=self.garage.id, culprit="Petr Dušek",
                               culprit_insurer="Česká podnikatelská pojišťovna", police="PČR OŘ Praha IV",
                               repair_date="2026-01-20", settlement_method="leasing_account")
        self.assertEqual((claim.driver_name, claim.vendor_name), ("TST Řidič Beneš", "TST Autoservis"))
        self.assertEqual(claim.settlement_form, "invoice")
        arch = self.Claim.fields_view_get(view_type="form")["arch"]
        for name in ("permission_ids", "indemnity_ids", "action_new_service_permission", "action_post_settlement"):
            self.assertIn(name, arch)
