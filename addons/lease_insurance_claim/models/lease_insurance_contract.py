from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .db_indexes import ensure_trigram_indexes
from .name_search import multi_column_domain

PARTICIPATION_FORMS = [
    ("percent_min", "Percent + Min Abs Sum"),
    ("abs", "Abs Sum"),
    ("percent", "Only Percent"),
    ("max", "Max Sum"),
    ("percent_min_max", "Percent + Min + Max"),
]

#: columns of the insurance-contract selection list a user can search by
SEARCH_COLUMNS = [
    "name", "insurer_id.name", "product_code", "variant_code", "coverage_code",
    "vin", "license_plate", "partner_id.name", "financing_contract_id.name",
]


class LeaseInsuranceContract(models.Model):
    """An insurance contract (pojistná smlouva) covering a financed object,
    with the deductible (participation) the insurer withholds on a claim."""

    _name = "lease.insurance.contract"
    _description = "Insurance Contract"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(string="Insurance Contract No.", required=True, index=True, copy=False,
                       track_visibility="onchange")
    insurer_id = fields.Many2one(
        "res.partner", string="Insurance Company", required=True, index=True,
        domain=[("is_insurer", "=", True)], track_visibility="onchange")
    financing_contract_id = fields.Many2one(
        "lease.financing.contract", index=True, track_visibility="onchange")
    financed_object_id = fields.Many2one(
        "lease.financed.object", index=True, track_visibility="onchange")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", related="financing_contract_id.partner_id",
        store=True, readonly=True, index=True)
    vin = fields.Char(string="Chassis No. (VIN)", related="financed_object_id.vin",
                      store=True, readonly=True, index=True)
    license_plate = fields.Char(string="Licence Plate No.", related="financed_object_id.license_plate",
                                store=True, readonly=True, index=True)
    product_code = fields.Char(string="Insurance Product No.", index=True)
    variant_code = fields.Char(string="Product Variant Code")
    coverage_code = fields.Char()
    date_start = fields.Date(string="Start Date")
    date_end = fields.Date(string="Ending Date")
    participation_form = fields.Selection(PARTICIPATION_FORMS, string="Participation",
                                          track_visibility="onchange")
    participation_percent = fields.Float(string="Participation %", digits=(5, 2))
    participation_abs = fields.Monetary(string="Participation ABS")
    participation_min = fields.Monetary(string="Participation MIN")
    participation_max = fields.Monetary(string="Participation MAX")
    company_id = fields.Many2one(
        "res.company", required=True, index=True,
        default=lambda self: self.env["res.company"]._company_default_get("lease.insurance.contract"))
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency", readonly=True)
    active = fields.Boolean(default=True)
    note = fields.Text(string="Notes")
    claim_count = fields.Integer(string="Claims", compute="_compute_claim_count")

    _sql_constraints = [
        ("name_company_uniq", "unique(name, company_id)",
         "The insurance contract number must be unique per company."),
    ]

    @api.model_cr
    def init(self):
        ensure_trigram_indexes(self.env.cr, self._table, ["name", "vin", "license_plate"])

    def _compute_claim_count(self):
        counts = self.env["lease.insurance.claim"].read_group(
            [("insurance_contract_id", "in", self.ids)], ["insurance_contract_id"], ["insurance_contract_id"])
        by_contract = {row["insurance_contract_id"][0]: row["insurance_contract_id_count"] for row in counts}
        for contract in self:
            contract.claim_count = by_contract.get(contract.id, 0)

    @api.constrains("participation_form", "participation_percent", "participation_abs",
                    "participation_min", "participation_max")
    def _check_participation(self):
        for contract in self:
            if not 0.0 <= contract.participation_percent <= 100.0:
                raise ValidationError(_("The participation percentage must be between 0 and 100."))
            if min(contract.participation_abs, contract.participation_min, contract.participation_max) < 0:
                raise ValidationError(_("Participation amounts cannot be negative."))
            if (contract.participation_form == "percent_min_max"
                    and contract.participation_max < contract.participation_min):
                raise ValidationError(_("The maximum participation cannot be lower than the minimum."))

    @api.constrains("financing_contract_id", "financed_object_id")
    def _check_object_of_financing_contract(self):
        for contract in self:
            financing = contract.financing_contract_id
            if (financing.financed_object_id and contract.financed_object_id
                    and financing.financed_object_id != contract.financed_object_id):
                raise ValidationError(_(
                    "The insurance contract %(contract)s insures %(object)s, but its financing contract "
                    "%(financing)s finances %(financed)s.")
                    % {"contract": contract.name, "object": contract.financed_object_id.display_name,
                       "financing": financing.name, "financed": financing.financed_object_id.display_name})

    @api.onchange("financing_contract_id")
    def _onchange_financing_contract_id(self):
        if self.financing_contract_id.financed_object_id:
            self.financed_object_id = self.financing_contract_id.financed_object_id

    @api.model
    def create(self, vals):
        if vals.get("financing_contract_id") and not vals.get("financed_object_id"):
            financing = self.env["lease.financing.contract"].browse(vals["financing_contract_id"])
            vals["financed_object_id"] = financing.financed_object_id.id
        return super(LeaseInsuranceContract, self).create(vals)

    @api.model
    def _name_search(self, name="", args=None, operator="ilike", limit=100, name_get_uid=None):
        """Search by every column of the selection list: number, insurer,
        product, variant, coverage, VIN, licence plate, customer, financing contract."""
        args = list(args or [])
        if name:
            args = multi_column_domain(self, SEARCH_COLUMNS, name, operator) + args
        return super(LeaseInsuranceContract, self)._name_search(
            name="", args=args, operator="ilike", limit=limit, name_get_uid=name_get_uid)

    @api.multi
    def action_view_claims(self):
        """Claims under this insurance contract; a new claim starts from it."""
        self.ensure_one()
        action = self.env.ref("lease_insurance_claim.lease_insurance_claim_action").read()[0]
        action["domain"] = [("insurance_contract_id", "=", self.id)]
        action["context"] = {
            "default_insurance_contract_id": self.id,
            "default_financed_object_id": self.financed_object_id.id,
        }
        action["name"] = _("Claims of %s") % self.display_name
        return action
