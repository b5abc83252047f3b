# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The Czech translation is complete enough for the users and loads."""
from odoo.exceptions import UserError

from .common import OfferCase


class TestOfferCzech(OfferCase):

    @classmethod
    def setUpClass(cls):
        super(TestOfferCzech, cls).setUpClass()
        cls.env["res.lang"].load_lang("cs_CZ")
        cls.env["ir.translation"].load_module_terms(["lease_offer_signing"], ["cs_CZ"])

    def test_state_names_are_czech(self):
        states = dict(self.env["lease.offer"].with_context(lang="cs_CZ").fields_get(["state"])["state"]["selection"])
        self.assertEqual(states["draft"], "Rozpracováno")
        self.assertEqual(states["exported"], "Exportováno")
        self.assertEqual(states["cancelled"], "Stornováno")
        fields = self.env["lease.offer"].with_context(lang="cs_CZ").fields_get(["client_mobile", "partner_id"])
        self.assertEqual(fields["partner_id"]["string"], "Klient")

    def test_refusals_are_czech(self):
        offer = self.signed_offer().with_context(lang="cs_CZ")
        with self.assertRaisesRegex(UserError, "byl digitálně podepsán a nelze jej stornovat"):
            offer.action_storno()
        with self.assertRaisesRegex(UserError, "byl digitálně podepsán a už jej nelze měnit"):
            offer.write({"premium": 1})
        draft = self.new_offer(client_mobile="123").with_context(lang="cs_CZ")
        with self.assertRaisesRegex(UserError, "mobilní telefon klienta"):
            draft.action_start_signing()
        stale = self.new_offer().with_context(lang="cs_CZ")
        stale.write({"premium": 1300, "version": 1})
        with self.assertRaisesRegex(UserError, "se mezitím změnil .upravovali jste verzi 1, nyní je ve verzi 2."):
            stale.write({"premium": 1400, "version": 1})
        self.assertIn("21:00", offer.with_context(lang="cs_CZ")._state_descriptions()["backed_up"])
