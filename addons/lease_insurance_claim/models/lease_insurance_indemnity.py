from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib import settlement


class LeaseInsuranceIndemnity(models.Model):
    """An insurance indemnity (pojistné plnění) the insurer paid on a claim,
    in the insurer's currency and converted to the company currency at the
    Odoo rate of its date, with the amount the insurer cut (reduction)."""

    _name = "lease.insurance.indemnity"
    _description = "Insurance Indemnity"
    _order = "date desc, id desc"

    def _default_currency(self):
        claim = self.env["lease.insurance.claim"].browse(self.env.context.get("default_claim_id"))
        pricelist = claim.insurer_id.sudo().property_product_pricelist if claim else False
        return (pricelist and pricelist.currency_id) or self.env.user.company_id.currency_id

    claim_id = fields.Many2one("lease.insurance.claim", string="Insurance Claim", required=True, index=True,
                               ondelete="cascade")
    date = fields.Date(required=True, default=fields.Date.context_today, index=True,
                       help="Date of the indemnity; its currency is converted at the rate of this date.")
    currency_id = fields.Many2one("res.currency", required=True,
                                  default=lambda self: self._default_currency())
    amount = fields.Monetary(currency_field="currency_id",
                             help="Indemnity in the currency the insurer paid.")
    amount_lcy = fields.Monetary(
        string="Amount (LCY)", currency_field="company_currency_id", compute="_compute_amount_lcy", store=True,
        help="Indemnity in company currency at the exchange rate of the date.")
    reduction_amount = fields.Monetary(
        currency_field="company_currency_id",
        help="Items of the repair invoice the insurer did not recognise (company currency).")
    reduction_reason = fields.Char()
    company_id = fields.Many2one(related="claim_id.company_id", store=True, readonly=True, index=True)
    company_currency_id = fields.Many2one(related="company_id.currency_id", string="Company Currency",
                                          readonly=True)

    @api.depends("amount", "currency_id", "date", "company_id")
    def _compute_amount_lcy(self):
        for indemnity in self:
            company = indemnity.company_id or self.env.user.company_id
            if indemnity._missing_rate_currency():
                # never stored: the constraint below refuses the record
                indemnity.amount_lcy = 0.0
                continue
            amount = indemnity.currency_id.with_context(date=indemnity.date, company_id=company.id).compute(
                indemnity.amount, company.currency_id, round=False)
            indemnity.amount_lcy = settlement.round_amount(amount, company.currency_id.decimal_places)

    def _missing_rate_currency(self):
        """The currency (indemnity's or company's) lacking an exchange rate
        on or before the date; an empty recordset when the conversion is
        sound.  Odoo would silently use a rate of 1 there."""
        self.ensure_one()
        company = self.company_id or self.env.user.company_id
        currency, company_currency = self.currency_id, company.currency_id
        if not currency or currency == company_currency:
            return currency.browse()
        rates = self.env["res.currency.rate"].sudo()
        date = self.date or fields.Date.context_today(self)
        for needed in (currency, company_currency):
            domain = [("currency_id", "=", needed.id), "|", ("company_id", "=", False),
                      ("company_id", "=", company.id)]
            if rates.search_count(domain + [("name", "<=", date)]):
                continue
            if needed == company_currency and not rates.search_count(domain):
                continue  # the company currency without any rate is the reference (rate 1)
            return needed
        return currency.browse()

    @api.constrains("amount", "reduction_amount", "currency_id", "date")
    def _check_indemnity(self):
        for indemnity in self:
            if indemnity.amount < 0 or indemnity.reduction_amount < 0:
                raise ValidationError(_(
                    "The indemnity of claim %s and its reduction amount cannot be negative.")
                    % indemnity.claim_id.name)
            missing = indemnity._missing_rate_currency()
            if missing:
                raise ValidationError(_(
                    "There is no exchange rate of %(currency)s on or before %(date)s, so the indemnity of claim "
                    "%(claim)s cannot be converted to %(company_currency)s. Enter the rate in Accounting > "
                    "Configuration > Currencies, or record the indemnity in %(company_currency)s.") % {
                        "currency": missing.name, "date": indemnity.date, "claim": indemnity.claim_id.name,
                        "company_currency": indemnity.company_currency_id.name})

    @api.onchange("currency_id", "date")
    def _onchange_rate_warning(self):
        missing = self.currency_id and self._missing_rate_currency()
        if missing:
            return {"warning": {
                "title": _("No exchange rate"),
                "message": _("There is no exchange rate of %(currency)s on or before %(date)s; the indemnity "
                             "cannot be saved in this currency.") % {"currency": missing.name, "date": self.date},
            }}
        return None

    # -------------------------------------------------------------------- CRUD
    @api.model
    def create(self, vals):
        self.env["lease.insurance.claim"].browse(vals.get("claim_id"))._check_settlement_open()
        return super(LeaseInsuranceIndemnity, self).create(vals)

    @api.multi
    def write(self, vals):
        self.mapped("claim_id")._check_settlement_open()
        if vals.get("claim_id"):
            self.env["lease.insurance.claim"].browse(vals["claim_id"])._check_settlement_open()
        return super(LeaseInsuranceIndemnity, self).write(vals)

    @api.multi
    def unlink(self):
        self.mapped("claim_id")._check_settlement_open()
        return super(LeaseInsuranceIndemnity, self).unlink()

    @api.multi
    def name_get(self):
        return [(indemnity.id, "%s / %s" % (indemnity.claim_id.name, indemnity.date)) for indemnity in self]
