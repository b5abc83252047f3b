# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

import requests

from odoo import _, api, models

from .lease_sms_gateway import SmsGatewayError

_logger = logging.getLogger(__name__)

URL_PARAM = "lease_offer_signing.sms_http_url"
SENDER_PARAM = "lease_offer_signing.sms_http_sender"
API_KEY_PARAM = "lease_offer_signing.sms_http_api_key"
TIMEOUT = 15


class LeaseSmsGatewayHttp(models.AbstractModel):
    """An SMS provider's HTTP API: ``POST <url>`` with the JSON
    ``{"to": "+420…", "from": "<sender>", "text": "…"}`` and the header
    ``Authorization: Bearer <API key>``; any 2xx answer means accepted (its
    JSON ``id`` or ``message_id``, when present, is kept as the reference)."""

    _name = "lease.sms.gateway.http"
    _inherit = "lease.sms.gateway"
    _description = "SMS gateway: HTTP API"

    @api.model
    def _config(self):
        params = self.env["ir.config_parameter"].sudo()
        url = (params.get_param(URL_PARAM) or "").strip()
        if not url.startswith(("https://", "http://")):
            raise SmsGatewayError(_("The address of the SMS gateway is not set (Offers › Settings)."))
        api_key = params.get_param(API_KEY_PARAM) or ""
        if not api_key:
            raise SmsGatewayError(_("The API key of the SMS gateway is not set (Offers › Settings)."))
        return url, (params.get_param(SENDER_PARAM) or "").strip(), api_key

    @api.model
    def _send_sms(self, message, text):
        url, sender, api_key = self._config()
        payload = {"to": message.number, "text": text}
        if sender:
            payload["from"] = sender
        try:
            response = requests.post(url, json=payload, timeout=TIMEOUT,
                                     headers={"Authorization": "Bearer %s" % api_key, "Accept": "application/json"})
        except requests.RequestException as error:
            raise SmsGatewayError(_("The SMS gateway cannot be reached: %s") % error.__class__.__name__)
        if not 200 <= response.status_code < 300:
            raise SmsGatewayError(_("The SMS gateway refused the message: HTTP %(status)s %(text)s") % {
                "status": response.status_code, "text": (response.text or "")[:200]})
        try:
            data = response.json()
        except ValueError:
            data = {}
        reference = (data.get("id") or data.get("message_id")) if isinstance(data, dict) else None
        return str(reference) if reference else "http-%d" % message.id
