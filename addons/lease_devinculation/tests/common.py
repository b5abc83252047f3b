"""Records shared by the devinculation tests (created in setUpClass, rolled back)."""
import shutil
import subprocess
import tempfile
from contextlib import contextmanager

from odoo.addons.lease_insurance_claim.tests.common import ClaimCase


def pdf_text(pdf):
    """The text of a PDF (poppler's pdftotext, else PyPDF2)."""
    if shutil.which("pdftotext"):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(pdf)
            handle.flush()
            return subprocess.check_output(["pdftotext", "-enc", "UTF-8", handle.name, "-"]).decode("utf-8")
    import io
    from PyPDF2 import PdfFileReader
    reader = PdfFileReader(io.BytesIO(pdf))
    return "\n".join(reader.getPage(number).extractText() for number in range(reader.getNumPages()))


class DevinculationCase(ClaimCase):

    @classmethod
    def setUpClass(cls):
        super(DevinculationCase, cls).setUpClass()
        cls.Devinculation = cls.env["lease.devinculation"]
        cls.garage.write({"street": "Roztylská 19", "city": "Praha 4", "zip": "148 00"})
        cls.claim = cls.new_claim(vendor_id=cls.garage.id, insurer_text="PU 2026-000777/01")
        cls.garage_contact = cls.env["res.partner"].create({
            "name": "TST Mistr Dvořák", "parent_id": cls.garage.id, "email": "dvorak@example.com"})

    @classmethod
    def new_devinculation(cls, **values):
        vals = {"claim_id": cls.claim.id, "sent_to_partner_id": cls.garage.id}
        vals.update(values)
        return cls.Devinculation.create(vals)

    @contextmanager
    def refused(self, exception):
        """``assertRaises`` whose refused change is rolled back, as a client's
        request would be."""
        with self.assertRaises(exception) as caught:
            with self.env.cr.savepoint():
                yield caught
