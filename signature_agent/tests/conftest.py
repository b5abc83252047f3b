import os
import sys

import pytest

from signature_agent import crypto

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

# The SVC2004 sample lives in the shared folder next to the repository; it is never copied in.
SVC_DIR = os.path.normpath(os.path.join(HERE, os.pardir, os.pardir, os.pardir, "shared", "data", "signatures",
                                        "svc2004-task2"))


@pytest.fixture(scope="session")
def escrow_private_key():
    return crypto.generate_private_key(3072)


@pytest.fixture(scope="session")
def escrow_key(escrow_private_key):
    return crypto.EscrowPublicKey(escrow_private_key.public_key())


@pytest.fixture
def svc_dir():
    if not os.path.isdir(SVC_DIR):
        pytest.skip("SVC2004 sample not available at %s (the shared data folder is absent)" % SVC_DIR)
    return SVC_DIR
