"""The signing screen shown on the pad, and its encoding per model.

The screen carries the signer's name and role, a signing box and three
buttons (Sign / Clear / Cancel).  The pad has no notion of buttons: the capture
session hit-tests pen positions against the rectangles computed here.

Encodings sent with report 0x25:
- 1 bit per pixel (STU-300/430/430V/500): rows padded to a whole byte, most
  significant bit first, 1 = background (white), 0 = ink;
- 16 bit RGB565 (STU-520A/530): two bytes per pixel, little-endian;
- 24 bit (STU-540): three bytes per pixel in B, G, R order.
"""
import collections
import functools
import unicodedata

from PIL import Image, ImageChops, ImageDraw, ImageFont

from . import messages, protocol

BUTTONS = ("cancel", "clear", "sign")

_FONT_CANDIDATES = (
    "DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "arial.ttf",
    "segoeui.ttf",
    "/System/Library/Fonts/Supplemental/Arial.ttf",
)


class Rect(collections.namedtuple("Rect", "x0 y0 x1 y1")):
    """Axis-aligned rectangle in screen pixels, x1/y1 exclusive."""

    __slots__ = ()

    def contains(self, x, y):
        return self.x0 <= x < self.x1 and self.y0 <= y < self.y1

    @property
    def centre(self):
        return ((self.x0 + self.x1) / 2.0, (self.y0 + self.y1) / 2.0)


@functools.lru_cache(maxsize=32)
def _font(size):
    for candidate in _FONT_CANDIDATES:
        try:
            return ImageFont.truetype(candidate, size), True
        except (IOError, OSError):
            continue
    return ImageFont.load_default(), False


def _fit_text(text, has_unicode):
    if has_unicode:
        return text
    # The built-in bitmap font only knows Latin-1: drop diacritics rather than show boxes.
    folded = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in folded if ord(ch) < 256 and not unicodedata.combining(ch))


class SigningScreen(object):
    """The image for the pad plus the geometry needed to interpret pen input."""

    def __init__(self, width, height, image, buttons, sign_area, colour):
        self.width = width
        self.height = height
        self.image = image
        self.buttons = buttons
        self.sign_area = sign_area
        self.colour = colour

    def button_at(self, sx, sy):
        for name, rect in self.buttons.items():
            if rect.contains(sx, sy):
                return name
        return None


def layout(width, height):
    """Button rectangles and signing box for a screen of ``width`` x ``height`` pixels."""
    margin = max(2, width // 80)
    if width >= 3 * height:
        # Long, low screens (STU-300): buttons stacked in a column on the right.
        column = int(width * 0.24)
        header = max(14, height // 6)
        x0 = width - column
        step = (height - 2 * margin) / 3.0
        buttons = {}
        for index, name in enumerate(("sign", "clear", "cancel")):
            top = int(margin + index * step)
            buttons[name] = Rect(x0, top, width - margin, int(margin + (index + 1) * step) - margin // 2)
        sign_area = Rect(margin, header + margin, x0 - margin, height - margin)
        return buttons, sign_area, header
    header = max(16, int(height * 0.13))
    row = max(20, int(height * 0.17))
    top = height - row - margin
    gap = margin * 2
    button_width = (width - 2 * margin - 2 * gap) // 3
    buttons = {}
    for index, name in enumerate(BUTTONS):
        left = margin + index * (button_width + gap)
        buttons[name] = Rect(left, top, left + button_width, height - margin)
    sign_area = Rect(margin, header + margin, width - margin, top - margin)
    return buttons, sign_area, header


def draw_signing_screen(width, height, signer_name, signer_role, language, colour=True):
    """Draw the signing screen; ``colour`` chooses a palette, encoding happens later."""
    buttons, sign_area, header = layout(width, height)
    image = Image.new("RGB", (width, height), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    ink = (0, 0, 0)
    accent = (20, 70, 140) if colour else ink
    font, unicode_ok = _font(max(9, int(header * 0.62)))
    small, _ = _font(max(8, int(header * 0.5)))

    role = messages.role_label(signer_role, language) if signer_role else ""
    title = signer_name if not role else "%s (%s)" % (signer_name, role)
    draw.text((sign_area.x0 + 2, max(1, (header - font.size) // 2 + 1)), _fit_text(title, unicode_ok),
              fill=accent, font=font)

    draw.rectangle([sign_area.x0, sign_area.y0, sign_area.x1 - 1, sign_area.y1 - 1], outline=accent)
    baseline = sign_area.y1 - max(6, (sign_area.y1 - sign_area.y0) // 4)
    draw.line([sign_area.x0 + 6, baseline, sign_area.x1 - 7, baseline], fill=ink)
    prompt = _fit_text(messages.screen_text("title", language), unicode_ok)
    draw.text((sign_area.x0 + 6, baseline + 2), prompt, fill=(120, 120, 120) if colour else ink, font=small)

    label_font, _ = _font(max(8, min(int((buttons["sign"].y1 - buttons["sign"].y0) * 0.45), header)))
    for name, rect in buttons.items():
        fill = {"sign": (30, 120, 60), "clear": (90, 90, 90), "cancel": (170, 40, 40)}[name] if colour else None
        draw.rectangle([rect.x0, rect.y0, rect.x1 - 1, rect.y1 - 1], outline=ink, fill=fill)
        label = _fit_text(messages.screen_text(name, language), unicode_ok)
        box = draw.textbbox((0, 0), label, font=label_font)
        cx, cy = rect.centre
        draw.text((cx - (box[2] - box[0]) / 2.0 - box[0], cy - (box[3] - box[1]) / 2.0 - box[1]), label,
                  fill=(255, 255, 255) if colour else ink, font=label_font)
    return SigningScreen(width, height, image, buttons, sign_area, colour)


def draw_message_screen(width, height, text, colour=True):
    """A plain screen with one message, wrapped to the width (shown after a refusal)."""
    image = Image.new("RGB", (width, height), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    font, unicode_ok = _font(max(9, min(height // 6, width // 22)))
    text = _fit_text(text, unicode_ok)
    lines, current = [], ""
    for word in text.split():
        candidate = (current + " " + word).strip()
        if draw.textlength(candidate, font=font) > width - 8 and current:
            lines.append(current)
            current = word
        else:
            current = candidate
    lines.append(current)
    line_height = int(font.size * 1.25)
    y = max(2, (height - line_height * len(lines)) // 2)
    for line in lines:
        draw.text((4, y), line, fill=(170, 40, 40) if colour else (0, 0, 0), font=font)
        y += line_height
    return image


# --- encoding -----------------------------------------------------------------

def encode_mono(image):
    """1 bit per pixel, rows padded to bytes, MSB first, 1 = white, 0 = ink."""
    return image.convert("L").convert("1", dither=Image.NONE).tobytes()


def encode_rgb565(image):
    """16 bit per pixel RGB565, little-endian."""
    red, green, blue = image.convert("RGB").split()
    low = ImageChops.add(green.point(lambda v: ((v >> 2) & 7) << 5), blue.point(lambda v: v >> 3))
    high = ImageChops.add(red.point(lambda v: (v >> 3) << 3), green.point(lambda v: v >> 5))
    return Image.merge("LA", (low, high)).tobytes()


def encode_rgb24(image):
    """24 bit per pixel, bytes B, G, R."""
    return image.convert("RGB").tobytes("raw", "BGR")


ENCODERS = {
    protocol.ENCODING_MONO: encode_mono,
    protocol.ENCODING_RGB565: encode_rgb565,
    protocol.ENCODING_RGB24: encode_rgb24,
}


def encoded_size(width, height, encoding):
    if encoding == protocol.ENCODING_MONO:
        return (width + 7) // 8 * height
    return width * height * protocol.BITS_PER_PIXEL[encoding] // 8


def encode_for_model(image, encoding):
    return ENCODERS[encoding](image)
