from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    company_registry = fields.Char(
        string="Registration No.", index=True,
        help="Company identification number (IČO) of the customer.")
    is_insurer = fields.Boolean(string="Insurance Company",
                                help="The partner is an insurance company (insurer).")
    lease_claim_count = fields.Integer(string="Insurance Claims", compute="_compute_lease_claim_count")

    def _compute_lease_claim_count(self):
        claims = self.env["lease.insurance.claim"]
        allowed = claims.check_access_rights("read", raise_exception=False)
        for partner in self:
            partner.lease_claim_count = 0
            if allowed and isinstance(partner.id, int):
                partner.lease_claim_count = claims.search_count(
                    [("partner_id", "child_of", partner.commercial_partner_id.id)])

    @api.multi
    def action_view_lease_claims(self):
        """Insurance claims of this customer; a new claim starts with it."""
        self.ensure_one()
        action = self.env.ref("lease_insurance_claim.lease_insurance_claim_action").read()[0]
        action["domain"] = [("partner_id", "child_of", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action
