from . import portal
from . import signing
from . import activation
from . import storage
