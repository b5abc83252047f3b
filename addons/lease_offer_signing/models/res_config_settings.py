# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .lease_sms_gateway import DEFAULT_GATEWAY, GATEWAY_PARAM
from .lease_sms_gateway_http import API_KEY_PARAM, SENDER_PARAM, URL_PARAM
from .lease_sms_message import DEFAULT_MAX_ATTEMPTS, MAX_ATTEMPTS_PARAM

SMS_GATEWAYS = [("logging", "Log only (no SMS is sent)"), ("http", "HTTP API of an SMS provider")]


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    offer_retention_months = fields.Integer(
        related="company_id.offer_retention_months", string="Documents listed for (months)")
    offer_export_outbox = fields.Char(related="company_id.offer_export_outbox", string="Export outbox")
    offer_export_inbox = fields.Char(related="company_id.offer_export_inbox", string="Acknowledgement inbox")
    offer_export_outbox_effective = fields.Char(
        compute="_compute_offer_export_dirs", string="Outbox used")
    offer_export_inbox_effective = fields.Char(
        compute="_compute_offer_export_dirs", string="Inbox used")
    offer_insurer_code = fields.Char(related="company_id.offer_insurer_code", string="Insurer code")
    offer_backoffice_user_id = fields.Many2one(
        related="company_id.offer_backoffice_user_id", string="Back-office responsible")
    lease_sms_gateway = fields.Selection(SMS_GATEWAYS, string="SMS gateway", default=DEFAULT_GATEWAY)
    lease_sms_http_url = fields.Char(string="SMS gateway address")
    lease_sms_http_sender = fields.Char(string="SMS sender")
    lease_sms_http_api_key = fields.Char(string="SMS gateway API key")
    lease_sms_max_attempts = fields.Integer(string="SMS attempts", default=DEFAULT_MAX_ATTEMPTS)

    @api.depends("company_id.offer_export_outbox", "company_id.offer_export_inbox")
    def _compute_offer_export_dirs(self):
        for settings in self:
            company = settings.company_id
            settings.offer_export_outbox_effective = company._offer_export_outbox() if company else False
            settings.offer_export_inbox_effective = company._offer_export_inbox() if company else False

    @api.model
    def get_values(self):
        res = super(ResConfigSettings, self).get_values()
        params = self.env["ir.config_parameter"].sudo()
        res.update(
            lease_sms_gateway=params.get_param(GATEWAY_PARAM, DEFAULT_GATEWAY),
            lease_sms_http_url=params.get_param(URL_PARAM, ""),
            lease_sms_http_sender=params.get_param(SENDER_PARAM, ""),
            lease_sms_http_api_key=params.get_param(API_KEY_PARAM, ""),
            lease_sms_max_attempts=int(params.get_param(MAX_ATTEMPTS_PARAM, DEFAULT_MAX_ATTEMPTS) or 0),
        )
        return res

    @api.multi
    def set_values(self):
        res = super(ResConfigSettings, self).set_values()
        for settings in self:
            settings._check_sms_settings()
            params = self.env["ir.config_parameter"].sudo()
            params.set_param(GATEWAY_PARAM, settings.lease_sms_gateway or DEFAULT_GATEWAY)
            params.set_param(URL_PARAM, (settings.lease_sms_http_url or "").strip())
            params.set_param(SENDER_PARAM, (settings.lease_sms_http_sender or "").strip())
            params.set_param(API_KEY_PARAM, settings.lease_sms_http_api_key or "")
            params.set_param(MAX_ATTEMPTS_PARAM, str(settings.lease_sms_max_attempts))
        return res

    def _check_sms_settings(self):
        if self.lease_sms_max_attempts < 1:
            raise ValidationError(_("An SMS needs at least one attempt."))
        if self.lease_sms_gateway != "http":
            return
        url = (self.lease_sms_http_url or "").strip()
        if not url.startswith(("https://", "http://")):
            raise ValidationError(_("The HTTP SMS gateway needs its address, e.g. https://sms.example.cz/api/send."))
        if not self.lease_sms_http_api_key:
            raise ValidationError(_("The HTTP SMS gateway needs its API key."))
        sender = (self.lease_sms_http_sender or "").strip()
        if len(sender) > 11 and not sender.lstrip("+").isdigit():
            raise ValidationError(_("An SMS sender name has at most 11 characters (or is a phone number)."))
