# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The insurer's acknowledgement: accepted, rejected, idempotent, all or nothing."""
import base64
import os

from odoo.exceptions import UserError

from .export_common import ExportCase


class TestAcknowledgement(ExportCase):

    @classmethod
    def setUpClass(cls):
        super(TestAcknowledgement, cls).setUpClass()
        cls.Ack = cls.env["lease.offer.acknowledgement"]

    def setUp(self):
        super(TestAcknowledgement, self).setUp()
        self.first, self.second, self.third = self.paper_offer(), self.paper_offer(), self.paper_offer()
        self.batch = self.export(self.first | self.second | self.third)

    def snapshot(self):
        offers = self.first | self.second | self.third
        offers.invalidate_cache()
        return [(o.state, o.accepted_at, o.export_batch_id.id, o.export_hold, o.version) for o in offers], \
            self.batch.state, self.Ack.search_count([]), self.env["lease.offer.acknowledgement.line"].search_count([])

    def test_accepted_and_rejected_documents(self):
        content = self.ack(self.batch, [(self.first.name, "accepted", None), (self.second.name, "accepted", None),
                                        (self.third.name, "rejected", "Chybí podpis pojištěného.")],
                           date="2026-01-16T07:30:00+01:00")
        record, applied = self.Ack.sudo(self.backoffice)._import_content(content, "ack.xml")
        self.assertTrue(applied)
        (self.first | self.second | self.third).invalidate_cache()
        self.assertEqual((self.first.state, self.second.state), ("accepted", "accepted"))
        self.assertEqual(self.first.accepted_at, "2026-01-16 06:30:00")
        self.assertEqual(self.third.state, "backed_up")
        self.assertTrue(self.third.export_hold)
        self.assertFalse(self.third.export_batch_id)
        self.assertIn("Chybí podpis pojištěného.", self.third.export_problem)
        self.assertIn("Chybí podpis pojištěného.", self.third.message_ids[0].body)
        activity = self.env["mail.activity"].search([("res_model", "=", "lease.offer"), ("res_id", "=", self.third.id)])
        self.assertEqual(activity.user_id, self.backoffice)
        self.assertEqual(self.batch.state, "accepted")
        self.assertEqual((record.accepted_count, record.rejected_count), (2, 1))
        self.assertEqual((self.batch.accepted_count, self.batch.rejected_count), (2, 1))
        self.assertEqual(record.line_ids.filtered(lambda line: line.status == "rejected").offer_id, self.third)
        # the rejected document is not exported again until the back office releases it
        self.assertFalse(self.export(self.third))
        self.third.sudo(self.backoffice).action_release_for_export()
        self.assertEqual(self.manifest(self.export(self.third))["documents"], [self.third.name])

    def test_the_same_acknowledgement_twice_changes_nothing(self):
        content = self.ack(self.batch, [(self.first.name, "accepted", None),
                                        (self.second.name, "rejected", "Neplatné rodné číslo.")])
        record, applied = self.Ack._import_content(content, "ack.xml")
        self.assertTrue(applied)
        before = self.snapshot()
        again, applied = self.Ack._import_content(content, "ack-copy.xml")
        self.assertFalse(applied)
        self.assertEqual(again, record)
        self.assertEqual(self.snapshot(), before)
        # a later file for the rest of the batch, repeating what is already decided, is fine
        later = self.ack(self.batch, [(self.first.name, "accepted", None),
                                      (self.second.name, "rejected", "Neplatné rodné číslo."),
                                      (self.third.name, "accepted", None)], date="2026-01-17T06:00:00Z")
        _record, applied = self.Ack._import_content(later, "ack-2.xml")
        self.assertTrue(applied)
        self.third.invalidate_cache()
        self.assertEqual(self.third.state, "accepted")
        self.assertEqual(self.first.accepted_at, "2026-01-15 06:30:00")
        # but contradicting an earlier answer is refused
        contradiction = self.ack(self.batch, [(self.first.name, "rejected", "Omyl.")], date="2026-01-18T06:00:00Z")
        with self.assertRaisesRegex(UserError, "already accepted"):
            self.Ack._import_content(contradiction, "ack-3.xml")

    def test_problems_are_clear_errors_and_nothing_is_half_applied(self):
        before = self.snapshot()
        other = self.export(self.paper_offer())
        cases = {
            "is not an acknowledgement": b"<html>not an acknowledgement</html>",
            "which does not exist": self.ack(self.batch, [(self.first.name, "accepted", None)]).replace(
                self.batch.name.encode(), b"EXP19990101-001"),
            # a valid document first, then one that is not in the batch: the first is not applied either
            "not in the export batch": self.ack(self.batch, [(self.first.name, "accepted", None),
                                                             (other.offer_ids.name, "accepted", None)]),
            "comes from the insurer": self.ack(self.batch, [(self.first.name, "accepted", None)], insurer="OTHER"),
            "has no reason": self.ack(self.batch, [(self.first.name, "rejected", None)]),
        }
        for message, content in cases.items():
            with self.assertRaisesRegex(UserError, message):
                self.Ack._import_content(content, "bad.xml")
        self.assertEqual(self.snapshot(), before)

    def test_a_batch_not_yet_written_cannot_be_acknowledged(self):
        failed = self.Batch.create({"state": "failed"})
        with self.assertRaisesRegex(UserError, "has not been written to the outbox"):
            self.Ack._import_content(self.ack(failed, [(self.first.name, "accepted", None)]), "ack.xml")

    def test_only_the_back_office_imports(self):
        content = self.ack(self.batch, [(self.first.name, "accepted", None)])
        for user in (self.advisor1, self.auditor):
            with self.assertRaises(UserError):
                self.Ack.sudo(user)._import_content(content, "ack.xml")
        self.first.invalidate_cache()
        self.assertEqual(self.first.state, "exported")

    def test_upload_wizard(self):
        content = self.ack(self.batch, [(self.first.name, "accepted", None)])
        Wizard = self.env["lease.offer.acknowledgement.import"].sudo(self.backoffice)
        wizard = Wizard.create({"file": base64.b64encode(content), "file_name": "ack.xml"})
        wizard.action_import()
        self.assertEqual(wizard.state, "done")
        self.assertIn("1 documents accepted, 0 rejected", wizard.result)
        self.assertEqual(wizard.action_open_acknowledgement()["res_id"], wizard.acknowledgement_id.id)
        again = Wizard.create({"file": base64.b64encode(content), "file_name": "ack.xml"})
        again.action_import()
        self.assertIn("already imported", again.result)
        with self.assertRaisesRegex(UserError, "Choose the acknowledgement file"):
            Wizard.create({}).action_import()

    def test_inbox_folder(self):
        os.makedirs(self.inbox, exist_ok=True)
        good = os.path.join(self.inbox, "ACK-%s.xml" % self.batch.name)
        with open(good, "wb") as handle:
            handle.write(self.ack(self.batch, [(self.first.name, "accepted", None)]))
        bad = os.path.join(self.inbox, "broken.xml")
        with open(bad, "wb") as handle:
            handle.write(b"<acknowledgement/>")
        with open(os.path.join(self.inbox, "readme.txt"), "w") as handle:
            handle.write("not an acknowledgement")

        imported = self.Ack._cron_import_inbox()

        self.assertEqual(imported.batch_id, self.batch)
        self.assertEqual(imported.source, "inbox")
        self.first.invalidate_cache()
        self.assertEqual(self.first.state, "accepted")
        refused = self.Ack.search([("name", "=", "broken.xml"), ("state", "=", "error")])
        self.assertIn("not an acknowledgement", refused.error_message)
        activities = self.env["mail.activity"].search([("res_model", "=", self.Ack._name), ("res_id", "=", refused.id)])
        self.assertTrue(activities)
        # the files stay until their import is recorded; the next scan moves them away and imports nothing again
        self.assertTrue(os.path.exists(good) and os.path.exists(bad))
        self.assertFalse(self.Ack._cron_import_inbox())
        self.assertTrue(os.path.exists(os.path.join(self.inbox, "processed", os.path.basename(good))))
        self.assertTrue(os.path.exists(os.path.join(self.inbox, "refused", "broken.xml")))
        self.assertTrue(os.path.exists(os.path.join(self.inbox, "readme.txt")))
        self.assertEqual(self.Ack.search_count([("batch_id", "=", self.batch.id)]), 1)
