# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Documents drop out of the lists six months after their last change."""
from datetime import datetime

from dateutil.relativedelta import relativedelta

from odoo import fields

from .common import OfferCase


class TestOfferRetention(OfferCase):

    def _age(self, offer, **delta):
        date = fields.Datetime.to_string(datetime.now() - relativedelta(**delta))
        self.env["lease.offer"].browse(offer.id)._write_system({"last_change_date": date}, touch=False)

    def test_cron_archives_documents_older_than_the_retention_period(self):
        old = self.paper_offer()
        self.exported(old)
        self._age(old, months=6, days=1)
        recent = self.new_offer()
        self._age(recent, months=5, days=25)
        old_version = old.version
        cron = self.env.ref("lease_offer_signing.ir_cron_archive_stale_documents")
        self.assertEqual(cron.code.strip(), "model._cron_archive_stale_documents()")

        archived = self.env["lease.offer"]._cron_archive_stale_documents()

        self.assertGreaterEqual(archived, 1)
        old.invalidate_cache()
        self.assertFalse(old.active)
        self.assertEqual(old.state, "exported")
        self.assertTrue(recent.active)
        self.assertGreater(old.version, old_version)
        # off the advisor's list, still there for the back office and the export
        self.assertFalse(self.env["lease.offer"].sudo(self.advisor1).search([("id", "=", old.id)]))
        Offer = self.env["lease.offer"].sudo(self.backoffice).with_context(active_test=False)
        self.assertEqual(Offer.search([("id", "=", old.id), ("active", "=", False)]), old)
        self.assertEqual(Offer.search([("state", "=", "exported"), ("id", "=", old.id)]), old)

    def test_retention_period_is_set_per_company(self):
        self.env.user.company_id.offer_retention_months = 12
        offer = self.new_offer()
        self._age(offer, months=7)
        self.env["lease.offer"]._cron_archive_stale_documents()
        self.assertTrue(offer.active)
        self._age(offer, months=13)
        self.env["lease.offer"]._cron_archive_stale_documents()
        self.assertFalse(offer.active)
