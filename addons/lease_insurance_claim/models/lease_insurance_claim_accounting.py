from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..lib import settlement

ACCOUNTANT_GROUP = "lease_insurance_claim.group_claim_accountant"

#: the result of a posted settlement: written by the posting, by hand only by accountants
SETTLEMENT_RESULT_FIELDS = ("fin_settlement_date", "fin_settlement_amount")
#: inputs of the settlement that cannot change once it is posted
SETTLEMENT_INPUT_FIELDS = (
    "real_participation", "correction_amount", "direct_reinvoiced_amount", "book_value", "wreck_price",
    "settlement_form", "partner_id", "financing_contract_id",
)

#: context key through which the posting writes the settlement result; the
#: value must be this very object, which no RPC client can send
POSTING_CONTEXT = "lease_claim_settlement_posting"
_POSTING_TOKEN = object()


def _same(old, new):
    """Whether a write keeps a field's value (records compared by id)."""
    if isinstance(old, models.BaseModel):
        old = old.id
    return (old or False) == (new or False)


class LeaseInsuranceClaim(models.Model):
    """Financial settlement of a claim in accounting: the customer invoice or
    credit note, and the customer's and contract's open receivables."""

    _inherit = "lease.insurance.claim"

    settlement_invoice_id = fields.Many2one(
        "account.invoice", readonly=True, copy=False, index=True,
        ondelete="set null", help="Customer invoice (or credit note) of the posted financial settlement.")
    fin_settlement_state = fields.Selection(
        [("open", "Not Posted"), ("posted", "Posted")], string="Financial Settlement",
        compute="_compute_fin_settlement_state", store=True, index=True)
    settlement_amount_to_post = fields.Monetary(
        string="Amount to Reinvoice", compute="_compute_settlement_amount_to_post",
        help="What posting the financial settlement invoices to the customer: the total amount plus the "
             "amounts to reinvoice of the lines with the reason \"Reduction of Insurance Indemnity\" "
             "(negative: a credit note).")
    lease_invoice_count = fields.Integer(string="Invoices", compute="_compute_lease_invoice_count")
    customer_balance = fields.Monetary(
        string="Customer Balance (LCY)", compute="_compute_balances",
        help="Open receivables of the customer for all contracts (posted journal items, company currency).")
    contract_balance = fields.Monetary(
        string="Contract Balance (LCY)", compute="_compute_balances",
        help="Open receivables of the customer on this financing contract (posted journal items, company "
             "currency).")

    @api.depends("settlement_invoice_id")
    def _compute_fin_settlement_state(self):
        for claim in self:
            claim.fin_settlement_state = "posted" if claim.settlement_invoice_id else "open"

    @api.depends("total_amount", "permission_ids.state", "permission_ids.line_ids.reinvoice_reason",
                 "permission_ids.line_ids.reinvoice_amount")
    def _compute_settlement_amount_to_post(self):
        for claim in self:
            digits = claim.company_id.currency_id.decimal_places or 2
            claim.settlement_amount_to_post = settlement.settlement_posting(
                claim.total_amount, [(line.id, line.reinvoice_amount) for line in claim._reduction_lines()],
                digits)[1]

    def _compute_lease_invoice_count(self):
        lines = self.env["account.invoice.line"].sudo()
        for claim in self:
            claim.lease_invoice_count = len(lines.search([("lease_claim_id", "=", claim.id)]).mapped("invoice_id")) \
                if isinstance(claim.id, int) else 0

    def _compute_balances(self):
        """Sums of the residual amounts of posted journal items on receivable
        accounts, in company currency: per commercial customer, and per
        financing contract (journal items carrying the contract)."""
        for claim in self:
            claim.customer_balance = claim.contract_balance = 0.0
        claims = self.filtered(lambda claim: claim.company_id)
        partner_ids = {claim.partner_id.commercial_partner_id.id for claim in claims if claim.partner_id}
        contract_ids = {claim.financing_contract_id.id for claim in claims if claim.financing_contract_id}
        company_ids = tuple({claim.company_id.id for claim in claims}) or (0,)
        query = """
            SELECT line.company_id, line.{key}, SUM(line.amount_residual)
              FROM account_move_line line
              JOIN account_move move ON move.id = line.move_id
              JOIN account_account account ON account.id = line.account_id
             WHERE account.internal_type = 'receivable' AND move.state = 'posted'
               AND line.company_id IN %s AND line.{key} IN %s
             GROUP BY line.company_id, line.{key}
        """
        by_partner, by_contract = {}, {}
        for key, ids, target in (("partner_id", partner_ids, by_partner),
                                 ("lease_financing_contract_id", contract_ids, by_contract)):
            if ids:
                self.env.cr.execute(query.format(key=key), (company_ids, tuple(ids)))
                target.update({(company, record): float(amount)
                               for company, record, amount in self.env.cr.fetchall()})
        for claim in claims:
            company = claim.company_id.id
            claim.customer_balance = by_partner.get((company, claim.partner_id.commercial_partner_id.id), 0.0)
            claim.contract_balance = by_contract.get((company, claim.financing_contract_id.id), 0.0)

    # ------------------------------------------------------------------ guards
    def _is_settlement_accountant(self):
        user = self.env.user
        return user._is_superuser() or user.has_group(ACCOUNTANT_GROUP)

    def _check_settlement_accountant(self, message):
        if not self._is_settlement_accountant():
            raise AccessError(message)

    def _check_settlement_open(self):
        """Refuse changes to what the posted financial settlement was computed from."""
        for claim in self.sudo():
            if claim.settlement_invoice_id:
                raise UserError(_(
                    "The financial settlement of claim %(claim)s is posted (%(invoice)s): its service permissions, "
                    "indemnities and settlement amounts can no longer change. Cancel the invoice to reopen the "
                    "settlement.") % {"claim": claim.name, "invoice": claim.settlement_invoice_id.display_name})

    def _posting_settlement(self):
        return self.env.context.get(POSTING_CONTEXT) is _POSTING_TOKEN

    def _with_posting_token(self):
        return self.with_context(**{POSTING_CONTEXT: _POSTING_TOKEN})

    def _without_posting_token(self):
        if POSTING_CONTEXT not in self.env.context:
            return self
        return self.with_context(**{POSTING_CONTEXT: False})

    # -------------------------------------------------------------------- CRUD
    @api.model
    def create(self, vals):
        if vals.get("settlement_invoice_id"):
            raise UserError(_("The settlement invoice is set by posting the financial settlement only."))
        if any(vals.get(name) for name in SETTLEMENT_RESULT_FIELDS):
            self._check_settlement_accountant(_(
                "Only insurance claim accountants can record the financial settlement date and amount."))
        return super(LeaseInsuranceClaim, self).create(vals)

    @api.multi
    def write(self, vals):
        if not self._posting_settlement():
            self._check_settlement_write(vals)
        return super(LeaseInsuranceClaim, self._without_posting_token()).write(vals)

    @api.multi
    def unlink(self):
        for claim in self.sudo().filtered("settlement_invoice_id"):
            raise UserError(_("Claim %(claim)s cannot be deleted: its financial settlement is posted (%(invoice)s).")
                            % {"claim": claim.name, "invoice": claim.settlement_invoice_id.display_name})
        return super(LeaseInsuranceClaim, self).unlink()

    def _check_settlement_write(self, vals):
        if "settlement_invoice_id" in vals:
            raise UserError(_("The settlement invoice is set by posting the financial settlement only."))
        results = [name for name in SETTLEMENT_RESULT_FIELDS if name in vals]
        if results:
            self._check_settlement_accountant(_(
                "Only insurance claim accountants can change the financial settlement date and amount."))
        derived = dict(vals)
        derived.update(self._derived_values(vals))
        inputs = [name for name in SETTLEMENT_INPUT_FIELDS + tuple(results) if name in derived]
        if not inputs:
            return
        for claim in self.sudo().filtered("settlement_invoice_id"):
            changed = [name for name in inputs if not _same(claim[name], derived[name])]
            if changed:
                claim._check_settlement_open()

    # ----------------------------------------------------------------- posting
    def _reduction_lines(self):
        """Lines reinvoiced through the settlement: reason "Reduction of
        Insurance Indemnity", permission not rejected."""
        self.ensure_one()
        return self.permission_ids.filtered(lambda permission: permission.state != "rejected").mapped(
            "line_ids").filtered(lambda line: line.reinvoice_reason == "indemnity_reduction")

    @api.multi
    def action_post_settlement(self):
        """Post the financial settlement of the claims to accounting.

        The amount reinvoiced to the customer is the claim's Total Amount plus
        the "Amount to Reinvoice" of every service permission line whose
        reinvoice reason is "Reduction of Insurance Indemnity" (permissions not
        rejected).  Lines with the reason "Direct Reinvoicing to Client" are
        not part of it: they go to the mass invoice.  A positive amount gives
        a customer invoice, a negative one a credit note; each is validated at
        once, so its journal entry is posted.

        Example: invoice line amount 100,000, indemnity (LCY) 62,000, real
        participation 10,000, reduction 5,000, correction 1,000, direct
        reinvoicing 15,000 → Total Amount 7,000; one line reduces the
        indemnity by 5,000 and one is reinvoiced directly (15,000): the
        invoice has a line of 7,000 (settlement income account) and one of
        5,000 (reinvoicing income account), 12,000 in all.

        The invoice carries the claim number (source document), the financing
        contract (reference, and its analytic account on every line); the claim
        records the invoice, its date and the amount, and its chatter says who
        posted what.  A settlement is posted once: cancel its invoice to post it
        again.
        """
        self._check_settlement_accountant(_(
            "Only insurance claim accountants can post the financial settlement of a claim."))
        self.check_access_rights("write")
        self.check_access_rule("write")
        invoices = self.env["account.invoice"]
        for claim in self:
            invoices |= claim._post_settlement()
        if len(invoices) == 1:
            return self.action_view_settlement_invoice()
        return True

    def _post_settlement(self):
        self.ensure_one()
        if self.settlement_invoice_id:
            invoice = self.settlement_invoice_id
            raise UserError(_(
                "The financial settlement of claim %(claim)s is already posted: %(invoice)s of %(date)s, "
                "%(amount)s. Cancel that invoice to post the settlement again.") % {
                    "claim": self.name, "invoice": invoice.sudo().display_name, "date": self.fin_settlement_date,
                    "amount": self.fin_settlement_amount})
        partner = self.partner_id
        if not partner:
            raise UserError(_("Claim %s has no customer to invoice the financial settlement to.") % self.name)
        currency = self.company_id.currency_id
        reduction_lines = self._reduction_lines()
        document_type, amount, plan = settlement.settlement_posting(
            self.total_amount, [(line.id, line.reinvoice_amount) for line in reduction_lines],
            currency.decimal_places)
        if not document_type:
            raise UserError(_(
                "The financial settlement of claim %s is zero: there is nothing to invoice to the customer.")
                % self.name)
        config = self.company_id._lease_settlement_accounting()
        invoice = self.env["account.invoice"].create(
            self.with_context(lang=partner.lang)._settlement_invoice_values(document_type, plan, config))
        invoice.compute_taxes()
        invoice.action_invoice_open()
        self._with_posting_token().write({
            "settlement_invoice_id": invoice.id,
            "fin_settlement_date": invoice.date_invoice,
            "fin_settlement_amount": amount,
        })
        kind = _("Credit note") if document_type == settlement.CUSTOMER_CREDIT_NOTE else _("Invoice")
        self.message_post(body=_(
            "Financial settlement posted by %(user)s: %(kind)s <a href=# data-oe-model=account.invoice "
            "data-oe-id=%(id)d>%(number)s</a>, %(amount)s %(currency)s (total with taxes %(total)s).") % {
                "user": self.env.user.name, "kind": kind, "id": invoice.id, "number": invoice.number,
                "amount": amount, "currency": currency.name, "total": invoice.amount_total},
            subtype="mail.mt_note")
        return invoice

    def _settlement_invoice_values(self, document_type, plan, config):
        """Values of the settlement invoice (``plan`` from ``settlement.settlement_posting``)."""
        self.ensure_one()
        company = self.company_id
        partner = self.partner_id.with_context(force_company=company.id)
        contract = self.financing_contract_id
        analytic = contract._lease_analytic_account() if contract else self.env["account.analytic.account"]
        fiscal_position = self.env["account.fiscal.position"].with_context(force_company=company.id).browse(
            self.env["account.fiscal.position"].get_fiscal_position(partner.id))
        taxes = fiscal_position.map_tax(config["taxes"], config["product"], partner)
        lines_by_id = {line.id: line for line in self._reduction_lines()}
        invoice_lines = []
        for key, price in plan:
            if key is None:
                name = _("Financial settlement of insurance claim %s") % self.name
                account = config["expense"] if document_type == settlement.CUSTOMER_CREDIT_NOTE else config["income"]
            else:
                line = lines_by_id[key]
                name = _("Reduction of insurance indemnity: %(item)s (%(permission)s)") % {
                    "item": line.description, "permission": line.permission_id.name}
                account = config["reinvoice_income"]
            invoice_lines.append((0, 0, {
                "name": name,
                "product_id": config["product"].id,
                "uom_id": config["product"].uom_id.id,
                "account_id": fiscal_position.map_account(account).id,
                "quantity": 1.0,
                "price_unit": price,
                "invoice_line_tax_ids": [(6, 0, taxes.ids)],
                "account_analytic_id": analytic.id,
                "lease_claim_id": self.id,
            }))
        description = _("Financial settlement of insurance claim %s") % self.name
        if contract:
            description = _("Financial settlement of insurance claim %(claim)s, financing contract %(contract)s") \
                % {"claim": self.name, "contract": contract.name}
        return {
            "type": document_type,
            "partner_id": self.partner_id.id,
            "account_id": partner.property_account_receivable_id.id,
            "journal_id": config["journal"].id,
            "company_id": company.id,
            "currency_id": company.currency_id.id,
            "date_invoice": fields.Date.context_today(self),
            "origin": self.name,
            "name": description,
            "reference": contract.name or self.name,
            "payment_term_id": partner.property_payment_term_id.id,
            "fiscal_position_id": fiscal_position.id,
            "lease_claim_id": self.id,
            "lease_financing_contract_id": contract.id,
            "lease_invoice_kind": "settlement",
            "invoice_line_ids": invoice_lines,
        }

    def _reopen_settlement(self, user):
        """The settlement invoice was cancelled (by ``user``): the settlement
        is open again.

        The link to the invoice, the settlement date and amount are cleared
        (they describe a posted settlement); the chatter keeps the history and
        the cancelled invoice stays listed under the claim's invoices.
        """
        for claim in self:
            invoice = claim.settlement_invoice_id
            claim._with_posting_token().write({
                "settlement_invoice_id": False, "fin_settlement_date": False, "fin_settlement_amount": 0.0})
            claim.message_post(body=_(
                "Settlement invoice %(invoice)s cancelled by %(user)s: the financial settlement is open again.") % {
                    "invoice": invoice.move_name or invoice.display_name, "user": user.name},
                author_id=user.partner_id.id, subtype="mail.mt_note")

    # ----------------------------------------------------------------- actions
    @api.multi
    def action_view_settlement_invoice(self):
        self.ensure_one()
        if not self.settlement_invoice_id:
            raise UserError(_("The financial settlement of claim %s is not posted yet.") % self.name)
        invoice = self.settlement_invoice_id
        view = "account.invoice_form"
        return {
            "type": "ir.actions.act_window",
            "name": _("Settlement Invoice"),
            "res_model": "account.invoice",
            "res_id": invoice.id,
            "view_mode": "form",
            "views": [(self.env.ref(view).id, "form")],
            "target": "current",
        }

    @api.multi
    def action_view_lease_invoices(self):
        self.ensure_one()
        invoices = self.env["account.invoice.line"].search([("lease_claim_id", "=", self.id)]).mapped("invoice_id")
        action = self.env.ref("account.action_invoice_tree1").read()[0]
        action["domain"] = [("id", "in", invoices.ids)]
        action["context"] = {"create": False}
        action["name"] = _("Invoices of %s") % self.name
        return action

    @api.model
    def _demo_post_settlements(self, claim_ids):
        """Demo data: post the settlements of the given claims not posted yet
        (safe to run again on an update)."""
        for claim in self.browse(claim_ids).exists().filtered(lambda rec: not rec.settlement_invoice_id):
            claim.action_post_settlement()
        return True
