# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Activation of a portal user as an advisor: by the partner HR number (the
partners known to the insurer) or by a personal certificate and the proof
that its key is held."""
import base64
from datetime import datetime, timedelta

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests.common import SavepointCase
from odoo.tools import mute_logger

from ..lib import advisor_certificate
from ..models.res_users_advisor_activation import CA_PARAMETER
from . import cert_factory

ADVISOR = "lease_offer_signing.group_offer_advisor"


class ActivationCase(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(ActivationCase, cls).setUpClass()
        cls.Company = cls.env["lease.offer.partner.company"]
        cls.company = cls.Company.create({"name": "Poradci Test s.r.o.", "partner_hr_no": "9 555 001"})
        cls.closed = cls.Company.create({"name": "Ukončený partner", "partner_hr_no": "9555002", "active": False})
        Users = cls.env["res.users"].with_context(no_reset_password=True, mail_create_nolog=True)
        portal = cls.env.ref("base.group_portal")
        cls.candidate = Users.create({"name": "Nový Poradce", "login": "test-activation-1",
                                      "email": "novy.poradce@example.cz", "groups_id": [(6, 0, [portal.id])]})
        cls.candidate2 = Users.create({"name": "Druhý Poradce", "login": "test-activation-2",
                                       "email": "druhy.poradce@example.cz", "groups_id": [(6, 0, [portal.id])]})
        cls.employee = Users.create({"name": "Zaměstnanec", "login": "test-activation-employee",
                                     "groups_id": [(6, 0, [cls.env.ref("base.group_user").id])]})

    def as_user(self, user):
        """The user's own view of themselves (what the portal controller uses)."""
        return self.env["res.users"].sudo(user).browse(user.id)

    def is_advisor(self, user):
        return self.env["res.users"].sudo(user).browse(user.id).has_group(ADVISOR)


class TestPartnerCompany(ActivationCase):

    def test_hr_number_is_normalised_and_validated(self):
        self.assertEqual(self.company.partner_hr_no, "9555001")
        for wrong in ("8555003", "9abc", "9"):
            with self.assertRaisesRegex(ValidationError, "starts with 9"), self.cr.savepoint():
                self.Company.create({"name": "Chybný", "partner_hr_no": wrong})

    def test_hr_number_is_unique(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.Company.create({"name": "Duplicitní", "partner_hr_no": "9555001"})

    def test_lookup_finds_only_active_partners(self):
        self.assertEqual(self.Company._find_by_hr_no("9555001"), self.company)
        self.assertFalse(self.Company._find_by_hr_no("9555002"))
        self.assertFalse(self.Company._find_by_hr_no(""))

    def test_advisors_and_portal_users_cannot_read_the_list(self):
        with self.assertRaises(AccessError):
            self.Company.sudo(self.candidate).search([])
        advisor = self.env.ref("lease_offer_signing.user_advisor1")
        with self.assertRaises(AccessError):
            self.Company.sudo(advisor).search_read([], ["partner_hr_no"])

    def test_back_office_manages_the_list(self):
        backoffice = self.env.ref("lease_offer_signing.user_backoffice")
        created = self.Company.sudo(backoffice).create({"name": "Nový partner", "partner_hr_no": "9555009"})
        created.write({"active": False})
        self.assertFalse(created.active)


class TestActivationByPartner(ActivationCase):

    def test_known_partner_activates_the_portal_user(self):
        name = self.as_user(self.candidate)._advisor_activate_by_partner(
            "9555 001", " NP-77 ", "777777 ppz", "Nováková Jana")
        self.assertEqual(name, "Poradci Test s.r.o.")
        self.assertTrue(self.is_advisor(self.candidate))
        self.candidate.invalidate_cache()
        self.assertEqual(self.candidate.partner_hr_no, "9555001")
        self.assertEqual(self.candidate.advisor_code, "NP-77")
        self.assertEqual(self.candidate.ppz_registration_no, "777777PPZ")
        self.assertEqual(self.candidate.name, "Nováková Jana")
        self.assertEqual(self.candidate.advisor_activation_method, "partner_hr")
        self.assertTrue(self.candidate.advisor_activated_at)
        self.assertTrue(self.candidate.share, "the advisor stays a portal user")
        # and can now work with documents
        self.env["lease.offer"].sudo(self.candidate).create({"document_type": "modeling"})

    def test_unknown_or_malformed_numbers_change_nothing(self):
        me = self.as_user(self.candidate)
        cases = [
            (("9999999", "NP-1", "123456PPZ"), "not known to the insurer"),
            (("9555002", "NP-1", "123456PPZ"), "not known to the insurer"),   # partner no longer active
            (("8555001", "NP-1", "123456PPZ"), "starts with 9"),
            (("95x5001", "NP-1", "123456PPZ"), "starts with 9"),
            (("", "NP-1", "123456PPZ"), "starts with 9"),
            (("9555001", "", "123456PPZ"), "advisor identification"),
            (("9555001", "a b", "123456PPZ"), "advisor identification"),
            (("9555001", "NP-1", "PPZ"), "PPZ registration number"),
            (("9555001", "NP-1", ""), "PPZ registration number"),
        ]
        for args, message in cases:
            with self.assertRaisesRegex(UserError, message):
                me._advisor_activate_by_partner(*args)
        self.assertFalse(self.is_advisor(self.candidate))
        self.candidate.invalidate_cache()
        self.assertFalse(self.candidate.partner_hr_no)
        self.assertFalse(self.candidate.advisor_code)
        self.assertFalse(self.candidate.advisor_activation_method)

    def test_only_the_user_and_only_portal_users_activate(self):
        with self.assertRaises(AccessError):
            self.env["res.users"].sudo(self.candidate2).browse(self.candidate.id)._advisor_activate_by_partner(
                "9555001", "NP-1", "123456PPZ")
        with self.assertRaisesRegex(UserError, "for portal users"):
            self.as_user(self.employee)._advisor_activate_by_partner("9555001", "NP-1", "123456PPZ")
        self.assertFalse(self.is_advisor(self.candidate))
        self.assertFalse(self.is_advisor(self.employee))

    def test_an_advisor_changes_their_partner(self):
        advisor = self.as_user(self.candidate)
        advisor._advisor_activate_by_partner("9555001", "NP-1", "123456PPZ")
        other = self.Company.create({"name": "Jiná společnost", "partner_hr_no": "9555003"})
        self.assertEqual(advisor._advisor_activate_by_partner("9555003", "NP-2", "123456PPZ"), other.name)
        self.candidate.invalidate_cache()
        self.assertEqual(self.candidate.partner_hr_no, "9555003")


class TestActivationByCertificate(ActivationCase):

    @classmethod
    def setUpClass(cls):
        super(TestActivationByCertificate, cls).setUpClass()
        cls.ca = cert_factory.Authority()
        cls.env["ir.config_parameter"].set_param(CA_PARAMETER, cls.ca.pem)
        cls.key, cls.cert = cls.ca.issue("Nový Poradce")

    def register(self, user=None, data=None):
        user = user or self.candidate
        data = data if data is not None else cert_factory.pem(self.cert)
        return self.as_user(user)._advisor_register_certificate(data, "NP-1", "123456PPZ", "Nový Poradce")

    def prove(self, user=None, key=None, scheme="pkcs1", challenge=None, now=None, transform=None):
        me = self.as_user(user or self.candidate)
        challenge = challenge or me._advisor_certificate_challenge()
        signature = cert_factory.sign(key or self.key, challenge["text"], scheme)
        if transform:
            signature = transform(signature)
        return me._advisor_verify_certificate(challenge, signature, now=now)

    def test_upload_stores_the_certificate_waiting_for_the_proof(self):
        info = self.register()
        self.candidate.invalidate_cache()
        self.assertEqual(self.candidate.advisor_certificate_state, "pending")
        self.assertEqual(self.candidate.advisor_certificate_fingerprint, info.fingerprint_sha256)
        self.assertIn("CN=Nový Poradce", self.candidate.advisor_certificate_subject)
        self.assertIn("Test Advisor CA", self.candidate.advisor_certificate_issuer)
        self.assertTrue(self.candidate.advisor_certificate_not_after > self.candidate.advisor_certificate_not_before)
        self.assertFalse(self.is_advisor(self.candidate), "uploading proves nothing yet")

    def test_der_files_are_accepted(self):
        info = self.register(data=cert_factory.der(self.cert))
        self.assertEqual(len(info.fingerprint_sha256), 64)

    def test_proof_of_possession_activates_rsa_pkcs1(self):
        self.register()
        self.assertTrue(self.prove())
        self.assertTrue(self.is_advisor(self.candidate))
        self.candidate.invalidate_cache()
        self.assertEqual(self.candidate.advisor_certificate_state, "active")
        self.assertEqual(self.candidate.advisor_activation_method, "certificate")
        self.assertEqual(self.candidate.advisor_code, "NP-1")

    def test_rsa_pss_ec_base64_and_trailing_newline_are_accepted(self):
        self.register()
        self.assertTrue(self.prove(scheme="pss"))
        self.assertTrue(self.prove(transform=base64.b64encode))
        ec_key, ec_cert = self.ca.issue("EC Poradce", key=cert_factory.ec_key())
        self.register(user=self.candidate2, data=cert_factory.pem(ec_cert))
        me = self.as_user(self.candidate2)
        challenge = me._advisor_certificate_challenge()
        signed_with_newline = cert_factory.sign(ec_key, challenge["text"] + "\n")
        self.assertTrue(me._advisor_verify_certificate(challenge, signed_with_newline))
        self.assertTrue(self.is_advisor(self.candidate2))

    def test_refused_certificates(self):
        expired = self.ca.issue("Prošlý", days_from=-400, days_to=-1)[1]
        future = self.ca.issue("Budoucí", days_from=10, days_to=400)[1]
        key = cert_factory.rsa_key()
        self_signed = cert_factory.certificate("Samozvaný", key)
        other_ca = cert_factory.Authority("Cizí CA")
        foreign = other_ca.issue("Cizí")[1]
        weak = self.ca.issue("Slabý", key=cert_factory.rsa_key(1024))[1]
        for data, message in ((cert_factory.pem(expired), "has expired"),
                              (cert_factory.pem(future), "not valid yet"),
                              (cert_factory.pem(self_signed), "not issued by a certification authority"),
                              (cert_factory.pem(foreign), "not issued by a certification authority"),
                              (cert_factory.pem(weak), "key is not accepted"),
                              (b"garbage", "not an X.509 certificate"),
                              (b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "not an X.509"),
                              (b"", "not an X.509 certificate"),
                              (b"0" * 70000, "too large")):
            with self.assertRaisesRegex(UserError, message):
                self.register(data=data)
        self.candidate.invalidate_cache()
        self.assertFalse(self.candidate.advisor_certificate_fingerprint)

    def test_no_trusted_authority_means_no_certificate_activation(self):
        self.env["ir.config_parameter"].set_param(CA_PARAMETER, "")
        with self.assertRaisesRegex(UserError, "not set up"):
            self.register()
        self.assertFalse(self.as_user(self.candidate)._advisor_activation_status()["certificate_activation_available"])

    def test_another_users_certificate_is_refused(self):
        self.register()
        with self.assertRaisesRegex(UserError, "already registered to another user"):
            self.register(user=self.candidate2)

    def test_wrong_key_is_refused_and_activates_nothing(self):
        self.register()
        with self.assertRaisesRegex(UserError, "does not match your certificate"):
            self.prove(key=cert_factory.rsa_key())
        with self.assertRaisesRegex(UserError, "does not match your certificate"):
            self.prove(transform=lambda signature: signature[:-1] + bytes([signature[-1] ^ 1]))
        with self.assertRaisesRegex(UserError, "does not match your certificate"):
            self.prove(transform=lambda signature: b"not a signature at all")
        self.assertFalse(self.is_advisor(self.candidate))

    def test_a_challenge_is_answered_once(self):
        self.register()
        me = self.as_user(self.candidate)
        challenge = me._advisor_certificate_challenge()
        good = cert_factory.sign(self.key, challenge["text"])
        with self.assertRaisesRegex(UserError, "does not match"):
            me._advisor_verify_certificate(challenge, b"wrong")
        # the right answer comes too late: the challenge was used up by the wrong one
        with self.assertRaisesRegex(UserError, "no challenge to answer"):
            me._advisor_verify_certificate(challenge, good)
        challenge = me._advisor_certificate_challenge()
        good = cert_factory.sign(self.key, challenge["text"])
        self.assertTrue(me._advisor_verify_certificate(challenge, good))
        with self.assertRaisesRegex(UserError, "no challenge to answer"):
            me._advisor_verify_certificate(challenge, good)   # replay

    def test_only_the_latest_challenge_counts(self):
        self.register()
        me = self.as_user(self.candidate)
        first = me._advisor_certificate_challenge()
        me._advisor_certificate_challenge()
        with self.assertRaisesRegex(UserError, "no challenge to answer"):
            me._advisor_verify_certificate(first, cert_factory.sign(self.key, first["text"]))

    def test_expired_missing_and_foreign_challenges_are_refused(self):
        self.register()
        later = datetime.utcnow() + timedelta(seconds=advisor_certificate.CHALLENGE_TTL_SECONDS + 5)
        with self.assertRaisesRegex(UserError, "challenge has expired"):
            self.prove(now=later)
        with self.assertRaisesRegex(UserError, "no challenge to answer"):
            self.as_user(self.candidate)._advisor_verify_certificate(None, b"x")
        # a challenge issued to another user (with their own certificate) does not serve here
        _key2, cert2 = self.ca.issue("Druhý Poradce")
        self.register(user=self.candidate2, data=cert_factory.pem(cert2))
        foreign = self.as_user(self.candidate2)._advisor_certificate_challenge()
        self.as_user(self.candidate)._advisor_certificate_challenge()
        with self.assertRaisesRegex(UserError, "issued for another user"):
            self.as_user(self.candidate)._advisor_verify_certificate(
                foreign, cert_factory.sign(self.key, foreign["text"]))
        self.assertFalse(self.is_advisor(self.candidate))
        self.assertFalse(self.is_advisor(self.candidate2))

    def test_certificate_expired_since_upload_is_refused(self):
        self.register()
        after_expiry = datetime.utcnow() + timedelta(days=400)
        me = self.as_user(self.candidate)
        challenge = me._advisor_certificate_challenge()
        challenge = dict(challenge, expires=(after_expiry + timedelta(minutes=1)).strftime("%Y-%m-%d %H:%M:%S"))
        with self.assertRaisesRegex(UserError, "The certificate has expired"):
            me._advisor_verify_certificate(challenge, cert_factory.sign(self.key, challenge["text"]),
                                           now=after_expiry)

    def test_challenge_needs_a_certificate(self):
        with self.assertRaisesRegex(UserError, "Upload your personal certificate first"):
            self.as_user(self.candidate)._advisor_certificate_challenge()
        with self.assertRaisesRegex(UserError, "Upload your personal certificate first"):
            self.as_user(self.candidate)._advisor_verify_certificate(None, b"")
