# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The plain helpers (no database): formats, state rules, package header, PDF files."""
import io
import unittest

from PIL import Image
from reportlab.pdfgen import canvas

from ..lib import demo_signature, offer_rules, pdf_files, signature_package, validation
from .common import package_for


class TestFormats(unittest.TestCase):

    def test_czech_mobile_numbers_are_normalised_to_e164(self):
        for raw in ("+420 777 123 456", "777123456", "777 123 456", "00420777123456", "+420-777-123-456",
                    "(+420) 777 123 456"):
            self.assertEqual(validation.normalize_mobile(raw), "+420777123456", raw)
        self.assertEqual(validation.normalize_mobile("+421 905 123 456"), "+421905123456")

    def test_invalid_mobile_numbers_are_refused(self):
        for raw in (None, "", "123", "222 333 444", "+420 222 333 444", "77712345", "7771234567", "+420 777 12",
                    "mobil", "+0 777 123 456", "777 123 45a"):
            self.assertIsNone(validation.normalize_mobile(raw), raw)

    def test_emails(self):
        self.assertEqual(validation.normalize_email(" jana.novakova@example.cz "), "jana.novakova@example.cz")
        for raw in (None, "", "jana", "jana@", "@example.cz", "jana@example", "ja na@example.cz", "a@b..cz",
                    "jana@@example.cz"):
            self.assertIsNone(validation.normalize_email(raw), raw)

    def test_partner_hr_number_starts_with_nine(self):
        self.assertEqual(validation.normalize_hr_no("9123456"), "9123456")
        self.assertEqual(validation.normalize_hr_no("9 123 456"), "9123456")
        for raw in (None, "", "8123456", "9", "91234a", "9" * 16):
            self.assertIsNone(validation.normalize_hr_no(raw), raw)

    def test_ppz_registration_numbers(self):
        self.assertEqual(validation.normalize_ppz_no("123456PPZ"), "123456PPZ")
        self.assertEqual(validation.normalize_ppz_no("123456 ppz"), "123456PPZ")
        self.assertEqual(validation.normalize_ppz_no("0123456"), "0123456")
        for raw in (None, "", "PPZ", "123", "12345XYZ", "12345678901PPZ"):
            self.assertIsNone(validation.normalize_ppz_no(raw), raw)

    def test_advisor_codes(self):
        self.assertEqual(validation.normalize_advisor_code(" SV-1024 "), "SV-1024")
        for raw in (None, "", "-x", "a b", "x" * 33):
            self.assertIsNone(validation.normalize_advisor_code(raw), raw)

    def test_change_requests_need_a_contract_starting_with_seven(self):
        self.assertEqual(validation.normalize_change_contract_no("7001234567"), "7001234567")
        self.assertEqual(validation.normalize_change_contract_no("700 123 4567"), "7001234567")
        for raw in (None, "", "8001234567", "7", "70A1234", "07001234"):
            self.assertIsNone(validation.normalize_change_contract_no(raw), raw)

    def test_birth_numbers(self):
        self.assertEqual(validation.normalize_birth_number("855612/0012"), "855612/0012")
        self.assertEqual(validation.normalize_birth_number("8556120012"), "855612/0012")
        self.assertEqual(validation.normalize_birth_number("520101/123"), "520101/123")  # before 1954
        for raw in ("855612/0013", "851312/0012", "850600/0012", "85561", "abcdef/ghij"):
            self.assertIsNone(validation.normalize_birth_number(raw), raw)


class TestOfferRules(unittest.TestCase):

    def test_edit_is_allowed_only_before_signing_and_export(self):
        self.assertIsNone(offer_rules.edit_refusal("draft", False))
        self.assertIsNone(offer_rules.edit_refusal("backed_up", False))  # paper, until the export
        self.assertEqual(offer_rules.edit_refusal("backed_up", True), "signed")
        self.assertEqual(offer_rules.edit_refusal("signed", True), "signed")
        self.assertEqual(offer_rules.edit_refusal("awaiting_signature", False), "signing")
        for state in ("exported", "accepted", "conflict"):
            self.assertEqual(offer_rules.edit_refusal(state, False), "exported")
        self.assertEqual(offer_rules.edit_refusal("cancelled", False), "cancelled")

    def test_storno_only_for_completed_paper_documents_not_exported(self):
        self.assertIsNone(offer_rules.storno_refusal("backed_up", False))
        self.assertEqual(offer_rules.storno_refusal("backed_up", True), "signed")
        self.assertEqual(offer_rules.storno_refusal("signed", True), "signed")
        self.assertEqual(offer_rules.storno_refusal("exported", False), "exported")
        self.assertEqual(offer_rules.storno_refusal("exported", True), "signed")
        self.assertEqual(offer_rules.storno_refusal("draft", False), "not_completed")
        self.assertEqual(offer_rules.storno_refusal("cancelled", False), "cancelled")

    def test_unlink_only_drafts(self):
        self.assertIsNone(offer_rules.unlink_refusal("draft"))
        for state in offer_rules.STATES[1:]:
            self.assertEqual(offer_rules.unlink_refusal(state), "not_draft")

    def test_next_field_to_sign_follows_the_sequence(self):
        fields = [(90, 3, "pending"), (10, 1, "signed"), (20, 2, "pending"), (20, 4, "pending")]
        self.assertEqual(offer_rules.next_to_sign(fields), 2)
        self.assertIsNone(offer_rules.next_to_sign([(10, 1, "signed")]))


class TestSignaturePackage(unittest.TestCase):

    def test_header_names_document_and_field(self):
        sha = "ab" * 32
        header = signature_package.parse_header(package_for(sha, "client.1"))
        self.assertEqual(header.document_sha256, sha)
        self.assertEqual(header.field_id, "client.1")
        self.assertEqual(header.version, 1)
        self.assertEqual(len(header.key_id), 32)

    def test_other_bytes_are_not_a_package(self):
        self.assertIsNone(signature_package.parse_header(b"opaque"))
        self.assertIsNone(signature_package.parse_header(b"LSBP" + b"\x01" * 10))


class TestPdfFiles(unittest.TestCase):

    def test_embedded_files_round_trip(self):
        buffer = io.BytesIO()
        page = canvas.Canvas(buffer)
        page.drawString(100, 100, "document")
        page.showPage()
        page.save()
        pdf = pdf_files.embed_files(buffer.getvalue(), [("b.lsbp", b"\x00two", "second"), ("a.lsbp", b"one", None)],
                                    {"/Title": "NAB1"})
        self.assertEqual(pdf_files.embedded_files(pdf), {"a.lsbp": b"one", "b.lsbp": b"\x00two"})
        self.assertEqual(pdf_files.page_count(pdf), 1)
        self.assertEqual(pdf_files.embedded_files(buffer.getvalue()), {})


class TestDemoSignature(unittest.TestCase):

    def test_png_differs_per_signer(self):
        first = demo_signature.signature_png("Jana Dvořáková")
        self.assertEqual(first[:8], b"\x89PNG\r\n\x1a\n")
        self.assertEqual(Image.open(io.BytesIO(first)).size, (300, 100))
        self.assertNotEqual(first, demo_signature.signature_png("Petr Svoboda"))
