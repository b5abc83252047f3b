"""STU pads over USB: discovery and the :class:`StuPad` device object.

Every pad object (USB or virtual) offers the same small interface, which is all
the capture session uses:

- ``model`` (:class:`~signature_agent.protocol.PadModel`), ``serial``, ``virtual``
- ``information()``, ``capability()``
- ``clear_screen()``, ``set_inking(on)``, ``show_screen(screen)``, ``show_image(image)``
- ``start_pen_data()`` then ``read_samples(timeout_s)`` -> list of PenSample
- ``close()``
"""
import collections
import logging
import time

from . import protocol, screen as screen_mod
from .transport import PadDisconnected, PadError, PyUsbTransport  # noqa: F401  (re-exported)

_log = logging.getLogger(__name__)

PadDescriptor = collections.namedtuple("PadDescriptor", "model serial virtual handle")


def pad_json(descriptor):
    return {
        "model": descriptor.model.name,
        "product_id": descriptor.model.product_id_hex,
        "serial": descriptor.serial or "",
        "virtual": bool(descriptor.virtual),
    }


def _usb_serial(device):
    try:
        return device.serial_number or ""
    except Exception:  # no permission to read string descriptors, or the pad has none
        return ""


def discover(backend=None):
    """Supported STU pads currently on the USB bus, as :class:`PadDescriptor` objects."""
    try:
        import usb.core
    except ImportError:
        _log.warning("pyusb is not installed: no USB pads can be found")
        return []
    try:
        devices = list(usb.core.find(find_all=True, idVendor=protocol.VENDOR_ID, backend=backend))
    except usb.core.NoBackendError:
        _log.warning("no libusb backend is available: no USB pads can be found")
        return []
    except usb.core.USBError as exc:
        _log.warning("listing USB devices failed: %s", exc)
        return []
    found = []
    for device in devices:
        model = protocol.MODELS.get(device.idProduct)
        if model is not None:
            found.append(PadDescriptor(model, _usb_serial(device), False, device))
    return found


class StuPad(object):
    """An STU pad reached through a transport (see :mod:`signature_agent.transport`)."""

    virtual = False
    read_size = 64
    status_poll_s = 0.005

    def __init__(self, transport, model, serial="", clock=time.monotonic):
        self.transport = transport
        self.model = model
        self.serial = serial
        self._clock = clock
        self._capability = None
        self.decoder = protocol.PenDataDecoder(clock)
        self.device_time = False

    @classmethod
    def open(cls, descriptor, interface=0):
        """Open a pad found by :func:`discover`."""
        return cls(PyUsbTransport(descriptor.handle, interface), descriptor.model, descriptor.serial)

    # --- feature reports ---------------------------------------------------

    def _get(self, report_id):
        return self.transport.get_feature(report_id, protocol.FEATURE_SIZES[report_id])

    def information(self):
        return protocol.decode_information(self._get(protocol.REPORT_INFORMATION))

    def capability(self):
        if self._capability is None:
            self._capability = protocol.decode_capability(self._get(protocol.REPORT_CAPABILITY))
        return self._capability

    def status(self):
        return protocol.decode_status(self._get(protocol.REPORT_STATUS))

    def wait_status(self, codes, timeout_s=2.0):
        deadline = self._clock() + timeout_s
        while True:
            status = self.status()
            if status.status_code in codes:
                return status
            if self._clock() > deadline:
                raise PadError("the pad stays in status 0x%02x" % status.status_code)
            time.sleep(self.status_poll_s)

    def clear_screen(self):
        self.wait_status((protocol.STATUS_READY,))
        self.transport.set_feature(protocol.clear_screen_report())

    def set_inking(self, on):
        self.transport.set_feature(protocol.inking_mode_report(on))

    def show_image(self, image):
        """Encode ``image`` the way the model needs and upload it in 0x26 blocks."""
        capability = self.capability()
        if image.size != (capability.screen_width, capability.screen_height):
            image = image.resize((capability.screen_width, capability.screen_height))
        data = screen_mod.encode_for_model(image, self.model.encoding)
        self.wait_status((protocol.STATUS_READY,))
        self.transport.set_feature(protocol.start_image_report(self.model.encoding))
        self.wait_status((protocol.STATUS_IMAGE,))
        for report in protocol.image_block_reports(data):
            self.transport.set_feature(report)
        self.transport.set_feature(protocol.end_image_report())
        self.wait_status((protocol.STATUS_READY,), timeout_s=5.0)

    def show_screen(self, screen):
        self.show_image(screen.image)

    # --- pen data ------------------------------------------------------------

    def start_pen_data(self):
        """Reset the decoder and ask for time-stamped reports (0x34) where the model has them."""
        self.decoder = protocol.PenDataDecoder(self._clock)
        self.device_time = False
        if self.model.time_count:
            try:
                self.transport.set_feature(
                    protocol.pen_data_option_mode_report(protocol.PEN_OPTION_TIME_COUNT_SEQUENCE))
                self.device_time = True
            except PadDisconnected:
                raise
            except PadError:
                _log.info("%s refused the time-count mode; host timestamps are used", self.model.name)

    def read_samples(self, timeout_s):
        packet = self.transport.read_input(self.read_size, max(1, int(timeout_s * 1000)))
        if not packet:
            return []
        return self.decoder.decode(packet)

    def close(self):
        if self.model.time_count and self.device_time:
            try:
                self.transport.set_feature(protocol.pen_data_option_mode_report(protocol.PEN_OPTION_NONE))
            except PadError:
                pass
        self.transport.close()
