"""Generate the synthetic recordings shipped in ``signature_agent/data``.

Run from the ``signature_agent`` directory: ``python tools/make_recordings.py``.
The output is deterministic (fixed seeds).  The cursive strokes are trochoids
(the loops of handwritten "e"/"l" chains) with a varying loop size, a slant, a
drifting baseline and a bell-shaped pressure profile, sampled at 200 Hz with
the pad's 5 ms time count.
"""
import json
import math
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, os.pardir, "signature_agent", "data")

RATE_HZ = 200
STEP_MS = 1000 // RATE_HZ


def cursive(rng, start_x, start_y, duration_ms, advance, loop_height, slant=0.25, t0=0,
            pressure=650, loop_rate=5.0):
    """One connected cursive stroke."""
    samples = []
    n = duration_ms // STEP_MS
    phase = rng.uniform(0, math.pi)
    size_wobble = [rng.uniform(0.6, 1.3) for _ in range(12)]
    for i in range(n + 1):
        f = i / float(n)
        t = i * STEP_MS / 1000.0
        w = 2 * math.pi * loop_rate * t + phase
        k = size_wobble[int(f * 11.999)]
        r = loop_height * 0.5 * k
        x = start_x + advance * f - 0.55 * r * math.sin(w)
        y = start_y - r * (1 - math.cos(w)) + 120 * math.sin(2 * math.pi * f * 0.8)
        x += slant * (start_y - y)
        envelope = math.sin(math.pi * min(1.0, f * 6)) if f < 1 / 6.0 else (
            math.sin(math.pi * min(1.0, (1 - f) * 6)) if f > 5 / 6.0 else 1.0)
        p = pressure * (0.55 + 0.45 * envelope) + 80 * math.sin(w * 0.5) + rng.gauss(0, 12)
        samples.append([int(round(x + rng.gauss(0, 3))), int(round(y + rng.gauss(0, 3))),
                        max(1, min(1023, int(p))), t0 + i * STEP_MS])
    return samples


def line(rng, x0, y0, x1, y1, duration_ms, t0, pressure=500, bow=0.0):
    n = max(2, duration_ms // STEP_MS)
    samples = []
    for i in range(n + 1):
        f = i / float(n)
        ease = 0.5 - 0.5 * math.cos(math.pi * f)
        x = x0 + (x1 - x0) * ease
        y = y0 + (y1 - y0) * ease + bow * math.sin(math.pi * f)
        p = pressure * (0.4 + 0.6 * math.sin(math.pi * f)) + rng.gauss(0, 10)
        samples.append([int(round(x)), int(round(y)), max(1, min(1023, int(p))), t0 + i * STEP_MS])
    return samples


def loop_capital(rng, cx, cy, radius, t0, duration_ms=450, pressure=600):
    """A capital-like oval with an entry tail, drawn in one stroke."""
    n = duration_ms // STEP_MS
    samples = []
    for i in range(n + 1):
        f = i / float(n)
        a = -math.pi / 2 + 2.3 * math.pi * f
        r = radius * (1 - 0.15 * f)
        x = cx + 0.7 * r * math.cos(a) + 0.3 * r * f
        y = cy + r * math.sin(a)
        p = pressure * (0.5 + 0.5 * math.sin(math.pi * f)) + rng.gauss(0, 10)
        samples.append([int(round(x)), int(round(y)), max(1, min(1023, int(p))), t0 + i * STEP_MS])
    return samples


def normalise(strokes):
    xs = [s[0] for st in strokes for s in st]
    ys = [s[1] for st in strokes for s in st]
    x0, y0 = min(xs), min(ys)
    return [[[s[0] - x0, s[1] - y0, s[2], s[3]] for s in st] for st in strokes]


def signature(seed, parts):
    rng = random.Random(seed)
    strokes, t = [], 0
    for kind, args in parts:
        if kind == "gap":
            t += args
            continue
        stroke = {"cursive": cursive, "line": line, "capital": loop_capital}[kind](rng, t0=t, **args)
        strokes.append(stroke)
        t = stroke[-1][3] + STEP_MS
    return normalise(strokes)


RECORDINGS = {
    "novak": ("Synthetic cursive signature, initial and surname with an accent, about 5.5 cm wide", lambda: signature(
        11, [("capital", dict(cx=800, cy=1500, radius=900)), ("gap", 180),
             ("cursive", dict(start_x=1500, start_y=2300, duration_ms=1500, advance=3900, loop_height=900)),
             ("gap", 220), ("line", dict(x0=3500, y0=800, x1=3750, y1=500, duration_ms=90))])),
    "svobodova": ("Synthetic cursive signature, long surname with underline, about 7 cm wide", lambda: signature(
        23, [("capital", dict(cx=700, cy=1400, radius=1000, duration_ms=520)), ("gap", 150),
             ("cursive", dict(start_x=1300, start_y=2400, duration_ms=2300, advance=5600, loop_height=800,
                              loop_rate=5.5)),
             ("gap", 260), ("line", dict(x0=400, y0=2900, x1=6600, y1=2700, duration_ms=420, bow=120))])),
    "dvorak": ("Synthetic compact signature in two strokes, about 4.5 cm wide", lambda: signature(
        37, [("cursive", dict(start_x=200, start_y=2000, duration_ms=900, advance=2000, loop_height=1300,
                              slant=0.35, loop_rate=4.0)), ("gap", 200),
             ("cursive", dict(start_x=2300, start_y=2100, duration_ms=1100, advance=2300, loop_height=700,
                              loop_rate=6.0))])),
    "dot": ("Degenerate: a single tap of the pen", lambda: [[[0, 0, 420, 0], [2, 1, 510, 5], [3, 1, 480, 10],
                                                            [3, 2, 300, 15]]]),
    "scribble-5mm": ("Degenerate: a 1.5 s scribble only 5 mm wide", lambda: [
        [[int(250 + 240 * math.sin(i * 0.9)), int(250 + 200 * math.cos(i * 0.53)),
          500 + (i * 37) % 200, i * STEP_MS] for i in range(300)]]),
    "no-pressure": ("Degenerate: a full-size signature from a pen reporting no pressure", lambda: [
        [[s[0], s[1], 0, s[3]] for s in stroke] for stroke in signature(
            11, [("capital", dict(cx=800, cy=1500, radius=900)), ("gap", 180),
                 ("cursive", dict(start_x=1500, start_y=2300, duration_ms=1500, advance=3900,
                                  loop_height=900))])]),
    "quick-stroke": ("Degenerate: a wide but hasty 0.3 s flourish (too few samples)", lambda: signature(
        5, [("line", dict(x0=0, y0=400, x1=4000, y1=0, duration_ms=300, bow=-300))])),
}


def main():
    for name, (description, build) in sorted(RECORDINGS.items()):
        payload = {"name": name, "description": description, "units_per_cm": 1000, "rate_hz": RATE_HZ,
                   "strokes": build()}
        path = os.path.join(OUT, name + ".json")
        with open(path, "w") as handle:
            handle.write(json.dumps(payload, separators=(",", ":")) + "\n")
        count = sum(len(stroke) for stroke in payload["strokes"])
        sys.stdout.write("%-14s %4d samples  %s\n" % (name, count, path))


if __name__ == "__main__":
    main()
