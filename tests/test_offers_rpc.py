"""The offer lifecycle over XML-RPC, driven by an advisor: a portal user with
the advisor group, exactly as the portal page and outside tools use it."""
import base64
import hashlib
import importlib.util
import io
import json
import uuid
import xmlrpc.client
from pathlib import Path

import pytest
from PIL import Image

from tests.browser_helpers import click_top_menu, login, save_screenshot, wait_css, wait_text
from tests.portal_helpers import EnglishRpc

ADDON = Path(__file__).resolve().parents[1] / "addons" / "lease_offer_signing"
STATES = ("draft", "awaiting_signature", "signed", "backed_up", "exported", "accepted", "cancelled", "conflict")


def _pdf_files():
    """The addon's PDF helper, loaded without importing Odoo."""
    spec = importlib.util.spec_from_file_location("lease_offer_pdf_files", str(ADDON / "lib" / "pdf_files.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), "white").save(buffer, "PNG")
    return base64.b64encode(buffer.getvalue()).decode()


def _fault(call, *args, **kwargs):
    with pytest.raises(xmlrpc.client.Fault) as info:
        call(*args, **kwargs)
    return info.value.faultString


@pytest.fixture(scope="module")
def advisor1(odoo_server):
    return EnglishRpc(odoo_server.rpc("advisor1", "advisor1"))


@pytest.fixture(scope="module")
def advisor2(odoo_server):
    return EnglishRpc(odoo_server.rpc("advisor2", "advisor2"))


@pytest.fixture
def unique():
    return uuid.uuid4().hex[:8]


def _new_offer(rpc, unique, **values):
    client = rpc.call("res.partner", "create", {"name": "Klient RPC %s" % unique, "mobile": "777123456",
                                                "email": "klient.%s@example.cz" % unique})
    vals = {"partner_id": client, "client_mobile": "+420 777 123 456", "client_email": "klient.%s@example.cz" % unique,
            "digital_signing": True, "premium": 1250.0, "sum_insured_death": 900000.0,
            "health_question_ids": [(0, 0, {"question": "Léčíte se?", "answer": "no"})]}
    vals.update(values)
    return rpc.call("lease.offer", "create", vals)


def _read(rpc, offer_id, fields):
    return rpc.call("lease.offer", "read", [offer_id], fields)[0]


def test_advisors_are_portal_users(admin_rpc):
    users = admin_rpc.call("res.users", "search_read", [("login", "in", ["advisor1", "advisor2"])],
                           fields=["share", "login", "partner_hr_no", "advisor_code", "ppz_registration_no"])
    assert len(users) == 2
    for user in users:
        assert user["share"] is True
        assert user["partner_hr_no"].startswith("9")
        assert user["advisor_code"] and user["ppz_registration_no"]


def test_advisor_drives_the_whole_lifecycle(advisor1, advisor2, unique):
    offer = _new_offer(advisor1, unique)
    data = _read(advisor1, offer, ["name", "state", "version", "advisor_id"])
    assert data["state"] == "draft" and data["version"] == 1 and data["advisor_id"][0] == advisor1.uid

    assert advisor1.call("lease.offer", "action_start_signing", [offer]) is True
    data = _read(advisor1, offer, ["state", "document_sha256", "signature_ids", "client_mobile"])
    assert data["state"] == "awaiting_signature"
    assert data["client_mobile"] == "+420777123456"
    signatures = sorted(advisor1.call("lease.offer.signature", "read", data["signature_ids"],
                                      ["sequence", "role", "state", "field_id"]), key=lambda s: s["sequence"])
    assert [s["role"] for s in signatures] == ["client", "advisor"]
    png, package = _png(), base64.b64encode(b"opaque encrypted package").decode()

    refusal = _fault(advisor1.call, "lease.offer", "action_sign_field", [offer], signatures[1]["id"], png, package,
                     "key-1", data["document_sha256"])
    assert "next field to sign" in refusal
    refusal = _fault(advisor1.call, "lease.offer", "action_sign_field", [offer], signatures[0]["id"], png, package,
                     "key-1", "0" * 64)
    assert "another version of the document" in refusal
    for signature in signatures:
        advisor1.call("lease.offer", "action_sign_field", [offer], signature["id"], png, package, "key-1",
                      data["document_sha256"], "STU-430", "SN-42")
    assert advisor1.call("lease.offer", "action_save_and_send", [offer]) is True

    data = _read(advisor1, offer, ["state", "pdf_attachment_id", "pdf_sha256", "version"])
    assert data["state"] == "signed"
    attachment = advisor1.call("ir.attachment", "read", [data["pdf_attachment_id"][0]], ["datas"])[0]
    pdf = base64.b64decode(attachment["datas"])
    assert hashlib.sha256(pdf).hexdigest() == data["pdf_sha256"]
    files = _pdf_files().embedded_files(pdf)
    assert files["signature-client.1.lsbp"] == b"opaque encrypted package"
    assert files["signature-advisor.1.lsbp"] == b"opaque encrypted package"
    assert [s["field_id"] for s in json.loads(files["signatures.json"].decode())["signatures"]] == \
        ["client.1", "advisor.1"]

    assert "signed digitally and can no longer be changed" in _fault(
        advisor1.call, "lease.offer", "write", [offer], {"premium": 1.0})
    assert "signed digitally and can no longer be changed" in _fault(
        advisor1.call, "lease.offer", "write", [offer], {"premium": 1.0, "version": data["version"]})
    assert "signed digitally and cannot be cancelled" in _fault(advisor1.call, "lease.offer", "action_storno", [offer])
    assert "cannot be deleted" in _fault(advisor1.call, "lease.offer", "unlink", [offer])

    copy = advisor1.call("lease.offer", "action_copy", [offer])
    copied = _read(advisor1, copy, ["name", "state", "health_question_ids", "premium", "partner_id"])
    assert copied["state"] == "draft" and copied["name"] != data.get("name")
    assert copied["health_question_ids"] == [] and copied["premium"] == 1250.0

    assert advisor1.call("lease.offer", "action_mark_backed_up", [offer]) is True
    assert _read(advisor1, offer, ["state"])["state"] == "backed_up"
    assert "signed digitally and cannot be cancelled" in _fault(advisor1.call, "lease.offer", "action_storno", [offer])

    # another advisor can neither find nor touch the document
    assert advisor2.call("lease.offer", "search", [("id", "=", offer)]) == []
    assert "security restrictions" in _fault(advisor2.call, "lease.offer", "read", [offer], ["name"])
    assert "security restrictions" in _fault(advisor2.call, "lease.offer", "write", [copy], {"note": "cizí"})
    assert "security restrictions" in _fault(advisor2.call, "lease.offer", "action_copy", [offer])
    assert "security restrictions" in _fault(advisor2.call, "lease.offer", "action_start_signing", [copy])


def test_paper_document_storno_and_stale_edit(advisor1, unique):
    offer = _new_offer(advisor1, unique, digital_signing=False)
    version = _read(advisor1, offer, ["version"])["version"]
    assert advisor1.call("lease.offer", "write", [offer], {"premium": 1300.0, "version": version}) is True
    assert "Reload it" in _fault(advisor1.call, "lease.offer", "write", [offer],
                                 {"premium": 1400.0, "version": version})
    assert _read(advisor1, offer, ["premium"])["premium"] == 1300.0
    assert "Only a document saved as completed" in _fault(advisor1.call, "lease.offer", "action_storno", [offer])
    advisor1.call("lease.offer", "action_save_completed", [offer])
    assert advisor1.call("lease.offer", "write", [offer], {"note": "doplněno"}) is True
    advisor1.call("lease.offer", "action_storno", [offer])
    assert _read(advisor1, offer, ["state"])["state"] == "cancelled"
    assert "cancelled (storno)" in _fault(advisor1.call, "lease.offer", "write", [offer], {"note": "x"})


def test_rules_cannot_be_bypassed_over_rpc(advisor1, unique):
    offer = _new_offer(advisor1, unique)
    assert "maintained by the system" in _fault(advisor1.call, "lease.offer", "write", [offer], {"state": "exported"})
    assert "maintained by the system" in _fault(advisor1.call, "lease.offer", "write", [offer], {"state": "signed"},
                                                context={"lease_offer_system_write": True, "lang": "en_US"})
    assert "Private methods" in _fault(advisor1.call, "lease.offer", "_export_lock", [offer], False)
    assert "Private methods" in _fault(advisor1.call, "lease.offer", "_write_system", [offer], {"state": "accepted"})
    assert "Only the back office" in _fault(advisor1.call, "lease.offer", "write", [offer], {"active": False})
    assert _read(advisor1, offer, ["state"])["state"] == "draft"


def test_start_signing_needs_mobile_and_email(advisor1, unique):
    offer = _new_offer(advisor1, unique, client_mobile="12345")
    assert "not a valid mobile number" in _fault(advisor1.call, "lease.offer", "action_start_signing", [offer])
    czech = _fault(advisor1.call, "lease.offer", "action_start_signing", [offer], context={"lang": "cs_CZ"})
    assert "mobilní telefon klienta" in czech
    advisor1.call("lease.offer", "write", [offer], {"client_mobile": "777 123 456", "client_email": "nope"})
    assert "not a valid e-mail address" in _fault(advisor1.call, "lease.offer", "action_start_signing", [offer])
    assert _read(advisor1, offer, ["state"])["state"] == "draft"


def test_change_requests_only_for_contracts_starting_with_seven(advisor1, unique):
    refusal = _fault(_new_offer, advisor1, unique, document_type="change_request", contract_no="8001234567")
    assert "starts with 7" in refusal
    change = _new_offer(advisor1, unique, document_type="change_request", contract_no="7001234567")
    assert _read(advisor1, change, ["name"])["name"].startswith("ZMN")


def test_prefill_an_offer_from_a_modeling(advisor1, unique):
    modeling = _new_offer(advisor1, unique, document_type="modeling", premium=777.0)
    offer = advisor1.call("lease.offer", "action_prefill_offer", [modeling])
    data = _read(advisor1, offer, ["document_type", "premium", "source_document_id", "state"])
    assert data["document_type"] == "offer" and data["premium"] == 777.0 and data["state"] == "draft"
    assert data["source_document_id"][0] == modeling


def test_demo_has_every_type_in_every_state(admin_rpc):
    groups = admin_rpc.call("lease.offer", "read_group", [("name", "!=", False)], ["document_type", "state"],
                            ["document_type", "state"], lazy=False, context={"active_test": False})
    found = {(g["document_type"], g["state"]) for g in groups}
    for document_type in ("offer", "modeling", "change_request"):
        for state in STATES:
            assert (document_type, state) in found
    conflicts = admin_rpc.call("lease.offer.conflict", "search_count", [])
    assert conflicts >= 3


@pytest.mark.browser
def test_back_office_opens_the_documents(browser, odoo_server, admin_rpc):
    login(browser, odoo_server.db, "admin", "admin")
    click_top_menu(browser, "Offers")
    wait_css(browser, ".o_list_view")
    wait_text(browser, ".o_control_panel .breadcrumb", "Documents")
    wait_css(browser, ".o_list_view .o_lease_offer_state_icon .fa-lock")
    wait_text(browser, ".o_list_view", "Awaiting signature")
    save_screenshot(browser, "offer-documents")
    offer = admin_rpc.ref("lease_offer_signing.offer_demo_offer_signed")
    browser.get("%s/web#id=%d&model=lease.offer&view_type=form" % (odoo_server.url, offer))
    wait_text(browser, ".o_form_view .o_statusbar_status .btn-primary", "Signed")
    wait_text(browser, ".o_form_view .o_form_statusbar", "Stored on the server")
    save_screenshot(browser, "offer-signed-form")


@pytest.mark.browser
def test_back_office_works_in_czech(browser, odoo_server):
    login(browser, odoo_server.db, "backoffice", "backoffice")
    click_top_menu(browser, "Nabídky")
    wait_text(browser, ".o_control_panel .breadcrumb", "Dokumenty")
    wait_text(browser, ".o_list_view", "Čeká na podpis")
    save_screenshot(browser, "offer-documents-cs")
