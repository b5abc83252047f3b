"""Handwriting-like signature pictures for demo data and tests (no real
person's signature): a smooth random stroke seeded by the signer's name."""
import hashlib
import io
import math

from PIL import Image, ImageDraw


def signature_png(name, width=300, height=100):
    """PNG bytes of a synthetic signature of ``name``."""
    seed = hashlib.sha256((name or "?").encode("utf-8")).digest()
    image = Image.new("RGBA", (width, height), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    points = []
    steps = 160
    for step in range(steps):
        t = step / float(steps - 1)
        byte = seed[step % len(seed)]
        x = 12 + t * (width - 24)
        y = height / 2.0 + math.sin(t * (6 + seed[0] % 5) * math.pi) * (height / 4.0) \
            + math.sin(t * 23 + byte / 40.0) * (height / 10.0)
        points.append((x, y))
    draw.line(points, fill=(20, 30, 110, 255), width=3)
    underline_y = height - 14
    draw.line([(20, underline_y), (width * 0.45 + seed[1] % 60, underline_y - 4)], fill=(20, 30, 110, 255), width=2)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
