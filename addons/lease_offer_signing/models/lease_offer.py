# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import binascii
import hashlib
import json
import logging
import re
from email.utils import formataddr

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError, ValidationError

from ..lib import offer_rules, pdf_files, signature_package, validation

_logger = logging.getLogger(__name__)

# Writes of the fields the system maintains (state, export data, hashes, ...)
# carry this object in their context.  It exists only inside this process, so
# no context sent over RPC or JSON can contain it.
_SYSTEM_WRITE = object()
SYSTEM_WRITE_KEY = "lease_offer_system_write"
# Set while the offer itself writes its lines (one2many commands), so that the
# lines do not bump the offer's version a second time.
_OFFER_WRITE = object()
OFFER_WRITE_KEY = "lease_offer_parent_write"

STATE_SELECTION = [
    ("draft", "In progress"),
    ("awaiting_signature", "Awaiting signature"),
    ("signed", "Signed"),
    ("backed_up", "Stored on the server"),
    ("exported", "Exported"),
    ("accepted", "Accepted by the insurer"),
    ("cancelled", "Cancelled"),
    ("conflict", "Conflict"),
]
DOCUMENT_TYPES = [
    ("offer", "Offer"),
    ("modeling", "Modeling"),
    ("change_request", "Change request"),
]
PAYMENT_FREQUENCIES = [
    ("monthly", "Monthly"),
    ("quarterly", "Quarterly"),
    ("half_yearly", "Half-yearly"),
    ("yearly", "Yearly"),
]
SEQUENCE_CODES = {
    "offer": "lease.offer.offer",
    "modeling": "lease.offer.modeling",
    "change_request": "lease.offer.change_request",
}
# Fields only the offer's own methods write.
SYSTEM_FIELDS = frozenset([
    "name", "state", "signed_digitally", "conflict", "version", "last_change_date",
    "document_sha256", "document_attachment_id", "pdf_attachment_id", "pdf_sha256",
    "export_batch_id", "exported_at", "accepted_at", "delivered_at", "source_document_id",
    "export_hold", "export_problem", "delivery_problem",
])
# Fields an advisor cannot change: the owner and company of a document, its archiving.
BACKOFFICE_FIELDS = ("advisor_id", "company_id", "active")
DEFAULT_RETENTION_MONTHS = 6
# stylesheet links of Odoo's asset bundles in a rendered report
_ASSET_LINK = re.compile(r"""<link[^>]*href=["'](/web/content/[^"']+\.css)["'][^>]*>""")


class LeaseOffer(models.Model):
    """A life-insurance document concluded by an advisor: an offer of the
    FLEXI life insurance, a stand-alone modeling, or a change request of an
    existing contract; signed on paper or digitally on a signature pad."""

    _name = "lease.offer"
    _inherit = ["mail.thread", "mail.activity.mixin", "lease.offer.portal.mixin"]
    _description = "Life-insurance document"
    _order = "last_change_date desc, id desc"

    name = fields.Char(
        string="Number", readonly=True, copy=False, index=True, default="/",
        help="Offer number, given by the system when the document is created.")
    document_type = fields.Selection(
        DOCUMENT_TYPES, string="Document type", required=True, default="offer", index=True,
        track_visibility="onchange")
    state = fields.Selection(
        STATE_SELECTION, string="Status", required=True, default="draft", readonly=True, copy=False,
        index=True, track_visibility="onchange")
    state_description = fields.Char(string="Status detail", compute="_compute_state_description")
    state_icon = fields.Selection(related="state", readonly=True, string="Status icon")
    locked = fields.Boolean(
        compute="_compute_locked",
        help="The content can no longer be changed (signing, signed, exported or cancelled).")
    active = fields.Boolean(default=True, copy=False)
    company_id = fields.Many2one(
        "res.company", required=True,
        default=lambda self: self.env["res.company"]._company_default_get("lease.offer"))
    currency_id = fields.Many2one(related="company_id.currency_id", readonly=True, string="Currency")
    advisor_id = fields.Many2one(
        "res.users", required=True, index=True, default=lambda self: self.env.user,
        track_visibility="onchange")
    # advisors (portal users) create these records: the deadline of the next
    # activity is recomputed on create, so they must be allowed to write it
    activity_date_deadline = fields.Date(groups="base.group_user,lease_offer_signing.group_offer_advisor")
    # client
    partner_id = fields.Many2one(
        "res.partner", string="Client", index=True, track_visibility="onchange",
        help="The policyholder.")
    client_mobile = fields.Char(string="Client's mobile", track_visibility="onchange")
    client_email = fields.Char(string="Client's e-mail", track_visibility="onchange")
    digital_signing = fields.Boolean(
        string="Sign digitally", default=True, track_visibility="onchange",
        help="Signed on a signature pad; needs the client's mobile phone and e-mail.")
    contract_no = fields.Char(
        string="Contract number", index=True, track_visibility="onchange",
        help="For a change request: the existing contract to amend (its number starts with 7).")
    # product data of a FLEXI life-insurance offer
    product_code = fields.Char(string="Product", default="FLEXI")
    date_start = fields.Date(string="Insurance start")
    insurance_term_years = fields.Integer(string="Term (years)", default=20)
    payment_frequency = fields.Selection(PAYMENT_FREQUENCIES, string="Payment frequency", default="monthly")
    sum_insured_death = fields.Monetary(string="Sum insured on death")
    sum_insured_disability = fields.Monetary(string="Sum insured on disability")
    sum_insured_accident = fields.Monetary(string="Sum insured on accident")
    premium = fields.Monetary(help="Premium per payment period.")
    note = fields.Text()
    insured_person_ids = fields.One2many(
        "lease.offer.insured.person", "offer_id", string="Insured persons", copy=True)
    health_question_ids = fields.One2many(
        "lease.offer.health.question", "offer_id", string="Health questions", copy=False)
    signature_ids = fields.One2many("lease.offer.signature", "offer_id", string="Signature fields", copy=False)
    signature_count = fields.Integer(compute="_compute_signature_progress", string="Signature fields count")
    signed_count = fields.Integer(compute="_compute_signature_progress", string="Signed fields")
    next_signature_id = fields.Many2one(
        "lease.offer.signature", compute="_compute_signature_progress", string="Next field to sign")
    # documents
    document_attachment_id = fields.Many2one(
        "ir.attachment", string="Document to sign", readonly=True, copy=False,
        help="The unsigned PDF shown to the signers; the signatures are bound to its SHA-256.")
    document_sha256 = fields.Char(string="SHA-256 of the document to sign", readonly=True, copy=False)
    pdf_attachment_id = fields.Many2one("ir.attachment", string="Signed PDF", readonly=True, copy=False)
    pdf_sha256 = fields.Char(string="SHA-256 of the signed PDF", readonly=True, copy=False)
    signed_digitally = fields.Boolean(string="Signed digitally", readonly=True, copy=False)
    # export, acceptance, delivery
    export_batch_id = fields.Many2one(
        "lease.offer.export.batch", string="Export batch", readonly=True, copy=False, index=True)
    exported_at = fields.Datetime(string="Exported on", readonly=True, copy=False)
    accepted_at = fields.Datetime(string="Accepted on", readonly=True, copy=False)
    delivered_at = fields.Datetime(string="Delivered to the client on", readonly=True, copy=False)
    # concurrency and retention
    version = fields.Integer(
        default=1, readonly=True, copy=False,
        help="Grows with every change; an edit based on an older version is refused or, when the "
             "document was exported meanwhile, kept aside as a conflict.")
    conflict = fields.Boolean(string="In conflict", readonly=True, copy=False, index=True)
    conflict_ids = fields.One2many("lease.offer.conflict", "offer_id", string="Conflicts", readonly=True)
    last_change_date = fields.Datetime(
        string="Last change", readonly=True, copy=False, index=True, default=fields.Datetime.now)
    source_document_id = fields.Many2one(
        "lease.offer", string="Prefilled from", readonly=True, copy=False,
        help="The modeling this offer was prefilled from.")

    @api.depends("state")
    def _compute_state_description(self):
        descriptions = self._state_descriptions()
        for offer in self:
            offer.state_description = descriptions.get(offer.state, "")

    def _state_descriptions(self):
        """The seed's explanation of each state, shown as a tooltip."""
        return {
            "draft": _("The document is in progress; it will not be sent to the insurer."),
            "awaiting_signature": _("The document waits for a digital signature; it will not be sent "
                                    "to the insurer."),
            "signed": _("The document was signed digitally and saved; it waits for the server and can "
                        "no longer be edited."),
            "backed_up": _("The document is stored on the server; it will be exported to the insurer "
                           "around 21:00."),
            "exported": _("The document was exported to the insurer; it can no longer be edited."),
            "accepted": _("The insurer took the document into processing."),
            "cancelled": _("The document was cancelled (storno); it can no longer be worked on."),
            "conflict": _("The document was edited after it had been exported; the edit was not applied "
                          "and the exported data stand."),
        }

    @api.depends("state", "signed_digitally")
    def _compute_locked(self):
        for offer in self:
            offer.locked = bool(offer_rules.edit_refusal(offer.state, offer.signed_digitally))

    @api.depends("signature_ids.state", "signature_ids.sequence")
    def _compute_signature_progress(self):
        for offer in self:
            signatures = offer.signature_ids
            offer.signature_count = len(signatures)
            offer.signed_count = len(signatures.filtered(lambda s: s.state == "signed"))
            next_id = offer_rules.next_to_sign((s.sequence, s.id, s.state) for s in signatures)
            offer.next_signature_id = next_id or False

    @api.constrains("document_type", "contract_no")
    def _check_change_request_contract(self):
        for offer in self:
            if offer.document_type != "change_request":
                continue
            if not validation.normalize_change_contract_no(offer.contract_no):
                raise ValidationError(_(
                    "A change request can only be made for an existing contract whose number starts "
                    "with 7 (e.g. 7001234567); '%s' is not such a contract number.") % (offer.contract_no or ""))

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        if self.partner_id:
            self.client_mobile = self.partner_id.mobile or self.client_mobile
            self.client_email = self.partner_id.email or self.client_email

    # ------------------------------------------------------------------ CRUD
    def _is_system_write(self):
        return self.env.context.get(SYSTEM_WRITE_KEY) is _SYSTEM_WRITE

    def _system(self):
        """This recordset allowed to write the fields the system maintains."""
        return self.with_context(**{SYSTEM_WRITE_KEY: _SYSTEM_WRITE})

    def _is_backoffice(self):
        return self.env.user._is_superuser() or self.env.user.has_group(
            "lease_offer_signing.group_offer_backoffice")

    @api.model
    def create(self, vals):
        vals = dict(vals)
        if not self._is_system_write():
            vals.pop("version", None)
            vals.pop("name", None)
            if vals.get("state", "draft") != "draft":
                raise UserError(_("A new document always starts in progress; its status changes only "
                                  "through its actions."))
            forbidden = sorted(key for key in SYSTEM_FIELDS & set(vals) if vals[key] and key != "state")
            if forbidden:
                raise UserError(self._system_field_message(forbidden))
            if not self._is_backoffice():
                advisor_id = vals.get("advisor_id") or self.env.uid
                if advisor_id != self.env.uid:
                    raise UserError(_("An advisor can only create documents of their own."))
        if not vals.get("name") or vals["name"] == "/":
            code = SEQUENCE_CODES.get(vals.get("document_type") or "offer", SEQUENCE_CODES["offer"])
            # advisors (portal users) may not read sequences: the number is a system value
            vals["name"] = self.env["ir.sequence"].sudo().next_by_code(code) or "/"
        vals.update(version=1, last_change_date=fields.Datetime.now())
        offer = super(LeaseOffer, self._system().with_context(
            mail_create_nosubscribe=True, mail_create_nolog=True)).create(vals)
        offer._log(_("Document created."))
        # the caller gets the record in its own context, never the system one
        return self.browse(offer.id)

    @api.multi
    def write(self, vals):
        if self._is_system_write():
            return super(LeaseOffer, self).write(vals)
        vals = dict(vals)
        if not set(vals) - self._meta_fields() - {"active"}:
            # followers, activities, archiving: not the document's content
            if "active" in vals:
                self._check_client_vals({"active": vals["active"]})
            return super(LeaseOffer, self).write(vals)
        version = vals.pop("version", None)
        self._check_client_vals(vals)
        offers = self
        if version is not None and version is not False:
            offers = self._filter_current_version(vals, version)
        if not offers or not vals:
            return True
        offers._check_content_editable()
        res = super(LeaseOffer, offers.with_context(**{OFFER_WRITE_KEY: _OFFER_WRITE})).write(vals)
        offers._touch()
        return res

    def _meta_fields(self):
        """Fields of the messaging mixins: written by the chatter, never locked."""
        return (set(self.env["mail.thread"]._fields) | set(self.env["mail.activity.mixin"]._fields)) \
            - set(models.MAGIC_COLUMNS) - {"display_name", "__last_update"}

    def _check_client_vals(self, vals):
        forbidden = sorted(SYSTEM_FIELDS & set(vals))
        if forbidden:
            raise UserError(self._system_field_message(forbidden))
        if "document_type" in vals and any(o.document_type != vals["document_type"] for o in self):
            raise UserError(_("The type of a document cannot be changed. Create a new document, or "
                              "prefill an offer from a modeling."))
        if not self._is_backoffice():
            for name in BACKOFFICE_FIELDS:
                if name in vals and any(self._field_differs(o, name, vals[name]) for o in self):
                    raise UserError(_("Only the back office can change the field '%s'.")
                                    % self._fields[name].get_description(self.env)["string"])

    @staticmethod
    def _field_differs(record, name, value):
        current = record[name]
        if isinstance(current, models.BaseModel):
            return current.id != (value or False)
        return current != value

    def _system_field_message(self, names):
        labels = ", ".join(self._fields[name].get_description(self.env)["string"] for name in names)
        return _("These fields are maintained by the system and cannot be set directly: %s. "
                 "Use the document's actions instead.") % labels

    def _filter_current_version(self, vals, version):
        """The documents an edit based on ``version`` may be applied to
        (optimistic concurrency).

        A stale edit of a document that was exported meanwhile is not applied:
        it is kept as a ``lease.offer.conflict`` and the document goes to the
        ``conflict`` state; any other stale edit is refused.
        """
        try:
            version = int(version)
        except (TypeError, ValueError):
            raise UserError(_("The document version must be a whole number."))
        current = self.browse()
        for offer in self:
            if offer.version == version:
                current |= offer
            elif offer.state in offer_rules.EXPORTED_STATES:
                offer._record_conflict(dict(vals, version=version))
            else:
                raise UserError(_(
                    "The document %(name)s was changed meanwhile (you edited version %(edited)s, it is now at "
                    "version %(current)s). Reload it and make your change again.")
                    % {"name": offer.name, "edited": version, "current": offer.version})
        return current

    def _touch(self):
        """Record a change of the document: a new version and the last change date."""
        return self._write_system({})

    def _write_system(self, vals, touch=True):
        """Write fields the system maintains (state, export data, hashes,
        archiving).  Every write gives a new version; with ``touch`` it also
        counts as a change of the document (its last change date).  The
        export and the portal call this for their own steps."""
        now = fields.Datetime.now()
        for offer in self._system():
            values = dict(vals, version=offer.version + 1)
            if touch:
                values["last_change_date"] = now
            offer.write(values)
        return True

    def _check_content_editable(self):
        """Refuse a change of the document's content in states that lock it."""
        for offer in self:
            reason = offer_rules.edit_refusal(offer.state, offer.signed_digitally)
            if reason:
                raise UserError(offer._edit_refusal_message(reason))

    def _edit_refusal_message(self, reason):
        if reason == "cancelled":
            return _("The document %s was cancelled (storno) and can no longer be changed.") % self.name
        if reason == "exported":
            return _("The document %s was exported to the insurer and is locked; it can no longer be "
                     "changed or cancelled.") % self.name
        if reason == "signed":
            return _("The document %s was signed digitally and can no longer be changed. A change needs a "
                     "withdrawal or a change request signed by the client on paper.") % self.name
        return _("The document %s is waiting for signatures. Return it to draft first (the signatures "
                 "collected so far are discarded).") % self.name

    @api.multi
    def unlink(self):
        for offer in self:
            if offer_rules.unlink_refusal(offer.state):
                raise UserError(_(
                    "The document %s is no longer in progress and cannot be deleted; cancel it (storno) "
                    "instead where that is allowed.") % offer.name)
        return super(LeaseOffer, self).unlink()

    @api.multi
    @api.returns("self", lambda value: value.id)
    def copy(self, default=None):
        self.ensure_one()
        default = dict(default or {})
        default.setdefault("advisor_id", self.advisor_id.id)
        return super(LeaseOffer, self).copy(default)

    # ------------------------------------------------------------------ signing
    @api.multi
    def action_start_signing(self):
        """In progress → awaiting signature: check the client's contacts, lay
        out the signature fields, and produce the document to sign."""
        for offer in self:
            if offer.state != "draft":
                raise UserError(_("Only a document in progress can be sent to signing; %(name)s is %(state)s.")
                                % offer._message_values())
            if not offer.digital_signing:
                raise UserError(_("The document %s is not to be signed digitally. Tick 'Sign digitally', "
                                  "or print it and save it as completed.") % offer.name)
            offer._check_ready_to_complete()
            mobile = validation.normalize_mobile(offer.client_mobile)
            if not mobile:
                raise UserError(_(
                    "Digital signing needs the client's mobile phone number, e.g. +420 777 123 456 or "
                    "777123456; '%s' is not a valid mobile number.") % (offer.client_mobile or ""))
            email = validation.normalize_email(offer.client_email)
            if not email:
                raise UserError(_("Digital signing needs the client's e-mail address; '%s' is not a valid "
                                  "e-mail address.") % (offer.client_email or ""))
            offer._write_system({"client_mobile": mobile, "client_email": email}, touch=False)
            offer._ensure_signature_fields()
            pdf = offer._render_pdf()
            digest = hashlib.sha256(pdf).hexdigest()
            attachment = offer._store_pdf(pdf, "%s.pdf" % offer._file_stem(), offer.document_attachment_id)
            offer._write_system({
                "state": "awaiting_signature",
                "document_attachment_id": attachment.id,
                "document_sha256": digest,
            })
        return True

    def _check_ready_to_complete(self):
        if self.document_type != "modeling" and not self.partner_id:
            raise UserError(_("Choose the client of the document %s first.") % self.name)

    def _ensure_signature_fields(self):
        """Create the missing signature fields: the client, every insured
        person who is not the client, and the advisor, in this order."""
        self.ensure_one()
        Signature = self.env["lease.offer.signature"]._system()
        existing = self.signature_ids
        wanted = [("client", 10, self.partner_id.name or _("Client"), False)]
        for index, person in enumerate(self.insured_person_ids.filtered(lambda p: not p.is_client)):
            wanted.append(("insured", 20 + index, person.name, person.id))
        wanted.append(("advisor", 90, self.advisor_id.name, False))
        for role, sequence, signer, person_id in wanted:
            if existing.filtered(lambda s: s.role == role and (s.insured_person_id.id or False) == person_id):
                continue
            existing |= Signature.create({
                "offer_id": self.id,
                "role": role,
                "sequence": sequence,
                "signer_name": signer,
                "insured_person_id": person_id,
            })

    @api.multi
    def action_sign_field(self, signature_id, image_png_b64, package_b64, key_id, document_sha256,
                          pad_model=None, pad_serial=None):
        """Store the signature of the next field to sign.

        ``image_png_b64`` is the PNG of the signature, ``package_b64`` the
        encrypted biometric package from the signature agent (kept opaque; when
        it carries the agent's header, that header must name this document and
        field), ``key_id`` the escrow key it was encrypted for, and
        ``document_sha256`` the hash of the document the signer saw.
        Returns ``{'signature_id', 'next_signature_id', 'all_signed'}``.
        """
        self.ensure_one()
        if self.state != "awaiting_signature":
            raise UserError(_("The document %(name)s is not waiting for signatures (it is %(state)s).")
                            % self._message_values())
        try:
            signature_id = int(signature_id)
        except (TypeError, ValueError):
            signature_id = 0
        signature = self.signature_ids.filtered(lambda s: s.id == signature_id)
        if not signature:
            raise UserError(_("This signature field does not belong to the document %s.") % self.name)
        if signature.state == "signed":
            raise UserError(_("The field '%s' has already been signed.") % signature.display_name)
        next_id = offer_rules.next_to_sign((s.sequence, s.id, s.state) for s in self.signature_ids)
        if signature.id != next_id:
            raise UserError(_("The fields are signed one after another: the next field to sign is '%s'.")
                            % self.signature_ids.browse(next_id).display_name)
        if (document_sha256 or "").strip().lower() != self.document_sha256:
            raise UserError(_("The signature was made on another version of the document (its document "
                              "hash does not match). Please sign again."))
        image = self._decode_b64(image_png_b64)
        if not image or image[:8] != b"\x89PNG\r\n\x1a\n":
            raise UserError(_("The signature image must be a PNG picture."))
        package = self._decode_b64(package_b64)
        if not package:
            raise UserError(_("The encrypted signature package is missing or damaged."))
        header = signature_package.parse_header(package)
        if signature_package.is_package(package) and not header:
            raise UserError(_("The encrypted signature package is missing or damaged."))
        if header and header.document_sha256 != self.document_sha256:
            raise UserError(_("The signature was made on another version of the document (its document "
                              "hash does not match). Please sign again."))
        if header and header.field_id != signature.field_id:
            raise UserError(_("The signature package belongs to another signature field (%s).")
                            % header.field_id)
        key_id = (key_id or "").strip()
        if not key_id or len(key_id) > 128:
            raise UserError(_("The signature package must name the key it was encrypted for."))
        signature._system().write({
            "state": "signed",
            "image": base64.b64encode(image),
            "biometric_blob": base64.b64encode(package),
            "key_id": key_id,
            "document_sha256": self.document_sha256,
            "signed_at": fields.Datetime.now(),
            "pad_model": (pad_model or "")[:64] or False,
            "pad_serial": (pad_serial or "")[:64] or False,
        })
        self._touch()
        next_id = offer_rules.next_to_sign((s.sequence, s.id, s.state) for s in self.signature_ids)
        return {"signature_id": signature.id, "next_signature_id": next_id or False, "all_signed": not next_id}

    @staticmethod
    def _decode_b64(value):
        if not value:
            return b""
        if isinstance(value, str):
            value = value.encode("ascii", "ignore")
        try:
            return base64.b64decode(value, validate=False)
        except (binascii.Error, ValueError):
            return b""

    @api.multi
    def action_back_to_draft(self):
        """Awaiting signature → in progress; the signatures collected so far
        are discarded (they are bound to the document that is being left)."""
        for offer in self:
            if offer.state != "awaiting_signature":
                raise UserError(_("Only a document waiting for signatures can be returned to draft."))
            offer.signature_ids._system().write({
                "state": "pending", "image": False, "biometric_blob": False, "key_id": False,
                "document_sha256": False, "signed_at": False, "pad_model": False, "pad_serial": False,
            })
            attachment = offer.document_attachment_id
            offer._write_system({"state": "draft", "document_attachment_id": False, "document_sha256": False})
            attachment.sudo().with_context(**{SYSTEM_WRITE_KEY: _SYSTEM_WRITE}).unlink()
        return True

    @api.multi
    def action_save_and_send(self):
        """All fields signed → signed: the final PDF with the signature images
        and the encrypted packages embedded is stored with its SHA-256."""
        for offer in self:
            if offer.state != "awaiting_signature":
                raise UserError(_("The document %(name)s is not waiting for signatures (it is %(state)s).")
                                % offer._message_values())
            pending = offer.signature_ids.filtered(lambda s: s.state != "signed")
            if not offer.signature_ids or pending:
                raise UserError(_("Not every signature field is signed yet: %s.")
                                % ", ".join(pending.mapped("display_name")))
            pdf = offer._render_signed_pdf()
            attachment = offer._store_pdf(pdf, "%s-signed.pdf" % offer._file_stem(), offer.pdf_attachment_id)
            offer._write_system({
                "state": "signed",
                "signed_digitally": True,
                "pdf_attachment_id": attachment.id,
                "pdf_sha256": hashlib.sha256(pdf).hexdigest(),
            })
            offer._log(_("The document was signed digitally and saved (SHA-256 %s).") % offer.pdf_sha256)
        return True

    @api.multi
    def action_mark_backed_up(self):
        """Signed → stored on the server (it will be exported around 21:00)."""
        for offer in self:
            if offer.state != "signed":
                raise UserError(_("Only a signed document can be stored on the server; %(name)s is %(state)s.")
                                % offer._message_values())
            offer._write_system({"state": "backed_up"})
        return True

    @api.multi
    def action_save_completed(self):
        """In progress → stored on the server, for a document signed on paper."""
        for offer in self:
            if offer.state != "draft":
                raise UserError(_("Only a document in progress can be saved as completed; %(name)s is "
                                  "%(state)s.") % offer._message_values())
            if offer.digital_signing:
                raise UserError(_("The document %s is to be signed digitally: start the signing instead.")
                                % offer.name)
            offer._check_ready_to_complete()
            offer._write_system({"state": "backed_up"})
        return True

    @api.multi
    def action_storno(self):
        """Cancel a document saved as completed that was neither signed
        digitally nor exported; it can no longer be worked on."""
        for offer in self:
            reason = offer_rules.storno_refusal(offer.state, offer.signed_digitally)
            if reason == "cancelled":
                raise UserError(_("The document %s is already cancelled.") % offer.name)
            if reason == "signed":
                raise UserError(_(
                    "The document %s was signed digitally and cannot be cancelled: it is treated like a paper "
                    "document posted to the insurer. A withdrawal or a change request signed by the client "
                    "on paper is needed.") % offer.name)
            if reason == "exported":
                raise UserError(_("The document %s was exported to the insurer and can no longer be "
                                  "cancelled.") % offer.name)
            if reason:
                raise UserError(_("Only a document saved as completed can be cancelled; %(name)s is %(state)s. "
                                  "A document in progress can simply be deleted.") % offer._message_values())
            offer._write_system({"state": "cancelled"})
        return True

    @api.multi
    @api.returns("self", lambda value: value.id)
    def action_copy(self):
        """A new document with a new number and the same data; the health
        questions are not copied."""
        self.ensure_one()
        return self.copy()

    @api.multi
    def action_copy_open(self):
        return self.action_copy()._form_action()

    @api.multi
    @api.returns("self", lambda value: value.id)
    def action_prefill_offer(self):
        """A new offer prefilled with the data of this modeling."""
        self.ensure_one()
        if self.document_type != "modeling":
            raise UserError(_("Only a modeling can prefill an offer."))
        if self.state == "cancelled":
            raise UserError(_("The modeling %s was cancelled and can no longer be used.") % self.name)
        new = self.copy({"document_type": "offer", "contract_no": False})
        new._write_system({"source_document_id": self.id}, touch=False)
        return new

    @api.multi
    def action_prefill_offer_open(self):
        return self.action_prefill_offer()._form_action()

    def _form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }

    @api.multi
    def action_view_pdf(self):
        """Open the stored PDF: the signed one, else the document to sign, else
        a fresh print of the document."""
        self.ensure_one()
        attachment = self.pdf_attachment_id or self.document_attachment_id
        if attachment:
            return {
                "type": "ir.actions.act_url",
                "url": "/web/content/%d?download=false" % attachment.id,
                "target": "new",
            }
        return self.env.ref("lease_offer_signing.lease_offer_report").report_action(self)

    @api.multi
    def action_load_health_questions(self):
        """Add the standard health questionnaire to an offer."""
        for offer in self:
            offer._check_content_editable()
            existing = set(offer.health_question_ids.mapped("question"))
            templates = self.env["lease.offer.health.question.template"].search([("active", "=", True)])
            offer.write({"health_question_ids": [
                (0, 0, {"sequence": t.sequence, "question": t.question})
                for t in templates if t.question not in existing]})
        return True

    # ------------------------------------------------------------------ export and delivery steps
    def _export_lock(self, batch):
        """Signed or stored → exported in ``batch`` (locked from now on).

        One statement for the whole set (the export locks thousands of
        documents at once): the rows are locked, checked, moved and given a
        new version together, and each document gets a chatter note.
        """
        if not self:
            return True
        cr = self.env.cr
        cr.execute("SELECT id, state FROM lease_offer WHERE id IN %s ORDER BY id FOR UPDATE", [tuple(self.ids)])
        refused = [offer_id for offer_id, state in cr.fetchall() if state not in offer_rules.EXPORTABLE_STATES]
        if refused:
            offer = self.browse(refused[0])
            offer.invalidate_cache(["state"], [offer.id])
            raise UserError(_("The document %(name)s cannot be exported: it is %(state)s.")
                            % offer._message_values())
        now = fields.Datetime.now()
        cr.execute("""UPDATE lease_offer
                         SET state = 'exported', exported_at = %s, export_batch_id = %s, version = version + 1,
                             last_change_date = %s, write_uid = %s, write_date = %s
                       WHERE id IN %s""", [now, batch.id, now, self.env.uid, now, tuple(self.ids)])
        self.invalidate_cache(["state", "exported_at", "export_batch_id", "version", "last_change_date",
                               "write_uid", "write_date"], self.ids)
        self._log_many(_("Exported to the insurer in the batch %s; the document is locked.") % batch.name)
        return True

    def _log_many(self, body):
        """The same chatter note on many documents, in one statement."""
        if not self:
            return
        subtype = self.env.ref("mail.mt_note")
        author = self.env.user.partner_id.id
        now = fields.Datetime.now()
        self.env.cr.execute("""
            INSERT INTO mail_message (model, res_id, record_name, body, message_type, subtype_id, author_id,
                                      date, create_uid, create_date, write_uid, write_date)
            SELECT 'lease.offer', id, name, %s, 'notification', %s, %s, %s, %s, %s, %s, %s
              FROM lease_offer WHERE id IN %s""",
                            [tools.plaintext2html(body), subtype.id, author, now, self.env.uid, now,
                             self.env.uid, now, tuple(self.ids)])
        self.invalidate_cache(["message_ids"], self.ids)

    def _mark_accepted(self, date=None):
        """Exported → accepted by the insurer (its acknowledgement arrived);
        documents already accepted are left as they are."""
        date = date or fields.Datetime.now()
        for offer in self:
            if offer.state == "accepted":
                continue
            if offer.state not in ("exported", "conflict"):
                raise UserError(_("The document %(name)s cannot be accepted: it was not exported (it is "
                                  "%(state)s).") % offer._message_values())
            offer._write_system({"state": "accepted", "accepted_at": date})
        return True

    def _mark_delivered(self, date=None):
        """The client got the e-mail with the link to their documents."""
        self._write_system({"delivered_at": date or fields.Datetime.now()}, touch=False)
        return True

    def _record_conflict(self, payload):
        """Keep an edit that came after the export as a conflict."""
        self.ensure_one()
        conflict = self.env["lease.offer.conflict"].sudo().create({
            "offer_id": self.id,
            "advisor_id": self.env.uid if not self.env.user._is_superuser() else self.advisor_id.id,
            "payload": json.dumps(payload, default=str, sort_keys=True, ensure_ascii=False),
            "base_version": payload.get("version") or 0,
            "document_version": self.version,
        })
        self._write_system({"state": "conflict", "conflict": True}, touch=False)
        self._log(_("An edit based on version %s arrived after the document had been exported; it was "
                    "not applied and is kept as a conflict.") % conflict.base_version)
        return conflict

    # ------------------------------------------------------------------ portal lists
    @api.model
    def _advisor_documents_domain(self):
        """The advisor's "Documents" list: their documents that are not in conflict
        (archived ones have dropped out of the list)."""
        return [("advisor_id", "=", self.env.uid), ("conflict", "=", False)]

    @api.model
    def _advisor_conflicts_domain(self):
        """The advisor's "Conflicts" list."""
        return [("advisor_id", "=", self.env.uid), ("conflict", "=", True)]

    # ------------------------------------------------------------------ retention
    @api.model
    def _cron_archive_stale_documents(self):
        """Archive documents whose last change is older than the retention
        period: they drop out of the advisors' lists and stay readable for
        the back office and the export."""
        archived = self.browse()
        for company in self.env["res.company"].search([("offer_retention_months", ">", 0)]):
            months = company.offer_retention_months or DEFAULT_RETENTION_MONTHS
            cutoff = fields.Datetime.to_string(fields.Datetime.from_string(fields.Datetime.now())
                                               - relativedelta(months=months))
            stale = self.search([("company_id", "=", company.id), ("last_change_date", "<", cutoff)])
            stale._write_system({"active": False}, touch=False)
            archived |= stale
        _logger.info("Archived %d life-insurance documents after their retention period.", len(archived))
        return len(archived)

    # ------------------------------------------------------------------ PDF
    def _file_stem(self):
        return (self.name or "document").replace("/", "-")

    def _report_lang(self):
        langs = self.env["res.lang"].sudo().search([("active", "=", True)]).mapped("code")
        for lang in (self.partner_id.sudo().lang, self.advisor_id.sudo().lang, "cs_CZ"):
            if lang and lang in langs:
                return lang
        return self.env.lang or "en_US"

    def _render_pdf(self):
        """The PDF of the document, printed by its QWeb report (with the
        signature images once they are signed)."""
        self.ensure_one()
        self.check_access_rights("read")
        self.check_access_rule("read")
        report = self.env.ref("lease_offer_signing.lease_offer_report").sudo()
        report = report.with_context(lang=self._report_lang())
        html = report.render_qweb_html(self.ids)[0]
        bodies, _ids, header, footer, specific_args = report._prepare_html(html.decode("utf-8"))
        inline = self._report_stylesheets_inliner()
        return report._run_wkhtmltopdf([inline(body) for body in bodies], header=inline(header),
                                       footer=inline(footer), specific_paperformat_args=specific_args)

    def _report_stylesheets_inliner(self):
        """Function putting the report's stylesheets into the page itself.

        wkhtmltopdf would otherwise download them from this Odoo server, which
        cannot answer while modules are loading (install, tests): the print
        would wait forever.  It also makes the PDF independent of the server's
        address.
        """
        qweb = self.env["ir.qweb"].sudo()
        css_by_url = {}
        for bundle in ("web.report_assets_common", "web.report_assets_pdf"):
            files, remains = qweb._get_asset_content(bundle, {})
            for attachment in qweb.get_asset_bundle(bundle, files, remains, env=qweb.env).css():
                css_by_url[attachment.url] = base64.b64decode(attachment.datas).decode("utf-8")

        def replace(match):
            css = css_by_url.get(match.group(1))
            return "<style>%s</style>" % css if css else ""

        def inline(html):
            if not html:
                return html
            if isinstance(html, bytes):
                return _ASSET_LINK.sub(replace, html.decode("utf-8")).encode("utf-8")
            return _ASSET_LINK.sub(replace, html)
        return inline

    def _render_signed_pdf(self):
        pdf = self._render_pdf()
        files = []
        manifest = {"document": self.name, "document_sha256": self.document_sha256, "signatures": []}
        for signature in self.signature_ids.sudo().sorted(lambda s: (s.sequence, s.id)):
            name = "signature-%s.lsbp" % signature.field_id
            files.append((name, base64.b64decode(signature.biometric_blob),
                          "Encrypted biometric signature record, field %s" % signature.field_id))
            manifest["signatures"].append({
                "field_id": signature.field_id, "role": signature.role, "signer": signature.signer_name,
                "key_id": signature.key_id, "signed_at": signature.signed_at, "file": name,
                "pad_model": signature.pad_model or None, "pad_serial": signature.pad_serial or None,
            })
        files.append(("signatures.json", json.dumps(manifest, indent=1, ensure_ascii=False).encode("utf-8"),
                      "List of the signature packages"))
        metadata = {"/Title": self.name, "/Subject": "document-sha256:%s" % self.document_sha256,
                    "/Producer": "Lease Insurance Suite"}
        return pdf_files.embed_files(pdf, files, metadata)

    def _store_pdf(self, pdf, file_name, previous):
        """Store ``pdf`` as an attachment of the document (replacing ``previous``)."""
        # the attachment is written by the system: advisors (portal users) may
        # read their documents' attachments but not create arbitrary ones
        values = {
            "name": file_name,
            "datas_fname": file_name,
            "datas": base64.b64encode(pdf),
            "mimetype": "application/pdf",
            "res_model": self._name,
            "res_id": self.id,
        }
        attachment = self.env["ir.attachment"].sudo().create(values)
        if previous:
            previous.sudo().with_context(**{SYSTEM_WRITE_KEY: _SYSTEM_WRITE}).unlink()
        return attachment

    def _get_pdf_content(self):
        """The bytes of the document's PDF for the portal: the signed PDF,
        else the document to sign, else a fresh print."""
        self.ensure_one()
        self.check_access_rights("read")
        self.check_access_rule("read")
        attachment = (self.pdf_attachment_id or self.document_attachment_id).sudo()
        if attachment:
            return base64.b64decode(attachment.datas)
        return self._render_pdf()

    # ------------------------------------------------------------------ helpers
    def _message_values(self):
        return {"name": self.name, "state": self._state_label()}

    def _state_label(self):
        return dict(self._fields["state"]._description_selection(self.env)).get(self.state, self.state)

    @api.multi
    @api.returns("self", lambda value: value.id)
    def message_post(self, *args, **kwargs):
        """Tracking notes of a document also work for an advisor whose user has
        no e-mail address (the chatter needs a sender address)."""
        if not kwargs.get("email_from") and not self.env.user.email:
            company = self.env.user.company_id
            kwargs["email_from"] = formataddr((self.env.user.name, company.email or "noreply@localhost"))
        return super(LeaseOffer, self).message_post(*args, **kwargs)

    def _log(self, body):
        # the log is the system's note in the chatter, also for portal users
        self.sudo().message_post(body=body, subtype="mail.mt_note")
