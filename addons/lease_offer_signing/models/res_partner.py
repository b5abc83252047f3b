# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib import validation


class ResPartner(models.Model):
    """Clients of life-insurance documents, and the identity of advisors."""

    _inherit = "res.partner"

    # advisors (portal users) create these records: the deadline of the next
    # activity is recomputed on create, so they must be allowed to write it
    activity_date_deadline = fields.Date(groups="base.group_user,lease_offer_signing.group_offer_advisor")
    partner_hr_no = fields.Char(
        string="Partner HR number",
        help="Identification of the advisor's company (business partner) at the insurer: digits, starting "
             "with 9.")
    advisor_code = fields.Char(
        string="Advisor identification",
        help="The advisor's identification (commission) number within their company.")
    ppz_registration_no = fields.Char(
        string="PPZ registration number",
        help="Registration number of the insurance intermediary at the Czech National Bank, e.g. 123456PPZ.")
    lease_offer_ids = fields.One2many("lease.offer", "partner_id", string="Life-insurance documents")
    lease_offer_count = fields.Integer(compute="_compute_lease_offer_count", string="Documents")

    def _compute_lease_offer_count(self):
        data = self.env["lease.offer"].read_group([("partner_id", "in", self.ids)], ["partner_id"], ["partner_id"])
        counts = {item["partner_id"][0]: item["partner_id_count"] for item in data}
        for partner in self:
            partner.lease_offer_count = counts.get(partner.id, 0)

    @api.constrains("partner_hr_no", "advisor_code", "ppz_registration_no")
    def _check_advisor_identity(self):
        for partner in self:
            if partner.partner_hr_no and validation.normalize_hr_no(partner.partner_hr_no) != partner.partner_hr_no:
                raise ValidationError(_("The partner HR number is the numeric identification of the advisor's "
                                        "company and starts with 9; '%s' is not valid.") % partner.partner_hr_no)
            if partner.advisor_code and not validation.normalize_advisor_code(partner.advisor_code):
                raise ValidationError(_("The advisor identification may contain letters, digits and . _ / - "
                                        "(at most 32 characters); '%s' is not valid.") % partner.advisor_code)
            if partner.ppz_registration_no and \
                    validation.normalize_ppz_no(partner.ppz_registration_no) != partner.ppz_registration_no:
                raise ValidationError(_("The PPZ registration number at the Czech National Bank has 4 to 10 "
                                        "digits, optionally followed by PPZ (e.g. 123456PPZ); '%s' is not "
                                        "valid.") % partner.ppz_registration_no)

    @api.model
    def create(self, vals):
        partners = self
        if self.env.user.share:
            # advisors (portal users) enter their clients; the "created" note
            # is for internal users' contacts only
            partners = self.with_context(mail_create_nolog=True, mail_create_nosubscribe=True)
        return super(ResPartner, partners).create(self._normalize_advisor_identity(vals))

    @api.multi
    def write(self, vals):
        return super(ResPartner, self).write(self._normalize_advisor_identity(vals))

    @staticmethod
    def _normalize_advisor_identity(vals):
        """Store the identifiers without blanks (and the PPZ suffix in capitals)."""
        vals = dict(vals)
        for name, normalize in (("partner_hr_no", validation.normalize_hr_no),
                                ("ppz_registration_no", validation.normalize_ppz_no),
                                ("advisor_code", validation.normalize_advisor_code)):
            if vals.get(name):
                vals[name] = normalize(vals[name]) or vals[name].strip()
        return vals

    @api.multi
    def action_view_lease_offers(self):
        self.ensure_one()
        action = self.env.ref("lease_offer_signing.lease_offer_action").read()[0]
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
