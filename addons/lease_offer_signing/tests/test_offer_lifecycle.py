# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every transition of a document, as its advisor (a portal user)."""
import base64
import hashlib
import json

from odoo.exceptions import UserError

from ..lib import pdf_files
from .common import OfferCase, package_for


class TestOfferLifecycle(OfferCase):

    def test_new_document_is_in_progress_with_a_number_and_version_one(self):
        offer = self.new_offer()
        self.assertEqual(offer.state, "draft")
        self.assertEqual(offer.version, 1)
        self.assertEqual(offer.advisor_id, self.advisor1)
        self.assertTrue(offer.name.startswith("NAB"))
        modeling = self.new_offer(document_type="modeling")
        self.assertTrue(modeling.name.startswith("MOD"))
        change = self.new_offer(document_type="change_request", contract_no="7001234567")
        self.assertTrue(change.name.startswith("ZMN"))
        self.assertNotEqual(offer.name, self.new_offer().name)

    def test_start_signing_lays_out_the_fields_and_binds_the_document(self):
        offer = self.new_offer(insured_person_ids=[
            (0, 0, {"name": "Jana Zkušební", "is_client": True, "risk": "death", "sum_insured": 800000}),
            (0, 0, {"name": "Adam Zkušební", "risk": "accident", "sum_insured": 100000})])
        offer.action_start_signing()
        self.assertEqual(offer.state, "awaiting_signature")
        self.assertEqual(offer.client_mobile, "+420777123456")
        signatures = offer.signature_ids.sorted(lambda s: (s.sequence, s.id))
        self.assertEqual(signatures.mapped("role"), ["client", "insured", "advisor"])
        self.assertEqual(signatures.mapped("field_id"), ["client.1", "insured.1", "advisor.1"])
        self.assertEqual(signatures.mapped("signer_name"), ["Jana Zkušební", "Adam Zkušební", "Test Advisor One"])
        self.assertEqual(set(signatures.mapped("state")), {"pending"})
        document = base64.b64decode(offer.document_attachment_id.sudo().datas)
        self.assertEqual(document[:5], b"%PDF-")
        self.assertEqual(hashlib.sha256(document).hexdigest(), offer.document_sha256)
        self.assertEqual(offer.next_signature_id, signatures[0])

    def test_fields_are_signed_in_order_and_save_and_send_stores_the_signed_pdf(self):
        offer = self.new_offer()
        offer.action_start_signing()
        client, advisor = offer.signature_ids.sorted(lambda s: (s.sequence, s.id))
        with self.assertRaisesRegex(UserError, "next field to sign"):
            self.sign(offer, advisor)
        with self.assertRaisesRegex(UserError, "Not every signature field is signed"):
            offer.action_save_and_send()
        result = self.sign(offer, client)
        self.assertEqual(result, {"signature_id": client.id, "next_signature_id": advisor.id, "all_signed": False})
        self.assertEqual(client.state, "signed")
        self.assertEqual(client.key_id, "0f1e2d3c4b5a69788796a5b4c3d2e1f0")
        self.assertEqual(client.document_sha256, offer.document_sha256)
        self.assertEqual(client.pad_model, "STU-530")
        self.assertTrue(client.signed_at)
        self.assertEqual(base64.b64decode(client.image)[:8], b"\x89PNG\r\n\x1a\n")
        with self.assertRaisesRegex(UserError, "already been signed"):
            self.sign(offer, client)
        self.assertTrue(self.sign(offer, advisor)["all_signed"])

        offer.action_save_and_send()
        self.assertEqual(offer.state, "signed")
        self.assertTrue(offer.signed_digitally)
        pdf = base64.b64decode(offer.pdf_attachment_id.sudo().datas)
        self.assertEqual(hashlib.sha256(pdf).hexdigest(), offer.pdf_sha256)
        self.assertEqual(offer.pdf_attachment_id.res_model, "lease.offer")
        self.assertEqual(offer.pdf_attachment_id.res_id, offer.id)
        files = pdf_files.embedded_files(pdf)
        self.assertEqual(files["signature-client.1.lsbp"], package_for(offer.document_sha256, "client.1"))
        self.assertEqual(files["signature-advisor.1.lsbp"], package_for(offer.document_sha256, "advisor.1"))
        manifest = json.loads(files["signatures.json"].decode("utf-8"))
        self.assertEqual(manifest["document_sha256"], offer.document_sha256)
        self.assertEqual([s["field_id"] for s in manifest["signatures"]], ["client.1", "advisor.1"])
        self.assertEqual(offer.action_view_pdf()["url"], "/web/content/%d?download=false" % offer.pdf_attachment_id.id)
        self.assertEqual(offer._get_pdf_content(), pdf)

        offer.action_mark_backed_up()
        self.assertEqual(offer.state, "backed_up")

    def test_a_package_bound_to_another_document_is_refused(self):
        offer = self.new_offer()
        offer.action_start_signing()
        client = offer.signature_ids.sorted(lambda s: (s.sequence, s.id))[0]
        with self.assertRaisesRegex(UserError, "another version of the document"):
            self.sign(offer, client, sha="0" * 64)
        with self.assertRaisesRegex(UserError, "another version of the document"):
            self.sign(offer, client, package=package_for("1" * 64, "client.1"))
        with self.assertRaisesRegex(UserError, "another signature field"):
            self.sign(offer, client, package=package_for(offer.document_sha256, "advisor.1"))
        with self.assertRaisesRegex(UserError, "missing or damaged"):
            self.sign(offer, client, package=b"")
        with self.assertRaisesRegex(UserError, "PNG"):
            offer.action_sign_field(client.id, base64.b64encode(b"GIF89a...").decode(),
                                    base64.b64encode(b"opaque").decode(), "key", offer.document_sha256)
        with self.assertRaisesRegex(UserError, "name the key"):
            offer.action_sign_field(client.id, self.png, base64.b64encode(b"opaque").decode(), "",
                                    offer.document_sha256)
        other = self.new_offer()
        other.action_start_signing()
        with self.assertRaisesRegex(UserError, "does not belong"):
            other.action_sign_field(client.id, self.png, base64.b64encode(b"opaque").decode(), "key",
                                    other.document_sha256)
        self.assertEqual(client.state, "pending")
        # an opaque package (no agent header) is stored as it is
        self.sign(offer, client, package=b"opaque package")
        self.assertEqual(base64.b64decode(client.biometric_blob), b"opaque package")

    def test_signing_needs_a_document_waiting_for_signatures(self):
        offer = self.new_offer()
        with self.assertRaisesRegex(UserError, "not waiting for signatures"):
            offer.action_sign_field(1, self.png, "eA==", "key", "0" * 64)
        with self.assertRaisesRegex(UserError, "not waiting for signatures"):
            offer.action_save_and_send()
        with self.assertRaisesRegex(UserError, "Only a signed document"):
            offer.action_mark_backed_up()
        offer.action_start_signing()
        with self.assertRaisesRegex(UserError, "Only a document in progress can be sent to signing"):
            offer.action_start_signing()

    def test_back_to_draft_discards_the_signatures(self):
        offer = self.new_offer()
        offer.action_start_signing()
        self.sign(offer, offer.signature_ids.sorted(lambda s: (s.sequence, s.id))[0])
        offer.action_back_to_draft()
        self.assertEqual(offer.state, "draft")
        self.assertFalse(offer.document_sha256)
        self.assertFalse(offer.document_attachment_id)
        self.assertEqual(set(offer.signature_ids.mapped("state")), {"pending"})
        self.assertFalse(any(offer.signature_ids.mapped("image")))
        with self.assertRaisesRegex(UserError, "Only a document waiting for signatures"):
            offer.action_back_to_draft()
        offer.write({"premium": 1500})
        offer.action_start_signing()
        self.assertEqual(len(offer.signature_ids), 2)

    def test_paper_document_is_saved_as_completed_and_can_be_cancelled(self):
        offer = self.new_offer(digital_signing=False, client_mobile=False, client_email=False)
        with self.assertRaisesRegex(UserError, "not to be signed digitally"):
            offer.action_start_signing()
        offer.action_save_completed()
        self.assertEqual(offer.state, "backed_up")
        self.assertFalse(offer.signed_digitally)
        with self.assertRaisesRegex(UserError, "Only a document in progress can be saved as completed"):
            offer.action_save_completed()
        offer.action_storno()
        self.assertEqual(offer.state, "cancelled")
        digital = self.new_offer()
        with self.assertRaisesRegex(UserError, "start the signing instead"):
            digital.action_save_completed()
        without_client = self.new_offer(digital_signing=False, partner_id=False)
        with self.assertRaisesRegex(UserError, "Choose the client"):
            without_client.action_save_completed()

    def test_export_and_acceptance_steps(self):
        offer = self.signed_offer()
        paper = self.paper_offer()
        draft = self.new_offer()
        batch = self.env["lease.offer.export.batch"].create({"file_name": "batch.zip"})
        self.assertTrue(batch.name.startswith("EXP"))
        with self.assertRaisesRegex(UserError, "cannot be exported"):
            self.env["lease.offer"].browse(draft.id)._export_lock(batch)
        with self.assertRaisesRegex(UserError, "cannot be accepted"):
            self.env["lease.offer"].browse(paper.id)._mark_accepted()
        (self.env["lease.offer"].browse([offer.id, paper.id]))._export_lock(batch)
        offer.invalidate_cache()
        self.assertEqual((offer | paper).mapped("state"), ["exported", "exported"])
        self.assertEqual(offer.export_batch_id, batch)
        self.assertTrue(offer.exported_at)
        self.assertEqual(batch.offer_count, 2)
        self.env["lease.offer"].browse(offer.id)._mark_accepted("2026-03-02 09:00:00")
        self.env["lease.offer"].browse(offer.id)._mark_accepted()  # a second acknowledgement changes nothing
        self.assertEqual(offer.state, "accepted")
        self.assertEqual(offer.accepted_at, "2026-03-02 09:00:00")
        self.env["lease.offer"].browse(offer.id)._mark_delivered("2026-03-03 08:00:00")
        self.assertEqual(offer.delivered_at, "2026-03-03 08:00:00")

    def test_copy_gives_a_new_number_and_leaves_out_the_health_questions(self):
        offer = self.new_offer(
            insured_person_ids=[(0, 0, {"name": "Jana Zkušební", "is_client": True, "sum_insured": 800000})],
            health_question_ids=[(0, 0, {"question": "Léčíte se?", "answer": "no"})])
        offer.action_start_signing()
        copy = offer.action_copy()
        self.assertNotEqual(copy.name, offer.name)
        self.assertEqual(copy.state, "draft")
        self.assertEqual(copy.version, 1)
        self.assertEqual(copy.partner_id, offer.partner_id)
        self.assertEqual(copy.premium, offer.premium)
        self.assertEqual(copy.client_mobile, offer.client_mobile)
        self.assertEqual(copy.advisor_id, self.advisor1)
        self.assertEqual(copy.insured_person_ids.mapped("name"), ["Jana Zkušební"])
        self.assertFalse(copy.health_question_ids)
        self.assertFalse(copy.signature_ids)
        self.assertFalse(copy.document_sha256)
        self.assertEqual(len(offer.health_question_ids), 1)
        action = offer.action_copy_open()
        self.assertEqual(action["res_model"], "lease.offer")
        self.assertNotIn(action["res_id"], (offer.id, copy.id))

    def test_prefill_an_offer_from_a_modeling(self):
        modeling = self.new_offer(document_type="modeling", premium=990.0, sum_insured_death=1500000.0,
                                  insured_person_ids=[(0, 0, {"name": "Jana Zkušební", "is_client": True})])
        offer = modeling.action_prefill_offer()
        self.assertEqual(offer.document_type, "offer")
        self.assertTrue(offer.name.startswith("NAB"))
        self.assertEqual(offer.source_document_id, modeling)
        self.assertEqual(offer.premium, 990.0)
        self.assertEqual(offer.sum_insured_death, 1500000.0)
        self.assertEqual(offer.insured_person_ids.mapped("name"), ["Jana Zkušební"])
        self.assertEqual(modeling.document_type, "modeling")
        with self.assertRaisesRegex(UserError, "Only a modeling can prefill"):
            offer.action_prefill_offer()

    def test_view_prints_a_document_without_stored_pdf(self):
        offer = self.new_offer()
        action = offer.action_view_pdf()
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_name"], "lease_offer_signing.report_lease_offer")
        self.assertEqual(offer._get_pdf_content()[:5], b"%PDF-")

    def test_health_questionnaire_is_loaded_once(self):
        offer = self.new_offer()
        offer.action_load_health_questions()
        count = len(offer.health_question_ids)
        self.assertEqual(count, self.env["lease.offer.health.question.template"].search_count([]))
        self.assertTrue(count)
        offer.action_load_health_questions()
        self.assertEqual(len(offer.health_question_ids), count)
