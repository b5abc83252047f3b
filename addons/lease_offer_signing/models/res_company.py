# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    offer_retention_months = fields.Integer(
        string="Documents listed for (months)", default=6,
        help="Life-insurance documents are archived from the advisors' lists this many months after "
             "their last change.")

    @api.constrains("offer_retention_months")
    def _check_offer_retention_months(self):
        for company in self:
            if company.offer_retention_months < 1:
                raise ValidationError(_("Documents must stay listed for at least one month."))
