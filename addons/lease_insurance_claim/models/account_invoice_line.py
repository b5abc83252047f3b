from odoo import fields, models


class AccountInvoiceLine(models.Model):
    _inherit = "account.invoice.line"

    lease_claim_id = fields.Many2one("lease.insurance.claim", string="Insurance Claim", readonly=True,
                                     copy=False, index=True,
                                     help="Insurance claim whose settlement or repair this line reinvoices.")
