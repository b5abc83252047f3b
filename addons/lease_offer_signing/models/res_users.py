# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

ADVISOR_FIELDS = ["partner_hr_no", "advisor_code", "ppz_registration_no"]


class ResUsers(models.Model):
    """The advisor's identity lives on their partner; users see and edit it
    in their own preferences (the portal's profile page uses the same)."""

    _inherit = "res.users"

    partner_hr_no = fields.Char(related="partner_id.partner_hr_no", string="Partner HR number")
    advisor_code = fields.Char(related="partner_id.advisor_code", string="Advisor identification")
    ppz_registration_no = fields.Char(related="partner_id.ppz_registration_no", string="PPZ registration number")

    def __init__(self, pool, cr):
        """Let users read and write their own advisor identity."""
        init_res = super(ResUsers, self).__init__(pool, cr)
        cls = type(self)
        cls.SELF_READABLE_FIELDS = cls.SELF_READABLE_FIELDS + [f for f in ADVISOR_FIELDS
                                                               if f not in cls.SELF_READABLE_FIELDS]
        cls.SELF_WRITEABLE_FIELDS = cls.SELF_WRITEABLE_FIELDS + [f for f in ADVISOR_FIELDS
                                                                 if f not in cls.SELF_WRITEABLE_FIELDS]
        return init_res
