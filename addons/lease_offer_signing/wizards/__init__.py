from . import lease_offer_export_wizard
from . import lease_offer_acknowledgement_import
