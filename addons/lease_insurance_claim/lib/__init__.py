"""Plain Python rules of the claims (``claim_rules``, no ORM import) and the
date conversion helpers (``dates``)."""
from . import claim_rules
from . import dates
