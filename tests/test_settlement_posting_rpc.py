"""An accountant posts the financial settlement of a claim over XML-RPC and
reads the invoice and the balances; a claim handler may not (users and data
are created through admin RPC with unique names)."""
import uuid
import xmlrpc.client

import pytest

ACCESS_ERROR = 4  # Odoo's XML-RPC fault code of an AccessError


def make_user(admin_rpc, login, group_xmlid):
    admin_rpc.call("res.users", "create", {
        "name": login, "login": login, "password": login, "email": "%s@example.com" % login,
        "groups_id": [(6, 0, [admin_rpc.ref("base.group_user"), admin_rpc.ref(group_xmlid)])]},
        context={"no_reset_password": True})


@pytest.fixture(scope="module")
def setup(admin_rpc, odoo_server):
    call = admin_rpc.call
    tag = uuid.uuid4().hex[:8].upper()
    ids = {"tag": tag}
    accountant, handler = "rpc_accountant_" + tag.lower(), "rpc_handler_" + tag.lower()
    make_user(admin_rpc, accountant, "lease_insurance_claim.group_claim_accountant")
    make_user(admin_rpc, handler, "lease_insurance_claim.group_claim_user")
    ids["accountant"] = odoo_server.rpc(accountant, accountant)
    ids["handler"] = odoo_server.rpc(handler, handler)
    ids["insurer"] = call("res.partner", "create",
                          {"name": "RPCP Pojišťovna " + tag, "is_company": True, "is_insurer": True})
    ids["customer"] = call("res.partner", "create",
                           {"name": "RPCP Zákazník " + tag, "is_company": True, "customer": True})
    ids["type"] = call("lease.insurance.claim.type", "create", {"code": "RPCP-" + tag, "name": "RPCP " + tag})
    ids["object"] = call("lease.financed.object", "create", {"name": "RPCP Superb " + tag,
                                                             "partner_id": ids["customer"]})
    ids["financing"] = call("lease.financing.contract", "create", {
        "name": "RPCP-LS-" + tag, "partner_id": ids["customer"], "financed_object_id": ids["object"]})
    ids["insurance"] = call("lease.insurance.contract", "create", {
        "name": "RPCP-PS-" + tag, "insurer_id": ids["insurer"], "financing_contract_id": ids["financing"],
        "participation_form": "percent_min", "participation_percent": 10.0, "participation_min": 5000.0})
    return ids


def known_claim(rpc, setup):
    """Total amount 7,000 and one reduction line of 5,000: 12,000 to reinvoice
    (the worked example of the addon's readme)."""
    claim = rpc.call("lease.insurance.claim", "create", {
        "claim_type_id": setup["type"], "insurance_contract_id": setup["insurance"],
        "real_participation": 10000.0, "correction_amount": 1000.0, "direct_reinvoiced_amount": 15000.0})
    permission = rpc.call("lease.service.permission", "create", {"claim_id": claim, "line_ids": [
        (0, 0, {"description": "Karoserie", "purchase_price": 60000.0, "expected_price": 58000.0}),
        (0, 0, {"description": "Senzory", "purchase_price": 25000.0, "expected_price": 25000.0,
                "reinvoice_amount": 5000.0, "reinvoice_reason": "indemnity_reduction"}),
        (0, 0, {"description": "Mytí interiéru", "purchase_price": 15000.0, "expected_price": 15000.0,
                "reinvoice_amount": 15000.0, "reinvoice_reason": "direct_client"})]})
    rpc.call("lease.service.permission", "action_approve", [permission])
    rpc.call("lease.insurance.indemnity", "create", {"claim_id": claim, "amount": 62000.0, "reduction_amount": 5000.0})
    return claim


def read_claim(rpc, claim, fields):
    return rpc.call("lease.insurance.claim", "read", [claim], fields)[0]


def test_accountant_posts_and_reads_the_invoice_and_the_contract_balance(setup):
    accountant = setup["accountant"]
    claim = known_claim(accountant, setup)
    before = read_claim(accountant, claim, ["total_amount", "settlement_amount_to_post", "contract_balance",
                                            "customer_balance", "fin_settlement_state"])
    assert before == {"id": claim, "total_amount": 7000.0, "settlement_amount_to_post": 12000.0,
                      "contract_balance": 0.0, "customer_balance": 0.0, "fin_settlement_state": "open"}
    action = accountant.call("lease.insurance.claim", "action_post_settlement", [claim])
    after = read_claim(accountant, claim, ["settlement_invoice_id", "fin_settlement_amount", "fin_settlement_date",
                                           "fin_settlement_state", "contract_balance", "customer_balance", "name"])
    invoice_id = after["settlement_invoice_id"][0]
    assert (action["res_model"], action["res_id"]) == ("account.invoice", invoice_id)
    invoice = accountant.call("account.invoice", "read", [invoice_id], [
        "type", "state", "amount_total", "residual", "origin", "reference", "partner_id", "move_id"])[0]
    assert (invoice["type"], invoice["state"]) == ("out_invoice", "open")
    assert invoice["amount_total"] == invoice["residual"]
    assert invoice["origin"] == after["name"]
    assert invoice["reference"] == "RPCP-LS-" + setup["tag"]
    assert invoice["partner_id"][0] == setup["customer"]
    untaxed = accountant.call("account.invoice", "read", [invoice_id], ["amount_untaxed"])[0]["amount_untaxed"]
    assert untaxed == 12000.0
    assert after["fin_settlement_amount"] == 12000.0
    assert after["fin_settlement_state"] == "posted"
    assert after["fin_settlement_date"]
    assert after["contract_balance"] == invoice["amount_total"]
    assert after["customer_balance"] == invoice["amount_total"]
    lines = accountant.call("account.move.line", "search_read", [("move_id", "=", invoice["move_id"][0])],
                            ["debit", "credit"])
    assert round(sum(line["debit"] for line in lines), 2) == round(sum(line["credit"] for line in lines), 2) \
        == invoice["amount_total"]
    # a second posting is refused and names the invoice
    number = accountant.call("account.invoice", "read", [invoice_id], ["number"])[0]["number"]
    with pytest.raises(xmlrpc.client.Fault) as caught:
        accountant.call("lease.insurance.claim", "action_post_settlement", [claim])
    assert "already posted" in caught.value.faultString
    assert number in caught.value.faultString


def test_a_claim_handler_cannot_post_nor_write_the_result(setup):
    handler = setup["handler"]
    claim = known_claim(handler, setup)
    with pytest.raises(xmlrpc.client.Fault) as caught:
        handler.call("lease.insurance.claim", "action_post_settlement", [claim])
    assert caught.value.faultCode == ACCESS_ERROR
    assert "accountants" in caught.value.faultString
    with pytest.raises(xmlrpc.client.Fault) as caught:
        handler.call("lease.insurance.claim", "write", [claim], {"fin_settlement_amount": 12000.0})
    assert caught.value.faultCode == ACCESS_ERROR
    assert read_claim(handler, claim, ["fin_settlement_state", "fin_settlement_amount"]) == {
        "id": claim, "fin_settlement_state": "open", "fin_settlement_amount": 0.0}
    # the handler still sees the balances
    assert read_claim(handler, claim, ["contract_balance"])["contract_balance"] >= 0.0
