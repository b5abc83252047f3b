# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..lib import acknowledgement
from .lease_offer_export_batch import ExportSavepoints


class LeaseOfferExportBatch(models.Model):
    """Demo data: the demo documents exported and accepted by the offers'
    demo are written as two real batches in the outbox, the accepted one
    acknowledged by an acknowledgement file of the insurer."""

    _inherit = "lease.offer.export.batch"

    @api.model
    def _demo_publish_batches(self):
        batch = self.search([("file_name", "=", "demo-export.zip")], limit=1)
        if not batch:
            return False
        tx = ExportSavepoints(self.env)
        offers = batch._batch_offers()
        accepted = self.env["lease.offer"].with_context(active_test=False).search(
            [("export_batch_id", "=", batch.id), ("state", "=", "accepted")])
        accepted_batch = self.create({"state": "writing", "company_id": batch.company_id.id})
        # the accepted documents are accepted again below, by the insurer's acknowledgement of their batch
        self.env.cr.execute("""UPDATE lease_offer SET state = 'exported', accepted_at = NULL, export_batch_id = %s
                                WHERE id IN %s""", [accepted_batch.id, tuple(accepted.ids or [0])])
        self.env.cr.execute("UPDATE lease_offer_export_batch SET state = 'writing', file_name = NULL WHERE id = %s",
                            [batch.id])
        self.env.cache.invalidate()
        for record in (batch, accepted_batch):
            record._write_and_publish(tx)
        content = acknowledgement.build(
            accepted_batch.name, accepted_batch.company_id._offer_insurer_code(),
            fields.Datetime.now().replace(" ", "T") + "Z",
            [(offer.name, "accepted", None) for offer in accepted])
        self.env["lease.offer.acknowledgement"]._import_content(content, "ACK-%s.xml" % accepted_batch.name,
                                                                source="inbox")
        return offers | accepted
