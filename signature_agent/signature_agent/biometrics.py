"""The biometric record: binary serialisation of a signature's time series.

The record only ever exists in memory on the signing PC: it is encrypted right
after capture (see :mod:`signature_agent.crypto`).  Format version 1, all
integers little-endian::

    offset size  field
    0      4     magic "LSBR"
    4      1     version (1)
    5      1     flags: bit 0 = timestamps from the pad's clock, else host clock
    6      2     USB product id of the pad
    8      2     max x        (pad units)
    10     2     max y        (pad units)
    12     2     max pressure (levels)
    14     2     resolution   (pad units per inch, 2540 = 1000 units per cm)
    16     2     report rate  (reports per second)
    18     8     signed at, milliseconds since 1970-01-01 UTC
    26     1     M, length of the model name, then M bytes ASCII
    ..     1     S, length of the pad serial, then S bytes UTF-8
    ..     4     N, number of samples
    ..     2N    x        u16 per sample (pad units, origin top-left)
    ..     2N    y        u16 per sample
    ..     2N    pressure u16 per sample
    ..     4N    t        u32 per sample, ms since the first sample
    ..     N     flags    u8 per sample: bit 0 = first sample of a stroke

Samples are the pen-down samples in time order (pen-up hover is not kept).
Speed and acceleration are not stored: they are derived on decryption by
:func:`derive_kinematics`, so the stored series holds only measured values.
"""
import array
import struct
import sys

MAGIC = b"LSBR"
VERSION = 1
FLAG_DEVICE_TIME = 0x01
SAMPLE_STROKE_START = 0x01

_HEADER = struct.Struct("<4sBBHHHHHHQ")
_COUNT = struct.Struct("<I")
_U32 = "I" if array.array("I").itemsize == 4 else "L"
_BIG_ENDIAN = sys.byteorder == "big"


class RecordError(ValueError):
    """The bytes are not a biometric record this version understands."""


def _column(typecode, values):
    column = array.array(typecode, values)
    if _BIG_ENDIAN:
        column.byteswap()
    return column.tobytes()


def _read_column(typecode, data, offset, count):
    column = array.array(typecode)
    end = offset + count * column.itemsize
    if end > len(data):
        raise RecordError("record truncated")
    column.frombytes(data[offset:end])
    if _BIG_ENDIAN:
        column.byteswap()
    return column, end


class BiometricRecord(object):
    def __init__(self, model_name, product_id, serial, max_x, max_y, max_pressure, resolution, report_rate,
                 device_time, signed_at_ms, xs, ys, pressures, times, flags):
        self.model_name = model_name
        self.product_id = product_id
        self.serial = serial
        self.max_x = max_x
        self.max_y = max_y
        self.max_pressure = max_pressure
        self.resolution = resolution
        self.report_rate = report_rate
        self.device_time = bool(device_time)
        self.signed_at_ms = signed_at_ms
        self.xs = xs
        self.ys = ys
        self.pressures = pressures
        self.times = times
        self.flags = flags

    def __repr__(self):
        # Deliberately without sample values: records must never end up in logs.
        return "<BiometricRecord %s, %d samples>" % (self.model_name, len(self.xs))

    @classmethod
    def from_strokes(cls, strokes, model_name, product_id, serial, capability, device_time, signed_at_ms):
        """Build a record from strokes of ``(x, y, pressure, t_ms)``.

        Times are re-based to the first sample and kept non-decreasing.
        """
        xs, ys, ps, ts, flags = [], [], [], [], []
        t0 = None
        previous = 0
        for stroke in strokes:
            first = True
            for x, y, p, t in stroke:
                if t0 is None:
                    t0 = t
                xs.append(x)
                ys.append(y)
                ps.append(p)
                previous = max(previous, t - t0)
                ts.append(previous)
                flags.append(SAMPLE_STROKE_START if first else 0)
                first = False
        return cls(model_name, product_id, serial, capability.max_x, capability.max_y, capability.max_pressure,
                   capability.resolution, capability.report_rate, device_time, signed_at_ms, xs, ys, ps, ts, flags)

    @property
    def units_per_mm(self):
        return self.resolution / 25.4

    def strokes(self):
        result = []
        for i in range(len(self.xs)):
            if self.flags[i] & SAMPLE_STROKE_START or not result:
                result.append([])
            result[-1].append((self.xs[i], self.ys[i], self.pressures[i], self.times[i]))
        return result

    def serialise(self):
        model = self.model_name.encode("ascii")[:255]
        serial = self.serial.encode("utf-8")[:255]
        head = _HEADER.pack(MAGIC, VERSION, FLAG_DEVICE_TIME if self.device_time else 0, self.product_id,
                            self.max_x, self.max_y, self.max_pressure, self.resolution, self.report_rate,
                            self.signed_at_ms)
        return b"".join((
            head, bytes([len(model)]), model, bytes([len(serial)]), serial, _COUNT.pack(len(self.xs)),
            _column("H", self.xs), _column("H", self.ys), _column("H", self.pressures),
            _column(_U32, self.times), _column("B", self.flags)))

    @classmethod
    def parse(cls, data):
        data = bytes(data)
        if len(data) < _HEADER.size or data[:4] != MAGIC:
            raise RecordError("not a biometric record")
        (_magic, version, flags, product_id, max_x, max_y, max_pressure, resolution, report_rate,
         signed_at_ms) = _HEADER.unpack_from(data)
        if version != VERSION:
            raise RecordError("biometric record version %d is not supported" % version)
        offset = _HEADER.size
        try:
            length = data[offset]
            model = data[offset + 1:offset + 1 + length].decode("ascii")
            offset += 1 + length
            length = data[offset]
            serial = data[offset + 1:offset + 1 + length].decode("utf-8")
            offset += 1 + length
            (count,) = _COUNT.unpack_from(data, offset)
        except (IndexError, UnicodeDecodeError, struct.error):
            raise RecordError("record header truncated or damaged")
        offset += _COUNT.size
        xs, offset = _read_column("H", data, offset, count)
        ys, offset = _read_column("H", data, offset, count)
        ps, offset = _read_column("H", data, offset, count)
        ts, offset = _read_column(_U32, data, offset, count)
        fl, offset = _read_column("B", data, offset, count)
        if offset != len(data):
            raise RecordError("trailing bytes after the samples")
        return cls(model, product_id, serial, max_x, max_y, max_pressure, resolution, report_rate,
                   flags & FLAG_DEVICE_TIME, signed_at_ms, xs, ys, ps, ts, fl)


def derive_kinematics(xs, ys, times, flags, units_per_mm):
    """Speed (mm/s) and acceleration (mm/s²) per sample.

    Both are 0 at the first sample of each stroke; acceleration is also 0 at a
    stroke's second sample (no previous speed).  Samples with the same
    timestamp as their predecessor repeat its values.
    """
    count = len(xs)
    speeds = [0.0] * count
    accels = [0.0] * count
    for i in range(1, count):
        if flags[i] & SAMPLE_STROKE_START:
            continue
        dt = times[i] - times[i - 1]
        if dt <= 0:
            speeds[i] = speeds[i - 1]
            accels[i] = accels[i - 1]
            continue
        dx = xs[i] - xs[i - 1]
        dy = ys[i] - ys[i - 1]
        speed = (dx * dx + dy * dy) ** 0.5 / units_per_mm * 1000.0 / dt
        speeds[i] = speed
        if not flags[i - 1] & SAMPLE_STROKE_START:
            accels[i] = (speed - speeds[i - 1]) * 1000.0 / dt
    return speeds, accels
