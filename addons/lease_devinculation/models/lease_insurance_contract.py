from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class LeaseInsuranceContract(models.Model):
    _name = "lease.insurance.contract"
    _inherit = ["lease.insurance.contract", "lease.devinculation.links.mixin"]

    _devinculation_field = "insurance_contract_id"

    devinculation_ids = fields.One2many("lease.devinculation", "insurance_contract_id", string="Devinculations")

    @api.constrains("financing_contract_id")
    def _check_devinculations_financing_contract(self):
        for contract in self.filtered("financing_contract_id"):
            other = contract.sudo().devinculation_ids.filtered(
                lambda devinculation: devinculation.financing_contract_id != contract.financing_contract_id)
            if other:
                raise ValidationError(_(
                    "The financing contract of the insurance contract %(contract)s cannot change: its "
                    "devinculation %(devinculation)s is under the financing contract %(financing)s.") % {
                        "contract": contract.name, "devinculation": other[0].name,
                        "financing": other[0].financing_contract_id.name or _("(none)")})

    @api.multi
    def action_create_devinculation(self):
        """Button "Devinculation" of the insurance contract card: a new
        devinculation of this contract, opened on its card."""
        self.ensure_one()
        devinculation = self.env["lease.devinculation"].create({
            "insurance_contract_id": self.id,
            "financing_contract_id": self.financing_contract_id.id,
        })
        return devinculation._form_action()

    @api.multi
    def action_view_devinculations(self):
        """Devinculations of the contract; a new one starts from it."""
        self.ensure_one()
        return self.env["lease.devinculation"]._list_action(
            [("insurance_contract_id", "=", self.id)],
            {"default_insurance_contract_id": self.id,
             "default_financing_contract_id": self.financing_contract_id.id},
            _("Devinculations of %s") % self.display_name)
