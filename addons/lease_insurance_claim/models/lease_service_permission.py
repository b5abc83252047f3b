from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

PERMISSION_STATES = [
    ("draft", "Draft"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
]

#: fields of a permission that cannot change once it is approved or rejected
LOCKED_FIELDS = {"claim_id", "vendor_id", "mileage", "line_ids", "company_id"}


class LeaseServicePermission(models.Model):
    """A service (repair) permission (servisní povolenka) of a claim: the
    repair the leasing company allows the garage to do, with the expected
    and purchase prices of its lines.

    Approving it gives the claim its approval number and records the mileage
    in the fleet vehicle's odometer history (once per permission).
    """

    _name = "lease.service.permission"
    _description = "Service Permission"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(string="No.", required=True, copy=False, index=True, default="/", readonly=True)
    claim_id = fields.Many2one(
        "lease.insurance.claim", string="Insurance Claim", required=True, index=True, ondelete="cascade",
        track_visibility="onchange")
    vendor_id = fields.Many2one(
        "res.partner", string="Vendor (Maintenance)", index=True, domain=[("supplier", "=", True)],
        track_visibility="onchange")
    mileage = fields.Integer(track_visibility="onchange",
                             help="Odometer (km) of the vehicle, recorded in its odometer history on approval.")
    state = fields.Selection(PERMISSION_STATES, string="Status", default="draft", required=True, index=True,
                             copy=False, readonly=True, track_visibility="onchange")
    line_ids = fields.One2many("lease.service.permission.line", "permission_id", string="Service Permission Lines",
                               copy=True)
    date = fields.Date(string="Issue Date", required=True, default=fields.Date.context_today)
    approval_no = fields.Char(
        string="Approval No.", copy=False, index=True, track_visibility="onchange",
        help="Given on approval from a sequence unless entered beforehand; the claim shows the number of its "
             "approved permission.")
    approval_date = fields.Date(readonly=True, copy=False)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    odometer_id = fields.Many2one(
        "fleet.vehicle.odometer", string="Odometer Record", readonly=True, copy=False, ondelete="set null",
        help="Odometer record written when the permission was approved.")
    note = fields.Text(string="Notes")
    partner_id = fields.Many2one(related="claim_id.partner_id", string="Customer", readonly=True)
    financed_object_id = fields.Many2one(related="claim_id.financed_object_id", readonly=True)
    vehicle_id = fields.Many2one(related="claim_id.financed_object_id.vehicle_id", string="Fleet Vehicle",
                                 readonly=True)
    company_id = fields.Many2one(related="claim_id.company_id", store=True, readonly=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id", string="Currency", readonly=True)
    expected_price_total = fields.Monetary(
        string="Expected Price excl. VAT", compute="_compute_totals", store=True)
    purchase_price_total = fields.Monetary(
        string="Purchase Price excl. VAT", compute="_compute_totals", store=True)
    reinvoice_amount_total = fields.Monetary(
        string="Amount to Reinvoice", compute="_compute_totals", store=True)

    _sql_constraints = [
        ("approval_no_company_uniq", "unique(approval_no, company_id)",
         "The approval number must be unique per company."),
    ]

    @api.depends("line_ids.expected_price", "line_ids.purchase_price", "line_ids.reinvoice_amount")
    def _compute_totals(self):
        for permission in self:
            lines = permission.line_ids
            permission.expected_price_total = sum(lines.mapped("expected_price"))
            permission.purchase_price_total = sum(lines.mapped("purchase_price"))
            permission.reinvoice_amount_total = sum(lines.mapped("reinvoice_amount"))

    @api.constrains("mileage")
    def _check_mileage(self):
        for permission in self:
            if permission.mileage < 0:
                raise ValidationError(_("The mileage of service permission %s cannot be negative.")
                                      % permission.name)

    @api.onchange("claim_id")
    def _onchange_claim_id(self):
        claim = self.claim_id
        if claim:
            self.vendor_id = claim.vendor_id or self.vendor_id
            self.mileage = claim.mileage or self.mileage

    # -------------------------------------------------------------------- CRUD
    @api.model
    def create(self, vals):
        vals = dict(vals)
        claim = self.env["lease.insurance.claim"].browse(vals.get("claim_id"))
        if claim:
            vals.setdefault("vendor_id", claim.vendor_id.id)
            vals.setdefault("mileage", claim.mileage)
            claim._check_settlement_open()
        if vals.get("name", "/") == "/":
            vals["name"] = self.env["ir.sequence"].next_by_code("lease.service.permission") or "/"
        if vals.get("state", "draft") != "draft":
            raise UserError(_("A service permission is created as a draft; approve or reject it afterwards."))
        return super(LeaseServicePermission, self).create(vals)

    @api.multi
    def write(self, vals):
        if "state" in vals and not self.env.context.get("lease_permission_transition"):
            raise UserError(_("The status of a service permission changes only with its buttons "
                              "(Approve, Reject, Reset to Draft)."))
        if LOCKED_FIELDS & set(vals):
            for permission in self:
                if permission.state != "draft":
                    raise UserError(_(
                        "Service permission %s is no longer a draft: its claim, vendor, mileage and lines "
                        "cannot be changed. Reset it to draft first.") % permission.name)
            self.mapped("claim_id")._check_settlement_open()
            if vals.get("claim_id"):
                self.env["lease.insurance.claim"].browse(vals["claim_id"])._check_settlement_open()
        return super(LeaseServicePermission, self).write(vals)

    @api.multi
    def unlink(self):
        for permission in self:
            if permission.state == "approved":
                raise UserError(_("The approved service permission %s cannot be deleted; reset it to draft "
                                  "first.") % permission.name)
        self.mapped("claim_id")._check_settlement_open()
        return super(LeaseServicePermission, self).unlink()

    # ----------------------------------------------------------------- actions
    def _transition(self, vals):
        return self.with_context(lease_permission_transition=True).write(vals)

    @api.multi
    def action_approve(self):
        """Approve draft permissions: approval number (sequence unless set),
        date and approver, and one odometer record for the claim's vehicle."""
        for permission in self:
            if permission.state != "draft":
                raise UserError(_("Only a draft service permission can be approved (%s).") % permission.name)
            if not permission.line_ids:
                raise UserError(_("Service permission %s has no lines: add the repair to approve first.")
                                % permission.name)
        today = fields.Date.context_today(self)
        for permission in self:
            vals = {"state": "approved", "approval_date": today, "approved_by_id": self.env.uid}
            if not permission.approval_no:
                vals["approval_no"] = self.env["ir.sequence"].next_by_code(
                    "lease.service.permission.approval") or permission.name
            permission._transition(vals)
            permission._record_odometer()
        return True

    @api.multi
    def action_reject(self):
        for permission in self:
            if permission.state != "draft":
                raise UserError(_("Only a draft service permission can be rejected (%s).") % permission.name)
        self.mapped("claim_id")._check_settlement_open()
        self._transition({"state": "rejected"})
        return True

    @api.multi
    def action_reset_draft(self):
        """Back to draft, e.g. to correct the lines.

        An approved permission can go back only while none of its lines is
        invoiced to the client and the claim's financial settlement is not
        posted.  The odometer record written by its approval is deleted (a new
        approval writes a new one) and the claim's approval number falls back
        to another approved permission, if any.  The permission keeps its
        approval number, so a new approval reuses it.
        """
        for permission in self:
            if permission.state == "draft":
                raise UserError(_("Service permission %s is already a draft.") % permission.name)
            invoiced = permission.line_ids.filtered("invoice_line_id")
            if invoiced:
                raise UserError(_(
                    "Service permission %(permission)s cannot go back to draft: its line \"%(line)s\" is already "
                    "invoiced to the client (%(invoice)s).") % {
                        "permission": permission.name, "line": invoiced[0].description,
                        "invoice": invoiced[0].invoice_line_id.invoice_id.sudo().display_name})
        self.mapped("claim_id")._check_settlement_open()
        for permission in self:
            odometer = permission.odometer_id
            permission._transition({"state": "draft", "approval_date": False, "approved_by_id": False,
                                    "odometer_id": False})
            if odometer:
                odometer.sudo().unlink()
                permission.message_post(body=_("Odometer record of %s km removed.") % permission.mileage,
                                        subtype="mail.mt_note")
        return True

    # ---------------------------------------------------------------- business
    def _record_odometer(self):
        """Write the mileage into the odometer history of the claim's fleet
        vehicle: once per permission, only with a vehicle and a mileage."""
        self.ensure_one()
        vehicle = self.claim_id.financed_object_id.vehicle_id
        if self.odometer_id or not vehicle or not self.mileage:
            return self.env["fleet.vehicle.odometer"]
        odometer = self.env["fleet.vehicle.odometer"].sudo().create({
            "vehicle_id": vehicle.id,
            "value": self.mileage,
            "date": self.approval_date or fields.Date.context_today(self),
        })
        self._transition({"odometer_id": odometer.id})
        self.message_post(body=_("Odometer of %(vehicle)s recorded: %(km)s km.")
                          % {"vehicle": vehicle.sudo().display_name, "km": self.mileage}, subtype="mail.mt_note")
        return odometer

    @api.model
    def _demo_decide(self, approve_ids, reject_ids):
        """Demo data: approve / reject the given permissions that are still
        drafts (safe to run again on an update)."""
        drafts = self.browse(approve_ids + reject_ids).exists().filtered(lambda rec: rec.state == "draft")
        drafts.filtered(lambda rec: rec.id in approve_ids).action_approve()
        drafts.filtered(lambda rec: rec.id in reject_ids).action_reject()
        return True
