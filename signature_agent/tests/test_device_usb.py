"""The USB device layer against a fake pyusb backend answering byte-exact reports."""
import hashlib
import types

import pytest

from fake_usb import FakeBackend, FakeStu
from signature_agent import capture, device, protocol, screen, virtual
from signature_agent.transport import PadDisconnected

MODELS = sorted(protocol.MODELS.values())


def open_pad(model, **kwargs):
    fake = FakeStu(model, **kwargs)
    backend = FakeBackend(fake)
    (descriptor,) = device.discover(backend)
    return fake, device.StuPad.open(descriptor)


def test_discovery_finds_every_supported_model_and_skips_other_devices():
    pads = [FakeStu(model, serial="SN%d" % i, address=10 + i) for i, model in enumerate(MODELS)]
    backend = FakeBackend(*pads)
    backend.others.append(types.SimpleNamespace(vendor_id=0x046D, model=types.SimpleNamespace(product_id=0xC077),
                                                address=40))
    # A Wacom device that is not a signature pad (an Intuos tablet) is not listed either.
    backend.others.append(types.SimpleNamespace(vendor_id=0x056A, model=types.SimpleNamespace(product_id=0x0027),
                                                address=41))
    found = device.discover(backend)
    assert [(d.model.name, d.serial, d.virtual) for d in found] == [
        (m.name, "SN%d" % i, False) for i, m in enumerate(MODELS)]
    assert [device.pad_json(d) for d in found][4] == {
        "model": "STU-530", "product_id": "0x00a5", "serial": "SN4", "virtual": False}


def test_discovery_without_libusb_finds_nothing(monkeypatch):
    import usb.core

    def no_backend(**kwargs):
        raise usb.core.NoBackendError("No backend available")

    monkeypatch.setattr(usb.core, "find", no_backend)
    assert device.discover() == []


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.name)
def test_information_and_capability_over_control_transfers(model):
    fake, pad = open_pad(model)
    assert fake.detached and not fake.kernel_driver_active, "the kernel HID driver must be detached on Linux"
    info = pad.information()
    assert info.model_name == model.name and (info.firmware_major, info.firmware_minor) == (2, 10)
    assert pad.capability() == model.capability
    assert (protocol.REPORT_INFORMATION, 17) in fake.get_requests
    assert (protocol.REPORT_CAPABILITY, 17) in fake.get_requests
    pad.close()
    assert fake.reattached, "closing gives the pad back to the kernel driver"


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.name)
def test_screen_upload_encoding_and_blocks(model):
    fake, pad = open_pad(model)
    cap = pad.capability()
    signing = screen.draw_signing_screen(cap.screen_width, cap.screen_height, "Jana Nováková", "client", "cs",
                                         colour=model.encoding != protocol.ENCODING_MONO)
    pad.clear_screen()
    pad.show_screen(signing)
    (encoding, data), = fake.images
    expected_bpp = {"STU-300": 1, "STU-430": 1, "STU-430V": 1, "STU-500": 1, "STU-520A": 16, "STU-530": 16,
                    "STU-540": 24}[model.name]
    assert protocol.BITS_PER_PIXEL[encoding] == expected_bpp
    assert len(data) == fake.expected_image_size()
    if expected_bpp == 1:
        assert len(data) == (cap.screen_width + 7) // 8 * cap.screen_height
    else:
        assert len(data) == cap.screen_width * cap.screen_height * expected_bpp // 8
    blocks = fake.image_blocks
    assert all(len(b) == 256 and b[0] == 0x26 for b in blocks)
    assert len(blocks) == -(-len(data) // protocol.IMAGE_BLOCK_PAYLOAD)
    assert all(b[1] | b[2] << 8 == 253 for b in blocks[:-1])
    assert data == screen.encode_for_model(signing.image, model.encoding)
    sent_ids = [r[0] for r in fake.set_reports]
    assert sent_ids[0] == 0x20 and sent_ids[1] == 0x25 and sent_ids[-1] == 0x27


def test_pen_reports_from_the_interrupt_endpoint_0x01_host_time():
    fake, pad = open_pad(protocol.MODELS[0x00A2])  # STU-300 has no time count
    pad.start_pen_data()
    assert not pad.device_time
    assert fake.set_reports == []  # no 0x32 sent to a model without the option
    fake.queue(protocol.encode_pen_data(1200, 800, 0, sw=0), protocol.encode_pen_data(1210, 805, 512))
    first = pad.read_samples(0.01)
    second = pad.read_samples(0.01)
    assert [(s.x, s.y, s.pressure, s.down) for s in first + second] == [(1200, 800, 0, False), (1210, 805, 512, True)]
    assert second[0].t > first[0].t
    assert pad.read_samples(0.01) == []  # timeout is not an error


def test_pen_reports_0x34_use_the_pad_clock_across_the_wrap():
    fake, pad = open_pad(protocol.MODELS[0x00A5])
    pad.start_pen_data()
    assert pad.device_time and fake.pen_option == protocol.PEN_OPTION_TIME_COUNT_SEQUENCE
    assert fake.set_reports[-1] == b"\x32\x03"
    for i, count in enumerate((65530, 65535, 4)):
        fake.queue(protocol.encode_pen_data_time_count(3000 + i, 2000, 400, count, i))
    times = [pad.read_samples(0.01)[0].t for _ in range(3)]
    assert times == [0, 5, 10]
    pad.close()
    assert fake.set_reports[-1] == b"\x32\x00", "closing restores plain pen reports"


def test_model_refusing_the_time_count_falls_back_to_host_time():
    fake = FakeStu(protocol.MODELS[0x00A4])
    fake.supports_pen_option = False  # older firmware stalls report 0x32
    (descriptor,) = device.discover(FakeBackend(fake))
    pad = device.StuPad.open(descriptor)
    pad.start_pen_data()
    assert not pad.device_time


def test_unplug_while_reading_raises_pad_disconnected():
    fake, pad = open_pad(protocol.MODELS[0x00A4])
    pad.start_pen_data()
    fake.unplug()
    with pytest.raises(PadDisconnected):
        pad.read_samples(0.01)
    with pytest.raises(PadDisconnected):
        pad.capability()
    pad.close()  # closing a vanished pad does not raise


def test_unplug_while_uploading_the_screen_raises_pad_disconnected():
    fake, pad = open_pad(protocol.MODELS[0x00A5])
    signing = screen.draw_signing_screen(800, 480, "X", "client", "en")
    fake.unplug()
    with pytest.raises(PadDisconnected):
        pad.show_screen(signing)


def test_unplugged_pad_is_no_longer_discovered():
    fake = FakeStu(protocol.MODELS[0x00A4])
    backend = FakeBackend(fake)
    assert len(device.discover(backend)) == 1
    fake.unplug()
    assert device.discover(backend) == []


def test_full_capture_over_the_fake_usb_pad(escrow_key):
    """Sign on a 'real' STU-430: the capture session drives the USB layer end to end."""
    fake, pad = open_pad(protocol.MODELS[0x00A4])
    # Let a virtual transport produce the report stream for the same model and screen.
    player = virtual.VirtualTransport(protocol.MODELS[0x00A4], speed=0)
    player.pen_option = protocol.PEN_OPTION_TIME_COUNT_SEQUENCE
    player.screen = screen.draw_signing_screen(320, 200, "Jan Novák", "client", "cs", colour=False)
    player.load_script(virtual.sign_with("novak"))
    while True:
        packet = player.read_input(64, 1)
        if not packet:
            break
        fake.queue(packet)
    request = capture.CaptureRequest(hashlib.sha256(b"pdf").digest(), "client", "Jan Novák", "client", "cs")
    outcome = capture.CaptureSession(pad, request, escrow_key, poll_s=0.001, timeout_s=5).run()
    assert outcome.state == capture.DONE, outcome
    assert outcome.result["pad_model"] == "STU-430" and outcome.result["pad_serial"] == "4B0013"
    assert fake.images and fake.inking is False


def test_udev_rule_covers_every_model_and_nothing_else():
    import fnmatch
    import os
    import re

    path = os.path.join(os.path.dirname(__file__), os.pardir, "udev", "99-wacom-stu.rules")
    with open(path) as handle:
        rules = [line for line in handle.read().splitlines() if line and not line.startswith("#")]
    assert len(rules) == 2
    for rule in rules:
        assert 'idVendor}=="056a"' in rule and 'TAG+="uaccess"' in rule and 'MODE="0660"' in rule
        pattern = re.search(r'idProduct}=="([^"]+)"', rule).group(1)
        for product_id in protocol.MODELS:
            assert fnmatch.fnmatch("%04x" % product_id, pattern)
        for other in (0x00A0, 0x00A7, 0x00A9, 0x0027):
            assert not fnmatch.fnmatch("%04x" % other, pattern)


class FakeHidModule(object):
    """Stands in for the ``hid`` module of the hidapi package, over the same fake pads."""

    def __init__(self, *pads):
        self.pads = {("path-%d" % i).encode(): pad for i, pad in enumerate(pads)}

    def enumerate(self, vendor_id, product_id):
        return [{"vendor_id": vendor_id, "product_id": pad.model.product_id, "serial_number": pad.serial,
                 "path": path} for path, pad in self.pads.items()]

    def device(self):
        module = self

        class Device(object):
            def open_path(self, path):
                self.pad = module.pads[path]

            def get_feature_report(self, report_id, length):
                if self.pad.unplugged:
                    raise IOError("device disconnected")
                return list(self.pad.feature(report_id))[:length]

            def send_feature_report(self, data):
                if self.pad.unplugged:
                    raise IOError("device disconnected")
                return len(data) if self.pad.receive(data) else -1

            def read(self, size, timeout_ms):
                if self.pad.unplugged:
                    raise IOError("device disconnected")
                return list(self.pad.inbox.popleft()) if self.pad.inbox else []

            def close(self):
                pass

        return Device()


def test_hidapi_route_with_a_stand_in_library(monkeypatch):
    import sys

    from signature_agent.manager import HidapiPadProvider

    fake = FakeStu(protocol.MODELS[0x00A8], serial="W540")
    monkeypatch.setitem(sys.modules, "hid", FakeHidModule(fake))
    provider = HidapiPadProvider()
    (descriptor,) = provider.list()
    assert (descriptor.model.name, descriptor.serial) == ("STU-540", "W540")
    pad = provider.open(descriptor, {})
    assert pad.capability() == fake.capability
    pad.show_screen(screen.draw_signing_screen(800, 480, "A", "client", "en"))
    assert len(fake.images[0][1]) == 800 * 480 * 3
    pad.start_pen_data()
    fake.queue(protocol.encode_pen_data_time_count(10, 20, 30, 7, 1))
    assert [(s.x, s.y, s.pressure) for s in pad.read_samples(0.01)] == [(10, 20, 30)]
    fake.unplug()
    with pytest.raises(PadDisconnected):
        pad.read_samples(0.01)


def test_hidapi_missing_library_is_a_clear_error(monkeypatch):
    import sys

    from signature_agent.manager import HidapiPadProvider
    from signature_agent.transport import HidapiTransport, PadError

    monkeypatch.setitem(sys.modules, "hid", None)  # import hid -> ImportError
    assert HidapiPadProvider().list() == []
    with pytest.raises(PadError) as error:
        HidapiTransport(protocol.VENDOR_ID, 0x00A5)
    assert "pip install hidapi" in str(error.value)
