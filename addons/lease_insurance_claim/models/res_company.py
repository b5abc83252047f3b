import logging

from odoo import api, fields, models

_logger = logging.getLogger(__name__)


class ResCompany(models.Model):
    _inherit = "res.company"

    fin_settlement_deadline_days = fields.Integer(
        string="Financial Settlement Deadline (Days)", default=30,
        help="Days after the contract ending date within which a claim's financial settlement "
             "must be done (Financial Settlement Limit Date).")

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
