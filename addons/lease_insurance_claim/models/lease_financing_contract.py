from odoo import _, api, fields, models

from .db_indexes import ensure_trigram_indexes
from .name_search import multi_column_domain


class LeaseFinancingContract(models.Model):
    """A financing (leasing or loan) contract of a customer for a financed object."""

    _name = "lease.financing.contract"
    _description = "Financing Contract"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(string="Contract No.", required=True, index=True, copy=False,
                       track_visibility="onchange")
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True,
                                 track_visibility="onchange")
    financed_object_id = fields.Many2one(
        "lease.financed.object", index=True, track_visibility="onchange")
    financing_type = fields.Selection(
        [("operating_lease", "Operating Lease"), ("finance_lease", "Finance Lease"), ("loan", "Loan")],
        required=True, default="finance_lease")
    detailed_status_id = fields.Many2one(
        "lease.financing.contract.status", string="Detailed Contract Status", index=True,
        track_visibility="onchange", ondelete="restrict")
    date_start = fields.Date(string="Start Date")
    date_end = fields.Date(string="Ending Date")
    company_id = fields.Many2one(
        "res.company", required=True, index=True,
        default=lambda self: self.env["res.company"]._company_default_get("lease.financing.contract"))
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency", readonly=True)
    financed_amount = fields.Monetary()
    active = fields.Boolean(default=True)
    note = fields.Text(string="Notes")
    insurance_contract_ids = fields.One2many(
        "lease.insurance.contract", "financing_contract_id", string="Insurance Contracts")
    claim_count = fields.Integer(string="Claims", compute="_compute_claim_count")

    _sql_constraints = [
        ("name_company_uniq", "unique(name, company_id)",
         "The financing contract number must be unique per company."),
    ]

    @api.model_cr
    def init(self):
        ensure_trigram_indexes(self.env.cr, self._table, ["name"])

    def _compute_claim_count(self):
        counts = self.env["lease.insurance.claim"].read_group(
            [("financing_contract_id", "in", self.ids)], ["financing_contract_id"], ["financing_contract_id"])
        by_contract = {row["financing_contract_id"][0]: row["financing_contract_id_count"] for row in counts}
        for contract in self:
            contract.claim_count = by_contract.get(contract.id, 0)

    @api.onchange("financed_object_id")
    def _onchange_financed_object_id(self):
        if self.financed_object_id.partner_id and not self.partner_id:
            self.partner_id = self.financed_object_id.partner_id

    @api.model
    def _name_search(self, name="", args=None, operator="ilike", limit=100, name_get_uid=None):
        args = list(args or [])
        if name:
            columns = ["name", "partner_id.name", "financed_object_id.license_plate", "financed_object_id.vin"]
            args = multi_column_domain(self, columns, name, operator) + args
        return super(LeaseFinancingContract, self)._name_search(
            name="", args=args, operator="ilike", limit=limit, name_get_uid=name_get_uid)

    @api.multi
    def action_view_claims(self):
        """Claims of this contract; a new claim starts from it."""
        self.ensure_one()
        action = self.env.ref("lease_insurance_claim.lease_insurance_claim_action").read()[0]
        action["domain"] = [("financing_contract_id", "=", self.id)]
        action["context"] = {
            "default_financing_contract_id": self.id,
            "default_financed_object_id": self.financed_object_id.id,
            "default_partner_id": self.partner_id.id,
        }
        action["name"] = _("Claims of %s") % self.display_name
        return action
