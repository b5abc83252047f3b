from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    lease_financing_contract_id = fields.Many2one(
        "lease.financing.contract", string="Financing Contract", index=True,
        help="Financing contract the journal item belongs to: the open receivables of a contract are its "
             "contract balance on the insurance claims.")
