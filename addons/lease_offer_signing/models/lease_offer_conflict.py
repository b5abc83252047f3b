# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class LeaseOfferConflict(models.Model):
    """An edit that arrived after its document had been exported: it was not
    applied (the exported data stand) and is kept here for the back office."""

    _name = "lease.offer.conflict"
    _description = "Document conflict"
    _order = "date desc, id desc"

    offer_id = fields.Many2one("lease.offer", string="Document", required=True, ondelete="cascade", index=True,
                               readonly=True)
    company_id = fields.Many2one(related="offer_id.company_id", store=True, readonly=True, string="Company")
    advisor_id = fields.Many2one("res.users", string="Edited by", readonly=True, index=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)
    payload = fields.Text(string="Rejected edit", readonly=True, help="The changed values, as JSON.")
    base_version = fields.Integer(string="Edited version", readonly=True)
    document_version = fields.Integer(string="Document version then", readonly=True)
    offer_state = fields.Selection(related="offer_id.state", string="Document status", readonly=True)
    resolved = fields.Boolean(help="The back office has dealt with the conflict.")

    @api.multi
    def name_get(self):
        return [(c.id, "%s (%s)" % (c.offer_id.sudo().name, c.date)) for c in self]

    @api.multi
    def action_resolve(self):
        self.write({"resolved": True})
        return True
