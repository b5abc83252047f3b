"""The devinculation letter: a real PDF addressed to the contact, and the
e-mail that sends it."""
import base64

from odoo.exceptions import UserError

from .common import DevinculationCase, pdf_text


class TestDevinculationLetter(DevinculationCase):

    @classmethod
    def setUpClass(cls):
        super(TestDevinculationLetter, cls).setUpClass()
        cls.garage.write({"email": "servis@tst-autoservis.example.com", "lang": "en_US"})
        cls.devinculation = cls.new_devinculation(
            state="approved_budget", budget_amount=92400.0, note="TST poznámka k rozpočtu")

    def test_pdf_is_real_and_names_the_number_and_the_contact(self):
        pdf = self.devinculation._render_letter_pdf()
        self.assertEqual(pdf[:5], b"%PDF-")
        text = pdf_text(pdf)
        self.assertIn(self.devinculation.name, text)
        self.assertIn("TST Autoservis", text)
        for expected in ("Roztylská 19", self.insurance.name, self.financing.name, self.claim.name,
                         "TSTVIN0000000001X", "9TS 1111", "PU 2026-000777/01", "92,400.00",
                         "up to the approved repair budget", "TST poznámka k rozpočtu", self.company.name):
            self.assertIn(expected, text)

    def test_letterhead_in_the_page_only_when_wkhtmltopdf_cannot_print_headers(self):
        report = self.env.ref("lease_devinculation.lease_devinculation_report")
        with_headers = report.render_qweb_html(self.devinculation.ids)[0].decode("utf-8")
        self.assertNotIn("lease-devinculation-letterhead", with_headers)
        self.assertIn('class="header"', with_headers, "the company layout's header")
        without_headers = report.with_context(lease_letterhead_in_body=True).render_qweb_html(
            self.devinculation.ids)[0].decode("utf-8")
        self.assertIn("lease-devinculation-letterhead", without_headers)
        self.company.street = "Letterhead Street 77"
        text = pdf_text(self.devinculation._render_letter_pdf())
        self.assertIn("Letterhead Street 77", text, "the letterhead is printed with either kind of wkhtmltopdf")

    def test_pdf_from_the_report_action_and_for_a_contact_person(self):
        self.devinculation.sent_to_partner_id = self.garage_contact
        report = self.env.ref("lease_devinculation.lease_devinculation_report")
        pdf, kind = report.render_qweb_pdf(self.devinculation.ids)
        self.assertEqual(kind, "pdf")
        self.assertEqual(pdf[:5], b"%PDF-")
        text = pdf_text(pdf)
        self.assertIn("TST Mistr Dvořák", text)
        self.assertIn(self.devinculation.name, text)

    def test_decision_text_follows_the_status(self):
        report = self.env.ref("lease_devinculation.lease_devinculation_report")
        texts = {
            "blank": "We will inform you of our decision",
            "approved": "may be paid out without our further consent",
            "declined": "we do not agree to the release",
            "declined_budget": "we do not agree with the repair budget",
        }
        for state, expected in texts.items():
            amount = 1000.0 if state == "declined_budget" else 0.0
            self.devinculation.write({"state": state, "budget_amount": amount})
            html = report.render_qweb_html(self.devinculation.ids)[0].decode("utf-8")
            self.assertIn(expected, " ".join(html.split()), state)
            self.assertEqual("Repair budget:" in html, state == "declined_budget", state)

    def test_letter_needs_the_contact(self):
        devinculation = self.new_devinculation(sent_to_partner_id=False)
        for action in (devinculation.action_print_letter, devinculation.action_send_email,
                       devinculation._render_letter_pdf):
            with self.refused(UserError) as caught:
                action()
            self.assertIn("Choose the contact", caught.exception.name)

    def test_print_action(self):
        action = self.devinculation.action_print_letter()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_name"], "lease_devinculation.report_devinculation_letter")
        self.assertEqual(action["context"]["active_ids"], self.devinculation.ids)

    def test_mail_template_renders_with_the_pdf_attached(self):
        template = self.env.ref("lease_devinculation.mail_template_devinculation")
        values = template.generate_email(self.devinculation.id)
        self.assertEqual(values["partner_ids"], [self.garage.id])
        self.assertIn(self.devinculation.name, values["subject"])
        self.assertIn(self.insurance.name, values["subject"])
        self.assertIn(self.devinculation.name, values["body_html"])
        self.assertIn(self.claim.name, values["body_html"])
        (name, content), = values["attachments"]
        self.assertEqual(name, "%s.pdf" % self.devinculation.name.replace("/", "-"))
        self.assertEqual(base64.b64decode(content)[:5], b"%PDF-")

    def test_send_by_email_opens_the_composer_and_posts_the_letter(self):
        action = self.devinculation.action_send_email()
        self.assertEqual(action["res_model"], "mail.compose.message")
        self.assertEqual(action["target"], "new")
        context = action["context"]
        template = self.env.ref("lease_devinculation.mail_template_devinculation")
        self.assertEqual(context["default_template_id"], template.id)
        composer = self.env["mail.compose.message"].with_context(**context).create({})
        values = composer.onchange_template_id(template.id, "comment", "lease.devinculation",
                                               self.devinculation.id)["value"]
        composer.write(values)
        self.assertIn(self.garage, composer.partner_ids)
        self.assertEqual(len(composer.attachment_ids), 1)
        self.assertEqual(base64.b64decode(composer.attachment_ids.datas)[:5], b"%PDF-")
        composer.send_mail()
        message = self.devinculation.message_ids[0]
        self.assertIn(self.devinculation.name, message.subject)
        self.assertEqual(message.attachment_ids.mapped("datas_fname"),
                         ["%s.pdf" % self.devinculation.name.replace("/", "-")])
        self.assertIn(self.garage, message.partner_ids)
