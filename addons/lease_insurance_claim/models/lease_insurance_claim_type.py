from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .name_search import multi_column_domain


class LeaseInsuranceClaimType(models.Model):
    """Type of an insurance claim (crash, theft, total loss, ...): drives the
    settlement form and whether processing changes the financing contract's status."""

    _name = "lease.insurance.claim.type"
    _description = "Insurance Claim Type"
    _order = "sequence, code, id"

    code = fields.Char(required=True, index=True)
    name = fields.Char(required=True, translate=True)
    description = fields.Char(
        string="Claim Description", translate=True,
        help="Text copied to the description of a claim of this type; the name when empty.")
    sequence = fields.Integer(default=10)
    is_theft = fields.Boolean(string="Theft")
    is_total_loss = fields.Boolean(string="Total Loss")
    change_contract_status = fields.Boolean(
        string="Change Fin. Contract Status",
        help="Processing a claim of this type runs the contract-status wizard, which sets the "
             "financing contract's detailed status.")
    target_contract_status_id = fields.Many2one(
        "lease.financing.contract.status", string="New Contract Status",
        help="Detailed status proposed by the contract-status wizard.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True,
        help="Leave empty to share the claim type between companies.")

    @api.constrains("code", "company_id")
    def _check_code_unique(self):
        for claim_type in self:
            duplicate = self.with_context(active_test=False).search_count([
                ("id", "!=", claim_type.id), ("code", "=", claim_type.code),
                ("company_id", "=", claim_type.company_id.id)])
            if duplicate:
                raise ValidationError(_("The claim type code %s is already used.") % claim_type.code)

    @api.onchange("change_contract_status")
    def _onchange_change_contract_status(self):
        if not self.change_contract_status:
            self.target_contract_status_id = False

    @api.model
    def _name_search(self, name="", args=None, operator="ilike", limit=100, name_get_uid=None):
        args = list(args or [])
        if name:
            args = multi_column_domain(self, ["code", "name"], name, operator) + args
        return super(LeaseInsuranceClaimType, self)._name_search(
            name="", args=args, operator="ilike", limit=limit, name_get_uid=name_get_uid)

    def _claim_description(self):
        """Description a claim of this type gets."""
        self.ensure_one()
        return self.description or self.name
