"""Insurance claims over XML-RPC, as a client system would use them (admin on
the test database; every record created here has a unique name)."""
import uuid
import xmlrpc.client

import pytest


@pytest.fixture(scope="module")
def data(admin_rpc):
    """Own master data: an insured, financed object with a flagged claim type."""
    tag = uuid.uuid4().hex[:8].upper()
    call = admin_rpc.call
    ids = {"tag": tag}
    ids["status_active"] = call("lease.financing.contract.status", "create",
                                {"code": "RPC-A-" + tag, "name": "RPC aktivní " + tag})
    ids["status_theft"] = call("lease.financing.contract.status", "create",
                               {"code": "RPC-K-" + tag, "name": "RPC ukončená – krádež " + tag, "is_final": True})
    ids["type_crash"] = call("lease.insurance.claim.type", "create",
                             {"code": "RPC-H-" + tag, "name": "RPC havárie " + tag})
    ids["type_theft"] = call("lease.insurance.claim.type", "create", {
        "code": "RPC-T-" + tag, "name": "RPC krádež " + tag, "is_theft": True,
        "change_contract_status": True, "target_contract_status_id": ids["status_theft"]})
    ids["insurer"] = call("res.partner", "create",
                          {"name": "RPC Pojišťovna " + tag, "is_company": True, "is_insurer": True})
    ids["customer"] = call("res.partner", "create",
                           {"name": "RPC Zákazník " + tag, "is_company": True, "company_registry": "27082440"})
    ids["object"] = call("lease.financed.object", "create", {
        "name": "RPC Škoda Superb " + tag, "vin": "RPCVIN" + tag + "XYZ",
        "license_plate": "R" + tag[:2] + " " + tag[2:6], "serial_no": "SN-" + tag, "partner_id": ids["customer"]})
    ids["financing"] = call("lease.financing.contract", "create", {
        "name": "RPC-LS-" + tag, "partner_id": ids["customer"], "financed_object_id": ids["object"],
        "detailed_status_id": ids["status_active"]})
    ids["insurance"] = call("lease.insurance.contract", "create", {
        "name": "RPC-PS-" + tag, "insurer_id": ids["insurer"], "financing_contract_id": ids["financing"],
        "product_code": "P-" + tag, "variant_code": "V-" + tag, "coverage_code": "C-" + tag,
        "participation_form": "percent_min_max", "participation_percent": 10.0,
        "participation_min": 5000.0, "participation_max": 50000.0})
    return ids


def read_one(rpc, model, record_id, fields):
    return rpc.call(model, "read", [record_id], fields)[0]


def m2o(value):
    return value[0] if value else False


def test_claim_created_from_an_insurance_contract_gets_every_derived_field(admin_rpc, data):
    claim_id = admin_rpc.call("lease.insurance.claim", "create", {"insurance_contract_id": data["insurance"]})
    claim = read_one(admin_rpc, "lease.insurance.claim", claim_id, [
        "name", "state", "evidence_date", "administrator_id", "insurer_id", "product_code", "variant_code",
        "coverage_code", "financing_contract_id", "detailed_contract_status_id", "financed_object_id",
        "financed_object_name", "vin", "license_plate", "serial_no", "partner_id", "customer_name",
        "customer_registration_no", "participation_form", "participation_percent", "participation_abs",
        "participation_min", "participation_max", "settlement_form", "create_uid", "write_uid"])
    tag = data["tag"]
    assert claim["name"].startswith("PU/")
    assert claim["state"] == "new"
    assert claim["evidence_date"]
    assert m2o(claim["administrator_id"]) == admin_rpc.uid
    assert m2o(claim["insurer_id"]) == data["insurer"]
    assert (claim["product_code"], claim["variant_code"], claim["coverage_code"]) == \
        ("P-" + tag, "V-" + tag, "C-" + tag)
    assert m2o(claim["financing_contract_id"]) == data["financing"]
    assert m2o(claim["detailed_contract_status_id"]) == data["status_active"]
    assert m2o(claim["financed_object_id"]) == data["object"]
    assert claim["financed_object_name"] == "RPC Škoda Superb " + tag
    assert claim["vin"] == "RPCVIN" + tag + "XYZ"
    assert claim["license_plate"] == "R" + tag[:2] + " " + tag[2:6]
    assert claim["serial_no"] == "SN-" + tag
    assert m2o(claim["partner_id"]) == data["customer"]
    assert claim["customer_name"] == "RPC Zákazník " + tag
    assert claim["customer_registration_no"] == "27082440"
    assert claim["participation_form"] == "percent_min_max"
    assert (claim["participation_percent"], claim["participation_abs"], claim["participation_min"],
            claim["participation_max"]) == (10.0, 0.0, 5000.0, 50000.0)
    assert claim["settlement_form"] == "invoice"
    assert m2o(claim["create_uid"]) == admin_rpc.uid


def test_insurer_text_gives_the_digits_over_rpc(admin_rpc, data):
    claim_id = admin_rpc.call("lease.insurance.claim", "create", {
        "insurance_contract_id": data["insurance"], "insurer_text": "PU 2026-0045/12"})
    assert read_one(admin_rpc, "lease.insurance.claim", claim_id, ["insurer_claim_no"])["insurer_claim_no"] == \
        "2026004512"


def test_insurer_claim_number_12A4_is_refused(admin_rpc, data):
    with pytest.raises(xmlrpc.client.Fault) as caught:
        admin_rpc.call("lease.insurance.claim", "create",
                       {"insurance_contract_id": data["insurance"], "insurer_claim_no": "12A4"})
    assert "digits only" in caught.value.faultString
    claim_id = admin_rpc.call("lease.insurance.claim", "create",
                              {"insurance_contract_id": data["insurance"], "insurer_claim_no": "1234"})
    for bad in ("12A4", "12 34", "12-34"):
        with pytest.raises(xmlrpc.client.Fault) as caught:
            admin_rpc.call("lease.insurance.claim", "write", [claim_id], {"insurer_claim_no": bad})
        assert "digits only" in caught.value.faultString
    assert read_one(admin_rpc, "lease.insurance.claim", claim_id, ["insurer_claim_no"])["insurer_claim_no"] == "1234"


def test_dates_out_of_order_are_refused(admin_rpc, data):
    with pytest.raises(xmlrpc.client.Fault) as caught:
        admin_rpc.call("lease.insurance.claim", "create", {
            "insurance_contract_id": data["insurance"], "event_date": "2026-01-10", "evidence_date": "2026-01-09"})
    assert "cannot be earlier" in caught.value.faultString


def test_theft_type_forces_the_residual_value_settlement_form(admin_rpc, data):
    claim_id = admin_rpc.call("lease.insurance.claim", "create", {
        "insurance_contract_id": data["insurance"], "claim_type_id": data["type_theft"], "settlement_form": "budget"})
    claim = read_one(admin_rpc, "lease.insurance.claim", claim_id, ["settlement_form", "change_contract_status"])
    assert claim == {"id": claim_id, "settlement_form": "residual_value", "change_contract_status": True}


def contract_status(rpc, data):
    return m2o(read_one(rpc, "lease.financing.contract", data["financing"], ["detailed_status_id"])
               ["detailed_status_id"])


def test_flagged_type_reaches_processed_only_through_the_wizard(admin_rpc, data):
    call = admin_rpc.call
    call("lease.financing.contract", "write", [data["financing"]], {"detailed_status_id": data["status_active"]})
    claim_id = call("lease.insurance.claim", "create",
                    {"insurance_contract_id": data["insurance"], "claim_type_id": data["type_theft"]})

    # a plain write (even with a made-up context flag) is refused
    for context in ({}, {"lease_claim_processed_by_wizard": True}):
        with pytest.raises(xmlrpc.client.Fault) as caught:
            call("lease.insurance.claim", "write", [claim_id], {"state": "processed"}, context=context)
        assert "contract-status wizard" in caught.value.faultString
    assert read_one(admin_rpc, "lease.insurance.claim", claim_id, ["state"])["state"] == "new"
    assert contract_status(admin_rpc, data) == data["status_active"]

    # the button's method returns the wizard and changes nothing yet
    action = call("lease.insurance.claim", "action_set_processed", [claim_id])
    assert action["res_model"] == "lease.contract.status.wizard"
    assert read_one(admin_rpc, "lease.insurance.claim", claim_id, ["state"])["state"] == "new"

    # cancel: nothing changes
    wizard_id = call("lease.contract.status.wizard", "create", {}, context=action["context"])
    wizard = read_one(admin_rpc, "lease.contract.status.wizard", wizard_id,
                      ["claim_id", "financing_contract_id", "current_status_id", "new_status_id"])
    assert m2o(wizard["claim_id"]) == claim_id
    assert m2o(wizard["financing_contract_id"]) == data["financing"]
    assert m2o(wizard["current_status_id"]) == data["status_active"]
    assert m2o(wizard["new_status_id"]) == data["status_theft"]
    call("lease.contract.status.wizard", "action_cancel", [wizard_id])
    assert read_one(admin_rpc, "lease.insurance.claim", claim_id, ["state"])["state"] == "new"
    assert contract_status(admin_rpc, data) == data["status_active"]

    # confirm: the contract status and the claim state change together
    wizard_id = call("lease.contract.status.wizard", "create", {}, context=action["context"])
    call("lease.contract.status.wizard", "action_confirm", [wizard_id])
    assert read_one(admin_rpc, "lease.insurance.claim", claim_id, ["state"])["state"] == "processed"
    assert contract_status(admin_rpc, data) == data["status_theft"]
    claim = read_one(admin_rpc, "lease.insurance.claim", claim_id, ["detailed_contract_status_id", "message_ids"])
    assert m2o(claim["detailed_contract_status_id"]) == data["status_theft"]
    tracked = call("mail.tracking.value", "search_read",
                   [("mail_message_id", "in", claim["message_ids"]), ("field", "=", "state")],
                   fields=["old_value_char", "new_value_char"])
    assert {"old_value_char": "New", "new_value_char": "Processed"} in \
        [{k: v[k] for k in ("old_value_char", "new_value_char")} for v in tracked]


def test_wizard_failure_leaves_the_claim_new(admin_rpc, data):
    call = admin_rpc.call
    claim_id = call("lease.insurance.claim", "create", {"claim_type_id": data["type_theft"]})
    wizard_id = call("lease.contract.status.wizard", "create", {"claim_id": claim_id})
    with pytest.raises(xmlrpc.client.Fault) as caught:
        call("lease.contract.status.wizard", "action_confirm", [wizard_id])
    assert "has no financing contract" in caught.value.faultString
    assert "The claim stays New." in caught.value.faultString
    assert read_one(admin_rpc, "lease.insurance.claim", claim_id, ["state"])["state"] == "new"


def test_plain_type_is_processed_directly(admin_rpc, data):
    call = admin_rpc.call
    claim_id = call("lease.insurance.claim", "create",
                    {"insurance_contract_id": data["insurance"], "claim_type_id": data["type_crash"]})
    assert call("lease.insurance.claim", "action_set_in_progress", [claim_id]) is True
    assert call("lease.insurance.claim", "action_set_processed", [claim_id]) is True
    assert read_one(admin_rpc, "lease.insurance.claim", claim_id, ["state"])["state"] == "processed"
    call("lease.insurance.claim", "action_close", [claim_id])
    assert read_one(admin_rpc, "lease.insurance.claim", claim_id, ["state"])["state"] == "closed"


def test_insurance_contract_is_found_by_every_column(admin_rpc, data):
    tag = data["tag"]
    for text in ("RPC-PS-" + tag, "RPC Pojišťovna " + tag, "P-" + tag, "RPCVIN" + tag, tag[2:6],
                 "RPC Zákazník " + tag):
        found = admin_rpc.call("lease.insurance.contract", "name_search", text)
        assert data["insurance"] in [row[0] for row in found], text


def test_demo_users_rights_over_rpc(odoo_server, admin_rpc, data):
    handler = odoo_server.rpc("handler", "handler")
    claim_id = handler.call("lease.insurance.claim", "create", {"insurance_contract_id": data["insurance"]})
    handler.call("lease.insurance.claim", "write", [claim_id], {"mileage": 12000})
    with pytest.raises(xmlrpc.client.Fault):
        handler.call("lease.insurance.claim.type", "write", [data["type_crash"]], {"name": "změna"})
    auditor = odoo_server.rpc("auditor_claims", "auditor_claims")
    assert auditor.call("lease.insurance.claim", "read", [claim_id], ["mileage"])[0]["mileage"] == 12000
    with pytest.raises(xmlrpc.client.Fault):
        auditor.call("lease.insurance.claim", "write", [claim_id], {"mileage": 1})
