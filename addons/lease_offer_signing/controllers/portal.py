# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The advisor portal: the "Documents" and "Conflicts" lists, a document's
page, its form and its actions.  Every call runs as the logged-in advisor
(never sudo), so record rules and the document's locking rules decide."""
import werkzeug.utils

from odoo import _, http, tools
from odoo.exceptions import UserError, ValidationError
from odoo.http import request
from odoo.addons.portal.controllers.portal import CustomerPortal, pager as portal_pager

from ..models.lease_offer_portal import STATE_ICONS

# the model's refusals shown to the user (ValidationError is no UserError in Odoo 11)
USER_ERRORS = (UserError, ValidationError)
FLASH_KEY = "lease_offer_portal_flash"
ADVISOR_GROUP = "lease_offer_signing.group_offer_advisor"
# POST actions of a document's page: route name -> model method
ACTIONS = {
    "storno": "action_storno",
    "copy": "action_copy",
    "prefill": "action_prefill_offer",
    "start_signing": "action_start_signing",
    "back_to_draft": "action_back_to_draft",
    "save_completed": "action_save_completed",
    "health_questions": "action_load_health_questions",
}
NO_STORE = [("Cache-Control", "no-store"), ("X-Content-Type-Options", "nosniff")]


def redirect(url):
    """See other (after a form, the browser GETs the next page)."""
    return werkzeug.utils.redirect(url, 303)


def error_message(exc):
    """The text of a UserError/ValidationError for the page."""
    return tools.ustr(getattr(exc, "name", None) or exc)


def flash(kind, text):
    request.session[FLASH_KEY] = [kind, text]


def pop_flash():
    return request.session.pop(FLASH_KEY, None)


def is_advisor():
    return request.env.user.has_group(ADVISOR_GROUP)


def not_found():
    """The same page for a document that does not exist and for one of
    another advisor, so that ids cannot be probed."""
    return request.render("lease_offer_signing.portal_offer_not_found", {"page_name": "lease_offers"}, status=404)


def advisor_offer(offer_id):
    """The logged-in advisor's own document, or None."""
    if not is_advisor():
        return None
    offer = request.env["lease.offer"]._portal_find(offer_id)
    return offer or None


class OfferPortal(CustomerPortal):

    def _prepare_portal_layout_values(self):
        values = super(OfferPortal, self)._prepare_portal_layout_values()
        user = request.env.user
        advisor = is_advisor()
        values["lease_offer_advisor"] = advisor
        values["lease_offer_can_activate"] = bool(user.share and not advisor)
        if advisor:
            Offer = request.env["lease.offer"]
            values["lease_offer_count"] = Offer.search_count(Offer._advisor_documents_domain())
            values["lease_conflict_count"] = Offer.search_count(Offer._advisor_conflicts_domain())
        return values

    def _lease_values(self, **values):
        result = self._prepare_portal_layout_values()
        result.update(state_icons=STATE_ICONS, flash=pop_flash())
        result.update(values)
        return result

    # ------------------------------------------------------------------ lists
    @http.route(["/my/offers", "/my/offers/page/<int:page>"], type="http", auth="user")
    def portal_offers(self, page=1, sortby=None, doc_type=None, state=None, **kw):
        return self._render_list(False, page, sortby, doc_type, state)

    @http.route(["/my/offers/conflicts", "/my/offers/conflicts/page/<int:page>"], type="http", auth="user")
    def portal_offer_conflicts(self, page=1, sortby=None, doc_type=None, state=None, **kw):
        return self._render_list(True, page, sortby, doc_type, state)

    def _render_list(self, conflicts, page, sortby, doc_type, state):
        if not is_advisor():
            if request.env.user.share:
                return redirect("/my/offers/activate")
            return not_found()
        Offer = request.env["lease.offer"]
        sortings = {
            "date": _("Last change"),
            "name": _("Number"),
            "client": _("Client"),
            "state": _("Status"),
        }
        sortby = sortby if sortby in sortings else "date"
        types = [("", _("All types"))] + list(Offer._portal_document_types())
        states = [("", _("All states"))] + list(Offer._portal_states())
        doc_type = doc_type if doc_type in dict(types) else ""
        state = state if state in dict(states) else ""
        domain = Offer._portal_list_domain(conflicts, doc_type, state)
        url = "/my/offers/conflicts" if conflicts else "/my/offers"
        total = Offer.search_count(domain)
        pager = portal_pager(url=url, total=total, page=page, step=self._items_per_page,
                             url_args={"sortby": sortby, "doc_type": doc_type, "state": state})
        offers = Offer.search(domain, order=Offer._portal_order(sortby), limit=self._items_per_page,
                              offset=pager["offset"])
        values = self._lease_values(
            page_name="lease_conflicts" if conflicts else "lease_offers",
            conflicts=conflicts, offers=offers, pager=pager, default_url=url,
            searchbar_sortings={key: {"label": label} for key, label in sortings.items()}, sortby=sortby,
            doc_types=types, doc_type=doc_type, doc_states=states, doc_state=state, total=total,
            type_labels=dict(Offer._portal_document_types()), state_labels=dict(Offer._portal_states()))
        return request.render("lease_offer_signing.portal_my_offers", values)

    # ------------------------------------------------------------------ a document
    @http.route(["/my/offers/<int:offer_id>"], type="http", auth="user")
    def portal_offer(self, offer_id, **kw):
        offer = advisor_offer(offer_id)
        if offer is None:
            return not_found()
        Offer = request.env["lease.offer"]
        values = self._lease_values(
            page_name="lease_offer", offer=offer, actions=offer._portal_actions(),
            type_labels=dict(Offer._portal_document_types()), state_labels=dict(Offer._portal_states()),
            frequency_labels=dict(offer._fields["payment_frequency"]._description_selection(request.env)),
            signatures=offer._portal_signing_data(), conflicts_of_offer=offer.conflict_ids)
        return request.render("lease_offer_signing.portal_offer_page", values)

    @http.route(["/my/offers/<int:offer_id>/pdf"], type="http", auth="user")
    def portal_offer_pdf(self, offer_id, download=None, **kw):
        offer = advisor_offer(offer_id)
        if offer is None:
            return not_found()
        pdf = offer._get_pdf_content()
        name = "%s.pdf" % offer._file_stem()
        disposition = http.content_disposition(name)
        if not download:
            disposition = disposition.replace("attachment;", "inline;", 1)
        return request.make_response(pdf, headers=[
            ("Content-Type", "application/pdf"), ("Content-Length", str(len(pdf))),
            ("Content-Disposition", disposition)] + NO_STORE)

    @http.route(["/my/offers/<int:offer_id>/<any(%s):action>" % ",".join(sorted(ACTIONS))],
                type="http", auth="user", methods=["POST"])
    def portal_offer_action(self, offer_id, action, **kw):
        offer = advisor_offer(offer_id)
        if offer is None:
            return not_found()
        try:
            with request.env.cr.savepoint():
                result = getattr(offer, ACTIONS[action])()
        except USER_ERRORS as exc:
            flash("danger", error_message(exc))
            return redirect("/my/offers/%d" % offer.id)
        if action in ("copy", "prefill"):
            flash("success", _("The new document %s was created; complete it and save it.") % result.name)
            return redirect("/my/offers/%d/edit" % result.id)
        if action == "start_signing":
            return redirect("/my/offers/%d/sign" % offer.id)
        messages = {
            "storno": _("The document was cancelled (storno)."),
            "back_to_draft": _("The document is in progress again; the signatures collected so far were discarded."),
            "save_completed": _("The document was saved as completed; it will be exported to the insurer around "
                                "21:00."),
            "health_questions": _("The health questionnaire was added to the document."),
        }
        flash("success", messages[action])
        return redirect("/my/offers/%d" % offer.id)

    # ------------------------------------------------------------------ the form
    @http.route(["/my/offers/new"], type="http", auth="user", methods=["GET", "POST"])
    def portal_offer_new(self, **post):
        if not is_advisor():
            return not_found()
        Offer = request.env["lease.offer"]
        if request.httprequest.method == "POST":
            try:
                offer = Offer._portal_create(post)
            except USER_ERRORS as exc:
                return self._render_form(Offer.browse(), post, error_message(exc))
            flash("success", _("The document %s was saved.") % offer.name)
            return redirect("/my/offers/%d" % offer.id)
        form = Offer.browse()._portal_form_values()
        doc_type = post.get("type")
        form["document_type"] = doc_type if doc_type in dict(Offer._portal_document_types()) else "offer"
        return self._render_form(Offer.browse(), form)

    @http.route(["/my/offers/<int:offer_id>/edit"], type="http", auth="user", methods=["GET", "POST"])
    def portal_offer_edit(self, offer_id, **post):
        offer = advisor_offer(offer_id)
        if offer is None:
            return not_found()
        if request.httprequest.method == "POST":
            try:
                outcome = offer._portal_save(post)
            except USER_ERRORS as exc:
                return self._render_form(offer, post, error_message(exc))
            if outcome == "conflict":
                flash("warning", _("The document %s had been exported to the insurer before your change arrived. "
                                   "Your change was not applied: it is kept as a conflict and the exported data "
                                   "stand.") % offer.name)
                return redirect("/my/offers/conflicts")
            flash("success", _("The document %s was saved.") % offer.name)
            return redirect("/my/offers/%d" % offer.id)
        if not offer._portal_actions()["edit"]:
            flash("warning", offer._edit_refusal_message(offer._portal_edit_refusal()))
            return redirect("/my/offers/%d" % offer.id)
        return self._render_form(offer, offer._portal_form_values())

    def _render_form(self, offer, form, error=None):
        Offer = request.env["lease.offer"]
        form = dict(form)
        if "persons" not in form:
            form["persons"] = Offer._portal_person_rows(form, offer)
        if "questions" not in form:
            form["questions"] = offer._portal_question_rows(form) if offer else []
        form["persons"] = list(form["persons"]) + [{"id": "", "name": "", "birth_date": "", "birth_number": "",
                                                    "is_client": False, "risk": "death", "sum_insured": ""}]
        persons_model = request.env["lease.offer.insured.person"]
        values = self._lease_values(
            page_name="lease_offer_form", offer=offer, form=form, error=error,
            document_type=offer.document_type if offer else form.get("document_type") or "offer",
            type_labels=dict(Offer._portal_document_types()), clients=Offer._portal_clients(),
            frequencies=offer._fields["payment_frequency"]._description_selection(request.env),
            risks=persons_model._fields["risk"]._description_selection(request.env))
        return request.render("lease_offer_signing.portal_offer_form", values)
