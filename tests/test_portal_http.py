"""The advisor portal and the client storage over HTTP, as a browser uses
them (requests sessions logged in through /web/login): lists, forms,
actions, the signing routes, activation, and every refusal — another
advisor's documents by URL manipulation, forms without a CSRF token,
documents without authorisation."""
import base64
import re
import time
import xmlrpc.client

import pytest

from tests.portal_helpers import (EnglishRpc, Portal, create_offer, csrf_of, export_offers, fake_package,
                                  issue_storage_link, load_addon_module, new_portal_user, png_b64, server_env,
                                  sign_offer, storage_events, text_of, unique)

cert_factory = load_addon_module("tests/cert_factory.py")
pdf_files = load_addon_module("lib/pdf_files.py")
CA_PARAMETER = "lease_offer_signing.advisor_ca_certificates"


@pytest.fixture(scope="module")
def advisors(odoo_server, admin_rpc):
    """Two fresh advisors (English) with their XML-RPC clients and portal sessions."""
    result = []
    for _index in range(2):
        uid, login = new_portal_user(admin_rpc, advisor=True)
        rpc = EnglishRpc(odoo_server.rpc(login, login))
        result.append((uid, login, rpc, Portal(odoo_server, login)))
    return result


@pytest.fixture(scope="module")
def advisor(advisors):
    return advisors[0]


@pytest.fixture(scope="module")
def other(advisors):
    return advisors[1]


def _read(admin_rpc, offer_id, fields=("state", "version", "premium", "note", "last_change_date")):
    return admin_rpc.call("lease.offer", "read", [offer_id], list(fields), context={"active_test": False})[0]


def _without_csrf(html):
    """A page without its per-request tokens (to compare two pages)."""
    html = re.sub(r'csrf_token: "[^"]*"', "", html)
    return re.sub(r'name="csrf_token" value="[^"]*"', "", html)


# ---------------------------------------------------------------------- lists
def test_documents_list_filters_sorting_and_paging(odoo_server, other, admin_rpc):
    _uid, login = new_portal_user(admin_rpc, advisor=True)
    rpc, portal = EnglishRpc(odoo_server.rpc(login, login)), Portal(odoo_server, login)
    tag = unique()
    created = [create_offer(rpc, "%s-%02d" % (tag, index)) for index in range(21)]
    modeling = create_offer(rpc, tag + "-m", document_type="modeling")
    foreign = create_offer(other[2], tag + "-x")
    names = {offer["id"]: offer["name"] for offer in admin_rpc.call(
        "lease.offer", "read", created + [modeling, foreign], ["name"])}

    first = portal.get("/my/offers")
    assert first.status_code == 200
    rows = re.findall(r'o_lease_document_row" data-offer-id="(\d+)"', first.text)
    assert len(rows) == 20, "20 documents per page"
    assert names[foreign] not in first.text
    assert 'href="/my/offers/page/2' in first.text
    second = portal.get("/my/offers/page/2")
    rows += re.findall(r'o_lease_document_row" data-offer-id="(\d+)"', second.text)
    assert sorted(int(row) for row in rows) == sorted(created + [modeling])

    only_modelings = portal.get("/my/offers", params={"doc_type": "modeling"}).text
    assert names[modeling] in only_modelings and names[created[0]] not in only_modelings
    drafts = portal.get("/my/offers", params={"state": "signed"}).text
    assert "o_lease_document_row" not in drafts and "There are no documents to show." in drafts
    by_number = portal.get("/my/offers", params={"sortby": "name"}).text
    listed = re.findall(r'class="o_lease_document_link">([^<]+)<', by_number)
    assert listed == sorted(listed, reverse=True)
    # unknown filter values are ignored rather than failing
    assert portal.get("/my/offers", params={"doc_type": "x'; --", "state": "?", "sortby": "evil"}).status_code == 200

    # the status icon carries the status text as its tooltip
    icon = re.search(r'<span class="o_lease_portal_state o_lease_state_draft" title="([^"]+)"', first.text)
    assert icon and "will not be sent to the insurer" in icon.group(1)

    # the entries on /my
    home = text_of(portal.get("/my/home").text)
    assert "Documents (life insurance)" in home


def test_document_page_pdf_and_conflicts(advisor, admin_rpc, odoo_server):
    _uid, _login, rpc, portal = advisor
    offer = create_offer(rpc, unique(), digital_signing=False)
    page = portal.get("/my/offers/%d" % offer)
    assert page.status_code == 200
    assert "o_lease_action_edit" in page.text and "o_lease_action_save_completed" in page.text
    assert "o_lease_action_storno" not in page.text, "Storno only for documents saved as completed"
    pdf = portal.get("/my/offers/%d/pdf" % offer)
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.headers["Cache-Control"] == "no-store"
    assert pdf.headers["Content-Disposition"].startswith("inline;")
    assert portal.get("/my/offers/%d/pdf?download=1" % offer).headers["Content-Disposition"].startswith("attachment;")

    # an edit that arrives after the export lands in "Conflicts"
    form = portal.get("/my/offers/%d/edit" % offer).text
    version = re.search(r'name="version" value="(\d+)"', form).group(1)
    rpc.call("lease.offer", "action_save_completed", [offer])
    export_offers(odoo_server.db, [offer])
    response = portal.post("/my/offers/%d/edit" % offer, {"version": version, "premium": "1"},
                           csrf_from="/my/offers/%d" % offer)
    assert response.url.endswith("/my/offers/conflicts")
    assert "kept as a conflict" in text_of(response.text)
    assert _read(admin_rpc, offer)["state"] == "conflict"
    assert _read(admin_rpc, offer)["premium"] == 1000.0
    assert 'data-offer-id="%d"' % offer not in portal.get("/my/offers").text
    assert 'data-offer-id="%d"' % offer in portal.get("/my/offers/conflicts").text
    assert "o_lease_conflicts_of_offer" in portal.get("/my/offers/%d" % offer).text


# ---------------------------------------------------------------------- the form
def test_create_and_edit_in_the_portal_with_the_models_validation(advisor, admin_rpc):
    _uid, _login, rpc, portal = advisor
    tag = unique()
    form = {"document_type": "offer", "client_name": "Klient %s" % tag, "client_mobile": "777 123 456",
            "client_email": "klient.%s@example.cz" % tag, "digital_signing": "1", "premium": "12x",
            "sum_insured_death": "500 000", "payment_frequency": "monthly", "insurance_term_years": "20",
            "person_0_name": "Klient %s" % tag, "person_0_birth_number": "790304/0025", "person_0_risk": "death",
            "person_0_is_client": "1", "person_0_sum_insured": "500000"}
    response = portal.post("/my/offers/new", form, csrf_from="/my/offers/new")
    assert response.status_code == 200
    assert "'12x' is not a number (field Premium)." in text_of(response.text)
    assert 'value="Klient %s"' % tag in response.text, "what was typed stays in the form"
    assert 'value="790304/0025"' in response.text

    response = portal.post("/my/offers/new", dict(form, premium="1 250,50"), csrf_from="/my/offers/new")
    assert "'790304/0025' is not a valid Czech birth number" in text_of(response.text), "the model's own check"
    assert not rpc.call("res.partner", "search", [("name", "=", "Klient %s" % tag)]), "nothing was created"

    response = portal.post("/my/offers/new", dict(form, premium="1 250,50", person_0_birth_number="790304/0024"),
                           csrf_from="/my/offers/new")
    match = re.search(r"/my/offers/(\d+)$", response.url)
    assert match, response.url
    offer = int(match.group(1))
    assert "was saved" in text_of(response.text)
    data = _read(admin_rpc, offer, ["premium", "advisor_id", "partner_id", "insured_person_ids", "version"])
    assert data["premium"] == 1250.5 and data["advisor_id"][0] == advisor[0]

    edit_page = portal.get("/my/offers/%d/edit" % offer).text
    assert 'name="version" value="%d"' % data["version"] in edit_page
    edit = {"version": str(data["version"]), "partner_id": str(data["partner_id"][0]), "premium": "1400",
            "client_mobile": "777 123 456", "client_email": "klient.%s@example.cz" % tag, "digital_signing": "1",
            "payment_frequency": "monthly"}
    assert portal.post("/my/offers/%d/edit" % offer, edit, csrf_from="/my/offers/%d/edit" % offer).url.endswith(
        "/my/offers/%d" % offer)
    assert _read(admin_rpc, offer)["premium"] == 1400.0
    # the same form again: it was loaded with an older version
    stale = portal.post("/my/offers/%d/edit" % offer, dict(edit, premium="1500"),
                        csrf_from="/my/offers/%d/edit" % offer)
    assert "was changed meanwhile" in text_of(stale.text) and "Reload it" in text_of(stale.text)
    assert 'value="1500"' in stale.text
    assert _read(admin_rpc, offer)["premium"] == 1400.0


def test_change_requests_only_for_seven_contracts(advisor):
    _uid, _login, _rpc, portal = advisor
    form = {"document_type": "change_request", "client_name": "Klient %s" % unique(), "contract_no": "8001234567",
            "payment_frequency": "yearly"}
    page = portal.get("/my/offers/new?type=change_request").text
    assert 'name="contract_no"' in page
    refused = portal.post("/my/offers/new", form, csrf_from="/my/offers/new")
    assert "whose number starts with 7" in text_of(refused.text)
    accepted = portal.post("/my/offers/new", dict(form, contract_no="7001234567"), csrf_from="/my/offers/new")
    assert re.search(r"/my/offers/\d+$", accepted.url)


# ---------------------------------------------------------------------- actions
def test_actions_copy_prefill_storno_and_refusals(advisor, admin_rpc):
    _uid, _login, rpc, portal = advisor
    tag = unique()
    modeling = create_offer(rpc, tag, document_type="modeling")
    response = portal.post("/my/offers/%d/prefill" % modeling, csrf_from="/my/offers/%d" % modeling)
    new_id = int(re.search(r"/my/offers/(\d+)/edit$", response.url).group(1))
    new = _read(admin_rpc, new_id, ["document_type", "source_document_id", "state"])
    assert new["document_type"] == "offer" and new["source_document_id"][0] == modeling

    response = portal.post("/my/offers/%d/copy" % modeling, csrf_from="/my/offers/%d" % modeling)
    copy_id = int(re.search(r"/my/offers/(\d+)/edit$", response.url).group(1))
    assert copy_id not in (modeling, new_id)

    paper = create_offer(rpc, tag + "p", digital_signing=False)
    portal.post("/my/offers/%d/save_completed" % paper, csrf_from="/my/offers/%d" % paper)
    assert _read(admin_rpc, paper)["state"] == "backed_up"
    assert "o_lease_action_storno" in portal.get("/my/offers/%d" % paper).text
    response = portal.post("/my/offers/%d/storno" % paper, csrf_from="/my/offers/%d" % paper)
    assert "cancelled (storno)" in text_of(response.text)
    assert _read(admin_rpc, paper)["state"] == "cancelled"

    # a digitally signed document shows no Storno button, and the server refuses it anyway
    signed = create_offer(rpc, tag + "s")
    sign_offer(rpc, signed)
    page = portal.get("/my/offers/%d" % signed).text
    assert "o_lease_action_storno" not in page and "o_lease_action_edit" not in page
    before = _read(admin_rpc, signed)
    response = portal.post("/my/offers/%d/storno" % signed, csrf_from="/my/offers/%d" % signed)
    assert "signed digitally and cannot be cancelled" in text_of(response.text)
    response = portal.post("/my/offers/%d/edit" % signed, {"version": str(before["version"]), "premium": "1"},
                           csrf_from="/my/offers/%d" % signed)
    assert "signed digitally and can no longer be changed" in text_of(response.text)
    assert _read(admin_rpc, signed) == before


# ---------------------------------------------------------------------- signing routes
def test_signing_routes_sign_field_by_field_and_save(advisor, admin_rpc):
    _uid, _login, rpc, portal = advisor
    offer = create_offer(rpc, unique())
    response = portal.post("/my/offers/%d/start_signing" % offer, csrf_from="/my/offers/%d" % offer)
    assert response.url.endswith("/my/offers/%d/sign" % offer)
    page = response.text
    sha = re.search(r'data-document-sha256="([0-9a-f]{64})"', page).group(1)
    fields = re.findall(r'data-signature-id="(\d+)"\s+data-field-id="([^"]+)"', page)
    assert [field_id for _id, field_id in fields] == ["client.1", "advisor.1"]
    assert 'data-language="en"' in page

    wrong_order = portal.json("/my/offers/%d/sign/field" % offer, signature_id=int(fields[1][0]), image_png=png_b64(),
                              package=fake_package(sha, fields[1][1]), key_id="k", document_sha256=sha).json()
    assert wrong_order["result"]["ok"] is False and "next field to sign" in wrong_order["result"]["message"]
    other_field = portal.json("/my/offers/%d/sign/field" % offer, signature_id=int(fields[0][0]), image_png=png_b64(),
                              package=fake_package(sha, "advisor.1"), key_id="k", document_sha256=sha).json()
    assert "belongs to another signature field" in other_field["result"]["message"]
    early = portal.json("/my/offers/%d/sign/save" % offer).json()["result"]
    assert early["ok"] is False and "Not every signature field is signed" in early["message"]
    for index, (signature_id, field_id) in enumerate(fields):
        result = portal.json("/my/offers/%d/sign/field" % offer, signature_id=int(signature_id), image_png=png_b64(),
                             package=fake_package(sha, field_id), key_id="k", document_sha256=sha,
                             pad_model="STU-530", pad_serial="SN").json()["result"]
        assert result["ok"] is True and result["all_signed"] is (index == 1)
    status = portal.json("/my/offers/%d/sign/status" % offer).json()["result"]
    assert [field["state"] for field in status["fields"]] == ["signed", "signed"]
    saved = portal.json("/my/offers/%d/sign/save" % offer).json()["result"]
    assert saved == {"ok": True, "redirect": "/my/offers/%d" % offer}
    data = _read(admin_rpc, offer, ["state", "pdf_attachment_id"])
    assert data["state"] == "signed"
    pdf = portal.get("/my/offers/%d/pdf" % offer).content
    embedded = pdf_files.embedded_files(pdf)
    assert base64.b64encode(embedded["signature-client.1.lsbp"]).decode() == fake_package(sha, "client.1")


# ---------------------------------------------------------------------- another advisor's documents
def test_another_advisors_documents_are_404_and_stay_unchanged(advisor, other, admin_rpc):
    _uid, _login, rpc, _portal = advisor
    intruder = other[3]
    tag = unique()
    draft = create_offer(rpc, tag)
    awaiting = create_offer(rpc, tag + "a")
    sign_offer(rpc, awaiting, save=False)
    paper = create_offer(rpc, tag + "p", digital_signing=False)
    rpc.call("lease.offer", "action_save_completed", [paper])
    modeling = create_offer(rpc, tag + "m", document_type="modeling")
    before = {offer: _read(admin_rpc, offer) for offer in (draft, awaiting, paper, modeling)}
    count_before = admin_rpc.call("lease.offer", "search_count", [])
    unknown = 10 ** 8

    def probe(offer_id):
        answers = []
        for path in ("", "/pdf", "/sign", "/edit"):
            response = intruder.get("/my/offers/%d%s" % (offer_id, path))
            answers.append((response.status_code, _without_csrf(response.text)))
        csrf = intruder.csrf("/my/offers")
        for action in ("copy", "prefill", "storno", "start_signing", "back_to_draft", "save_completed",
                       "health_questions", "edit"):
            response = intruder.session.post("%s/my/offers/%d/%s" % (intruder.url, offer_id, action),
                                             data={"csrf_token": csrf, "version": "1", "premium": "1"})
            answers.append((response.status_code, _without_csrf(response.text)))
        for route in ("field", "save", "status"):
            response = intruder.json("/my/offers/%d/sign/%s" % (offer_id, route), signature_id=1,
                                     image_png=png_b64(), package="", key_id="k", document_sha256="0" * 64)
            body = response.json()
            answers.append((response.status_code, body["error"]["code"], body["error"]["message"]))
        return answers

    reference = probe(unknown)
    assert all(answer[0] == 404 for answer in reference)
    assert probe(10 ** 15) == reference, "an id beyond the database's integers is just as unknown"
    assert "Document not found" in reference[0][1]
    for offer in (draft, awaiting, paper, modeling):
        assert probe(offer) == reference, "another advisor's document looks exactly like a missing one"
    for offer, data in before.items():
        assert _read(admin_rpc, offer) == data
    assert admin_rpc.call("lease.offer", "search_count", []) == count_before, "no copy was made"
    for path in ("/my/offers", "/my/offers/conflicts"):
        assert "Klient %s" % tag not in intruder.get(path).text

    # and over XML-RPC
    spy = other[2]
    assert spy.call("lease.offer", "search", [("id", "in", list(before))]) == []
    for method, args in (("read", [["name"]]), ("write", [{"note": "cizí"}]), ("action_storno", []),
                         ("action_copy", []), ("_portal_save", [{}])):
        with pytest.raises(xmlrpc.client.Fault):
            spy.call("lease.offer", method, [paper], *args)
    for offer, data in before.items():
        assert _read(admin_rpc, offer) == data


def test_forms_without_csrf_token_are_refused(advisor, admin_rpc):
    _uid, _login, rpc, portal = advisor
    paper = create_offer(rpc, unique(), digital_signing=False)
    rpc.call("lease.offer", "action_save_completed", [paper])
    before = _read(admin_rpc, paper)
    count_before = admin_rpc.call("lease.offer", "search_count", [])
    for path, data in (("/my/offers/%d/storno" % paper, {}),
                       ("/my/offers/%d/copy" % paper, {}),
                       ("/my/offers/%d/edit" % paper, {"version": str(before["version"]), "premium": "1"}),
                       ("/my/offers/new", {"client_name": "Bez tokenu"}),
                       ("/my/offers/activate/partner", {"partner_hr_no": "9123456"}),
                       ("/my/offers/certificate/challenge", {}),
                       ("/my/offers/profile", {"advisor_code": "X-1", "ppz_registration_no": "123456PPZ"})):
        for token in (None, "forged-token"):
            form = dict(data, csrf_token=token) if token else data
            response = portal.session.post(portal.url + path, data=form, timeout=30)
            assert response.status_code == 400, (path, token)
    assert _read(admin_rpc, paper) == before
    assert admin_rpc.call("lease.offer", "search_count", []) == count_before


def test_non_advisors_are_sent_to_the_activation(odoo_server, admin_rpc):
    _uid, login = new_portal_user(admin_rpc)
    portal = Portal(odoo_server, login)
    response = portal.get("/my/offers")
    assert response.url.endswith("/my/offers/activate")
    assert "Activate the advisor application" in text_of(portal.get("/my/home").text)
    for path in ("/my/offers/1", "/my/offers/new", "/my/offers/profile", "/my/offers/1/sign"):
        assert portal.get(path).status_code == 404, path
    anonymous = Portal(odoo_server)
    assert "/web/login" in anonymous.get("/my/offers").url


# ---------------------------------------------------------------------- activation
def test_activation_by_partner_hr_number(odoo_server, admin_rpc):
    hr_no = "9%06d" % (int(unique(), 16) % 10 ** 6)
    company = admin_rpc.call("lease.offer.partner.company", "create", {"name": "Partner %s" % hr_no,
                                                                       "partner_hr_no": hr_no})
    uid, login = new_portal_user(admin_rpc)
    portal = Portal(odoo_server, login)
    form = {"partner_hr_no": hr_no, "advisor_code": "AK-%s" % hr_no[-4:], "ppz_registration_no": "112233PPZ",
            "name": "Aktivovaný Poradce"}
    for wrong, message in (({"partner_hr_no": "8123456"}, "starts with 9"),
                           ({"partner_hr_no": "9000001"}, "not known to the insurer"),
                           ({"ppz_registration_no": "x"}, "PPZ registration number")):
        response = portal.post("/my/offers/activate/partner", dict(form, **wrong), csrf_from="/my/offers/activate")
        assert message in text_of(response.text)
        assert 'value="%s"' % dict(form, **wrong)["partner_hr_no"] in response.text
    assert portal.get("/my/offers").url.endswith("/my/offers/activate"), "nothing changed"

    response = portal.post("/my/offers/activate/partner", form, csrf_from="/my/offers/activate")
    assert response.url.endswith("/my/offers")
    assert "The partner identification was verified successfully (Partner %s)." % hr_no in text_of(response.text)
    user = admin_rpc.call("res.users", "read", [uid],
                          ["partner_hr_no", "advisor_code", "share", "name", "advisor_activation_method"])[0]
    assert user["partner_hr_no"] == hr_no and user["share"] and user["advisor_activation_method"] == "partner_hr"
    assert admin_rpc.call("lease.offer.partner.company", "read", [company], ["advisor_count"])[0]["advisor_count"] == 1
    assert "o_lease_new_offer" in portal.get("/my/offers").text


def test_activation_by_personal_certificate(odoo_server, admin_rpc):
    ca = cert_factory.Authority()
    old_bundle = admin_rpc.call("ir.config_parameter", "get_param", CA_PARAMETER) or ""
    admin_rpc.call("ir.config_parameter", "set_param", CA_PARAMETER, old_bundle + "\n" + ca.pem)
    try:
        uid, login = new_portal_user(admin_rpc)
        portal = Portal(odoo_server, login)
        key, cert = ca.issue("Certifikovaný Poradce")
        identity = {"advisor_code": "CP-1", "ppz_registration_no": "445566PPZ", "name": "Certifikovaný Poradce"}

        def upload(data, name="advisor.pem"):
            return portal.session.post(portal.url + "/my/offers/certificate", timeout=30,
                                       data=dict(identity, csrf_token=portal.csrf("/my/offers/activate")),
                                       files={"certificate": (name, data)})

        assert "not an X.509 certificate" in text_of(upload(b"garbage").text)
        expired = ca.issue("Prošlý", days_from=-30, days_to=-1)[1]
        assert "has expired" in text_of(upload(cert_factory.pem(expired)).text)
        assert "not issued by a certification authority" in text_of(
            upload(cert_factory.pem(cert_factory.certificate("Samozvaný", key))).text)
        response = upload(cert_factory.der(cert), "advisor.der")
        assert "The certificate was uploaded" in text_of(response.text)

        def challenge():
            page = portal.post("/my/offers/certificate/challenge", csrf_from="/my/offers/activate")
            text = re.search(r'o_lease_challenge_text">([^<]+)<', page.text).group(1)
            assert portal.get("/my/offers/certificate/challenge.txt").text == text
            return text

        def answer(signature):
            return portal.session.post(portal.url + "/my/offers/certificate/verify", timeout=30,
                                       data={"csrf_token": portal.csrf("/my/offers/activate")},
                                       files={"signature": ("signature.bin", signature)})

        text = challenge()
        assert "does not match your certificate" in text_of(answer(cert_factory.sign(cert_factory.rsa_key(),
                                                                                     text)).text)
        late = answer(cert_factory.sign(key, text))
        assert "no challenge to answer" in text_of(late.text), "a wrong answer uses the challenge up"
        assert portal.get("/my/offers/certificate/challenge.txt").status_code == 404

        text = challenge()
        signature = cert_factory.sign(key, text)
        response = answer(signature)
        assert response.url.endswith("/my/offers")
        assert "certificate was verified and your advisor account is active" in text_of(response.text)
        assert "no challenge to answer" in text_of(answer(signature).text), "a replayed answer is refused"
        user = admin_rpc.call("res.users", "read", [uid],
                              ["advisor_certificate_state", "advisor_activation_method"])[0]
        assert user["advisor_certificate_state"] == "active" and user["advisor_activation_method"] == "certificate"

        # the same certificate cannot serve another user
        _uid2, login2 = new_portal_user(admin_rpc)
        portal2 = Portal(odoo_server, login2)
        response = portal2.session.post(portal2.url + "/my/offers/certificate", timeout=30,
                                        data=dict(identity, csrf_token=portal2.csrf("/my/offers/activate")),
                                        files={"certificate": ("advisor.pem", cert_factory.pem(cert))})
        assert "already registered to another user" in text_of(response.text)
        # nor can another user answer a challenge that is not theirs
        assert portal2.get("/my/offers/certificate/challenge.txt").status_code == 404
        assert "Upload your personal certificate first" in text_of(portal2.session.post(
            portal2.url + "/my/offers/certificate/verify", timeout=30,
            data={"csrf_token": portal2.csrf("/my/offers/activate")},
            files={"signature": ("signature.bin", signature)}).text)
        assert portal2.get("/my/offers").url.endswith("/my/offers/activate")
    finally:
        admin_rpc.call("ir.config_parameter", "set_param", CA_PARAMETER, old_bundle)


def test_profile_keeps_what_was_typed_on_errors(advisor, admin_rpc):
    uid, _login, _rpc, portal = advisor
    response = portal.post("/my/offers/profile", {"name": "Jméno Poradce", "advisor_code": "bad code",
                                                  "ppz_registration_no": "123456PPZ"}, csrf_from="/my/offers/profile")
    assert "advisor identification" in text_of(response.text) and 'value="bad code"' in response.text
    response = portal.post("/my/offers/profile", {"name": "Jméno Poradce", "advisor_code": "JP-9",
                                                  "ppz_registration_no": "123456ppz"}, csrf_from="/my/offers/profile")
    assert "Your user data were saved." in text_of(response.text)
    user = admin_rpc.call("res.users", "read", [uid], ["name", "advisor_code", "ppz_registration_no"])[0]
    assert (user["name"], user["advisor_code"], user["ppz_registration_no"]) == ("Jméno Poradce", "JP-9", "123456PPZ")


# ---------------------------------------------------------------------- client storage
def _skip_the_wait(db, link_id):
    """Move the last wrong code into the past (instead of sleeping through the throttling)."""
    with server_env(db) as env:
        env.cr.execute("UPDATE lease_offer_storage_link SET last_failure_at = last_failure_at - interval '1 hour' "
                       "WHERE id = %s", (link_id,))


@pytest.fixture(scope="module")
def storage_offers(advisor, admin_rpc):
    """Two signed documents of one client and one of another client."""
    _uid, _login, rpc, _portal = advisor
    tag = unique()
    first = create_offer(rpc, tag)
    partner = _read(admin_rpc, first, ["partner_id"])["partner_id"][0]
    second = create_offer(rpc, tag + "b", partner_id=partner)
    stranger = create_offer(rpc, tag + "x")
    for offer in (first, second, stranger):
        sign_offer(rpc, offer)
    return partner, [first, second], stranger


def test_storage_code_list_download_and_log(odoo_server, storage_offers):
    partner, offers, stranger = storage_offers
    link_id, _url, token, code = issue_storage_link(odoo_server.db, partner, offers + [stranger])
    client = Portal(odoo_server)
    page = client.get("/storage/%s" % token)
    assert page.status_code == 200 and 'name="code"' in page.text
    for header, value in (("Cache-Control", "no-store"), ("Referrer-Policy", "no-referrer"),
                          ("X-Frame-Options", "DENY")):
        assert page.headers[header] == value
    csrf = csrf_of(page.text)
    wrong = "000000" if code != "000000" else "111111"
    response = client.post("/storage/%s" % token, {"code": wrong, "csrf_token": csrf})
    # the client's language (Czech)
    assert response.status_code == 403 and "Počet zbývajících pokusů: 4." in text_of(response.text)
    response = client.post("/storage/%s" % token, {"code": code, "csrf_token": csrf})
    assert response.status_code == 429 and re.search(r"Zkuste to znovu za [12] s", text_of(response.text))
    time.sleep(2.2)
    response = client.post("/storage/%s" % token, {"code": code, "csrf_token": csrf})
    assert response.url.endswith("/storage/%s" % token)
    listed = [int(i) for i in re.findall(r'data-offer-id="(\d+)"', response.text)]
    assert sorted(listed) == sorted(offers), "only the client's own documents"

    download = client.get("/storage/%s/document/%d" % (token, offers[0]))
    assert download.status_code == 200 and download.content[:5] == b"%PDF-"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["Cache-Control"] == "no-store"
    # the document of another client, even inside the link, is not served
    assert client.get("/storage/%s/document/%d" % (token, stranger)).status_code == 404
    assert client.get("/storage/%s/document/%d" % (token, 10 ** 8)).status_code == 404
    # another browser without the code gets nothing
    outsider = Portal(odoo_server)
    denied = outsider.get("/storage/%s/document/%d" % (token, offers[0]))
    assert denied.status_code == 403 and b"%PDF" not in denied.content
    assert storage_events(odoo_server.db, link_id) == [
        "open", "code_wrong", "code_wait", "code_ok", "list", "download", "denied", "denied", "denied"]


def test_storage_refusals_lock_and_neutral_pages(odoo_server, storage_offers):
    partner, offers, _stranger = storage_offers
    link_id, _url, token, code = issue_storage_link(odoo_server.db, partner, offers)
    unknown = Portal(odoo_server).get("/storage/" + "A" * 43)
    malformed = Portal(odoo_server).get("/storage/..%2F..%2Fetc")
    assert unknown.status_code == 404 and malformed.status_code == 404
    assert "Odkaz není platný" in text_of(unknown.text), "Czech unless the client speaks another language"

    client = Portal(odoo_server)
    csrf = csrf_of(client.get("/storage/%s" % token).text)
    wrong = "000000" if code != "000000" else "111111"
    for attempt in range(5):
        response = client.post("/storage/%s" % token, {"code": wrong, "csrf_token": csrf})
        if attempt < 4:
            assert "Počet zbývajících pokusů: %d." % (4 - attempt) in text_of(response.text)
            _skip_the_wait(odoo_server.db, link_id)
    assert response.status_code == 403 and "po 5 chybných kódech zablokován" in text_of(response.text)
    # locked: even the right code does not open it, and the link shows the neutral page
    response = client.post("/storage/%s" % token, {"code": code, "csrf_token": csrf})
    assert "po 5 chybných kódech zablokován" in text_of(response.text)
    page = client.get("/storage/%s" % token)
    assert page.status_code == 404
    assert _without_csrf(page.text) == _without_csrf(unknown.text), "a locked link looks like an unknown one"
    events = storage_events(odoo_server.db, link_id)
    assert events == ["open"] + ["code_wrong"] * 5 + ["code_locked", "denied"]

    # an expired link: the same neutral page, and the attempt is logged
    expired_id, _url, expired_token, expired_code = issue_storage_link(odoo_server.db, partner, offers)
    with server_env(odoo_server.db) as env:
        env.cr.execute("UPDATE lease_offer_storage_link SET expires_at = now() at time zone 'UTC' - interval '1 day' "
                       "WHERE id = %s", (expired_id,))
    visitor = Portal(odoo_server)
    page = visitor.get("/storage/%s" % expired_token)
    assert page.status_code == 404 and _without_csrf(page.text) == _without_csrf(unknown.text)
    response = visitor.post("/storage/%s" % expired_token, {"code": expired_code, "csrf_token": csrf_of(page.text)})
    assert response.status_code == 404 and "Odkaz není platný" in text_of(response.text)
    assert visitor.get("/storage/%s/document/%d" % (expired_token, offers[0])).status_code == 404
    assert storage_events(odoo_server.db, expired_id) == ["denied", "code_expired", "denied", "denied"]


def test_storage_forms_need_the_csrf_token_and_the_token_is_never_logged(odoo_server, storage_offers):
    partner, offers, _stranger = storage_offers
    link_id, _url, token, code = issue_storage_link(odoo_server.db, partner, offers)
    client = Portal(odoo_server)
    csrf = csrf_of(client.get("/storage/%s" % token).text)
    for form in ({"code": code}, {"code": code, "csrf_token": "forged"}):
        assert client.session.post("%s/storage/%s" % (client.url, token), data=form, timeout=30).status_code == 400
    assert "code_ok" not in storage_events(odoo_server.db, link_id)
    assert client.get("/storage/%s/document/%d" % (token, offers[0])).status_code == 403
    client.post("/storage/%s" % token, {"code": code, "csrf_token": csrf})
    assert client.get("/storage/%s/document/%d" % (token, offers[0])).content[:5] == b"%PDF-"
    time.sleep(0.5)
    log = odoo_server.logfile.read_text(encoding="utf-8", errors="replace")
    assert "/storage/<hidden>" in log, "the request lines of the storage are logged, masked"
    assert token not in log
    with server_env(odoo_server.db) as env:
        env.cr.execute("SELECT count(*) FROM lease_offer_storage_link WHERE token_hash = %s OR code_hash = %s "
                       "OR code_salt = %s", (token, code, code))
        assert env.cr.fetchone()[0] == 0
        env.cr.execute("SELECT count(*) FROM lease_offer_storage_access WHERE user_agent LIKE %s OR "
                       "ip_address LIKE %s", ("%" + token + "%", "%" + token + "%"))
        assert env.cr.fetchone()[0] == 0


def test_storage_speaks_the_clients_language(odoo_server, advisor):
    _uid, _login, rpc, _portal = advisor
    tag = unique()
    client = rpc.call("res.partner", "create", {"name": "Client %s" % tag, "lang": "en_US",
                                                "email": "client.%s@example.com" % tag, "mobile": "777123456"})
    offer = create_offer(rpc, tag, partner_id=client)
    sign_offer(rpc, offer)
    _link_id, _url, token, code = issue_storage_link(odoo_server.db, client, [offer])
    visitor = Portal(odoo_server)
    page = visitor.get("/storage/%s" % token)
    assert "Enter the access code we sent you by SMS." in text_of(page.text)
    wrong = "000000" if code != "000000" else "111111"
    response = visitor.post("/storage/%s" % token, {"code": wrong, "csrf_token": csrf_of(page.text)})
    assert "The access code is not correct. Attempts left: 4." in text_of(response.text)
