from odoo import api, fields, models


class LeaseContractStatusWizard(models.TransientModel):
    """Contract-status change run when a claim whose type has "Change Fin.
    Contract Status" is processed: confirming sets the financing contract's
    detailed status and the claim's state together; cancelling or any
    failure leaves the claim as it was (New)."""

    _name = "lease.contract.status.wizard"
    _description = "Change Financing Contract Status"

    def _default_claim_id(self):
        context = self.env.context
        if context.get("active_model", "lease.insurance.claim") == "lease.insurance.claim" \
                and context.get("active_id"):
            return context["active_id"]
        return False

    def _default_new_status_id(self):
        claim_id = self.env.context.get("default_claim_id") or self._default_claim_id()
        if not claim_id:
            return False
        claim = self.env["lease.insurance.claim"].browse(claim_id)
        return claim.claim_type_id.target_contract_status_id.id

    claim_id = fields.Many2one("lease.insurance.claim", string="Insurance Claim", required=True,
                               ondelete="cascade",
                               default=lambda self: self._default_claim_id())
    claim_type_id = fields.Many2one(related="claim_id.claim_type_id", readonly=True)
    financing_contract_id = fields.Many2one(
        related="claim_id.financing_contract_id", string="Financing Contract", readonly=True)
    current_status_id = fields.Many2one(
        related="claim_id.financing_contract_id.detailed_status_id", string="Current Detailed Status",
        readonly=True)
    new_status_id = fields.Many2one(
        "lease.financing.contract.status", string="New Detailed Status",
        default=lambda self: self._default_new_status_id())
    company_id = fields.Many2one(related="claim_id.company_id", readonly=True)

    @api.onchange("claim_id")
    def _onchange_claim_id(self):
        if self.claim_id and not self.new_status_id:
            self.new_status_id = self.claim_id.claim_type_id.target_contract_status_id

    @api.model
    def create(self, vals):
        if vals.get("claim_id") and "new_status_id" not in vals:
            claim = self.env["lease.insurance.claim"].browse(vals["claim_id"])
            vals = dict(vals, new_status_id=claim.claim_type_id.target_contract_status_id.id)
        return super(LeaseContractStatusWizard, self).create(vals)

    @api.multi
    def action_confirm(self):
        """Change the contract status and process the claim (both or neither)."""
        self.ensure_one()
        self.claim_id._process_with_contract_status(self.new_status_id)
        return {"type": "ir.actions.act_window_close"}

    @api.model
    def _demo_confirm_for_claim(self, claim_id):
        """Run the wizard with its defaults for one claim (demo data)."""
        return self.create({"claim_id": claim_id}).action_confirm()

    @api.multi
    def action_cancel(self):
        """Leave the claim and the contract untouched."""
        return {"type": "ir.actions.act_window_close"}
