from odoo import fields, models


class LeaseInsuranceClaim(models.Model):
    """An insurance claim (pojistná událost) on a financed object."""

    _name = "lease.insurance.claim"
    _description = "Insurance Claim"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"

    name = fields.Char(string="No.", required=True, copy=False, default="/")
    state = fields.Selection(
        [("new", "New"), ("in_progress", "In Progress"),
         ("processed", "Processed"), ("closed", "Closed")],
        string="Status", default="new", required=True, track_visibility="onchange")
    company_id = fields.Many2one(
        "res.company", required=True,
        default=lambda self: self.env["res.company"]._company_default_get("lease.insurance.claim"))
