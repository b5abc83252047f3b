from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    """The Insurance block of Odoo's Settings page (administrators)."""

    _inherit = "res.config.settings"

    fin_settlement_deadline_days = fields.Integer(
        string="Financial Settlement Deadline (Days)",
        help="Days after the contract ending date within which a claim's financial settlement "
             "must be done (Financial Settlement Limit Date).")

    @api.model
    def get_values(self):
        values = super(ResConfigSettings, self).get_values()
        values["fin_settlement_deadline_days"] = self.env.user.company_id.fin_settlement_deadline_days
        return values

    @api.multi
    def set_values(self):
        result = super(ResConfigSettings, self).set_values()
        for settings in self:
            settings.company_id.fin_settlement_deadline_days = settings.fin_settlement_deadline_days
        return result
