"""Secrets and throttling of the client's document storage (no ORM import).

The client receives a link with an unguessable token by e-mail and a short
access code by SMS.  Neither is stored: the database keeps a SHA-256 of the
token (to find the link) and a keyed HMAC of the code (so a copy of the
database does not reveal the code).  Wrong codes slow the client down and
lock the link after a few attempts.
"""
import hashlib
import hmac
import re
import secrets

TOKEN_BYTES = 32
CODE_DIGITS = 6
MAX_FAILED_ATTEMPTS = 5
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,128}$")
_CODE_RE = re.compile(r"^[0-9]{4,10}$")


def new_token():
    return secrets.token_urlsafe(TOKEN_BYTES)


def new_code(digits=CODE_DIGITS):
    return str(secrets.randbelow(10 ** digits)).zfill(digits)


def token_hash(token):
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def looks_like_token(token):
    return bool(token) and bool(_TOKEN_RE.match(token))


def normalize_code(code):
    """The code as typed, without spaces; None when it cannot be a code."""
    code = re.sub(r"\s+", "", code or "")
    return code if _CODE_RE.match(code) else None


def code_hash(secret, salt, code):
    """HMAC-SHA256 of the code, keyed with a server secret and the link's salt."""
    key = (secret + ":" + salt).encode("utf-8")
    return hmac.new(key, code.encode("ascii"), hashlib.sha256).hexdigest()


def code_matches(secret, salt, code, expected_hash):
    return hmac.compare_digest(code_hash(secret, salt, code), expected_hash or "")


def retry_delay(failed_attempts):
    """Seconds the client must wait after ``failed_attempts`` wrong codes (0, 2, 4, 8, …)."""
    if failed_attempts <= 0:
        return 0
    return 2 ** failed_attempts
