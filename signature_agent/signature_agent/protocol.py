"""Wacom STU HID protocol: models, feature reports and pen-data decoding.

Everything here is pure byte handling, shared by the USB device, the virtual
pad and the tests.  Multi-byte values in the information, capability and pen
reports are big-endian; the status word and the image block length are
little-endian, as the pads send them.
"""
import collections
import struct
import time

VENDOR_ID = 0x056A

# Feature / input report ids.
REPORT_PEN_DATA = 0x01
REPORT_STATUS = 0x03
REPORT_INFORMATION = 0x08
REPORT_CAPABILITY = 0x09
REPORT_CLEAR_SCREEN = 0x20
REPORT_INKING_MODE = 0x21
REPORT_START_IMAGE = 0x25
REPORT_IMAGE_BLOCK = 0x26
REPORT_END_IMAGE = 0x27
REPORT_PEN_DATA_OPTION = 0x30
REPORT_PEN_DATA_OPTION_MODE = 0x32
REPORT_PEN_DATA_TIME_COUNT = 0x34

# Sizes of the reports including the report id byte.
FEATURE_SIZES = {
    REPORT_STATUS: 5,
    REPORT_INFORMATION: 17,
    REPORT_CAPABILITY: 17,
    REPORT_CLEAR_SCREEN: 2,
    REPORT_INKING_MODE: 2,
    REPORT_START_IMAGE: 2,
    REPORT_IMAGE_BLOCK: 256,
    REPORT_END_IMAGE: 2,
    REPORT_PEN_DATA_OPTION_MODE: 2,
}
PEN_REPORT_SIZES = {
    REPORT_PEN_DATA: 7,
    REPORT_PEN_DATA_OPTION: 9,
    REPORT_PEN_DATA_TIME_COUNT: 11,
}

# Payload bytes carried by one image-data block report (256 = id + u16 length + 253).
IMAGE_BLOCK_PAYLOAD = 253

# Status codes of report 0x03.
STATUS_READY = 0x00
STATUS_IMAGE = 0x01
STATUS_CAPTURE = 0x02
STATUS_CALCULATION = 0x03
STATUS_IMAGE_BOOT = 0x04
STATUS_ROM_BUSY = 0x05
STATUS_SYSTEM_RESET = 0xFF

# Pen-data option modes (report 0x32).
PEN_OPTION_NONE = 0
PEN_OPTION_TIME_COUNT = 1
PEN_OPTION_SEQUENCE = 2
PEN_OPTION_TIME_COUNT_SEQUENCE = 3

# Image encodings (report 0x25 argument) and their bits per pixel.
ENCODING_MONO = 0x00
ENCODING_RGB565 = 0x02
ENCODING_RGB24 = 0x04
BITS_PER_PIXEL = {ENCODING_MONO: 1, ENCODING_RGB565: 16, ENCODING_RGB24: 24}

END_IMAGE_COMMIT = 0x00

Capability = collections.namedtuple(
    "Capability",
    "max_x max_y max_pressure screen_width screen_height report_rate resolution encoding_flag")
Information = collections.namedtuple(
    "Information", "model_name firmware_major firmware_minor secure_ic secure_ic_version")
Status = collections.namedtuple("Status", "status_code last_result status_word")


class PadModel(collections.namedtuple(
        "PadModel", "product_id name encoding time_count capability")):
    """A supported STU model and the nominal capability it reports."""

    @property
    def product_id_hex(self):
        return "0x%04x" % self.product_id

    @property
    def bits_per_pixel(self):
        return BITS_PER_PIXEL[self.encoding]


def _cap(max_x, max_y, width, height, flag):
    return Capability(max_x, max_y, 1023, width, height, 200, 2540, flag)


MODELS = {
    0x00A1: PadModel(0x00A1, "STU-500", ENCODING_MONO, False, _cap(10240, 7680, 640, 480, 0x03)),
    0x00A2: PadModel(0x00A2, "STU-300", ENCODING_MONO, False, _cap(9920, 2480, 396, 100, 0x03)),
    0x00A3: PadModel(0x00A3, "STU-520A", ENCODING_RGB565, False, _cap(10300, 6200, 800, 480, 0x07)),
    0x00A4: PadModel(0x00A4, "STU-430", ENCODING_MONO, True, _cap(9600, 6000, 320, 200, 0x03)),
    0x00A5: PadModel(0x00A5, "STU-530", ENCODING_RGB565, True, _cap(10800, 6480, 800, 480, 0x0F)),
    0x00A6: PadModel(0x00A6, "STU-430V", ENCODING_MONO, True, _cap(9600, 6000, 320, 200, 0x03)),
    0x00A8: PadModel(0x00A8, "STU-540", ENCODING_RGB24, True, _cap(10800, 6480, 800, 480, 0x0F)),
}
MODELS_BY_NAME = {model.name: model for model in MODELS.values()}


def model_by_name(name):
    try:
        return MODELS_BY_NAME[name.upper()]
    except KeyError:
        raise ValueError("unknown pad model %r (known: %s)" % (name, ", ".join(sorted(MODELS_BY_NAME))))


# --- feature reports -------------------------------------------------------

_CAPABILITY = struct.Struct(">HHHHHBHB")
_STATUS = struct.Struct("<BBH")


def _check(report, report_id):
    expected = FEATURE_SIZES[report_id]
    if len(report) < expected or report[0] != report_id:
        raise ValueError("report 0x%02x: expected %d bytes starting with the id, got %d bytes"
                         % (report_id, expected, len(report)))


def decode_information(report):
    _check(report, REPORT_INFORMATION)
    name = bytes(report[1:10]).split(b"\0", 1)[0].decode("ascii", "replace").strip()
    return Information(name, report[10], report[11], report[12], tuple(report[13:17]))


def encode_information(info):
    name = info.model_name.encode("ascii")[:9].ljust(9, b"\0")
    return (bytes([REPORT_INFORMATION]) + name
            + bytes([info.firmware_major, info.firmware_minor, info.secure_ic])
            + bytes(info.secure_ic_version))


def decode_capability(report):
    _check(report, REPORT_CAPABILITY)
    return Capability(*_CAPABILITY.unpack_from(bytes(report), 1))


def encode_capability(cap):
    return bytes([REPORT_CAPABILITY]) + _CAPABILITY.pack(*cap) + b"\0\0"


def decode_status(report):
    _check(report, REPORT_STATUS)
    return Status(*_STATUS.unpack_from(bytes(report), 1))


def encode_status(status):
    return bytes([REPORT_STATUS]) + _STATUS.pack(*status)


def clear_screen_report():
    return bytes([REPORT_CLEAR_SCREEN, 0])


def inking_mode_report(on):
    return bytes([REPORT_INKING_MODE, 1 if on else 0])


def pen_data_option_mode_report(mode):
    return bytes([REPORT_PEN_DATA_OPTION_MODE, mode])


def start_image_report(encoding):
    return bytes([REPORT_START_IMAGE, encoding])


def end_image_report():
    return bytes([REPORT_END_IMAGE, END_IMAGE_COMMIT])


def image_block_reports(data, block_size=IMAGE_BLOCK_PAYLOAD):
    """Split encoded image bytes into 0x26 reports (u16 little-endian length, zero padded)."""
    report_size = FEATURE_SIZES[REPORT_IMAGE_BLOCK]
    for offset in range(0, len(data), block_size):
        chunk = data[offset:offset + block_size]
        report = bytes([REPORT_IMAGE_BLOCK, len(chunk) & 0xFF, len(chunk) >> 8]) + chunk
        yield report.ljust(report_size, b"\0")


def decode_image_block(report):
    _check(report, REPORT_IMAGE_BLOCK)
    length = report[1] | report[2] << 8
    if length > len(report) - 3:
        raise ValueError("image block length %d exceeds the report" % length)
    return bytes(report[3:3 + length])


# --- pen data ---------------------------------------------------------------

class PenSample(collections.namedtuple("PenSample", "x y pressure t sw rdy seq")):
    """One decoded pen report: pad units, pressure level, time in ms, switch bits.

    ``t`` counts milliseconds from the decoder's start, from the pad's own time
    count when the report carries one and from the host clock otherwise.
    ``seq`` is the pad's report sequence number, or -1 when it has none.
    """

    __slots__ = ()

    @property
    def down(self):
        """The pen tip touches the surface (tip switch, bit 4 of byte 0)."""
        return bool(self.sw & 1)


_PEN = struct.Struct(">BBHH")
_PEN_OPTION = struct.Struct(">BBHHH")
_PEN_TIME = struct.Struct(">BBHHHH")


def encode_pen_data(x, y, pressure, sw=1, rdy=True):
    b0 = (0x80 if rdy else 0) | ((sw & 0x07) << 4) | ((pressure >> 8) & 0x0F)
    return bytes([REPORT_PEN_DATA]) + _PEN.pack(b0, pressure & 0xFF, x, y)


def encode_pen_data_time_count(x, y, pressure, time_count, sequence, sw=1, rdy=True):
    b0 = (0x80 if rdy else 0) | ((sw & 0x07) << 4) | ((pressure >> 8) & 0x0F)
    return (bytes([REPORT_PEN_DATA_TIME_COUNT])
            + _PEN_TIME.pack(b0, pressure & 0xFF, x, y, time_count & 0xFFFF, sequence & 0xFFFF))


class PenDataDecoder(object):
    """Turns raw interrupt-IN packets into :class:`PenSample` lists.

    Reports 0x01 and 0x30 carry no usable time: they are stamped with the host
    clock (milliseconds, strictly increasing).  Report 0x34 carries the pad's
    1 ms time count, a 16-bit counter that wraps every 65.536 s; it is unwrapped
    into a monotonic time line.  A packet may hold several reports back to back.
    """

    def __init__(self, clock=time.monotonic):
        self._clock = clock
        self._host_origin = None
        self._last_host_t = -1
        self._last_count = None
        self._device_t = 0
        self.dropped_reports = 0
        self._last_seq = None
        self.unknown_reports = 0

    def _host_time(self):
        now = self._clock()
        if self._host_origin is None:
            self._host_origin = now
        t = int(round((now - self._host_origin) * 1000.0))
        floor = max(self._last_host_t, self._device_t if self._last_count is not None else -1)
        if t <= floor:
            t = floor + 1
        self._last_host_t = t
        return t

    def decode(self, packet):
        """Decode one interrupt-IN transfer (one or more reports) into samples."""
        if not isinstance(packet, bytes):
            packet = bytes(packet)
        samples = []
        offset = 0
        end = len(packet)
        while offset < end:
            report_id = packet[offset]
            if report_id == REPORT_PEN_DATA_TIME_COUNT and offset + 11 <= end:
                b0, b1, x, y, count, seq = _unpack_time(packet, offset + 1)
                # 16-bit time count, unwrapped; the first report is t = 0.
                if self._last_count is not None:
                    self._device_t += (count - self._last_count) & 0xFFFF
                elif self._last_host_t >= 0:
                    # Host-timed reports came first (sent before the mode switch): continue their time line.
                    self._device_t = self._last_host_t + 1
                self._last_count = count
                t = self._device_t
                last_seq = self._last_seq
                if last_seq is not None:
                    gap = (seq - last_seq - 1) & 0xFFFF
                    if gap and gap < 0x8000:
                        self.dropped_reports += gap
                self._last_seq = seq
                offset += 11
            elif report_id == REPORT_PEN_DATA and offset + 7 <= end:
                b0, b1, x, y = _unpack_pen(packet, offset + 1)
                t = self._host_time()
                seq = -1
                offset += 7
            elif report_id == REPORT_PEN_DATA_OPTION and offset + 9 <= end:
                b0, b1, x, y, _option = _unpack_option(packet, offset + 1)
                t = self._host_time()
                seq = -1
                offset += 9
            else:
                self.unknown_reports += 1
                break
            samples.append(_new_tuple(PenSample, (x, y, (b0 & 0x0F) << 8 | b1, t, (b0 >> 4) & 0x07, b0 >> 7, seq)))
        return samples


_unpack_time = _PEN_TIME.unpack_from
_unpack_pen = _PEN.unpack_from
_unpack_option = _PEN_OPTION.unpack_from
_new_tuple = tuple.__new__
