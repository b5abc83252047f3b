"""The settlement figures of SPEC 4.2 over XML-RPC: claims built with known
service permission lines, indemnities and deductible settings show exactly
the expected totals for every settlement form and every participation form
(admin on the test database; every record created here has a unique name)."""
import uuid
import xmlrpc.client

import pytest

#: the rate the tests use: 1 EUR = 27 company units (CZK) from this day
RATE_DAY = "2016-03-01"
EUR_RATE = 27.0

FIGURES = ["invoice_line_amount", "expected_price", "reinvoiced_amount", "indemnity_amount", "indemnity_amount_lcy",
           "reduction_amount", "total_correction", "total_amount", "expected_participation", "approval_no"]


def ensure_rate(rpc, currency_id, company_id, rate):
    existing = rpc.call("res.currency.rate", "search", [("currency_id", "=", currency_id), ("name", "=", RATE_DAY),
                                                        ("company_id", "=", company_id)])
    if existing:
        rpc.call("res.currency.rate", "write", existing, {"rate": rate})
    else:
        rpc.call("res.currency.rate", "create",
                 {"currency_id": currency_id, "name": RATE_DAY, "rate": rate, "company_id": company_id})


@pytest.fixture(scope="module")
def data(admin_rpc):
    call = admin_rpc.call
    tag = uuid.uuid4().hex[:8].upper()
    ids = {"tag": tag}
    company = call("res.users", "read", [admin_rpc.uid], ["company_id"])[0]["company_id"][0]
    currency = call("res.company", "read", [company], ["currency_id"])[0]["currency_id"][0]
    eur = admin_rpc.ref("base.EUR")
    assert eur != currency, "the demo company works in CZK"
    call("res.currency", "write", [eur], {"active": True})
    # EUR is the reference of the rate table (rate 1): the company currency gets the rate
    ensure_rate(admin_rpc, eur, company, 1.0)
    ensure_rate(admin_rpc, currency, company, EUR_RATE)
    ids["eur"] = eur
    ids["insurer"] = call("res.partner", "create",
                          {"name": "RPCS Pojišťovna " + tag, "is_company": True, "is_insurer": True})
    ids["customer"] = call("res.partner", "create",
                           {"name": "RPCS Zákazník " + tag, "is_company": True, "company_registry": "27082440"})
    ids["type_crash"] = call("lease.insurance.claim.type", "create", {"code": "RPCS-H-" + tag,
                                                                      "name": "RPCS havárie " + tag})
    ids["type_total_loss"] = call("lease.insurance.claim.type", "create", {
        "code": "RPCS-T-" + tag, "name": "RPCS totální škoda " + tag, "is_total_loss": True})
    ids["object"] = call("lease.financed.object", "create", {"name": "RPCS Octavia " + tag,
                                                             "partner_id": ids["customer"]})
    ids["financing"] = call("lease.financing.contract", "create", {
        "name": "RPCS-LS-" + tag, "partner_id": ids["customer"], "financed_object_id": ids["object"]})
    return ids


def insurance_contract(rpc, data, form, **values):
    vals = {"name": "RPCS-PS-%s-%s-%s" % (data["tag"], form, uuid.uuid4().hex[:6]), "insurer_id": data["insurer"],
            "financing_contract_id": data["financing"], "participation_form": form}
    vals.update(values)
    return rpc.call("lease.insurance.contract", "create", vals)


def permission(rpc, claim_id, lines):
    return rpc.call("lease.service.permission", "create", {"claim_id": claim_id, "line_ids": [
        (0, 0, {"description": "RPCS položka %d" % index, "purchase_price": purchase, "expected_price": expected,
                "reinvoice_amount": reinvoice, "reinvoice_reason": reason})
        for index, (purchase, expected, reinvoice, reason) in enumerate(lines, 1)]})


def build_claim(rpc, data, settlement_form):
    """A claim with three permissions (approved, draft, rejected), an indemnity
    in CZK and one in EUR, and every manual input of the settlement."""
    contract = insurance_contract(rpc, data, "percent_min", participation_percent=10.0, participation_min=5000.0)
    claim_type = data["type_total_loss"] if settlement_form == "residual_value" else data["type_crash"]
    claim = rpc.call("lease.insurance.claim", "create", {
        "claim_type_id": claim_type, "insurance_contract_id": contract, "settlement_form": settlement_form,
        "real_participation": 10000.0, "correction_amount": 1000.0, "direct_reinvoiced_amount": 15000.0,
        "book_value": 300000.0, "wreck_price": 40000.0})
    approved = permission(rpc, claim, [(59000, 58000, 0, "none"), (25000, 25000, 5000, "indemnity_reduction"),
                                       (15000, 15000, 15000, "direct_client")])
    rpc.call("lease.service.permission", "action_approve", [approved])
    permission(rpc, claim, [(1000, 1200, 0, "none")])
    rejected = permission(rpc, claim, [(7000, 7000, 0, "none")])
    rpc.call("lease.service.permission", "action_reject", [rejected])
    rpc.call("lease.insurance.indemnity", "create", {"claim_id": claim, "amount": 50000.0,
                                                     "reduction_amount": 3000.0})
    rpc.call("lease.insurance.indemnity", "create", {"claim_id": claim, "currency_id": data["eur"],
                                                     "date": "2016-04-15", "amount": 480.0})
    return claim, approved


def read(rpc, claim_id, fields=None):
    return rpc.call("lease.insurance.claim", "read", [claim_id], fields or FIGURES + ["settlement_form"])[0]


#: lines 59,000 + 25,000 + 15,000 (approved) + 1,000 (draft); the rejected 7,000 does not count.
#: indemnities 50,000 CZK and 480 EUR = 12,960 CZK; reduction 3,000.
#: invoice form: 100,000 - 62,960 - 10,000 (participation) - 3,000 - 1,000 (correction) - 15,000 (direct) = 8,040
COMMON = {
    "invoice_line_amount": 100000.0, "expected_price": 99200.0, "reinvoiced_amount": 20000.0,
    "indemnity_amount": 50480.0, "indemnity_amount_lcy": 62960.0, "reduction_amount": 3000.0,
    "total_correction": 14000.0, "expected_participation": 10000.0,
}


@pytest.mark.parametrize("settlement_form, total", [
    ("invoice", 8040.0),
    ("budget", 8040.0),
    # + 300,000 book value - 40,000 wreck price
    ("residual_value", 268040.0),
])
def test_totals_of_every_settlement_form(admin_rpc, data, settlement_form, total):
    claim, approved = build_claim(admin_rpc, data, settlement_form)
    figures = read(admin_rpc, claim)
    assert figures["settlement_form"] == settlement_form
    approval_no = admin_rpc.call("lease.service.permission", "read", [approved], ["approval_no"])[0]["approval_no"]
    expected = dict(COMMON, total_amount=total, approval_no=approval_no)
    assert {name: figures[name] for name in FIGURES} == expected


def test_totals_follow_changes_over_rpc(admin_rpc, data):
    claim, approved = build_claim(admin_rpc, data, "invoice")
    lines = admin_rpc.call("lease.service.permission.line", "search", [("permission_id", "=", approved)],
                           order="id")
    with pytest.raises(xmlrpc.client.Fault) as caught:
        admin_rpc.call("lease.service.permission.line", "write", [lines[0]], {"purchase_price": 1.0})
    assert "cannot be changed" in caught.value.faultString
    admin_rpc.call("lease.service.permission", "action_reset_draft", [approved])
    admin_rpc.call("lease.service.permission.line", "write", [lines[0]], {"purchase_price": 69000.0})
    admin_rpc.call("lease.service.permission.line", "unlink", [lines[2]])
    figures = read(admin_rpc, claim)
    assert figures["invoice_line_amount"] == 95000.0
    assert figures["approval_no"] is False
    assert figures["total_amount"] == 95000.0 - 62960.0 - 10000.0 - 3000.0 - 1000.0 - 15000.0
    admin_rpc.call("lease.insurance.claim", "write", [claim], {"direct_reinvoiced_amount": 0.0,
                                                               "real_participation": 9500.5})
    assert read(admin_rpc, claim)["total_amount"] == 95000.0 - 62960.0 - 9500.5 - 3000.0 - 1000.0
    with pytest.raises(xmlrpc.client.Fault) as caught:
        admin_rpc.call("lease.service.permission.line", "write", [lines[0]], {"purchase_price": -1.0})
    assert "negative" in caught.value.faultString
    with pytest.raises(xmlrpc.client.Fault) as caught:
        admin_rpc.call("lease.insurance.indemnity", "create", {"claim_id": claim, "currency_id": data["eur"],
                                                               "date": "2009-01-01", "amount": 10.0})
    assert "no exchange rate" in caught.value.faultString


@pytest.mark.parametrize("form, values, expected", [
    ("percent", {"participation_percent": 7.5}, 7500.0),
    ("abs", {"participation_abs": 4000.0}, 4000.0),
    ("percent_min", {"participation_percent": 10.0, "participation_min": 12000.0}, 12000.0),
    ("max", {"participation_max": 9000.0}, 9000.0),
    ("percent_min_max", {"participation_percent": 10.0, "participation_min": 5000.0,
                         "participation_max": 8000.0}, 8000.0),
])
def test_expected_participation_of_every_participation_form(admin_rpc, data, form, values, expected):
    contract = insurance_contract(admin_rpc, data, form, **values)
    claim = admin_rpc.call("lease.insurance.claim", "create", {
        "claim_type_id": data["type_crash"], "insurance_contract_id": contract, "estimated_damage": 30000.0})
    permission(admin_rpc, claim, [(60000, 60000, 0, "none"), (40000, 40000, 0, "none")])
    figures = read(admin_rpc, claim, ["participation_form", "expected_participation", "invoice_line_amount"])
    assert (figures["participation_form"], figures["invoice_line_amount"]) == (form, 100000.0)
    assert figures["expected_participation"] == expected


def test_expected_participation_uses_the_estimate_until_there_are_lines(admin_rpc, data):
    contract = insurance_contract(admin_rpc, data, "percent_min", participation_percent=10.0,
                                  participation_min=5000.0)
    claim = admin_rpc.call("lease.insurance.claim", "create", {
        "claim_type_id": data["type_crash"], "insurance_contract_id": contract, "estimated_damage": 30000.0})
    assert read(admin_rpc, claim)["expected_participation"] == 5000.0
    admin_rpc.call("lease.insurance.claim", "write", [claim], {"estimated_damage": 80000.0})
    assert read(admin_rpc, claim)["expected_participation"] == 8000.0
    permission(admin_rpc, claim, [(3000, 3000, 0, "none")])
    assert read(admin_rpc, claim)["expected_participation"] == 3000.0, "the minimum capped at the base"
