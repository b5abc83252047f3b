"""Quality rules a signature must meet before it is accepted (pure functions).

A signature is refused, with the message the signers know
("Podpis není platný. Podepište se znovu, prosím."), when

- it is narrower than ``min_width_cm`` (1 cm),
- it has fewer pen-down samples than ``min_pen_down_s`` seconds at the pad's
  report rate (0.5 s: 100 samples at 200 reports/s, 50 at 100/s),
- it has no pressure: fewer than ``min_pressure_fraction`` of the pen-down
  samples carry a non-zero pressure.

Widths are measured in pad units and converted with the pad's resolution
(units per inch; the STU pads have 2540, i.e. 1000 units per cm).
"""
import collections
import math

from . import messages

TOO_NARROW = "too_narrow"
TOO_FEW_SAMPLES = "too_few_samples"
NO_PRESSURE = "no_pressure"


class Thresholds(collections.namedtuple("Thresholds", "min_width_cm min_pen_down_s min_pressure_fraction")):
    __slots__ = ()


DEFAULT_THRESHOLDS = Thresholds(min_width_cm=1.0, min_pen_down_s=0.5, min_pressure_fraction=0.5)


class QualityResult(collections.namedtuple("QualityResult", "reasons width_cm pen_down_samples min_samples")):
    __slots__ = ()

    @property
    def ok(self):
        return not self.reasons

    def message(self, language):
        return None if self.ok else messages.message("signature_invalid", language)


def min_samples(report_rate, thresholds=DEFAULT_THRESHOLDS):
    """Pen-down samples needed at ``report_rate`` reports per second."""
    return int(math.ceil(thresholds.min_pen_down_s * report_rate - 1e-9))


def units_per_cm(resolution_per_inch):
    return resolution_per_inch / 2.54


def check(points, report_rate, resolution=2540, thresholds=DEFAULT_THRESHOLDS):
    """Check pen-down ``points`` (``(x, y, pressure)`` in pad units) against the rules."""
    needed = min_samples(report_rate, thresholds)
    count = len(points)
    reasons = []
    if count:
        xs = [p[0] for p in points]
        width_cm = (max(xs) - min(xs)) / units_per_cm(resolution)
        with_pressure = sum(1 for p in points if p[2] > 0)
    else:
        width_cm = 0.0
        with_pressure = 0
    if width_cm < thresholds.min_width_cm:
        reasons.append(TOO_NARROW)
    if count < needed:
        reasons.append(TOO_FEW_SAMPLES)
    if count == 0 or with_pressure < thresholds.min_pressure_fraction * count:
        reasons.append(NO_PRESSURE)
    return QualityResult(tuple(reasons), width_cm, count, needed)
