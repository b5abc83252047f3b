import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)


class ResCompany(models.Model):
    _inherit = "res.company"

    fin_settlement_deadline_days = fields.Integer(
        string="Financial Settlement Deadline (Days)", default=30,
        help="Days after the contract ending date within which a claim's financial settlement "
             "must be done (Financial Settlement Limit Date).")
    lease_settlement_journal_id = fields.Many2one(
        "account.journal", string="Settlement Journal", domain=[("type", "=", "sale")],
        help="Sales journal of the customer invoices and credit notes of financial settlements and of the "
             "mass reinvoicing (to cancel them, allow cancelling entries on it).")
    lease_settlement_income_account_id = fields.Many2one(
        "account.account", string="Settlement Income Account", domain=[("deprecated", "=", False)],
        help="Income account of the settlement total on the customer invoice.")
    lease_reinvoice_income_account_id = fields.Many2one(
        "account.account", string="Reinvoicing Income Account", domain=[("deprecated", "=", False)],
        help="Income account of the reinvoiced repair items (reductions of the insurance indemnity and direct "
             "reinvoicing to the client).")
    lease_settlement_expense_account_id = fields.Many2one(
        "account.account", string="Settlement Expense Account", domain=[("deprecated", "=", False)],
        help="Expense account of a negative settlement total (credit note): what the leasing company pays "
             "back stays its cost.")
    lease_settlement_product_id = fields.Many2one(
        "product.product", string="Reinvoicing Product",
        help="Optional service product on the settlement and reinvoicing lines; its customer taxes apply.")

    def _lease_settlement_accounting(self):
        """Journal, accounts and taxes of the financial settlement postings.

        The settings of the company first; without them its first sales
        journal and that journal's income account, so that a company with a
        chart of accounts can post right away.
        """
        self.ensure_one()
        company = self.sudo()
        journal = company.lease_settlement_journal_id or self.env["account.journal"].sudo().search(
            [("company_id", "=", self.id), ("type", "=", "sale")], limit=1)
        product = company.lease_settlement_product_id
        income = (company.lease_settlement_income_account_id or product.property_account_income_id
                  or product.categ_id.property_account_income_categ_id or journal.default_credit_account_id)
        reinvoice = company.lease_reinvoice_income_account_id or income
        expense = company.lease_settlement_expense_account_id or income
        if not (journal and income):
            raise UserError(_(
                "The financial settlement of %s cannot be posted: set the settlement journal and income account "
                "in Insurance > Configuration > Settings.") % self.name)
        taxes = product.taxes_id.filtered(lambda tax: tax.company_id == self)
        return {"journal": journal, "income": income, "reinvoice_income": reinvoice, "expense": expense,
                "product": product, "taxes": taxes}

    @api.model
    def _lease_demo_asset_category(self):
        """Demo helper: the "Vehicles" asset category of the current company.

        Uses the accounts of the suite's Czech chart (022/082/551) when the
        company has it, otherwise accounts of the right types of whatever
        chart is installed; registers the xml id
        ``lease_insurance_claim.demo_asset_category_vehicles``.
        """
        xmlid = "lease_insurance_claim.demo_asset_category_vehicles"
        existing = self.env.ref(xmlid, raise_if_not_found=False)
        if existing:
            return existing
        company = self.env.user.company_id
        accounts = self.env["account.account"].with_context(active_test=False)

        def account(prefix, *user_type_xmlids):
            domain = [("company_id", "=", company.id), ("internal_type", "=", "other")]
            found = accounts.search(domain + [("code", "=like", prefix + "%")], limit=1, order="code")
            for user_type_xmlid in user_type_xmlids:
                if found:
                    break
                found = accounts.search(domain + [("user_type_id", "=", self.env.ref(user_type_xmlid).id)],
                                        limit=1, order="code")
            return found or accounts.search(domain, limit=1, order="code")

        journal = self.env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "general")], limit=1)
        asset_account = account("0221", "account.data_account_type_fixed_assets")
        depreciation_account = account("0821", "account.data_account_type_fixed_assets")
        expense_account = account("551", "account.data_account_type_depreciation",
                                  "account.data_account_type_expenses")
        if not (journal and asset_account and depreciation_account and expense_account):
            _logger.warning("No chart of accounts in %s: the demo assets are not created", company.name)
            return self.env["account.asset.category"]
        category = self.env["account.asset.category"].create({
            "name": "Dopravní prostředky (leasing)",
            "company_id": company.id,
            "journal_id": journal.id,
            "account_asset_id": asset_account.id,
            "account_depreciation_id": depreciation_account.id,
            "account_depreciation_expense_id": expense_account.id,
            "method": "linear",
            "method_number": 60,
            "method_period": 1,
            "prorata": False,
            "type": "purchase",
        })
        self.env["ir.model.data"].create({
            "module": "lease_insurance_claim",
            "name": "demo_asset_category_vehicles",
            "model": "account.asset.category",
            "res_id": category.id,
            "noupdate": True,
        })
        return category

    @api.model
    def _lease_demo_settlement_setup(self):
        """Demo helper: the financial settlement settings of the current
        company from the suite's Czech chart (journal "Faktury vydané" that
        allows cancelling entries, 648 / 602 income, 548 expense)."""
        company = self.env.user.company_id
        journal = self.env["account.journal"].search(
            [("company_id", "=", company.id), ("type", "=", "sale")], limit=1)
        if not journal:
            _logger.warning("No sales journal in %s: the settlement settings are not set", company.name)
            return False
        journal.write({"name": "Faktury vydané", "update_posted": True})
        accounts = self.env["account.account"]

        def account(code):
            return accounts.search([("company_id", "=", company.id), ("code", "=like", code + "%")],
                                   limit=1, order="code")

        company.write({
            "lease_settlement_journal_id": journal.id,
            "lease_settlement_income_account_id": account("648").id or journal.default_credit_account_id.id,
            "lease_reinvoice_income_account_id": account("602").id or journal.default_credit_account_id.id,
            "lease_settlement_expense_account_id": account("548").id,
            "lease_settlement_product_id": self.env.ref("lease_insurance_claim.product_claim_reinvoicing").id,
        })
        return True

    @api.model
    def _lease_demo_post_depreciations(self, asset_ids):
        """Demo helper: post the depreciation entries of the assets dated up
        to today, so that book values come from a real board."""
        today = fields.Date.context_today(self)
        lines = self.env["account.asset.depreciation.line"].search(
            [("asset_id", "in", asset_ids), ("depreciation_date", "<=", today), ("move_id", "=", False)])
        lines.create_move(post_move=False)
        lines.mapped("move_id").filtered(lambda move: move.state == "draft").post()
        return True
