# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Helpers of the export, acknowledgement and delivery tests: a temporary
outbox and inbox, documents signed without printing, a run of the export
inside the test's transaction (savepoints stand for its commits)."""
import base64
import hashlib
import os
import shutil
import tempfile

from odoo import fields

from ..lib import acknowledgement, export_files
from ..models.lease_offer_export_batch import ExportSavepoints
from .common import OfferCase, package_for


class ExportCase(OfferCase):

    @classmethod
    def setUpClass(cls):
        super(ExportCase, cls).setUpClass()
        cls.tmp = tempfile.mkdtemp(prefix="lease-export-test-")
        cls.outbox = os.path.join(cls.tmp, "outbox")
        cls.inbox = os.path.join(cls.tmp, "inbox")
        cls.company = cls.env.user.company_id
        cls.company.write({"offer_export_outbox": cls.outbox, "offer_export_inbox": cls.inbox,
                           "offer_insurer_code": "KOOP", "offer_backoffice_user_id": cls.backoffice.id})
        cls.Batch = cls.env["lease.offer.export.batch"]
        cls.schema = export_files.load_schema(os.path.join(
            os.path.dirname(os.path.dirname(__file__)), "data", "export", "batch.xsd"))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)
        super(ExportCase, cls).tearDownClass()

    # ------------------------------------------------------------------ documents
    # the documents are made by their advisor and then looked at by the system (as the export sees them)
    def paper_offer(self, user=None, **values):
        return super(ExportCase, self).paper_offer(user, **values).sudo()

    def signed_offer(self, user=None, **values):
        return super(ExportCase, self).signed_offer(user, **values).sudo()

    def fake_signed_offer(self, user=None, state="backed_up", pdf=None, fields_ids=("client.1", "advisor.1"),
                          **values):
        """A digitally signed document made through system writes (no PDF print)."""
        offer = self.new_offer(user, **values)
        document_sha256 = hashlib.sha256(("document %s" % offer.name).encode()).hexdigest()
        pdf = pdf or b"%PDF-1.4\n% signed document " + offer.name.encode() + b"\n" + os.urandom(2048) + b"\n%%EOF\n"
        attachment = self.env["ir.attachment"].sudo().create({
            "name": "%s-signed.pdf" % offer.name, "datas_fname": "%s-signed.pdf" % offer.name,
            "datas": base64.b64encode(pdf), "mimetype": "application/pdf", "res_model": "lease.offer",
            "res_id": offer.id})
        Signature = self.env["lease.offer.signature"]._system()
        for index, field_id in enumerate(fields_ids):
            signature = Signature.create({"offer_id": offer.id, "role": field_id.split(".")[0],
                                          "sequence": 10 * (index + 1), "signer_name": "Signer %d" % index,
                                          "field_id": field_id})
            signature.write({"state": "signed", "key_id": "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
                             "biometric_blob": base64.b64encode(package_for(document_sha256, field_id)),
                             "document_sha256": document_sha256, "signed_at": fields.Datetime.now(),
                             "pad_model": "STU-530", "pad_serial": "SN-1"})
        offer._write_system({"state": state, "signed_digitally": True, "pdf_attachment_id": attachment.id,
                             "pdf_sha256": hashlib.sha256(pdf).hexdigest(), "document_sha256": document_sha256})
        return offer.sudo()

    # ------------------------------------------------------------------ runs
    def export(self, offers, batch_size=None):
        """Run the export for ``offers`` only, in the test's transaction."""
        domain = [("id", "in", offers.ids)]
        batches = self.Batch._export_run(ExportSavepoints(self.env), domain=domain, batch_size=batch_size)
        offers.invalidate_cache()
        return batches

    def batch_dir(self, batch):
        return os.path.join(self.outbox, batch.name)

    def manifest(self, batch):
        return export_files.read_manifest(self.batch_dir(batch))[1]

    def ack(self, batch, documents, date="2026-01-15T06:30:00Z", insurer="KOOP"):
        return acknowledgement.build(batch.name, insurer, date, documents)

    def leftovers(self):
        return [name for name in os.listdir(self.outbox) if name.startswith(".")] if os.path.isdir(self.outbox) \
            else []
