# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The advisor's identity: partner HR number, advisor code, PPZ number."""
from odoo.exceptions import AccessError, ValidationError

from .common import OfferCase


class TestAdvisorIdentity(OfferCase):

    def test_identity_is_stored_on_the_partner_and_normalised(self):
        self.assertEqual(self.advisor1.partner_id.partner_hr_no, "9100001")
        self.advisor1.write({"partner_hr_no": "9 200 002", "ppz_registration_no": "222222 ppz",
                             "advisor_code": " AB-7 "})
        self.assertEqual(self.advisor1.partner_id.partner_hr_no, "9200002")
        self.assertEqual(self.advisor1.ppz_registration_no, "222222PPZ")
        self.assertEqual(self.advisor1.advisor_code, "AB-7")

    def test_invalid_identity_is_refused(self):
        for values, message in (({"partner_hr_no": "8123456"}, "starts with 9"),
                                ({"partner_hr_no": "9abc"}, "starts with 9"),
                                ({"ppz_registration_no": "PPZ"}, "PPZ registration number"),
                                ({"advisor_code": "a b"}, "advisor identification")):
            with self.assertRaisesRegex(ValidationError, message), self.cr.savepoint():
                self.advisor2.write(values)
            self.advisor2.invalidate_cache()
        self.assertFalse(self.advisor2.partner_hr_no)

    def test_an_advisor_edits_their_own_identity(self):
        self.advisor2.sudo(self.advisor2).write({"advisor_code": "KM-1", "ppz_registration_no": "333333PPZ"})
        self.assertEqual(self.advisor2.sudo(self.advisor2).read(["advisor_code"])[0]["advisor_code"], "KM-1")
        with self.assertRaisesRegex(ValidationError, "PPZ"), self.cr.savepoint():
            self.advisor2.sudo(self.advisor2).write({"ppz_registration_no": "abc"})

    def test_an_advisor_cannot_change_the_verified_hr_number(self):
        """The HR number is verified by the activation: writing it directly
        (preferences, RPC) would make anyone a partner of any company."""
        for user in (self.advisor1, self.advisor2):
            with self.assertRaises(AccessError), self.cr.savepoint():
                user.sudo(user).write({"partner_hr_no": "9300003"})
            with self.assertRaises(AccessError), self.cr.savepoint():
                user.partner_id.sudo(user).write({"partner_hr_no": "9300003"})
        self.assertEqual(self.advisor1.partner_hr_no, "9100001")
