# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import hashlib
import hmac
import logging

from odoo import _, fields, models
from odoo.exceptions import AccessError, UserError

from ..lib import advisor_certificate, validation

_logger = logging.getLogger(__name__)

CA_PARAMETER = "lease_offer_signing.advisor_ca_certificates"
ACTIVATION_METHODS = [
    ("partner_hr", "Partner HR number"),
    ("certificate", "Personal certificate"),
]
CERTIFICATE_STATES = [
    ("pending", "Uploaded, waiting for the proof of possession"),
    ("active", "Verified"),
]
BACKOFFICE_GROUPS = "base.group_erp_manager,lease_offer_signing.group_offer_backoffice"


class AdvisorActivationMixin(models.AbstractModel):
    """Activation of a portal user as an insurance advisor (the seed's
    "Aktivace"): by the HR number of a business partner known to the insurer,
    or by a personal certificate whose key the advisor proves to hold.
    ``res.users`` inherits this."""

    _name = "lease.offer.advisor.activation.mixin"
    _description = "Activation of an insurance advisor"

    advisor_activation_method = fields.Selection(
        ACTIVATION_METHODS, string="Activated by", readonly=True, copy=False, groups=BACKOFFICE_GROUPS)
    advisor_activated_at = fields.Datetime(string="Activated on", readonly=True, copy=False,
                                           groups=BACKOFFICE_GROUPS)
    advisor_certificate_pem = fields.Text(string="Personal certificate", readonly=True, copy=False,
                                          groups=BACKOFFICE_GROUPS)
    advisor_certificate_fingerprint = fields.Char(
        string="Certificate fingerprint (SHA-256)", readonly=True, copy=False, index=True, groups=BACKOFFICE_GROUPS)
    advisor_certificate_subject = fields.Char(string="Certificate subject", readonly=True, copy=False,
                                              groups=BACKOFFICE_GROUPS)
    advisor_certificate_issuer = fields.Char(string="Certificate issuer", readonly=True, copy=False,
                                             groups=BACKOFFICE_GROUPS)
    advisor_certificate_serial = fields.Char(string="Certificate serial number", readonly=True, copy=False,
                                             groups=BACKOFFICE_GROUPS)
    advisor_certificate_not_before = fields.Datetime(string="Certificate valid from", readonly=True, copy=False,
                                                     groups=BACKOFFICE_GROUPS)
    advisor_certificate_not_after = fields.Datetime(string="Certificate valid until", readonly=True, copy=False,
                                                    groups=BACKOFFICE_GROUPS)
    advisor_certificate_state = fields.Selection(
        CERTIFICATE_STATES, string="Certificate status", readonly=True, copy=False, groups=BACKOFFICE_GROUPS)
    advisor_certificate_verified_at = fields.Datetime(string="Certificate verified on", readonly=True, copy=False,
                                                      groups=BACKOFFICE_GROUPS)
    # SHA-256 of the one challenge that may still be answered (single use, also across sessions)
    advisor_certificate_challenge_hash = fields.Char(string="Pending certificate challenge (SHA-256)", readonly=True,
                                                     copy=False, groups="base.group_system")

    _sql_constraints = [
        ("advisor_certificate_fingerprint_unique", "unique(advisor_certificate_fingerprint)",
         "This certificate is already registered to another user."),
    ]

    # ------------------------------------------------------------------ state
    def _is_offer_advisor(self):
        self.ensure_one()
        return self.has_group("lease_offer_signing.group_offer_advisor")

    def _advisor_activation_status(self):
        """What the activation page shows about the current user."""
        self._check_activation_allowed()
        user = self.sudo()
        return {
            "is_advisor": self._is_offer_advisor(),
            "method": user.advisor_activation_method,
            "partner_hr_no": user.partner_hr_no,
            "advisor_code": user.advisor_code,
            "ppz_registration_no": user.ppz_registration_no,
            "certificate_state": user.advisor_certificate_state,
            "certificate_subject": user.advisor_certificate_subject,
            "certificate_fingerprint": user.advisor_certificate_fingerprint,
            "certificate_not_after": user.advisor_certificate_not_after,
            "certificate_activation_available": bool(self._advisor_trusted_authorities()),
        }

    def _check_activation_allowed(self):
        """Only the user themselves, and only a portal user, activates."""
        self.ensure_one()
        if self.id != self.env.uid:
            raise AccessError(_("You can only activate your own account."))
        if not self.share:
            raise UserError(_("The advisor activation is for portal users. Internal users get the advisor "
                              "role from the back office."))

    # ------------------------------------------------------------------ identity
    def _advisor_identity_values(self, advisor_code, ppz_no, name=None):
        """The advisor's user data, validated: their name, advisor identification
        and PPZ registration number at the Czech National Bank."""
        values = {}
        code = validation.normalize_advisor_code(advisor_code)
        if not code:
            raise UserError(_("Fill in your advisor identification (your identification or commission number "
                              "at your company): letters, digits and . _ / - , at most 32 characters; "
                              "'%s' is not valid.") % (advisor_code or ""))
        ppz = validation.normalize_ppz_no(ppz_no)
        if not ppz:
            raise UserError(_("Fill in your PPZ registration number at the Czech National Bank: 4 to 10 digits, "
                              "optionally followed by PPZ (e.g. 123456PPZ); '%s' is not valid.") % (ppz_no or ""))
        values.update(advisor_code=code, ppz_registration_no=ppz)
        name = (name or "").strip()
        if name:
            values["name"] = name[:128]
        return values

    def _advisor_grant(self, values, method):
        """The narrow privileged step: store the verified identity and give the
        advisor group to this (portal) user."""
        group = self.env.ref("lease_offer_signing.group_offer_advisor")
        values = dict(values, advisor_activation_method=method, advisor_activated_at=fields.Datetime.now(),
                      groups_id=[(4, group.id)])
        self.sudo().write(values)
        # the user's own cache still thinks it is not an advisor
        self.invalidate_cache()
        self.env.user.invalidate_cache()
        _logger.info("User %s (id %s) activated as an advisor by %s.", self.login, self.id, method)

    # ------------------------------------------------------------------ activation by the partner HR number
    def _advisor_activate_by_partner(self, hr_no, advisor_code, ppz_no, name=None):
        """Activate the current portal user for the business partner whose HR
        number they give; returns the partner's name.  Nothing changes when
        any of the numbers is malformed or the partner is not known."""
        self._check_activation_allowed()
        normalized = validation.normalize_hr_no(hr_no)
        if not normalized:
            raise UserError(_("The partner identification (HR) is the numeric identification of your company "
                              "and starts with 9 (e.g. 9123456); '%s' is not valid.") % (hr_no or ""))
        values = self._advisor_identity_values(advisor_code, ppz_no, name)
        company = self.env["lease.offer.partner.company"]._find_by_hr_no(normalized)
        if not company:
            _logger.info("Advisor activation of user id %s refused: unknown partner HR number.", self.id)
            raise UserError(_("The partner identification (HR) %s is not known to the insurer. Check the number "
                              "with your company's head office, or call the advisors' line 957 115 115.")
                            % normalized)
        values["partner_hr_no"] = normalized
        self._advisor_grant(values, "partner_hr")
        return company.name

    # ------------------------------------------------------------------ activation by a personal certificate
    def _advisor_trusted_authorities(self):
        """The certificates of the authorities whose personal certificates are
        accepted (system parameter, PEM bundle)."""
        bundle = self.env["ir.config_parameter"].sudo().get_param(CA_PARAMETER) or ""
        try:
            return advisor_certificate.load_bundle(bundle)
        except advisor_certificate.CertificateError:
            _logger.error("The system parameter %s does not hold valid PEM certificates.", CA_PARAMETER)
            return []

    def _advisor_certificate_message(self, code):
        messages = {
            "garbage": _("The file is not an X.509 certificate (PEM or DER)."),
            "too_large": _("The file is too large for a certificate."),
            "expired": _("The certificate has expired."),
            "not_yet_valid": _("The certificate is not valid yet."),
            "weak_key": _("The certificate's key is not accepted: use an RSA key of at least 2048 bits or an "
                          "elliptic-curve key."),
            "untrusted": _("The certificate was not issued by a certification authority the insurer trusts."),
            "no_trust_anchor": _("Activation by a personal certificate is not set up yet; activate with your "
                                 "partner identification (HR) or ask the back office."),
            "no_challenge": _("There is no challenge to answer (it was already used or never issued). Ask for "
                              "a new challenge and sign it."),
            "challenge_expired": _("The challenge has expired. Ask for a new challenge and sign it."),
            "challenge_other_user": _("This challenge was issued for another user or certificate. Ask for a new "
                                      "challenge and sign it."),
            "bad_signature": _("The signature does not match your certificate: sign the challenge with the "
                               "private key of the certificate you uploaded."),
            "no_certificate": _("Upload your personal certificate first."),
            "taken": _("This certificate is already registered to another user."),
        }
        return messages.get(code, messages["garbage"])

    def _advisor_register_certificate(self, data, advisor_code, ppz_no, name=None):
        """Store the uploaded personal certificate of the current user, waiting
        for the proof that they hold its key."""
        self._check_activation_allowed()
        values = self._advisor_identity_values(advisor_code, ppz_no, name)
        try:
            info = advisor_certificate.validate_upload(data, self._advisor_trusted_authorities())
        except advisor_certificate.CertificateError as exc:
            raise UserError(self._advisor_certificate_message(exc.code))
        owner = self.sudo().with_context(active_test=False).search(
            [("advisor_certificate_fingerprint", "=", info.fingerprint_sha256), ("id", "!=", self.id)], limit=1)
        if owner:
            raise UserError(self._advisor_certificate_message("taken"))
        values.update({
            "advisor_certificate_pem": info.pem,
            "advisor_certificate_fingerprint": info.fingerprint_sha256,
            "advisor_certificate_subject": info.subject[:256],
            "advisor_certificate_issuer": info.issuer[:256],
            "advisor_certificate_serial": info.serial[:128],
            "advisor_certificate_not_before": fields.Datetime.to_string(info.not_before),
            "advisor_certificate_not_after": fields.Datetime.to_string(info.not_after),
            "advisor_certificate_state": "pending",
            "advisor_certificate_verified_at": False,
        })
        self.sudo().write(values)
        return info

    def _advisor_certificate_challenge(self):
        """A fresh single-use challenge for the current user's certificate; the
        caller keeps it in the user's session (it expires after 5 minutes)."""
        self._check_activation_allowed()
        user = self.sudo()
        if not user.advisor_certificate_pem:
            raise UserError(self._advisor_certificate_message("no_certificate"))
        try:
            advisor_certificate.check_validity(advisor_certificate.load_certificate(user.advisor_certificate_pem))
        except advisor_certificate.CertificateError as exc:
            raise UserError(self._advisor_certificate_message(exc.code))
        challenge = advisor_certificate.new_challenge(self.id, user.advisor_certificate_fingerprint)
        user.write({"advisor_certificate_challenge_hash": self._advisor_challenge_hash(challenge)})
        return challenge

    @staticmethod
    def _advisor_challenge_hash(challenge):
        text = challenge.get("text") if isinstance(challenge, dict) else None
        return hashlib.sha256(text.encode("utf-8")).hexdigest() if isinstance(text, str) else ""

    def _advisor_verify_certificate(self, challenge, signature, now=None):
        """Check the signature of ``challenge`` (taken from the session, which
        forgets it whatever the outcome) with the stored certificate; on
        success the certificate is verified and the user becomes an advisor.

        A challenge is answered once: the user keeps the hash of the last one
        issued and forgets it at the first answer, right or wrong.  Refusals
        raise a UserError after that write, so a caller that shows them must
        not roll the write back."""
        self._check_activation_allowed()
        user = self.sudo()
        if not user.advisor_certificate_pem:
            raise UserError(self._advisor_certificate_message("no_certificate"))
        expected = user.advisor_certificate_challenge_hash or ""
        # whatever the outcome, this challenge cannot be answered again (the
        # caller keeps this write when it shows the refusal)
        user.write({"advisor_certificate_challenge_hash": False})
        try:
            advisor_certificate.check_challenge(challenge, self.id, user.advisor_certificate_fingerprint, now)
            if not expected or not hmac.compare_digest(expected, self._advisor_challenge_hash(challenge)):
                raise advisor_certificate.CertificateError("no_challenge")
            cert = advisor_certificate.load_certificate(user.advisor_certificate_pem)
            advisor_certificate.check_validity(cert, now)
            advisor_certificate.check_issued_by(cert, self._advisor_trusted_authorities(), now)
            if not advisor_certificate.verify_possession(user.advisor_certificate_pem, challenge["text"], signature):
                raise advisor_certificate.CertificateError("bad_signature")
        except advisor_certificate.CertificateError as exc:
            _logger.info("Certificate proof of user id %s refused: %s.", self.id, exc.code)
            raise UserError(self._advisor_certificate_message(exc.code))
        values = {"advisor_certificate_state": "active", "advisor_certificate_verified_at": fields.Datetime.now()}
        if self._is_offer_advisor() and user.advisor_activation_method:
            user.write(values)
        else:
            self._advisor_grant(values, "certificate")
        return True
