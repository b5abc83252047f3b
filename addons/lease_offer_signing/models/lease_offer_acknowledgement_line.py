# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class LeaseOfferAcknowledgementLine(models.Model):
    """The insurer's answer for one document of a batch."""

    _name = "lease.offer.acknowledgement.line"
    _description = "Acknowledged document"
    _order = "acknowledgement_id, id"

    acknowledgement_id = fields.Many2one("lease.offer.acknowledgement", required=True, ondelete="cascade",
                                         index=True, readonly=True)
    batch_id = fields.Many2one(related="acknowledgement_id.batch_id", store=True, readonly=True,
                               string="Export batch")
    company_id = fields.Many2one(related="acknowledgement_id.company_id", store=True, readonly=True,
                                 string="Company")
    offer_id = fields.Many2one("lease.offer", string="Document", readonly=True, index=True, ondelete="set null")
    number = fields.Char(string="Document number", required=True, readonly=True, index=True)
    status = fields.Selection([("accepted", "Accepted"), ("rejected", "Rejected")], required=True, readonly=True)
    reason = fields.Text(readonly=True)
