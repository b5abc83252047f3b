"""Data shared by the tests of service permissions, indemnities, the
settlement figures and their posting (created in setUpClass, rolled back)."""
from .common import ClaimCase


class SettlementCase(ClaimCase):

    @classmethod
    def setUpClass(cls):
        super(SettlementCase, cls).setUpClass()
        env = cls.env
        cls.Permission = env["lease.service.permission"]
        cls.Line = env["lease.service.permission.line"]
        cls.Indemnity = env["lease.insurance.indemnity"]
        brand = env["fleet.vehicle.model.brand"].create({"name": "TST Škoda"})
        model = env["fleet.vehicle.model"].create({"name": "TST Octavia", "brand_id": brand.id})
        cls.vehicle = env["fleet.vehicle"].create({"model_id": model.id, "license_plate": "9TS 1111"})
        cls.object.vehicle_id = cls.vehicle
        cls.company_currency = cls.company.currency_id
        cls.digits = cls.company_currency.decimal_places

    @classmethod
    def new_permission(cls, claim, lines, **values):
        """A draft permission of ``claim`` with ``lines``: tuples
        ``(purchase_price, expected_price, reinvoice_amount, reason)``."""
        vals = {"claim_id": claim.id, "line_ids": [
            (0, 0, {"description": "TST položka %d" % index, "purchase_price": purchase,
                    "expected_price": expected, "reinvoice_amount": reinvoice, "reinvoice_reason": reason})
            for index, (purchase, expected, reinvoice, reason) in enumerate(lines, 1)]}
        vals.update(values)
        return cls.Permission.create(vals)

    @classmethod
    def foreign_currency(cls):
        """A currency other than the company's, with rates the tests control:
        1 foreign unit = 25 company units from 1 Jan 2015, 25.125 from 1 Jun 2015."""
        currency = cls.env.ref("base.EUR")
        if currency == cls.company_currency:
            currency = cls.env.ref("base.USD")
        currency.active = True
        Rate = cls.env["res.currency.rate"]
        for day, company_rate in (("2015-01-01", 25.0), ("2015-06-01", 25.125)):
            for cur, rate in ((currency, 1.0), (cls.company_currency, company_rate)):
                existing = Rate.search([("currency_id", "=", cur.id), ("name", "=", day),
                                        ("company_id", "=", cls.company.id)])
                existing.unlink()
                Rate.create({"currency_id": cur.id, "name": day, "rate": rate, "company_id": cls.company.id})
        return currency
