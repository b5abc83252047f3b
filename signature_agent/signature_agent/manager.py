"""Runs captures one at a time and keeps their outcomes for the API to poll.

Pads come from a provider: :class:`UsbPadProvider` finds real pads on the USB
bus, :class:`VirtualPadProvider` hands out a virtual pad that replays a
recording (demo and test mode).
"""
import base64
import logging
import threading
import time
import uuid

from . import capture, device, quality, recordings, virtual
from .transport import PadError

_log = logging.getLogger(__name__)

VIRTUAL_FINISHES = ("sign", "cancel", "none", "unplug")


class Busy(Exception):
    pass


class NoPad(Exception):
    pass


class UnknownCapture(Exception):
    pass


class AlreadyFinished(Exception):
    def __init__(self, state):
        Exception.__init__(self, "the capture has already ended (%s)" % state)
        self.state = state


class UsbPadProvider(object):
    """Real pads on the USB bus (pyusb)."""

    virtual = False

    def __init__(self, backend=None, pad_factory=device.StuPad.open):
        self.backend = backend
        self.pad_factory = pad_factory

    def list(self):
        return device.discover(self.backend)

    def open(self, descriptor, options):
        return self.pad_factory(descriptor)


class HidapiPadProvider(object):
    """Real pads through the system HID stack with the ``hidapi`` package (the Windows route)."""

    virtual = False

    def list(self):
        from . import protocol, transport
        try:
            entries = transport.hidapi_enumerate(protocol.VENDOR_ID)
        except ImportError:
            _log.warning("the hidapi package is not installed: no HID pads can be found")
            return []
        found, seen = [], set()
        for entry in entries:
            model = protocol.MODELS.get(entry.get("product_id"))
            path = entry.get("path")
            if model is None or path in seen:
                continue
            seen.add(path)
            found.append(device.PadDescriptor(model, entry.get("serial_number") or "", False, path))
        return found

    def open(self, descriptor, options):
        from .transport import HidapiTransport
        from .protocol import VENDOR_ID
        transport = HidapiTransport(VENDOR_ID, descriptor.model.product_id, path=descriptor.handle)
        return device.StuPad(transport, descriptor.model, descriptor.serial)


class VirtualPadProvider(object):
    """One virtual pad; each capture replays ``recording`` then taps ``finish``."""

    virtual = True

    def __init__(self, model, recording="novak", finish="sign", speed=1.0, serial="VIRTUAL-0001"):
        if recording not in recordings.available():
            raise ValueError("unknown recording %r (available: %s)"
                             % (recording, ", ".join(recordings.available())))
        self.model = model
        self.recording = recording
        self.finish = finish
        self.speed = speed
        self.serial = serial

    def list(self):
        return [device.PadDescriptor(self.model, self.serial, True, None)]

    def open(self, descriptor, options):
        script = virtual.sign_with(options.get("virtual_recording") or self.recording,
                                   options.get("virtual_finish") or self.finish)
        return virtual.VirtualPad(self.model, self.serial, self.speed, script)


class CaptureRecord(object):
    def __init__(self, request):
        self.id = str(uuid.uuid4())
        self.request = request
        self.state = capture.WAITING
        self.outcome = None
        self.created = time.time()
        self.finished_at = None
        self.cancel_event = threading.Event()
        self.thread = None

    def to_json(self):
        body = {"capture_id": self.id, "state": self.state, "field_id": self.request.field_id,
                "document_sha256": self.request.document_sha256.hex()}
        outcome = self.outcome
        if outcome is None:
            return body
        if outcome.state == capture.DONE:
            result = dict(outcome.result)
            result["image_png"] = base64.b64encode(result["image_png"]).decode("ascii")
            result["package"] = base64.b64encode(result["package"]).decode("ascii")
            body["result"] = result
        elif outcome.state in (capture.REFUSED, capture.FAILED):
            error = {"code": outcome.error_code, "message": outcome.error_message}
            if outcome.reasons:
                error["reasons"] = list(outcome.reasons)
            body["error"] = error
        return body


class CaptureManager(object):
    def __init__(self, provider, escrow_key, thresholds=quality.DEFAULT_THRESHOLDS, timeout_s=300.0,
                 retain=100, retain_s=3600.0, poll_s=0.05):
        self.provider = provider
        self.escrow_key = escrow_key
        self.thresholds = thresholds
        self.timeout_s = timeout_s
        self.retain = retain
        self.retain_s = retain_s
        self.poll_s = poll_s
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._records = {}
        self._active = None

    def pads(self):
        return self.provider.list()

    def start(self, request, options=None):
        """Start a capture; raises :class:`Busy` or :class:`NoPad`."""
        options = options or {}
        with self._lock:
            if self._active is not None:
                raise Busy()
            descriptors = self.provider.list()
            if not descriptors:
                raise NoPad()
            try:
                pad = self.provider.open(descriptors[0], options)
            except PadError:
                _log.warning("opening the pad failed", exc_info=True)
                raise NoPad()
            record = CaptureRecord(request)
            self._forget_old()
            self._records[record.id] = record
            self._active = record
            record.thread = threading.Thread(target=self._run, args=(record, pad),
                                             name="capture-%s" % record.id[:8])
            record.thread.daemon = True
            record.thread.start()
        _log.info("capture %s started for field %s", record.id, request.field_id)
        return record

    def _run(self, record, pad):
        session = capture.CaptureSession(pad, record.request, self.escrow_key, self.thresholds,
                                         record.cancel_event, self.timeout_s, self.poll_s)
        try:
            outcome = session.run()
        except Exception:
            _log.exception("capture %s failed unexpectedly", record.id)
            outcome = capture.CaptureOutcome.failure(capture.FAILED, "internal_error", record.request.language)
        with self._changed:
            record.outcome = outcome
            record.state = outcome.state
            record.finished_at = time.time()
            if self._active is record:
                self._active = None
            self._changed.notify_all()

    def _forget_old(self):
        finished = sorted((r for r in self._records.values() if r.finished_at), key=lambda r: r.finished_at)
        limit = time.time() - self.retain_s
        for index, record in enumerate(finished):
            if record.finished_at < limit or len(finished) - index > self.retain:
                del self._records[record.id]

    def get(self, capture_id, wait_s=0.0):
        deadline = time.time() + wait_s
        with self._changed:
            record = self._records.get(capture_id)
            if record is None:
                raise UnknownCapture()
            while record.state == capture.WAITING:
                remaining = deadline - time.time()
                if remaining <= 0:
                    break
                self._changed.wait(remaining)
            return record.to_json()

    def cancel(self, capture_id, wait_s=5.0):
        with self._lock:
            record = self._records.get(capture_id)
            if record is None:
                raise UnknownCapture()
            if record.state not in (capture.WAITING, capture.CANCELLED):
                raise AlreadyFinished(record.state)
            record.cancel_event.set()
        if record.thread is not None:
            record.thread.join(wait_s)
        with self._lock:
            if record.state not in (capture.WAITING, capture.CANCELLED):
                raise AlreadyFinished(record.state)
            return record.to_json()

    def shutdown(self, wait_s=2.0):
        with self._lock:
            active = self._active
        if active is not None:
            active.cancel_event.set()
            if active.thread is not None:
                active.thread.join(wait_s)
