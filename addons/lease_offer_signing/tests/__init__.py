from . import test_validation
from . import test_offer_lifecycle
from . import test_offer_locking
from . import test_offer_concurrency
from . import test_offer_security
from . import test_offer_retention
from . import test_advisor_identity
from . import test_offer_i18n
