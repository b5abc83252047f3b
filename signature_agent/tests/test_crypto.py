"""Package encryption: round trip, binding to document and field, tamper detection, key rules."""
import hashlib
import struct

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from signature_agent import crypto

DOC = hashlib.sha256(b"%PDF-1.4 the signed offer").digest()
OTHER_DOC = hashlib.sha256(b"%PDF-1.4 another offer").digest()
PLAINTEXT = b"LSBR" + bytes(range(256)) * 20


@pytest.fixture(scope="module")
def package(escrow_key):
    return crypto.seal(PLAINTEXT, escrow_key, DOC, "client.1")


def test_round_trip(package, escrow_private_key):
    assert crypto.open_package(package, escrow_private_key, DOC, "client.1") == PLAINTEXT


def test_layout_of_the_package(package, escrow_key):
    parts = crypto.parse(package)
    assert package[:4] == b"LSBP" and package[4] == 1 and package[5] == 1
    assert parts.key_id == escrow_key.key_id_raw and len(escrow_key.key_id) == 32
    assert parts.document_sha256 == DOC and parts.field_id == "client.1"
    assert len(parts.wrapped_key) == 384  # 3072-bit RSA
    assert len(parts.nonce) == 12
    assert len(parts.ciphertext) == len(PLAINTEXT) + 16
    assert len(package) == 22 + 32 + 1 + 8 + 2 + 384 + 12 + 4 + len(PLAINTEXT) + 16
    assert PLAINTEXT[4:64] not in package


def test_fresh_key_and_nonce_every_time(escrow_key):
    a = crypto.parse(crypto.seal(PLAINTEXT, escrow_key, DOC, "client.1"))
    b = crypto.parse(crypto.seal(PLAINTEXT, escrow_key, DOC, "client.1"))
    assert a.nonce != b.nonce and a.wrapped_key != b.wrapped_key and a.ciphertext != b.ciphertext


def test_key_id_is_sha256_of_the_der_public_key(escrow_key):
    from cryptography.hazmat.primitives import serialization
    der = escrow_key.key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    assert escrow_key.key_id == hashlib.sha256(der).hexdigest()[:32]


def test_other_document_is_refused(package, escrow_private_key):
    with pytest.raises(crypto.WrongDocument):
        crypto.open_package(package, escrow_private_key, OTHER_DOC, "client.1")


def test_other_field_is_refused(package, escrow_private_key):
    with pytest.raises(crypto.WrongField):
        crypto.open_package(package, escrow_private_key, DOC, "insured.1")


def test_header_rewritten_to_another_document_does_not_open(package, escrow_private_key):
    """Swapping the document hash in the header (to pass the first check) breaks the authentication."""
    forged = package[:22] + OTHER_DOC + package[54:]
    with pytest.raises(crypto.TamperedPackage):
        crypto.open_package(forged, escrow_private_key, OTHER_DOC, "client.1")


def test_header_rewritten_to_another_field_does_not_open(package, escrow_private_key):
    forged = package[:54] + bytes([8]) + b"client.2" + package[63:]
    with pytest.raises(crypto.TamperedPackage):
        crypto.open_package(forged, escrow_private_key, DOC, "client.2")


def flip(data, offset):
    return data[:offset] + bytes([data[offset] ^ 0x01]) + data[offset + 1:]


def test_every_single_flipped_byte_is_detected(package, escrow_private_key):
    """Flip one bit in each byte of the header, the wrapped key, the nonce, and samples of the ciphertext."""
    header_end = len(crypto.parse(package).header)
    offsets = list(range(header_end)) + list(range(header_end, len(package), 97)) + [len(package) - 1]
    for offset in offsets:
        with pytest.raises(crypto.PackageError):
            crypto.open_package(flip(package, offset), escrow_private_key, DOC, "client.1")


@pytest.mark.parametrize("region", ["ciphertext", "tag", "wrapped_key", "nonce"])
def test_flipped_byte_in_each_region_reports_tampering(region, package, escrow_private_key):
    parts = crypto.parse(package)
    header_len = len(parts.header)
    wrapped_at = 22 + 32 + 1 + len(parts.field_id) + 2
    offset = {"ciphertext": header_len + 10, "tag": len(package) - 3, "wrapped_key": wrapped_at + 100,
              "nonce": wrapped_at + len(parts.wrapped_key) + 5}[region]
    with pytest.raises(crypto.TamperedPackage):
        crypto.open_package(flip(package, offset), escrow_private_key, DOC, "client.1")


def test_truncated_or_extended_package_is_malformed(package, escrow_private_key):
    for broken in (package[:-1], package + b"\0", package[:30], b"", b"NOPE" + package[4:]):
        with pytest.raises(crypto.MalformedPackage):
            crypto.open_package(broken, escrow_private_key, DOC, "client.1")
    version_2 = package[:4] + b"\x02" + package[5:]
    with pytest.raises(crypto.MalformedPackage):
        crypto.parse(version_2)


def test_another_authoritys_key_is_refused(package):
    other = crypto.generate_private_key(3072)
    with pytest.raises(crypto.WrongKey):
        crypto.open_package(package, other, DOC, "client.1")


def test_keys_below_3072_bits_are_refused():
    small = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(crypto.WeakKeyError):
        crypto.EscrowPublicKey(small.public_key())
    with pytest.raises(crypto.WeakKeyError):
        crypto.EscrowPublicKey.from_pem(crypto.public_key_pem(small.public_key()))
    with pytest.raises(crypto.WeakKeyError):
        crypto.generate_private_key(2048)
    with pytest.raises(crypto.WeakKeyError):
        crypto.open_package(b"", small, DOC, "client.1")


def test_non_rsa_key_is_refused():
    with pytest.raises(crypto.EscrowKeyError):
        crypto.EscrowPublicKey(ec.generate_private_key(ec.SECP256R1()).public_key())
    with pytest.raises(crypto.EscrowKeyError):
        crypto.EscrowPublicKey.from_pem(b"-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----\n")


def test_4096_bit_key_works():
    key = crypto.generate_private_key(4096)
    escrow = crypto.EscrowPublicKey(key.public_key())
    sealed = crypto.seal(PLAINTEXT, escrow, DOC, "f")
    assert len(crypto.parse(sealed).wrapped_key) == 512
    assert crypto.open_package(sealed, key, DOC, "f") == PLAINTEXT


def test_binding_arguments_are_checked(escrow_key):
    with pytest.raises(ValueError):
        crypto.seal(PLAINTEXT, escrow_key, DOC.hex().encode(), "client.1")
    with pytest.raises(ValueError):
        crypto.seal(PLAINTEXT, escrow_key, DOC, "")
    with pytest.raises(ValueError):
        crypto.seal(PLAINTEXT, escrow_key, DOC, "x" * 65)


def test_field_id_encoding_is_unambiguous(escrow_key, escrow_private_key):
    """Length-prefixing keeps ("ab", doc) and ("a", b + doc...) apart: the header states the length."""
    sealed = crypto.seal(PLAINTEXT, escrow_key, DOC, "ab")
    (length,) = struct.unpack_from(">B", sealed, 54)
    assert length == 2 and sealed[55:57] == b"ab"
    with pytest.raises(crypto.WrongField):
        crypto.open_package(sealed, escrow_private_key, DOC, "a")


def test_private_key_pem_needs_a_passphrase(escrow_private_key):
    with pytest.raises(ValueError):
        crypto.private_key_pem(escrow_private_key, b"")
    pem = crypto.private_key_pem(escrow_private_key, b"correct horse")
    assert b"ENCRYPTED" in pem
    assert crypto.load_private_key(pem, b"correct horse").key_size == 3072
    with pytest.raises(crypto.EscrowKeyError):
        crypto.load_private_key(pem, b"wrong")
