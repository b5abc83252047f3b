"""Plain Python of the claims, no ORM import: ``claim_rules`` (card rules),
``settlement`` (settlement arithmetic); ``dates`` converts Odoo dates."""
from . import claim_rules
from . import dates
