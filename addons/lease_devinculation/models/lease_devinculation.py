from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..lib import devinculation_rules

STATES = [
    ("blank", "Blank"),
    ("approved", "Approved"),
    ("declined", "Declined"),
    ("approved_budget", "Approve with Budget"),
    ("declined_budget", "Disapproval with Budget"),
]

LETTER_REPORT = "lease_devinculation.report_devinculation_letter"

#: the records a devinculation belongs to
LINK_FIELDS = ("claim_id", "insurance_contract_id", "financing_contract_id")


class LeaseDevinculation(models.Model):
    """A devinculation (pojistná devinkulace): the leasing company's decision
    on releasing the indemnity of an insurance contract assigned to it, sent
    to the insurer or to the garage repairing the object."""

    _name = "lease.devinculation"
    _description = "Insurance Devinculation"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"

    name = fields.Char(string="No.", required=True, copy=False, index=True, default="/", readonly=True)
    insurance_contract_id = fields.Many2one(
        "lease.insurance.contract", string="Insurance Contract No.", required=True, index=True,
        ondelete="restrict", track_visibility="onchange")
    financing_contract_id = fields.Many2one(
        "lease.financing.contract", string="Financing Contract No.", index=True, ondelete="restrict",
        track_visibility="onchange",
        help="Taken from the insurance contract (or from the claim) when not given.")
    claim_id = fields.Many2one(
        "lease.insurance.claim", string="Insurance Claim No.", index=True, ondelete="restrict",
        track_visibility="onchange")
    date = fields.Date(required=True, index=True, default=fields.Date.context_today,
                       track_visibility="onchange", help="Issue date of the devinculation.")
    sent_to_partner_id = fields.Many2one(
        "res.partner", string="Sent To Contact", index=True, track_visibility="onchange",
        help="The insurance company or the garage (or one of their contact persons) the devinculation "
             "is sent to; the letter is addressed to it.")
    state = fields.Selection(STATES, string="Status", required=True, default="blank", index=True,
                             copy=False, track_visibility="onchange")
    budget_amount = fields.Monetary(
        track_visibility="onchange",
        help="The repair budget the decision refers to: required for the statuses Approve with Budget "
             "and Disapproval with Budget, empty for the others.")
    note = fields.Text(string="Notes", help="Printed in the letter under the decision.")
    company_id = fields.Many2one(
        "res.company", required=True, index=True,
        default=lambda self: self.env["res.company"]._company_default_get("lease.devinculation"))
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency", readonly=True)
    insurer_id = fields.Many2one(
        related="insurance_contract_id.insurer_id", string="Insurance Company", store=True, readonly=True)
    partner_id = fields.Many2one(
        related="financing_contract_id.partner_id", string="Customer", store=True, readonly=True)
    financed_object_id = fields.Many2one(
        "lease.financed.object", compute="_compute_financed_object",
        store=True, readonly=True)
    vin = fields.Char(string="Chassis No. (VIN)", related="financed_object_id.vin", readonly=True)
    license_plate = fields.Char(string="Licence Plate No.", related="financed_object_id.license_plate",
                                readonly=True)

    _sql_constraints = [
        ("name_company_uniq", "unique(name, company_id)", "The devinculation number must be unique per company."),
    ]

    # ---------------------------------------------------------------- computes
    @api.depends("claim_id.financed_object_id", "insurance_contract_id.financed_object_id",
                 "financing_contract_id.financed_object_id")
    def _compute_financed_object(self):
        for devinculation in self:
            devinculation.financed_object_id = (
                devinculation.claim_id.financed_object_id
                or devinculation.insurance_contract_id.financed_object_id
                or devinculation.financing_contract_id.financed_object_id)

    # ------------------------------------------------------------- constraints
    @api.constrains("state", "budget_amount")
    def _check_budget_amount(self):
        for devinculation in self:
            problem = devinculation_rules.budget_problem(devinculation.state, devinculation.budget_amount)
            if not problem:
                continue
            params = {"name": devinculation.name, "status": devinculation._state_label(),
                      "amount": devinculation.budget_amount}
            if problem == devinculation_rules.MISSING:
                raise ValidationError(_(
                    "The status \"%(status)s\" needs the budget amount: enter the budget (greater than zero) "
                    "of devinculation %(name)s.") % params)
            if problem == devinculation_rules.NOT_POSITIVE:
                raise ValidationError(_(
                    "The budget amount of devinculation %(name)s must be greater than zero (entered: "
                    "%(amount)s).") % params)
            raise ValidationError(_(
                "Devinculation %(name)s has the status \"%(status)s\", which has no budget: a budget amount "
                "belongs only to the statuses \"Approve with Budget\" and \"Disapproval with Budget\". "
                "Clear the amount or choose a budget status.") % params)

    @api.constrains("claim_id", "insurance_contract_id")
    def _check_claim_contract(self):
        for devinculation in self:
            claim = devinculation.claim_id
            if claim and claim.insurance_contract_id != devinculation.insurance_contract_id:
                raise ValidationError(_(
                    "Insurance claim %(claim)s is under the insurance contract %(claim_contract)s, not under "
                    "%(contract)s of devinculation %(name)s.") % {
                        "claim": claim.name, "name": devinculation.name,
                        "claim_contract": claim.insurance_contract_id.name or _("(none)"),
                        "contract": devinculation.insurance_contract_id.name})

    @api.constrains("financing_contract_id", "insurance_contract_id")
    def _check_financing_contract(self):
        for devinculation in self:
            expected = devinculation.insurance_contract_id.financing_contract_id
            if expected and devinculation.financing_contract_id != expected:
                raise ValidationError(_(
                    "The insurance contract %(contract)s belongs to the financing contract %(expected)s, not to "
                    "%(financing)s (devinculation %(name)s).") % {
                        "contract": devinculation.insurance_contract_id.name, "expected": expected.name,
                        "financing": devinculation.financing_contract_id.name or _("(none)"),
                        "name": devinculation.name})

    @api.constrains("company_id", "insurance_contract_id")
    def _check_company(self):
        for devinculation in self:
            contract_company = devinculation.insurance_contract_id.company_id
            if contract_company and contract_company != devinculation.company_id:
                raise ValidationError(_(
                    "Devinculation %(name)s belongs to the company %(company)s, but the insurance contract "
                    "%(contract)s belongs to %(contract_company)s.") % {
                        "name": devinculation.name, "company": devinculation.company_id.name,
                        "contract": devinculation.insurance_contract_id.name,
                        "contract_company": contract_company.name})

    # --------------------------------------------------------------- onchanges
    @api.onchange("claim_id")
    def _onchange_claim_id(self):
        if self.claim_id:
            self.update(self._values_from_claim(self.claim_id))

    @api.onchange("insurance_contract_id")
    def _onchange_insurance_contract_id(self):
        contract = self.insurance_contract_id
        if not contract:
            return
        self.update(self._values_from_insurance_contract(contract))
        if self.claim_id and self.claim_id.insurance_contract_id != contract:
            self.claim_id = False

    @api.onchange("state")
    def _onchange_state(self):
        self.budget_amount = devinculation_rules.budget_for_state(self.state, self.budget_amount)

    # ------------------------------------------------- derived values (shared)
    @api.model
    def _values_from_claim(self, claim):
        values = {}
        if claim.insurance_contract_id:
            values.update(self._values_from_insurance_contract(claim.insurance_contract_id))
        if not values.get("financing_contract_id") and claim.financing_contract_id:
            values["financing_contract_id"] = claim.financing_contract_id.id
        return values

    @api.model
    def _values_from_insurance_contract(self, contract):
        values = {"insurance_contract_id": contract.id, "company_id": contract.company_id.id}
        if contract.financing_contract_id:
            values["financing_contract_id"] = contract.financing_contract_id.id
        return values

    @api.model
    def _complete_links(self, vals):
        """Fill the contracts and the company from the claim or the insurance
        contract when ``vals`` does not give them."""
        derived = {}
        if vals.get("claim_id"):
            derived = self._values_from_claim(self.env["lease.insurance.claim"].browse(vals["claim_id"]))
        if vals.get("insurance_contract_id"):
            contract = self.env["lease.insurance.contract"].browse(vals["insurance_contract_id"])
            derived.update(self._values_from_insurance_contract(contract))
        for key, value in derived.items():
            if not vals.get(key):
                vals[key] = value
        return vals

    # -------------------------------------------------------------------- CRUD
    @api.model
    def create(self, vals):
        vals = dict(vals)
        # a claim given only as a default (context) also fills the contracts
        for key, value in self.default_get(list(LINK_FIELDS)).items():
            vals.setdefault(key, value)
        vals = self._complete_links(vals)
        if vals.get("name") in (None, False, "", "/"):
            vals["name"] = self.env["ir.sequence"].next_by_code("lease.devinculation") or "/"
        return super(LeaseDevinculation, self).create(vals)

    @api.multi
    def write(self, vals):
        vals = dict(vals)
        if vals.get("claim_id") or vals.get("insurance_contract_id"):
            vals = self._complete_links(vals)
        return super(LeaseDevinculation, self).write(vals)

    # ----------------------------------------------------------------- actions
    def _form_action(self):
        """The window action opening this devinculation's card."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Devinculation"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "view_type": "form",
            "views": [(self.env.ref("lease_devinculation.lease_devinculation_view_form").id, "form")],
            "target": "current",
        }

    @api.model
    def _list_action(self, domain, context, title):
        action = self.env.ref("lease_devinculation.lease_devinculation_action").read()[0]
        action.update({"domain": domain, "context": context, "name": title})
        return action

    def _check_letter_recipient(self):
        for devinculation in self:
            if not devinculation.sent_to_partner_id:
                raise UserError(_(
                    "Choose the contact devinculation %s is sent to (the insurance company or the garage): "
                    "the letter is addressed to it.") % devinculation.name)

    @api.multi
    def action_print_letter(self):
        self._check_letter_recipient()
        return self.env.ref("lease_devinculation.lease_devinculation_report").report_action(self)

    @api.multi
    def action_send_email(self):
        """The e-mail composer with the devinculation letter attached, in the
        language of the contact it is sent to."""
        self.ensure_one()
        self._check_letter_recipient()
        template = self.env.ref("lease_devinculation.mail_template_devinculation")
        compose_form = self.env.ref("mail.email_compose_message_wizard_form")
        context = {
            "default_model": self._name,
            "default_res_id": self.id,
            "default_use_template": True,
            "default_template_id": template.id,
            "default_composition_mode": "comment",
            "force_email": True,
        }
        return {
            "type": "ir.actions.act_window",
            "name": _("Send Devinculation"),
            "res_model": "mail.compose.message",
            "view_type": "form",
            "view_mode": "form",
            "views": [(compose_form.id, "form")],
            "view_id": compose_form.id,
            "target": "new",
            "context": context,
        }

    # ------------------------------------------------------------------ helpers
    def _state_label(self):
        return dict(self._fields["state"]._description_selection(self.env)).get(self.state, self.state)

    def _letter_lang(self):
        """Language of the letter: the contact's, when it is installed."""
        lang = self.sent_to_partner_id.lang
        if lang and self.env["res.lang"].sudo().search_count([("code", "=", lang), ("active", "=", True)]):
            return lang
        return self.env.lang or "en_US"

    def _render_letter_pdf(self):
        """The PDF bytes of the letters of these devinculations."""
        self._check_letter_recipient()
        report = self.env.ref("lease_devinculation.lease_devinculation_report")
        return report.render_qweb_pdf(self.ids)[0]
