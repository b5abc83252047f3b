# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import api, models

_logger = logging.getLogger(__name__)


class LeaseSmsGatewayLogging(models.AbstractModel):
    """The default gateway: the message is only recorded (the SMS log in the
    database, and the server log with the access code masked).  Used for
    demos and tests, and until a real gateway is configured."""

    _name = "lease.sms.gateway.logging"
    _inherit = "lease.sms.gateway"
    _description = "SMS gateway: log only"

    @api.model
    def _send_sms(self, message, text):
        _logger.info("SMS to %s (logged, not sent): %s", message.number, message.body)
        return "log-%d" % message.id
