"""What Telegram checks of an uploaded photo: that it is a picture, and of what size."""

from __future__ import annotations

import struct

# A file bigger than this cannot be uploaded through the Bot API at all (multipart, 50 MB).
MAX_UPLOAD = 50 * 1024 * 1024
# Telegram refuses photos whose sides add up to more, or are more lopsided than this.
MAX_PHOTO_SIDES = 10_000
MAX_PHOTO_RATIO = 20
# JPEG markers that start a frame and carry its size (SOF0..SOF15 but DHT, JPG and DAC).
_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}


def image_size(content: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG, JPEG or GIF picture; None when it is none of them."""
    if content.startswith(b"\x89PNG\r\n\x1a\n") and content[12:16] == b"IHDR":
        width, height = struct.unpack(">II", content[16:24])
        return width, height
    if content[:6] in (b"GIF87a", b"GIF89a") and len(content) >= 10:
        width, height = struct.unpack("<HH", content[6:10])
        return width, height
    if content.startswith(b"\xff\xd8"):
        return _jpeg_size(content)
    return None


def _jpeg_size(content: bytes) -> tuple[int, int] | None:
    at = 2
    while at + 9 <= len(content):
        if content[at] != 0xFF:
            return None
        marker = content[at + 1]
        (length,) = struct.unpack(">H", content[at + 2 : at + 4])
        if marker in _SOF:
            height, width = struct.unpack(">HH", content[at + 5 : at + 9])
            return width, height
        at += 2 + length
    return None


def photo_problem(content: bytes) -> str | None:
    """Why Telegram would refuse these bytes as a photo (its error text), or None."""
    size = image_size(content)
    if size is None or 0 in size:
        return "IMAGE_PROCESS_FAILED"
    width, height = size
    if width + height > MAX_PHOTO_SIDES or max(width, height) > MAX_PHOTO_RATIO * min(
        width, height
    ):
        return "PHOTO_INVALID_DIMENSIONS"
    return None
