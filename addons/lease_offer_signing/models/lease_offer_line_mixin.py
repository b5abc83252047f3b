# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from .lease_offer import _OFFER_WRITE, _SYSTEM_WRITE, OFFER_WRITE_KEY, SYSTEM_WRITE_KEY


class LeaseOfferLineMixin(models.AbstractModel):
    """Lines that are part of a document's content (insured persons, health
    questions): they follow the document's locking rules and every change of
    them is a change of the document."""

    _name = "lease.offer.line.mixin"
    _description = "Line of a life-insurance document"

    offer_id = fields.Many2one("lease.offer", string="Document", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="offer_id.company_id", store=True, readonly=True, string="Company")

    def _inside_offer_write(self):
        context = self.env.context
        return context.get(OFFER_WRITE_KEY) is _OFFER_WRITE or context.get(SYSTEM_WRITE_KEY) is _SYSTEM_WRITE

    def _lines_changed(self, offers):
        if not self._inside_offer_write():
            offers.exists()._touch()

    @api.model
    def create(self, vals):
        offer = self.env["lease.offer"].browse(vals.get("offer_id"))
        offer._check_content_editable()
        line = super(LeaseOfferLineMixin, self).create(vals)
        self._lines_changed(line.offer_id)
        return line

    @api.multi
    def write(self, vals):
        offers = self.mapped("offer_id")
        if vals.get("offer_id"):
            offers |= self.env["lease.offer"].browse(vals["offer_id"])
        offers._check_content_editable()
        res = super(LeaseOfferLineMixin, self).write(vals)
        self._lines_changed(offers)
        return res

    @api.multi
    def unlink(self):
        offers = self.mapped("offer_id")
        offers._check_content_editable()
        res = super(LeaseOfferLineMixin, self).unlink()
        self._lines_changed(offers)
        return res
