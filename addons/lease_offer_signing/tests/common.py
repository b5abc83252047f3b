# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import hashlib
import struct

from odoo.tests.common import SavepointCase

from ..lib import demo_signature


def package_for(document_sha256, field_id, payload=b"ciphertext"):
    """A package with the signature agent's clear header (the encrypted part
    is opaque to the ERP, so any bytes stand in for it here)."""
    field = field_id.encode("utf-8")
    header = b"LSBP" + bytes([1, 1]) + hashlib.sha256(b"escrow key").digest()[:16] \
        + bytes.fromhex(document_sha256) + bytes([len(field)]) + field
    return header + struct.pack(">H", 3) + b"key" + b"\x00" * 12 + struct.pack(">I", len(payload)) + payload


class OfferCase(SavepointCase):
    """Users and a client shared by the offer tests: two advisors (portal
    users with the advisor group), a back-office clerk and an auditor."""

    @classmethod
    def setUpClass(cls):
        super(OfferCase, cls).setUpClass()
        Users = cls.env["res.users"].with_context(no_reset_password=True, mail_create_nolog=True)
        portal = cls.env.ref("base.group_portal")
        advisor_group = cls.env.ref("lease_offer_signing.group_offer_advisor")
        cls.advisor1 = Users.create({
            "name": "Test Advisor One", "login": "test-offer-advisor-1", "email": "advisor.one@example.cz",
            "groups_id": [(6, 0, [portal.id, advisor_group.id])],
            "partner_hr_no": "9100001", "advisor_code": "T-1", "ppz_registration_no": "111111PPZ"})
        cls.advisor2 = Users.create({
            "name": "Test Advisor Two", "login": "test-offer-advisor-2", "email": "advisor.two@example.cz",
            "groups_id": [(6, 0, [portal.id, advisor_group.id])]})
        cls.backoffice = Users.create({
            "name": "Test Back Office", "login": "test-offer-backoffice", "email": "bo@example.cz",
            "groups_id": [(6, 0, [cls.env.ref("base.group_user").id,
                                  cls.env.ref("lease_offer_signing.group_offer_backoffice").id])]})
        cls.auditor = Users.create({
            "name": "Test Auditor", "login": "test-offer-auditor", "email": "auditor@example.cz",
            "groups_id": [(6, 0, [cls.env.ref("base.group_user").id,
                                  cls.env.ref("lease_offer_signing.group_offer_auditor").id])]})
        cls.client = cls.env["res.partner"].create({
            "name": "Jana Zkušební", "mobile": "+420 777 123 456", "email": "jana.zkusebni@example.cz"})
        cls.png = base64.b64encode(demo_signature.signature_png("test")).decode()

    def new_offer(self, user=None, **values):
        vals = {
            "partner_id": self.client.id,
            "client_mobile": "777 123 456",
            "client_email": "jana.zkusebni@example.cz",
            "digital_signing": True,
            "premium": 1200.0,
            "sum_insured_death": 800000.0,
            "payment_frequency": "monthly",
        }
        vals.update(values)
        return self.env["lease.offer"].sudo(user or self.advisor1).create(vals)

    def sign(self, offer, signature, package=None, sha=None):
        sha = sha or offer.document_sha256
        package = package if package is not None else package_for(offer.document_sha256, signature.field_id)
        return offer.action_sign_field(signature.id, self.png, base64.b64encode(package).decode(),
                                       "0f1e2d3c4b5a69788796a5b4c3d2e1f0", sha, "STU-530", "SN-1")

    def sign_all(self, offer):
        for signature in offer.signature_ids.sorted(lambda s: (s.sequence, s.id)):
            self.sign(offer, signature)

    def signed_offer(self, user=None, **values):
        offer = self.new_offer(user, **values)
        offer.action_start_signing()
        self.sign_all(offer)
        offer.action_save_and_send()
        return offer

    def paper_offer(self, user=None, **values):
        offer = self.new_offer(user, digital_signing=False, **values)
        offer.action_save_completed()
        return offer

    def exported(self, offer):
        batch = self.env["lease.offer.export.batch"].create({"file_name": "test.zip"})
        self.env["lease.offer"].browse(offer.id)._export_lock(batch)
        offer.invalidate_cache()
        return batch
