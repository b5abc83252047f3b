"""Signing screen layout and per-model pixel encodings."""
import io

import pytest
from PIL import Image

from signature_agent import protocol, screen, signature_image


def test_mono_encoding_bits_rows_and_polarity():
    image = Image.new("RGB", (10, 2), (255, 255, 255))
    image.putpixel((0, 0), (0, 0, 0))
    image.putpixel((9, 1), (0, 0, 0))
    data = screen.encode_mono(image)
    # 10 pixels -> 2 bytes per row, MSB first, 1 = white, 0 = ink, padding bits set.
    assert data == bytes([0b01111111, 0b11000000, 0b11111111, 0b10000000])
    assert screen.encoded_size(10, 2, protocol.ENCODING_MONO) == 4


def test_rgb565_is_little_endian_565():
    image = Image.new("RGB", (4, 1))
    for x, colour in enumerate([(255, 0, 0), (0, 255, 0), (0, 0, 255), (10, 100, 200)]):
        image.putpixel((x, 0), colour)
    data = screen.encode_rgb565(image)
    words = [data[i] | data[i + 1] << 8 for i in range(0, len(data), 2)]
    assert words == [0xF800, 0x07E0, 0x001F, (10 >> 3) << 11 | (100 >> 2) << 5 | (200 >> 3)]


def test_rgb24_is_bgr():
    image = Image.new("RGB", (1, 1), (1, 2, 3))
    assert screen.encode_rgb24(image) == b"\x03\x02\x01"


@pytest.mark.parametrize("model", sorted(protocol.MODELS.values()), ids=lambda m: m.name)
def test_each_model_screen_encodes_to_the_expected_size(model):
    cap = model.capability
    signing = screen.draw_signing_screen(cap.screen_width, cap.screen_height, "Řehoř Žluťoučký", "insured", "cs")
    data = screen.encode_for_model(signing.image, model.encoding)
    assert len(data) == screen.encoded_size(cap.screen_width, cap.screen_height, model.encoding)
    assert len(data) * 8 >= cap.screen_width * cap.screen_height * model.bits_per_pixel


@pytest.mark.parametrize("size", [(800, 480), (320, 200), (640, 480), (396, 100)])
def test_layout_buttons_are_disjoint_inside_the_screen_and_outside_the_signing_box(size):
    width, height = size
    signing = screen.draw_signing_screen(width, height, "A", "client", "en")
    rects = list(signing.buttons.values())
    assert set(signing.buttons) == {"sign", "clear", "cancel"}
    for rect in rects + [signing.sign_area]:
        assert 0 <= rect.x0 < rect.x1 <= width and 0 <= rect.y0 < rect.y1 <= height
    for i, a in enumerate(rects):
        for b in rects[i + 1:] + [signing.sign_area]:
            assert a.x1 <= b.x0 or b.x1 <= a.x0 or a.y1 <= b.y0 or b.y1 <= a.y0
    for name, rect in signing.buttons.items():
        assert signing.button_at(*rect.centre) == name
    assert signing.button_at(*signing.sign_area.centre) is None


def test_screen_texts_follow_the_language():
    cs = screen.draw_signing_screen(800, 480, "Jan", "client", "cs").image
    en = screen.draw_signing_screen(800, 480, "Jan", "client", "en").image
    assert cs.tobytes() != en.tobytes()


def test_signature_png_is_trimmed_and_transparent():
    strokes = [[(1000, 1000, 500), (3000, 1200, 600), (5000, 1000, 400)]]
    png = signature_image.render_png(strokes)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.mode == "RGBA"
    # 4 cm of ink at 8 px/mm plus margins: about 336 px wide, trimmed in height.
    assert 320 <= image.width <= 350 and image.height < 60
    assert image.getpixel((0, 0))[3] == 0
    white = Image.open(io.BytesIO(signature_image.render_png(strokes, background=(255, 255, 255))))
    assert white.getpixel((0, 0)) == (255, 255, 255, 255)
    with pytest.raises(ValueError):
        signature_image.render_png([])
