"""Escrow CLI: genkey -> verify/decrypt/show, and every refusal with its exit code."""
import base64
import hashlib
import io
import os
import stat
import subprocess
import sys

import pytest

from signature_agent import biometrics, capture, crypto, escrow, virtual

FIELD = "client.1"


def read(path):
    with open(path, "rb") as handle:
        return handle.read()


def cli(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = escrow.main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def authority(tmp_path_factory):
    """A key pair made by the CLI, a signed PDF and a package captured on the virtual pad."""
    root = tmp_path_factory.mktemp("escrow")
    passphrase = root / "passphrase.txt"
    passphrase.write_text("correct horse battery staple\n")
    private, public = root / "escrow_private.pem", root / "escrow_public.pem"
    code, out, err = cli("genkey", "--private", str(private), "--public", str(public),
                         "--passphrase-file", str(passphrase))
    assert code == 0, err
    pdf = root / "offer.pdf"
    pdf.write_bytes(b"%PDF-1.4\n% offer 2024-0042\n%%EOF\n")
    escrow_key = crypto.EscrowPublicKey.from_file(str(public))
    request = capture.CaptureRequest(hashlib.sha256(pdf.read_bytes()).digest(), FIELD, "Jan Novák", "client", "cs")
    pad = virtual.VirtualPad(speed=0, script=virtual.sign_with("novak"))
    outcome = capture.CaptureSession(pad, request, escrow_key, poll_s=0.001).run()
    assert outcome.state == capture.DONE
    package = root / "package.bin"
    package.write_bytes(outcome.result["package"])
    return {"root": root, "private": str(private), "public": str(public), "pass": str(passphrase),
            "pdf": str(pdf), "package": str(package), "out": out, "key_id": escrow_key.key_id}


def key_args(a):
    return ["--key", a["private"], "--passphrase-file", a["pass"]]


def test_genkey_writes_a_protected_private_key_and_a_public_key(authority):
    private_pem = read(authority["private"])
    assert b"ENCRYPTED PRIVATE KEY" in private_pem
    assert stat.S_IMODE(os.stat(authority["private"]).st_mode) == 0o600
    assert read(authority["public"]).startswith(b"-----BEGIN PUBLIC KEY-----")
    assert "key id: %s" % authority["key_id"] in authority["out"]
    assert "correct horse" not in authority["out"]


def test_genkey_refuses_short_keys_and_overwriting(authority, tmp_path):
    code, _, err = cli("genkey", "--private", str(tmp_path / "a"), "--public", str(tmp_path / "b"),
                       "--bits", "2048", "--passphrase-file", authority["pass"])
    assert code == escrow.EXIT_USAGE and "3072" in err
    code, _, err = cli("genkey", "--private", authority["private"], "--public", str(tmp_path / "c"),
                       "--passphrase-file", authority["pass"])
    assert code == escrow.EXIT_FILE and "refusing to overwrite" in err


def test_verify_ok(authority):
    code, out, err = cli("verify", *key_args(authority), "--document", authority["pdf"], "--field", FIELD,
                         authority["package"])
    assert code == 0, err
    assert out.startswith("OK:") and "samples: 411 in 3 strokes" in out and "STU-530" in out


def test_verify_with_the_hash_and_a_base64_package(authority, tmp_path):
    b64 = tmp_path / "package.b64"
    b64.write_bytes(base64.b64encode(read(authority["package"])))
    digest = hashlib.sha256(read(authority["pdf"])).hexdigest()
    code, out, _ = cli("verify", *key_args(authority), "--document-sha256", digest, "--field", FIELD, str(b64))
    assert code == 0 and out.startswith("OK:")


def test_show_prints_the_series_as_csv(authority):
    code, out, _ = cli("show", *key_args(authority), "--document", authority["pdf"], "--field", FIELD,
                       authority["package"])
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("# pad=STU-530") and "time_source=pad" in lines[0]
    assert lines[1] == "stroke,t_ms,x,y,pressure,speed_mm_s,accel_mm_s2"
    rows = [line.split(",") for line in lines[2:]]
    assert len(rows) == 411 and rows[0][:2] == ["1", "0"] and rows[-1][0] == "3"
    assert all(len(row) == 7 for row in rows)
    assert max(float(row[5]) for row in rows) > 10  # the pen moved


def test_decrypt_writes_the_record_with_mode_0600(authority, tmp_path):
    target = tmp_path / "record.bin"
    code, out, _ = cli("decrypt", *key_args(authority), "--document", authority["pdf"], "--field", FIELD,
                       "--out", str(target), authority["package"])
    assert code == 0 and "411 samples" in out
    assert stat.S_IMODE(os.stat(str(target)).st_mode) == 0o600
    assert len(biometrics.BiometricRecord.parse(target.read_bytes()).xs) == 411


def test_info_needs_no_key(authority):
    code, out, _ = cli("info", authority["package"])
    assert code == 0 and authority["key_id"] in out and "field id: client.1" in out


def test_another_document_is_refused(authority, tmp_path):
    other = tmp_path / "other.pdf"
    other.write_bytes(read(authority["pdf"]) + b" ")
    code, out, err = cli("verify", *key_args(authority), "--document", str(other), "--field", FIELD,
                         authority["package"])
    assert code == escrow.EXIT_REFUSED and out == ""
    assert "another document" in err


def test_another_field_is_refused(authority):
    code, _, err = cli("show", *key_args(authority), "--document", authority["pdf"], "--field", "insured.1",
                       authority["package"])
    assert code == escrow.EXIT_REFUSED and "signature field" in err


@pytest.mark.parametrize("where", ["header", "wrapped_key", "ciphertext", "last"])
def test_one_altered_byte_is_refused(authority, tmp_path, where):
    data = bytearray(read(authority["package"]))
    offset = {"header": 5, "wrapped_key": 100, "ciphertext": len(data) - 200, "last": len(data) - 1}[where]
    data[offset] ^= 0x40
    altered = tmp_path / "altered.bin"
    altered.write_bytes(bytes(data))
    code, out, err = cli("verify", *key_args(authority), "--document", authority["pdf"], "--field", FIELD,
                         str(altered))
    assert code == escrow.EXIT_REFUSED and out == "" and err.startswith("error: refused:")


def test_wrong_passphrase_is_a_key_error(authority, tmp_path):
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not it\n")
    code, _, err = cli("verify", "--key", authority["private"], "--passphrase-file", str(wrong), "--document",
                       authority["pdf"], "--field", FIELD, authority["package"])
    assert code == escrow.EXIT_KEY and "passphrase" in err


def test_passphrase_from_the_environment(authority, monkeypatch):
    monkeypatch.setenv(escrow.PASSPHRASE_ENV, "correct horse battery staple")
    code, out, _ = cli("verify", "--key", authority["private"], "--document", authority["pdf"], "--field", FIELD,
                       authority["package"])
    assert code == 0 and out.startswith("OK:")


def test_missing_files_and_bad_usage(authority):
    code, _, err = cli("verify", *key_args(authority), "--document", "/nonexistent.pdf", "--field", FIELD,
                       authority["package"])
    assert code == escrow.EXIT_FILE and "/nonexistent.pdf" in err
    assert cli("verify", *key_args(authority), "--field", FIELD, authority["package"])[0] == escrow.EXIT_USAGE
    assert cli("frobnicate")[0] == escrow.EXIT_USAGE
    code, _, err = cli("verify", *key_args(authority), "--document-sha256", "abc", "--field", FIELD,
                       authority["package"])
    assert code == escrow.EXIT_USAGE


def test_module_entry_point_round_trip(authority, tmp_path):
    """``python -m signature_agent.escrow`` as the authority runs it: genkey, then show a package."""
    env = dict(os.environ, SIGNATURE_ESCROW_PASSPHRASE="s3cret passphrase")
    private, public = str(tmp_path / "k.pem"), str(tmp_path / "k.pub.pem")
    run = subprocess.run([sys.executable, "-m", "signature_agent.escrow", "genkey", "--private", private,
                          "--public", public], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         stdin=subprocess.DEVNULL, timeout=60)
    assert run.returncode == 0, run.stderr
    digest = hashlib.sha256(b"doc").digest()
    record = biometrics.BiometricRecord.from_strokes(
        [[(1, 2, 3, 0), (4, 5, 6, 5)]], "STU-430", 0xA4, "", virtual.protocol.MODELS[0xA4].capability, False, 0)
    package = tmp_path / "p.bin"
    package.write_bytes(crypto.seal(record.serialise(), crypto.EscrowPublicKey.from_file(public), digest, "f"))
    run = subprocess.run([sys.executable, "-m", "signature_agent.escrow", "show", "--key", private,
                          "--document-sha256", digest.hex(), "--field", "f", str(package)], env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.decode().splitlines()[2:] == ["1,0,1,2,3,0.00,0.0", "1,5,4,5,6,8.49,0.0"]
    run = subprocess.run([sys.executable, "-m", "signature_agent.escrow", "verify", "--key", private,
                          "--document-sha256", hashlib.sha256(b"other").hexdigest(), "--field", "f", str(package)],
                         env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                         timeout=60)
    assert run.returncode == escrow.EXIT_REFUSED
    assert b"another document" in run.stderr
