# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from odoo import models

from ..lib import demo_signature


class LeaseOffer(models.Model):
    """Demo data: documents are driven through their real transitions, as
    their advisor, so every demo state is one the rules can produce."""

    _inherit = "lease.offer"

    def _demo_advance_to(self, state, paper=False):
        for offer in self:
            offer._demo_advance_one(state, paper)
        return True

    def _demo_advance_one(self, state, paper):
        advisor_env = self.sudo(self.advisor_id)
        offer = advisor_env.browse(self.id)
        if state == "draft":
            return
        if paper or state == "cancelled":
            offer.action_save_completed()
            if state == "cancelled":
                offer.action_storno()
                return
        else:
            offer.action_start_signing()
            if state == "awaiting_signature":
                first = offer.signature_ids.sorted(lambda s: (s.sequence, s.id))[:1]
                offer._demo_sign(first)
                return
            offer._demo_sign(offer.signature_ids)
            offer.action_save_and_send()
            if state == "signed":
                return
            offer.action_mark_backed_up()
        if state == "backed_up":
            return
        stale_version = offer.version
        batch = self.env["lease.offer.export.batch"].sudo().search(
            [("file_name", "=", "demo-export.zip")], limit=1) or self.env["lease.offer.export.batch"].sudo().create(
            {"file_name": "demo-export.zip", "state": "exported"})
        self.browse(self.id)._export_lock(batch)
        if state == "accepted":
            self.browse(self.id)._mark_accepted()
        elif state == "conflict":
            # the advisor saves an edit made before the export reached them
            offer.write({"note": "Klient si přeje zvýšit pojistnou částku.", "version": stale_version})

    def _demo_sign(self, signatures):
        for signature in signatures.sorted(lambda s: (s.sequence, s.id)):
            image = demo_signature.signature_png(signature.signer_name)
            package = b"DEMO-PACKAGE " + signature.field_id.encode() + b" " + self.document_sha256.encode()
            self.action_sign_field(signature.id, base64.b64encode(image), base64.b64encode(package),
                                   "demo-escrow-key", self.document_sha256, "STU-530", "DEMO-0001")
