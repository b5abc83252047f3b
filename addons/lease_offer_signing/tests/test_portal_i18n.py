# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The portal, the activation and the client storage speak Czech."""
from odoo.exceptions import UserError

from .common import OfferCase


class TestPortalCzech(OfferCase):

    @classmethod
    def setUpClass(cls):
        super(TestPortalCzech, cls).setUpClass()
        cls.env["res.lang"].load_lang("cs_CZ")
        cls.env["ir.translation"].load_module_terms(["lease_offer_signing"], ["cs_CZ"])

    def test_activation_refusals_are_czech(self):
        portal = self.env.ref("base.group_portal")
        candidate = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Kandidát", "login": "test-portal-i18n", "groups_id": [(6, 0, [portal.id])]})
        me = self.env["res.users"].sudo(candidate).with_context(lang="cs_CZ").browse(candidate.id)
        with self.assertRaisesRegex(UserError, "Identifikace partnera .HR. je číselné označení vaší společnosti"):
            me._advisor_activate_by_partner("8123456", "AB-1", "123456PPZ")
        with self.assertRaisesRegex(UserError, "Identifikaci partnera .HR. 9999998 pojišťovna nezná"):
            me._advisor_activate_by_partner("9999998", "AB-1", "123456PPZ")
        with self.assertRaisesRegex(UserError, "Soubor není certifikát X.509"):
            me._advisor_register_certificate(b"x", "AB-1", "123456PPZ")

    def test_portal_messages_are_czech(self):
        def czech(source):
            return self.env["ir.translation"]._get_source(None, ("code",), "cs_CZ", source)
        self.assertEqual(czech("The partner identification was verified successfully (%s)."),
                         "Identifikace partnera byla úspěšně ověřena (%s).")
        self.assertEqual(czech("The access code is not correct. Attempts left: %s."),
                         "Přístupový kód není správný. Počet zbývajících pokusů: %s.")

    def test_portal_form_errors_are_czech(self):
        Offer = self.env["lease.offer"].sudo(self.advisor1).with_context(lang="cs_CZ")
        with self.assertRaisesRegex(UserError, "„12x“ není číslo .pole Pojistné."):
            Offer._portal_create({"client_name": "Klient", "premium": "12x"})

    def test_labels_of_the_new_models_are_czech(self):
        Company = self.env["lease.offer.partner.company"].with_context(lang="cs_CZ")
        self.assertEqual(Company.fields_get(["partner_hr_no"])["partner_hr_no"]["string"], "Identifikace partnera (HR)")
        Access = self.env["lease.offer.storage.access"].with_context(lang="cs_CZ")
        fields = Access.fields_get(["event", "ip_address", "user_agent"])
        events = dict(fields["event"]["selection"])
        self.assertEqual(events["open"], "Odkaz otevřen")
        self.assertEqual(events["download"], "Dokument stažen")
        self.assertEqual(events["denied"], "Přístup odepřen")
        self.assertEqual(fields["ip_address"]["string"], "IP adresa")
        Link = self.env["lease.offer.storage.link"].with_context(lang="cs_CZ")
        self.assertEqual(Link.fields_get(["failed_attempts"])["failed_attempts"]["string"], "Chybné kódy")
        Users = self.env["res.users"].with_context(lang="cs_CZ")
        self.assertEqual(Users.fields_get(["advisor_certificate_state"])["advisor_certificate_state"]["string"],
                         "Stav certifikátu")
