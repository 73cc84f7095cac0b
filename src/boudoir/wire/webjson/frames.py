"""RFC 6455 frames as a server sends them: unmasked (section 5.1: a server never masks), one
frame per message (FIN set, no fragmentation), no extension bits (no compression is
negotiated). Encoding a message once gives bytes that every recipient's socket can take.

Imports the standard library only.
"""

from __future__ import annotations

import struct
from typing import Final

_FIN_TEXT: Final = 0x81
"""FIN bit and opcode 0x1 (text), RFC 6455 section 5.2."""
_FIN_CLOSE: Final = 0x88
"""FIN bit and opcode 0x8 (close)."""

MAX_CONTROL_PAYLOAD: Final = 125
"""RFC 6455 section 5.5: a control frame's payload is at most 125 bytes."""
MAX_CLOSE_REASON: Final = MAX_CONTROL_PAYLOAD - 2
"""Bytes of UTF-8 reason after the two-byte close code."""


def text_frame(payload: bytes) -> bytes:
    """One unmasked text frame holding ``payload``, which must be valid UTF-8 (section 5.6)."""
    length = len(payload)
    if length < 126:
        header = bytes((_FIN_TEXT, length))
    elif length < 65536:
        # Section 5.2: 126 means a 16-bit length follows, 127 a 64-bit one.
        header = struct.pack("!BBH", _FIN_TEXT, 126, length)
    else:
        header = struct.pack("!BBQ", _FIN_TEXT, 127, length)
    return header + payload


def close_reason(reason: str) -> str:
    """``reason`` cut to fit a close frame, without splitting a character."""
    encoded = reason.encode("utf-8", "replace")
    if len(encoded) <= MAX_CLOSE_REASON:
        return encoded.decode()
    return encoded[:MAX_CLOSE_REASON].decode("utf-8", "ignore")


def close_frame(code: int, reason: str = "") -> bytes:
    """An unmasked close frame with ``code`` and ``reason`` (cut by ``close_reason``)."""
    if not 1000 <= code <= 4999:
        raise ValueError(f"close code {code} is outside 1000-4999")
    payload = struct.pack("!H", code) + close_reason(reason).encode()
    return bytes((_FIN_CLOSE, len(payload))) + payload
