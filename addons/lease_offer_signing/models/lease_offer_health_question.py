# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class LeaseOfferHealthQuestion(models.Model):
    """A question of the health questionnaire and the client's answer.
    Health questions are never copied to a new document."""

    _name = "lease.offer.health.question"
    _inherit = "lease.offer.line.mixin"
    _description = "Health question"
    _rec_name = "question"
    _order = "offer_id, sequence, id"

    sequence = fields.Integer(default=10)
    question = fields.Text(required=True)
    answer = fields.Selection([("yes", "Yes"), ("no", "No")])
    note = fields.Char(string="Details", help="Details of a 'yes' answer: diagnosis, treatment, dates.")
