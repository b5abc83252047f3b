# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Activation of a portal user as an advisor (by the partner HR number or by
a personal certificate) and the advisor's user data."""
from odoo import _, http
from odoo.http import request

from .portal import USER_ERRORS, redirect, error_message, flash, is_advisor, not_found, OfferPortal

CHALLENGE_KEY = "lease_offer_certificate_challenge"
MAX_SIGNATURE_BYTES = 4096


def _upload(field):
    """The bytes of an uploaded file (or of text pasted instead of it)."""
    value = request.httprequest.files.get(field)
    if value is not None and value.filename:
        return value.read(64 * 1024 + 1)
    text = request.params.get(field + "_text") or ""
    return text.encode("utf-8") if text.strip() else b""


def _me():
    """The logged-in user in their own environment (``request.env.user`` is
    the superuser's view of them): the activation runs with their rights."""
    return request.env["res.users"].browse(request.uid)


class OfferActivationPortal(OfferPortal):

    def _activation_page(self, error=None, form=None, **values):
        user = request.env.user
        if not user.share:
            return not_found()
        page = self._lease_values(
            page_name="lease_activation", status=_me()._advisor_activation_status(), error=error,
            form=form or {}, challenge=request.session.get(CHALLENGE_KEY))
        page.update(values)
        return request.render("lease_offer_signing.portal_offer_activation", page)

    @http.route(["/my/offers/activate"], type="http", auth="user", methods=["GET"])
    def portal_activation(self, **kw):
        return self._activation_page()

    @http.route(["/my/offers/activate/partner"], type="http", auth="user", methods=["POST"])
    def portal_activation_partner(self, **post):
        if not request.env.user.share:
            return not_found()
        try:
            with request.env.cr.savepoint():
                company = _me()._advisor_activate_by_partner(
                    post.get("partner_hr_no"), post.get("advisor_code"), post.get("ppz_registration_no"),
                    post.get("name"))
        except USER_ERRORS as exc:
            return self._activation_page(error=error_message(exc), form=post, method="partner")
        flash("success", _("The partner identification was verified successfully (%s).") % company)
        return redirect("/my/offers")

    @http.route(["/my/offers/certificate"], type="http", auth="user", methods=["POST"])
    def portal_certificate_upload(self, **post):
        if not request.env.user.share:
            return not_found()
        try:
            with request.env.cr.savepoint():
                _me()._advisor_register_certificate(
                    _upload("certificate"), post.get("advisor_code"), post.get("ppz_registration_no"),
                    post.get("name"))
        except USER_ERRORS as exc:
            return self._activation_page(error=error_message(exc), form=post, method="certificate")
        request.session.pop(CHALLENGE_KEY, None)
        flash("info", _("The certificate was uploaded. Now prove that you hold its private key: ask for a "
                        "challenge and sign it."))
        return redirect("/my/offers/activate#certificate")

    @http.route(["/my/offers/certificate/challenge"], type="http", auth="user", methods=["POST"])
    def portal_certificate_challenge(self, **post):
        """Issue a fresh single-use challenge, kept in this session only."""
        if not request.env.user.share:
            return not_found()
        try:
            challenge = _me()._advisor_certificate_challenge()
        except USER_ERRORS as exc:
            return self._activation_page(error=error_message(exc), method="certificate")
        request.session[CHALLENGE_KEY] = challenge
        return redirect("/my/offers/activate#certificate")

    @http.route(["/my/offers/certificate/challenge.txt"], type="http", auth="user", methods=["GET"])
    def portal_certificate_challenge_file(self, **kw):
        """The challenge as the exact file to sign (no trailing newline)."""
        challenge = request.session.get(CHALLENGE_KEY)
        if not request.env.user.share or not challenge or challenge.get("user_id") != request.env.uid:
            return not_found()
        return request.make_response(challenge["text"], headers=[
            ("Content-Type", "text/plain; charset=us-ascii"),
            ("Content-Disposition", "attachment; filename=challenge.txt"),
            ("Cache-Control", "no-store")])

    @http.route(["/my/offers/certificate/verify"], type="http", auth="user", methods=["POST"])
    def portal_certificate_verify(self, **post):
        if not request.env.user.share:
            return not_found()
        # single use: the challenge is forgotten whatever the outcome
        challenge = request.session.pop(CHALLENGE_KEY, None)
        signature = _upload("signature")[:MAX_SIGNATURE_BYTES + 1]
        was_advisor = is_advisor()
        try:
            # no savepoint: a refused answer still uses the challenge up
            _me()._advisor_verify_certificate(challenge, signature)
        except USER_ERRORS as exc:
            return self._activation_page(error=error_message(exc), method="certificate")
        if was_advisor:
            flash("success", _("Your personal certificate was verified."))
        else:
            flash("success", _("Your personal certificate was verified and your advisor account is active."))
        return redirect("/my/offers")

    @http.route(["/my/offers/profile"], type="http", auth="user", methods=["GET", "POST"])
    def portal_advisor_profile(self, **post):
        """The advisor's user data: name, advisor identification, PPZ number."""
        if not is_advisor():
            return not_found()
        user = request.env.user
        error = None
        if request.httprequest.method == "POST":
            try:
                with request.env.cr.savepoint():
                    values = _me()._advisor_identity_values(post.get("advisor_code"),
                                                            post.get("ppz_registration_no"), post.get("name"))
                    _me().write(values)
            except USER_ERRORS as exc:
                error = error_message(exc)
            else:
                flash("success", _("Your user data were saved."))
                return redirect("/my/offers/profile")
        values = self._lease_values(page_name="lease_profile", error=error, form=post if error else {},
                                    status=_me()._advisor_activation_status() if user.share else {})
        return request.render("lease_offer_signing.portal_offer_profile", values)
