from odoo import api, fields, models


class ResConfigSettings(models.TransientModel):
    """The Insurance block of Odoo's Settings page (administrators)."""

    _inherit = "res.config.settings"

    fin_settlement_deadline_days = fields.Integer(
        string="Financial Settlement Deadline (Days)",
        help="Days after the contract ending date within which a claim's financial settlement "
             "must be done (Financial Settlement Limit Date).")
    lease_settlement_journal_id = fields.Many2one(
        related="company_id.lease_settlement_journal_id",
        domain="[('type', '=', 'sale'), ('company_id', '=', company_id)]")
    lease_settlement_income_account_id = fields.Many2one(
        related="company_id.lease_settlement_income_account_id",
        domain="[('company_id', '=', company_id), ('deprecated', '=', False)]")
    lease_reinvoice_income_account_id = fields.Many2one(
        related="company_id.lease_reinvoice_income_account_id",
        domain="[('company_id', '=', company_id), ('deprecated', '=', False)]")
    lease_settlement_expense_account_id = fields.Many2one(
        related="company_id.lease_settlement_expense_account_id",
        domain="[('company_id', '=', company_id), ('deprecated', '=', False)]")
    lease_settlement_product_id = fields.Many2one(related="company_id.lease_settlement_product_id")

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
