# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import threading

from odoo import SUPERUSER_ID, _, api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import config

from .lease_offer_export_batch import _chatter_fields
from .lease_sms_gateway import SmsGatewayError

_logger = logging.getLogger(__name__)

CODE_MASK = "******"
MAX_ATTEMPTS_PARAM = "lease_offer_signing.sms_max_attempts"
DEFAULT_MAX_ATTEMPTS = 5


class LeaseSmsMessage(models.Model):
    """An SMS to a client (the access code of their document storage), sent
    through the configured gateway and retried until it is accepted.

    The access code is kept only until the gateway has accepted the message:
    ``body`` always shows it masked, ``pending_code`` holds it until then.
    """

    _name = "lease.sms.message"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "SMS message"
    _order = "id desc"

    number = fields.Char(string="Mobile number", required=True, readonly=True)
    body = fields.Text(string="Text", required=True, readonly=True,
                       help="The text of the message; the access code is masked.")
    pending_code = fields.Char(string="Code waiting to be sent", readonly=True, copy=False,
                               groups="base.group_system")
    state = fields.Selection([("queued", "Queued"), ("sent", "Sent"), ("failed", "Failed")], string="Status",
                             required=True, default="queued", readonly=True, index=True,
                             track_visibility="onchange")
    attempts = fields.Integer(readonly=True, help="How many times the gateway was asked to send the message.")
    last_attempt_at = fields.Datetime(string="Last attempt", readonly=True)
    last_error = fields.Text(string="Last error", readonly=True)
    sent_at = fields.Datetime(string="Sent on", readonly=True)
    gateway = fields.Char(readonly=True, help="The gateway that accepted the message.")
    reference = fields.Char(string="Gateway reference", readonly=True)
    needs_attention = fields.Boolean(
        string="Needs attention", readonly=True, index=True,
        help="Every attempt failed; the message is no longer retried automatically.")
    partner_id = fields.Many2one("res.partner", string="Client", readonly=True, index=True)
    offer_ids = fields.Many2many("lease.offer", string="Documents", readonly=True)
    link_id = fields.Many2one("lease.offer.storage.link", string="Storage link", readonly=True, ondelete="set null")
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True,
        default=lambda self: self.env["res.company"]._company_default_get("lease.sms.message"))

    @api.multi
    def write(self, vals):
        # the back office may comment and plan activities; the message is the delivery's record
        if self.env.uid != SUPERUSER_ID and set(vals) - _chatter_fields(self.env):
            raise UserError(_("SMS messages are written only by the delivery."))
        return super(LeaseSmsMessage, self).write(vals)

    @api.multi
    def name_get(self):
        return [(sms.id, "%s (%s)" % (sms.number, sms.create_date or "")) for sms in self]

    @api.model
    def _queue(self, number, text, code, **values):
        """Queue an SMS whose ``text`` contains ``code`` (stored masked)."""
        values.update(number=number, body=text.replace(code, CODE_MASK, 1) if code else text,
                      pending_code=code or False, state="queued")
        return self.sudo().create(values)

    def _text_to_send(self):
        self.ensure_one()
        code = self.sudo().pending_code
        return self.body.replace(CODE_MASK, code, 1) if code else self.body

    @api.model
    def _max_attempts(self):
        value = self.env["ir.config_parameter"].sudo().get_param(MAX_ATTEMPTS_PARAM)
        try:
            return max(1, int(value)) if value else DEFAULT_MAX_ATTEMPTS
        except ValueError:
            return DEFAULT_MAX_ATTEMPTS

    def _send(self, auto_commit=False):
        """Hand the messages to the gateway; a failure is counted and kept for
        a retry.  With ``auto_commit`` every message is committed as soon as
        the gateway answered, so a later failure cannot make it be sent again
        (as Odoo's mail queue does)."""
        gateway = self.env["lease.sms.gateway"]._get_gateway()
        max_attempts = self._max_attempts()
        sent = self.browse()
        for message in self.sudo():
            if message.state == "sent":
                continue
            now = fields.Datetime.now()
            try:
                reference = gateway._send_sms(message, message._text_to_send())
            except SmsGatewayError as error:
                attempts = message.attempts + 1
                message.write({"state": "failed", "attempts": attempts, "last_attempt_at": now,
                               "last_error": tools.ustr(error), "needs_attention": attempts >= max_attempts})
                _logger.warning("SMS %d to %s failed (attempt %d): %s", message.id, message.number, attempts, error)
                if attempts >= max_attempts:
                    self.env["lease.offer"]._backoffice_activity(
                        message, _("SMS could not be sent"),
                        _("The SMS to %(number)s failed %(attempts)d times; last error: %(error)s") % {
                            "number": message.number, "attempts": attempts, "error": tools.ustr(error)})
            else:
                # the code is needed no longer: only the masked text stays
                message.write({"state": "sent", "attempts": message.attempts + 1, "last_attempt_at": now,
                               "sent_at": now, "last_error": False, "needs_attention": False,
                               "pending_code": False, "gateway": gateway._gateway_key(), "reference": reference})
                sent |= message
            if auto_commit:
                # the gateway has sent it: a rollback later in the loop must not
                # forget that, or the client gets the code a second time
                self.env.cr.commit()  # pylint: disable=invalid-commit
        return sent

    @api.model
    def _cron_send_queued(self):
        """Send the queued messages and retry the failed ones (until the
        maximum number of attempts)."""
        messages = self.sudo().search([("state", "in", ("queued", "failed")), ("needs_attention", "=", False)],
                                      order="id")
        testing = getattr(threading.currentThread(), "testing", False) or config["test_enable"]
        return messages._send(auto_commit=not testing)

    @api.multi
    def action_retry(self):
        """The back office sends a message again (also after the last automatic attempt)."""
        if not self.env["lease.offer"]._is_backoffice():
            raise UserError(_("Only the back office can send an SMS again."))
        messages = self.sudo().filtered(lambda m: m.state != "sent")
        messages.write({"needs_attention": False})
        messages._send()
        return True
