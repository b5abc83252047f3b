"""Capture sessions on the virtual pad: buttons, refusals, protection, no leaks."""
import hashlib
import logging
import os
import threading

import pytest

from signature_agent import biometrics, capture, crypto, protocol, quality, recordings, virtual
from signature_agent.capture import StrokeAssembler

DOC = hashlib.sha256(b"%PDF-1.4 offer 2024-0001").digest()
MODELS = sorted(protocol.MODELS.values())


def request(language="cs", field_id="client.1"):
    return capture.CaptureRequest(DOC, field_id, "Jana Dvořáková", "client", language)


def run(script, escrow_key, model=None, language="cs", **kwargs):
    pad = virtual.VirtualPad(model=model, speed=0, script=script)
    kwargs.setdefault("poll_s", 0.001)
    kwargs.setdefault("timeout_s", 10)
    session = capture.CaptureSession(pad, request(language), escrow_key, **kwargs)
    return session.run(), pad


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.name)
def test_signature_is_captured_on_every_model(model, escrow_key, escrow_private_key):
    outcome, pad = run(virtual.sign_with("novak"), escrow_key, model)
    assert outcome.state == capture.DONE, outcome
    result = outcome.result
    assert result["pad_model"] == model.name and result["key_id"] == escrow_key.key_id
    assert result["document_sha256"] == DOC.hex() and result["field_id"] == "client.1"
    assert result["image_png"].startswith(b"\x89PNG")
    record = biometrics.BiometricRecord.parse(crypto.open_package(result["package"], escrow_private_key, DOC,
                                                                  "client.1"))
    original = recordings.load("novak")
    assert len(record.xs) == sum(len(s) for s in original.strokes)
    assert len(record.strokes()) == len(original.strokes)
    assert record.device_time == model.time_count
    assert record.model_name == model.name and record.report_rate == 200
    assert pad.transport.closed and not pad.transport.inking
    # The pad showed the signing screen in its own encoding before any pen input.
    assert any(image is not None for image in pad.transport.images)


def test_device_timestamps_keep_the_recorded_rhythm(escrow_key, escrow_private_key):
    outcome, _ = run(virtual.sign_with("dvorak"), escrow_key, protocol.MODELS[0x00A5])
    record = biometrics.BiometricRecord.parse(crypto.open_package(outcome.result["package"], escrow_private_key,
                                                                  DOC, "client.1"))
    original = recordings.load("dvorak")
    expected = [t - original.strokes[0][0][3] for _x, _y, _p, t in original.samples]
    assert list(record.times) == expected


@pytest.mark.parametrize("name,reasons", [
    ("dot", ("too_narrow", "too_few_samples")),
    ("scribble-5mm", ("too_narrow",)),
    ("no-pressure", ("no_pressure",)),
    ("quick-stroke", ("too_few_samples",)),
])
@pytest.mark.parametrize("language,text", [("cs", "Podpis není platný. Podepište se znovu, prosím."),
                                           ("en", "The signature is not valid. Please sign again.")])
def test_refusals_carry_the_message(name, reasons, language, text, escrow_key):
    outcome, pad = run(virtual.sign_with(name), escrow_key, language=language)
    assert outcome.state == capture.REFUSED
    assert outcome.error_code == "signature_invalid"
    assert outcome.error_message == text
    assert outcome.reasons == reasons
    assert outcome.result is None
    # The refusal is shown on the pad and left there for the signer to read.
    assert pad.transport.images[-1] is not None


def test_sign_on_an_empty_pad_is_refused(escrow_key):
    outcome, _ = run([virtual.tap("sign")], escrow_key)
    assert outcome.state == capture.REFUSED


def test_cancel_button(escrow_key):
    outcome, _ = run(virtual.sign_with("novak", finish="cancel"), escrow_key, language="en")
    assert outcome.state == capture.CANCELLED and outcome.error_message == "Signing was cancelled."


def test_clear_button_restarts_the_field(escrow_key, escrow_private_key):
    script = [virtual.strokes("dot"), virtual.tap("clear"), virtual.strokes("svobodova"), virtual.tap("sign")]
    outcome, pad = run(script, escrow_key)
    assert outcome.state == capture.DONE
    record = biometrics.BiometricRecord.parse(crypto.open_package(outcome.result["package"], escrow_private_key,
                                                                  DOC, "client.1"))
    assert len(record.xs) == sum(len(s) for s in recordings.load("svobodova").strokes)
    uploads = [image for image in pad.transport.images if image is not None]
    assert len(uploads) == 2, "Clear redraws the signing screen"


def test_clear_then_sign_without_ink_is_refused(escrow_key):
    outcome, _ = run([virtual.strokes("novak"), virtual.tap("clear"), virtual.tap("sign")], escrow_key)
    assert outcome.state == capture.REFUSED


def test_unplug_during_capture_fails_with_the_init_message(escrow_key):
    outcome, _ = run(virtual.sign_with("novak", finish="unplug"), escrow_key)
    assert outcome.state == capture.FAILED and outcome.error_code == "pad_disconnected"
    assert outcome.error_message == "Chyba při inicializaci Signpadu. Zkontrolujte připojení Signpadu k počítači."


def test_pad_that_fails_at_start_reports_init_error(escrow_key):
    pad = virtual.VirtualPad(speed=0)
    pad.transport.disconnected = True
    outcome = capture.CaptureSession(pad, request("en"), escrow_key).run()
    assert outcome.state == capture.FAILED and outcome.error_code == "pad_init_failed"
    assert outcome.error_message.startswith("Error initialising the Signpad")


def test_cancel_event_stops_a_waiting_capture(escrow_key):
    pad = virtual.VirtualPad(speed=0, script=[virtual.strokes("novak")])
    cancel = threading.Event()
    session = capture.CaptureSession(pad, request(), escrow_key, cancel_event=cancel, poll_s=0.01)
    worker = threading.Thread(target=lambda: setattr(session, "outcome", session.run()))
    worker.start()
    cancel.set()
    worker.join(5)
    assert session.outcome.state == capture.CANCELLED


def test_timeout(escrow_key):
    outcome, _ = run([virtual.strokes("dot")], escrow_key, timeout_s=0.05, poll_s=0.01)
    assert outcome.state == capture.FAILED and outcome.error_code == "timeout"


def test_touch_starting_on_a_button_is_not_ink(escrow_key):
    pad = virtual.VirtualPad(speed=0)
    cap = pad.capability()
    from signature_agent import screen
    signing = screen.draw_signing_screen(cap.screen_width, cap.screen_height, "A", "client", "en")
    assembler = StrokeAssembler(signing, cap)
    sx, sy = signing.buttons["clear"].centre
    bx, by = int(sx * cap.max_x / cap.screen_width), int(sy * cap.max_y / cap.screen_height)
    down = protocol.PenSample(bx, by, 300, 0, 1, 1, -1)
    up = protocol.PenSample(bx, by, 0, 5, 0, 1, -1)
    assert assembler.feed(down) is None and assembler.strokes == []
    assert assembler.feed(up) == "clear"
    # Pressing a button, sliding off and lifting elsewhere does nothing.
    far = protocol.PenSample(100, 100, 300, 10, 1, 1, -1)
    assert assembler.feed(down) is None and assembler.feed(far) is None
    assert assembler.feed(protocol.PenSample(100, 100, 0, 15, 0, 1, -1)) is None


def test_kinematics_speed_and_acceleration():
    # 100 units per mm: 1 mm per 10 ms = 100 mm/s, then 2 mm per 10 ms = 200 mm/s.
    xs, ys = [0, 100, 300, 5000, 5000], [0, 0, 0, 0, 0]
    times = [0, 10, 20, 100, 100]
    flags = [1, 0, 0, 1, 0]
    speeds, accels = biometrics.derive_kinematics(xs, ys, times, flags, units_per_mm=100.0)
    assert speeds == [0.0, pytest.approx(100.0), pytest.approx(200.0), 0.0, 0.0]
    assert accels == [0.0, 0.0, pytest.approx(10000.0), 0.0, 0.0]


def test_biometric_record_round_trip():
    cap = protocol.MODELS[0x00A5].capability
    strokes = [[(10, 20, 300, 1000), (11, 22, 310, 1005)], [(400, 20, 0, 1100)]]
    record = biometrics.BiometricRecord.from_strokes(strokes, "STU-530", 0xA5, "SN1", cap, True, 1700000000123)
    data = record.serialise()
    assert data[:4] == b"LSBR" and data[4] == 1 and data[5] == 1
    parsed = biometrics.BiometricRecord.parse(data)
    assert parsed.strokes() == [[(10, 20, 300, 0), (11, 22, 310, 5)], [(400, 20, 0, 100)]]
    assert (parsed.model_name, parsed.product_id, parsed.serial, parsed.signed_at_ms) == (
        "STU-530", 0xA5, "SN1", 1700000000123)
    assert (parsed.max_x, parsed.max_y, parsed.resolution, parsed.report_rate) == (10800, 6480, 2540, 200)
    assert len(data) == 26 + 1 + 7 + 1 + 3 + 4 + 3 * 11
    for broken in (data[:-1], data + b"\0", b"XXXX" + data[4:], data[:4] + b"\x02" + data[5:]):
        with pytest.raises(biometrics.RecordError):
            biometrics.BiometricRecord.parse(broken)
    assert "300" not in repr(record)


def test_no_biometric_values_reach_logs_or_disk(escrow_key, caplog, tmp_path, monkeypatch):
    monkeypatch.chdir(str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    caplog.set_level(logging.DEBUG)
    outcome, _ = run(virtual.sign_with("svobodova"), escrow_key)
    assert outcome.state == capture.DONE
    original = recordings.load("svobodova")
    # Distinctive runs of the series as any logging or dump would print them.
    xs = [s[0] for s in original.samples]
    needles = [", ".join(str(x) for x in xs[i:i + 3]) for i in range(0, len(xs) - 3, 25)]
    needles += ["%d %d %d" % s[:3] for s in list(original.samples)[::40]]
    needles += ["(%d, %d, %d" % s[:3] for s in list(original.samples)[::40]]
    log_text = "\n".join(r.getMessage() for r in caplog.records)
    assert caplog.records, "the capture logs its outcome"
    for needle in needles:
        assert needle not in log_text
    written = [os.path.join(d, f) for d, _dirs, files in os.walk(str(tmp_path)) for f in files]
    assert written == [], "a capture writes nothing to disk"
    assert "svobodova" not in repr(outcome.result)  # the result holds sealed data only
    assert set(outcome.result) == {"image_png", "package", "key_id", "document_sha256", "field_id", "pad_model",
                                   "pad_serial", "signed_at"}


def test_thresholds_reach_the_session(escrow_key):
    strict = quality.Thresholds(min_width_cm=8.0, min_pen_down_s=0.5, min_pressure_fraction=0.5)
    outcome, _ = run(virtual.sign_with("novak"), escrow_key, thresholds=strict)
    assert outcome.state == capture.REFUSED and outcome.reasons == ("too_narrow",)


def test_signed_at_is_iso_utc():
    assert capture.iso_utc(0) == "1970-01-01T00:00:00.000Z"
    assert capture.iso_utc(1700000000.5) == "2023-11-14T22:13:20.500Z"


@pytest.mark.parametrize("name", ["U1S1", "U5S2", "U9S3"])
def test_svc2004_signature_replayed_on_the_virtual_pad(name, svc_dir, escrow_key, escrow_private_key):
    recording = recordings.svc2004_recording(os.path.join(svc_dir, name + ".TXT"))
    outcome, _ = run([virtual.strokes(recording), virtual.tap("sign")], escrow_key, protocol.MODELS[0x00A5])
    assert outcome.state == capture.DONE, outcome
    record = biometrics.BiometricRecord.parse(crypto.open_package(outcome.result["package"], escrow_private_key,
                                                                  DOC, "client.1"))
    assert len(record.xs) == sum(len(s) for s in recording.strokes)
    assert record.times[-1] == recording.duration_ms  # the tablet's own timing survives the replay


def test_svc2004_signature_shrunk_to_5_mm_is_refused_on_the_pad(svc_dir, escrow_key):
    recording = recordings.svc2004_recording(os.path.join(svc_dir, "U2S1.TXT"))
    small = recording.transformed(scale=500.0 / recording.width)
    outcome, _ = run([virtual.strokes(small), virtual.tap("sign")], escrow_key, language="en")
    assert outcome.state == capture.REFUSED and outcome.reasons == ("too_narrow",)
    assert outcome.error_message == "The signature is not valid. Please sign again."


def test_record_times_never_run_backwards():
    cap = protocol.MODELS[0x00A5].capability
    record = biometrics.BiometricRecord.from_strokes([[(1, 1, 1, 100), (2, 2, 2, 90), (3, 3, 3, 110)]],
                                                     "STU-530", 0xA5, "", cap, False, 0)
    assert list(record.times) == [0, 0, 10]
    assert biometrics.BiometricRecord.parse(record.serialise()).times.tolist() == [0, 0, 10]
