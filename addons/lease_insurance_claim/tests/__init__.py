from . import test_claim_basics
