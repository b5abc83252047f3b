from odoo import _, api, fields, models


class LeaseMassReinvoiceWizard(models.TransientModel):
    """Reinvoice repair lines marked "Direct Reinvoicing to Client": one
    customer invoice per customer (accountants)."""

    _name = "lease.mass.reinvoice.wizard"
    _description = "Mass Reinvoicing of Repair Lines"

    def _default_line_ids(self):
        Line = self.env["lease.service.permission.line"]
        domain = Line._pending_reinvoice_domain()
        if self.env.context.get("active_model") == Line._name and self.env.context.get("active_ids"):
            domain += [("id", "in", self.env.context["active_ids"])]
        else:
            domain += [("company_id", "=", self.env.user.company_id.id)]
        return Line.search(domain)

    line_ids = fields.Many2many(
        "lease.service.permission.line", string="Lines to Reinvoice", default=lambda self: self._default_line_ids())
    line_count = fields.Integer(string="Lines", compute="_compute_summary")
    partner_count = fields.Integer(string="Customers", compute="_compute_summary")
    currency_id = fields.Many2one(related="line_ids.currency_id", readonly=True)
    amount_total = fields.Monetary(string="Amount to Reinvoice", compute="_compute_summary")

    @api.depends("line_ids")
    def _compute_summary(self):
        for wizard in self:
            wizard.line_count = len(wizard.line_ids)
            wizard.partner_count = len(wizard.line_ids.mapped("claim_id.partner_id.commercial_partner_id"))
            wizard.amount_total = sum(wizard.line_ids.mapped("reinvoice_amount"))

    @api.multi
    def action_create_invoices(self):
        self.ensure_one()
        invoices = self.line_ids.action_mass_invoice()
        action = self.env.ref("account.action_invoice_tree1").read()[0]
        action["domain"] = [("id", "in", invoices.ids)]
        action["name"] = _("Reinvoicing Invoices")
        return action
