# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import os
import shutil

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError
from odoo.modules.module import get_module_resource

from ..lib import acknowledgement as ack_format
from ..lib import export_files

_logger = logging.getLogger(__name__)

PROCESSED_DIR = "processed"
REFUSED_DIR = "refused"


class LeaseOfferAcknowledgement(models.Model):
    """One acknowledgement file of the insurer: which documents of an export
    batch it accepted into processing and which it rejected (with the reason).
    The file's SHA-256 makes a second import of the same file change nothing."""

    _name = "lease.offer.acknowledgement"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Acknowledgement of an export batch"
    _order = "date desc, id desc"

    name = fields.Char(string="File", required=True, readonly=True)
    sha256 = fields.Char(string="SHA-256", required=True, readonly=True, index=True)
    date = fields.Datetime(string="Imported on", required=True, readonly=True, default=fields.Datetime.now)
    accepted_on = fields.Datetime(string="Accepted by the insurer on", readonly=True)
    batch_id = fields.Many2one("lease.offer.export.batch", string="Export batch", readonly=True, index=True,
                               ondelete="restrict")
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True,
        default=lambda self: self.env["res.company"]._company_default_get("lease.offer.acknowledgement"))
    source = fields.Selection([("inbox", "Inbox folder"), ("upload", "Uploaded")], required=True, readonly=True,
                              default="upload")
    state = fields.Selection([("done", "Imported"), ("error", "Refused")], string="Status", required=True,
                             readonly=True, default="done")
    error_message = fields.Text(string="Error", readonly=True)
    user_id = fields.Many2one("res.users", string="Imported by", readonly=True, default=lambda self: self.env.user)
    line_ids = fields.One2many("lease.offer.acknowledgement.line", "acknowledgement_id", string="Documents",
                               readonly=True)
    accepted_count = fields.Integer(compute="_compute_counts", string="Accepted")
    rejected_count = fields.Integer(compute="_compute_counts", string="Rejected")

    @api.depends("line_ids.status")
    def _compute_counts(self):
        for record in self:
            statuses = record.line_ids.mapped("status")
            record.accepted_count = statuses.count("accepted")
            record.rejected_count = statuses.count("rejected")

    # ------------------------------------------------------------------ import
    @api.model
    def _schema(self):
        return export_files.load_schema(
            get_module_resource("lease_offer_signing", "data", "export", "acknowledgement.xsd"))

    @api.model
    def _find_imported(self, digest):
        return self.sudo().search([("sha256", "=", digest), ("state", "=", "done")], limit=1)

    @api.model
    def _import_content(self, content, file_name, source="upload"):
        """Apply an acknowledgement file; returns ``(acknowledgement, applied)``.

        Everything is checked before anything is written: a malformed file,
        an unknown batch or document raises a UserError and changes nothing.
        The same file imported again changes nothing (``applied`` False).
        """
        self._check_import_rights()
        digest = ack_format.sha256(content or b"")
        done = self._find_imported(digest)
        if done:
            return done, False
        try:
            data = ack_format.parse(content, self._schema())
        except ack_format.AcknowledgementError as error:
            raise UserError(_("The file %(file)s is not an acknowledgement of the insurer: %(error)s.")
                            % {"file": file_name, "error": tools.ustr(error)})
        Batch = self.env["lease.offer.export.batch"].sudo()
        batch = Batch.search([("name", "=", data.batch)], limit=1)
        if not batch or (not self.env.user._is_superuser()
                         and batch.company_id not in self.env.user.company_ids):
            raise UserError(_("The acknowledgement %(file)s is for the export batch %(batch)s, which does not "
                              "exist.") % {"file": file_name, "batch": data.batch})
        # one import of a batch at a time: a concurrent import of the same file waits, then finds it done
        self.env.cr.execute("SELECT id FROM lease_offer_export_batch WHERE id = %s FOR UPDATE", [batch.id])
        done = self._find_imported(digest)
        if done:
            return done, False
        if batch.state not in ("exported", "accepted"):
            raise UserError(_("The export batch %(batch)s has not been written to the outbox (it is %(state)s); "
                              "it cannot be acknowledged.") % {
                "batch": batch.name,
                "state": dict(batch._fields["state"]._description_selection(self.env)).get(batch.state)})
        insurer = batch.company_id._offer_insurer_code()
        if data.insurer != insurer:
            raise UserError(_("The acknowledgement %(file)s comes from the insurer %(got)s, but the batch %(batch)s "
                              "was exported to %(insurer)s.") % {"file": file_name, "got": data.insurer,
                                                                 "batch": batch.name, "insurer": insurer})
        plan = self._plan(batch, data, file_name)
        record = self.sudo().create({
            "name": file_name,
            "sha256": digest,
            "accepted_on": data.date,
            "batch_id": batch.id,
            "company_id": batch.company_id.id,
            "source": source,
            "user_id": self.env.uid,
            "line_ids": [(0, 0, {"offer_id": offer.id, "number": item.number, "status": item.status,
                                 "reason": item.reason}) for offer, item, _apply in plan],
        })
        accepted_on = fields.Datetime.to_string(data.date)
        for offer, item, apply in plan:
            if not apply:
                continue
            if item.status == "accepted":
                offer._mark_accepted(accepted_on)
            else:
                offer._export_reject(batch, item.reason)
        batch.write({"state": "accepted"})
        batch.message_post(body=_("Acknowledgement %(file)s imported: %(accepted)d accepted, %(rejected)d "
                                  "rejected.") % {"file": file_name, "accepted": record.accepted_count,
                                                  "rejected": record.rejected_count},
                           subtype="mail.mt_note")
        return record, True

    def _plan(self, batch, data, file_name):
        """What to do with each document: ``[(offer, item, apply)]``; raises on any problem."""
        Offer = self.env["lease.offer"].sudo().with_context(active_test=False)
        in_batch = {o.name: o for o in Offer.search([("export_batch_id", "=", batch.id)])}
        history = {}
        for line in self.env["lease.offer.acknowledgement.line"].sudo().search(
                [("batch_id", "=", batch.id), ("acknowledgement_id.state", "=", "done")], order="id"):
            history[line.number] = line
        unknown = [item.number for item in data.documents if item.number not in in_batch and item.number not in history]
        if unknown:
            raise UserError(_("The acknowledgement %(file)s lists documents that are not in the export batch "
                              "%(batch)s: %(numbers)s.") % {"file": file_name, "batch": batch.name,
                                                            "numbers": ", ".join(unknown[:20])})
        plan = []
        for item in data.documents:
            offer = in_batch.get(item.number) or history[item.number].offer_id
            previous = history.get(item.number)
            if offer.state == "accepted" or (previous and previous.status == "rejected"
                                             and offer.export_batch_id != batch):
                # decided by an earlier acknowledgement of this batch
                if (offer.state == "accepted") != (item.status == "accepted"):
                    raise UserError(_("The acknowledgement %(file)s %(status)s the document %(name)s, which an "
                                      "earlier acknowledgement of the batch %(batch)s already %(before)s.") % {
                        "file": file_name, "name": offer.name, "batch": batch.name,
                        "status": self._status_label(item.status),
                        "before": self._status_label("accepted" if offer.state == "accepted" else "rejected")})
                plan.append((offer, item, False))
                continue
            if offer.state not in ("exported", "conflict"):
                raise UserError(_("The document %(name)s of the batch %(batch)s cannot be acknowledged: it is "
                                  "%(state)s.") % dict(offer._message_values(), batch=batch.name))
            plan.append((offer, item, True))
        return plan

    def _status_label(self, status):
        return {"accepted": _("accepted"), "rejected": _("rejected")}[status]

    def _check_import_rights(self):
        user = self.env.user
        if not (user._is_superuser() or user.has_group("lease_offer_signing.group_offer_backoffice")):
            raise UserError(_("Only the back office can import acknowledgements of the insurer."))

    # ------------------------------------------------------------------ inbox folder
    @api.model
    def _cron_import_inbox(self):
        """Import the acknowledgements waiting in the inbox folders.

        Files are moved to ``processed/`` (or ``refused/``) by the next scan,
        once the import is committed: a file is never moved away before its
        import is recorded.
        """
        imported = self.browse()
        for inbox in {company._offer_export_inbox() for company in self.env["res.company"].search([])}:
            imported |= self._scan_inbox(inbox)
        return imported

    @api.model
    def _scan_inbox(self, inbox):
        imported = self.browse()
        if not os.path.isdir(inbox):
            return imported
        for entry in sorted(os.listdir(inbox)):
            path = os.path.join(inbox, entry)
            if not entry.lower().endswith(".xml") or not os.path.isfile(path):
                continue
            try:
                with open(path, "rb") as handle:
                    content = handle.read(ack_format.MAX_SIZE + 1)
            except (IOError, OSError) as error:
                _logger.warning("Acknowledgement %s cannot be read: %s", path, error)
                continue
            digest = ack_format.sha256(content)
            if self._find_imported(digest):
                self._move(inbox, entry, PROCESSED_DIR)
                continue
            if self.sudo().search([("sha256", "=", digest), ("state", "=", "error")], limit=1):
                self._move(inbox, entry, REFUSED_DIR)
                continue
            try:
                with self.env.cr.savepoint():
                    record, _applied = self._import_content(content, entry, source="inbox")
                imported |= record
            except UserError as error:
                message = tools.ustr(error.name)
                _logger.warning("Acknowledgement %s refused: %s", entry, message)
                refused = self.sudo().create({"name": entry, "sha256": digest, "source": "inbox", "state": "error",
                                              "error_message": message})
                self.env["lease.offer"]._backoffice_activity(
                    refused, _("Acknowledgement refused"), message)
        return imported

    @staticmethod
    def _move(inbox, entry, folder):
        target_dir = os.path.join(inbox, folder)
        try:
            os.makedirs(target_dir, exist_ok=True)
            target = os.path.join(target_dir, entry)
            if os.path.exists(target):
                base, ext = os.path.splitext(entry)
                target = os.path.join(target_dir, "%s-%s%s" % (base, fields.Datetime.now().replace(" ", "_")
                                                               .replace(":", ""), ext))
            shutil.move(os.path.join(inbox, entry), target)
        except (IOError, OSError) as error:
            _logger.warning("Acknowledgement %s could not be moved to %s: %s", entry, folder, error)
