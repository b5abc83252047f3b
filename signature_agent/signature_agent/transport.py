"""Byte transports to an STU pad: pyusb (Linux, default) and hidapi (Windows route).

A transport moves HID reports and knows nothing of their meaning:

- ``get_feature(report_id, length)`` -> bytes starting with the report id,
- ``set_feature(report)`` sends a report whose first byte is its id,
- ``read_input(size, timeout_ms)`` -> bytes of one interrupt-IN transfer, or
  ``b""`` when nothing arrived within the timeout,
- ``close()``.

Any loss of the device is raised as :class:`PadDisconnected`.
"""
import errno
import logging

_log = logging.getLogger(__name__)

# HID class requests (HID 1.11, 7.2) on the interface recipient.
HID_GET_REPORT = 0x01
HID_SET_REPORT = 0x09
HID_REPORT_TYPE_FEATURE = 0x03
REQUEST_TYPE_IN = 0xA1   # device-to-host | class | interface
REQUEST_TYPE_OUT = 0x21  # host-to-device | class | interface

_GONE_ERRNOS = {errno.ENODEV, errno.ENOENT, errno.EIO, errno.ESHUTDOWN}
_GONE_BACKEND_CODES = {-4, -1}  # LIBUSB_ERROR_NO_DEVICE, LIBUSB_ERROR_IO


class PadError(Exception):
    """The pad answered something the agent cannot use."""


class PadDisconnected(PadError):
    """The pad was unplugged or stopped answering."""


def _is_timeout(exc):
    return getattr(exc, "errno", None) in (errno.ETIMEDOUT, 110) or getattr(exc, "backend_error_code", None) == -7


def _is_gone(exc):
    return (getattr(exc, "errno", None) in _GONE_ERRNOS
            or getattr(exc, "backend_error_code", None) in _GONE_BACKEND_CODES)


class PyUsbTransport(object):
    """HID reports over a pyusb ``usb.core.Device``: control transfers and the interrupt-IN endpoint."""

    def __init__(self, device, interface=0, timeout_ms=1000):
        import usb.core  # noqa: F401  (fail early with a clear ImportError)
        import usb.util

        self._usb_util = usb.util
        self._usb_core = usb.core
        self.device = device
        self.interface = interface
        self.timeout_ms = timeout_ms
        self._detached = False
        self.endpoint_in = None
        try:
            self._claim()
        except usb.core.USBError as exc:
            self._raise(exc, "opening the pad")

    def _claim(self):
        device = self.device
        try:
            if device.is_kernel_driver_active(self.interface):
                # On Linux usbhid owns the pad; pyusb needs the interface to itself.
                device.detach_kernel_driver(self.interface)
                self._detached = True
        except NotImplementedError:
            pass  # not available on this platform/backend (Windows, macOS)
        try:
            configuration = device.get_active_configuration()
        except self._usb_core.USBError:
            # Unconfigured (seen on some hosts before any driver touched the pad).
            device.set_configuration()
            configuration = device.get_active_configuration()
        interface = configuration[(self.interface, 0)]
        for endpoint in interface:
            if endpoint.bEndpointAddress & 0x80 and endpoint.bmAttributes & 0x03 == 0x03:
                self.endpoint_in = endpoint.bEndpointAddress
                self.max_packet = endpoint.wMaxPacketSize
                break
        if self.endpoint_in is None:
            raise PadError("the pad's HID interface has no interrupt-IN endpoint")
        self._usb_util.claim_interface(device, self.interface)

    def _raise(self, exc, doing):
        if _is_gone(exc):
            raise PadDisconnected("the pad was disconnected while %s" % doing)
        raise PadError("USB error while %s: %s" % (doing, exc))

    def get_feature(self, report_id, length):
        try:
            data = self.device.ctrl_transfer(REQUEST_TYPE_IN, HID_GET_REPORT,
                                             (HID_REPORT_TYPE_FEATURE << 8) | report_id,
                                             self.interface, length, self.timeout_ms)
        except self._usb_core.USBError as exc:
            self._raise(exc, "reading report 0x%02x" % report_id)
        return bytes(data)

    def set_feature(self, report):
        try:
            self.device.ctrl_transfer(REQUEST_TYPE_OUT, HID_SET_REPORT,
                                      (HID_REPORT_TYPE_FEATURE << 8) | report[0],
                                      self.interface, report, self.timeout_ms)
        except self._usb_core.USBError as exc:
            self._raise(exc, "writing report 0x%02x" % report[0])

    def read_input(self, size, timeout_ms):
        try:
            return bytes(self.device.read(self.endpoint_in, size, timeout_ms))
        except self._usb_core.USBError as exc:
            if _is_timeout(exc):
                return b""
            self._raise(exc, "reading pen data")

    def close(self):
        try:
            self._usb_util.release_interface(self.device, self.interface)
            if self._detached:
                self.device.attach_kernel_driver(self.interface)
        except Exception:  # the device may already be gone; nothing left to release
            _log.debug("releasing the pad failed", exc_info=True)
        finally:
            self._usb_util.dispose_resources(self.device)


class HidapiTransport(object):
    """HID reports through the ``hidapi`` package (``import hid``), the route on Windows.

    Windows keeps its own HID driver on the pad; hidapi talks to it through the
    system HID stack, so no driver replacement is needed.  The library is
    imported only when this transport is created.
    """

    def __init__(self, vendor_id, product_id, serial=None, path=None):
        try:
            import hid
        except ImportError:
            raise PadError("the hidapi backend needs the 'hidapi' package (pip install hidapi)")
        self._device = hid.device()
        try:
            if path is not None:
                self._device.open_path(path)
            else:
                self._device.open(vendor_id, product_id, serial)
        except (IOError, OSError) as exc:
            raise PadDisconnected("cannot open the pad through hidapi: %s" % exc)

    def get_feature(self, report_id, length):
        try:
            data = self._device.get_feature_report(report_id, length)
        except (IOError, OSError, ValueError) as exc:
            raise PadDisconnected("reading report 0x%02x failed: %s" % (report_id, exc))
        return bytes(data)

    def set_feature(self, report):
        try:
            written = self._device.send_feature_report(bytes(report))
        except (IOError, OSError, ValueError) as exc:
            raise PadDisconnected("writing report 0x%02x failed: %s" % (report[0], exc))
        if written < 0:
            raise PadDisconnected("writing report 0x%02x failed" % report[0])

    def read_input(self, size, timeout_ms):
        try:
            data = self._device.read(size, timeout_ms)
        except (IOError, OSError, ValueError) as exc:
            raise PadDisconnected("reading pen data failed: %s" % exc)
        return bytes(data)

    def close(self):
        try:
            self._device.close()
        except Exception:
            _log.debug("closing the hidapi device failed", exc_info=True)


def hidapi_enumerate(vendor_id):
    """Pads visible through hidapi as dicts (``product_id``, ``serial_number``, ``path``)."""
    import hid

    return list(hid.enumerate(vendor_id, 0))
