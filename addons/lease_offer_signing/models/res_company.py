# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import os

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError, ValidationError

from ..lib import export_files

DEFAULT_INSURER_CODE = "KOOP"


class ResCompany(models.Model):
    _inherit = "res.company"

    offer_retention_months = fields.Integer(
        string="Documents listed for (months)", default=6,
        help="Life-insurance documents are archived from the advisors' lists this many months after "
             "their last change.")
    offer_export_outbox = fields.Char(
        string="Export outbox",
        help="Folder the daily export writes its batches into (one sub-folder per batch). Empty: a folder "
             "in the Odoo data directory.")
    offer_export_inbox = fields.Char(
        string="Acknowledgement inbox",
        help="Folder where the insurer's acknowledgements arrive (XML files). Empty: a folder in the Odoo "
             "data directory.")
    offer_insurer_code = fields.Char(
        string="Insurer code", default=DEFAULT_INSURER_CODE,
        help="Code of the insurer the documents are exported to; written into every batch.")
    offer_backoffice_user_id = fields.Many2one(
        "res.users", string="Back-office responsible",
        help="Gets the activities about export, acknowledgement and delivery problems.")

    @api.constrains("offer_retention_months")
    def _check_offer_retention_months(self):
        for company in self:
            if company.offer_retention_months < 1:
                raise ValidationError(_("Documents must stay listed for at least one month."))

    @api.constrains("offer_export_outbox", "offer_export_inbox")
    def _check_offer_export_dirs(self):
        for company in self:
            if company.offer_export_outbox:
                company._offer_check_export_dir(company.offer_export_outbox, _("export outbox"),
                                                error=ValidationError)
            if company.offer_export_inbox:
                company._offer_check_export_dir(company.offer_export_inbox, _("acknowledgement inbox"),
                                                error=ValidationError)
            if company.offer_export_outbox and company.offer_export_inbox and \
                    os.path.realpath(company.offer_export_outbox) == os.path.realpath(company.offer_export_inbox):
                raise ValidationError(_("The export outbox and the acknowledgement inbox must be different "
                                        "folders."))

    @api.constrains("offer_insurer_code")
    def _check_offer_insurer_code(self):
        for company in self:
            code = company.offer_insurer_code
            if code and not (len(code) <= 32 and all(c.isalnum() or c in "_-" for c in code) and code.isascii()):
                raise ValidationError(_("The insurer code has 1 to 32 letters, digits, - or _ (e.g. KOOP); "
                                        "'%s' is not valid.") % code)

    def _offer_default_dir(self, kind):
        """A folder of the database's file store: it goes when the database is dropped."""
        return os.path.join(tools.config.filestore(self.env.cr.dbname), "lease_offer_export", kind)

    def _offer_export_outbox(self):
        self.ensure_one()
        return self.offer_export_outbox or self._offer_default_dir("outbox")

    def _offer_export_inbox(self):
        self.ensure_one()
        return self.offer_export_inbox or self._offer_default_dir("inbox")

    def _offer_insurer_code(self):
        self.ensure_one()
        return self.offer_insurer_code or DEFAULT_INSURER_CODE

    def _offer_check_export_dir(self, path, label, error=UserError):
        """Refuse a folder that is not absolute, cannot be created or is not writable."""
        if not path or not os.path.isabs(path):
            raise error(_("The %(label)s must be an absolute path of a folder on the server, e.g. "
                          "/var/lib/odoo/export; '%(path)s' is not.") % {"label": label, "path": path or ""})
        try:
            export_files.check_writable_dir(path)
        except OSError as exc:
            reason = exc.strerror or tools.ustr(exc)
            raise error(_("The %(label)s %(path)s cannot be used: %(reason)s. Create the folder and let the Odoo "
                          "server's user write into it.") % {"label": label, "path": path, "reason": reason})
        return path

    def _offer_backoffice_user(self):
        """Who gets the back office's activities of this company."""
        self.ensure_one()
        if self.offer_backoffice_user_id.active:
            return self.offer_backoffice_user_id
        group = self.env.ref("lease_offer_signing.group_offer_backoffice")
        users = group.sudo().users.filtered(
            lambda u: u.active and not u.share and u.id != 1 and self in u.company_ids)
        return users[:1] or self.env["res.users"].browse(1)
