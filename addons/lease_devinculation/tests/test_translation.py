"""The Czech translation (i18n/cs.po) reaches the users, the letter and the e-mail."""
from odoo.exceptions import ValidationError
from odoo.modules.module import get_module_resource
from odoo.tools.translate import PoFile

from .common import DevinculationCase, pdf_text


class TestCzechTranslation(DevinculationCase):

    @classmethod
    def setUpClass(cls):
        super(TestCzechTranslation, cls).setUpClass()
        cls.env["res.lang"].load_lang("cs_CZ")
        cls.env["res.lang"].with_context(active_test=False).search([("code", "=", "cs_CZ")]).active = True
        cls.env["ir.translation"].with_context(overwrite=True).load_module_terms(
            ["lease_insurance_claim", "lease_devinculation"], ["cs_CZ"])
        cls.registry.clear_caches()
        cls.cs_env = cls.env(context=dict(cls.env.context, lang="cs_CZ"))
        cls.garage.lang = "cs_CZ"

    def test_po_file_is_complete(self):
        path = get_module_resource("lease_devinculation", "i18n", "cs.po")
        with open(path, "rb") as handle:
            entries = list(PoFile(handle))
        self.assertGreater(len(entries), 80)
        missing = sorted({entry[3] for entry in entries if not entry[4].strip()})
        self.assertEqual(missing, [], "untranslated terms in cs.po")

    def test_field_labels_and_statuses_in_czech(self):
        fields = self.cs_env["lease.devinculation"].fields_get(
            ["name", "insurance_contract_id", "financing_contract_id", "claim_id", "date", "sent_to_partner_id",
             "state", "budget_amount"])
        self.assertEqual(fields["name"]["string"], "Číslo")
        self.assertEqual(fields["insurance_contract_id"]["string"], "Číslo pojistné smlouvy")
        self.assertEqual(fields["financing_contract_id"]["string"], "Číslo smlouvy o financování")
        self.assertEqual(fields["claim_id"]["string"], "Číslo pojistné události")
        self.assertEqual(fields["date"]["string"], "Datum")
        self.assertEqual(fields["sent_to_partner_id"]["string"], "Zasláno kontaktu")
        self.assertEqual(fields["budget_amount"]["string"], "Částka rozpočtu")
        self.assertEqual(dict(fields["state"]["selection"]), {
            "blank": "Prázdné", "approved": "Souhlas", "declined": "Zamítnuto",
            "approved_budget": "Souhlas s rozpočtem", "declined_budget": "Nesouhlas s rozpočtem"})

    def test_menu_and_buttons_in_czech(self):
        self.assertEqual(self.cs_env.ref("lease_devinculation.lease_devinculation_menu").name, "Devinkulace")
        claim_form = self.cs_env["lease.insurance.claim"].fields_view_get(view_type="form")["arch"]
        self.assertIn('string="Devinkulace"', claim_form)
        contract_form = self.cs_env["lease.insurance.contract"].fields_view_get(view_type="form")["arch"]
        self.assertIn('string="Devinkulace"', contract_form)
        form = self.cs_env["lease.devinculation"].fields_view_get(view_type="form")["arch"]
        for label in ("Odeslat e-mailem", "Tisk dopisu", "Rozhodnutí"):
            self.assertIn(label, form)

    def test_errors_in_czech(self):
        devinculation = self.new_devinculation().with_context(lang="cs_CZ")
        with self.refused(ValidationError) as caught:
            devinculation.write({"state": "approved_budget"})
        self.assertIn("Souhlas s rozpočtem", caught.exception.name)
        self.assertIn("vyžaduje částku rozpočtu", caught.exception.name)

    def test_letter_in_the_language_of_the_contact(self):
        devinculation = self.new_devinculation(state="approved_budget", budget_amount=92400.0)
        pdf = devinculation._render_letter_pdf()
        text = " ".join(pdf_text(pdf).split())
        self.assertIn(devinculation.name, text)
        self.assertIn("Devinkulace pojistného plnění", text)
        self.assertIn("Souhlas s rozpočtem", text)
        self.assertIn("schváleného rozpočtu opravy", text)
        self.assertIn("Číslo pojistné smlouvy", text)
        self.assertNotIn("Insurance contract No.", text)

        self.garage.lang = "en_US"
        html = self.env.ref("lease_devinculation.lease_devinculation_report").render_qweb_html(
            devinculation.ids)[0].decode("utf-8")
        self.assertIn("Devinculation of insurance indemnity", html)
        self.assertIn("Approve with Budget", html)

    def test_mail_in_the_language_of_the_contact(self):
        devinculation = self.new_devinculation()
        template = self.env.ref("lease_devinculation.mail_template_devinculation")
        values = template.generate_email(devinculation.id)
        self.assertIn("Devinkulace %s" % devinculation.name, values["subject"])
        self.assertIn("pojistná smlouva", values["subject"])
        self.assertIn("v příloze", values["body_html"])
