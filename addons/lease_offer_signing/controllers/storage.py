# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The client's document storage (úložiště): the link from the e-mail opens
a page asking for the access code from the SMS; after the right code the
client sees and downloads their documents for a while in this browser
session.  Every access is logged on the link."""
import time

from odoo import _, http
from odoo.http import request

from ..lib import log_masking, storage_access
from .portal import redirect

# the server logs request lines: keep the links' tokens out of them
log_masking.install()

SESSION_KEY = "lease_offer_storage_links"
OPEN_SECONDS = 30 * 60
DEFAULT_LANG = "cs_CZ"
HEADERS = [
    ("Cache-Control", "no-store"),
    ("Pragma", "no-cache"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Robots-Tag", "noindex, nofollow"),
    ("X-Frame-Options", "DENY"),
    ("X-Content-Type-Options", "nosniff"),
]


def _client():
    httprequest = request.httprequest
    return httprequest.remote_addr, httprequest.user_agent.string if httprequest.user_agent else ""


def _find_link(token):
    """The link of ``token`` (or an empty one), with the request switched to
    the client's language: the pages speak it (Czech by default)."""
    link = request.env["lease.offer.storage.link"]._find_by_token(token)
    installed = [code for code, _name in request.env["res.lang"].sudo().get_installed()]
    lang = link.partner_id.lang if link and link.partner_id.lang in installed else DEFAULT_LANG
    if lang not in installed:
        lang = "en_US"
    request.context = dict(request.context, lang=lang)
    return request.env["lease.offer.storage.link"].sudo().browse(link.ids)


def _is_open(link):
    opened = request.session.get(SESSION_KEY) or {}
    return bool(link) and opened.get(str(link.id), 0) > time.time()


def _open(link):
    opened = {key: expiry for key, expiry in (request.session.get(SESSION_KEY) or {}).items() if expiry > time.time()}
    opened[str(link.id)] = time.time() + OPEN_SECONDS
    request.session[SESSION_KEY] = opened


def _usable(link):
    return bool(link) and not link.locked and not link._is_expired()


def _render(template, values, status=200):
    response = request.render(template, values, status=status)
    response.headers.extend(HEADERS)
    return response


class ClientStorage(http.Controller):

    def _invalid(self, link=None):
        """The same neutral page for an unknown, expired or locked link."""
        if link:
            ip, agent = _client()
            link._log("denied", ip=ip, user_agent=agent)
        return _render("lease_offer_signing.storage_invalid", {"company": self._company(link)}, status=404)

    @staticmethod
    def _company(link):
        return link.company_id if link else request.env.user.company_id.sudo()

    def _code_page(self, link, token, message=None, level="danger", status=200):
        return _render("lease_offer_signing.storage_code", {
            "token": token, "message": message, "level": level, "company": self._company(link)}, status=status)

    @http.route(["/storage/<string:token>"], type="http", auth="public", methods=["GET"])
    def storage(self, token, **kw):
        link = _find_link(token)
        if not _usable(link):
            return self._invalid(link)
        ip, agent = _client()
        if not _is_open(link):
            link._log("open", ip=ip, user_agent=agent)
            return self._code_page(link, token)
        documents = link._documents()
        link._log("list", ip=ip, user_agent=agent)
        Offer = request.env["lease.offer"]
        return _render("lease_offer_signing.storage_documents", {
            "token": token, "link": link, "documents": documents, "company": self._company(link),
            "type_labels": dict(Offer._portal_document_types())})

    @http.route(["/storage/<string:token>"], type="http", auth="public", methods=["POST"])
    def storage_code(self, token, code=None, **kw):
        link = _find_link(token)
        if not link:
            return self._invalid()
        ip, agent = _client()
        outcome = link._check_code(code or "", ip=ip, user_agent=agent)
        if outcome == "ok":
            _open(link)
            return redirect("/storage/%s" % token)
        if outcome == "wrong":
            left = storage_access.MAX_FAILED_ATTEMPTS - link.failed_attempts
            return self._code_page(link, token, _("The access code is not correct. Attempts left: %s.") % left,
                                   status=403)
        if outcome == "wait":
            return self._code_page(link, token, _("Too many wrong codes in a row. Try again in %s s.")
                                   % link._seconds_to_wait(), level="warning", status=429)
        if outcome == "locked":
            company = self._company(link)
            contact = company.phone or company.email or ""
            message = _("The access to your documents was locked after 5 wrong codes. Please contact the "
                        "help line%s.") % ((" " + contact) if contact else "")
            return _render("lease_offer_signing.storage_locked", {"message": message, "company": company},
                           status=403)
        return self._invalid(link)

    @http.route(["/storage/<string:token>/document/<int:offer_id>"], type="http", auth="public", methods=["GET"])
    def storage_document(self, token, offer_id, **kw):
        link = _find_link(token)
        if not _usable(link):
            return self._invalid(link)
        ip, agent = _client()
        offer = link._documents().filtered(lambda document: document.id == offer_id)
        if not _is_open(link):
            link._log("denied", offer=offer or None, ip=ip, user_agent=agent)
            return self._code_page(link, token, _("Enter the access code from the SMS first."), level="warning",
                                   status=403)
        if not offer:
            return self._invalid(link)
        pdf = offer._get_pdf_content()
        link._log("download", offer=offer, ip=ip, user_agent=agent)
        headers = [("Content-Type", "application/pdf"), ("Content-Length", str(len(pdf))),
                   ("Content-Disposition", http.content_disposition("%s.pdf" % offer._file_stem()))]
        return request.make_response(pdf, headers=headers + HEADERS)
