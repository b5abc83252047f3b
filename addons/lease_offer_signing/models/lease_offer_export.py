# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import hashlib
import logging
from collections import OrderedDict
from datetime import datetime

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError

from ..lib import cron_schedule, export_files, validation

LOCAL_TZ = "Europe/Prague"

_logger = logging.getLogger(__name__)


class LeaseOffer(models.Model):
    """The documents' side of the export and the delivery: storing signed
    documents on the server, holding a document back from the export, the
    back office's activities, and the morning delivery to the client (an
    e-mail with the link to the document storage and an SMS with the access
    code).  Kept apart from the document's own model (lease_offer.py)."""

    _inherit = "lease.offer"  # pylint: disable=consider-merging-classes-inherited

    export_hold = fields.Boolean(
        string="Held back from the export", readonly=True, copy=False, index=True,
        help="The document is not exported until the back office releases it (the insurer rejected it, or it "
             "could not be exported as it is).")
    export_problem = fields.Text(string="Export problem", readonly=True, copy=False)

    delivery_problem = fields.Text(
        string="Delivery problem", readonly=True, copy=False,
        help="Why the documents could not be delivered to the client (e.g. no valid e-mail or mobile).")

    # ------------------------------------------------------------------ storing on the server
    @api.model
    def _backup_signed_documents(self, domain=None):
        """Signed → stored on the server, for every signed document whose
        signed PDF is in the file store and matches its SHA-256 (the
        "synchronisation" before the export).  Returns the stored documents."""
        offers = self.sudo().with_context(active_test=False).search([("state", "=", "signed")] + list(domain or []))
        stored = self.browse()
        for offer in offers:
            problem = offer._signed_pdf_problem()
            if problem:
                offer._backoffice_activity(offer, _("Document not stored on the server"), problem)
                continue
            offer.action_mark_backed_up()
            stored |= offer
        if stored:
            _logger.info("Stored %d signed documents on the server.", len(stored))
        return stored

    def _signed_pdf_problem(self):
        """Why the signed PDF cannot be taken as stored, or None."""
        self.ensure_one()
        attachment = self.pdf_attachment_id.sudo()
        if not attachment:
            return _("The signed PDF of the document %s is missing.") % self.name
        try:
            if attachment.store_fname:
                digest, _size = export_files.file_sha256(attachment._full_path(attachment.store_fname))
            else:
                digest = hashlib.sha256(base64.b64decode(attachment.datas or b"")).hexdigest()
        except (IOError, OSError) as error:
            return _("The signed PDF of the document %(name)s cannot be read: %(error)s") % {
                "name": self.name, "error": tools.ustr(error)}
        if digest != self.pdf_sha256:
            return _("The signed PDF of the document %s does not match its recorded SHA-256.") % self.name
        return None

    # ------------------------------------------------------------------ export steps
    def _export_release(self, reason, hold=False):
        """Exported (not yet published) → stored on the server again: the
        export of the batch failed, or the document was left out of it.
        With ``hold`` the document waits for the back office."""
        if not self:
            return True
        now = fields.Datetime.now()
        self.env.cr.execute("""UPDATE lease_offer
                                  SET state = 'backed_up', export_batch_id = NULL, exported_at = NULL,
                                      version = version + 1, export_hold = %s, export_problem = %s,
                                      write_uid = %s, write_date = %s
                                WHERE id IN %s AND state IN ('exported', 'conflict')""",
                            [bool(hold), reason if hold else None, self.env.uid, now, tuple(self.ids)])
        self.invalidate_cache(["state", "export_batch_id", "exported_at", "version", "export_hold", "export_problem",
                               "write_uid", "write_date"], self.ids)
        self._log_many(reason)
        if hold:
            for offer in self:
                offer._backoffice_activity(offer, _("Document held back from the export"), reason)
        return True

    def _export_reject(self, batch, reason):
        """The insurer rejected the document: it goes back to the back office
        (stored on the server, held back from the export) with the reason."""
        for offer in self:
            if offer.state not in ("exported", "conflict"):
                raise UserError(_("The document %(name)s cannot be rejected: it is %(state)s.")
                                % offer._message_values())
        message = _("Rejected by the insurer (batch %(batch)s): %(reason)s") % {"batch": batch.name, "reason": reason}
        for offer in self:
            offer._write_system({"state": "backed_up", "export_batch_id": False, "exported_at": False,
                                 "export_hold": True, "export_problem": message}, touch=False)
            offer._log(message)
            offer._backoffice_activity(offer, _("Document rejected by the insurer"), message)
        return True

    @api.multi
    def action_release_for_export(self):
        """The back office lets a held-back document go with the next export."""
        if not self._is_backoffice():
            raise UserError(_("Only the back office can release a document for the export."))
        for offer in self:
            if not offer.export_hold:
                continue
            if offer.state != "backed_up":
                raise UserError(_("Only a document stored on the server can be released for the export; "
                                  "%(name)s is %(state)s.") % offer._message_values())
            offer._write_system({"export_hold": False, "export_problem": False}, touch=False)
            offer._log(_("Released for the next export by the back office."))
            offer._close_backoffice_activities()
        return True

    # ------------------------------------------------------------------ activities
    @api.model
    def _backoffice_activity(self, record, summary, note):
        """A to-do for the back office on ``record`` (once per summary while open)."""
        record = record.sudo()
        model = self.env["ir.model"].sudo()._get(record._name)
        Activity = self.env["mail.activity"].sudo()
        existing = Activity.search([("res_model_id", "=", model.id), ("res_id", "=", record.id),
                                    ("summary", "=", summary)], limit=1)
        if existing:
            existing.write({"note": tools.plaintext2html(note)})
            return existing
        company = record.company_id if "company_id" in record._fields and record.company_id else \
            self.env.user.company_id
        return Activity.create({
            "res_model_id": model.id,
            "res_id": record.id,
            "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
            "summary": summary,
            "note": tools.plaintext2html(note),
            "user_id": company._offer_backoffice_user().id,
            "date_deadline": fields.Date.context_today(self),
        })

    def _close_backoffice_activities(self):
        activities = self.env["mail.activity"].sudo().search([
            ("res_model", "=", self._name), ("res_id", "in", self.ids),
            ("activity_type_id", "=", self.env.ref("mail.mail_activity_data_todo").id),
            ("user_id", "!=", False)])
        activities.filtered(lambda a: a.summary in (
            _("Document held back from the export"), _("Document rejected by the insurer"))).action_done()

    # ------------------------------------------------------------------ delivery to the client
    @api.model
    def _cron_deliver_documents(self):
        return self._deliver_accepted()

    @api.model
    def _local_day_start(self, now=None):
        """Midnight of today in Prague, as naive UTC."""
        now = fields.Datetime.from_string(now or fields.Datetime.now())
        local = cron_schedule.to_local(now, LOCAL_TZ)
        return cron_schedule.to_utc(datetime(local.year, local.month, local.day), LOCAL_TZ)

    @api.model
    def _deliver_accepted(self, domain=None, now=None):
        """Deliver every document accepted before today (Prague time) and not
        delivered yet: per client one storage link for their documents, an
        e-mail and an SMS, queued in the same transaction that marks the
        documents delivered.  Returns the documents delivered."""
        today = fields.Datetime.to_string(self._local_day_start(now))
        offers = self.sudo().with_context(active_test=False).search([
            ("state", "=", "accepted"), ("delivered_at", "=", False), ("accepted_at", "<", today),
            ("partner_id", "!=", False)] + list(domain or []), order="company_id, partner_id, id")
        by_client = OrderedDict()
        for offer in offers:
            by_client.setdefault((offer.company_id.id, offer.partner_id.id), self.browse())
            by_client[(offer.company_id.id, offer.partner_id.id)] |= offer
        delivered = self.browse()
        for client_offers in by_client.values():
            try:
                with self.env.cr.savepoint():
                    if client_offers._deliver_to_client(now):
                        delivered |= client_offers
            except Exception as error:  # one client's problem must not stop the others' deliveries
                _logger.exception("Delivery of %s failed.", ", ".join(client_offers.mapped("name")))
                client_offers._delivery_problem(_("The delivery failed: %s") % tools.ustr(error))
        if delivered:
            _logger.info("Delivered %d documents to their clients.", len(delivered))
        return delivered

    def _delivery_contacts(self):
        """The client's e-mail and mobile: from the documents, else the contact."""
        partner = self[:1].partner_id
        email = mobile = None
        for offer in self.sorted(lambda o: o.id, reverse=True):
            email = email or validation.normalize_email(offer.client_email)
            mobile = mobile or validation.normalize_mobile(offer.client_mobile)
        email = email or validation.normalize_email(partner.email)
        mobile = mobile or validation.normalize_mobile(partner.mobile or partner.phone)
        return email, mobile

    def _deliver_to_client(self, now=None):
        """The e-mail and the SMS for the documents ``self`` of one client."""
        partner = self[:1].partner_id
        email, mobile = self._delivery_contacts()
        if not email or not mobile:
            missing = []
            if not email:
                missing.append(_("a valid e-mail address"))
            if not mobile:
                missing.append(_("a valid mobile number"))
            self._delivery_problem(_("The documents cannot be delivered to %(client)s: the document or the "
                                     "contact has no %(missing)s. Correct the contact; the next morning's "
                                     "delivery sends them.") % {"client": partner.display_name,
                                                                "missing": _(" and no ").join(missing)})
            return False
        lang = partner.lang or "cs_CZ"
        link, url, code = self.env["lease.offer.storage.link"]._issue(partner, self)
        template = self.env.ref("lease_offer_signing.mail_template_storage_link").sudo()
        template.with_context(lease_storage_url=url, lease_delivery_email=email,
                              lease_documents=", ".join(self.mapped("name"))).send_mail(link.id, force_send=False)
        text = self.with_context(lang=lang)._sms_text(code)
        self.env["lease.sms.message"]._queue(mobile, text, code, partner_id=partner.id, link_id=link.id,
                                             offer_ids=[(6, 0, self.ids)], company_id=link.company_id.id)
        moment = fields.Datetime.to_string(fields.Datetime.from_string(now)) if now else fields.Datetime.now()
        self._mark_delivered(moment)
        self.filtered("delivery_problem")._write_system({"delivery_problem": False}, touch=False)
        for offer in self:
            offer._log(_("Delivered to the client: e-mail with the storage link to %(email)s, SMS with the access "
                         "code to %(mobile)s.") % {"email": email, "mobile": mobile})
        return True

    def _sms_text(self, code):
        company = self[:1].company_id.name or ""
        return _("Access code to your documents in the storage: %(code)s. The link was sent to your e-mail. "
                 "%(company)s") % {"code": code, "company": company}

    def _delivery_problem(self, message):
        for offer in self:
            if offer.delivery_problem != message:
                offer._write_system({"delivery_problem": message}, touch=False)
            self._backoffice_activity(offer, _("Documents not delivered to the client"), message)
