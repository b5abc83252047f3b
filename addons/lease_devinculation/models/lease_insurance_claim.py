from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class LeaseInsuranceClaim(models.Model):
    _name = "lease.insurance.claim"
    _inherit = ["lease.insurance.claim", "lease.devinculation.links.mixin"]

    _devinculation_field = "claim_id"

    devinculation_ids = fields.One2many("lease.devinculation", "claim_id", string="Devinculations")

    @api.constrains("insurance_contract_id")
    def _check_devinculations_contract(self):
        for claim in self:
            other = claim.sudo().devinculation_ids.filtered(
                lambda devinculation: devinculation.insurance_contract_id != claim.insurance_contract_id)
            if other:
                raise ValidationError(_(
                    "The insurance contract of claim %(claim)s cannot change: its devinculation %(devinculation)s "
                    "is under the insurance contract %(contract)s.") % {
                        "claim": claim.name, "devinculation": other[0].name,
                        "contract": other[0].insurance_contract_id.name})

    @api.multi
    def action_create_devinculation(self):
        """Button "Devinculation" of the claim card: a new devinculation of
        the claim's insurance contract, opened on its card."""
        self.ensure_one()
        if not self.insurance_contract_id:
            raise UserError(_(
                "Claim %s has no insurance contract: choose the insurance contract on the claim before "
                "recording its devinculation.") % self.name)
        devinculation = self.env["lease.devinculation"].create({
            "claim_id": self.id,
            "insurance_contract_id": self.insurance_contract_id.id,
            "financing_contract_id": (self.insurance_contract_id.financing_contract_id
                                      or self.financing_contract_id).id,
        })
        return devinculation._form_action()

    @api.multi
    def action_view_devinculations(self):
        """Devinculations of the claim; a new one starts from the claim."""
        self.ensure_one()
        financing = self.insurance_contract_id.financing_contract_id or self.financing_contract_id
        return self.env["lease.devinculation"]._list_action(
            [("claim_id", "=", self.id)],
            {"default_claim_id": self.id,
             "default_insurance_contract_id": self.insurance_contract_id.id,
             "default_financing_contract_id": financing.id},
            _("Devinculations of %s") % self.display_name)
