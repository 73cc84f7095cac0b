"""Profile images: whatever is uploaded is decoded and encoded anew, so what the server keeps
and serves is pixels only (no metadata: no EXIF location, no camera, no comments; no trailing
bytes of another format) at most ``MAX_IMAGE_SIDE`` pixels on its longer side.

Pillow decodes; the formats taken are PNG, JPEG and WebP only, checked from the bytes
themselves, not from what the client claims. Imports ``boudoir.domain`` and Pillow.
"""

from __future__ import annotations

import io
from typing import Final

from PIL import Image, UnidentifiedImageError, features

from boudoir.domain.errors import InvalidInput
from boudoir.domain.profiles import MAX_IMAGE_BYTES, MAX_IMAGE_SIDE

ACCEPTED_FORMATS: Final = frozenset({"PNG", "JPEG", "WEBP"})
MAX_SOURCE_PIXELS: Final = 40_000_000
"""A decoded picture at most this large (a 2 MiB file can claim a huge canvas: a
decompression bomb); a phone photo of 48 megapixels is downscaled by the phone first."""
NOT_AN_IMAGE: Final = "That is not a PNG, JPEG or WebP image."


def reencode(data: bytes) -> tuple[str, bytes]:
    """``(content type, bytes)`` of ``data`` re-encoded (WebP, or PNG when Pillow has no
    WebP), scaled to fit ``MAX_IMAGE_SIDE``. ``InvalidInput`` for anything else, with words
    for a person."""
    if len(data) > MAX_IMAGE_BYTES:
        raise InvalidInput(f"An image is at most {MAX_IMAGE_BYTES // (1024 * 1024)} MiB.")
    try:
        with Image.open(io.BytesIO(data), formats=sorted(ACCEPTED_FORMATS)) as source:
            width, height = source.size
            if width * height > MAX_SOURCE_PIXELS:
                raise InvalidInput("That image is too large in pixels; send a smaller one.")
            source.seek(0)  # the first frame of an animation
            picture = source.convert("RGBA" if _has_alpha(source) else "RGB")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise InvalidInput(NOT_AN_IMAGE) from None
    picture.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if features.check("webp"):
        picture.save(out, "WEBP", quality=85, method=4)
        return "image/webp", out.getvalue()
    picture.save(out, "PNG", optimize=True)
    return "image/png", out.getvalue()


def _has_alpha(picture: Image.Image) -> bool:
    return picture.mode in ("RGBA", "LA", "PA") or (
        picture.mode == "P" and "transparency" in picture.info
    )
