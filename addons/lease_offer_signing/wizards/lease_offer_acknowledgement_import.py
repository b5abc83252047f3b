# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import binascii

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class LeaseOfferAcknowledgementImport(models.TransientModel):
    """Upload of an acknowledgement file of the insurer by the back office."""

    _name = "lease.offer.acknowledgement.import"
    _description = "Import an acknowledgement of the insurer"

    file = fields.Binary(string="Acknowledgement file")
    file_name = fields.Char()
    state = fields.Selection([("draft", "Choose the file"), ("done", "Done")], default="draft", readonly=True)
    result = fields.Text(readonly=True)
    acknowledgement_id = fields.Many2one("lease.offer.acknowledgement", readonly=True)

    @api.multi
    def action_import(self):
        self.ensure_one()
        if not self.file:
            raise UserError(_("Choose the acknowledgement file to import."))
        try:
            content = base64.b64decode(self.file or b"")
        except (binascii.Error, ValueError):
            raise UserError(_("The file could not be read."))
        name = self.file_name or "acknowledgement.xml"
        record, applied = self.env["lease.offer.acknowledgement"]._import_content(content, name, source="upload")
        if applied:
            result = _("The acknowledgement of the batch %(batch)s was imported: %(accepted)d documents accepted, "
                       "%(rejected)d rejected.") % {"batch": record.batch_id.name, "accepted": record.accepted_count,
                                                    "rejected": record.rejected_count}
        else:
            result = _("This acknowledgement was already imported on %(date)s (batch %(batch)s); nothing was "
                       "changed.") % {"date": record.date, "batch": record.batch_id.name}
        self.write({"state": "done", "result": result, "acknowledgement_id": record.id, "file": False})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    @api.multi
    def action_open_acknowledgement(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "lease.offer.acknowledgement",
            "res_id": self.acknowledgement_id.id,
            "view_mode": "form",
            "target": "current",
        }
