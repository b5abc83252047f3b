# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The plain helpers of the portal (no database): certificates and the
masking of storage tokens in the server's logs."""
import logging
import unittest
from datetime import datetime, timedelta

from ..lib import advisor_certificate, log_masking
from . import cert_factory


class TestCertificates(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        super(TestCertificates, cls).setUpClass()
        cls.ca = cert_factory.Authority()
        cls.key, cls.cert = cls.ca.issue("Jana Poradkyně")

    def test_pem_der_and_pem_with_text_around_it_load(self):
        pem = cert_factory.pem(self.cert)
        for data in (pem, cert_factory.der(self.cert), b"Subject: Jana\n" + pem + b"\ntrailer", pem.decode()):
            self.assertEqual(advisor_certificate.load_certificate(data).serial_number, self.cert.serial_number)

    def test_garbage_is_refused(self):
        for data in (b"", None, b"\x30\x82\x01", b"hello", "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----"):
            with self.assertRaises(advisor_certificate.CertificateError) as info:
                advisor_certificate.load_certificate(data)
            self.assertEqual(info.exception.code, "garbage")

    def test_description(self):
        info = advisor_certificate.describe(self.cert)
        self.assertEqual(len(info.fingerprint_sha256), 64)
        self.assertIn("CN=Jana Poradkyně", info.subject)
        self.assertTrue(info.pem.startswith("-----BEGIN CERTIFICATE-----"))
        self.assertLess(info.not_before, info.not_after)

    def test_validity_and_issuer(self):
        now = datetime.utcnow()
        advisor_certificate.check_validity(self.cert, now)
        for moment, code in ((now + timedelta(days=400), "expired"), (now - timedelta(days=2), "not_yet_valid")):
            with self.assertRaises(advisor_certificate.CertificateError) as info:
                advisor_certificate.check_validity(self.cert, moment)
            self.assertEqual(info.exception.code, code)
        self.assertEqual(advisor_certificate.check_issued_by(self.cert, [self.ca.cert]), self.ca.cert)
        other = cert_factory.Authority("Test Advisor CA")   # same name, other key
        for authorities, code in (([other.cert], "untrusted"), ([], "no_trust_anchor")):
            with self.assertRaises(advisor_certificate.CertificateError) as info:
                advisor_certificate.check_issued_by(self.cert, authorities)
            self.assertEqual(info.exception.code, code)
        # an authority outside its own validity does not vouch for anything
        with self.assertRaises(advisor_certificate.CertificateError):
            advisor_certificate.check_issued_by(self.cert, [self.ca.cert], now + timedelta(days=4000))

    def test_bundle(self):
        bundle = self.ca.pem + cert_factory.Authority("Druhá CA").pem
        self.assertEqual(len(advisor_certificate.load_bundle(bundle)), 2)
        self.assertEqual(advisor_certificate.load_bundle(""), [])

    def test_possession(self):
        pem = cert_factory.pem(self.cert)
        text = "lease-advisor-challenge:abc"
        self.assertTrue(advisor_certificate.verify_possession(pem, text, cert_factory.sign(self.key, text)))
        self.assertTrue(advisor_certificate.verify_possession(pem, text, cert_factory.sign(self.key, text, "pss")))
        self.assertFalse(advisor_certificate.verify_possession(pem, text, cert_factory.sign(self.key, text + "x")))
        self.assertFalse(advisor_certificate.verify_possession(
            pem, text, cert_factory.sign(cert_factory.rsa_key(), text)))
        self.assertFalse(advisor_certificate.verify_possession(pem, text, b""))
        self.assertFalse(advisor_certificate.verify_possession(pem, text, b"x" * 5000))

    def test_challenges(self):
        now = datetime.utcnow()
        challenge = advisor_certificate.new_challenge(7, "f" * 64, now)
        self.assertTrue(challenge["text"].startswith(advisor_certificate.CHALLENGE_PREFIX))
        self.assertNotEqual(challenge["text"], advisor_certificate.new_challenge(7, "f" * 64, now)["text"])
        advisor_certificate.check_challenge(challenge, 7, "f" * 64, now)
        for args, code in (((challenge, 8, "f" * 64, now), "challenge_other_user"),
                           ((challenge, 7, "e" * 64, now), "challenge_other_user"),
                           ((challenge, 7, "f" * 64, now + timedelta(seconds=301)), "challenge_expired"),
                           ((None, 7, "f" * 64, now), "no_challenge"),
                           (({"text": "x", "user_id": 7, "fingerprint": "f" * 64, "expires": "soon"}, 7, "f" * 64,
                             now), "no_challenge")):
            with self.assertRaises(advisor_certificate.CertificateError) as info:
                advisor_certificate.check_challenge(*args)
            self.assertEqual(info.exception.code, code)


class TestLogMasking(unittest.TestCase):

    def test_tokens_are_hidden(self):
        line = '127.0.0.1 - - [x] "GET /storage/AbC-123_xyzAbC-123_xyz/document/5 HTTP/1.1" 200 -'
        masked = log_masking.mask_storage_tokens(line)
        self.assertNotIn("AbC-123_xyz", masked)
        self.assertIn("/storage/<hidden>/document/5", masked)
        self.assertEqual(log_masking.mask_storage_tokens("GET /my/offers/5"), "GET /my/offers/5")
        self.assertIsNone(log_masking.mask_storage_tokens(None))

    def test_filter_masks_message_and_arguments(self):
        record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, "%s %s",
                                   ("GET /storage/SecretToken0123456789", 200), None)
        self.assertTrue(log_masking.StorageTokenFilter().filter(record))
        self.assertNotIn("SecretToken", record.getMessage())
