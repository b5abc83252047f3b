# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re
from datetime import datetime

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..lib import offer_rules

# the document's own fields an advisor fills in the portal form, by kind
PORTAL_FIELDS = [
    ("client_mobile", "char"),
    ("client_email", "char"),
    ("digital_signing", "bool"),
    ("contract_no", "char"),
    ("date_start", "date"),
    ("insurance_term_years", "int"),
    ("payment_frequency", "selection"),
    ("sum_insured_death", "amount"),
    ("sum_insured_disability", "amount"),
    ("sum_insured_accident", "amount"),
    ("premium", "amount"),
    ("note", "text"),
]
PERSON_FIELDS = [
    ("name", "char"),
    ("birth_date", "date"),
    ("birth_number", "char"),
    ("is_client", "bool"),
    ("risk", "selection"),
    ("sum_insured", "amount"),
]
MAX_PERSON_ROWS = 20
SORTINGS = {
    "date": "last_change_date desc, id desc",
    "name": "name desc, id desc",
    "client": "partner_id, id desc",
    "state": "state, last_change_date desc, id desc",
}
_NUMBER_BLANKS = re.compile(r"[\s\u00a0\u202f']")
# the seed's status icons (Font Awesome), as in the back office's list
STATE_ICONS = {
    "draft": "fa-pencil",
    "awaiting_signature": "fa-hourglass-half",
    "signed": "fa-check",
    "backed_up": "fa-cloud-upload",
    "exported": "fa-lock",
    "accepted": "fa-check-circle",
    "cancelled": "fa-ban",
    "conflict": "fa-exclamation-triangle",
}


class LeaseOfferPortalMixin(models.AbstractModel):
    """What the advisor portal needs from a document (``lease.offer`` inherits
    this): the values of its form, the conversion of a submitted form into a
    change of the document, the actions allowed in its state and the data of
    its signing page.  Every method runs as the advisor, so the record rules
    and the locking rules of the document apply exactly as in the back office
    and over XML-RPC."""

    _name = "lease.offer.portal.mixin"
    _description = "Advisor portal of a life-insurance document"

    # ------------------------------------------------------------------ lists
    @api.model
    def _portal_document_types(self):
        return self._fields["document_type"]._description_selection(self.env)

    @api.model
    def _portal_states(self):
        return self._fields["state"]._description_selection(self.env)

    @api.model
    def _portal_list_domain(self, conflicts=False, document_type=None, state=None):
        """The domain of the advisor's "Documents" (or "Conflicts") list with
        the chosen filters; unknown filter values are ignored."""
        domain = self._advisor_conflicts_domain() if conflicts else self._advisor_documents_domain()
        if document_type and document_type in dict(self._fields["document_type"].selection):
            domain = domain + [("document_type", "=", document_type)]
        if state and state in dict(self._fields["state"].selection):
            domain = domain + [("state", "=", state)]
        return domain

    @api.model
    def _portal_order(self, sortby):
        return SORTINGS.get(sortby) or SORTINGS["date"]

    @api.model
    def _portal_find(self, offer_id):
        """The advisor's own document ``offer_id`` (in conflict or not), or an
        empty recordset: another advisor's document and a missing one look
        the same."""
        try:
            offer_id = int(offer_id)
        except (TypeError, ValueError):
            return self.browse()
        if not 0 < offer_id < 2 ** 31:
            return self.browse()
        return self.search([("id", "=", offer_id), ("advisor_id", "=", self.env.uid)], limit=1)

    # ------------------------------------------------------------------ actions
    @api.multi
    def _portal_actions(self):
        """Which buttons the portal shows for the document (the model refuses
        the others anyway)."""
        self.ensure_one()
        editable = not offer_rules.edit_refusal(self.state, self.signed_digitally)
        return {
            "edit": editable,
            "load_health_questions": editable and self.document_type != "modeling",
            "start_signing": self.state == "draft" and self.digital_signing,
            "sign": self.state == "awaiting_signature",
            "back_to_draft": self.state == "awaiting_signature",
            "save_completed": self.state == "draft" and not self.digital_signing,
            "storno": not offer_rules.storno_refusal(self.state, self.signed_digitally),
            "view_pdf": True,
            "copy": True,
            "prefill": self.document_type == "modeling" and self.state != "cancelled",
        }

    @api.multi
    def _portal_edit_refusal(self):
        self.ensure_one()
        return offer_rules.edit_refusal(self.state, self.signed_digitally)

    # ------------------------------------------------------------------ the form
    @api.multi
    def _portal_form_values(self):
        """The document as the strings of the portal form (an empty form for
        a new document)."""
        values = {"version": str(self.version or ""), "partner_id": str(self.partner_id.id or ""),
                  "document_type": self.document_type or "offer"}
        for name, kind in PORTAL_FIELDS:
            values[name] = self._portal_format(self[name] if self else self._portal_default(name), kind)
        persons = []
        for person in self.insured_person_ids:
            row = {"id": str(person.id)}
            for name, kind in PERSON_FIELDS:
                row[name] = self._portal_format(person[name], kind)
            persons.append(row)
        values["persons"] = persons
        values["questions"] = [{"id": str(q.id), "question": q.question, "answer": q.answer or "",
                                "note": q.note or ""} for q in self.health_question_ids]
        return values

    @api.model
    def _portal_person_rows(self, form, offer):
        """The insured persons' rows as they were submitted (to show the form
        again with what was typed)."""
        rows = []
        for index in range(MAX_PERSON_ROWS):
            prefix = "person_%d_" % index
            if not (form.get(prefix + "id") or form.get(prefix + "name")):
                continue
            row = {"id": form.get(prefix + "id") or "", "delete": bool(form.get(prefix + "delete"))}
            for name, kind in PERSON_FIELDS:
                value = form.get(prefix + name)
                row[name] = bool(value) if kind == "bool" else (value or "")
            rows.append(row)
        return rows

    @api.multi
    def _portal_question_rows(self, form):
        rows = []
        for question in self.health_question_ids:
            prefix = "question_%d_" % question.id
            rows.append({"id": str(question.id), "question": question.question,
                         "answer": form.get(prefix + "answer", question.answer or "") or "",
                         "note": form.get(prefix + "note", question.note or "") or ""})
        return rows

    @api.model
    def _portal_default(self, name):
        defaults = {"digital_signing": True, "insurance_term_years": 20, "payment_frequency": "monthly"}
        return defaults.get(name, False)

    @api.model
    def _portal_format(self, value, kind):
        if kind == "bool":
            return bool(value)
        if value is False or value is None:
            return ""
        if kind == "amount":
            return ("%.2f" % value) if value else ""
        if kind == "int":
            return str(value) if value else ""
        return str(value)

    @api.model
    def _portal_clients(self):
        """The clients the advisor can choose: those they entered and those of
        their documents (the record rules on contacts say which)."""
        return self.env["res.partner"].search(
            [("id", "!=", self.env.user.partner_id.id), ("is_company", "=", False)], order="name", limit=500)

    @api.model
    def _portal_create(self, form):
        """Create a document from the submitted portal form; every check is the model's."""
        document_type = form.get("document_type") or "offer"
        if document_type not in dict(self._fields["document_type"].selection):
            raise UserError(_("Choose the type of the document."))
        with self.env.cr.savepoint():
            vals = self._portal_vals(form)
            vals["document_type"] = document_type
            if document_type != "change_request":
                vals.pop("contract_no", None)
            offer = self.create(vals)
        return offer

    @api.multi
    def _portal_save(self, form):
        """Apply the submitted portal form to the document, as an edit of the
        ``version`` the form was loaded with.  Returns ``saved``, or
        ``conflict`` when the document had been exported meanwhile (the edit
        is kept aside as a conflict and not applied)."""
        self.ensure_one()
        version = (form.get("version") or "").strip()
        if not version:
            raise UserError(_("The form does not say which version of the document it edits. Reload it and "
                              "make your change again."))
        conflicts = len(self.conflict_ids)
        with self.env.cr.savepoint():
            vals = self._portal_vals(form, self)
            if self.document_type != "change_request":
                vals.pop("contract_no", None)
            vals["version"] = version
            self.write(vals)
        self.invalidate_cache()
        return "conflict" if len(self.conflict_ids) > conflicts else "saved"

    def _portal_vals(self, form, offer=None):
        vals = {}
        for name, kind in PORTAL_FIELDS:
            vals[name] = self._portal_parse(form.get(name), kind, self._fields[name], name)
        vals["partner_id"] = self._portal_client(form)
        offer = offer if offer is not None else self.browse()
        persons = self._portal_person_commands(form, offer)
        if persons:
            vals["insured_person_ids"] = persons
        questions = self._portal_question_commands(form, offer)
        if questions:
            vals["health_question_ids"] = questions
        return vals

    def _portal_client(self, form):
        """The chosen client, or a new one entered with the form (the advisor's own contact)."""
        choice = (form.get("partner_id") or "").strip()
        if choice and choice != "new":
            try:
                partner = self._portal_clients().filtered(lambda p: p.id == int(choice))
            except ValueError:
                partner = None
            if not partner:
                raise UserError(_("Choose the client from the list or enter a new one."))
            return partner.id
        name = (form.get("client_name") or "").strip()
        if not name:
            # no client yet: the document cannot be signed or completed until it has one
            return False
        return self.env["res.partner"].create({
            "name": name[:128],
            "mobile": (form.get("client_mobile") or "").strip() or False,
            "email": (form.get("client_email") or "").strip() or False,
            "customer": True,
        }).id

    def _portal_person_commands(self, form, offer):
        commands = []
        existing = {str(p.id): p for p in offer.insured_person_ids}
        for index in range(MAX_PERSON_ROWS):
            prefix = "person_%d_" % index
            row_id = (form.get(prefix + "id") or "").strip()
            name = (form.get(prefix + "name") or "").strip()
            if row_id:
                if row_id not in existing:
                    raise UserError(_("An insured person of the form does not belong to this document. Reload "
                                      "the document and make your change again."))
                if form.get(prefix + "delete"):
                    commands.append((2, int(row_id)))
                    continue
            elif not name:
                continue
            vals = {}
            model = self.env["lease.offer.insured.person"]
            for field_name, kind in PERSON_FIELDS:
                vals[field_name] = self._portal_parse(form.get(prefix + field_name), kind, model._fields[field_name],
                                                      field_name)
            if not vals["name"]:
                raise UserError(_("Enter the name of every insured person (or tick Remove)."))
            commands.append((1, int(row_id), vals) if row_id else (0, 0, vals))
        return commands

    def _portal_question_commands(self, form, offer):
        commands = []
        for question in offer.health_question_ids:
            prefix = "question_%d_" % question.id
            if prefix + "answer" not in form and prefix + "note" not in form:
                continue
            answer = form.get(prefix + "answer") or False
            if answer not in (False, "yes", "no"):
                raise UserError(_("Answer the health questions with yes or no."))
            commands.append((1, question.id, {"answer": answer, "note": (form.get(prefix + "note") or "").strip()}))
        return commands

    def _portal_parse(self, raw, kind, field, name):
        """The value of a form field for the ORM; a clear error for what
        cannot be read (the typed text stays in the form)."""
        label = field.get_description(self.env)["string"]
        text = raw.strip() if isinstance(raw, str) else raw
        if kind == "bool":
            return bool(text) and text not in ("0", "false", "off")
        if kind in ("char", "text"):
            return text or False
        if kind == "selection":
            if not text:
                return False
            if text not in dict(field._description_selection(self.env)):
                raise UserError(_("Choose a value of '%s' from the list.") % label)
            return text
        if kind == "date":
            if not text:
                return False
            for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d. %m. %Y"):
                try:
                    return fields.Date.to_string(datetime.strptime(text, pattern).date())
                except ValueError:
                    continue
            raise UserError(_("'%(value)s' is not a date (field %(field)s); write e.g. 31.12.2030.")
                            % {"value": text, "field": label})
        if kind in ("amount", "int"):
            if not text:
                return 0
            number = _NUMBER_BLANKS.sub("", text).replace(",", ".")
            try:
                value = float(number)
            except ValueError:
                raise UserError(_("'%(value)s' is not a number (field %(field)s).") % {"value": text, "field": label})
            if value < 0:
                raise UserError(_("'%(field)s' cannot be negative.") % {"field": label})
            if kind == "int":
                if value != int(value):
                    raise UserError(_("'%(value)s' is not a whole number (field %(field)s).")
                                    % {"value": text, "field": label})
                return int(value)
            return round(value, 2)
        raise UserError(_("Unknown form field %s.") % name)

    # ------------------------------------------------------------------ signing page
    @api.multi
    def _portal_signing_data(self):
        """The signature fields of the signing page, in signing order."""
        self.ensure_one()
        roles = dict(self.env["lease.offer.signature"]._fields["role"]._description_selection(self.env))
        next_id = self.next_signature_id.id
        result = []
        for signature in self.signature_ids.sorted(lambda s: (s.sequence, s.id)):
            result.append({
                "id": signature.id,
                "field_id": signature.field_id,
                "role": signature.role,
                "role_label": roles.get(signature.role, signature.role),
                "signer_name": signature.signer_name or roles.get(signature.role, signature.role),
                "state": signature.state,
                "is_next": signature.id == next_id,
                "image": self._portal_image_url(signature),
            })
        return result

    @staticmethod
    def _portal_image_url(signature):
        if signature.state != "signed" or not signature.image:
            return ""
        image = signature.image
        if isinstance(image, bytes):
            image = image.decode("ascii")
        return "data:image/png;base64,%s" % image

    @api.multi
    def _portal_signing_status(self):
        self.ensure_one()
        return {
            "state": self.state,
            "state_label": self._state_label(),
            "document_sha256": self.document_sha256 or "",
            "fields": self._portal_signing_data(),
            "all_signed": bool(self.signature_ids) and all(s.state == "signed" for s in self.signature_ids),
        }

    @api.model
    def _portal_agent_language(self):
        """``cs`` or ``en``: the language of the pad's texts and messages."""
        return "en" if (self.env.lang or self.env.user.lang or "cs_CZ").startswith("en") else "cs"
