"""Helpers of the advisor portal and client storage tests: HTTP sessions of
portal users, advisors created for a test, documents driven over XML-RPC and
the few server-side steps no user may call (export, issuing a storage link),
done in this process on the test database and committed."""
import base64
import contextlib
import hashlib
import importlib.util
import io
import re
import struct
import uuid
from pathlib import Path

import requests
from PIL import Image

ADDON = Path(__file__).resolve().parents[1] / "addons" / "lease_offer_signing"
# the token of a form, else the one every page of the frontend layout carries
_CSRF = re.compile(r'name="csrf_token"\s+value="([^"]+)"|csrf_token: "([^"]+)"')


class EnglishRpc(object):
    """A user's XML-RPC client whose calls default to English messages (the
    demo users work in Czech)."""

    def __init__(self, rpc):
        self.rpc, self.uid = rpc, rpc.uid

    def call(self, model, method, *args, **kwargs):
        kwargs.setdefault("context", {"lang": "en_US"})
        return self.rpc.call(model, method, *args, **kwargs)


def load_addon_module(relative):
    """A plain module of the addon (no Odoo import), loaded from its file."""
    path = ADDON / relative
    spec = importlib.util.spec_from_file_location("lease_offer_" + path.stem, str(path))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def unique():
    return uuid.uuid4().hex[:8]


def csrf_of(html):
    match = _CSRF.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1) or match.group(2)


def text_of(html):
    """The visible text of a page, blanks squeezed (to look for messages)."""
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    text = re.sub(r"<[^>]+>", " ", html)
    for entity, char in (("&quot;", '"'), ("&#39;", "'"), ("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"),
                         ("&nbsp;", " ")):
        text = text.replace(entity, char)
    return re.sub(r"\s+", " ", text)


class Portal(object):
    """A browser-like HTTP session of one user of the portal."""

    def __init__(self, server, login=None, password=None):
        self.server, self.url = server, server.url
        self.session = requests.Session()
        if login:
            self.login(login, password or login)

    def login(self, login, password):
        page = self.session.get(self.url + "/web/login", timeout=30)
        response = self.session.post(self.url + "/web/login", timeout=30, data={
            "login": login, "password": password, "db": self.server.db, "csrf_token": csrf_of(page.text)})
        # a successful login answers with a script that goes on to /my (or /web)
        assert response.status_code == 200 and "oe_login_form" not in response.text, "login of %s failed" % login
        return response

    def get(self, path, **kwargs):
        kwargs.setdefault("timeout", 60)
        return self.session.get(self.url + path, **kwargs)

    def post(self, path, data=None, csrf_from=None, **kwargs):
        """POST a form with the CSRF token of the page ``csrf_from`` (default: /my/home)."""
        data = dict(data or {})
        if "csrf_token" not in data:
            data["csrf_token"] = self.csrf(csrf_from or "/my")
        kwargs.setdefault("timeout", 120)
        return self.session.post(self.url + path, data=data, **kwargs)

    def csrf(self, path="/my"):
        return csrf_of(self.get(path).text)

    def json(self, path, **params):
        response = self.session.post(self.url + path, json={"jsonrpc": "2.0", "method": "call", "params": params,
                                                            "id": 1}, timeout=120)
        return response


def new_portal_user(admin_rpc, advisor=False, lang="en_US", name=None):
    """A portal user (optionally an advisor) with login = password."""
    login = "portal-%s" % unique()
    groups = [admin_rpc.ref("base.group_portal")]
    if advisor:
        groups.append(admin_rpc.ref("lease_offer_signing.group_offer_advisor"))
    uid = admin_rpc.call("res.users", "create", {
        "name": name or "Poradce %s" % login[-8:], "login": login, "password": login, "lang": lang,
        "email": "%s@poradci-test.cz" % login, "groups_id": [(6, 0, groups)],
    }, context={"no_reset_password": True})
    return uid, login


def png_b64():
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), "white").save(buffer, "PNG")
    return base64.b64encode(buffer.getvalue()).decode()


def fake_package(document_sha256, field_id):
    """A package with the signature agent's clear header (its encrypted part is
    opaque to the ERP)."""
    field = field_id.encode("utf-8")
    header = b"LSBP" + bytes([1, 1]) + hashlib.sha256(b"test escrow key").digest()[:16] \
        + bytes.fromhex(document_sha256) + bytes([len(field)]) + field
    return base64.b64encode(header + struct.pack(">H", 3) + b"key" + b"\x00" * 12 + struct.pack(">I", 4)
                            + b"data").decode()


def create_offer(rpc, tag, **values):
    """A draft offer of the advisor ``rpc`` for a new client of theirs."""
    client = rpc.call("res.partner", "create", {"name": "Klient %s" % tag, "mobile": "777123456",
                                                "email": "klient.%s@example.cz" % tag, "lang": "cs_CZ"})
    vals = {"partner_id": client, "client_mobile": "777 123 456", "client_email": "klient.%s@example.cz" % tag,
            "digital_signing": True, "premium": 1000.0, "sum_insured_death": 500000.0}
    vals.update(values)
    return rpc.call("lease.offer", "create", vals)


def sign_offer(rpc, offer_id, save=True):
    """Start the signing of a draft offer, sign every field and (by default) save it."""
    rpc.call("lease.offer", "action_start_signing", [offer_id])
    data = rpc.call("lease.offer", "read", [offer_id], ["document_sha256", "signature_ids"])[0]
    fields = sorted(rpc.call("lease.offer.signature", "read", data["signature_ids"], ["sequence", "field_id"]),
                    key=lambda field: (field["sequence"], field["id"]))
    for field in fields:
        rpc.call("lease.offer", "action_sign_field", [offer_id], field["id"], png_b64(),
                 fake_package(data["document_sha256"], field["field_id"]), "test-key", data["document_sha256"])
    if save:
        rpc.call("lease.offer", "action_save_and_send", [offer_id])
    return data["document_sha256"]


@contextlib.contextmanager
def server_env(db):
    """An environment of the superuser on the test database in this process;
    committed at the end (the HTTP server sees the result)."""
    import odoo
    registry = odoo.registry(db)
    with registry.cursor() as cr:
        with odoo.api.Environment.manage():
            yield odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})


def export_offers(db, offer_ids):
    """Lock documents as exported (the export's step, not callable over RPC)."""
    with server_env(db) as env:
        batch = env["lease.offer.export.batch"].create({"file_name": "portal-test-%s.zip" % unique()})
        env["lease.offer"].browse(offer_ids)._export_lock(batch)


def issue_storage_link(db, partner_id, offer_ids):
    """Issue a client storage link as the morning delivery does; returns (link id, url, token, code)."""
    with server_env(db) as env:
        partner, offers = env["res.partner"].browse(partner_id), env["lease.offer"].browse(offer_ids)
        link, url, code = env["lease.offer.storage.link"]._issue(partner, offers)
        link_id = link.id
    return link_id, url, url.rsplit("/storage/", 1)[1], code


def storage_events(db, link_id):
    with server_env(db) as env:
        return env["lease.offer.storage.access"].search([("link_id", "=", link_id)], order="id").mapped("event")
