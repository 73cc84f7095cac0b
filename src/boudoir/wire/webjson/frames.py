"""RFC 6455 frames as a server sends them: unmasked (section 5.1: a server never masks), one
frame per message (FIN set, no fragmentation), no extension bits (no compression is
negotiated). Encoding a message once gives bytes that every recipient's socket can take.

And the headers of frames as a client sends them (``read_header``, ``unmask``), for the
gateway's fast path: a whole, masked text frame is read here in a few steps; anything else is
left to a complete WebSocket implementation.

Imports the standard library only.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
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


def control_frame(opcode: int, payload: bytes) -> bytes:
    """An unmasked ping or pong frame (section 5.5): ``payload`` is at most 125 bytes."""
    if len(payload) > MAX_CONTROL_PAYLOAD:
        raise ValueError("a control frame's payload is at most 125 bytes")
    return bytes((0x80 | opcode, len(payload))) + payload


OPCODE_CONTINUATION: Final = 0x0
OPCODE_TEXT: Final = 0x1
OPCODE_BINARY: Final = 0x2
OPCODE_CLOSE: Final = 0x8
OPCODE_PING: Final = 0x9
OPCODE_PONG: Final = 0xA


@dataclass(frozen=True, slots=True)
class FrameHeader:
    """A frame's header as RFC 6455 section 5.2 lays it out."""

    fin: bool
    rsv: int
    """The three reserved bits (0 without extensions)."""
    opcode: int
    mask: bytes | None
    """The 4-byte masking key; None for an unmasked frame (which a client must not send)."""
    length: int
    """Payload bytes."""
    payload_start: int
    """Offset of the payload in the buffer read."""

    @property
    def end(self) -> int:
        """Offset just past the frame in the buffer read."""
        return self.payload_start + self.length

    @property
    def is_plain_text(self) -> bool:
        """A whole text message from a client: FIN, no extension bits, masked (section 5.3)."""
        return self.fin and self.rsv == 0 and self.opcode == OPCODE_TEXT and self.mask is not None


def read_header(data: bytes, start: int = 0) -> FrameHeader | None:
    """The header of the frame at ``data[start:]``; None when ``data`` does not hold all of
    it yet. Reads the header only: the payload may still be arriving."""
    available = len(data) - start
    if available < 2:
        return None
    first, second = data[start], data[start + 1]
    length = second & 0x7F
    position = start + 2
    if length == 126:
        if available < 4:
            return None
        (length,) = struct.unpack_from("!H", data, position)
        position += 2
    elif length == 127:
        if available < 10:
            return None
        (length,) = struct.unpack_from("!Q", data, position)
        position += 8
    mask = None
    if second & 0x80:
        if len(data) < position + 4:
            return None
        mask = bytes(data[position : position + 4])
        position += 4
    return FrameHeader(
        fin=bool(first & 0x80),
        rsv=(first >> 4) & 0x7,
        opcode=first & 0x0F,
        mask=mask,
        length=length,
        payload_start=position,
    )


def unmask(mask: bytes, payload: bytes) -> bytes:
    """``payload`` XOR the repeated 4-byte ``mask`` (section 5.3), as one big-integer XOR."""
    length = len(payload)
    if not length:
        return b""
    key = (mask * (length // 4 + 1))[:length]
    return (int.from_bytes(payload, "big") ^ int.from_bytes(key, "big")).to_bytes(length, "big")
