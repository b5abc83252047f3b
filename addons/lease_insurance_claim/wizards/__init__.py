from . import lease_contract_status_wizard
from . import lease_insurance_config_wizard
