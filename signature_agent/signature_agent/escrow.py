"""Escrow authority's tool: key generation and verification/decryption of packages.

Usage (``python -m signature_agent.escrow <command> ...``)::

    genkey  --private FILE --public FILE [--bits 3072|4096]
    info    PACKAGE
    verify  --key FILE (--document PDF | --document-sha256 HEX) --field ID PACKAGE
    decrypt --key FILE (--document PDF | --document-sha256 HEX) --field ID --out FILE PACKAGE
    show    --key FILE (--document PDF | --document-sha256 HEX) --field ID PACKAGE

The passphrase of the private key comes from ``--passphrase-file``, else from
the ``SIGNATURE_ESCROW_PASSPHRASE`` environment variable, else it is asked for
on the terminal.  A package may be given raw or base64-encoded (as stored in
the ERP); ``-`` reads it from standard input.

Exit codes: 0 success; 1 the package is refused (another document, another
field, altered or not a package); 2 usage error; 3 key problem (unreadable,
wrong passphrase, too short, or not the key the package was made for);
4 a file cannot be read or written.
"""
import argparse
import base64
import binascii
import datetime
import getpass
import hashlib
import os
import sys

from . import biometrics, crypto

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2
EXIT_KEY = 3
EXIT_FILE = 4

PASSPHRASE_ENV = "SIGNATURE_ESCROW_PASSPHRASE"


class CliError(Exception):
    def __init__(self, code, message):
        Exception.__init__(self, message)
        self.code = code


def _read(path, what):
    try:
        if path == "-":
            return sys.stdin.buffer.read()
        with open(path, "rb") as handle:
            return handle.read()
    except (IOError, OSError) as exc:
        raise CliError(EXIT_FILE, "cannot read the %s %s: %s" % (what, path, exc.strerror or exc))


def _write_private(path, data):
    """Create ``path`` with mode 0600; never overwrite."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except (IOError, OSError) as exc:
        raise CliError(EXIT_FILE, "cannot create %s: %s" % (path, exc.strerror or exc))
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _write_public(path, data):
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except (IOError, OSError) as exc:
        raise CliError(EXIT_FILE, "cannot create %s: %s" % (path, exc.strerror or exc))
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _passphrase(args, confirm=False):
    if args.passphrase_file:
        raw = _read(args.passphrase_file, "passphrase file")
        value = raw.decode("utf-8").rstrip("\r\n")
    elif os.environ.get(PASSPHRASE_ENV):
        value = os.environ[PASSPHRASE_ENV]
    else:
        if not sys.stdin.isatty():
            raise CliError(EXIT_USAGE, "no passphrase: use --passphrase-file, %s or a terminal" % PASSPHRASE_ENV)
        value = getpass.getpass("Passphrase of the escrow private key: ")
        if confirm and getpass.getpass("Repeat the passphrase: ") != value:
            raise CliError(EXIT_USAGE, "the passphrases differ")
    if not value:
        raise CliError(EXIT_USAGE, "the passphrase must not be empty")
    return value.encode("utf-8")


def load_package_bytes(data):
    """Raw package bytes from raw or base64 input."""
    if data.startswith(crypto.MAGIC):
        return data
    try:
        decoded = base64.b64decode(b"".join(data.split()), validate=True)
    except (binascii.Error, ValueError):
        return data
    return decoded if decoded.startswith(crypto.MAGIC) else data


def _document_digest(args):
    if args.document_sha256:
        try:
            digest = bytes.fromhex(args.document_sha256)
        except ValueError:
            digest = b""
        if len(digest) != 32:
            raise CliError(EXIT_USAGE, "--document-sha256 must be 64 hexadecimal characters")
        return digest
    return hashlib.sha256(_read(args.document, "document")).digest()


def _open(args):
    package = load_package_bytes(_read(args.package, "package"))
    digest = _document_digest(args)
    private_key = _load_key(args)
    try:
        plaintext = crypto.open_package(package, private_key, digest, args.field)
    except crypto.WrongKey as exc:
        raise CliError(EXIT_KEY, "refused: %s" % exc)
    except crypto.PackageError as exc:
        raise CliError(EXIT_REFUSED, "refused: %s" % exc)
    except ValueError as exc:
        raise CliError(EXIT_USAGE, str(exc))
    try:
        record = biometrics.BiometricRecord.parse(plaintext)
    except biometrics.RecordError as exc:
        raise CliError(EXIT_REFUSED, "refused: the decrypted content is not a biometric record (%s)" % exc)
    return package, digest, plaintext, record


def _load_key(args):
    pem = _read(args.key, "private key")
    try:
        return crypto.load_private_key(pem, _passphrase(args))
    except crypto.EscrowKeyError as exc:
        raise CliError(EXIT_KEY, str(exc))


def _signed_at(record):
    moment = datetime.datetime.utcfromtimestamp(record.signed_at_ms / 1000.0)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def cmd_genkey(args, out):
    if args.bits < crypto.MIN_RSA_BITS:
        raise CliError(EXIT_USAGE, "--bits must be at least %d" % crypto.MIN_RSA_BITS)
    for path in (args.private, args.public):
        if os.path.exists(path):
            raise CliError(EXIT_FILE, "%s exists already; refusing to overwrite a key" % path)
    passphrase = _passphrase(args, confirm=True)
    key = crypto.generate_private_key(args.bits)
    _write_private(args.private, crypto.private_key_pem(key, passphrase))
    _write_public(args.public, crypto.public_key_pem(key.public_key()))
    out.write("RSA-%d key pair written.\nkey id: %s\nprivate key (passphrase protected, keep offline): %s\n"
              "public key (install on the signing PCs): %s\n"
              % (args.bits, crypto.key_id(key.public_key()), args.private, args.public))


def cmd_info(args, out):
    try:
        parts = crypto.parse(load_package_bytes(_read(args.package, "package")))
    except crypto.PackageError as exc:
        raise CliError(EXIT_REFUSED, "refused: %s" % exc)
    out.write("format: version %d, RSA-OAEP-SHA256 + AES-256-GCM\nkey id: %s\ndocument sha256: %s\n"
              "field id: %s\nencrypted bytes: %d\n"
              % (parts.version, parts.key_id.hex(), parts.document_sha256.hex(), parts.field_id,
                 len(parts.ciphertext)))


def cmd_verify(args, out):
    package, digest, _plain, record = _open(args)
    out.write("OK: the package belongs to document %s, field %s, and is intact.\n"
              "key id: %s\npad: %s %s\nsigned at: %s\nsamples: %d in %d strokes\n"
              % (digest.hex(), args.field, crypto.parse(package).key_id.hex(), record.model_name, record.serial,
                 _signed_at(record), len(record.xs), len(record.strokes())))


def cmd_decrypt(args, out):
    _package, _digest, plaintext, record = _open(args)
    _write_private(args.out, plaintext)
    out.write("OK: biometric record (%d samples) written to %s\n" % (len(record.xs), args.out))


def cmd_show(args, out):
    _package, _digest, _plain, record = _open(args)
    speeds, accels = biometrics.derive_kinematics(record.xs, record.ys, record.times, record.flags,
                                                  record.units_per_mm)
    out.write("# pad=%s product_id=0x%04x serial=%s signed_at=%s time_source=%s report_rate=%d "
              "resolution=%d max_pressure=%d samples=%d\n"
              % (record.model_name, record.product_id, record.serial, _signed_at(record),
                 "pad" if record.device_time else "host", record.report_rate, record.resolution,
                 record.max_pressure, len(record.xs)))
    out.write("stroke,t_ms,x,y,pressure,speed_mm_s,accel_mm_s2\n")
    stroke = 0
    for i in range(len(record.xs)):
        if record.flags[i] & biometrics.SAMPLE_STROKE_START:
            stroke += 1
        out.write("%d,%d,%d,%d,%d,%.2f,%.1f\n" % (stroke, record.times[i], record.xs[i], record.ys[i],
                                                  record.pressures[i], speeds[i], accels[i]))


def build_parser():
    parser = argparse.ArgumentParser(prog="python -m signature_agent.escrow",
                                     description="Escrow authority tool for encrypted signature biometrics.")
    commands = parser.add_subparsers(dest="command")
    commands.required = True

    def passphrase_option(p):
        p.add_argument("--passphrase-file", help="file whose first line is the private key's passphrase "
                                                 "(else $%s, else a prompt)" % PASSPHRASE_ENV)

    genkey = commands.add_parser("genkey", help="generate the authority's RSA key pair")
    genkey.add_argument("--private", required=True, help="private key PEM to create (encrypted)")
    genkey.add_argument("--public", required=True, help="public key PEM to create")
    genkey.add_argument("--bits", type=int, default=3072, help="RSA modulus size, at least 3072")
    passphrase_option(genkey)
    genkey.set_defaults(func=cmd_genkey)

    info = commands.add_parser("info", help="print a package's header (no key needed)")
    info.add_argument("package")
    info.set_defaults(func=cmd_info)

    for name, func, text in (("verify", cmd_verify, "check that a package belongs to a document and is intact"),
                             ("decrypt", cmd_decrypt, "write the decrypted biometric record to a file"),
                             ("show", cmd_show, "print the biometric series as CSV")):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("--key", required=True, help="the authority's private key PEM")
        source = sub.add_mutually_exclusive_group(required=True)
        source.add_argument("--document", help="the signed document (its SHA-256 is computed)")
        source.add_argument("--document-sha256", help="the document's SHA-256 in hex")
        sub.add_argument("--field", required=True, help="signature field id")
        if name == "decrypt":
            sub.add_argument("--out", required=True, help="file to create for the clear record (mode 0600)")
        passphrase_option(sub)
        sub.add_argument("package", help="package file, raw or base64; - for standard input")
        sub.set_defaults(func=func)
    return parser


def main(argv=None, out=None, err=None):
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_USAGE if exc.code else EXIT_OK
    try:
        args.func(args, out)
    except CliError as exc:
        err.write("error: %s\n" % exc)
        return exc.code
    except KeyboardInterrupt:
        err.write("interrupted\n")
        return EXIT_USAGE
    except BrokenPipeError:
        # The reader (e.g. `| head`) stopped early; what it read is complete.
        return EXIT_OK
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
