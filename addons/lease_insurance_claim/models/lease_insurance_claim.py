from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..lib import claim_rules
from ..lib.dates import to_date, to_odoo
from .db_indexes import ensure_trigram_indexes
from .lease_insurance_contract import PARTICIPATION_FORMS

STATES = [
    ("new", "New"),
    ("in_progress", "In Progress"),
    ("processed", "Processed"),
    ("closed", "Closed"),
]

#: context key through which the contract-status wizard marks a claim processed;
#: the value must be this very object, which no RPC client can send.
PROCESSED_BY_WIZARD = "lease_claim_processed_by_wizard"
_WIZARD_TOKEN = object()


def _links(**records):
    """Many2one values for the set records only: a missing link on the source
    never clears what the card already has."""
    return {name: record.id for name, record in records.items() if record}


class LeaseInsuranceClaim(models.Model):
    """An insurance claim (pojistná událost) on a financed object: the card
    with the tabs General / Damage and Repair / Insurance Indemnity
    Settlement / Customer / Object."""

    _name = "lease.insurance.claim"
    _description = "Insurance Claim"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"

    # ------------------------------------------------------------------ General
    name = fields.Char(string="No.", required=True, copy=False, index=True, default="/", readonly=True)
    claim_type_id = fields.Many2one(
        "lease.insurance.claim.type", string="Insurance Claim Type", index=True,
        track_visibility="onchange", ondelete="restrict")
    description = fields.Char()
    insurer_text = fields.Char(
        string="Insurance Company Text",
        help="The insurer's claim number as the insurer writes it (printed on documents).")
    insurer_claim_no = fields.Char(
        string="Insurance Company Claim No.", index=True, copy=False, track_visibility="onchange",
        help="Digits of the insurer's claim number, used for matching.")
    insurer_id = fields.Many2one(
        "res.partner", string="Insurance Company", index=True, domain=[("is_insurer", "=", True)],
        track_visibility="onchange")
    insurance_contract_id = fields.Many2one(
        "lease.insurance.contract", index=True,
        track_visibility="onchange")
    product_code = fields.Char(string="Insurance Product No.")
    variant_code = fields.Char(string="Product Variant Code")
    coverage_code = fields.Char()
    financing_contract_id = fields.Many2one(
        "lease.financing.contract", index=True, track_visibility="onchange")
    detailed_contract_status_id = fields.Many2one(
        "lease.financing.contract.status", string="Detailed Contract Status",
        related="financing_contract_id.detailed_status_id", store=True, readonly=True)
    financed_object_id = fields.Many2one(
        "lease.financed.object", index=True, track_visibility="onchange")
    financed_object_name = fields.Char()
    vin = fields.Char(string="Chassis No. (VIN)", index=True)
    license_plate = fields.Char(string="Licence Plate No.", index=True)
    serial_no = fields.Char(string="Serial No.", index=True)
    partner_id = fields.Many2one("res.partner", string="Customer", index=True, track_visibility="onchange")
    customer_name = fields.Char()
    state = fields.Selection(STATES, string="Status", default="new", required=True, index=True,
                             copy=False, track_visibility="onchange")
    change_contract_status = fields.Boolean(
        string="Change Fin. Contract Status", related="claim_type_id.change_contract_status", readonly=True,
        help="Taken from the claim type: processing the claim runs the contract-status wizard.")
    is_theft = fields.Boolean(string="Theft", related="claim_type_id.is_theft", readonly=True)
    is_total_loss = fields.Boolean(string="Total Loss", related="claim_type_id.is_total_loss", readonly=True)
    event_date = fields.Date(string="Event Creation Date", index=True, track_visibility="onchange")
    evidence_date = fields.Date(string="Event Evidence Date", required=True, index=True,
                                default=fields.Date.context_today)
    estimated_damage = fields.Monetary(string="Estimated Damage Value")
    damage_type = fields.Selection([("own", "Own"), ("foreign", "Foreign")])
    administrator_id = fields.Many2one(
        "res.users", index=True, track_visibility="onchange",
        default=lambda self: self.env.user)
    company_id = fields.Many2one(
        "res.company", required=True, index=True,
        default=lambda self: self.env["res.company"]._company_default_get("lease.insurance.claim"))
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency", readonly=True)

    # -------------------------------------------------------- Damage and Repair
    driver_id = fields.Many2one("res.partner")
    driver_name = fields.Char()
    accident_description = fields.Text()
    damage_description = fields.Text()
    mileage = fields.Integer(help="Odometer (km) when the damage occurred.")
    police = fields.Char(help="Police department and report reference.")
    culprit = fields.Char()
    culprit_insurance_contract = fields.Char(string="Culprit Insurance Contract No.")
    culprit_insurer = fields.Char(string="Culprit Insurance Company")
    assessor_id = fields.Many2one("lease.insurance.assessor", string="Insurance Assessor", index=True)
    settlement_method = fields.Selection(
        [("none", "Not specified"), ("leasing_account", "Leasing Company Account"),
         ("unblockage", "Insurance Unblockage")],
        string="Claim Settlement Method", required=True, default="none")
    settlement_form = fields.Selection(
        [("invoice", "Invoice"), ("budget", "Budget"), ("residual_value", "Posting Residual Value")],
        string="Claim Settlement Form", required=True, default="invoice", track_visibility="onchange")
    vendor_id = fields.Many2one("res.partner", string="Vendor (Maintenance)", index=True)
    vendor_name = fields.Char(string="Vendor Name (Maintenance)")
    approval_no = fields.Char(string="Approval No.", readonly=True, copy=False,
                              help="Approval number of the approved service permission.")
    repair_date = fields.Date(string="Repair to Date")
    expected_price = fields.Monetary(string="Expected Price excl. VAT", readonly=True)

    # ------------------------------------------- Insurance Indemnity Settlement
    participation_form = fields.Selection(PARTICIPATION_FORMS, string="Participation")
    participation_percent = fields.Float(string="Participation %", digits=(5, 2))
    participation_abs = fields.Monetary(string="Participation ABS")
    participation_min = fields.Monetary(string="Participation MIN")
    participation_max = fields.Monetary(string="Participation MAX")
    expected_participation = fields.Monetary(readonly=True)
    invoice_line_amount = fields.Monetary(readonly=True)
    real_participation = fields.Monetary()
    reduction_amount = fields.Monetary(readonly=True)
    correction_amount = fields.Monetary()
    total_correction = fields.Monetary(readonly=True)
    reinvoiced_amount = fields.Monetary(string="Reinvoiced Amount excl. VAT", readonly=True)
    direct_reinvoiced_amount = fields.Monetary(string="Direct Reinvoiced Amount excl. VAT")
    total_amount = fields.Monetary(readonly=True)
    book_value = fields.Monetary(
        string="Fin. Object Book Value",
        help="Book value of the object's fixed asset on the event date, filled once; editable.")
    indemnity_amount = fields.Monetary(string="Insurance Indemnity Amount", readonly=True)
    indemnity_amount_lcy = fields.Monetary(string="Insurance Indemnity Amount (LCY)", readonly=True)
    contract_end_date = fields.Date(string="Contract Ending Date")
    object_removal_date = fields.Date()
    wreck_price = fields.Monetary()
    police_report_date = fields.Date(string="Police Report Received Date")
    fin_settlement_limit_date = fields.Date(
        string="Financial Settlement Limit Date", compute="_compute_fin_settlement_limit_date",
        store=True, readonly=True,
        help="Contract ending date plus the financial settlement deadline of the insurance settings.")
    fin_settlement_date = fields.Date(string="Financial Settlement Date")
    fin_settlement_sent_date = fields.Date(string="Financial Settlement Customer Sent Date")
    fin_settlement_amount = fields.Monetary(string="Financial Settlement Amount")
    archive_date = fields.Date()

    # ----------------------------------------------------------------- Customer
    customer_registration_no = fields.Char(string="Registration No.")
    customer_balance = fields.Monetary(string="Customer Balance (LCY)", readonly=True)
    contract_balance = fields.Monetary(string="Contract Balance (LCY)", readonly=True)
    contact_person_id = fields.Many2one("res.partner", string="Customer Contact Person")
    contact_person_name = fields.Char(string="Customer Contact Person Name")

    # ------------------------------------------------------------------- Object
    object_type = fields.Selection(related="financed_object_id.object_type", readonly=True)
    object_ref = fields.Char(related="financed_object_id.ref", readonly=True)
    object_manufacturer = fields.Char(related="financed_object_id.manufacturer", readonly=True)
    object_model_name = fields.Char(related="financed_object_id.model_name", readonly=True)
    object_manufacture_year = fields.Integer(related="financed_object_id.manufacture_year", readonly=True)
    object_first_registration_date = fields.Date(
        related="financed_object_id.first_registration_date", readonly=True)
    object_vehicle_id = fields.Many2one(related="financed_object_id.vehicle_id", readonly=True)
    object_asset_id = fields.Many2one(related="financed_object_id.asset_id", readonly=True)
    object_acquisition_value = fields.Monetary(related="financed_object_id.acquisition_value", readonly=True)
    object_partner_id = fields.Many2one(related="financed_object_id.partner_id", readonly=True)

    _sql_constraints = [
        ("name_company_uniq", "unique(name, company_id)", "The claim number must be unique per company."),
    ]

    @api.model_cr
    def init(self):
        ensure_trigram_indexes(self.env.cr, self._table,
                               ["name", "insurer_claim_no", "vin", "license_plate", "customer_name"])

    # ---------------------------------------------------------------- computes
    @api.depends("contract_end_date", "company_id")
    def _compute_fin_settlement_limit_date(self):
        """Computed when the contract ending date is entered; a later change of
        the deadline in the settings does not move existing limits."""
        for claim in self:
            limit = claim_rules.settlement_limit_date(
                to_date(claim.contract_end_date), claim.company_id.fin_settlement_deadline_days)
            claim.fin_settlement_limit_date = to_odoo(limit)

    # ------------------------------------------------------------- constraints
    @api.constrains("insurer_claim_no")
    def _check_insurer_claim_no(self):
        for claim in self:
            if not claim_rules.is_digits_only(claim.insurer_claim_no):
                raise ValidationError(_(
                    "The insurance company claim number may contain digits only (got \"%s\"). "
                    "Keep the insurer's text with letters, spaces or dashes in \"Insurance Company Text\".")
                    % claim.insurer_claim_no)

    @api.constrains("event_date", "evidence_date")
    def _check_dates(self):
        for claim in self:
            event, evidence = to_date(claim.event_date), to_date(claim.evidence_date)
            if event and evidence and evidence < event:
                raise ValidationError(_(
                    "The event evidence date (%(evidence)s) cannot be earlier than the event creation "
                    "date (%(event)s).") % {"evidence": claim.evidence_date, "event": claim.event_date})
            today = to_date(fields.Date.context_today(claim))
            if event and event > today:
                raise ValidationError(_("The event creation date (%s) cannot be in the future.")
                                      % claim.event_date)

    @api.constrains("insurance_contract_id", "financed_object_id")
    def _check_insurance_contract_object(self):
        for claim in self:
            insured = claim.insurance_contract_id.financed_object_id
            if insured and claim.financed_object_id and insured != claim.financed_object_id:
                raise ValidationError(_(
                    "The insurance contract %(contract)s covers %(insured)s, not the claim's object %(object)s.")
                    % {"contract": claim.insurance_contract_id.name, "insured": insured.display_name,
                       "object": claim.financed_object_id.display_name})

    # ------------------------------------------------- derived values (shared)
    @api.model
    def _values_from_insurance_contract(self, contract):
        """Values the card takes from an insurance contract."""
        values = {
            "product_code": contract.product_code or False,
            "variant_code": contract.variant_code or False,
            "coverage_code": contract.coverage_code or False,
            "participation_form": contract.participation_form or False,
            "participation_percent": contract.participation_percent,
            "participation_abs": contract.participation_abs,
            "participation_min": contract.participation_min,
            "participation_max": contract.participation_max,
        }
        values.update(_links(
            insurer_id=contract.insurer_id,
            financing_contract_id=contract.financing_contract_id,
            financed_object_id=contract.financed_object_id or contract.financing_contract_id.financed_object_id))
        return values

    @api.model
    def _values_from_financing_contract(self, financing):
        return _links(financed_object_id=financing.financed_object_id, partner_id=financing.partner_id)

    @api.model
    def _values_from_financed_object(self, obj):
        financing = obj.current_financing_contract_id
        values = {
            "financed_object_name": obj.name or False,
            "vin": obj.vin or False,
            "license_plate": obj.license_plate or False,
            "serial_no": obj.serial_no or False,
        }
        values.update(_links(financing_contract_id=financing, partner_id=obj.partner_id or financing.partner_id))
        return values

    @api.model
    def _values_from_partner(self, partner):
        return {
            "customer_name": partner.name or False,
            "customer_registration_no": partner.commercial_partner_id.company_registry or False,
        }

    @api.model
    def _derived_values(self, vals):
        """Values the card derives from what ``vals`` sets.

        Used by the onchanges and by ``create``/``write`` alike, so a claim
        created over RPC with only an insurance contract is filled in the same
        way as on the form.  Keys present in ``vals`` are never overwritten;
        the insurance contract wins over the financing contract, which wins
        over the financed object.
        """
        derived = {}

        def offer(values):
            for key, value in values.items():
                if key not in vals and key not in derived:
                    derived[key] = value

        def current(key):
            return vals[key] if key in vals else derived.get(key)

        if vals.get("insurance_contract_id"):
            offer(self._values_from_insurance_contract(
                self.env["lease.insurance.contract"].browse(vals["insurance_contract_id"])))
        if "financing_contract_id" in vals or "financing_contract_id" in derived:
            if current("financing_contract_id"):
                offer(self._values_from_financing_contract(
                    self.env["lease.financing.contract"].browse(current("financing_contract_id"))))
        if ("financed_object_id" in vals or "financed_object_id" in derived) and current("financed_object_id"):
            offer(self._values_from_financed_object(
                self.env["lease.financed.object"].browse(current("financed_object_id"))))
        if "partner_id" in vals or "partner_id" in derived:
            offer(self._values_from_partner(self.env["res.partner"].browse(current("partner_id"))))
        names = (("driver_id", "driver_name"), ("vendor_id", "vendor_name"),
                 ("contact_person_id", "contact_person_name"))
        for partner_field, name_field in names:
            if partner_field in vals:
                offer({name_field: self.env["res.partner"].browse(vals[partner_field]).name or False})
        if vals.get("insurer_text"):
            offer({"insurer_claim_no": claim_rules.digits_only(vals["insurer_text"]) or False})
        if vals.get("claim_type_id"):
            claim_type = self.env["lease.insurance.claim.type"].browse(vals["claim_type_id"])
            offer({"description": claim_type._claim_description()})
        return derived

    @api.model
    def _book_value_of(self, financed_object, on_date):
        """Book value of the object's asset on ``on_date`` (None without an asset)."""
        asset = financed_object.asset_id.sudo()
        if not asset:
            return None
        lines = [(to_date(line.depreciation_date), line.remaining_value)
                 for line in asset.depreciation_line_ids]
        return claim_rules.book_value_on(
            to_date(on_date) or to_date(fields.Date.context_today(self)),
            asset.value, asset.salvage_value, lines)

    # --------------------------------------------------------------- onchanges
    def _apply_derived(self, changed_field):
        """Onchange helper: fill the card from the field the user changed."""
        self.update(self._derived_values({changed_field: self[changed_field].id}))

    @api.onchange("insurance_contract_id")
    def _onchange_insurance_contract_id(self):
        if self.insurance_contract_id:
            self._apply_derived("insurance_contract_id")

    @api.onchange("financing_contract_id")
    def _onchange_financing_contract_id(self):
        if self.financing_contract_id:
            self._apply_derived("financing_contract_id")

    @api.onchange("financed_object_id")
    def _onchange_financed_object_id(self):
        obj = self.financed_object_id
        if not obj:
            return
        values = self._derived_values({"financed_object_id": obj.id})
        if self.financing_contract_id.financed_object_id == obj:
            # the contract chosen on the card (e.g. by the insurance contract) stays
            for key in ("financing_contract_id", "partner_id", "customer_name", "customer_registration_no"):
                values.pop(key, None)
        if self.insurance_contract_id.financed_object_id not in (obj, obj.browse()):
            values["insurance_contract_id"] = False
        self.update(values)
        self._fill_book_value()

    @api.onchange("event_date")
    def _onchange_event_date(self):
        self._fill_book_value()

    def _fill_book_value(self):
        """While the card is new, the book value follows the object and the
        event date; once saved it is filled only while still empty."""
        origin = getattr(self, "_origin", None)
        if origin and origin.ids and self.book_value:
            return
        value = self._book_value_of(self.financed_object_id, self.event_date)
        if value is not None:
            self.book_value = value

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        self.update(self._values_from_partner(self.partner_id))

    @api.onchange("driver_id")
    def _onchange_driver_id(self):
        self.driver_name = self.driver_id.name or False

    @api.onchange("vendor_id")
    def _onchange_vendor_id(self):
        self.vendor_name = self.vendor_id.name or False

    @api.onchange("contact_person_id")
    def _onchange_contact_person_id(self):
        self.contact_person_name = self.contact_person_id.name or False

    @api.onchange("insurer_text")
    def _onchange_insurer_text(self):
        if self.insurer_text:
            self.insurer_claim_no = claim_rules.digits_only(self.insurer_text) or False

    @api.onchange("claim_type_id")
    def _onchange_claim_type_id(self):
        claim_type = self.claim_type_id
        if claim_type:
            self.description = claim_type._claim_description()
        self.settlement_form = claim_rules.settlement_form_for(
            claim_type.is_theft, claim_type.is_total_loss, self.settlement_form)

    @api.onchange("settlement_form")
    def _onchange_settlement_form(self):
        self.settlement_form = claim_rules.settlement_form_for(
            self.claim_type_id.is_theft, self.claim_type_id.is_total_loss, self.settlement_form)

    # -------------------------------------------------------------------- CRUD
    @api.model
    def create(self, vals):
        # defaults first: a claim opened from an object gets the object from the context
        vals = self._add_missing_default_values(dict(vals))
        vals.update(self._derived_values(vals))
        if vals.get("name") in (None, False, "", "/"):
            vals["name"] = self.env["ir.sequence"].next_by_code("lease.insurance.claim") or "/"
        claim_type = self.env["lease.insurance.claim.type"].browse(vals.get("claim_type_id"))
        vals["settlement_form"] = claim_rules.settlement_form_for(
            claim_type.is_theft, claim_type.is_total_loss, vals.get("settlement_form") or "invoice")
        if (vals.get("state") == "processed" and claim_type.change_contract_status
                and not self._processed_by_wizard()):
            raise UserError(_(
                "A claim of type \"%s\" changes the financing contract status: create it as New and "
                "process it with the contract-status wizard.") % claim_type.name)
        if not vals.get("book_value") and vals.get("financed_object_id"):
            value = self._book_value_of(self.env["lease.financed.object"].browse(vals["financed_object_id"]),
                                        vals.get("event_date"))
            if value is not None:
                vals["book_value"] = value
        return super(LeaseInsuranceClaim, self._without_wizard_token()).create(vals)

    @api.multi
    def write(self, vals):
        vals = dict(vals)
        vals.update(self._derived_values(vals))
        if vals.get("state") == "processed" and not self._processed_by_wizard():
            self._check_processed_without_wizard(vals)
        if "claim_type_id" in vals:
            self._check_type_change_allowed(vals["claim_type_id"])
        result = super(LeaseInsuranceClaim, self._without_wizard_token()).write(vals)
        if {"claim_type_id", "settlement_form"} & set(vals):
            self._force_settlement_form()
        if {"financed_object_id", "event_date"} & set(vals) and "book_value" not in vals:
            for claim in self.filtered(lambda rec: not rec.book_value and rec.financed_object_id):
                value = self._book_value_of(claim.financed_object_id, claim.event_date)
                if value:
                    claim.book_value = value
        return result

    def _force_settlement_form(self):
        """Theft and total-loss claims keep the settlement form Posting Residual Value."""
        wrong = self.filtered(lambda claim: claim.settlement_form != claim_rules.settlement_form_for(
            claim.claim_type_id.is_theft, claim.claim_type_id.is_total_loss, claim.settlement_form))
        if wrong:
            wrong.write({"settlement_form": claim_rules.RESIDUAL_VALUE_FORM})

    def _processed_by_wizard(self):
        return self.env.context.get(PROCESSED_BY_WIZARD) is _WIZARD_TOKEN

    def _without_wizard_token(self):
        """The token never travels further (tracking, mail, other models)."""
        if PROCESSED_BY_WIZARD not in self.env.context:
            return self
        return self.with_context(**{PROCESSED_BY_WIZARD: False})

    def _check_processed_without_wizard(self, vals):
        """Refuse a plain move to Processed when the claim type changes the
        financing contract status: that goes through the wizard only."""
        claim_types = self.env["lease.insurance.claim.type"]
        for claim in self:
            claim_type = claim_types.browse(vals["claim_type_id"]) if "claim_type_id" in vals \
                else claim.claim_type_id
            if claim.state != "processed" and claim_type.change_contract_status:
                raise UserError(_(
                    "Claim %(claim)s is of type \"%(type)s\", which changes the financing contract status: it "
                    "can be processed only through the contract-status wizard (button \"Processed\").")
                    % {"claim": claim.name, "type": claim_type.name})

    def _check_type_change_allowed(self, claim_type_id):
        for claim in self:
            if claim.state in ("processed", "closed") and claim.claim_type_id.id != claim_type_id:
                raise UserError(_("The type of claim %s cannot be changed once it is processed.") % claim.name)

    @api.multi
    def unlink(self):
        for claim in self:
            if claim.state != "new":
                raise UserError(_("Only new claims can be deleted; claim %s is not new.") % claim.name)
        return super(LeaseInsuranceClaim, self).unlink()

    @api.model
    def search_count(self, args):
        """The claim list counts at most ``lease_count_limit`` rows (set by the
        list's action): counting a million claims on every page is what makes
        big lists slow."""
        limit = self.env.context.get("lease_count_limit")
        if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0:
            return len(self.search(args, limit=limit, order="id"))
        return super(LeaseInsuranceClaim, self).search_count(args)

    # ----------------------------------------------------------------- actions
    @api.multi
    def action_set_in_progress(self):
        for claim in self:
            if claim.state != "new":
                raise UserError(_("Only a new claim can be put in progress (claim %s).") % claim.name)
        self.write({"state": "in_progress"})
        return True

    @api.multi
    def action_set_processed(self):
        """Move the claims to Processed.

        The one entry point for the button and for RPC.  When the claim type
        changes the financing contract status, the state is not changed here:
        the contract-status wizard is returned and its confirmation processes
        the claim.
        """
        for claim in self:
            if claim.state not in ("new", "in_progress"):
                raise UserError(_("Claim %s is already processed or closed.") % claim.name)
        flagged = self.filtered("change_contract_status")
        if flagged:
            if len(self) > 1:
                raise UserError(_(
                    "Claims whose type changes the financing contract status are processed one at a "
                    "time (claim %s).") % flagged[0].name)
            return self._contract_status_wizard_action()
        self.write({"state": "processed"})
        return True

    @api.multi
    def action_close(self):
        for claim in self:
            if claim.state != "processed":
                raise UserError(_("Only a processed claim can be closed (claim %s).") % claim.name)
        self.write({"state": "closed"})
        return True

    @api.multi
    def action_reset_new(self):
        for claim in self:
            if claim.state == "closed" and not self.env.user.has_group(
                    "lease_insurance_claim.group_claim_manager"):
                raise UserError(_("Only a claim manager can reopen the closed claim %s.") % claim.name)
        self.write({"state": "new"})
        return True

    def _contract_status_wizard_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Change Financing Contract Status"),
            "res_model": "lease.contract.status.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_claim_id": self.id},
        }

    # ---------------------------------------------------------- wizard support
    def _check_contract_status_change(self, new_status):
        """Why the financing contract of this claim cannot get ``new_status``
        (raises UserError); the claim then stays as it is."""
        self.ensure_one()
        if self.state not in ("new", "in_progress"):
            raise UserError(_("Claim %s is already processed or closed.") % self.name)
        if not self.change_contract_status:
            raise UserError(_("The type of claim %s does not change the financing contract status.")
                            % self.name)
        contract = self.financing_contract_id.sudo()
        current = contract.detailed_status_id
        new_status = new_status.sudo()
        params = {
            "claim": self.name,
            "contract": contract.name,
            "company": self.company_id.name,
            "contract_company": contract.company_id.name,
            "current": current.display_name,
            "status": new_status.display_name,
            "stays": _("The claim stays %s.") % dict(
                self.fields_get(["state"])["state"]["selection"])[self.state],
        }
        if not contract:
            raise UserError(_(
                "Claim %(claim)s has no financing contract, so its status cannot be changed. %(stays)s") % params)
        if not new_status:
            raise UserError(_(
                "Choose the new detailed status of the financing contract %(contract)s. %(stays)s") % params)
        if contract.company_id != self.company_id:
            raise UserError(_(
                "The financing contract %(contract)s belongs to the company %(contract_company)s, not to the "
                "claim's company %(company)s. %(stays)s") % params)
        try:
            self.financing_contract_id.check_access_rights("read")
            self.financing_contract_id.check_access_rule("read")
        except AccessError:
            raise UserError(_("You have no access to the financing contract %(contract)s. %(stays)s") % params)
        if not new_status.active or new_status.company_id not in (self.company_id, self.company_id.browse()):
            raise UserError(_(
                "The contract status %(status)s cannot be used in the company %(company)s. %(stays)s") % params)
        if current.is_final and current != new_status:
            raise UserError(_(
                "The financing contract %(contract)s is already terminated (%(current)s); its status cannot be "
                "changed to %(status)s. %(stays)s") % params)

    def _process_with_contract_status(self, new_status):
        """Set the financing contract's detailed status and mark the claim
        processed, in one transaction (called by the wizard's confirmation)."""
        self.ensure_one()
        self.check_access_rights("write")
        self.check_access_rule("write")
        self._check_contract_status_change(new_status)
        contract = self.financing_contract_id.sudo()
        old_status = contract.detailed_status_id
        contract.with_context(tracking_disable=True).write({"detailed_status_id": new_status.id})
        params = {"claim": self.name, "contract": contract.name,
                  "old": old_status.display_name or _("(none)"), "new": new_status.display_name}
        contract.message_post(
            body=_("Detailed status changed from %(old)s to %(new)s by insurance claim %(claim)s.") % params,
            author_id=self.env.user.partner_id.id, subtype="mail.mt_note")
        self.with_context(**{PROCESSED_BY_WIZARD: _WIZARD_TOKEN}).write({"state": "processed"})
        self.message_post(
            body=_("Financing contract %(contract)s: detailed status changed from %(old)s to %(new)s.") % params,
            subtype="mail.mt_note")
        return True
