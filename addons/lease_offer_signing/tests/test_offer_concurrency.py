# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Optimistic concurrency: edits carry the version they were based on."""
import json

from odoo.exceptions import UserError

from .common import OfferCase


class TestOfferConcurrency(OfferCase):

    def test_every_accepted_write_gives_a_new_version(self):
        offer = self.new_offer()
        self.assertEqual(offer.version, 1)
        offer.write({"premium": 1300, "version": 1})
        self.assertEqual((offer.version, offer.premium), (2, 1300))
        offer.write({"premium": 1400})  # without a version: the back office's plain write
        self.assertEqual(offer.version, 3)
        self.env["lease.offer.insured.person"].sudo(self.advisor1).create({"offer_id": offer.id, "name": "Eva"})
        self.assertEqual(offer.version, 4)
        offer.write({"insured_person_ids": [(0, 0, {"name": "Adam"})]})
        self.assertEqual(offer.version, 5)  # one change, one version
        offer.action_start_signing()
        self.assertGreater(offer.version, 5)

    def test_a_stale_edit_of_a_document_not_exported_must_be_reloaded(self):
        offer = self.new_offer()
        offer.write({"premium": 1300, "version": 1})
        with self.assertRaisesRegex(UserError, "changed meanwhile .* Reload it"):
            offer.write({"premium": 999, "version": 1})
        self.assertEqual(offer.premium, 1300)
        self.assertFalse(offer.conflict_ids)
        with self.assertRaisesRegex(UserError, "whole number"):
            offer.write({"premium": 999, "version": "two"})

    def test_a_stale_edit_of_an_exported_document_is_kept_as_a_conflict(self):
        offer = self.paper_offer(note="původní poznámka")
        edited_version = offer.version
        self.exported(offer)
        self.assertGreater(offer.version, edited_version)
        before = offer.read(["premium", "note", "exported_at", "export_batch_id", "partner_id"])[0]

        result = offer.write({"premium": 5000, "note": "změna po exportu", "version": edited_version})

        self.assertIs(result, True)
        offer.invalidate_cache()
        self.assertEqual(offer.read(["premium", "note", "exported_at", "export_batch_id", "partner_id"])[0], before)
        self.assertEqual(offer.state, "conflict")
        self.assertTrue(offer.conflict)
        conflict = self.env["lease.offer.conflict"].search([("offer_id", "=", offer.id)])
        self.assertEqual(len(conflict), 1)
        self.assertEqual(conflict.advisor_id, self.advisor1)
        self.assertEqual(conflict.base_version, edited_version)
        self.assertTrue(conflict.date)
        self.assertEqual(json.loads(conflict.payload),
                         {"premium": 5000, "note": "změna po exportu", "version": edited_version})
        # the advisor sees the conflict; the exported data go on to the insurer
        self.assertEqual(self.env["lease.offer.conflict"].sudo(self.advisor1).search(
            [("offer_id", "=", offer.id)]), conflict)
        with self.assertRaisesRegex(UserError, "exported to the insurer and is locked"):
            offer.write({"premium": 1})
        with self.assertRaisesRegex(UserError, "exported to the insurer and can no longer be cancelled"):
            offer.action_storno()
        self.env["lease.offer"].browse(offer.id)._mark_accepted()
        self.assertEqual(offer.state, "accepted")
        self.assertTrue(offer.conflict)

    def test_current_version_of_an_exported_document_is_refused_as_locked(self):
        offer = self.paper_offer()
        self.exported(offer)
        with self.assertRaisesRegex(UserError, "exported to the insurer and is locked"):
            offer.write({"premium": 1, "version": offer.version})
        self.assertFalse(offer.conflict)
