from . import devinculation_links
from . import lease_devinculation
from . import lease_insurance_claim
from . import lease_insurance_contract
from . import ir_actions_report
