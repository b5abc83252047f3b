from odoo import _, api, fields, models

from .db_indexes import ensure_trigram_indexes
from .name_search import multi_column_domain


class LeaseFinancedObject(models.Model):
    """A financed object (předmět financování): a vehicle or machine leased
    to a customer, optionally linked to its fleet vehicle and fixed asset."""

    _name = "lease.financed.object"
    _description = "Financed Object"
    _inherit = ["mail.thread"]
    _order = "id desc"

    ref = fields.Char(
        string="Object No.", required=True, copy=False, index=True, default="/",
        help="Number of the financed object, assigned from a sequence.")
    name = fields.Char(required=True, index=True, track_visibility="onchange")
    object_type = fields.Selection(
        [("vehicle", "Vehicle"), ("machine", "Machine"), ("other", "Other")],
        required=True, default="vehicle")
    vin = fields.Char(string="Chassis No. (VIN)", index=True, copy=False, track_visibility="onchange")
    license_plate = fields.Char(string="Licence Plate No.", index=True, copy=False,
                                track_visibility="onchange")
    serial_no = fields.Char(string="Serial No.", index=True, copy=False)
    manufacturer = fields.Char()
    model_name = fields.Char(string="Model")
    manufacture_year = fields.Integer(string="Year of Manufacture")
    first_registration_date = fields.Date()
    vehicle_id = fields.Many2one(
        "fleet.vehicle", string="Fleet Vehicle", index=True, ondelete="set null",
        help="Vehicle in the Fleet app; VIN and licence plate can be taken from it.")
    asset_id = fields.Many2one(
        "account.asset.asset", string="Fixed Asset", index=True, ondelete="set null",
        help="Fixed asset whose depreciation gives the book value of the object.")
    partner_id = fields.Many2one("res.partner", string="Customer", index=True, track_visibility="onchange")
    company_id = fields.Many2one(
        "res.company", required=True, index=True,
        default=lambda self: self.env["res.company"]._company_default_get("lease.financed.object"))
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency", readonly=True)
    acquisition_value = fields.Monetary()
    book_value = fields.Float(
        string="Current Book Value", related="asset_id.value_residual", readonly=True)
    active = fields.Boolean(default=True)
    note = fields.Text(string="Notes")
    financing_contract_ids = fields.One2many(
        "lease.financing.contract", "financed_object_id", string="Financing Contracts")
    current_financing_contract_id = fields.Many2one(
        "lease.financing.contract",
        compute="_compute_current_financing_contract_id")
    insurance_contract_ids = fields.One2many(
        "lease.insurance.contract", "financed_object_id", string="Insurance Contracts")
    claim_count = fields.Integer(string="Claims", compute="_compute_claim_count")

    _sql_constraints = [
        ("ref_company_uniq", "unique(ref, company_id)", "The object number must be unique per company."),
    ]

    @api.model_cr
    def init(self):
        ensure_trigram_indexes(self.env.cr, self._table, ["name", "vin", "license_plate", "serial_no"])

    @api.depends("financing_contract_ids.date_start", "financing_contract_ids.detailed_status_id")
    def _compute_current_financing_contract_id(self):
        for obj in self:
            contracts = obj.financing_contract_ids.sorted(
                key=lambda contract: (not contract.detailed_status_id.is_final,
                                      contract.date_start or "", contract.id),
                reverse=True)
            obj.current_financing_contract_id = contracts[:1]

    def _compute_claim_count(self):
        counts = self.env["lease.insurance.claim"].read_group(
            [("financed_object_id", "in", self.ids)], ["financed_object_id"], ["financed_object_id"])
        by_object = {row["financed_object_id"][0]: row["financed_object_id_count"] for row in counts}
        for obj in self:
            obj.claim_count = by_object.get(obj.id, 0)

    @api.onchange("vehicle_id")
    def _onchange_vehicle_id(self):
        vehicle = self.vehicle_id
        if not vehicle:
            return
        self.object_type = "vehicle"
        self.vin = vehicle.vin_sn or self.vin
        self.license_plate = vehicle.license_plate or self.license_plate
        self.manufacturer = vehicle.model_id.brand_id.name or self.manufacturer
        self.model_name = vehicle.model_id.name or self.model_name
        if not self.name:
            self.name = vehicle.name
        if vehicle.model_year and vehicle.model_year.isdigit():
            self.manufacture_year = int(vehicle.model_year)
        if vehicle.acquisition_date and not self.first_registration_date:
            self.first_registration_date = vehicle.acquisition_date

    @api.onchange("asset_id")
    def _onchange_asset_id(self):
        if self.asset_id and not self.acquisition_value:
            self.acquisition_value = self.asset_id.value

    @api.model
    def create(self, vals):
        if vals.get("ref", "/") == "/":
            vals["ref"] = self.env["ir.sequence"].next_by_code("lease.financed.object") or "/"
        if vals.get("vehicle_id"):
            vehicle = self.env["fleet.vehicle"].browse(vals["vehicle_id"])
            vals.setdefault("vin", vehicle.vin_sn)
            vals.setdefault("license_plate", vehicle.license_plate)
            vals.setdefault("name", vehicle.name)
        return super(LeaseFinancedObject, self).create(vals)

    @api.multi
    def name_get(self):
        result = []
        for obj in self:
            label = obj.name
            if obj.license_plate:
                label = "%s (%s)" % (label, obj.license_plate)
            if obj.ref and obj.ref != "/":
                label = "[%s] %s" % (obj.ref, label)
            result.append((obj.id, label))
        return result

    @api.model
    def _name_search(self, name="", args=None, operator="ilike", limit=100, name_get_uid=None):
        args = list(args or [])
        if name:
            columns = ["ref", "name", "vin", "license_plate", "serial_no"]
            args = multi_column_domain(self, columns, name, operator) + args
        return super(LeaseFinancedObject, self)._name_search(
            name="", args=args, operator="ilike", limit=limit, name_get_uid=name_get_uid)

    @api.multi
    def action_view_claims(self):
        """Claims of this object; a new claim starts with the object and its
        current financing contract filled in."""
        self.ensure_one()
        action = self.env.ref("lease_insurance_claim.lease_insurance_claim_action").read()[0]
        action["domain"] = [("financed_object_id", "=", self.id)]
        action["context"] = {
            "default_financed_object_id": self.id,
            "default_financing_contract_id": self.current_financing_contract_id.id,
            "default_partner_id": self.partner_id.id or self.current_financing_contract_id.partner_id.id,
        }
        action["name"] = _("Claims of %s") % self.display_name
        return action
