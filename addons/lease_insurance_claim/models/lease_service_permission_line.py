import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

ACCOUNTANT_GROUP = "lease_insurance_claim.group_claim_accountant"

REINVOICE_REASONS = [
    ("none", "None"),
    ("indemnity_reduction", "Reduction of Insurance Indemnity"),
    ("direct_client", "Direct Reinvoicing to Client"),
]

REINVOICE_METHODS = [
    ("none", "None"),
    ("settlement", "Financial Settlement"),
    ("mass_invoice", "Mass Invoice"),
]

#: how a line is reinvoiced to the client, given its reinvoice reason
METHOD_BY_REASON = {
    "none": "none",
    "indemnity_reduction": "settlement",
    "direct_client": "mass_invoice",
}

#: fields the mass invoicing (not the user) sets on a line of an approved permission
SYSTEM_FIELDS = {"invoice_line_id"}

AMOUNT_FIELDS = ("expected_price", "purchase_price", "reinvoice_amount")


class LeaseServicePermissionLine(models.Model):
    """A line of a service permission: one repair item with its expected
    and purchase price (excl. VAT) and what of it is reinvoiced to the client."""

    _name = "lease.service.permission.line"
    _description = "Service Permission Line"
    _order = "permission_id desc, sequence, id"

    permission_id = fields.Many2one(
        "lease.service.permission", string="Service Permission", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    description = fields.Char(required=True)
    expected_price = fields.Monetary(string="Expected Price excl. VAT")
    purchase_price = fields.Monetary(string="Purchase Price excl. VAT")
    reinvoice_amount = fields.Monetary(string="Amount to Reinvoice")
    reinvoice_reason = fields.Selection(REINVOICE_REASONS, required=True,
                                        default="none")
    reinvoice_method = fields.Selection(
        REINVOICE_METHODS, compute="_compute_reinvoice_method", store=True,
        index=True, help="Follows the reinvoice reason: a reduction of the insurance indemnity is reinvoiced "
                         "with the financial settlement, a direct reinvoicing with the mass invoice.")
    invoice_line_id = fields.Many2one(
        "account.invoice.line", readonly=True, copy=False, index=True,
        ondelete="set null", help="Line of the mass invoice that reinvoiced this line to the client.")
    invoice_id = fields.Many2one(related="invoice_line_id.invoice_id", string="Invoice", readonly=True)
    is_invoiced = fields.Boolean(string="Invoiced", compute="_compute_is_invoiced", store=True, index=True)
    claim_id = fields.Many2one(related="permission_id.claim_id", string="Insurance Claim", store=True,
                               readonly=True, index=True)
    permission_state = fields.Selection(related="permission_id.state", string="Permission Status", store=True,
                                        readonly=True)
    partner_id = fields.Many2one(related="permission_id.claim_id.partner_id", string="Customer", readonly=True)
    company_id = fields.Many2one(related="permission_id.company_id", store=True, readonly=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency", readonly=True)

    @api.depends("reinvoice_reason")
    def _compute_reinvoice_method(self):
        for line in self:
            line.reinvoice_method = METHOD_BY_REASON.get(line.reinvoice_reason or "none", "none")

    @api.depends("invoice_line_id")
    def _compute_is_invoiced(self):
        for line in self:
            line.is_invoiced = bool(line.invoice_line_id)

    @api.constrains(*AMOUNT_FIELDS)
    def _check_amounts(self):
        labels = {name: self._fields[name].get_description(self.env)["string"] for name in AMOUNT_FIELDS}
        for line in self:
            for name in AMOUNT_FIELDS:
                if line[name] < 0:
                    raise ValidationError(_(
                        "%(field)s of the service permission line \"%(line)s\" cannot be negative (%(amount)s).")
                        % {"field": labels[name], "line": line.description, "amount": line[name]})

    @api.onchange("reinvoice_reason")
    def _onchange_reinvoice_reason(self):
        if self.reinvoice_reason == "direct_client" and not self.reinvoice_amount:
            self.reinvoice_amount = self.purchase_price

    # -------------------------------------------------------------------- CRUD
    def _check_editable(self, permissions):
        for permission in permissions:
            if permission.state != "draft":
                raise UserError(_(
                    "The lines of service permission %(permission)s cannot be changed: it is %(state)s. "
                    "Reset it to draft to correct them.") % {
                        "permission": permission.name,
                        "state": dict(permission.fields_get(["state"])["state"]["selection"])[permission.state]})
        permissions.mapped("claim_id")._check_settlement_open()

    @api.model
    def create(self, vals):
        self._check_editable(self.env["lease.service.permission"].browse(vals.get("permission_id")))
        return super(LeaseServicePermissionLine, self).create(vals)

    @api.multi
    def write(self, vals):
        if SYSTEM_FIELDS & set(vals):
            user = self.env.user
            if not (user._is_superuser() or user.has_group(ACCOUNTANT_GROUP)):
                raise AccessError(_("Only insurance claim accountants can mark repair lines as reinvoiced."))
        if set(vals) - SYSTEM_FIELDS:
            permissions = self.mapped("permission_id")
            if vals.get("permission_id"):
                permissions |= self.env["lease.service.permission"].browse(vals["permission_id"])
            self._check_editable(permissions)
        return super(LeaseServicePermissionLine, self).write(vals)

    @api.multi
    def unlink(self):
        self._check_editable(self.mapped("permission_id"))
        return super(LeaseServicePermissionLine, self).unlink()

    @api.multi
    def name_get(self):
        return [(line.id, "%s – %s" % (line.permission_id.name, line.description)) for line in self]

    # ---------------------------------------------------------- mass invoicing
    @api.model
    def _pending_reinvoice_domain(self):
        """Lines waiting for the mass invoice: reinvoiced directly to the client,
        on an approved permission, with an amount, not invoiced yet."""
        return [("reinvoice_method", "=", "mass_invoice"), ("permission_state", "=", "approved"),
                ("reinvoice_amount", ">", 0), ("invoice_line_id", "=", False)]

    @api.multi
    def action_mass_invoice(self):
        """Reinvoice the pending lines among these to the clients: one customer
        invoice per customer with all of that customer's lines, validated at
        once; each line is linked to its invoice line, so it is never invoiced
        twice (lines already invoiced are skipped).  Returns the invoices."""
        user = self.env.user
        if not (user._is_superuser() or user.has_group(ACCOUNTANT_GROUP)):
            raise AccessError(_("Only insurance claim accountants can reinvoice repair lines to the clients."))
        if not self:
            raise UserError(_("Select the repair lines to reinvoice."))
        try:
            # two accountants invoicing the same lines at once: the second waits for nothing and stops
            with self.env.cr.savepoint():
                self.env.cr.execute("SELECT id FROM lease_service_permission_line WHERE id IN %s FOR UPDATE NOWAIT",
                                    (tuple(self.ids),))
        except psycopg2.OperationalError:
            raise UserError(_("These repair lines are being invoiced by another user right now; try again in a "
                              "moment."))
        self.invalidate_cache(["invoice_line_id"], self.ids)
        pending = self.search(self._pending_reinvoice_domain() + [("id", "in", self.ids)])
        if not pending:
            raise UserError(_("None of the selected repair lines is waiting to be reinvoiced to the client: they "
                              "are invoiced already, have no amount to reinvoice, or their service permission is "
                              "not approved."))
        groups = {}
        for line in pending:
            claim = line.claim_id
            if not claim.partner_id:
                raise UserError(_("Claim %s has no customer to reinvoice the repair to.") % claim.name)
            key = (claim.company_id, claim.partner_id.commercial_partner_id)
            groups.setdefault(key, self.browse())
            groups[key] |= line
        invoices = self.env["account.invoice"]
        for (company, partner), lines in sorted(groups.items(), key=lambda item: item[0][1].name or ""):
            invoices |= lines.with_context(lang=partner.lang)._create_mass_invoice(company, partner)
        return invoices

    def _create_mass_invoice(self, company, partner):
        config = company._lease_settlement_accounting()
        partner = partner.with_context(force_company=company.id)
        Position = self.env["account.fiscal.position"].with_context(force_company=company.id)
        fiscal_position = Position.browse(Position.get_fiscal_position(partner.id))
        taxes = fiscal_position.map_tax(config["taxes"], config["product"], partner)
        account = fiscal_position.map_account(config["reinvoice_income"])
        contracts = self.mapped("claim_id.financing_contract_id")
        invoice = self.env["account.invoice"].create({
            "type": "out_invoice",
            "partner_id": partner.id,
            "account_id": partner.property_account_receivable_id.id,
            "journal_id": config["journal"].id,
            "company_id": company.id,
            "currency_id": company.currency_id.id,
            "date_invoice": fields.Date.context_today(self),
            "origin": ", ".join(sorted(set(self.mapped("claim_id.name")))),
            "name": _("Reinvoicing of repairs of insured claims"),
            "reference": contracts.name if len(contracts) == 1 else False,
            "payment_term_id": partner.property_payment_term_id.id,
            "fiscal_position_id": fiscal_position.id,
            "lease_financing_contract_id": contracts.id if len(contracts) == 1 else False,
            "lease_invoice_kind": "mass_reinvoice",
        })
        InvoiceLine = self.env["account.invoice.line"]
        for line in self.sorted(key=lambda rec: (rec.claim_id.name, rec.permission_id.name, rec.sequence, rec.id)):
            contract = line.claim_id.financing_contract_id
            invoice_line = InvoiceLine.create({
                "invoice_id": invoice.id,
                "name": _("%(item)s (claim %(claim)s, service permission %(permission)s)") % {
                    "item": line.description, "claim": line.claim_id.name, "permission": line.permission_id.name},
                "product_id": config["product"].id,
                "uom_id": config["product"].uom_id.id,
                "account_id": account.id,
                "quantity": 1.0,
                "price_unit": line.reinvoice_amount,
                "invoice_line_tax_ids": [(6, 0, taxes.ids)],
                "account_analytic_id": contract._lease_analytic_account().id if contract else False,
                "lease_claim_id": line.claim_id.id,
            })
            line.write({"invoice_line_id": invoice_line.id})
        invoice.compute_taxes()
        invoice.action_invoice_open()
        for permission in self.mapped("permission_id"):
            permission.message_post(body=_("Reinvoiced to the client by %(user)s with invoice %(invoice)s.") % {
                "user": self.env.user.name, "invoice": invoice.number}, subtype="mail.mt_note")
        return invoice

    @api.model
    def _demo_mass_invoice(self, permission_ids):
        """Demo data: reinvoice the pending lines of the given permissions (safe to run again)."""
        pending = self.search(self._pending_reinvoice_domain() + [("permission_id", "in", permission_ids)])
        if pending:
            pending.action_mass_invoice()
        return True
