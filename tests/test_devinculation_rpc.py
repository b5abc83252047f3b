"""Devinculations over XML-RPC and HTTP, as a client system and the web
client use them (every record created here has a unique name)."""
import subprocess
import tempfile
import uuid
import xmlrpc.client

import pytest
import requests

MODEL = "lease.devinculation"


@pytest.fixture(scope="module")
def data(admin_rpc):
    """Own master data: an insured, financed object with a claim."""
    tag = uuid.uuid4().hex[:8].upper()
    call = admin_rpc.call
    ids = {"tag": tag}
    ids["insurer"] = call("res.partner", "create", {
        "name": "DV Pojišťovna " + tag, "is_company": True, "is_insurer": True, "lang": "en_US"})
    ids["garage"] = call("res.partner", "create", {
        "name": "DV Autoservis " + tag, "is_company": True, "supplier": True, "street": "Servisní 12",
        "city": "Brno", "zip": "602 00", "email": "servis-%s@example.com" % tag.lower(), "lang": "cs_CZ"})
    ids["customer"] = call("res.partner", "create", {"name": "DV Zákazník " + tag, "is_company": True})
    ids["object"] = call("lease.financed.object", "create", {
        "name": "DV Škoda Kamiq " + tag, "vin": "DVVIN" + tag + "XYZW", "license_plate": "D" + tag[:6],
        "partner_id": ids["customer"]})
    ids["financing"] = call("lease.financing.contract", "create", {
        "name": "DV-LS-" + tag, "partner_id": ids["customer"], "financed_object_id": ids["object"]})
    ids["insurance"] = call("lease.insurance.contract", "create", {
        "name": "DV-PS-" + tag, "insurer_id": ids["insurer"], "financing_contract_id": ids["financing"]})
    ids["claim_type"] = call("lease.insurance.claim.type", "create", {"code": "DV-H-" + tag, "name": "DV " + tag})
    ids["claim"] = call("lease.insurance.claim", "create", {
        "claim_type_id": ids["claim_type"], "insurance_contract_id": ids["insurance"]})
    return ids


def m2o(value):
    return value[0] if value else False


def read_one(rpc, record_id, fields):
    return rpc.call(MODEL, "read", [record_id], fields)[0]


def fault_of(call, *args, **kwargs):
    with pytest.raises(xmlrpc.client.Fault) as caught:
        call(*args, **kwargs)
    return caught.value.faultString


def test_creating_from_a_claim_fills_the_three_links(admin_rpc, data):
    action = admin_rpc.call("lease.insurance.claim", "action_create_devinculation", [data["claim"]])
    assert action["type"] == "ir.actions.act_window"
    assert action["res_model"] == MODEL
    assert action["view_mode"] == "form"
    devinculation = read_one(admin_rpc, action["res_id"], [
        "name", "claim_id", "insurance_contract_id", "financing_contract_id", "date", "state", "budget_amount"])
    assert m2o(devinculation["claim_id"]) == data["claim"]
    assert m2o(devinculation["insurance_contract_id"]) == data["insurance"]
    assert m2o(devinculation["financing_contract_id"]) == data["financing"]
    assert devinculation["name"].startswith("DV/")
    assert devinculation["date"]
    assert devinculation["state"] == "blank"
    assert devinculation["budget_amount"] == 0.0


def test_create_with_only_the_claim_fills_the_contracts(admin_rpc, data):
    record_id = admin_rpc.call(MODEL, "create", {"claim_id": data["claim"]})
    devinculation = read_one(admin_rpc, record_id, ["insurance_contract_id", "financing_contract_id"])
    assert m2o(devinculation["insurance_contract_id"]) == data["insurance"]
    assert m2o(devinculation["financing_contract_id"]) == data["financing"]


def test_creating_from_the_insurance_contract_and_the_counts(admin_rpc, data):
    before = admin_rpc.call("lease.insurance.contract", "read", [data["insurance"]], ["devinculation_count"])[0]
    action = admin_rpc.call("lease.insurance.contract", "action_create_devinculation", [data["insurance"]])
    devinculation = read_one(admin_rpc, action["res_id"], ["claim_id", "insurance_contract_id",
                                                           "financing_contract_id"])
    assert not devinculation["claim_id"]
    assert m2o(devinculation["financing_contract_id"]) == data["financing"]
    after = admin_rpc.call("lease.insurance.contract", "read", [data["insurance"]], ["devinculation_count"])[0]
    assert after["devinculation_count"] == before["devinculation_count"] + 1
    listed = admin_rpc.call("lease.insurance.contract", "action_view_devinculations", [data["insurance"]])
    assert admin_rpc.call(MODEL, "search_count", listed["domain"]) == after["devinculation_count"]


def test_budget_status_without_amount_is_refused(admin_rpc, data):
    for state in ("approved_budget", "declined_budget"):
        message = fault_of(admin_rpc.call, MODEL, "create", {"claim_id": data["claim"], "state": state})
        assert "needs the budget amount" in message
    record_id = admin_rpc.call(MODEL, "create", {"claim_id": data["claim"]})
    message = fault_of(admin_rpc.call, MODEL, "write", [record_id], {"state": "approved_budget"})
    assert "needs the budget amount" in message
    assert read_one(admin_rpc, record_id, ["state"])["state"] == "blank"
    admin_rpc.call(MODEL, "write", [record_id], {"state": "approved_budget", "budget_amount": 45000.0})
    assert read_one(admin_rpc, record_id, ["state", "budget_amount"]) == {
        "id": record_id, "state": "approved_budget", "budget_amount": 45000.0}
    message = fault_of(admin_rpc.call, MODEL, "write", [record_id], {"state": "approved"})
    assert "has no budget" in message


def test_readonly_user_cannot_create(odoo_server, admin_rpc, data):
    login = "dv_auditor_" + data["tag"].lower()
    admin_rpc.call("res.users", "create", {
        "name": "DV auditor " + data["tag"], "login": login, "password": login,
        "groups_id": [(6, 0, [admin_rpc.ref("base.group_user"),
                              admin_rpc.ref("lease_insurance_claim.group_claim_readonly")])]})
    auditor = odoo_server.rpc(login, login)
    fault_of(auditor.call, "lease.insurance.claim", "action_create_devinculation", [data["claim"]])
    fault_of(auditor.call, MODEL, "create", {"claim_id": data["claim"]})
    record_id = admin_rpc.call(MODEL, "create", {"claim_id": data["claim"]})
    assert read_one(auditor, record_id, ["claim_id"])["claim_id"][0] == data["claim"]


def test_letter_downloads_as_pdf_from_the_web_client(odoo_server, admin_rpc, data):
    record_id = admin_rpc.call(MODEL, "create", {
        "claim_id": data["claim"], "sent_to_partner_id": data["garage"], "state": "approved"})
    name = read_one(admin_rpc, record_id, ["name"])["name"]
    session = requests.Session()
    login = session.post(odoo_server.url + "/web/session/authenticate", json={
        "jsonrpc": "2.0", "params": {"db": odoo_server.db, "login": "admin", "password": "admin"}}, timeout=60)
    assert login.json()["result"]["uid"]
    response = session.get("%s/report/pdf/lease_devinculation.report_devinculation_letter/%d"
                           % (odoo_server.url, record_id), timeout=120)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.content[:5] == b"%PDF-"
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(response.content)
        handle.flush()
        text = " ".join(subprocess.check_output(["pdftotext", "-enc", "UTF-8", handle.name, "-"])
                        .decode("utf-8").split())
    assert name in text
    assert "DV Autoservis " + data["tag"] in text
    assert "Souhlas" in text, "the letter is in the garage's language (Czech)"
