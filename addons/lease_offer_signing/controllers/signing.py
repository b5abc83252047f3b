# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The signing page of the advisor portal and the JSON routes its script
calls.  The script talks to the signature agent on the advisor's computer
(its address and pairing token stay in the browser) and hands each captured
signature to these routes, which call the document's own methods as the
advisor."""
from werkzeug.exceptions import NotFound

from odoo import _, http
from odoo.http import request

from ..models.lease_offer_portal import STATE_ICONS
from .portal import USER_ERRORS, redirect, advisor_offer, error_message, flash, not_found, pop_flash, OfferPortal

DEFAULT_AGENT_URL = "http://127.0.0.1:8770"


def _json_offer(offer_id):
    """The advisor's own document; HTTP 404 (the same for a missing document
    and for another advisor's) otherwise."""
    offer = advisor_offer(offer_id)
    if offer is None:
        raise NotFound()
    return offer


class OfferSigningPortal(OfferPortal):

    @http.route(["/my/offers/<int:offer_id>/sign"], type="http", auth="user")
    def portal_offer_sign(self, offer_id, **kw):
        offer = advisor_offer(offer_id)
        if offer is None:
            return not_found()
        if offer.state == "draft":
            flash("warning", _("Start the digital signing of the document first (button Sign digitally)."))
            return redirect("/my/offers/%d" % offer.id)
        origin = request.httprequest.host_url.rstrip("/")
        values = self._prepare_portal_layout_values()
        values.update(
            page_name="lease_offer_sign", offer=offer, flash=pop_flash(), state_icons=STATE_ICONS,
            signatures=offer._portal_signing_data(), agent_language=offer._portal_agent_language(),
            default_agent_url=DEFAULT_AGENT_URL, portal_origin=origin)
        return request.render("lease_offer_signing.portal_offer_sign", values)

    @http.route(["/my/offers/<int:offer_id>/sign/status"], type="json", auth="user", methods=["POST"])
    def portal_offer_sign_status(self, offer_id, **kw):
        return dict(_json_offer(offer_id)._portal_signing_status(), ok=True)

    @http.route(["/my/offers/<int:offer_id>/sign/field"], type="json", auth="user", methods=["POST"])
    def portal_offer_sign_field(self, offer_id, signature_id=None, image_png=None, package=None, key_id=None,
                                document_sha256=None, pad_model=None, pad_serial=None, **kw):
        offer = _json_offer(offer_id)
        try:
            with request.env.cr.savepoint():
                result = offer.action_sign_field(signature_id, image_png, package, key_id, document_sha256,
                                                 pad_model=pad_model, pad_serial=pad_serial)
        except USER_ERRORS as exc:
            return {"ok": False, "message": error_message(exc)}
        offer.invalidate_cache()
        status = offer._portal_signing_status()
        status.update(ok=True, signature_id=result["signature_id"], all_signed=result["all_signed"])
        return status

    @http.route(["/my/offers/<int:offer_id>/sign/save"], type="json", auth="user", methods=["POST"])
    def portal_offer_sign_save(self, offer_id, **kw):
        offer = _json_offer(offer_id)
        try:
            with request.env.cr.savepoint():
                offer.action_save_and_send()
        except USER_ERRORS as exc:
            return {"ok": False, "message": error_message(exc)}
        flash("success", _("The document %s was signed and saved; it will be sent to the insurer.") % offer.name)
        return {"ok": True, "redirect": "/my/offers/%d" % offer.id}
