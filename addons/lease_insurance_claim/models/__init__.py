from . import lease_insurance_claim
