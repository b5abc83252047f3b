"""Header of the encrypted biometric package made by the signature agent.

The ERP never decrypts a package (it has no key); it only reads the clear
header to check that the package was made for the document and the field it
is being stored with.  Layout (version 1, big-endian): magic ``LSBP``,
version, algorithm, 16-byte key id, 32-byte SHA-256 of the signed document,
length-prefixed UTF-8 field id, then the wrapped key, nonce and ciphertext.
"""
import binascii
import collections

MAGIC = b"LSBP"
PackageHeader = collections.namedtuple("PackageHeader", "version algorithm key_id document_sha256 field_id")


def is_package(data):
    return data[:4] == MAGIC


def parse_header(data):
    """The clear header of a package, or ``None`` when ``data`` is not one."""
    if not is_package(data) or len(data) < 55:
        return None
    version, algorithm = data[4], data[5]
    key_id = binascii.hexlify(data[6:22]).decode()
    document_sha256 = binascii.hexlify(data[22:54]).decode()
    length = data[54]
    if not 1 <= length <= 64 or len(data) < 55 + length:
        return None
    try:
        field_id = data[55:55 + length].decode("utf-8")
    except UnicodeDecodeError:
        return None
    return PackageHeader(version, algorithm, key_id, document_sha256, field_id)
