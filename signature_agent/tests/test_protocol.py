"""Byte-exact decoding of every STU report layout the agent uses."""
import pytest

from signature_agent import protocol


def test_information_report_decodes_model_and_firmware():
    report = bytes([0x08]) + b"STU-530\0\0" + bytes([2, 10, 1, 9, 8, 7, 6])
    info = protocol.decode_information(report)
    assert info == protocol.Information("STU-530", 2, 10, 1, (9, 8, 7, 6))
    assert protocol.encode_information(info) == report


def test_capability_report_is_big_endian():
    report = bytes([0x09, 0x2A, 0x30, 0x19, 0x50, 0x03, 0xFF, 0x03, 0x20, 0x01, 0xE0, 0xC8, 0x09, 0xEC, 0x0F, 0, 0])
    cap = protocol.decode_capability(report)
    assert cap == protocol.Capability(max_x=10800, max_y=6480, max_pressure=1023, screen_width=800,
                                      screen_height=480, report_rate=200, resolution=2540, encoding_flag=0x0F)
    assert protocol.encode_capability(cap) == report


@pytest.mark.parametrize("model", sorted(protocol.MODELS.values()), ids=lambda m: m.name)
def test_capability_round_trip_for_each_model(model):
    report = protocol.encode_capability(model.capability)
    assert len(report) == 17 and report[0] == 0x09
    assert protocol.decode_capability(report) == model.capability


def test_status_report_word_is_little_endian():
    status = protocol.decode_status(bytes([0x03, 0x01, 0x00, 0x34, 0x12]))
    assert status == protocol.Status(protocol.STATUS_IMAGE, 0, 0x1234)


def test_short_or_foreign_report_is_rejected():
    with pytest.raises(ValueError):
        protocol.decode_capability(bytes([0x09, 0, 0]))
    with pytest.raises(ValueError):
        protocol.decode_information(bytes([0x09]) + bytes(16))


def test_command_reports_are_byte_exact():
    assert protocol.clear_screen_report() == b"\x20\x00"
    assert protocol.inking_mode_report(True) == b"\x21\x01"
    assert protocol.inking_mode_report(False) == b"\x21\x00"
    assert protocol.start_image_report(protocol.ENCODING_RGB565) == b"\x25\x02"
    assert protocol.end_image_report() == b"\x27\x00"
    assert protocol.pen_data_option_mode_report(3) == b"\x32\x03"


def test_image_blocks_are_split_and_padded():
    data = bytes(range(256)) * 2  # 512 bytes -> 253 + 253 + 6
    blocks = list(protocol.image_block_reports(data))
    assert [len(b) for b in blocks] == [256, 256, 256]
    assert blocks[0][:3] == bytes([0x26, 253, 0]) and blocks[2][:3] == bytes([0x26, 6, 0])
    assert blocks[2][9:] == bytes(256 - 9)
    assert b"".join(protocol.decode_image_block(b) for b in blocks) == data


def test_pen_data_0x01_layout():
    # rdy=1, sw=1, pressure 0x2BC (700): byte0 = 0x80 | 0x10 | 0x02 = 0x92, byte1 = 0xBC
    packet = bytes([0x01, 0x92, 0xBC, 0x12, 0x34, 0x0A, 0xBC])
    decoder = protocol.PenDataDecoder(clock=lambda: 5.0)
    (sample,) = decoder.decode(packet)
    assert (sample.x, sample.y, sample.pressure, sample.sw, sample.rdy, sample.seq) == (0x1234, 0x0ABC, 700, 1, 1, -1)
    assert sample.down
    assert protocol.encode_pen_data(0x1234, 0x0ABC, 700) == packet


def test_pen_data_switch_bits_and_hover():
    packet = bytes([0x01, 0x80 | (0x5 << 4) | 0x0F, 0xFF, 0, 1, 0, 2])
    (sample,) = protocol.PenDataDecoder(clock=lambda: 0.0).decode(packet)
    assert sample.sw == 5 and sample.pressure == 0xFFF and sample.rdy == 1
    hover = protocol.PenDataDecoder(clock=lambda: 0.0).decode(bytes([0x01, 0x80, 0, 0, 1, 0, 2]))[0]
    assert not hover.down and hover.pressure == 0


def test_pen_data_0x34_layout_uses_device_time():
    packet = bytes([0x34, 0x91, 0x00, 0x03, 0xE8, 0x07, 0xD0, 0x12, 0x34, 0x00, 0x07])
    decoder = protocol.PenDataDecoder(clock=lambda: 99.0)
    (first,) = decoder.decode(packet)
    assert (first.x, first.y, first.pressure, first.seq, first.t) == (1000, 2000, 256, 7, 0)
    (second,) = decoder.decode(protocol.encode_pen_data_time_count(1001, 2001, 300, 0x1234 + 5, 8))
    assert second.t == 5 and second.seq == 8


def test_time_count_wraps_around_16_bits():
    decoder = protocol.PenDataDecoder(clock=lambda: 0.0)
    counts = [65525, 65530, 65535, 4, 9, 14]
    times = [decoder.decode(protocol.encode_pen_data_time_count(1, 1, 1, c, i))[0].t for i, c in enumerate(counts)]
    assert times == [0, 5, 10, 15, 20, 25]
    # Several full wraps: 65 536 ms later the counter shows the same value.
    t = 25
    for _ in range(30):
        t += 5000
        counts.append((counts[-1] + 5000) & 0xFFFF)
        assert decoder.decode(protocol.encode_pen_data_time_count(1, 1, 1, counts[-1], 0))[0].t == t


def test_sequence_gaps_are_counted_as_dropped_reports():
    decoder = protocol.PenDataDecoder(clock=lambda: 0.0)
    for seq in (65533, 65534, 1, 2, 5):  # 65535 and 0 lost across the wrap, then 3 and 4
        decoder.decode(protocol.encode_pen_data_time_count(1, 1, 1, seq * 5, seq))
    assert decoder.dropped_reports == 4


def test_host_time_for_0x01_is_strictly_increasing_ms():
    ticks = iter([10.0, 10.0, 10.0031, 10.5])
    decoder = protocol.PenDataDecoder(clock=lambda: next(ticks))
    times = [decoder.decode(protocol.encode_pen_data(1, 1, 1))[0].t for _ in range(4)]
    assert times == [0, 1, 3, 500]


def test_packet_with_several_reports_and_trailing_garbage():
    packet = (protocol.encode_pen_data_time_count(1, 2, 3, 100, 1)
              + protocol.encode_pen_data_time_count(4, 5, 6, 105, 2) + b"\x77\x00")
    decoder = protocol.PenDataDecoder(clock=lambda: 0.0)
    samples = decoder.decode(packet)
    assert [(s.x, s.y, s.pressure, s.t) for s in samples] == [(1, 2, 3, 0), (4, 5, 6, 5)]
    assert decoder.unknown_reports == 1


def test_pen_data_option_0x30_is_host_timed():
    packet = bytes([0x30, 0x90, 0x10, 0x00, 0x64, 0x00, 0xC8, 0xAB, 0xCD])
    (sample,) = protocol.PenDataDecoder(clock=lambda: 1.0).decode(packet)
    assert (sample.x, sample.y, sample.pressure, sample.t) == (100, 200, 16, 0)


def test_model_table_matches_the_spec():
    expected = {0x00A1: "STU-500", 0x00A2: "STU-300", 0x00A3: "STU-520A", 0x00A4: "STU-430", 0x00A5: "STU-530",
                0x00A6: "STU-430V", 0x00A8: "STU-540"}
    assert {pid: m.name for pid, m in protocol.MODELS.items()} == expected
    assert protocol.VENDOR_ID == 0x056A
    for model in protocol.MODELS.values():
        assert model.capability.resolution == 2540 and model.capability.report_rate == 200
    assert protocol.model_by_name("stu-430").product_id == 0x00A4
    with pytest.raises(ValueError):
        protocol.model_by_name("STU-999")


def test_switch_from_host_time_to_device_time_keeps_time_monotonic():
    ticks = iter([1.0, 1.005, 1.010])
    decoder = protocol.PenDataDecoder(clock=lambda: next(ticks))
    host = [decoder.decode(protocol.encode_pen_data(1, 1, 1))[0].t for _ in range(3)]
    device = [decoder.decode(protocol.encode_pen_data_time_count(1, 1, 1, c, i))[0].t
              for i, c in enumerate((40000, 40005))]
    assert host == [0, 5, 10] and device == [11, 16]
