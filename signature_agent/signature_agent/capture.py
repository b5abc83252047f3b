"""One signature capture on a pad: screen, pen input, buttons, quality, protection.

The session draws the signing screen, reads pen reports, treats a touch that
starts on an on-screen button as a button press (acted on when the pen lifts)
and everything else as ink.  Clear discards the ink and redraws the screen,
Cancel ends the capture, Sign checks the quality rules and, when they pass,
serialises and encrypts the biometric series at once: what leaves the session
is only the encrypted package and the PNG of the signature.
"""
import collections
import datetime
import logging
import threading
import time

from . import biometrics, crypto, messages, quality, screen as screen_mod, signature_image
from .protocol import ENCODING_MONO
from .transport import PadDisconnected, PadError

_log = logging.getLogger(__name__)

DONE = "done"
REFUSED = "refused"
CANCELLED = "cancelled"
FAILED = "failed"
WAITING = "waiting"


class CaptureRequest(collections.namedtuple(
        "CaptureRequest", "document_sha256 field_id signer_name signer_role language")):
    """What to sign: document digest (32 bytes), field id, who signs, in which language."""

    __slots__ = ()


class CaptureOutcome(collections.namedtuple("CaptureOutcome", "state result error_code error_message reasons")):
    __slots__ = ()

    @classmethod
    def failure(cls, state, code, language, message_code=None, reasons=()):
        return cls(state, None, code, messages.message(message_code or code, language), tuple(reasons))


def iso_utc(timestamp):
    return datetime.datetime.utcfromtimestamp(timestamp).strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z"


class StrokeAssembler(object):
    """Turns pen samples into strokes and button presses, in screen terms."""

    def __init__(self, screen, capability):
        self.screen = screen
        self._sx = screen.width / float(capability.max_x or 1)
        self._sy = screen.height / float(capability.max_y or 1)
        self.strokes = []
        self._down = False
        self._pressed = None
        self._last = (0.0, 0.0)

    def reset(self):
        self.strokes = []
        self._down = False
        self._pressed = None

    def pen_down_points(self):
        return [sample for stroke in self.strokes for sample in stroke]

    def feed(self, sample):
        """Take one sample; return the name of a button released on, else None."""
        if sample.sw & 1:
            position = (sample.x * self._sx, sample.y * self._sy)
            if not self._down:
                self._down = True
                self._pressed = self.screen.button_at(*position)
                if self._pressed is None:
                    self.strokes.append([])
            self._last = position
            if self._pressed is None:
                self.strokes[-1].append((sample.x, sample.y, sample.pressure, sample.t))
            return None
        if self._down:
            self._down = False
            pressed, self._pressed = self._pressed, None
            if pressed is not None and self.screen.button_at(*self._last) == pressed:
                return pressed
        return None


class CaptureSession(object):
    def __init__(self, pad, request, escrow_key, thresholds=quality.DEFAULT_THRESHOLDS, cancel_event=None,
                 timeout_s=300.0, poll_s=0.05, clock=time.monotonic, wall_clock=time.time):
        self.pad = pad
        self.request = request
        self.escrow_key = escrow_key
        self.thresholds = thresholds
        self.cancel_event = cancel_event or threading.Event()
        self.timeout_s = timeout_s
        self.poll_s = poll_s
        self._clock = clock
        self._wall_clock = wall_clock
        self.screen = None
        self.capability = None
        self.state = WAITING
        self._keep_screen = False

    # --- pad handling ------------------------------------------------------------

    def _prepare(self):
        self.pad.information()
        self.capability = self.pad.capability()
        colour = self.pad.model.encoding != ENCODING_MONO
        self.screen = screen_mod.draw_signing_screen(
            self.capability.screen_width, self.capability.screen_height, self.request.signer_name,
            self.request.signer_role, self.request.language, colour=colour)
        self._show_signing_screen()
        self.pad.start_pen_data()

    def _show_signing_screen(self):
        self.pad.set_inking(False)
        self.pad.clear_screen()
        self.pad.show_screen(self.screen)
        self.pad.set_inking(True)

    def _show_refusal(self, text):
        cap = self.capability
        self.pad.set_inking(False)
        self.pad.show_image(screen_mod.draw_message_screen(cap.screen_width, cap.screen_height, text,
                                                           colour=self.pad.model.encoding != ENCODING_MONO))
        self._keep_screen = True

    def _finish_pad(self):
        try:
            self.pad.set_inking(False)
            if not self._keep_screen:
                self.pad.clear_screen()
        except PadError:
            _log.debug("resetting the pad screen failed", exc_info=True)
        try:
            self.pad.close()
        except PadError:
            _log.debug("closing the pad failed", exc_info=True)

    # --- the capture -----------------------------------------------------------

    def run(self):
        language = self.request.language
        try:
            try:
                self._prepare()
            except PadError:
                _log.warning("pad initialisation failed", exc_info=True)
                return self._end(CaptureOutcome.failure(FAILED, "pad_init_failed", language, "no_pad"))
            return self._end(self._loop())
        except PadDisconnected:
            _log.warning("the pad was disconnected during a capture")
            return self._end(CaptureOutcome.failure(FAILED, "pad_disconnected", language, "no_pad"))
        except PadError:
            _log.warning("pad error during a capture", exc_info=True)
            return self._end(CaptureOutcome.failure(FAILED, "pad_error", language, "no_pad"))
        finally:
            self._finish_pad()

    def _end(self, outcome):
        self.state = outcome.state
        _log.info("capture of field %s ended: %s%s", self.request.field_id, outcome.state,
                  " (%s)" % ", ".join(outcome.reasons) if outcome.reasons else "")
        return outcome

    def _loop(self):
        language = self.request.language
        assembler = StrokeAssembler(self.screen, self.capability)
        deadline = self._clock() + self.timeout_s
        while True:
            if self.cancel_event.is_set():
                return CaptureOutcome.failure(CANCELLED, "cancelled", language)
            if self._clock() > deadline:
                return CaptureOutcome.failure(FAILED, "timeout", language)
            for sample in self.pad.read_samples(self.poll_s):
                action = assembler.feed(sample)
                if action is None:
                    continue
                if action == "cancel":
                    return CaptureOutcome.failure(CANCELLED, "cancelled", language)
                if action == "clear":
                    assembler.reset()
                    self._show_signing_screen()
                elif action == "sign":
                    return self._accept(assembler.strokes)

    def _accept(self, strokes):
        """Check quality; protect the series at once; return the outcome."""
        cap = self.capability
        language = self.request.language
        points = [sample for stroke in strokes for sample in stroke]
        verdict = quality.check(points, cap.report_rate, cap.resolution, self.thresholds)
        if not verdict.ok:
            text = messages.message("signature_invalid", language)
            self._show_refusal(text)
            return CaptureOutcome(REFUSED, None, "signature_invalid", text, verdict.reasons)
        signed_at = self._wall_clock()
        record = biometrics.BiometricRecord.from_strokes(
            strokes, self.pad.model.name, self.pad.model.product_id, self.pad.serial or "", cap,
            self.pad.device_time, int(signed_at * 1000))
        package = crypto.seal(record.serialise(), self.escrow_key, self.request.document_sha256,
                              self.request.field_id)
        del record, points
        image = signature_image.render_png([[s[:3] for s in stroke] for stroke in strokes],
                                           units_per_mm=cap.resolution / 25.4, max_pressure=cap.max_pressure)
        result = {
            "image_png": image,
            "package": package,
            "key_id": self.escrow_key.key_id,
            "document_sha256": self.request.document_sha256.hex(),
            "field_id": self.request.field_id,
            "pad_model": self.pad.model.name,
            "pad_serial": self.pad.serial or "",
            "signed_at": iso_utc(signed_at),
        }
        return CaptureOutcome(DONE, result, None, None, ())
