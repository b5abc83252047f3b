# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib import validation


class LeaseOfferPartnerCompany(models.Model):
    """A business partner known to the insurer: the company an advisor works
    for, identified by its HR number.  Advisors activate their portal access
    by naming their company's HR number, which must be in this list."""

    _name = "lease.offer.partner.company"
    _description = "Business partner of the insurer"
    _order = "name, id"

    name = fields.Char(string="Company name", required=True)
    partner_hr_no = fields.Char(
        string="Partner HR number", required=True, index=True,
        help="Identification of the company at the insurer: digits, starting with 9.")
    active = fields.Boolean(default=True, help="Only active partners can activate advisors.")
    note = fields.Text()
    advisor_count = fields.Integer(compute="_compute_advisor_count", string="Advisors")

    _sql_constraints = [
        ("partner_hr_no_unique", "unique(partner_hr_no)", "Another business partner already has this HR number."),
    ]

    def _compute_advisor_count(self):
        group = self.env.ref("lease_offer_signing.group_offer_advisor")
        for company in self:
            company.advisor_count = self.env["res.users"].sudo().search_count(
                [("partner_hr_no", "=", company.partner_hr_no), ("groups_id", "in", group.ids)])

    @api.constrains("partner_hr_no")
    def _check_partner_hr_no(self):
        for company in self:
            if validation.normalize_hr_no(company.partner_hr_no) != company.partner_hr_no:
                raise ValidationError(_("The partner HR number is the numeric identification of the company "
                                        "and starts with 9; '%s' is not valid.") % company.partner_hr_no)

    @api.model
    def create(self, vals):
        return super(LeaseOfferPartnerCompany, self).create(self._normalize(vals))

    @api.multi
    def write(self, vals):
        return super(LeaseOfferPartnerCompany, self).write(self._normalize(vals))

    @staticmethod
    def _normalize(vals):
        vals = dict(vals)
        if vals.get("partner_hr_no"):
            vals["partner_hr_no"] = validation.normalize_hr_no(vals["partner_hr_no"]) or vals["partner_hr_no"].strip()
        return vals

    @api.model
    def _find_by_hr_no(self, hr_no):
        """The active partner with this (already normalised) HR number, or an
        empty recordset.  Advisors cannot read this list: the activation looks
        the number up for them and learns only whether it is known."""
        if not hr_no:
            return self.browse()
        return self.sudo().search([("partner_hr_no", "=", hr_no), ("active", "=", True)], limit=1)
