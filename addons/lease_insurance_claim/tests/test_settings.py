from odoo.exceptions import AccessError, UserError

from .common import ClaimCase


class TestInsuranceSettings(ClaimCase):

    def test_settings_page_sets_the_company_deadline(self):
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.fin_settlement_deadline_days, self.company.fin_settlement_deadline_days)
        settings.fin_settlement_deadline_days = 91
        settings.execute()
        self.assertEqual(self.company.fin_settlement_deadline_days, 91)
        claim = self.new_claim(contract_end_date="2026-01-01")
        self.assertEqual(claim.fin_settlement_limit_date, "2026-04-02")
        arch = self.env["res.config.settings"].fields_view_get(view_type="form")["arch"]
        self.assertIn('data-key="lease_insurance_claim"', arch)

    def test_claim_manager_saves_the_insurance_settings(self):
        manager = self.make_user("tst_set_manager", ["lease_insurance_claim.group_claim_manager"])
        Wizard = self.env["lease.insurance.config.wizard"].sudo(manager)
        wizard = Wizard.create({})
        self.assertEqual(wizard.fin_settlement_deadline_days, self.company.fin_settlement_deadline_days)
        wizard.fin_settlement_deadline_days = 14
        wizard.action_save()
        self.assertEqual(self.company.fin_settlement_deadline_days, 14)
        with self.assertRaises(UserError):
            Wizard.create({"fin_settlement_deadline_days": -1}).action_save()

    def test_handler_cannot_change_the_settings(self):
        handler = self.make_user("tst_set_handler", ["lease_insurance_claim.group_claim_user"])
        before = self.company.fin_settlement_deadline_days
        wizard = self.env["lease.insurance.config.wizard"].sudo(handler).create({"fin_settlement_deadline_days": 1})
        with self.assertRaises(AccessError):
            wizard.action_save()
        self.assertEqual(self.company.fin_settlement_deadline_days, before)

    def test_settings_menu_is_for_managers(self):
        menu = self.env.ref("lease_insurance_claim.lease_insurance_config_wizard_menu")
        self.assertEqual(menu.parent_id, self.env.ref("lease_insurance_claim.menu_lease_insurance_config"))
        self.assertIn(self.env.ref("lease_insurance_claim.group_claim_manager"), menu.parent_id.groups_id)

    def test_settlement_accounting_settings(self):
        journal = self.env["account.journal"].create({"name": "TST Vypořádání", "code": "TSTV", "type": "sale"})
        income = self.env["account.account"].create({
            "code": "TST649", "name": "TST výnosy", "user_type_id": self.env.ref(
                "account.data_account_type_other_income").id})
        settings = self.env["res.config.settings"].create({
            "lease_settlement_journal_id": journal.id, "lease_settlement_income_account_id": income.id})
        settings.execute()
        self.assertEqual(self.company.lease_settlement_journal_id, journal)
        self.assertEqual(self.company.lease_settlement_income_account_id, income)
        arch = self.env["res.config.settings"].fields_view_get(view_type="form")["arch"]
        self.assertIn('name="lease_settlement_journal_id"', arch)
        # the claim managers' wizard keeps them and may change them
        manager = self.make_user("tst_set_acc_manager", ["lease_insurance_claim.group_claim_manager",
                                                         "account.group_account_invoice"])
        wizard = self.env["lease.insurance.config.wizard"].sudo(manager).create({})
        self.assertEqual(wizard.lease_settlement_journal_id, journal)
        wizard.write({"lease_reinvoice_income_account_id": income.id})
        wizard.action_save()
        # the wizard wrote as the manager: what the test's environment cached is stale
        self.company.invalidate_cache()
        self.assertEqual(self.company.lease_reinvoice_income_account_id, income)
        self.assertEqual(self.company.lease_settlement_journal_id, journal)
        config = self.company._lease_settlement_accounting()
        self.assertEqual((config["journal"], config["income"], config["reinvoice_income"]), (journal, income, income))
