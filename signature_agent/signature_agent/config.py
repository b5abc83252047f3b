"""The agent's configuration directory and its pairing token."""
import logging
import os
import secrets
import stat

_log = logging.getLogger(__name__)

DEFAULT_CONFIG_DIR = os.path.join("~", ".config", "lease-signature-agent")
TOKEN_FILE = "pairing-token"
ESCROW_KEY_FILE = "escrow-public.pem"


def config_dir(path=None):
    return os.path.abspath(os.path.expanduser(path or DEFAULT_CONFIG_DIR))


def ensure_dir(path):
    if not os.path.isdir(path):
        os.makedirs(path, 0o700)
    return path


def load_or_create_token(directory):
    """Return ``(token, created)``; a new token is written with mode 0600."""
    ensure_dir(directory)
    path = os.path.join(directory, TOKEN_FILE)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except (IOError, OSError):
        return _read_token(path), False
    token = secrets.token_urlsafe(32)
    with os.fdopen(fd, "w") as handle:
        handle.write(token + "\n")
    return token, True


def _read_token(path):
    mode = stat.S_IMODE(os.stat(path).st_mode)
    if os.name == "posix" and mode & 0o077:
        _log.warning("the pairing token file %s was readable by others; restricting it to its owner", path)
        os.chmod(path, 0o600)
    with open(path) as handle:
        token = handle.read().strip()
    if len(token) < 32:
        raise ValueError("the pairing token in %s is damaged; delete the file to pair again" % path)
    return token


def reset_token(directory):
    path = os.path.join(directory, TOKEN_FILE)
    if os.path.exists(path):
        os.remove(path)
    return load_or_create_token(directory)
