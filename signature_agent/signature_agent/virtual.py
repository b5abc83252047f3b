"""A virtual STU pad that replays recorded strokes, for tests and demos.

:class:`VirtualPad` is a :class:`~signature_agent.device.StuPad` on top of a
:class:`VirtualTransport` that behaves like the device: it answers the
information, capability and status reports, checks image uploads (encoding
and size), and produces interrupt-IN pen reports (0x34 with a 1 ms time count
when the time-count mode is switched on, 0x01 otherwise).  The same decoder
and capture code therefore run as with a real pad.

What the "pen" does is a script of steps:

- :func:`strokes` - replay a recording, placed centred in the signing box
  (shrunk if it does not fit) with hover reports between strokes,
- :func:`tap` - touch one of the on-screen buttons ("sign", "clear", "cancel"),
- :func:`pause` - nothing for a while, :func:`unplug` - the cable is pulled.
"""
import collections
import threading
import time

from . import protocol, recordings, screen as screen_mod
from .device import StuPad
from .transport import PadDisconnected, PadError

Step = collections.namedtuple("Step", "kind arg")

HOVER_GAP_MS = 5
TAP_PRESSURE = 380


def strokes(recording):
    if isinstance(recording, str):
        recording = recordings.load(recording)
    return Step("strokes", recording)


def tap(button):
    if button not in screen_mod.BUTTONS:
        raise ValueError("unknown button %r" % button)
    return Step("tap", button)


def pause(ms):
    return Step("pause", ms)


def unplug():
    return Step("unplug", None)


def sign_with(recording, finish="sign"):
    """The usual script: the recording, a short pause, then ``finish``.

    ``finish`` is a button name, ``"none"`` (the pen stops, the capture keeps
    waiting) or ``"unplug"``.
    """
    steps = [strokes(recording), pause(300)]
    if finish == "unplug":
        steps.append(unplug())
    elif finish != "none":
        steps.append(tap(finish))
    return steps


class VirtualTransport(object):
    def __init__(self, model, speed=1.0, clock=time.monotonic, serial=""):
        self.model = model
        self.capability = model.capability
        self.speed = speed
        self._clock = clock
        self.serial = serial
        self.status_code = protocol.STATUS_READY
        self.inking = False
        self.pen_option = protocol.PEN_OPTION_NONE
        self.images = []
        self._image = None
        self.screen = None
        self._steps = []
        self._timeline = collections.deque()
        self._start = None
        self._t_ms = 0
        self._seq = 0
        self.disconnected = False
        self.closed = False
        self._wake = threading.Event()

    # --- feature reports ---------------------------------------------------

    def _check_connected(self):
        if self.disconnected:
            raise PadDisconnected("the virtual pad was unplugged")

    def get_feature(self, report_id, length):
        self._check_connected()
        if report_id == protocol.REPORT_INFORMATION:
            info = protocol.Information(self.model.name, 2, 4, 0, (0, 0, 0, 0))
            return protocol.encode_information(info)
        if report_id == protocol.REPORT_CAPABILITY:
            return protocol.encode_capability(self.capability)
        if report_id == protocol.REPORT_STATUS:
            return protocol.encode_status(protocol.Status(self.status_code, 0, 0))
        raise PadError("report 0x%02x is not readable" % report_id)

    def set_feature(self, report):
        self._check_connected()
        report_id = report[0]
        if report_id == protocol.REPORT_CLEAR_SCREEN:
            self.images.append(None)
        elif report_id == protocol.REPORT_INKING_MODE:
            self.inking = bool(report[1])
        elif report_id == protocol.REPORT_PEN_DATA_OPTION_MODE:
            if not self.model.time_count:
                raise PadError("the %s does not support report 0x32" % self.model.name)
            self.pen_option = report[1]
        elif report_id == protocol.REPORT_START_IMAGE:
            if report[1] != self.model.encoding:
                raise PadError("the %s cannot take image encoding 0x%02x" % (self.model.name, report[1]))
            self.status_code = protocol.STATUS_IMAGE
            self._image = bytearray()
        elif report_id == protocol.REPORT_IMAGE_BLOCK:
            if self._image is None:
                raise PadError("image block outside an image transfer")
            self._image += protocol.decode_image_block(report)
        elif report_id == protocol.REPORT_END_IMAGE:
            expected = screen_mod.encoded_size(self.capability.screen_width, self.capability.screen_height,
                                               self.model.encoding)
            if self._image is None or len(self._image) != expected:
                raise PadError("image of %d bytes, the screen needs %d"
                               % (len(self._image or b""), expected))
            self.images.append(bytes(self._image))
            self._image = None
            self.status_code = protocol.STATUS_READY
        else:
            raise PadError("report 0x%02x is not writable" % report_id)

    # --- the pen -------------------------------------------------------------

    def load_script(self, steps):
        self._steps.extend(steps)
        self._wake.set()

    def _to_pad(self, sx, sy):
        cap = self.capability
        return (int(sx * cap.max_x / float(cap.screen_width)), int(sy * cap.max_y / float(cap.screen_height)))

    def _emit(self, x, y, pressure, sw, t_ms):
        self._timeline.append((t_ms, (x, y, pressure, sw)))

    def _place(self, recording):
        cap = self.capability
        if self.screen is not None:
            area = self.screen.sign_area
        else:
            area = screen_mod.Rect(0, 0, cap.screen_width, cap.screen_height)
        left, top = self._to_pad(area.x0, area.y0)
        right, bottom = self._to_pad(area.x1, area.y1)
        margin = 150
        room_w, room_h = right - left - 2 * margin, bottom - top - 2 * margin
        scale = min(1.0, room_w / float(max(recording.width, 1)), room_h / float(max(recording.height, 1)))
        dx = left + margin + int((room_w - recording.width * scale) / 2)
        dy = top + margin + int((room_h - recording.height * scale) / 2)
        return recording.transformed(scale, dx, dy)

    def _expand(self, step):
        t = self._t_ms
        if step.kind == "pause":
            self._t_ms += step.arg
        elif step.kind == "unplug":
            self._timeline.append((t, "unplug"))
        elif step.kind == "tap":
            rect = self.screen.buttons[step.arg]
            x, y = self._to_pad(*rect.centre)
            self._emit(x, y, 0, 0, t)
            for k in range(1, 7):
                self._emit(x + k, y, TAP_PRESSURE, 1, t + 5 * k)
            self._emit(x + 6, y, 0, 0, t + 40)
            self._t_ms = t + 45
        elif step.kind == "strokes":
            placed = self._place(step.arg)
            base = t - placed.strokes[0][0][3] + 20
            previous = None
            for stroke in placed.strokes:
                first = stroke[0]
                if previous is not None:
                    # Hover reports while the pen travels to the next stroke.
                    t0, t1 = previous[3] + base, first[3] + base
                    steps = max(1, (t1 - t0) // HOVER_GAP_MS)
                    for k in range(1, steps):
                        f = k / float(steps)
                        self._emit(int(previous[0] + (first[0] - previous[0]) * f),
                                   int(previous[1] + (first[1] - previous[1]) * f), 0, 0, t0 + k * HOVER_GAP_MS)
                else:
                    self._emit(first[0], first[1], 0, 0, first[3] + base - 10)
                # A pen that reports no pressure still closes its tip switch.
                for x, y, p, ts in stroke:
                    self._emit(x, y, p, 1, ts + base)
                previous = stroke[-1]
            self._emit(previous[0], previous[1], 0, 0, previous[3] + base + 5)
            self._t_ms = previous[3] + base + 10

    def _report(self, x, y, pressure, sw, t_ms):
        if self.pen_option == protocol.PEN_OPTION_TIME_COUNT_SEQUENCE:
            self._seq += 1
            return protocol.encode_pen_data_time_count(x, y, pressure, t_ms, self._seq, sw=sw)
        return protocol.encode_pen_data(x, y, pressure, sw=sw)

    def read_input(self, size, timeout_ms):
        self._check_connected()
        if self._start is None:
            self._start = self._clock()
        deadline = self._clock() + timeout_ms / 1000.0
        while True:
            while not self._timeline and self._steps:
                self._expand(self._steps.pop(0))
            if self._timeline:
                t_ms, event = self._timeline[0]
                due = self._start + (t_ms / 1000.0 / self.speed if self.speed else 0.0)
                now = self._clock()
                if due <= now:
                    self._timeline.popleft()
                    if event == "unplug":
                        self.disconnected = True
                        self._check_connected()
                    return self._report(event[0], event[1], event[2], event[3], t_ms)
                wait = min(due, deadline) - now
            else:
                wait = deadline - self._clock()
            if wait <= 0:
                return b""
            self._wake.wait(wait)
            self._wake.clear()

    def close(self):
        self.closed = True


class VirtualPad(StuPad):
    """A pad that replays a script; ``speed`` 1.0 is real time, 0 as fast as possible."""

    virtual = True

    def __init__(self, model=None, serial="VIRTUAL-0001", speed=1.0, script=None, clock=time.monotonic):
        model = model or protocol.MODELS[0x00A5]
        transport = VirtualTransport(model, speed, clock, serial)
        StuPad.__init__(self, transport, model, serial, clock)
        self.status_poll_s = 0.0
        if script:
            transport.load_script(script)

    def load_script(self, steps):
        self.transport.load_script(steps)

    def show_screen(self, screen):
        self.transport.screen = screen
        StuPad.show_screen(self, screen)
