# Copyright 2026 Lease Insurance Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Certificates for the tests: a certification authority and personal
certificates signed by it (no Odoo import: the HTTP tests load this file too)."""
import warnings
from datetime import datetime, timedelta

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
    from cryptography.x509.oid import NameOID


def rsa_key(bits=2048):
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def ec_key():
    return ec.generate_private_key(ec.SECP256R1())


def _name(common_name):
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "CZ"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Lease Insurance Suite tests"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def certificate(common_name, key, issuer=None, issuer_key=None, days_from=-1, days_to=365, ca=False):
    """A certificate for ``key``, signed by ``issuer_key`` (self-signed when
    no issuer is given), valid from ``days_from`` to ``days_to`` days from now."""
    now = datetime.utcnow()
    builder = (x509.CertificateBuilder()
               .subject_name(_name(common_name))
               .issuer_name(issuer.subject if issuer is not None else _name(common_name))
               .public_key(key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(now + timedelta(days=days_from))
               .not_valid_after(now + timedelta(days=days_to))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    return builder.sign(issuer_key or key, hashes.SHA256())


class Authority(object):
    """A certification authority issuing personal certificates of advisors."""

    def __init__(self, name="Test Advisor CA"):
        self.key = rsa_key(2048)
        self.cert = certificate(name, self.key, ca=True, days_from=-30, days_to=3650)

    @property
    def pem(self):
        return pem(self.cert).decode("ascii")

    def issue(self, common_name, key=None, days_from=-1, days_to=365):
        key = key or rsa_key(2048)
        return key, certificate(common_name, key, self.cert, self.key, days_from, days_to)


def pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM)


def der(cert):
    return cert.public_bytes(serialization.Encoding.DER)


def key_pem(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def sign(key, data, scheme="pkcs1"):
    """What ``openssl dgst -sha256 -sign key.pem`` (or ``-sigopt rsa_padding_mode:pss``) writes."""
    if isinstance(data, str):
        data = data.encode("ascii")
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return key.sign(data, ec.ECDSA(hashes.SHA256()))
    if scheme == "pss":
        return key.sign(data, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32), hashes.SHA256())
    return key.sign(data, padding.PKCS1v15(), hashes.SHA256())
