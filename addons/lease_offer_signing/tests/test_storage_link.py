# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError

from ..lib import storage_access
from .common import OfferCase


class TestStorageLink(OfferCase):

    @classmethod
    def setUpClass(cls):
        super(TestStorageLink, cls).setUpClass()
        cls.Link = cls.env["lease.offer.storage.link"]
        cls.offer = cls.env["lease.offer"].sudo(cls.advisor1).create({
            "partner_id": cls.client.id, "client_mobile": "777 123 456",
            "client_email": "jana.zkusebni@example.cz", "digital_signing": False, "premium": 900.0})
        cls.other_client = cls.env["res.partner"].create({"name": "Cizí Klient"})
        cls.other_offer = cls.env["lease.offer"].sudo(cls.advisor1).create({
            "partner_id": cls.other_client.id, "digital_signing": False, "premium": 500.0})

    def issue(self, offers=None):
        return self.Link._issue(self.client, offers if offers is not None else self.offer)

    def past(self, seconds):
        moment = fields.Datetime.from_string(fields.Datetime.now()) - timedelta(seconds=seconds)
        return fields.Datetime.to_string(moment)

    def test_issue_returns_url_and_code_but_stores_only_hashes(self):
        link, url, code = self.issue()
        token = url.rsplit("/storage/", 1)[1]
        self.assertTrue(storage_access.looks_like_token(token))
        self.assertGreaterEqual(len(token), 40)
        self.assertRegex(code, r"^[0-9]{6}$")
        stored = " ".join(str(v) for v in link.read()[0].values())
        self.assertNotIn(token, stored)
        self.assertNotIn(code, [link.code_hash, link.code_salt])
        self.assertEqual(link.token_hash, storage_access.token_hash(token))
        self.assertEqual(self.Link._find_by_token(token), link)
        self.assertGreater(link.expires_at, fields.Datetime.now())

    def test_two_links_never_share_a_token(self):
        urls = {self.issue()[1] for _i in range(5)}
        self.assertEqual(len(urls), 5)

    def test_unknown_or_malformed_tokens_find_nothing(self):
        self.issue()
        self.assertFalse(self.Link._find_by_token("x" * 43))
        self.assertFalse(self.Link._find_by_token("../../etc/passwd"))
        self.assertFalse(self.Link._find_by_token(""))
        self.assertFalse(self.Link._find_by_token(None))

    def test_right_code_opens_and_is_logged(self):
        link, _url, code = self.issue()
        self.assertEqual(link._check_code(code, ip="10.0.0.1", user_agent="pytest"), "ok")
        self.assertEqual(link.access_ids.mapped("event"), ["code_ok"])
        self.assertEqual(link.access_ids.ip_address, "10.0.0.1")

    def test_code_with_spaces_is_accepted(self):
        link, _url, code = self.issue()
        self.assertEqual(link._check_code(" %s %s " % (code[:3], code[3:])), "ok")

    def test_wrong_code_is_refused_counted_and_throttled(self):
        link, _url, code = self.issue()
        wrong = "000000" if code != "000000" else "111111"
        self.assertEqual(link._check_code(wrong), "wrong")
        self.assertEqual(link.failed_attempts, 1)
        # the right code right after a wrong one must wait
        self.assertEqual(link._check_code(code), "wait")
        self.assertGreater(link._seconds_to_wait(), 0)
        link.sudo().write({"last_failure_at": self.past(60)})
        self.assertEqual(link._check_code(code), "ok")
        self.assertEqual(link.failed_attempts, 0)
        self.assertEqual(link.access_ids.sorted("id").mapped("event"), ["code_wrong", "code_wait", "code_ok"])

    def test_garbage_codes_count_as_wrong(self):
        link, _url, _code = self.issue()
        for garbage in ("", "abc", "12345678901", "1' OR '1'='1"):
            link.sudo().write({"last_failure_at": self.past(3600)})
            self.assertEqual(link._check_code(garbage), "wrong")

    def test_link_locks_after_five_wrong_codes_even_for_the_right_one(self):
        link, _url, code = self.issue()
        wrong = "000000" if code != "000000" else "111111"
        results = []
        for _attempt in range(5):
            link.sudo().write({"last_failure_at": self.past(3600)})
            results.append(link._check_code(wrong))
        self.assertEqual(results, ["wrong"] * 4 + ["locked"])
        self.assertTrue(link.locked)
        link.sudo().write({"last_failure_at": self.past(3600)})
        self.assertEqual(link._check_code(code), "locked")

    def test_expired_link_refuses_the_right_code(self):
        link, _url, code = self.issue()
        link.sudo().write({"expires_at": self.past(1)})
        self.assertEqual(link._check_code(code), "expired")
        self.assertEqual(link.access_ids.event, "code_expired")

    def test_documents_are_only_the_clients_own(self):
        link, _url, _code = self.issue(self.offer | self.other_offer)
        self.assertEqual(link._documents(), self.offer)

    def test_clients_advisors_and_auditors_cannot_touch_links(self):
        link, _url, _code = self.issue()
        with self.assertRaises(AccessError):
            self.Link.sudo(self.advisor1).browse(link.id).read(["partner_id"])
        with self.assertRaises(AccessError):
            self.Link.sudo(self.backoffice).browse(link.id).write({"locked": False})
        with self.assertRaises(AccessError):
            self.env["lease.offer.storage.access"].sudo(self.auditor).create(
                {"link_id": link.id, "event": "open"})
        self.assertEqual(self.Link.sudo(self.auditor).browse(link.id).partner_id, self.client)


def test_retry_delay_grows():
    assert [storage_access.retry_delay(n) for n in range(5)] == [0, 2, 4, 8, 16]


def test_code_hash_depends_on_secret_salt_and_code():
    base = storage_access.code_hash("s", "salt", "123456")
    assert base != storage_access.code_hash("t", "salt", "123456")
    assert base != storage_access.code_hash("s", "pepper", "123456")
    assert base != storage_access.code_hash("s", "salt", "123457")
    assert storage_access.code_matches("s", "salt", "123456", base)
    assert not storage_access.code_matches("s", "salt", "123456", None)
