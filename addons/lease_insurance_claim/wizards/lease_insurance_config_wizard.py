from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError


class LeaseInsuranceConfigWizard(models.TransientModel):
    """Insurance settings of the user's company for claim managers.

    Odoo's Settings page is reserved to administrators (it reads and writes
    every app's settings); claim managers change the insurance settings here,
    and only those.
    """

    _name = "lease.insurance.config.wizard"
    _description = "Insurance Settings"

    def _default_deadline(self):
        return self.env.user.company_id.fin_settlement_deadline_days

    company_id = fields.Many2one("res.company", readonly=True,
                                 default=lambda self: self.env.user.company_id)
    fin_settlement_deadline_days = fields.Integer(
        string="Financial Settlement Deadline (Days)", default=lambda self: self._default_deadline(),
        help="Financial Settlement Limit Date of a claim = contract ending date + these days.")

    @api.multi
    def action_save(self):
        self.ensure_one()
        user = self.env.user
        if not (user._is_superuser() or user.has_group("lease_insurance_claim.group_claim_manager")):
            raise AccessError(_("Only insurance claim managers can change the insurance settings."))
        if self.fin_settlement_deadline_days < 0:
            raise UserError(_("The financial settlement deadline cannot be negative."))
        user.company_id.sudo().write({"fin_settlement_deadline_days": self.fin_settlement_deadline_days})
        return {"type": "ir.actions.client", "tag": "reload"}
