# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models


class LeaseOfferExportWizard(models.TransientModel):
    """"Export now": the 21:00 export started by the back office."""

    _name = "lease.offer.export.wizard"
    _description = "Export documents to the insurer now"

    document_count = fields.Integer(string="Documents waiting", readonly=True,
                                    default=lambda self: self._default_document_count())
    signed_count = fields.Integer(string="Signed, not yet stored", readonly=True,
                                  default=lambda self: self._default_signed_count())

    @api.model
    def _default_document_count(self):
        domain = self.env["lease.offer.export.batch"]._exportable_domain()
        return self.env["lease.offer"].with_context(active_test=False).search_count(domain)

    @api.model
    def _default_signed_count(self):
        return self.env["lease.offer"].with_context(active_test=False).search_count([("state", "=", "signed")])

    @api.multi
    def action_export(self):
        batch_ids = self.env["lease.offer.export.batch"].run_export()
        action = self.env.ref("lease_offer_signing.lease_offer_export_batch_action").read()[0]
        action["domain"] = [("id", "in", batch_ids)]
        action["name"] = _("Exported batches") if batch_ids else _("Nothing to export")
        return action
