from . import test_devinculation_rules
from . import test_devinculation_create
from . import test_devinculation_budget
from . import test_devinculation_consistency
from . import test_devinculation_security
from . import test_devinculation_letter
from . import test_translation
