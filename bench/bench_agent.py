"""Benchmark of the signature agent's hot paths (not part of the test suite).

1. Pen data: decode and process 60 s of 0x34 reports at 200 reports/s (12,000
   reports, one per USB transfer as the pad sends them): decoding, button
   hit-tests, stroke assembly, then quality rules and kinematics on the whole
   series.  Prints the share of one CPU core that 200 reports/s need
   (target < 2 %).
2. Protection: serialise and encrypt a 30 s signature (6,000 samples at 200 Hz)
   with a 3072-bit escrow key (target < 50 ms).

Each part also measures a naive baseline in the same run and prints the ratio:
a decoder with the same interface that slices each report and unpacks it
with a format string into dict samples, against the precompiled
``struct.Struct`` decoder, and per-sample ``struct.pack``
serialisation against the array-based columns.

Run: ``python bench/bench_agent.py`` (from the repository root, with the agent installed).
"""
import hashlib
import math
import statistics
import struct
import sys
import time

from signature_agent import biometrics, crypto, protocol, quality, screen
from signature_agent.capture import StrokeAssembler

RATE = 200
SECONDS = 60
REPORTS = RATE * SECONDS
SIGN_SECONDS = 30
TARGET_CPU_SHARE = 2.0
TARGET_ENCRYPT_MS = 50.0


def make_reports(count):
    """A long signing session: loops in the signing box, a pen lift every 0.6 s."""
    model = protocol.MODELS[0x00A5]
    cap = model.capability
    reports = []
    for i in range(count):
        t = i * 5
        phase = i % 120
        down = phase < 110
        x = int(2500 + 3000 * (i % 1200) / 1200.0 + 300 * math.sin(i / 6.0))
        y = int(2600 + 500 * math.cos(i / 6.0))
        pressure = int(400 + 200 * math.sin(i / 20.0)) if down else 0
        reports.append(protocol.encode_pen_data_time_count(min(x, cap.max_x), y, pressure, t, i, sw=1 if down else 0))
    return reports


def process(reports, signing, cap):
    decoder = protocol.PenDataDecoder()
    assembler = StrokeAssembler(signing, cap)
    for packet in reports:
        for sample in decoder.decode(packet):
            assembler.feed(sample)
    points = assembler.pen_down_points()
    verdict = quality.check(points, cap.report_rate, cap.resolution)
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    ts = [p[3] for p in points]
    flags = []
    for stroke in assembler.strokes:
        flags.extend([1] + [0] * (len(stroke) - 1))
    biometrics.derive_kinematics(xs, ys, ts, flags, cap.resolution / 25.4)
    return verdict


class NaiveDecoder(object):
    """Baseline with the same interface and result: a slice and a format-string unpack per report, dict samples."""

    def __init__(self):
        self.last_count = None
        self.t = 0

    def decode(self, packet):
        packet = bytes(packet)
        samples = []
        offset = 0
        while offset < len(packet):
            if packet[offset] != 0x34:
                break
            b0, b1, x, y, count, seq = struct.unpack(">BBHHHH", packet[offset + 1:offset + 11])
            if self.last_count is not None:
                self.t += (count - self.last_count) & 0xFFFF
            self.last_count = count
            samples.append({"x": x, "y": y, "pressure": (b0 & 0x0F) << 8 | b1, "t": self.t, "sw": (b0 >> 4) & 7,
                            "rdy": b0 >> 7, "seq": seq})
            offset += 11
        return samples


def decode_naive(reports):
    decoder = NaiveDecoder()
    out = []
    for packet in reports:
        out.extend(decoder.decode(packet))
    return out


def decode_fast(reports):
    decoder = protocol.PenDataDecoder()
    out = []
    for packet in reports:
        out.extend(decoder.decode(packet))
    return out


def cpu(fn, *args, repeat=5):
    timings = []
    for _ in range(repeat):
        start = time.process_time()
        fn(*args)
        timings.append(time.process_time() - start)
    return min(timings)


def wall(fn, *args, repeat=30):
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(*args)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def signature_strokes(samples):
    strokes, stroke = [], []
    for i in range(samples):
        stroke.append((int(3000 + 2500 * math.sin(i / 37.0)), int(3000 + 800 * math.cos(i / 5.0)),
                       int(500 + 300 * math.sin(i / 11.0)), i * 5))
        if len(stroke) == 150:
            strokes.append(stroke)
            stroke = []
    if stroke:
        strokes.append(stroke)
    return strokes


def serialise_naive(record):
    """Baseline: one struct.pack per sample."""
    head = struct.pack("<4sBBHHHHHHQ", b"LSBR", 1, 1, record.product_id, record.max_x, record.max_y,
                       record.max_pressure, record.resolution, record.report_rate, record.signed_at_ms)
    parts = [head]
    for i in range(len(record.xs)):
        parts.append(struct.pack("<HHHIB", record.xs[i], record.ys[i], record.pressures[i], record.times[i],
                                 record.flags[i]))
    return b"".join(parts)


def main():
    model = protocol.MODELS[0x00A5]
    cap = model.capability
    signing = screen.draw_signing_screen(cap.screen_width, cap.screen_height, "Bench", "client", "en")
    reports = make_reports(REPORTS)

    print("Signature agent benchmark (Python %s)" % sys.version.split()[0])
    print()
    print("1. Pen data: %d reports = %d s at %d reports/s" % (REPORTS, SECONDS, RATE))
    processing = cpu(process, reports, signing, cap)
    share = processing / SECONDS * 100.0
    print("   decode + hit-test + strokes + quality + kinematics: %.1f ms CPU (%.2f us/report)"
          % (processing * 1000, processing / REPORTS * 1e6))
    print("   CPU share of one core at %d reports/s: %.3f %%  (target < %.0f %%)  %s"
          % (RATE, share, TARGET_CPU_SHARE, "OK" if share < TARGET_CPU_SHARE else "MISSED"))
    naive = cpu(decode_naive, reports)
    fast = cpu(decode_fast, reports)
    print("   decoding only: precompiled Struct decoder %.1f ms, naive slice+unpack+dict %.1f ms, "
          "ratio naive/fast %.2fx" % (fast * 1000, naive * 1000, naive / fast))

    print()
    print("2. Protection of a %d s signature (%d samples at %d Hz), RSA-3072 + AES-256-GCM"
          % (SIGN_SECONDS, SIGN_SECONDS * RATE, RATE))
    key = crypto.generate_private_key(3072)
    escrow_key = crypto.EscrowPublicKey(key.public_key())
    strokes = signature_strokes(SIGN_SECONDS * RATE)
    digest = hashlib.sha256(b"bench document").digest()

    def protect():
        record = biometrics.BiometricRecord.from_strokes(strokes, model.name, model.product_id, "SN", cap, True,
                                                         1700000000000)
        return crypto.seal(record.serialise(), escrow_key, digest, "client.1")

    package = protect()
    protect_ms = wall(protect) * 1000
    print("   build record + serialise + encrypt + wrap key: %.2f ms median  (target < %.0f ms)  %s"
          % (protect_ms, TARGET_ENCRYPT_MS, "OK" if protect_ms < TARGET_ENCRYPT_MS else "MISSED"))
    print("   package size: %d bytes" % len(package))
    record = biometrics.BiometricRecord.from_strokes(strokes, model.name, model.product_id, "SN", cap, True, 0)
    fast_ser = wall(record.serialise, repeat=50)
    naive_ser = wall(serialise_naive, record, repeat=50)
    print("   serialisation only: array columns %.3f ms, per-sample struct.pack %.3f ms, ratio naive/fast %.1fx"
          % (fast_ser * 1000, naive_ser * 1000, naive_ser / fast_ser))
    open_ms = wall(crypto.open_package, package, key, digest, "client.1", repeat=10) * 1000
    print("   escrow side, verify + decrypt (RSA private-key operation): %.2f ms median" % open_ms)

    ok = share < TARGET_CPU_SHARE and protect_ms < TARGET_ENCRYPT_MS
    print()
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
