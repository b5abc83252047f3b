# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    offer_retention_months = fields.Integer(
        related="company_id.offer_retention_months", string="Documents listed for (months)")
