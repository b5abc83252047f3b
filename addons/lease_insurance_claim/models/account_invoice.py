from odoo import _, api, fields, models
from odoo.exceptions import UserError

LEASE_INVOICE_KINDS = [
    ("settlement", "Financial Settlement"),
    ("mass_reinvoice", "Mass Reinvoicing"),
]


class AccountInvoice(models.Model):
    """Customer invoices of insurance claims: the financial settlement of a
    claim and the mass reinvoicing of repair items to the clients."""

    _inherit = "account.invoice"

    lease_claim_id = fields.Many2one(
        "lease.insurance.claim", string="Insurance Claim", readonly=True, copy=False, index=True,
        help="Claim whose financial settlement this invoice posts.")
    lease_financing_contract_id = fields.Many2one(
        "lease.financing.contract", string="Financing Contract", index=True, copy=False,
        readonly=True, states={"draft": [("readonly", False)]},
        help="Its journal items count in the contract balance of the contract's insurance claims.")
    lease_invoice_kind = fields.Selection(LEASE_INVOICE_KINDS, string="Insurance Reinvoicing", readonly=True,
                                          copy=False)
    lease_released = fields.Boolean(
        string="Released by Cancellation", readonly=True, copy=False,
        help="The invoice was cancelled: the settlement or the reinvoiced lines are open again, so this "
             "invoice cannot be validated a second time.")

    @api.multi
    def finalize_invoice_move_lines(self, move_lines):
        """Every journal item of the invoice names its financing contract."""
        move_lines = super(AccountInvoice, self).finalize_invoice_move_lines(move_lines)
        contract = self.lease_financing_contract_id
        if contract:
            for command in move_lines:
                command[2]["lease_financing_contract_id"] = contract.id
        return move_lines

    @api.multi
    def action_invoice_open(self):
        for invoice in self.filtered("lease_released"):
            raise UserError(_(
                "Invoice %s was cancelled, which reopened the insurance claim settlement or the reinvoiced repair "
                "lines. Post the settlement or run the mass reinvoicing again instead of validating it a second "
                "time.") % (invoice.move_name or invoice.display_name))
        return super(AccountInvoice, self).action_invoice_open()

    @api.multi
    def action_cancel(self):
        """Cancelling a settlement invoice reopens the claim's financial
        settlement; cancelling a mass invoice makes its repair lines pending
        again."""
        result = super(AccountInvoice, self).action_cancel()
        lease_invoices = self.filtered("lease_invoice_kind")
        if lease_invoices:
            lease_invoices.write({"lease_released": True})
            claims = self.env["lease.insurance.claim"].sudo().search(
                [("settlement_invoice_id", "in", lease_invoices.ids)])
            for claim in claims:
                claim._reopen_settlement(self.env.user)
            lines = self.env["lease.service.permission.line"].sudo().search(
                [("invoice_line_id.invoice_id", "in", lease_invoices.ids)])
            for permission in lines.mapped("permission_id"):
                own = lines.filtered(lambda line, permission=permission: line.permission_id == permission)
                permission.message_post(body=_(
                    "Invoice %(invoice)s cancelled: the lines %(lines)s are to be reinvoiced again.") % {
                        "invoice": ", ".join(own.mapped("invoice_id.move_name")),
                        "lines": ", ".join(own.mapped("description"))}, subtype="mail.mt_note")
            lines.write({"invoice_line_id": False})
        return result
