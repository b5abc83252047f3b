# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, models
from odoo.exceptions import UserError

from .lease_offer import _SYSTEM_WRITE, SYSTEM_WRITE_KEY

# what makes up the stored file; other fields (e.g. an access token) may change
CONTENT_FIELDS = frozenset(["datas", "db_datas", "store_fname", "checksum", "file_size", "res_model", "res_id",
                            "res_field", "type", "url"])


class IrAttachment(models.Model):
    """The stored PDFs of life-insurance documents (the document to sign and
    the signed PDF, whose SHA-256 is recorded) can be neither altered nor
    deleted, except by the documents' own transitions."""

    _inherit = "ir.attachment"

    def _check_offer_pdf_unchanged(self):
        if self.env.context.get(SYSTEM_WRITE_KEY) is _SYSTEM_WRITE:
            return
        ids = self.sudo().filtered(lambda a: a.res_model == "lease.offer").ids
        if not ids:
            return
        offer = self.env["lease.offer"].sudo().with_context(active_test=False).search(
            ["|", ("pdf_attachment_id", "in", ids), ("document_attachment_id", "in", ids)], limit=1)
        if offer:
            raise UserError(_("The PDF of the document %s is part of its signed record and can be neither changed "
                              "nor deleted.") % offer.name)

    @api.multi
    def write(self, vals):
        if CONTENT_FIELDS & set(vals):
            self._check_offer_pdf_unchanged()
        return super(IrAttachment, self).write(vals)

    @api.multi
    def unlink(self):
        self._check_offer_pdf_unchanged()
        return super(IrAttachment, self).unlink()
