# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The morning delivery: an e-mail with the storage link and an SMS with the
access code, once per client, never twice; the SMS gateways and retries."""
import json
import threading
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from unittest import mock

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError

from ..lib import cron_schedule
from ..models.lease_sms_gateway import SmsGatewayError
from .export_common import ExportCase

PRAGUE = "Europe/Prague"


class CapturingGateway(object):
    """Stands in for the logging gateway's ``_send_sms``: keeps what would be
    sent, or fails while ``failing``."""

    def __init__(self, failing=False):
        self.sent = {}
        self.failing = failing

    def __call__(self, message, text):
        if self.failing:
            raise SmsGatewayError("gateway down")
        self.sent.setdefault(message.id, []).append((message.number, text))
        return "captured-%d" % message.id


class TestDelivery(ExportCase):

    @classmethod
    def setUpClass(cls):
        super(TestDelivery, cls).setUpClass()
        cls.Offer = cls.env["lease.offer"]
        cls.Sms = cls.env["lease.sms.message"]
        cls.env["ir.config_parameter"].sudo().set_param("lease_offer_signing.sms_gateway", "logging")
        cls.client.write({"lang": "cs_CZ" if cls.env["res.lang"].search([("code", "=", "cs_CZ")]) else "en_US"})
        cls.other = cls.env["res.partner"].create({"name": "Karel Jiný", "email": "karel@example.cz",
                                                   "mobile": "+420 731 000 111"})

    def accepted(self, partner=None, days_ago=1, **values):
        """A document of ``partner`` accepted ``days_ago`` days ago (Prague time, at 10:00)."""
        if partner is not None:
            values.update(partner_id=partner.id, client_email=partner.email, client_mobile=partner.mobile)
        offer = self.paper_offer(**values)
        self.export(offer)
        local = cron_schedule.to_local(datetime.utcnow(), PRAGUE).replace(hour=10, minute=0, second=0, microsecond=0)
        when = cron_schedule.to_utc(local - timedelta(days=days_ago), PRAGUE)
        offer._mark_accepted(fields.Datetime.to_string(when))
        return offer

    def deliver(self, offers):
        return self.Offer._deliver_accepted(domain=[("id", "in", offers.ids)])

    def mails(self, links):
        return self.env["mail.mail"].search([("model", "=", "lease.offer.storage.link"), ("res_id", "in", links.ids)])

    def test_one_link_per_client_with_an_email_and_an_sms(self):
        first, second = self.accepted(), self.accepted()
        someone_else = self.accepted(self.other)
        today = self.accepted(days_ago=0)

        delivered = self.deliver(first | second | someone_else | today)

        self.assertEqual(delivered, first | second | someone_else)
        self.assertFalse(today.delivered_at)
        links = self.env["lease.offer.storage.link"].search([("offer_ids", "in", (first | second).ids)])
        self.assertEqual(len(links), 1)
        self.assertEqual(links.offer_ids, first | second)
        self.assertEqual(links.partner_id, self.client)
        for offer in first | second:
            self.assertTrue(offer.delivered_at)
            self.assertIn("jana.zkusebni@example.cz", offer.message_ids[0].body)
        mail = self.mails(links)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.state, "outgoing")
        self.assertEqual(mail.email_to, "jana.zkusebni@example.cz")
        self.assertIn("/storage/", mail.body_html)
        self.assertIn(first.name, mail.body_html)
        sms = self.Sms.search([("link_id", "=", links.id)])
        self.assertEqual((sms.number, sms.state, sms.partner_id), ("+420777123456", "queued", self.client))
        self.assertEqual(sms.offer_ids, first | second)
        self.assertIn("******", sms.body)
        self.assertEqual(len(self.Sms.search([("offer_ids", "in", someone_else.ids)])), 1)

    def test_the_code_reaches_only_the_gateway_and_opens_the_storage(self):
        offer = self.accepted()
        self.deliver(offer)
        sms = self.Sms.search([("offer_ids", "in", offer.ids)])
        link = sms.link_id
        gateway = CapturingGateway()
        with mock.patch.object(type(self.env["lease.sms.gateway.logging"]), "_send_sms", side_effect=gateway):
            self.Sms._cron_send_queued()
        self.assertEqual(len(gateway.sent[sms.id]), 1)
        number, text = gateway.sent[sms.id][0]
        self.assertEqual(number, "+420777123456")
        code = text.split(": ", 1)[1][:6]
        self.assertRegex(code, r"^[0-9]{6}$")
        self.assertNotIn(code, sms.body)
        self.assertEqual(sms.state, "sent")
        self.assertFalse(sms.sudo().pending_code)
        self.assertEqual(link._check_code(code), "ok")
        # the URL of the e-mail opens the same link
        token = self.mails(link).body_html.split("/storage/", 1)[1].split('"', 1)[0]
        self.assertEqual(self.env["lease.offer.storage.link"]._find_by_token(token), link)

    def test_delivery_happens_once(self):
        offer = self.accepted()
        self.assertEqual(self.deliver(offer), offer)
        delivered_at = offer.delivered_at
        self.assertFalse(self.deliver(offer))
        self.assertFalse(self.Offer._cron_deliver_documents() & offer)
        self.assertEqual(offer.delivered_at, delivered_at)
        self.assertEqual(self.Sms.search_count([("offer_ids", "in", offer.ids)]), 1)
        self.assertEqual(self.env["lease.offer.storage.link"].search_count([("offer_ids", "in", offer.ids)]), 1)

    def test_missing_mobile_is_a_problem_for_the_back_office_not_a_crash(self):
        nomobile = self.env["res.partner"].create({"name": "Bez Mobilu", "email": "bez@example.cz"})
        offer = self.accepted(nomobile)
        self.assertFalse(self.deliver(offer))
        self.assertFalse(offer.delivered_at)
        self.assertIn("mobile", offer.delivery_problem)
        activities = self.env["mail.activity"].search([("res_model", "=", "lease.offer"), ("res_id", "=", offer.id)])
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.user_id, self.backoffice)
        self.assertFalse(self.deliver(offer))  # the next morning: still one activity
        activity_domain = [("res_model", "=", "lease.offer"), ("res_id", "=", offer.id)]
        self.assertEqual(self.env["mail.activity"].search_count(activity_domain), 1)
        nomobile.write({"mobile": "+420 608 123 456"})
        self.assertEqual(self.deliver(offer), offer)
        self.assertFalse(offer.delivery_problem)
        self.assertEqual(self.Sms.search([("offer_ids", "in", offer.ids)]).number, "+420608123456")

    def test_failed_sms_are_retried_then_handed_to_the_back_office(self):
        self.env["ir.config_parameter"].sudo().set_param("lease_offer_signing.sms_max_attempts", "3")
        offer = self.accepted()
        self.deliver(offer)
        sms = self.Sms.search([("offer_ids", "in", offer.ids)])
        mails_before = self.mails(sms.link_id)
        gateway = CapturingGateway(failing=True)
        with mock.patch.object(type(self.env["lease.sms.gateway.logging"]), "_send_sms", side_effect=gateway):
            for attempt in (1, 2, 3):
                self.Sms._cron_send_queued()
                self.assertEqual((sms.state, sms.attempts), ("failed", attempt))
                self.assertEqual(sms.last_error, "gateway down")
            self.assertTrue(sms.needs_attention)
            self.assertTrue(sms.activity_ids)
            self.assertIn(sms, self.Sms.search([("needs_attention", "=", True)]))
            gateway.failing = False
            self.Sms._cron_send_queued()  # no more automatic attempts
            self.assertEqual((sms.state, sms.attempts), ("failed", 3))
            with self.assertRaises(UserError):
                sms.sudo(self.auditor).action_retry()
            sms.sudo(self.backoffice).action_retry()
        self.assertEqual((sms.state, sms.attempts), ("sent", 4))
        self.assertEqual(len(gateway.sent[sms.id]), 1)
        # only the SMS was sent again: no new link, no second e-mail
        self.assertEqual(self.mails(sms.link_id), mails_before)
        self.assertEqual(self.Sms.search_count([("offer_ids", "in", offer.ids)]), 1)
        with self.assertRaisesRegex(UserError, "written only by the delivery"):
            sms.sudo(self.backoffice).write({"body": "jiný text"})

    def test_logging_gateway_accepts_and_masks(self):
        offer = self.accepted()
        self.deliver(offer)
        sms = self.Sms.search([("offer_ids", "in", offer.ids)])
        with self.assertLogs("odoo.addons.lease_offer_signing.models.lease_sms_gateway_logging") as logs:
            self.Sms._cron_send_queued()
        self.assertEqual((sms.state, sms.gateway, sms.reference), ("sent", "logging", "log-%d" % sms.id))
        self.assertIn("******", logs.output[0])
        self.assertFalse(sms.sudo().pending_code)

    def test_email_is_czech_for_a_czech_client(self):
        if not self.env["res.lang"].search([("code", "=", "cs_CZ")]):
            self.skipTest("Czech is not installed")
        self.env["ir.translation"].load_module_terms(["lease_offer_signing"], ["cs_CZ"])
        offer = self.accepted()
        self.deliver(offer)
        link = self.env["lease.offer.storage.link"].search([("offer_ids", "in", offer.ids)])
        mail = self.mails(link)
        self.assertIn("Otevřít moje dokumenty", mail.body_html)
        self.assertIn("ve svém úložišti dokumentů", mail.body_html)
        self.assertEqual(mail.subject, "Vaše pojistné dokumenty jsou v úložišti")
        self.assertIn("úložišti", self.Sms.search([("link_id", "=", link.id)]).body)


class _SmsApi(BaseHTTPRequestHandler):
    requests = []
    status = 200

    def do_POST(self):  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).requests.append((self.headers.get("Authorization"), json.loads(body.decode())))
        self.send_response(type(self).status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps({"id": "msg-42"}).encode())

    def log_message(self, *args):
        pass


class TestHttpGateway(ExportCase):

    @classmethod
    def setUpClass(cls):
        super(TestHttpGateway, cls).setUpClass()
        cls.server = HTTPServer(("127.0.0.1", 0), _SmsApi)
        cls.thread = threading.Thread(target=cls.server.serve_forever, daemon=True)
        cls.thread.start()
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("lease_offer_signing.sms_gateway", "http")
        params.set_param("lease_offer_signing.sms_http_url", "http://127.0.0.1:%d/send" % cls.server.server_port)
        params.set_param("lease_offer_signing.sms_http_sender", "Leasing")
        params.set_param("lease_offer_signing.sms_http_api_key", "test-key")

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()
        super(TestHttpGateway, cls).tearDownClass()

    def queue(self):
        return self.env["lease.sms.message"]._queue("+420777123456", "Kód: 123456.", "123456")

    def test_the_provider_gets_the_text_with_the_code(self):
        _SmsApi.requests, _SmsApi.status = [], 200
        sms = self.queue()
        self.assertEqual(sms.body, "Kód: ******.")
        sms._send()
        self.assertEqual(_SmsApi.requests, [("Bearer test-key", {"to": "+420777123456", "from": "Leasing",
                                                                 "text": "Kód: 123456."})])
        self.assertEqual((sms.state, sms.gateway, sms.reference), ("sent", "http", "msg-42"))
        self.assertFalse(sms.sudo().pending_code)

    def test_refusal_and_unreachable_provider_are_retried(self):
        _SmsApi.requests, _SmsApi.status = [], 503
        sms = self.queue()
        sms._send()
        self.assertEqual((sms.state, sms.attempts), ("failed", 1))
        self.assertIn("HTTP 503", sms.last_error)
        self.assertEqual(sms.sudo().pending_code, "123456")
        self.env["ir.config_parameter"].sudo().set_param("lease_offer_signing.sms_http_url", "http://127.0.0.1:9/x")
        sms._send()
        self.assertEqual(sms.attempts, 2)
        self.assertIn("cannot be reached", sms.last_error)
        self.env["ir.config_parameter"].sudo().set_param("lease_offer_signing.sms_http_url", "")
        sms._send()
        self.assertIn("address of the SMS gateway is not set", sms.last_error)


class TestExportSettings(ExportCase):

    def settings(self, **values):
        return self.env["res.config.settings"].create(values)

    def refused(self, message, values):
        with self.assertRaisesRegex(ValidationError, message), self.env.cr.savepoint():
            self.company.write(values)
        self.company.invalidate_cache()

    def test_paths_are_checked_with_clear_messages(self):
        self.refused("absolute path", {"offer_export_outbox": "relative/outbox"})
        blocker = self.tmp + "/a-file"
        open(blocker, "w").close()
        self.refused("cannot be used: Not a directory", {"offer_export_inbox": blocker + "/inbox"})
        self.refused("must be different", {"offer_export_inbox": self.outbox})
        self.refused("insurer code", {"offer_insurer_code": "K O O P"})
        self.company.write({"offer_export_outbox": False, "offer_export_inbox": False})
        self.assertTrue(self.company._offer_export_outbox().endswith("lease_offer_export/outbox"))
        self.assertIn(self.env.cr.dbname, self.company._offer_export_outbox())

    def test_sms_gateway_settings(self):
        with self.assertRaisesRegex(ValidationError, "needs its address"):
            self.settings(lease_sms_gateway="http").execute()
        with self.assertRaisesRegex(ValidationError, "API key"):
            self.settings(lease_sms_gateway="http", lease_sms_http_url="https://sms.example.cz/send").execute()
        self.settings(lease_sms_gateway="http", lease_sms_http_url="https://sms.example.cz/send",
                      lease_sms_http_sender="Leasing", lease_sms_http_api_key="secret", lease_sms_max_attempts=4,
                      offer_insurer_code="KOOP2").execute()
        values = self.env["res.config.settings"].default_get(["lease_sms_gateway", "lease_sms_http_url",
                                                              "lease_sms_max_attempts", "offer_insurer_code"])
        self.assertEqual(values["lease_sms_gateway"], "http")
        self.assertEqual(values["lease_sms_http_url"], "https://sms.example.cz/send")
        self.assertEqual(values["lease_sms_max_attempts"], 4)
        self.assertEqual(self.company.offer_insurer_code, "KOOP2")
        self.assertEqual(self.env["lease.sms.gateway"]._get_gateway()._name, "lease.sms.gateway.http")

    def test_scheduled_actions_run_at_local_time(self):
        for xmlid, hour in (("ir_cron_export_offers", "21:00"), ("ir_cron_deliver_documents", "08:00")):
            cron = self.env.ref("lease_offer_signing." + xmlid)
            self.assertTrue(cron.keep_local_time)
            self.assertEqual(cron.user_id.tz, PRAGUE)
            self.assertFalse(cron.user_id.active)
            self.assertEqual((cron.interval_number, cron.interval_type, cron.numbercall), (1, "days", -1))
            nextcall = fields.Datetime.from_string(cron.nextcall)
            self.assertEqual(cron_schedule.to_local(nextcall, PRAGUE).strftime("%H:%M"), hour)
            cron._set_local_nextcall(int(hour[:2]))
            self.assertEqual(cron_schedule.to_local(fields.Datetime.from_string(cron.nextcall), PRAGUE)
                             .strftime("%H:%M"), hour)
        self.assertIn("run_export", self.env.ref("lease_offer_signing.ir_cron_export_offers").code)

    def test_czech_labels_and_errors(self):
        if not self.env["res.lang"].search([("code", "=", "cs_CZ")]):
            self.skipTest("Czech is not installed")
        self.env["ir.translation"].load_module_terms(["lease_offer_signing"], ["cs_CZ"])
        Batch = self.env["lease.offer.export.batch"].with_context(lang="cs_CZ")
        states = dict(Batch.fields_get(["state"])["state"]["selection"])
        self.assertEqual(states["writing"], "Zapisuje se")
        self.assertEqual(Batch.fields_get(["checksum"])["checksum"]["help"], "SHA-256 souboru manifest.json dávky.")
        sms_states = dict(self.env["lease.sms.message"].with_context(lang="cs_CZ").fields_get(["state"])["state"]
                          ["selection"])
        self.assertEqual(sms_states["queued"], "Ve frontě")
        with self.assertRaisesRegex(AccessError, "Dokumenty do pojišťovny může exportovat pouze back office"):
            Batch.sudo(self.advisor1).run_export()
        with self.assertRaisesRegex(ValidationError, "musí být absolutní cesta"), self.env.cr.savepoint():
            self.company.with_context(lang="cs_CZ").write({"offer_export_outbox": "relativni/cesta"})
