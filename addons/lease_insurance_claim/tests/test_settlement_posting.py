"""Posting the financial settlement of a claim to accounting, the balances of
the customer and the contract, and the mass reinvoicing of repair lines."""
import json

from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError, UserError

from .settlement_common import SettlementCase


class PostingCase(SettlementCase):

    @classmethod
    def setUpClass(cls):
        super(PostingCase, cls).setUpClass()
        env = cls.env
        Account = env["account.account"]

        def account(code, xmlid, reconcile=False):
            return Account.create({"code": code, "name": "TST %s" % code, "company_id": cls.company.id,
                                   "user_type_id": env.ref(xmlid).id, "reconcile": reconcile})

        cls.receivable = account("TST311", "account.data_account_type_receivable", reconcile=True)
        cls.income = account("TST648", "account.data_account_type_other_income")
        cls.reinvoice_income = account("TST602", "account.data_account_type_revenue")
        cls.expense = account("TST548", "account.data_account_type_expenses")
        cls.vat = account("TST343", "account.data_account_type_current_liabilities")
        cls.bank_account = account("TST221", "account.data_account_type_liquidity")
        for partner in (cls.customer, cls.customer2):
            partner.property_account_receivable_id = cls.receivable
        cls.journal = env["account.journal"].create({
            "name": "TST Faktury vydané", "code": "TSTFV", "type": "sale", "company_id": cls.company.id,
            "update_posted": True, "default_credit_account_id": cls.income.id,
            "default_debit_account_id": cls.income.id})
        cls.bank = env["account.journal"].create({
            "name": "TST Banka", "code": "TSTBK", "type": "bank", "company_id": cls.company.id,
            "default_credit_account_id": cls.bank_account.id, "default_debit_account_id": cls.bank_account.id})
        cls.vat21 = env["account.tax"].create({
            "name": "TST DPH 21 %", "amount": 21.0, "amount_type": "percent", "type_tax_use": "sale",
            "company_id": cls.company.id, "account_id": cls.vat.id, "refund_account_id": cls.vat.id})
        cls.product = env["product.product"].create({"name": "TST Refakturace PU", "type": "service",
                                                     "taxes_id": [(6, 0, [])]})
        cls.company.write({
            "lease_settlement_journal_id": cls.journal.id,
            "lease_settlement_income_account_id": cls.income.id,
            "lease_reinvoice_income_account_id": cls.reinvoice_income.id,
            "lease_settlement_expense_account_id": cls.expense.id,
            "lease_settlement_product_id": cls.product.id,
        })
        cls.accountant = cls.make_user("tst_post_accountant", ["lease_insurance_claim.group_claim_accountant"])
        cls.handler = cls.make_user("tst_post_handler", ["lease_insurance_claim.group_claim_user"])

    @classmethod
    def worked_example(cls, **values):
        """The claim of the worked example in readme/USAGE.rst: total amount
        7,000, one reduction line of 5,000, one direct reinvoicing of 15,000."""
        claim = cls.new_claim(real_participation=10000.0, correction_amount=1000.0,
                              direct_reinvoiced_amount=15000.0, **values)
        cls.new_permission(claim, [(60000, 58000, 0, "none"), (25000, 25000, 5000, "indemnity_reduction"),
                                   (15000, 15000, 15000, "direct_client")]).action_approve()
        cls.Indemnity.create({"claim_id": claim.id, "amount": 62000.0, "reduction_amount": 5000.0})
        return claim

    def post(self, claim, user=None):
        claim.sudo(user or self.accountant).action_post_settlement()
        return claim.settlement_invoice_id

    def move_lines(self, invoice):
        """(account, debit, credit) of the invoice's journal entry."""
        return sorted((line.account_id.code, line.debit, line.credit) for line in invoice.move_id.line_ids)

    def pay(self, invoice, amount):
        payment = self.env["account.payment"].create({
            "payment_type": "inbound", "partner_type": "customer", "partner_id": invoice.partner_id.id,
            "amount": amount, "journal_id": self.bank.id, "payment_date": fields.Date.context_today(self.env.user),
            "payment_method_id": self.env.ref("account.account_payment_method_manual_in").id,
            "currency_id": self.company_currency.id, "invoice_ids": [(6, 0, invoice.ids)]})
        payment.post()
        return payment


class TestSettlementPosting(PostingCase):

    def test_invoice_case(self):
        claim = self.worked_example()
        self.assertEqual(claim.total_amount, 7000.0)
        self.assertEqual(claim.settlement_amount_to_post, 12000.0)
        invoice = self.post(claim)
        self.assertEqual((invoice.type, invoice.state, invoice.amount_total), ("out_invoice", "open", 12000.0))
        self.assertEqual(invoice.partner_id, self.customer)
        self.assertEqual(invoice.journal_id, self.journal)
        self.assertEqual((invoice.origin, invoice.reference), (claim.name, "TST-LS-0001"))
        self.assertIn(claim.name, invoice.name)
        self.assertIn("TST-LS-0001", invoice.name)
        self.assertEqual((invoice.lease_claim_id, invoice.lease_financing_contract_id, invoice.lease_invoice_kind),
                         (claim, self.financing, "settlement"))
        self.assertEqual(self.move_lines(invoice), [("TST311", 12000.0, 0.0), ("TST602", 0.0, 5000.0),
                                                    ("TST648", 0.0, 7000.0)])
        move = invoice.move_id
        self.assertEqual(move.state, "posted")
        self.assertEqual(sum(move.line_ids.mapped("debit")), sum(move.line_ids.mapped("credit")))
        analytic = self.financing.analytic_account_id
        self.assertEqual(analytic.name, "TST-LS-0001")
        self.assertEqual(invoice.invoice_line_ids.mapped("account_analytic_id"), analytic)
        self.assertEqual(move.line_ids.filtered(lambda line: line.credit).mapped("analytic_account_id"), analytic)
        self.assertEqual(move.line_ids.mapped("lease_financing_contract_id"), self.financing)
        self.assertEqual(sum(analytic.line_ids.mapped("amount")), 12000.0)
        # the claim records the posting
        self.assertEqual((claim.fin_settlement_state, claim.fin_settlement_amount, claim.fin_settlement_date),
                         ("posted", 12000.0, invoice.date_invoice))
        self.assertEqual(invoice.date_invoice, fields.Date.context_today(claim.sudo(self.accountant)))
        message = claim.message_ids[0]
        self.assertIn(invoice.number, message.body)
        self.assertIn(self.accountant.name, message.body)
        self.assertEqual(claim.lease_invoice_count, 1)

    def test_credit_note_case(self):
        claim = self.new_claim()
        self.new_permission(claim, [(100000, 100000, 0, "none"), (3000, 3000, 3000, "indemnity_reduction")])
        self.Indemnity.create({"claim_id": claim.id, "amount": 113000.0})
        self.assertEqual(claim.total_amount, -10000.0)
        self.assertEqual(claim.settlement_amount_to_post, -7000.0)
        invoice = self.post(claim)
        self.assertEqual((invoice.type, invoice.state, invoice.amount_total), ("out_refund", "open", 7000.0))
        self.assertEqual(sorted(invoice.invoice_line_ids.mapped("price_subtotal")), [-3000.0, 10000.0])
        self.assertEqual(self.move_lines(invoice), [("TST311", 0.0, 7000.0), ("TST548", 10000.0, 0.0),
                                                    ("TST602", 0.0, 3000.0)])
        self.assertEqual(claim.fin_settlement_amount, -7000.0)

    def test_residual_value_case_with_vat(self):
        self.product.taxes_id = self.vat21
        claim = self.new_claim(claim_type_id=self.type_total_loss_plain.id, book_value=300000.0, wreck_price=40000.0,
                               real_participation=20000.0)
        self.assertEqual(claim.settlement_form, "residual_value")
        self.Indemnity.create({"claim_id": claim.id, "amount": 200000.0})
        # 300,000 book value - 200,000 indemnity - 20,000 participation - 40,000 wreck
        self.assertEqual(claim.total_amount, 40000.0)
        invoice = self.post(claim)
        self.assertEqual((invoice.type, invoice.amount_untaxed, invoice.amount_tax, invoice.amount_total),
                         ("out_invoice", 40000.0, 8400.0, 48400.0))
        self.assertEqual(self.move_lines(invoice), [("TST311", 48400.0, 0.0), ("TST343", 0.0, 8400.0),
                                                    ("TST648", 0.0, 40000.0)])
        self.assertEqual(claim.fin_settlement_amount, 40000.0)

    def test_balances_follow_posting_and_payment(self):
        claim = self.worked_example()
        other_contract = self.env["lease.financing.contract"].create({
            "name": "TST-LS-0009", "partner_id": self.customer.id, "financed_object_id": self.object.id})
        self.assertEqual((claim.customer_balance, claim.contract_balance), (0.0, 0.0))
        invoice = self.post(claim)
        claim.invalidate_cache()
        self.assertEqual((claim.customer_balance, claim.contract_balance), (12000.0, 12000.0))
        # an invoice of another contract of the customer counts in the customer balance only
        other = self.env["account.invoice"].create({
            "partner_id": self.customer.id, "journal_id": self.journal.id, "account_id": self.receivable.id,
            "lease_financing_contract_id": other_contract.id,
            "invoice_line_ids": [(0, 0, {"name": "TST nájemné", "account_id": self.income.id, "price_unit": 800.0,
                                         "quantity": 1.0})]})
        other.action_invoice_open()
        claim.invalidate_cache()
        self.assertEqual((claim.customer_balance, claim.contract_balance), (12800.0, 12000.0))
        # a contact person's claim shows the balance of the commercial customer
        contact_claim = self.new_claim(partner_id=self.contact.id)
        self.assertEqual(contact_claim.customer_balance, 12800.0)
        self.pay(invoice, 5000.0)
        claim.invalidate_cache()
        self.assertEqual((claim.customer_balance, claim.contract_balance), (7800.0, 7000.0))
        self.pay(invoice, 7000.0)
        self.assertEqual(invoice.state, "paid")
        claim.invalidate_cache()
        self.assertEqual((claim.customer_balance, claim.contract_balance), (800.0, 0.0))
        # the handler sees them too
        self.assertEqual(claim.sudo(self.handler).customer_balance, 800.0)

    def test_a_claim_user_cannot_post(self):
        claim = self.worked_example()
        with self.assertRaises(AccessError):
            claim.sudo(self.handler).action_post_settlement()
        auditor = self.make_user("tst_post_auditor", ["lease_insurance_claim.group_claim_readonly"])
        with self.assertRaises(AccessError):
            claim.sudo(auditor).action_post_settlement()
        self.assertFalse(claim.settlement_invoice_id)
        self.assertTrue(self.accountant.has_group("account.group_account_invoice"))
        self.assertTrue(self.accountant.has_group("lease_insurance_claim.group_claim_user"))

    def test_posting_twice_is_refused_and_names_the_invoice(self):
        claim = self.worked_example()
        invoice = self.post(claim)
        with self.assertRaises(UserError) as caught:
            self.post(claim)
        self.assertIn(invoice.number, caught.exception.name)
        self.assertIn("already posted", caught.exception.name)
        self.assertEqual(self.env["account.invoice"].search_count([("lease_claim_id", "=", claim.id)]), 1)
        action = claim.action_view_settlement_invoice()
        self.assertEqual((action["res_model"], action["res_id"]), ("account.invoice", invoice.id))

    def test_cancelling_the_invoice_reopens_the_settlement(self):
        claim = self.worked_example()
        invoice = self.post(claim)
        invoice.sudo(self.accountant).action_invoice_cancel()
        self.assertEqual(invoice.state, "cancel")
        self.assertFalse(invoice.move_id)
        self.assertEqual((claim.fin_settlement_state, claim.settlement_invoice_id, claim.fin_settlement_date,
                          claim.fin_settlement_amount), ("open", invoice.browse(), False, 0.0))
        self.assertIn(invoice.move_name, claim.message_ids[0].body)
        self.assertEqual(claim.message_ids[0].author_id, self.accountant.partner_id)
        # the cancelled invoice cannot come back: the settlement is posted anew
        invoice.action_invoice_draft()
        with self.assertRaises(UserError):
            with self.env.cr.savepoint():
                invoice.action_invoice_open()
        self.assertEqual(invoice.state, "draft")
        claim.write({"correction_amount": 2000.0})
        second = self.post(claim)
        self.assertNotEqual(second, invoice)
        self.assertEqual(second.amount_total, 11000.0)
        self.assertEqual(claim.lease_invoice_count, 2)

    def test_a_posted_settlement_locks_what_it_was_computed_from(self):
        claim = self.worked_example()
        draft = self.new_permission(claim, [(100, 100, 0, "none")])
        indemnity = claim.indemnity_ids
        self.post(claim)
        attempts = [
            lambda: claim.write({"real_participation": 1.0}),
            lambda: claim.write({"settlement_form": "budget"}),
            lambda: claim.write({"partner_id": self.customer2.id}),
            lambda: indemnity.write({"amount": 1.0}),
            lambda: self.Indemnity.create({"claim_id": claim.id, "amount": 1.0}),
            lambda: indemnity.unlink(),
            lambda: draft.line_ids.write({"purchase_price": 1.0}),
            lambda: draft.action_reject(),
            lambda: self.new_permission(claim, [(1, 1, 0, "none")]),
            lambda: claim.permission_ids.filtered(lambda permission: permission.state == "approved")
            .action_reset_draft(),
        ]
        for attempt in attempts:
            with self.assertRaises(UserError):
                with self.env.cr.savepoint():
                    attempt()
        with self.assertRaises(UserError):
            with self.env.cr.savepoint():
                claim.unlink()
        # unchanged values and other fields are fine; an approval changes no figure
        claim.write({"real_participation": 10000.0, "description": "TST po vypořádání",
                     "fin_settlement_sent_date": "2026-01-10"})
        draft.action_approve()
        claim.settlement_invoice_id.action_invoice_cancel()
        claim.write({"real_participation": 1.0})
        self.assertEqual(claim.real_participation, 1.0)

    def test_claim_users_see_the_settlement_result_read_only(self):
        claim = self.worked_example()
        as_handler = claim.sudo(self.handler)
        for values in ({"fin_settlement_amount": 1.0}, {"fin_settlement_date": "2026-01-01"}):
            with self.assertRaises(AccessError):
                as_handler.write(values)
        with self.assertRaises(UserError):
            as_handler.write({"settlement_invoice_id": 1})
        with self.assertRaises(AccessError):
            self.Claim.sudo(self.handler).create({"claim_type_id": self.type_crash.id,
                                                  "fin_settlement_amount": 5.0})
        as_handler.write({"fin_settlement_sent_date": "2026-01-10", "real_participation": 9000.0})
        # an accountant records a settlement done outside the posting, but not over a posted one
        claim.sudo(self.accountant).write({"fin_settlement_amount": 3.0, "fin_settlement_date": "2026-01-02"})
        self.assertEqual(claim.fin_settlement_amount, 3.0)
        claim.sudo(self.accountant).write({"fin_settlement_amount": 0.0, "fin_settlement_date": False})
        self.post(claim)
        with self.assertRaises(UserError):
            claim.sudo(self.accountant).write({"fin_settlement_amount": 1.0})
        # the form: read-only for handlers, editable for accountants
        handler_arch = self.Claim.sudo(self.handler).fields_view_get(view_type="form")["arch"]
        accountant_arch = self.Claim.sudo(self.accountant).fields_view_get(view_type="form")["arch"]
        self.assertIn('name="fin_settlement_amount" readonly="1"', handler_arch)
        self.assertNotIn('name="fin_settlement_amount" readonly="1"', accountant_arch)

        def post_button_hidden(arch):
            button = etree.fromstring(arch).xpath("//button[@name='action_post_settlement']")[0]
            return json.loads(button.get("modifiers")).get("invisible") is True

        self.assertTrue(post_button_hidden(handler_arch))
        self.assertFalse(post_button_hidden(accountant_arch))

    def test_nothing_to_post(self):
        claim = self.new_claim()
        with self.assertRaises(UserError):
            self.post(claim)
        claim = self.new_claim(real_participation=-500.0)
        claim.partner_id = False
        with self.assertRaises(UserError):
            self.post(claim)
        self.assertFalse(claim.settlement_invoice_id)

    def test_settings_fall_back_to_the_first_sales_journal(self):
        self.company.write({"lease_settlement_journal_id": False, "lease_settlement_income_account_id": False,
                            "lease_settlement_product_id": False})
        config = self.company._lease_settlement_accounting()
        self.assertEqual(config["journal"].type, "sale")
        self.assertTrue(config["income"])
        self.assertEqual(config["reinvoice_income"], self.reinvoice_income)


class TestMassReinvoicing(PostingCase):

    @classmethod
    def setUpClass(cls):
        super(TestMassReinvoicing, cls).setUpClass()
        cls.claim_a1 = cls.new_claim()
        cls.claim_a2 = cls.new_claim()
        cls.claim_b = cls.new_claim(insurance_contract_id=cls.insurance_machine.id)
        cls.perm_a1 = cls.new_permission(cls.claim_a1, [(1000, 1000, 1000, "direct_client"),
                                                        (500, 500, 200, "direct_client"),
                                                        (300, 300, 300, "indemnity_reduction")])
        cls.perm_a2 = cls.new_permission(cls.claim_a2, [(700, 700, 700, "direct_client")])
        cls.perm_b = cls.new_permission(cls.claim_b, [(900, 900, 900, "direct_client")])
        cls.draft = cls.new_permission(cls.claim_b, [(50, 50, 50, "direct_client")])
        (cls.perm_a1 | cls.perm_a2 | cls.perm_b).action_approve()
        cls.lines = (cls.perm_a1 | cls.perm_a2 | cls.perm_b | cls.draft).mapped("line_ids")

    def pending(self):
        return self.Line.search(self.Line._pending_reinvoice_domain() + [("id", "in", self.lines.ids)])

    def test_one_invoice_per_customer_and_never_twice(self):
        self.assertEqual(len(self.pending()), 4, "direct lines of approved permissions")
        invoices = self.lines.sudo(self.accountant).action_mass_invoice()
        self.assertEqual(len(invoices), 2)
        by_partner = {invoice.partner_id: invoice for invoice in invoices}
        invoice_a, invoice_b = by_partner[self.customer], by_partner[self.customer2]
        self.assertEqual((invoice_a.amount_total, invoice_b.amount_total), (1900.0, 900.0))
        self.assertEqual(len(invoice_a.invoice_line_ids), 3)
        self.assertEqual({invoice_a.state, invoice_b.state}, {"open"})
        self.assertEqual(invoice_a.lease_invoice_kind, "mass_reinvoice")
        self.assertEqual(invoice_b.lease_financing_contract_id, self.financing2)
        self.assertEqual(self.move_lines(invoice_a), [("TST311", 1900.0, 0.0), ("TST602", 0.0, 200.0),
                                                      ("TST602", 0.0, 700.0), ("TST602", 0.0, 1000.0)])
        direct = self.lines.filtered(lambda line: line.reinvoice_reason == "direct_client"
                                     and line.permission_state == "approved")
        self.assertEqual(len(direct.mapped("invoice_line_id")), 4)
        self.assertTrue(all(direct.mapped("is_invoiced")))
        self.assertFalse(self.pending())
        with self.assertRaises(UserError):
            self.lines.sudo(self.accountant).action_mass_invoice()
        self.assertEqual(self.claim_a1.lease_invoice_count, 1)
        # an invoiced line keeps its permission approved
        with self.assertRaises(UserError):
            self.perm_b.action_reset_draft()
        # cancelling an invoice puts its lines back on the list, once
        invoice_b.action_invoice_cancel()
        self.assertEqual(self.pending(), self.perm_b.line_ids)
        again = self.pending().sudo(self.accountant).action_mass_invoice()
        self.assertEqual(again.amount_total, 900.0)
        self.assertFalse(self.pending())

    def test_wizard_takes_the_selected_lines(self):
        Wizard = self.env["lease.mass.reinvoice.wizard"].sudo(self.accountant)
        wizard = Wizard.with_context(active_model="lease.service.permission.line",
                                     active_ids=self.perm_a2.line_ids.ids).create({})
        self.assertEqual(wizard.line_ids, self.perm_a2.line_ids)
        self.assertEqual((wizard.line_count, wizard.partner_count, wizard.amount_total), (1, 1, 700.0))
        action = wizard.action_create_invoices()
        invoice = self.env["account.invoice"].search(action["domain"])
        self.assertEqual(invoice.amount_total, 700.0)
        self.assertTrue(self.perm_a2.line_ids.is_invoiced)
        everything = Wizard.create({})
        self.assertEqual(everything.line_ids & self.lines, self.pending())

    def test_only_accountants_reinvoice(self):
        with self.assertRaises(AccessError):
            self.lines.sudo(self.handler).action_mass_invoice()
        invoice = self.perm_b.line_ids.sudo(self.accountant).action_mass_invoice()
        with self.assertRaises(AccessError):
            self.perm_b.line_ids.sudo(self.handler).write({"invoice_line_id": False})
        self.assertEqual(self.perm_b.line_ids.invoice_id, invoice)
