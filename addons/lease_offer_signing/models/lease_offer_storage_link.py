# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import secrets
from datetime import timedelta

from odoo import _, api, fields, models

from ..lib import storage_access

DEFAULT_VALIDITY_DAYS = 30


class LeaseOfferStorageLink(models.Model):
    """Access of a client to their documents in the storage (úložiště).

    The client gets the link by e-mail and the access code by SMS the
    morning after the insurer accepted the data.  Only hashes are stored;
    the controller opens the documents after the right code, and every
    attempt is logged in ``lease.offer.storage.access``.
    """

    _name = "lease.offer.storage.link"
    _description = "Client document storage link"
    _order = "create_date desc, id desc"

    partner_id = fields.Many2one("res.partner", string="Client", required=True, readonly=True,
                                 index=True, ondelete="cascade")
    offer_ids = fields.Many2many("lease.offer", string="Documents", readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True,
                                 default=lambda self: self.env.user.company_id)
    token_hash = fields.Char(readonly=True, required=True, index=True, copy=False)
    code_salt = fields.Char(readonly=True, required=True, copy=False)
    code_hash = fields.Char(readonly=True, required=True, copy=False)
    expires_at = fields.Datetime(string="Valid until", required=True, readonly=True)
    failed_attempts = fields.Integer(string="Wrong codes", readonly=True)
    last_failure_at = fields.Datetime(string="Last wrong code", readonly=True)
    locked = fields.Boolean(readonly=True, help="Locked after too many wrong codes.")
    access_ids = fields.One2many("lease.offer.storage.access", "link_id", string="Access log",
                                 readonly=True)

    _sql_constraints = [
        ("token_hash_unique", "unique(token_hash)", "The storage link already exists."),
    ]

    @api.multi
    def name_get(self):
        return [(link.id, _("Storage of %s") % link.partner_id.display_name) for link in self]

    # ------------------------------------------------------------------ issuing
    @api.model
    def _code_secret(self):
        return self.env["ir.config_parameter"].sudo().get_param("database.secret") or ""

    @api.model
    def _issue(self, partner, offers):
        """Create a link for ``partner`` to ``offers``; return (link, url, code).

        The URL and the code exist only in this return value: the caller
        sends them (e-mail and SMS) and they are never stored in clear.
        """
        token = storage_access.new_token()
        code = storage_access.new_code()
        salt = secrets.token_hex(8)
        days = int(self.env["ir.config_parameter"].sudo().get_param(
            "lease_offer_signing.storage_link_days", DEFAULT_VALIDITY_DAYS))
        link = self.sudo().create({
            "partner_id": partner.id,
            "offer_ids": [(6, 0, offers.ids)],
            "company_id": (offers[:1].company_id or self.env.user.company_id).id,
            "token_hash": storage_access.token_hash(token),
            "code_salt": salt,
            "code_hash": storage_access.code_hash(self._code_secret(), salt, code),
            "expires_at": fields.Datetime.to_string(fields.Datetime.from_string(fields.Datetime.now())
                                                    + timedelta(days=days)),
        })
        return link, link._url(token), code

    def _url(self, token):
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url") or ""
        return "%s/storage/%s" % (base.rstrip("/"), token)

    # ------------------------------------------------------------------ checking
    @api.model
    def _find_by_token(self, token):
        """The link of ``token`` (sudo), or an empty recordset for an unknown or malformed token."""
        if not storage_access.looks_like_token(token):
            return self.sudo().browse()
        return self.sudo().search([("token_hash", "=", storage_access.token_hash(token))], limit=1)

    def _is_expired(self):
        self.ensure_one()
        return fields.Datetime.from_string(self.expires_at) <= fields.Datetime.from_string(fields.Datetime.now())

    def _seconds_to_wait(self):
        """Seconds before the next attempt is accepted (throttling after wrong codes)."""
        self.ensure_one()
        if not self.failed_attempts or not self.last_failure_at:
            return 0
        ready = (fields.Datetime.from_string(self.last_failure_at)
                 + timedelta(seconds=storage_access.retry_delay(self.failed_attempts)))
        left = (ready - fields.Datetime.from_string(fields.Datetime.now())).total_seconds()
        return max(0, int(left + 0.999))

    def _check_code(self, code, ip=None, user_agent=None):
        """Verify the access code typed by the client.

        Returns one of ``ok``, ``wrong``, ``locked``, ``expired``, ``wait``;
        every call is logged.  The link locks after five wrong codes.
        """
        self.ensure_one()
        link = self.sudo()
        # serialise concurrent attempts on the same link
        self.env.cr.execute("SELECT id FROM lease_offer_storage_link WHERE id = %s FOR UPDATE", (link.id,))
        link.invalidate_cache()
        if link.locked:
            outcome = "locked"
        elif link._is_expired():
            outcome = "expired"
        elif link._seconds_to_wait():
            outcome = "wait"
        else:
            normalized = storage_access.normalize_code(code)
            if normalized and storage_access.code_matches(link._code_secret(), link.code_salt, normalized,
                                                          link.code_hash):
                outcome = "ok"
                link.write({"failed_attempts": 0, "last_failure_at": False})
            else:
                outcome = "wrong"
                failed = link.failed_attempts + 1
                link.write({
                    "failed_attempts": failed,
                    "last_failure_at": fields.Datetime.now(),
                    "locked": failed >= storage_access.MAX_FAILED_ATTEMPTS,
                })
        link._log("code_" + outcome, ip=ip, user_agent=user_agent)
        if outcome == "wrong" and link.locked:
            return "locked"
        return outcome

    def _documents(self):
        """The documents the client may see through this link: their own, delivered with it."""
        self.ensure_one()
        return self.sudo().offer_ids.filtered(lambda offer: offer.partner_id == self.partner_id)

    def _log(self, event, offer=None, ip=None, user_agent=None):
        self.ensure_one()
        return self.env["lease.offer.storage.access"].sudo().create({
            "link_id": self.id,
            "event": event,
            "offer_id": offer.id if offer else False,
            "ip_address": (ip or "")[:64],
            "user_agent": (user_agent or "")[:256],
        })


class LeaseOfferStorageAccess(models.Model):
    """One access to the client's storage: opening, a code attempt, a download."""

    _name = "lease.offer.storage.access"
    _description = "Client document storage access"
    _order = "date desc, id desc"

    link_id = fields.Many2one("lease.offer.storage.link", string="Storage link", required=True,
                              readonly=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one(related="link_id.partner_id", store=True, readonly=True, string="Client")
    company_id = fields.Many2one(related="link_id.company_id", store=True, readonly=True, string="Company")
    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    event = fields.Selection([
        ("open", "Link opened"),
        ("code_ok", "Right code"),
        ("code_wrong", "Wrong code"),
        ("code_wait", "Attempt too soon"),
        ("code_locked", "Attempt on a locked link"),
        ("code_expired", "Attempt on an expired link"),
        ("list", "Documents listed"),
        ("download", "Document downloaded"),
        ("denied", "Access denied"),
    ], required=True, readonly=True)
    offer_id = fields.Many2one("lease.offer", string="Document", readonly=True, ondelete="set null")
    ip_address = fields.Char(string="IP address", readonly=True)
    user_agent = fields.Char(string="Browser", readonly=True)
