# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .lease_offer import _SYSTEM_WRITE, SYSTEM_WRITE_KEY

ROLES = [
    ("client", "Client"),
    ("insured", "Insured person"),
    ("policyholder", "Policyholder"),
    ("legal_representative", "Legal representative"),
    ("advisor", "Advisor"),
]
# what may be changed directly on a field that is not signed yet, while the document is in progress
LAYOUT_FIELDS = frozenset(["sequence", "signer_name", "role", "field_id", "insured_person_id"])
# what the signature agent accepts as a field id
FIELD_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


class LeaseOfferSignature(models.Model):
    """A signature field of a document: who signs, in which order, and —
    once signed — the signature image and the encrypted biometric package."""

    _name = "lease.offer.signature"
    _description = "Signature field"
    _order = "offer_id, sequence, id"

    offer_id = fields.Many2one("lease.offer", string="Document", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="offer_id.company_id", store=True, readonly=True, string="Company")
    sequence = fields.Integer(string="Order", default=10, help="Fields are signed in this order.")
    role = fields.Selection(ROLES, string="Signer role", required=True, default="client")
    signer_name = fields.Char(string="Signer")
    field_id = fields.Char(
        string="Field id", required=True,
        help="Identifier of the field in the document, e.g. client.1; the encrypted package is bound to it. "
             "Given automatically when left empty.")
    insured_person_id = fields.Many2one("lease.offer.insured.person", string="Insured person", ondelete="set null")
    state = fields.Selection(
        [("pending", "Waiting for signature"), ("signed", "Signed")],
        string="Status", required=True, default="pending", readonly=True)
    image = fields.Binary(string="Signature image", attachment=True, readonly=True, help="PNG of the signature.")
    biometric_blob = fields.Binary(
        string="Encrypted biometric package", attachment=True, readonly=True,
        help="The biometric record encrypted for the escrow authority; the ERP cannot decrypt it.")
    key_id = fields.Char(string="Escrow key id", readonly=True)
    document_sha256 = fields.Char(string="SHA-256 of the signed document", readonly=True)
    signed_at = fields.Datetime(string="Signed on", readonly=True)
    pad_model = fields.Char(string="Signature pad", readonly=True)
    pad_serial = fields.Char(string="Pad serial number", readonly=True)

    _sql_constraints = [
        ("field_id_unique", "unique(offer_id, field_id)", "Each signature field of a document needs its own id."),
    ]

    @api.multi
    @api.depends("role", "signer_name")
    def name_get(self):
        roles = dict(self._fields["role"]._description_selection(self.env))
        return [(s.id, "%s – %s" % (roles.get(s.role, s.role), s.signer_name) if s.signer_name
                 else roles.get(s.role, s.role)) for s in self]

    @api.constrains("field_id")
    def _check_field_id(self):
        for signature in self:
            if not FIELD_ID.match(signature.field_id or ""):
                raise ValidationError(_("A signature field id has 1 to 64 letters, digits or . _ : - "
                                        "(e.g. client.1); '%s' is not valid.") % signature.field_id)

    def _is_system_write(self):
        return self.env.context.get(SYSTEM_WRITE_KEY) is _SYSTEM_WRITE

    def _system(self):
        return self.with_context(**{SYSTEM_WRITE_KEY: _SYSTEM_WRITE})

    def _check_layout_change(self, offers, vals):
        if set(vals) - LAYOUT_FIELDS or any(offer.state != "draft" for offer in offers) \
                or any(signature.state == "signed" for signature in self):
            raise UserError(_("Signature fields can only be laid out while the document is in progress; "
                              "signatures are placed through the signing."))

    @api.model
    def create(self, vals):
        if not vals.get("field_id"):
            vals = dict(vals, field_id=self._next_field_id(vals.get("offer_id"), vals.get("role") or "client"))
        if not self._is_system_write():
            layout = {key: value for key, value in vals.items() if key != "offer_id"}
            self._check_layout_change(self.env["lease.offer"].browse(vals.get("offer_id")), layout)
        return super(LeaseOfferSignature, self).create(vals)

    def _next_field_id(self, offer_id, role):
        """``<role>.<n>``: the first number not yet used by the document."""
        used = set(self.sudo().search([("offer_id", "=", offer_id)]).mapped("field_id")) if offer_id else set()
        index = 1
        while "%s.%d" % (role, index) in used:
            index += 1
        return "%s.%d" % (role, index)

    @api.multi
    def write(self, vals):
        if not self._is_system_write():
            offers = self.mapped("offer_id")
            if vals.get("offer_id"):
                offers |= self.env["lease.offer"].browse(vals["offer_id"])
            self._check_layout_change(offers, vals)
        return super(LeaseOfferSignature, self).write(vals)

    @api.multi
    def unlink(self):
        if not self._is_system_write():
            self._check_layout_change(self.mapped("offer_id"), {})
        return super(LeaseOfferSignature, self).unlink()
