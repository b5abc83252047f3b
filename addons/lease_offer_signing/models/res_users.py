# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

ADVISOR_FIELDS = ["partner_hr_no", "advisor_code", "ppz_registration_no"]


class ResUsers(models.Model):
    """The advisor's identity lives on their partner (users reach it through
    the delegation to res.partner); users read and edit their own in their
    preferences, and the portal's profile page does the same."""

    _name = "res.users"
    _inherit = ["res.users", "lease.offer.advisor.activation.mixin"]

    def __init__(self, pool, cr):
        """Let users read and write their own advisor identity."""
        super(ResUsers, self).__init__(pool, cr)
        cls = type(self)
        cls.SELF_READABLE_FIELDS = cls.SELF_READABLE_FIELDS + [f for f in ADVISOR_FIELDS
                                                               if f not in cls.SELF_READABLE_FIELDS]
        cls.SELF_WRITEABLE_FIELDS = cls.SELF_WRITEABLE_FIELDS + [f for f in ADVISOR_FIELDS
                                                                 if f not in cls.SELF_WRITEABLE_FIELDS]
