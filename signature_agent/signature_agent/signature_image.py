"""PNG of a captured signature for the visible signature field of the document.

The image is trimmed to the ink plus a small margin, drawn on a transparent
background in dark blue, with a line width that follows the pen pressure.
It carries no timing, so it reveals nothing of the biometric time series.
"""
import io

from PIL import Image, ImageDraw

INK = (16, 38, 110, 255)
SUPERSAMPLE = 3


def render_png(strokes, units_per_mm=100.0, max_pressure=1023, px_per_mm=8.0, margin_px=8, max_width_px=1200,
               background=None):
    """Render ``strokes`` (lists of ``(x, y, pressure)`` in pad units) to PNG bytes.

    ``background`` None gives a transparent image; pass an RGB(A) tuple for a solid one.
    """
    points = [p for stroke in strokes for p in stroke]
    if not points:
        raise ValueError("nothing to draw")
    x0 = min(p[0] for p in points)
    y0 = min(p[1] for p in points)
    x1 = max(p[0] for p in points)
    y1 = max(p[1] for p in points)
    span_mm = max(x1 - x0, 1) / units_per_mm
    scale_mm = min(px_per_mm, (max_width_px - 2 * margin_px) / span_mm)
    scale = scale_mm / units_per_mm * SUPERSAMPLE
    margin = margin_px * SUPERSAMPLE
    width = int((x1 - x0) * scale) + 2 * margin + 1
    height = int((y1 - y0) * scale) + 2 * margin + 1
    fill = (255, 255, 255, 0) if background is None else tuple(background) + (255,) * (4 - len(background))
    image = Image.new("RGBA", (width, height), fill)
    draw = ImageDraw.Draw(image)
    has_pressure = any(p[2] for p in points)
    base = 0.45 * scale_mm * SUPERSAMPLE  # about 0.45 mm of ink at full pressure

    def to_px(p):
        return ((p[0] - x0) * scale + margin, (p[1] - y0) * scale + margin)

    def width_of(p):
        factor = 0.45 + 0.75 * min(p[2], max_pressure) / float(max_pressure) if has_pressure else 0.8
        return max(1.0, base * factor)

    for stroke in strokes:
        previous = None
        for point in stroke:
            xy = to_px(point)
            radius = width_of(point) / 2.0
            draw.ellipse([xy[0] - radius, xy[1] - radius, xy[0] + radius, xy[1] + radius], fill=INK)
            if previous is not None:
                draw.line([previous, xy], fill=INK, width=int(round(radius * 2)))
            previous = xy
    image = image.resize((max(1, width // SUPERSAMPLE), max(1, height // SUPERSAMPLE)), Image.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
