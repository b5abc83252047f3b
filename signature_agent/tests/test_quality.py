"""Quality rules: each refusal, its exact messages, thresholds, and real SVC2004 signatures."""
import glob
import math
import os

import pytest

from signature_agent import messages, quality, recordings

CS_INVALID = "Podpis není platný. Podepište se znovu, prosím."
EN_INVALID = "The signature is not valid. Please sign again."
CS_NO_PAD = "Chyba při inicializaci Signpadu. Zkontrolujte připojení Signpadu k počítači."


def points_of(recording):
    return [s[:3] for s in recording.samples]


def line(width_units, count, pressure=500):
    return [(int(i * width_units / max(count - 1, 1)), 100, pressure) for i in range(count)]


def test_messages_are_the_seed_texts():
    assert messages.message("signature_invalid", "cs") == CS_INVALID
    assert messages.message("signature_invalid", "en") == EN_INVALID
    assert messages.message("no_pad", "cs") == CS_NO_PAD
    assert messages.message("no_pad", "en").startswith("Error initialising the Signpad")
    assert messages.message("signature_invalid", "de") == CS_INVALID  # unknown language: Czech


def test_good_signature_passes():
    verdict = quality.check(line(3000, 400), 200)
    assert verdict.ok and verdict.message("cs") is None
    assert verdict.width_cm == pytest.approx(3.0)


@pytest.mark.parametrize("language,text", [("cs", CS_INVALID), ("en", EN_INVALID)])
def test_too_narrow_is_refused_with_the_message(language, text):
    verdict = quality.check(line(999, 400), 200)
    assert verdict.reasons == (quality.TOO_NARROW,)
    assert verdict.message(language) == text


@pytest.mark.parametrize("language,text", [("cs", CS_INVALID), ("en", EN_INVALID)])
def test_too_few_samples_is_refused_with_the_message(language, text):
    verdict = quality.check(line(3000, 99), 200)
    assert verdict.reasons == (quality.TOO_FEW_SAMPLES,)
    assert verdict.message(language) == text
    assert quality.check(line(3000, 100), 200).ok


@pytest.mark.parametrize("language,text", [("cs", CS_INVALID), ("en", EN_INVALID)])
def test_no_pressure_is_refused_with_the_message(language, text):
    verdict = quality.check(line(3000, 400, pressure=0), 200)
    assert verdict.reasons == (quality.NO_PRESSURE,)
    assert verdict.message(language) == text


def test_empty_signature_fails_every_rule():
    assert quality.check([], 200).reasons == (quality.TOO_NARROW, quality.TOO_FEW_SAMPLES, quality.NO_PRESSURE)


def test_minimum_samples_scale_with_the_report_rate():
    assert quality.min_samples(200) == 100
    assert quality.min_samples(100) == 50
    assert quality.min_samples(133) == math.ceil(0.5 * 133)
    assert quality.check(line(3000, 50), 100).ok
    assert quality.check(line(3000, 49), 100).reasons == (quality.TOO_FEW_SAMPLES,)


def test_width_uses_the_pad_resolution():
    # 1000 units are 1 cm at 2540 units/inch but only 0.5 cm at 5080.
    assert quality.check(line(1000, 400), 200, resolution=2540).ok
    assert quality.check(line(1000, 400), 200, resolution=5080).reasons == (quality.TOO_NARROW,)


def test_thresholds_are_configurable():
    strict = quality.Thresholds(min_width_cm=4.0, min_pen_down_s=1.0, min_pressure_fraction=0.9)
    assert set(quality.check(line(3000, 150), 200, thresholds=strict).reasons) == {
        quality.TOO_NARROW, quality.TOO_FEW_SAMPLES}
    half_pressure = [(x, y, p if i % 2 else 0) for i, (x, y, p) in enumerate(line(5000, 400))]
    assert quality.check(half_pressure, 200).ok
    assert quality.check(half_pressure, 200, thresholds=strict).reasons == (quality.NO_PRESSURE,)


@pytest.mark.parametrize("name,reasons", [
    ("novak", ()), ("svobodova", ()), ("dvorak", ()),
    ("dot", (quality.TOO_NARROW, quality.TOO_FEW_SAMPLES)),
    ("scribble-5mm", (quality.TOO_NARROW,)),
    ("no-pressure", (quality.NO_PRESSURE,)),
    ("quick-stroke", (quality.TOO_FEW_SAMPLES,)),
])
def test_shipped_recordings(name, reasons):
    recording = recordings.load(name)
    assert quality.check(points_of(recording), recording.rate_hz).reasons == reasons


def test_scribble_is_about_5_mm_wide():
    assert 450 <= recordings.load("scribble-5mm").width <= 520


def genuine_files(svc_dir):
    files = sorted(glob.glob(os.path.join(svc_dir, "U*S[0-9].TXT")) + glob.glob(os.path.join(svc_dir, "U*S1[0-9].TXT"))
                   + glob.glob(os.path.join(svc_dir, "U*S20.TXT")))
    return [f for f in files if 1 <= int(os.path.basename(f).split("S")[1].split(".")[0]) <= 20]


def test_every_genuine_svc2004_signature_passes(svc_dir):
    files = genuine_files(svc_dir)
    assert len(files) == 30
    for path in files:
        recording = recordings.svc2004_recording(path)
        verdict = quality.check(points_of(recording), recording.rate_hz)
        assert verdict.ok, (os.path.basename(path), verdict)
        assert verdict.pen_down_samples >= 100


def test_svc2004_conversion_keeps_scale_and_time(svc_dir):
    path = os.path.join(svc_dir, "U1S1.TXT")
    rows = recordings.read_svc2004(path)
    recording = recordings.svc2004_recording(path)
    assert recording.width == max(r[0] for r in rows) - min(r[0] for r in rows)
    assert recording.duration_ms == rows[-1][2] - rows[0][2]
    # 100 Hz -> 200 Hz: about twice the samples, timestamps every 5 ms inside strokes.
    count = sum(len(s) for s in recording.strokes)
    assert 1.8 * len(rows) <= count <= 2 * len(rows)
    steps = {b[3] - a[3] for stroke in recording.strokes for a, b in zip(stroke, stroke[1:])}
    assert steps <= {0, 5, 6}
    assert len(recording.strokes) == sum(1 for r in rows if r[3] == 0)


def test_svc2004_signature_scaled_to_5_mm_is_refused(svc_dir):
    recording = recordings.svc2004_recording(os.path.join(svc_dir, "U1S1.TXT"))
    small = recording.transformed(scale=500.0 / recording.width)
    assert small.width == 500
    verdict = quality.check(points_of(small), small.rate_hz)
    assert verdict.reasons == (quality.TOO_NARROW,)
    assert verdict.message("cs") == CS_INVALID and verdict.message("en") == EN_INVALID
