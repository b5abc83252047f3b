from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .name_search import multi_column_domain


class LeaseFinancingContractStatus(models.Model):
    """Detailed status of a financing contract (e.g. active, suspended,
    terminated by theft); set by hand or by the contract-status wizard."""

    _name = "lease.financing.contract.status"
    _description = "Detailed Financing Contract Status"
    _order = "sequence, code, id"

    code = fields.Char(required=True, index=True)
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    is_final = fields.Boolean(
        string="Terminating Status",
        help="A contract in a terminating status has ended; the contract-status wizard "
             "does not move it to another status.")
    active = fields.Boolean(default=True)
    description = fields.Text()
    company_id = fields.Many2one(
        "res.company", index=True,
        help="Leave empty to share the status between companies.")

    @api.constrains("code", "company_id")
    def _check_code_unique(self):
        for status in self:
            duplicate = self.with_context(active_test=False).search_count([
                ("id", "!=", status.id), ("code", "=", status.code),
                ("company_id", "=", status.company_id.id)])
            if duplicate:
                raise ValidationError(_("The contract status code %s is already used.") % status.code)

    @api.multi
    def name_get(self):
        return [(status.id, "%s - %s" % (status.code, status.name) if status.code else status.name)
                for status in self]

    @api.model
    def _name_search(self, name="", args=None, operator="ilike", limit=100, name_get_uid=None):
        args = list(args or [])
        if name:
            args = multi_column_domain(self, ["code", "name"], name, operator) + args
        return super(LeaseFinancingContractStatus, self)._name_search(
            name="", args=args, operator="ilike", limit=limit, name_get_uid=name_get_uid)
