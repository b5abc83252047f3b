"""Book value of the financed object from a real fixed asset and its
depreciation board: the gross value less the depreciations posted by the
event date."""
from .common import ClaimCase


class TestBookValue(ClaimCase):

    @classmethod
    def setUpClass(cls):
        super(TestBookValue, cls).setUpClass()
        Account = cls.env["account.account"]
        other = cls.env.ref("account.data_account_type_fixed_assets")
        expense = cls.env.ref("account.data_account_type_depreciation")
        accounts = [Account.create({"code": code, "name": "TST %s" % code, "user_type_id": kind.id,
                                    "company_id": cls.company.id})
                    for code, kind in (("TST022", other), ("TST082", other), ("TST551", expense))]
        journal = cls.env["account.journal"].create({
            "name": "TST Majetek", "code": "TSTM", "type": "general", "company_id": cls.company.id})
        category = cls.env["account.asset.category"].create({
            "name": "TST vozidla", "journal_id": journal.id, "account_asset_id": accounts[0].id,
            "account_depreciation_id": accounts[1].id, "account_depreciation_expense_id": accounts[2].id,
            "method_number": 10, "method_period": 1, "open_asset": False})
        cls.asset = cls.env["account.asset.asset"].create({
            "name": "TST majetek", "category_id": category.id, "value": 100000.0, "salvage_value": 0.0,
            "date": "2020-01-01", "method_number": 10, "method_period": 1, "method_time": "number",
            "prorata": False})
        cls.asset.validate()
        cls.object.asset_id = cls.asset
        cls.lines = cls.asset.depreciation_line_ids.sorted("depreciation_date")

    def post(self, count, draft=False):
        """Journal entries of the first ``count`` depreciation lines, posted unless ``draft``."""
        lines = self.lines[:count].filtered(lambda line: not line.move_id)
        lines.create_move(post_move=False)
        if not draft:
            lines.mapped("move_id").post()

    def book_value(self, event_date):
        return self.new_claim(event_date=event_date, evidence_date="2020-12-31").book_value

    def test_the_board_is_real(self):
        self.assertEqual(len(self.lines), 10)
        self.assertEqual(self.lines.mapped("amount"), [10000.0] * 10)
        self.assertEqual(self.lines[:3].mapped("depreciation_date"), ["2020-01-01", "2020-02-01", "2020-03-01"])

    def test_before_and_after_a_posted_line(self):
        self.assertEqual(self.book_value("2020-03-15"), 100000.0, "nothing posted yet")
        self.post(1, draft=True)
        self.assertEqual(self.book_value("2020-03-15"), 100000.0, "an unposted entry does not count")
        self.lines[0].move_id.post()
        self.assertEqual(self.book_value("2020-03-15"), 90000.0)
        self.post(3)
        self.assertEqual(self.book_value("2020-03-15"), 70000.0)
        self.assertEqual(self.book_value("2020-03-01"), 70000.0, "a line of the event day counts")
        self.assertEqual(self.book_value("2020-02-15"), 80000.0, "later lines do not count")
        self.assertEqual(self.book_value("2020-12-31"), 70000.0, "lines not posted yet do not count")
        self.assertEqual(self.asset.value_residual, 70000.0)

    def test_event_date_before_the_first_line(self):
        self.post(3)
        self.assertEqual(self.book_value("2019-12-31"), 100000.0)

    def test_filled_once_then_freely_editable(self):
        self.post(3)
        claim = self.new_claim(event_date="2020-03-15", evidence_date="2020-03-16")
        self.assertEqual(claim.book_value, 70000.0)
        claim.write({"event_date": "2020-02-10", "evidence_date": "2020-02-11"})
        self.assertEqual(claim.book_value, 70000.0, "filled once, then a plain field")
        claim.write({"book_value": 65000.0})
        self.assertEqual(claim.book_value, 65000.0)
        self.post(5)
        claim.write({"event_date": "2020-05-20", "evidence_date": "2020-05-21"})
        self.assertEqual(claim.book_value, 65000.0)
        # a claim recorded before its object is filled once the object is chosen
        claim = self.Claim.create({"claim_type_id": self.type_crash.id, "event_date": "2020-04-15",
                                   "evidence_date": "2020-04-16"})
        self.assertEqual(claim.book_value, 0.0)
        claim.write({"insurance_contract_id": self.insurance.id})
        self.assertEqual(claim.book_value, 60000.0)

    def test_onchange_follows_the_event_date_while_the_card_is_new(self):
        self.post(6)
        card = self.Claim.new({"insurance_contract_id": self.insurance.id, "event_date": "2020-02-10"})
        card._onchange_insurance_contract_id()
        card._onchange_financed_object_id()
        self.assertEqual(card.book_value, 80000.0)
        card.event_date = "2020-06-10"
        card._onchange_event_date()
        self.assertEqual(card.book_value, 40000.0)

    def test_object_without_asset_leaves_book_value_empty(self):
        self.post(3)
        claim = self.new_claim(insurance_contract_id=self.insurance_machine.id, event_date="2020-03-15",
                               evidence_date="2020-03-16")
        self.assertEqual(claim.book_value, 0.0)
        self.assertIsNone(self.Claim._book_value_of(self.machine, "2020-03-15"))
