"""The Czech translation (i18n/cs.po) really reaches the users."""
from odoo.exceptions import ValidationError
from odoo.modules.module import get_module_resource
from odoo.tools.translate import PoFile

from .common import ClaimCase


class TestCzechTranslation(ClaimCase):

    @classmethod
    def setUpClass(cls):
        super(TestCzechTranslation, cls).setUpClass()
        cls.env["ir.translation"].with_context(overwrite=True).load_module_terms(
            ["lease_insurance_claim"], ["cs_CZ"])
        cls.registry.clear_caches()
        cls.cs_env = cls.env(context=dict(cls.env.context, lang="cs_CZ"))

    def test_po_file_is_complete(self):
        path = get_module_resource("lease_insurance_claim", "i18n", "cs.po")
        with open(path, "rb") as handle:
            entries = list(PoFile(handle))
        self.assertGreater(len(entries), 300)
        missing = sorted({entry[3] for entry in entries if not entry[4].strip()})
        self.assertEqual(missing, [], "untranslated terms in cs.po")

    def test_field_labels_and_selections_in_czech(self):
        fields = self.cs_env["lease.insurance.claim"].fields_get(
            ["insurer_claim_no", "state", "settlement_form", "evidence_date", "vin"])
        self.assertEqual(fields["insurer_claim_no"]["string"], "Číslo pojistné události pojišťovny")
        self.assertEqual(fields["evidence_date"]["string"], "Datum evidence události")
        self.assertEqual(fields["vin"]["string"], "Číslo karosérie (VIN)")
        self.assertEqual(dict(fields["state"]["selection"])["new"], "Nová")
        self.assertEqual(dict(fields["settlement_form"]["selection"])["residual_value"],
                         "Účetní zůstatková hodnota")
        participation = self.cs_env["lease.insurance.contract"].fields_get(["participation_form"])
        self.assertEqual(dict(participation["participation_form"]["selection"])["percent_min_max"],
                         "Procento + minimální + maximální")

    def test_form_tabs_and_menu_in_czech(self):
        arch = self.cs_env["lease.insurance.claim"].fields_view_get(view_type="form")["arch"]
        for tab in ("Obecné", "Škoda a oprava", "Vypořádání pojistného plnění", "Zákazník", "Předmět"):
            self.assertIn('string="%s"' % tab, arch)
        menu = self.cs_env.ref("lease_insurance_claim.menu_lease_insurance_root")
        self.assertEqual(menu.name, "Pojištění")
        self.assertEqual(self.cs_env.ref("lease_insurance_claim.lease_insurance_claim_menu").name,
                         "Pojistné události")

    def test_errors_in_czech(self):
        claim = self.new_claim().with_context(lang="cs_CZ")
        with self.assertRaises(ValidationError) as caught:
            claim.write({"insurer_claim_no": "12A4"})
        self.assertIn("pouze číslice", caught.exception.name)
        self.assertIn("12A4", caught.exception.name)
