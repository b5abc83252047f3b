# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Groups and record rules: advisors see only their own documents."""
import base64
import hashlib

from odoo.exceptions import AccessError, UserError

from .common import OfferCase


class TestOfferSecurity(OfferCase):

    def test_advisor_group_is_for_portal_users(self):
        group = self.env.ref("lease_offer_signing.group_offer_advisor")
        self.assertNotIn(self.env.ref("base.group_user"), group.trans_implied_ids)
        self.assertTrue(self.advisor1.share)
        self.assertTrue(self.advisor1.has_group("lease_offer_signing.group_offer_advisor"))
        self.assertFalse(self.advisor1.has_group("base.group_user"))
        self.assertTrue(self.backoffice.has_group("base.group_user"))
        self.assertTrue(self.auditor.has_group("base.group_user"))

    def test_an_advisor_cannot_reach_another_advisors_documents(self):
        offer = self.new_offer(health_question_ids=[(0, 0, {"question": "Léčíte se?"})],
                               insured_person_ids=[(0, 0, {"name": "Jana"})])
        offer.action_start_signing()
        Offer2 = self.env["lease.offer"].sudo(self.advisor2)
        self.assertFalse(Offer2.search([("id", "=", offer.id)]))
        with self.assertRaises(AccessError):
            Offer2.browse(offer.id).read(["name"])
        with self.assertRaises(AccessError):
            Offer2.browse(offer.id).write({"note": "cizí"})
        with self.assertRaises(AccessError):
            Offer2.browse(offer.id).action_back_to_draft()
        with self.assertRaises(AccessError):
            Offer2.browse(offer.id).action_copy()
        for model, records in (("lease.offer.signature", offer.signature_ids),
                               ("lease.offer.health.question", offer.health_question_ids),
                               ("lease.offer.insured.person", offer.insured_person_ids)):
            self.assertFalse(self.env[model].sudo(self.advisor2).search([("id", "in", records.ids)]), model)
        draft = self.new_offer()
        with self.assertRaises(AccessError):
            Offer2.browse(draft.id).unlink()
        self.assertEqual(Offer2.browse(draft.id).sudo().state, "draft")
        self.assertEqual(self.env["lease.offer"].sudo(self.advisor1).search([("id", "=", offer.id)]), offer)

    def test_advisors_do_not_see_export_batches(self):
        with self.assertRaises(AccessError):
            self.env["lease.offer.export.batch"].sudo(self.advisor1).search([])

    def test_back_office_sees_all_and_auditor_only_reads(self):
        offer = self.new_offer()
        other = self.new_offer(user=self.advisor2)
        as_backoffice = self.env["lease.offer"].sudo(self.backoffice)
        self.assertEqual(as_backoffice.search([("id", "in", [offer.id, other.id])]), offer | other)
        as_backoffice.browse(other.id).write({"note": "back office"})
        as_auditor = self.env["lease.offer"].sudo(self.auditor)
        self.assertEqual(as_auditor.search([("id", "in", [offer.id, other.id])]), offer | other)
        with self.assertRaises(AccessError):
            as_auditor.browse(offer.id).write({"note": "auditor"})
        with self.assertRaises(AccessError):
            as_auditor.create({"partner_id": self.client.id})
        with self.assertRaises(AccessError):
            as_auditor.browse(offer.id).action_start_signing()

    def test_advisor_works_with_their_own_clients_only(self):
        Partner1 = self.env["res.partner"].sudo(self.advisor1)
        client = Partner1.create({"name": "Nový Klient", "mobile": "602111222", "email": "novy@example.cz"})
        client.write({"street": "Dlouhá 1"})
        self.assertEqual(client.street, "Dlouhá 1")
        with self.assertRaises(AccessError):
            self.env["res.partner"].sudo(self.advisor2).browse(client.id).read(["name"])
        self.new_offer(partner_id=self.client.id)
        # the client of their document is readable for the advisor
        self.assertEqual(Partner1.browse(self.client.id).name, "Jana Zkušební")
        with self.assertRaises(AccessError):
            self.env["res.partner"].sudo(self.advisor2).browse(self.client.id).read(["name"])

    def test_an_advisor_without_e_mail_address_works_too(self):
        advisor = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Advisor Without Mail", "login": "test-offer-advisor-nomail",
            "groups_id": [(6, 0, [self.env.ref("base.group_portal").id,
                                  self.env.ref("lease_offer_signing.group_offer_advisor").id])]})
        self.assertFalse(advisor.email)
        offer = self.new_offer(user=advisor)
        offer.write({"premium": 999})
        offer.action_start_signing()
        self.sign_all(offer)
        offer.action_save_and_send()
        self.assertEqual(offer.state, "signed")
        self.assertTrue(offer.sudo().message_ids)

    def test_lists_of_the_advisor_portal(self):
        offer = self.paper_offer()
        other = self.new_offer(user=self.advisor2)
        Offer = self.env["lease.offer"].sudo(self.advisor1)
        documents = Offer.search(Offer._advisor_documents_domain())
        self.assertIn(offer, documents)
        self.assertNotIn(other, documents)
        edited = offer.version
        self.exported(offer)
        offer.write({"note": "pozdě", "version": edited})
        self.assertNotIn(offer, Offer.search(Offer._advisor_documents_domain()))
        self.assertEqual(Offer.search(Offer._advisor_conflicts_domain()).filtered(lambda o: o == offer), offer)

    def test_the_stored_pdfs_cannot_be_altered_or_deleted(self):
        offer = self.signed_offer()
        for attachment in (offer.pdf_attachment_id, offer.document_attachment_id):
            as_backoffice = self.env["ir.attachment"].sudo(self.backoffice).browse(attachment.id)
            with self.assertRaisesRegex(UserError, "part of its signed record"):
                as_backoffice.write({"datas": base64.b64encode(b"%PDF-forged")})
            with self.assertRaisesRegex(UserError, "part of its signed record"):
                as_backoffice.unlink()
            with self.assertRaisesRegex(UserError, "part of its signed record"):
                attachment.sudo().write({"res_id": self.client.id, "res_model": "res.partner"})
        pdf = base64.b64decode(offer.pdf_attachment_id.sudo().datas)
        self.assertEqual(hashlib.sha256(pdf).hexdigest(), offer.pdf_sha256)
        offer.pdf_attachment_id.sudo(self.backoffice).generate_access_token()  # sharing stays possible
        self.assertTrue(offer.pdf_attachment_id.sudo().access_token)

    def test_documents_of_another_company_are_invisible(self):
        company = self.env["res.company"].create({"name": "Jiná pojišťovací s.r.o."})
        foreign = self.env["lease.offer"].create({"partner_id": self.client.id, "company_id": company.id,
                                                  "advisor_id": self.advisor1.id})
        self.assertFalse(self.env["lease.offer"].sudo(self.backoffice).search([("id", "=", foreign.id)]))
        self.assertFalse(self.env["lease.offer"].sudo(self.advisor1).search([("id", "=", foreign.id)]))
