"""Encryption of the biometric record for the escrow authority.

The record is encrypted with AES-256-GCM under a fresh random key and a fresh
96-bit nonce; the AES key is wrapped with RSA-OAEP (SHA-256, MGF1-SHA-256)
under the escrow authority's public key (3072 bits or more).  Only the holder
of the private key (the authority, in a court dispute) can decrypt.

Package format version 1 (integers big-endian)::

    offset size  field
    0      4     magic "LSBP"
    4      1     version (1)
    5      1     algorithm (1 = RSA-OAEP-SHA256 key wrap + AES-256-GCM)
    6      16    key id: first 16 bytes of SHA-256 over the DER SubjectPublicKeyInfo
    22     32    SHA-256 of the signed document
    54     1     L, length of the field id (1..64)
    55     L     field id, UTF-8
    ..     2     K, length of the wrapped key (384 for 3072-bit, 512 for 4096-bit keys)
    ..     K     RSA-OAEP wrapped 32-byte AES key
    ..     12    GCM nonce
    ..     4     C, length of the ciphertext including the 16-byte tag
    ..     C     AES-256-GCM ciphertext || tag

The GCM associated data is the whole header (every byte before the
ciphertext).  It contains the document's SHA-256 (32 bytes) and the field id
(length-prefixed, so the pair is unambiguous), so a package opens only for
the document and field it was made for; it also authenticates the key id,
the wrapped key and the nonce, so any changed byte anywhere makes opening fail.
"""
import collections
import hashlib
import os
import struct
import warnings

with warnings.catch_warnings():
    # cryptography announces the end of its Python 3.7 support on import; the pinned release works.
    warnings.simplefilter("ignore")
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding, rsa
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"LSBP"
VERSION = 1
ALGORITHM_RSA_OAEP_SHA256_AES256_GCM = 1
MIN_RSA_BITS = 3072
KEY_ID_BYTES = 16
NONCE_BYTES = 12
FIELD_ID_MAX = 64

_PREFIX = struct.Struct(">4sBB16s32sB")
_U16 = struct.Struct(">H")
_U32 = struct.Struct(">I")

_OAEP = padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None)


class PackageError(Exception):
    """A package cannot be opened; ``reason`` says why in one word."""

    reason = "invalid"


class MalformedPackage(PackageError):
    reason = "malformed"


class WrongDocument(PackageError):
    reason = "wrong_document"


class WrongField(PackageError):
    reason = "wrong_field"


class WrongKey(PackageError):
    reason = "wrong_key"


class TamperedPackage(PackageError):
    reason = "tampered"


class EscrowKeyError(ValueError):
    """An unusable escrow key (not RSA, too short, unreadable)."""


class WeakKeyError(EscrowKeyError):
    pass


def key_id_bytes(public_key):
    der = public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(der).digest()[:KEY_ID_BYTES]


def key_id(public_key):
    """Key id as 32 hex characters (first 16 bytes of SHA-256 over the DER public key)."""
    return key_id_bytes(public_key).hex()


def check_rsa_key(key):
    if not isinstance(key, (rsa.RSAPublicKey, rsa.RSAPrivateKey)):
        raise EscrowKeyError("the escrow key must be an RSA key")
    if key.key_size < MIN_RSA_BITS:
        raise WeakKeyError("the escrow key has %d bits; at least %d are required" % (key.key_size, MIN_RSA_BITS))
    return key


class EscrowPublicKey(object):
    """The authority's public key, checked once and ready to wrap keys."""

    def __init__(self, public_key):
        self.key = check_rsa_key(public_key)
        self.key_id_raw = key_id_bytes(public_key)
        self.key_id = self.key_id_raw.hex()
        self.bits = public_key.key_size

    @classmethod
    def from_pem(cls, pem):
        try:
            key = serialization.load_pem_public_key(pem)
        except ValueError as exc:
            raise EscrowKeyError("not a PEM public key: %s" % exc)
        return cls(key)

    @classmethod
    def from_file(cls, path):
        with open(path, "rb") as handle:
            return cls.from_pem(handle.read())


Package = collections.namedtuple(
    "Package", "version algorithm key_id document_sha256 field_id wrapped_key nonce ciphertext header")


def _check_binding(document_sha256, field_id):
    if not isinstance(document_sha256, bytes) or len(document_sha256) != 32:
        raise ValueError("document_sha256 must be the 32-byte SHA-256 digest")
    encoded = field_id.encode("utf-8")
    if not 1 <= len(encoded) <= FIELD_ID_MAX:
        raise ValueError("the field id must have 1 to %d bytes" % FIELD_ID_MAX)
    return encoded


def _header(key_id_raw, document_sha256, field_id_bytes, wrapped_key, nonce, ciphertext_length):
    return b"".join((
        _PREFIX.pack(MAGIC, VERSION, ALGORITHM_RSA_OAEP_SHA256_AES256_GCM, key_id_raw, document_sha256,
                     len(field_id_bytes)),
        field_id_bytes, _U16.pack(len(wrapped_key)), wrapped_key, nonce, _U32.pack(ciphertext_length)))


def seal(plaintext, escrow_key, document_sha256, field_id):
    """Encrypt ``plaintext`` for ``escrow_key`` (an :class:`EscrowPublicKey`), bound to document and field."""
    field_bytes = _check_binding(document_sha256, field_id)
    aes_key = AESGCM.generate_key(bit_length=256)
    nonce = os.urandom(NONCE_BYTES)
    wrapped = escrow_key.key.encrypt(aes_key, _OAEP)
    header = _header(escrow_key.key_id_raw, document_sha256, field_bytes, wrapped, nonce, len(plaintext) + 16)
    ciphertext = AESGCM(aes_key).encrypt(nonce, bytes(plaintext), header)
    return header + ciphertext


def parse(package):
    """Split a package into its fields (no cryptography; raises :class:`MalformedPackage`)."""
    data = bytes(package)
    try:
        magic, version, algorithm, kid, doc, field_len = _PREFIX.unpack_from(data)
    except struct.error:
        raise MalformedPackage("too short to be a signature package")
    if magic != MAGIC:
        raise MalformedPackage("not a signature package (wrong magic)")
    if version != VERSION or algorithm != ALGORITHM_RSA_OAEP_SHA256_AES256_GCM:
        raise MalformedPackage("unsupported package version %d / algorithm %d" % (version, algorithm))
    offset = _PREFIX.size
    try:
        field_id = data[offset:offset + field_len].decode("utf-8")
        offset += field_len
        (wrapped_len,) = _U16.unpack_from(data, offset)
        offset += _U16.size
        wrapped = data[offset:offset + wrapped_len]
        offset += wrapped_len
        nonce = data[offset:offset + NONCE_BYTES]
        offset += NONCE_BYTES
        (ct_len,) = _U32.unpack_from(data, offset)
        offset += _U32.size
    except (struct.error, UnicodeDecodeError):
        raise MalformedPackage("package header truncated or damaged")
    if not field_len or len(wrapped) != wrapped_len or len(nonce) != NONCE_BYTES:
        raise MalformedPackage("package header truncated or damaged")
    ciphertext = data[offset:]
    if len(ciphertext) != ct_len or ct_len < 16:
        raise MalformedPackage("ciphertext length does not match the header")
    return Package(version, algorithm, kid, doc, field_id, wrapped, nonce, ciphertext, data[:offset])


def open_package(package, private_key, document_sha256, field_id):
    """Verify and decrypt; the package must belong to this document, this field and this key."""
    field_bytes = _check_binding(document_sha256, field_id)
    check_rsa_key(private_key)
    parts = parse(package)
    if parts.document_sha256 != document_sha256:
        raise WrongDocument("the package belongs to another document (SHA-256 %s)" % parts.document_sha256.hex())
    if parts.field_id.encode("utf-8") != field_bytes:
        raise WrongField("the package belongs to signature field %r, not %r" % (parts.field_id, field_id))
    expected_kid = key_id_bytes(private_key.public_key())
    if parts.key_id != expected_kid:
        raise WrongKey("the package was encrypted for key %s, this private key is %s"
                       % (parts.key_id.hex(), expected_kid.hex()))
    try:
        aes_key = private_key.decrypt(parts.wrapped_key, _OAEP)
    except ValueError:
        raise TamperedPackage("the wrapped key does not decrypt: the package was altered")
    if len(aes_key) != 32:
        raise TamperedPackage("the wrapped key has the wrong length: the package was altered")
    # Rebuild the associated data from what the caller expects, not from the package alone.
    header = _header(expected_kid, document_sha256, field_bytes, parts.wrapped_key, parts.nonce,
                     len(parts.ciphertext))
    try:
        return AESGCM(aes_key).decrypt(parts.nonce, parts.ciphertext, header)
    except InvalidTag:
        raise TamperedPackage("authentication failed: the package was altered")


def generate_private_key(bits=3072):
    if bits < MIN_RSA_BITS:
        raise WeakKeyError("at least %d bits are required" % MIN_RSA_BITS)
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def private_key_pem(private_key, passphrase):
    if not passphrase:
        raise ValueError("the private key must be protected by a passphrase")
    return private_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                     serialization.BestAvailableEncryption(passphrase))


def public_key_pem(public_key):
    return public_key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def load_private_key(pem, passphrase):
    try:
        key = serialization.load_pem_private_key(pem, password=passphrase)
    except (ValueError, TypeError) as exc:
        raise EscrowKeyError("cannot read the private key (wrong passphrase or not a PEM key): %s" % exc)
    return check_rsa_key(key)
