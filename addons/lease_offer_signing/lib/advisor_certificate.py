"""Personal X.509 certificates of advisors (no ORM import).

An advisor can activate their portal account with a personal certificate
issued by a certification authority the insurer trusts.  The certificate
itself is public: what proves the advisor is its holder is a signature of a
fresh random challenge made with the certificate's private key (which never
leaves the advisor's computer or key fob)::

    openssl dgst -sha256 -sign key.pem -out signature.bin challenge.txt

This module parses certificates (PEM or DER), checks their validity period
and issuer, issues challenges and verifies the signatures (RSA PKCS#1 v1.5,
RSA-PSS and ECDSA, all with SHA-256).
"""
import base64
import binascii
import collections
import hashlib
import hmac
import re
import secrets
import warnings
from datetime import datetime, timedelta

with warnings.catch_warnings():
    # cryptography announces the end of its Python 3.7 support on import; the pinned release works.
    warnings.simplefilter("ignore")
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

CHALLENGE_BYTES = 32
CHALLENGE_TTL_SECONDS = 300
CHALLENGE_PREFIX = "lease-advisor-challenge:"
MIN_RSA_BITS = 2048
MAX_UPLOAD_BYTES = 64 * 1024
_PEM_BLOCK = re.compile(rb"-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----")
_BASE64_TEXT = re.compile(rb"^[A-Za-z0-9+/=\s]+$")

CertificateInfo = collections.namedtuple(
    "CertificateInfo", "fingerprint_sha256 subject issuer serial not_before not_after pem")


class CertificateError(Exception):
    """A certificate or a proof of possession is refused; ``code`` says why:
    ``garbage``, ``too_large``, ``expired``, ``not_yet_valid``, ``untrusted``,
    ``no_trust_anchor``, ``weak_key``, ``no_challenge``, ``challenge_expired``,
    ``challenge_other_user``, ``bad_signature``."""

    def __init__(self, code):
        Exception.__init__(self, code)
        self.code = code


# ---------------------------------------------------------------- certificates
def load_certificate(data):
    """The certificate in ``data`` (bytes of a PEM or DER file)."""
    if isinstance(data, str):
        data = data.encode("utf-8", "replace")
    if not data:
        raise CertificateError("garbage")
    if len(data) > MAX_UPLOAD_BYTES:
        raise CertificateError("too_large")
    try:
        match = _PEM_BLOCK.search(data)
        if match:
            return x509.load_pem_x509_certificate(match.group(0))
        return x509.load_der_x509_certificate(data)
    except (ValueError, TypeError, UnsupportedAlgorithm):
        raise CertificateError("garbage")


def load_bundle(text):
    """The certificates of a PEM bundle (the trusted authorities)."""
    if isinstance(text, str):
        text = text.encode("utf-8", "replace")
    certificates = []
    for block in _PEM_BLOCK.findall(text or b""):
        try:
            certificates.append(x509.load_pem_x509_certificate(block))
        except (ValueError, TypeError, UnsupportedAlgorithm):
            raise CertificateError("garbage")
    return certificates


def _utc(cert, name):
    # cryptography >= 42 has *_utc (aware); the naive ones are UTC too
    value = getattr(cert, name + "_utc", None)
    if value is not None:
        return value.replace(tzinfo=None)
    return getattr(cert, name)


def describe(cert):
    """The facts about ``cert`` that are kept with the advisor's user."""
    der = cert.public_bytes(serialization.Encoding.DER)
    return CertificateInfo(
        fingerprint_sha256=hashlib.sha256(der).hexdigest(),
        subject=cert.subject.rfc4514_string(),
        issuer=cert.issuer.rfc4514_string(),
        serial="%x" % cert.serial_number,
        not_before=_utc(cert, "not_valid_before"),
        not_after=_utc(cert, "not_valid_after"),
        pem=cert.public_bytes(serialization.Encoding.PEM).decode("ascii"),
    )


def check_validity(cert, now=None):
    """Refuse a certificate outside its validity period (``now`` is naive UTC)."""
    now = now or datetime.utcnow()
    if now < _utc(cert, "not_valid_before"):
        raise CertificateError("not_yet_valid")
    if now > _utc(cert, "not_valid_after"):
        raise CertificateError("expired")


def check_key(cert):
    """Only RSA keys of at least 2048 bits and elliptic-curve keys are accepted."""
    key = cert.public_key()
    if isinstance(key, rsa.RSAPublicKey):
        if key.key_size < MIN_RSA_BITS:
            raise CertificateError("weak_key")
        return
    if isinstance(key, ec.EllipticCurvePublicKey):
        return
    raise CertificateError("weak_key")


def check_issued_by(cert, authorities, now=None):
    """Refuse a certificate that none of ``authorities`` (valid CA
    certificates) has signed."""
    if not authorities:
        raise CertificateError("no_trust_anchor")
    now = now or datetime.utcnow()
    for authority in authorities:
        if authority.subject != cert.issuer:
            continue
        if not _utc(authority, "not_valid_before") <= now <= _utc(authority, "not_valid_after"):
            continue
        if _signed_by(authority.public_key(), cert):
            return authority
    raise CertificateError("untrusted")


def _signed_by(public_key, cert):
    try:
        if isinstance(public_key, rsa.RSAPublicKey):
            public_key.verify(cert.signature, cert.tbs_certificate_bytes, padding.PKCS1v15(),
                              cert.signature_hash_algorithm)
        elif isinstance(public_key, ec.EllipticCurvePublicKey):
            public_key.verify(cert.signature, cert.tbs_certificate_bytes, ec.ECDSA(cert.signature_hash_algorithm))
        else:
            return False
    except (InvalidSignature, UnsupportedAlgorithm, ValueError, TypeError):
        return False
    return True


def validate_upload(data, authorities, now=None):
    """Parse and check an uploaded certificate; its :class:`CertificateInfo`."""
    cert = load_certificate(data)
    check_validity(cert, now)
    check_key(cert)
    check_issued_by(cert, authorities, now)
    return describe(cert)


# ---------------------------------------------------------------- proof of possession
def new_challenge(user_id, fingerprint, now=None, ttl=CHALLENGE_TTL_SECONDS):
    """A single-use challenge for ``user_id`` and the certificate
    ``fingerprint``: a dict the caller keeps in the user's session."""
    now = now or datetime.utcnow()
    return {
        "text": CHALLENGE_PREFIX + secrets.token_urlsafe(CHALLENGE_BYTES),
        "user_id": user_id,
        "fingerprint": fingerprint,
        "expires": (now + timedelta(seconds=ttl)).strftime("%Y-%m-%d %H:%M:%S"),
    }


def check_challenge(challenge, user_id, fingerprint, now=None):
    """Refuse a missing, expired or foreign challenge."""
    if not challenge or not isinstance(challenge, dict) or not challenge.get("text"):
        raise CertificateError("no_challenge")
    if challenge.get("user_id") != user_id or not hmac.compare_digest(
            str(challenge.get("fingerprint") or ""), str(fingerprint or "")):
        raise CertificateError("challenge_other_user")
    now = now or datetime.utcnow()
    try:
        expires = datetime.strptime(challenge.get("expires") or "", "%Y-%m-%d %H:%M:%S")
    except ValueError:
        raise CertificateError("no_challenge")
    if now > expires:
        raise CertificateError("challenge_expired")


def verify_possession(cert_pem, challenge_text, signature):
    """Whether ``signature`` is a SHA-256 signature of the challenge made with
    the private key of the certificate ``cert_pem``.

    The signature may be raw bytes (``openssl dgst`` writes them) or their
    base64; the signed file may end with a newline (``echo`` adds one).
    """
    cert = load_certificate(cert_pem)
    key = cert.public_key()
    messages = [challenge_text.encode("ascii")]
    messages += [messages[0] + b"\n", messages[0] + b"\r\n"]
    for candidate in _signature_candidates(signature):
        for message in messages:
            if _verifies(key, candidate, message):
                return True
    return False


def _signature_candidates(signature):
    if isinstance(signature, str):
        signature = signature.encode("ascii", "ignore")
    if not signature or len(signature) > 4096:
        return []
    candidates = [signature]
    stripped = signature.strip()
    if _BASE64_TEXT.match(stripped):
        try:
            decoded = base64.b64decode(b"".join(stripped.split()), validate=True)
        except (binascii.Error, ValueError):
            decoded = b""
        if decoded:
            candidates.append(decoded)
    return candidates


def _verifies(key, signature, message):
    try:
        if isinstance(key, rsa.RSAPublicKey):
            for pad in (padding.PKCS1v15(),
                        padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.AUTO)):
                try:
                    key.verify(signature, message, pad, hashes.SHA256())
                    return True
                except InvalidSignature:
                    continue
            return False
        if isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signature, message, ec.ECDSA(hashes.SHA256()))
            return True
    except (InvalidSignature, ValueError, TypeError, UnsupportedAlgorithm):
        return False
    return False
