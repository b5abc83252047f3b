# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The export run inside one transaction (its commits are savepoints here;
tests/test_offer_export_commit.py runs it on real cursors)."""
import base64
import hashlib
import os
from unittest import mock

from lxml import etree

from odoo.exceptions import AccessError, UserError

from ..lib import export_files
from ..models import lease_offer_export_batch
from ..models.lease_offer_export_batch import ExportSavepoints
from .export_common import ExportCase

NS = {"e": export_files.NS}


class TestExportBatch(ExportCase):

    def test_batch_content_files_and_checksums(self):
        paper = self.paper_offer(note="papírová nabídka", insured_person_ids=[
            (0, 0, {"name": "Jana Zkušební", "is_client": True, "risk": "death", "sum_insured": 800000,
                    "birth_number": "790304/0024"})])
        signed = self.signed_offer()  # really signed and printed, still "signed": stored by the run
        fake = self.fake_signed_offer()
        self.assertEqual(signed.state, "signed")
        offers = paper | signed | fake
        versions = {offer.id: offer.version for offer in offers}

        batch = self.export(offers)

        self.assertEqual(len(batch), 1)
        self.assertEqual(batch.state, "exported")
        self.assertEqual(set(offers.mapped("state")), {"exported"})
        self.assertEqual(offers.mapped("export_batch_id"), batch)
        for offer in offers:
            self.assertGreater(offer.version, versions[offer.id])
            self.assertTrue(offer.exported_at)
            self.assertIn(batch.name, offer.message_ids[0].body)
        directory = self.batch_dir(batch)
        self.assertEqual(batch.directory, directory)
        self.assertEqual(batch.file_name, "%s/manifest.json" % batch.name)
        self.assertEqual(self.leftovers(), [])
        # the manifest: its checksum is the batch's, it lists every file with the right hash
        with open(os.path.join(directory, "manifest.json"), "rb") as handle:
            self.assertEqual(hashlib.sha256(handle.read()).hexdigest(), batch.checksum)
        manifest = self.manifest(batch)
        self.assertEqual(sorted(manifest["documents"]), sorted(offers.mapped("name")))
        self.assertEqual(batch.document_count, 3)
        on_disk = set()
        for root, _dirs, files in os.walk(directory):
            on_disk |= {os.path.relpath(os.path.join(root, name), directory) for name in files}
        self.assertEqual(on_disk - {"manifest.json"}, {item["path"] for item in manifest["files"]})
        for item in manifest["files"]:
            self.assertEqual(export_files.file_sha256(os.path.join(directory, item["path"])),
                             (item["sha256"], item["size"]))
        # the batch file validates against the XSD shipped with the addon
        export_files.validate_file(os.path.join(directory, "batch.xml"), self.schema)
        # the signed PDFs and the encrypted packages are the stored ones, byte for byte
        for offer in signed | fake:
            with open(os.path.join(directory, "%s.pdf" % offer.name), "rb") as handle:
                self.assertEqual(handle.read(), base64.b64decode(offer.pdf_attachment_id.sudo().datas))
            for signature in offer.signature_ids:
                with open(os.path.join(directory, offer.name, "%s.lsbp" % signature.field_id), "rb") as handle:
                    self.assertEqual(handle.read(), base64.b64decode(signature.sudo().biometric_blob))
        self.assertFalse(os.path.exists(os.path.join(directory, "%s.pdf" % paper.name)))
        # the data sentences
        root = etree.parse(os.path.join(directory, "batch.xml")).getroot()
        sentences = {node.get("number"): node for node in root.findall("e:document", NS)}
        node = sentences[signed.name]
        self.assertEqual(node.get("signing"), "digital")
        self.assertEqual(node.get("version"), str(signed.version))
        self.assertEqual(node.findtext("e:advisor/e:hr", namespaces=NS), "9100001")
        self.assertEqual(node.findtext("e:advisor/e:ppz", namespaces=NS), "111111PPZ")
        self.assertEqual(node.find("e:signatures", NS).get("document_sha256"), signed.document_sha256)
        self.assertEqual([s.get("field") for s in node.findall("e:signatures/e:signature", NS)],
                         ["client.1", "advisor.1"])
        self.assertEqual(node.find("e:pdf", NS).get("sha256"), signed.pdf_sha256)
        node = sentences[paper.name]
        self.assertEqual(node.get("signing"), "paper")
        self.assertEqual(node.findtext("e:client/e:mobile", namespaces=NS), "+420777123456")
        self.assertEqual(node.findtext("e:insured_persons/e:person/e:birth_number", namespaces=NS), "790304/0024")
        self.assertEqual(node.findtext("e:note", namespaces=NS), "papírová nabídka")
        self.assertEqual(root.find("e:trailer", NS).get("documents"), "3")

    def test_exported_documents_are_locked_and_a_second_run_exports_nothing(self):
        offer = self.paper_offer()
        batch = self.export(offer)
        with self.assertRaisesRegex(UserError, "exported to the insurer and is locked"):
            offer.write({"premium": 1})
        with self.assertRaisesRegex(UserError, "can no longer be cancelled"):
            offer.action_storno()
        self.assertFalse(self.export(offer))
        self.assertEqual(offer.export_batch_id, batch)
        self.assertEqual(self.Batch.search_count([("id", "in", (batch | self.export(offer)).ids)]), 1)

    def test_batch_size_splits_a_run_into_several_batches(self):
        offers = self.env["lease.offer"].browse()
        for _index in range(5):
            offers |= self.paper_offer()
        batches = self.export(offers, batch_size=2)
        self.assertEqual(len(batches), 3)
        self.assertEqual(sorted(batches.mapped("document_count")), [1, 2, 2])
        documents = [number for batch in batches for number in self.manifest(batch)["documents"]]
        self.assertEqual(sorted(documents), sorted(offers.mapped("name")))

    def test_an_edit_after_the_claim_becomes_a_conflict_and_the_claimed_data_are_exported(self):
        offer = self.paper_offer(premium=1500.0)
        advisor_offer = offer.sudo(self.advisor1)
        version = offer.version
        seen = {}

        def edit_during_the_run(step, batch):
            if step == "claimed":
                # the advisor saves an edit based on what they saw before the claim
                advisor_offer.invalidate_cache()
                seen["result"] = advisor_offer.write({"premium": 9999.0, "version": version})
                with self.assertRaisesRegex(UserError, "locked"):
                    advisor_offer.write({"premium": 8888.0, "version": advisor_offer.version})
                with self.assertRaises(UserError):
                    advisor_offer.action_storno()

        with mock.patch.object(lease_offer_export_batch, "_checkpoint", side_effect=edit_during_the_run):
            batch = self.export(offer)
        self.assertIs(seen["result"], True)
        self.assertEqual(offer.state, "conflict")
        self.assertEqual(offer.export_batch_id, batch)
        self.assertEqual(offer.premium, 1500.0)
        self.assertEqual(len(offer.conflict_ids), 1)
        root = etree.parse(os.path.join(self.batch_dir(batch), "batch.xml")).getroot()
        node = root.find("e:document", NS)
        self.assertEqual(node.findtext("e:product/e:premium", namespaces=NS), "1500.00")
        self.assertEqual(node.get("conflict"), "true")

    def test_a_document_that_cannot_be_exported_is_held_back_and_the_others_go(self):
        good = self.paper_offer()
        no_ppz = self.paper_offer(user=self.advisor2)  # the advisor has no HR/PPZ number
        tampered = self.fake_signed_offer()
        attachment = tampered.pdf_attachment_id.sudo()
        with open(attachment._full_path(attachment.store_fname), "ab") as handle:
            handle.write(b"changed after signing")
        missing = self.fake_signed_offer()
        package = self.env["ir.attachment"].sudo().search([
            ("res_model", "=", "lease.offer.signature"), ("res_field", "=", "biometric_blob"),
            ("res_id", "=", missing.signature_ids[0].id)])
        package.unlink()

        batch = self.export(good | no_ppz | tampered | missing)

        self.assertEqual(self.manifest(batch)["documents"], [good.name])
        self.assertEqual(good.state, "exported")
        for offer, problem in ((no_ppz, "'(hr|ppz)'"), (tampered, "SHA-256"), (missing, "package")):
            self.assertEqual(offer.state, "backed_up", offer.name)
            self.assertFalse(offer.export_batch_id)
            self.assertTrue(offer.export_hold)
            self.assertRegex(offer.export_problem, problem)
            activity = self.env["mail.activity"].search([("res_model", "=", "lease.offer"), ("res_id", "=", offer.id)])
            self.assertEqual(activity.user_id, self.backoffice)
        # no file of a left-out document stays in the batch
        directory = self.batch_dir(batch)
        self.assertFalse(os.path.exists(os.path.join(directory, "%s.pdf" % tampered.name)))
        self.assertFalse(os.path.exists(os.path.join(directory, "%s.pdf" % missing.name)))
        self.assertFalse(os.listdir(os.path.join(directory, missing.name)) if
                         os.path.isdir(os.path.join(directory, missing.name)) else [])
        # held back: not taken by the next run until the back office releases it
        self.assertFalse(self.export(no_ppz))
        self.advisor2.write({"partner_hr_no": "9100002", "ppz_registration_no": "222222PPZ"})
        with self.assertRaises(UserError):
            no_ppz.sudo(self.advisor2).action_release_for_export()
        no_ppz.sudo(self.backoffice).action_release_for_export()
        self.assertFalse(no_ppz.export_hold)
        self.assertEqual(self.manifest(self.export(no_ppz))["documents"], [no_ppz.name])

    def test_a_batch_of_only_refused_documents_is_not_published(self):
        offer = self.paper_offer(user=self.advisor2)  # the advisor has no HR/PPZ number
        batch = self.export(offer)
        self.assertEqual(batch.state, "failed")
        self.assertIn("None of the documents", batch.error_message)
        self.assertFalse(os.path.exists(self.batch_dir(batch)))
        self.assertEqual(self.leftovers(), [])
        self.assertEqual((offer.state, offer.export_hold), ("backed_up", True))

    def test_signed_documents_are_stored_first_unless_their_pdf_does_not_verify(self):
        fine = self.fake_signed_offer(state="signed")
        broken = self.fake_signed_offer(state="signed")
        attachment = broken.pdf_attachment_id.sudo()
        with open(attachment._full_path(attachment.store_fname), "ab") as handle:
            handle.write(b"x")
        stored = self.env["lease.offer"]._backup_signed_documents([("id", "in", (fine | broken).ids)])
        self.assertEqual(stored, fine)
        self.assertEqual(fine.state, "backed_up")
        self.assertEqual(broken.state, "signed")
        activities = self.env["mail.activity"].search([("res_model", "=", "lease.offer"), ("res_id", "=", broken.id)])
        self.assertTrue(activities)

    def test_outbox_that_cannot_be_written_is_a_clear_error_and_nothing_is_claimed(self):
        offer = self.paper_offer()
        blocker = os.path.join(self.tmp, "a-file")
        open(blocker, "w").close()
        self.env.cr.execute("UPDATE res_company SET offer_export_outbox = %s WHERE id = %s",
                            [os.path.join(blocker, "outbox"), self.company.id])
        self.company.invalidate_cache()
        with self.assertRaisesRegex(UserError, "outbox .* cannot be used"):
            self.export(offer)
        self.assertEqual(offer.state, "backed_up")
        self.assertFalse(offer.export_batch_id)
        self.assertFalse(self.Batch.search([("state", "=", "writing")]))

    def test_a_failure_while_writing_fails_the_batch_and_the_next_run_exports_the_documents(self):
        offers = self.paper_offer() | self.fake_signed_offer()

        def fail(step, batch):
            if step == "document":
                raise OSError(28, "No space left on device")

        with mock.patch.object(lease_offer_export_batch, "_checkpoint", side_effect=fail):
            with self.assertRaisesRegex(UserError, "could not be written: No space left on device"):
                self.export(offers)
        failed = self.Batch.search([("state", "=", "failed")], order="id desc", limit=1)
        self.assertIn("No space left", failed.error_message)
        self.assertFalse(os.path.exists(self.batch_dir(failed)))
        self.assertEqual(self.leftovers(), [])
        offers.invalidate_cache()
        self.assertEqual(set(offers.mapped("state")), {"backed_up"})
        self.assertFalse(offers.mapped("export_batch_id"))
        self.assertFalse(any(offers.mapped("export_hold")))
        self.assertTrue(failed.activity_ids)
        batch = self.export(offers)
        self.assertNotEqual(batch, failed)
        self.assertEqual(sorted(self.manifest(batch)["documents"]), sorted(offers.mapped("name")))

    def test_recovery_finishes_a_published_batch_and_rewrites_an_unpublished_one(self):
        published, unpublished = self.paper_offer(), self.paper_offer()

        class Crash(BaseException):
            pass

        def crash(step, batch):
            if step == "published":
                raise Crash()
        tx = ExportSavepoints(self.env)
        # a run that dies right after the rename, before recording the batch
        with mock.patch.object(lease_offer_export_batch, "_checkpoint", side_effect=crash):
            with self.assertRaises(Crash):
                self.Batch._export_run(tx, domain=[("id", "=", published.id)])
        tx.rollback()  # what the database does with a dead connection's transaction
        first = published.export_batch_id
        self.assertEqual(first.state, "writing")
        self.assertTrue(os.path.isdir(self.batch_dir(first)))
        # a run that dies before the rename

        def crash_written(step, batch):
            if step == "written":
                raise Crash()
        with mock.patch.object(lease_offer_export_batch, "_checkpoint", side_effect=crash_written):
            with self.assertRaises(Crash):
                self.Batch._export_run(tx, domain=[("id", "=", unpublished.id)])
        tx.rollback()
        second = unpublished.export_batch_id
        self.assertEqual(second.state, "writing")
        self.assertFalse(os.path.exists(self.batch_dir(second)))
        self.assertEqual(self.leftovers(), [".tmp-%s" % second.name])

        # the next run (any run) recovers both, exporting each document once
        self.export(self.env["lease.offer"].browse())
        (first | second).invalidate_cache()
        self.assertEqual((first.state, second.state), ("exported", "exported"))
        self.assertEqual(self.manifest(first)["documents"], [published.name])
        self.assertEqual(self.manifest(second)["documents"], [unpublished.name])
        self.assertEqual(self.leftovers(), [])
        (published | unpublished).invalidate_cache()
        self.assertEqual((published.export_batch_id, unpublished.export_batch_id), (first, second))

    def test_a_damaged_published_batch_is_not_finished(self):
        offer = self.paper_offer()

        class Crash(BaseException):
            pass

        def crash(step, batch):
            if step == "published":
                raise Crash()
        tx = ExportSavepoints(self.env)
        with mock.patch.object(lease_offer_export_batch, "_checkpoint", side_effect=crash):
            with self.assertRaises(Crash):
                self.Batch._export_run(tx, domain=[("id", "=", offer.id)])
        tx.rollback()
        batch = offer.export_batch_id
        with open(os.path.join(self.batch_dir(batch), "batch.xml"), "ab") as handle:
            handle.write(b"<!-- changed -->")
        self.export(self.env["lease.offer"].browse())
        batch.invalidate_cache()
        self.assertEqual(batch.state, "failed")
        self.assertIn("batch.xml", batch.error_message)
        self.assertTrue(batch.activity_ids)
        self.assertEqual(offer.state, "exported")  # the insurer may have it: it stays locked

    def test_only_the_back_office_exports_and_batches_are_the_exports_record(self):
        for user in (self.advisor1, self.auditor):
            with self.assertRaises(AccessError):
                self.Batch.sudo(user).run_export()
            with self.assertRaises(AccessError):
                self.Batch.sudo(user).run_synchronisation()
        batch = self.export(self.paper_offer())
        as_backoffice = batch.sudo(self.backoffice)
        with self.assertRaisesRegex(UserError, "written only by the export"):
            as_backoffice.write({"state": "draft"})
        with self.assertRaises((AccessError, UserError)):
            as_backoffice.unlink()
        with self.assertRaises(AccessError):
            self.Batch.sudo(self.backoffice).create({"state": "exported"})
        as_backoffice.message_post(body="Zkontrolováno.")
        self.assertEqual(self.Batch.sudo(self.auditor).browse(batch.id).document_count, 1)

    def test_export_now_wizard_counts_the_waiting_documents(self):
        offer = self.paper_offer()
        wizard = self.env["lease.offer.export.wizard"].sudo(self.backoffice).create({})
        self.assertGreaterEqual(wizard.document_count, 1)
        self.assertIn(offer, self.env["lease.offer"].search(self.Batch._exportable_domain()))
