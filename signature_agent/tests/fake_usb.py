"""A fake pyusb backend with STU pads behind it.

It implements pyusb's backend interface, so ``usb.core.find`` and
``usb.core.Device`` run their real code; the fake pads answer HID class
control transfers (GET_REPORT / SET_REPORT on the interface) and standard
string-descriptor requests byte for byte, and deliver queued interrupt-IN
packets.  Pulling the cable makes every call fail with ENODEV as libusb does.
"""
import collections
import errno

import usb.backend
import usb.core

from signature_agent import protocol, screen

EP_IN = 0x81


class _Descriptor(object):
    def __init__(self, **fields):
        self.__dict__.update(fields)


class FakeStu(object):
    """One pad: answers feature reports, records what the host sends."""

    def __init__(self, model, serial="4B0013", address=5, capability=None, firmware=(2, 10)):
        self.model = model
        self.serial = serial
        self.address = address
        self.capability = capability or model.capability
        self.firmware = firmware
        self.status_code = protocol.STATUS_READY
        self.kernel_driver_active = True
        self.detached = False
        self.reattached = False
        self.claimed = set()
        self.configuration = 1
        self.inbox = collections.deque()
        self.unplugged = False
        self.set_reports = []      # every SET_REPORT payload, in order
        self.get_requests = []     # (report id, wLength) of every GET_REPORT
        self.images = []           # committed images (encoding, bytes)
        self.image_blocks = []     # raw 0x26 reports of the last transfer
        self._image = None
        self._encoding = None
        self.inking = None
        self.pen_option = 0
        self.supports_pen_option = model.time_count

    # --- what the pad says ------------------------------------------------

    def feature(self, report_id):
        if report_id == protocol.REPORT_INFORMATION:
            name = self.model.name.encode("ascii").ljust(9, b"\0")
            return (bytes([0x08]) + name + bytes([self.firmware[0], self.firmware[1], 0x01, 1, 2, 3, 4]))
        if report_id == protocol.REPORT_CAPABILITY:
            c = self.capability
            return bytes([0x09, c.max_x >> 8, c.max_x & 0xFF, c.max_y >> 8, c.max_y & 0xFF,
                          c.max_pressure >> 8, c.max_pressure & 0xFF, c.screen_width >> 8, c.screen_width & 0xFF,
                          c.screen_height >> 8, c.screen_height & 0xFF, c.report_rate,
                          c.resolution >> 8, c.resolution & 0xFF, c.encoding_flag, 0, 0])
        if report_id == protocol.REPORT_STATUS:
            return bytes([0x03, self.status_code, 0x00, 0x34, 0x12])
        if report_id == protocol.REPORT_INKING_MODE:
            return bytes([0x21, 1 if self.inking else 0])
        return None

    def receive(self, data):
        data = bytes(data)
        self.set_reports.append(data)
        report_id = data[0]
        if report_id == protocol.REPORT_START_IMAGE:
            self._encoding = data[1]
            self._image = bytearray()
            self.image_blocks = []
            self.status_code = protocol.STATUS_IMAGE
        elif report_id == protocol.REPORT_IMAGE_BLOCK:
            length = data[1] | data[2] << 8
            self.image_blocks.append(data)
            self._image += data[3:3 + length]
        elif report_id == protocol.REPORT_END_IMAGE:
            self.images.append((self._encoding, bytes(self._image)))
            self.status_code = protocol.STATUS_READY
        elif report_id == protocol.REPORT_INKING_MODE:
            self.inking = bool(data[1])
        elif report_id == protocol.REPORT_PEN_DATA_OPTION_MODE:
            if not self.supports_pen_option:
                return False  # STALL
            self.pen_option = data[1]
        return True

    def expected_image_size(self):
        return screen.encoded_size(self.capability.screen_width, self.capability.screen_height,
                                   self.model.encoding)

    def queue(self, *packets):
        self.inbox.extend(bytes(p) for p in packets)

    def unplug(self):
        self.unplugged = True


def _string_descriptor(text):
    encoded = text.encode("utf-16-le")
    return bytes([2 + len(encoded), 3]) + encoded


class FakeBackend(usb.backend.IBackend):
    def __init__(self, *pads):
        self.pads = list(pads)
        self.others = []  # non-Wacom devices on the bus

    def _gone(self, pad):
        if pad.unplugged:
            raise usb.core.USBError("No such device (it may have been disconnected)", -4, errno.ENODEV)

    def enumerate_devices(self):
        return [p for p in self.pads if not p.unplugged] + list(self.others)

    def get_device_descriptor(self, dev):
        vendor = getattr(dev, "vendor_id", protocol.VENDOR_ID)
        return _Descriptor(
            bLength=18, bDescriptorType=1, bcdUSB=0x0200, bDeviceClass=0, bDeviceSubClass=0,
            bDeviceProtocol=0, bMaxPacketSize0=64, idVendor=vendor, idProduct=dev.model.product_id,
            bcdDevice=0x0102, iManufacturer=1, iProduct=2, iSerialNumber=3, bNumConfigurations=1,
            address=dev.address, bus=1, port_number=2, port_numbers=(2,), speed=2)

    def get_configuration_descriptor(self, dev, config):
        return _Descriptor(bLength=9, bDescriptorType=2, wTotalLength=34, bNumInterfaces=1, bConfigurationValue=1,
                           iConfiguration=0, bmAttributes=0x80, bMaxPower=50, extra_descriptors=[])

    def get_interface_descriptor(self, dev, intf, alt, config):
        if intf != 0 or alt != 0:
            raise IndexError("no such interface")
        return _Descriptor(bLength=9, bDescriptorType=4, bInterfaceNumber=0, bAlternateSetting=0, bNumEndpoints=1,
                           bInterfaceClass=3, bInterfaceSubClass=0, bInterfaceProtocol=0, iInterface=0,
                           extra_descriptors=[])

    def get_endpoint_descriptor(self, dev, ep, intf, alt, config):
        if ep != 0:
            raise IndexError("no such endpoint")
        return _Descriptor(bLength=7, bDescriptorType=5, bEndpointAddress=EP_IN, bmAttributes=0x03,
                           wMaxPacketSize=64, bInterval=1, bRefresh=0, bSynchAddress=0, extra_descriptors=[])

    def open_device(self, dev):
        self._gone(dev)
        return dev

    def close_device(self, dev_handle):
        pass

    def set_configuration(self, dev_handle, config_value):
        self._gone(dev_handle)
        dev_handle.configuration = config_value

    def get_configuration(self, dev_handle):
        self._gone(dev_handle)
        return dev_handle.configuration

    def claim_interface(self, dev_handle, intf):
        self._gone(dev_handle)
        if dev_handle.kernel_driver_active:
            raise usb.core.USBError("Resource busy", -6, errno.EBUSY)
        dev_handle.claimed.add(intf)

    def release_interface(self, dev_handle, intf):
        self._gone(dev_handle)
        dev_handle.claimed.discard(intf)

    def is_kernel_driver_active(self, dev_handle, intf):
        self._gone(dev_handle)
        return dev_handle.kernel_driver_active

    def detach_kernel_driver(self, dev_handle, intf):
        self._gone(dev_handle)
        dev_handle.kernel_driver_active = False
        dev_handle.detached = True

    def attach_kernel_driver(self, dev_handle, intf):
        self._gone(dev_handle)
        dev_handle.kernel_driver_active = True
        dev_handle.reattached = True

    def ctrl_transfer(self, dev_handle, bmRequestType, bRequest, wValue, wIndex, data, timeout):
        pad = dev_handle
        self._gone(pad)
        if bmRequestType == 0x80 and bRequest == 0x06 and wValue >> 8 == 0x03:
            index = wValue & 0xFF
            answer = b"\x04\x03\x09\x04" if index == 0 else _string_descriptor(
                {1: "Wacom Co.,Ltd.", 2: pad.model.name, 3: pad.serial}[index])
            return self._fill(data, answer)
        if bmRequestType == 0xA1 and bRequest == 0x01:
            if wValue >> 8 != 0x03 or wIndex != 0:
                raise usb.core.USBError("Pipe error", -9, errno.EPIPE)
            report_id = wValue & 0xFF
            pad.get_requests.append((report_id, len(data)))
            answer = pad.feature(report_id)
            if answer is None:
                raise usb.core.USBError("Pipe error", -9, errno.EPIPE)
            return self._fill(data, answer)
        if bmRequestType == 0x21 and bRequest == 0x09:
            payload = bytes(data)
            if wValue != (0x03 << 8 | payload[0]) or wIndex != 0:
                raise usb.core.USBError("Pipe error", -9, errno.EPIPE)
            if not pad.receive(payload):
                raise usb.core.USBError("Pipe error", -9, errno.EPIPE)
            return len(payload)
        raise usb.core.USBError("Pipe error", -9, errno.EPIPE)

    @staticmethod
    def _fill(buffer, answer):
        count = min(len(buffer), len(answer))
        for i in range(count):
            buffer[i] = answer[i]
        return count

    def intr_read(self, dev_handle, ep, intf, buff, timeout):
        self._gone(dev_handle)
        if ep != EP_IN:
            raise usb.core.USBError("Pipe error", -9, errno.EPIPE)
        if not dev_handle.inbox:
            raise usb.core.USBTimeoutError("Operation timed out", -7, errno.ETIMEDOUT)
        return self._fill(buff, dev_handle.inbox.popleft())
