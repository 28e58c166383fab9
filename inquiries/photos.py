"""Photos from families: read as images or refused, then re-encoded so that nothing but the
picture leaves the upload.

A phone photo carries EXIF metadata (the GPS position where it was taken, the phone, the time);
a file that claims to be a photo may be anything. Every upload is decoded by Pillow, turned the
right way up, shrunk to at most `MAX_SIDE` pixels and written again as a new JPEG from its
pixels only: no EXIF, no XMP, no ICC profile, no comment survives, and a file Pillow cannot
decode as a picture is refused.
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
MAX_PHOTOS = 3
MAX_SIDE = 1600
# Far above any phone camera; a "decompression bomb" declaring more pixels is refused unread.
MAX_PIXELS = 60_000_000
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF"}


class PhotoRefused(ValueError):
    """An upload that is not a photo this server can read, or too large."""


def reencode(data: bytes) -> bytes:
    """The photo as a fresh JPEG with no metadata; PhotoRefused when it is not a readable image."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise PhotoRefused("too large")
    if not data:
        raise PhotoRefused("empty")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in ACCEPTED_FORMATS:
                    raise PhotoRefused("not a photo")
                if image.width * image.height > MAX_PIXELS:
                    raise PhotoRefused("too many pixels")
                image.load()
                upright = ImageOps.exif_transpose(image)
                upright.thumbnail((MAX_SIDE, MAX_SIDE))
                rgb = upright.convert("RGB")
    except PhotoRefused:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning, EOFError):
        raise PhotoRefused("not a photo") from None
    # A new image from the pixels alone: whatever the original carried stays behind.
    clean = Image.new("RGB", rgb.size)
    clean.paste(rgb)
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue()
