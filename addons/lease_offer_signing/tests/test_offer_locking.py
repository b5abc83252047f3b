# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every refusal of the ORM: what cannot be edited, cancelled or deleted."""
from odoo.exceptions import UserError, ValidationError

from .common import OfferCase


class TestOfferLocking(OfferCase):

    @classmethod
    def setUpClass(cls):
        super(TestOfferLocking, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))

    def test_start_signing_needs_valid_client_contacts(self):
        for values, message in (
                ({"client_mobile": False}, "needs the client's mobile"),
                ({"client_mobile": "222 333 444"}, "'222 333 444' is not a valid mobile"),
                ({"client_email": False}, "needs the client's e-mail"),
                ({"client_email": "jana@"}, "'jana@' is not a valid e-mail"),
                ({"partner_id": False}, "Choose the client")):
            offer = self.new_offer(**values)
            with self.assertRaisesRegex(UserError, message):
                offer.action_start_signing()
            self.assertEqual(offer.state, "draft")
            self.assertFalse(offer.signature_ids)

    def test_no_edit_while_signing_once_signed_exported_or_cancelled(self):
        awaiting = self.new_offer()
        awaiting.action_start_signing()
        with self.assertRaisesRegex(UserError, "waiting for signatures"):
            awaiting.write({"premium": 1})
        signed = self.signed_offer()
        with self.assertRaisesRegex(UserError, "signed digitally and can no longer be changed"):
            signed.write({"premium": 1})
        signed.action_mark_backed_up()
        with self.assertRaisesRegex(UserError, "signed digitally and can no longer be changed"):
            signed.write({"note": "x"})
        exported = self.paper_offer()
        self.exported(exported)
        with self.assertRaisesRegex(UserError, "exported to the insurer and is locked"):
            exported.write({"premium": 1})
        self.env["lease.offer"].browse(exported.id)._mark_accepted()
        with self.assertRaisesRegex(UserError, "exported to the insurer and is locked"):
            exported.write({"premium": 1})
        cancelled = self.paper_offer()
        cancelled.action_storno()
        with self.assertRaisesRegex(UserError, "cancelled .storno. and can no longer be changed"):
            cancelled.write({"premium": 1})
        with self.assertRaisesRegex(UserError, "Only a document in progress"):
            cancelled.action_start_signing()
        for offer in (awaiting, signed, exported, cancelled):
            self.assertNotEqual(offer.premium, 1)

    def test_a_paper_document_stored_on_the_server_can_be_edited_until_the_export(self):
        offer = self.paper_offer()
        offer.write({"premium": 1500})
        self.assertEqual(offer.premium, 1500)
        self.assertEqual(offer.state, "backed_up")

    def test_lines_follow_the_lock_of_their_document(self):
        offer = self.new_offer(insured_person_ids=[(0, 0, {"name": "Jana Zkušební", "is_client": True})],
                               health_question_ids=[(0, 0, {"question": "Léčíte se?", "answer": "no"})])
        offer.action_start_signing()
        self.sign_all(offer)
        offer.action_save_and_send()
        person = offer.insured_person_ids
        question = offer.health_question_ids
        Person = self.env["lease.offer.insured.person"].sudo(self.advisor1)
        Question = self.env["lease.offer.health.question"].sudo(self.advisor1)
        with self.assertRaisesRegex(UserError, "signed digitally"):
            Person.browse(person.id).write({"sum_insured": 1})
        with self.assertRaisesRegex(UserError, "signed digitally"):
            Person.create({"offer_id": offer.id, "name": "Nový"})
        with self.assertRaisesRegex(UserError, "signed digitally"):
            Question.browse(question.id).write({"answer": "yes"})
        with self.assertRaisesRegex(UserError, "signed digitally"):
            Question.browse(question.id).unlink()
        with self.assertRaisesRegex(UserError, "signed digitally"):
            offer.write({"health_question_ids": [(0, 0, {"question": "Další?"})]})
        self.assertEqual(question.answer, "no")

    def test_signature_fields_cannot_be_signed_or_changed_directly(self):
        offer = self.new_offer()
        offer.action_start_signing()
        signature = self.env["lease.offer.signature"].sudo(self.advisor1).browse(offer.signature_ids[0].id)
        with self.assertRaisesRegex(UserError, "signatures are placed through the signing"):
            signature.write({"state": "signed"})
        with self.assertRaisesRegex(UserError, "signatures are placed through the signing"):
            signature.write({"signer_name": "Někdo jiný"})
        with self.assertRaisesRegex(UserError, "signatures are placed through the signing"):
            signature.unlink()
        draft = self.new_offer()
        Signature = self.env["lease.offer.signature"].sudo(self.advisor1)
        extra = Signature.create({"offer_id": draft.id, "role": "legal_representative", "sequence": 50,
                                  "signer_name": "Zákonný zástupce"})
        second = Signature.create({"offer_id": draft.id, "role": "legal_representative", "sequence": 60})
        self.assertEqual((extra | second).mapped("field_id"), ["legal_representative.1", "legal_representative.2"])
        second.unlink()
        with self.assertRaisesRegex(ValidationError, "signature field id"), self.cr.savepoint():
            Signature.create({"offer_id": draft.id, "role": "policyholder", "field_id": "pole s mezerou"})
        with self.assertRaisesRegex(UserError, "signatures are placed through the signing"):
            Signature.create({"offer_id": draft.id, "role": "client", "field_id": "client.9", "state": "signed"})
        draft.action_start_signing()
        self.assertEqual(draft.signature_ids.sorted(lambda s: (s.sequence, s.id)).mapped("role"),
                         ["client", "legal_representative", "advisor"])
        self.assertIn(extra, draft.signature_ids)

    def test_storno_refusals(self):
        draft = self.new_offer()
        with self.assertRaisesRegex(UserError, "Only a document saved as completed can be cancelled"):
            draft.action_storno()
        awaiting = self.new_offer()
        awaiting.action_start_signing()
        with self.assertRaisesRegex(UserError, "Only a document saved as completed can be cancelled"):
            awaiting.action_storno()
        signed = self.signed_offer()
        with self.assertRaisesRegex(UserError, "signed digitally and cannot be cancelled"):
            signed.action_storno()
        signed.action_mark_backed_up()
        with self.assertRaisesRegex(UserError, "signed digitally and cannot be cancelled"):
            signed.action_storno()
        self.exported(signed)
        with self.assertRaisesRegex(UserError, "signed digitally and cannot be cancelled"):
            signed.action_storno()
        exported = self.paper_offer()
        self.exported(exported)
        with self.assertRaisesRegex(UserError, "exported to the insurer and can no longer be cancelled"):
            exported.action_storno()
        cancelled = self.paper_offer()
        cancelled.action_storno()
        with self.assertRaisesRegex(UserError, "already cancelled"):
            cancelled.action_storno()
        self.assertEqual((draft | awaiting | signed | exported).mapped("state"),
                         ["draft", "awaiting_signature", "exported", "exported"])

    def test_only_documents_in_progress_can_be_deleted(self):
        draft = self.new_offer()
        draft.unlink()
        self.assertFalse(draft.exists())
        for offer in (self.paper_offer(), self.signed_offer()):
            with self.assertRaisesRegex(UserError, "cannot be deleted; cancel it"):
                offer.unlink()
            self.assertTrue(offer.exists())

    def test_system_fields_cannot_be_written_by_clients(self):
        offer = self.new_offer()
        for values in ({"state": "signed"}, {"exported_at": "2026-01-01 10:00:00"}, {"pdf_sha256": "x"},
                       {"document_sha256": "0" * 64}, {"name": "FAKE"}, {"conflict": True}):
            with self.assertRaisesRegex(UserError, "maintained by the system"):
                offer.write(values)
        with self.assertRaisesRegex(UserError, "starts in progress"):
            self.new_offer(state="exported")
        with self.assertRaisesRegex(UserError, "maintained by the system"):
            self.new_offer(exported_at="2026-01-01 10:00:00")
        # a context sent by a client cannot stand in for the system's own writes
        forged = offer.with_context(lease_offer_system_write=True)
        with self.assertRaisesRegex(UserError, "maintained by the system"):
            forged.write({"state": "signed"})
        self.assertEqual(offer.state, "draft")

    def test_document_type_is_fixed_and_advisors_keep_their_documents(self):
        offer = self.new_offer()
        with self.assertRaisesRegex(UserError, "type of a document cannot be changed"):
            offer.write({"document_type": "modeling"})
        with self.assertRaisesRegex(UserError, "Only the back office can change"):
            offer.write({"advisor_id": self.advisor2.id})
        offer.write({"advisor_id": self.advisor1.id})  # unchanged: fine
        with self.assertRaisesRegex(UserError, "Only the back office can change"):
            offer.write({"active": False})
        with self.assertRaisesRegex(UserError, "only create documents of their own"):
            self.new_offer(advisor_id=self.advisor2.id)
        self.env["lease.offer"].sudo(self.backoffice).browse(offer.id).write({"advisor_id": self.advisor2.id})
        self.assertEqual(offer.sudo().advisor_id, self.advisor2)

    def test_change_request_needs_a_contract_starting_with_seven(self):
        change = self.new_offer(document_type="change_request", contract_no="7001234567")
        self.assertEqual(change.contract_no, "7001234567")
        for contract_no in (False, "8001234567", "70A"):
            with self.assertRaisesRegex(ValidationError, "contract whose number starts with 7"):
                self.new_offer(document_type="change_request", contract_no=contract_no)
        with self.assertRaisesRegex(ValidationError, "contract whose number starts with 7"):
            change.write({"contract_no": "6001234567"})
        self.assertTrue(self.new_offer(contract_no="123"))  # the rule is for change requests only

    def test_archiving_is_for_the_back_office_in_any_state(self):
        offer = self.signed_offer()
        self.exported(offer)
        as_backoffice = self.env["lease.offer"].sudo(self.backoffice).browse(offer.id)
        as_backoffice.toggle_active()
        self.assertFalse(as_backoffice.active)
        as_backoffice.toggle_active()
        self.assertTrue(as_backoffice.active)
