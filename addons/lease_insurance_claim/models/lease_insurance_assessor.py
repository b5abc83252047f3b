from odoo import api, fields, models

from .name_search import multi_column_domain


class LeaseInsuranceAssessor(models.Model):
    """A loss adjuster (likvidátor) of an insurance company."""

    _name = "lease.insurance.assessor"
    _description = "Insurance Assessor"
    _order = "name, id"

    name = fields.Char(required=True, index=True)
    insurer_id = fields.Many2one(
        "res.partner", string="Insurance Company", required=True, index=True,
        domain=[("is_insurer", "=", True)])
    phone = fields.Char()
    mobile = fields.Char()
    email = fields.Char()
    region = fields.Char()
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True,
        default=lambda self: self.env["res.company"]._company_default_get("lease.insurance.assessor"))

    @api.multi
    def name_get(self):
        return [(assessor.id, "%s (%s)" % (assessor.name, assessor.insurer_id.name)
                 if assessor.insurer_id else assessor.name) for assessor in self]

    @api.model
    def _name_search(self, name="", args=None, operator="ilike", limit=100, name_get_uid=None):
        args = list(args or [])
        if name:
            args = multi_column_domain(self, ["name", "insurer_id.name", "email", "phone"], name, operator) + args
        return super(LeaseInsuranceAssessor, self)._name_search(
            name="", args=args, operator="ilike", limit=limit, name_get_uid=name_get_uid)
