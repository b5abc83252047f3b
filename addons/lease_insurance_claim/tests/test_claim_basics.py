from odoo.tests.common import SavepointCase


class TestClaimBasics(SavepointCase):

    def test_new_claim_starts_in_state_new(self):
        claim = self.env["lease.insurance.claim"].create({"name": "PU-TEST"})
        self.assertEqual(claim.state, "new")
        self.assertEqual(claim.company_id, self.env.user.company_id)
