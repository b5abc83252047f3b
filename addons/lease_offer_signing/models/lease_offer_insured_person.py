# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib import validation

RISKS = [
    ("death", "Death"),
    ("disability", "Disability"),
    ("critical_illness", "Critical illness"),
    ("accident", "Accident injury"),
    ("hospitalisation", "Hospitalisation"),
    ("incapacity", "Incapacity for work"),
]


class LeaseOfferInsuredPerson(models.Model):
    """A person insured by the document, with the risk and sum insured."""

    _name = "lease.offer.insured.person"
    _inherit = "lease.offer.line.mixin"
    _description = "Insured person"
    _order = "offer_id, sequence, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    birth_date = fields.Date(string="Birth date")
    birth_number = fields.Char(string="Birth number", help="Czech birth number (rodné číslo), e.g. 850612/1234.")
    is_client = fields.Boolean(
        string="Is the client", help="The insured person is the client (policyholder), who signs as the client.")
    risk = fields.Selection(RISKS, required=True, default="death")
    sum_insured = fields.Monetary(string="Sum insured")
    currency_id = fields.Many2one(related="offer_id.currency_id", readonly=True, string="Currency")

    @api.constrains("birth_number")
    def _check_birth_number(self):
        for person in self:
            if person.birth_number and not validation.normalize_birth_number(person.birth_number):
                raise ValidationError(_("'%s' is not a valid Czech birth number (e.g. 850612/1234).")
                                      % person.birth_number)

    @api.constrains("sum_insured")
    def _check_sum_insured(self):
        for person in self:
            if person.sum_insured < 0:
                raise ValidationError(_("The sum insured cannot be negative."))
