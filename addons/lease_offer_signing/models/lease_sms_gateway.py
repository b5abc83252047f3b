# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, models
from odoo.exceptions import UserError

GATEWAY_PARAM = "lease_offer_signing.sms_gateway"
DEFAULT_GATEWAY = "logging"


class SmsGatewayError(Exception):
    """The gateway did not accept the message; the text says why."""


class LeaseSmsGateway(models.AbstractModel):
    """A way of sending SMS.  A gateway is an abstract model named
    ``lease.sms.gateway.<key>`` inheriting this one; the settings choose the
    key (``lease_offer_signing.sms_gateway``).  Add a gateway by adding such a
    model and its key to the settings' selection."""

    _name = "lease.sms.gateway"
    _description = "SMS gateway"

    @api.model
    def _get_gateway(self):
        key = self.env["ir.config_parameter"].sudo().get_param(GATEWAY_PARAM) or DEFAULT_GATEWAY
        name = "lease.sms.gateway.%s" % key
        if name not in self.env:
            raise UserError(_("The SMS gateway '%s' chosen in the settings does not exist.") % key)
        return self.env[name]

    @api.model
    def _gateway_key(self):
        return self._name.rsplit(".", 1)[-1]

    @api.model
    def _send_sms(self, message, text):
        """Send ``text`` to ``message.number``; return the gateway's reference
        of the message, or raise SmsGatewayError.  ``message`` is the
        ``lease.sms.message`` record (its ``body`` has the code masked)."""
        raise NotImplementedError()
