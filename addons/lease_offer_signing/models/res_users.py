# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

ADVISOR_FIELDS = ["partner_hr_no", "advisor_code", "ppz_registration_no"]
# the partner HR number is set only by the activation, which verifies it
# against the insurer's business partners: users edit the rest themselves
SELF_EDITABLE_ADVISOR_FIELDS = ["advisor_code", "ppz_registration_no"]


class ResUsers(models.Model):
    """The advisor's identity lives on their partner (users reach it through
    the delegation to res.partner); users read their own and edit their
    advisor code and PPZ number in their preferences or the portal's profile
    page; the partner HR number changes only through a verified activation."""

    _name = "res.users"
    _inherit = ["res.users", "lease.offer.advisor.activation.mixin"]

    def __init__(self, pool, cr):
        """Let users read their own advisor identity and write its free parts."""
        super(ResUsers, self).__init__(pool, cr)
        cls = type(self)
        cls.SELF_READABLE_FIELDS = cls.SELF_READABLE_FIELDS + [f for f in ADVISOR_FIELDS
                                                               if f not in cls.SELF_READABLE_FIELDS]
        cls.SELF_WRITEABLE_FIELDS = cls.SELF_WRITEABLE_FIELDS + [f for f in SELF_EDITABLE_ADVISOR_FIELDS
                                                                 if f not in cls.SELF_WRITEABLE_FIELDS]
