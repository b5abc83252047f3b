# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class LeaseOfferHealthQuestionTemplate(models.Model):
    """A question of the standard health questionnaire offered to new offers."""

    _name = "lease.offer.health.question.template"
    _description = "Health questionnaire question"
    _order = "sequence, id"
    _rec_name = "question"

    sequence = fields.Integer(default=10)
    question = fields.Text(required=True, translate=True)
    active = fields.Boolean(default=True)
