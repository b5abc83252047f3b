# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class LeaseOfferExportBatch(models.Model):
    """One daily export of documents to the insurer (around 21:00)."""

    _name = "lease.offer.export.batch"
    _description = "Export batch"
    _order = "date desc, id desc"

    name = fields.Char(string="Batch", required=True, readonly=True, copy=False, default="/")
    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)
    state = fields.Selection(
        [("draft", "Being prepared"), ("exported", "Written to the outbox"), ("accepted", "Acknowledged"),
         ("failed", "Failed")],
        string="Status", required=True, default="draft", readonly=True)
    offer_ids = fields.One2many("lease.offer", "export_batch_id", string="Documents", readonly=True,
                                context={"active_test": False})
    offer_count = fields.Integer(compute="_compute_offer_count", string="Number of documents")
    file_name = fields.Char(string="File", readonly=True)
    checksum = fields.Char(string="SHA-256", readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True,
        default=lambda self: self.env["res.company"]._company_default_get("lease.offer.export.batch"))

    _sql_constraints = [("name_unique", "unique(name, company_id)", "An export batch number must be unique.")]

    @api.depends("offer_ids")
    def _compute_offer_count(self):
        for batch in self:
            batch.offer_count = len(batch.with_context(active_test=False).offer_ids)

    @api.model
    def create(self, vals):
        if vals.get("name", "/") == "/":
            vals = dict(vals, name=self.env["ir.sequence"].next_by_code("lease.offer.export.batch") or "/")
        return super(LeaseOfferExportBatch, self).create(vals)
