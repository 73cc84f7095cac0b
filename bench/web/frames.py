"""The client side of RFC 6455, sans-I/O: the opening handshake and frames, for load only.

- ``handshake_request`` / ``check_handshake_response``: the HTTP/1.1 upgrade (RFC 6455 4.1),
  with the ``boudoir.v1`` subprotocol, the session cookie and an ``Origin``.
- ``encode_frame``: a client frame, always masked (RFC 6455 5.3: "a client MUST mask all
  frames that it sends to the server").
- ``FrameDecoder``: server frames to whole messages and control frames, with fragments joined.
- ``complete_prefix``: the hot path of a counting listener. It only walks frame headers, so a
  chunk holding a hundred text frames costs a hundred header reads and no copies.

Imports the standard library only.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass

WEBSOCKET_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
"""RFC 6455 1.3: appended to the client's key to compute ``Sec-WebSocket-Accept``."""

MAX_HANDSHAKE_BYTES = 16384
"""Longest handshake response kept: a 101 with a few headers is well under 1 KiB; anything
this long is not a WebSocket server."""

MAX_MESSAGE_BYTES = 1 << 20
"""Largest server message kept. Boudoir's biggest (a ``join`` reply listing a full room) is
tens of KiB; a longer one means a broken stream, not a message to buffer."""

OPCODE_CONTINUATION = 0x0
OPCODE_TEXT = 0x1
OPCODE_BINARY = 0x2
OPCODE_CLOSE = 0x8
OPCODE_PING = 0x9
OPCODE_PONG = 0xA
"""RFC 6455 5.2, the opcodes; 0x8 and above are control frames (5.5)."""

FIN = 0x80
MASKED = 0x80
LENGTH_16 = 126
LENGTH_64 = 127
"""RFC 6455 5.2: a 7-bit length of 126 means a 16-bit length follows, 127 a 64-bit one."""

PLAIN_TEXT_FRAME = FIN | OPCODE_TEXT
"""First byte of a whole (unfragmented) text frame: all the hot path expects."""


class ProtocolError(Exception):
    """The server broke RFC 6455 (or sent more than the limits above); the message says how."""


class HandshakeFailed(Exception):
    """The server did not switch protocols; the message quotes its status and body."""


@dataclass(frozen=True, slots=True)
class Frame:
    """A whole message (text or binary, fragments joined) or a control frame."""

    opcode: int
    payload: bytes


def new_key() -> bytes:
    """A fresh ``Sec-WebSocket-Key``: 16 random bytes, base64 (RFC 6455 4.1)."""
    return base64.b64encode(os.urandom(16))


def accept_for(key: bytes) -> bytes:
    """The ``Sec-WebSocket-Accept`` a server must answer ``key`` with (RFC 6455 4.2.2)."""
    return base64.b64encode(hashlib.sha1(key + WEBSOCKET_GUID).digest())  # RFC 6455 fixes SHA-1


def handshake_request(
    host: str, port: int, path: str, key: bytes, *, cookie: str, origin: str, subprotocol: str
) -> bytes:
    """The GET that asks to upgrade ``path`` to a WebSocket."""
    return (
        f"GET {path} HTTP/1.1\r\n"
        f"Host: {host}:{port}\r\n"
        "Upgrade: websocket\r\n"
        "Connection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key.decode()}\r\n"
        "Sec-WebSocket-Version: 13\r\n"
        f"Sec-WebSocket-Protocol: {subprotocol}\r\n"
        f"Origin: {origin}\r\n"
        f"Cookie: {cookie}\r\n"
        "\r\n"
    ).encode()


def split_http_head(buffer: bytes) -> tuple[bytes, bytes] | None:
    """(head, rest) once ``buffer`` holds a whole HTTP head, else None."""
    end = buffer.find(b"\r\n\r\n")
    if end < 0:
        if len(buffer) > MAX_HANDSHAKE_BYTES:
            raise HandshakeFailed(f"no end of the HTTP head within {MAX_HANDSHAKE_BYTES} bytes")
        return None
    return buffer[:end], buffer[end + 4 :]


def parse_http_head(head: bytes) -> tuple[int, dict[str, str]]:
    """The status code and headers (names lowercased; repeated ones joined by ``, ``)."""
    status_line, *lines = head.decode("latin-1").split("\r\n")
    parts = status_line.split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/") or not parts[1].isdigit():
        raise HandshakeFailed(f"not an HTTP response: {status_line[:80]!r}")
    headers: dict[str, str] = {}
    for line in lines:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        value = value.strip()
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    return int(parts[1]), headers


def check_handshake_response(head: bytes, key: bytes, subprotocol: str) -> None:
    """Raise ``HandshakeFailed`` unless ``head`` accepts the upgrade asked with ``key``."""
    status, headers = parse_http_head(head)
    if status != 101:
        raise HandshakeFailed(f"HTTP {status} instead of 101 Switching Protocols")
    if headers.get("upgrade", "").lower() != "websocket":
        raise HandshakeFailed("the 101 has no 'Upgrade: websocket'")
    if headers.get("sec-websocket-accept", "").encode() != accept_for(key):
        raise HandshakeFailed("wrong Sec-WebSocket-Accept")
    if headers.get("sec-websocket-protocol") != subprotocol:
        chosen = headers.get("sec-websocket-protocol")
        raise HandshakeFailed(f"subprotocol {chosen!r} selected instead of {subprotocol!r}")


def mask(payload: bytes, key: bytes) -> bytes:
    """XOR ``payload`` with the 4-byte ``key`` repeated (RFC 6455 5.3); its own inverse."""
    size = len(payload)
    if not size:
        return b""
    repeated = (key * (size // 4 + 1))[:size]
    # One big-integer XOR instead of a Python loop over bytes.
    return (int.from_bytes(payload, "little") ^ int.from_bytes(repeated, "little")).to_bytes(
        size, "little"
    )


def encode_frame(opcode: int, payload: bytes, mask_key: bytes | None = None) -> bytes:
    """One final client frame, masked with ``mask_key`` (4 fresh random bytes by default)."""
    key = os.urandom(4) if mask_key is None else mask_key
    size = len(payload)
    if size < LENGTH_16:
        head = bytes((FIN | opcode, MASKED | size))
    elif size < 1 << 16:
        head = bytes((FIN | opcode, MASKED | LENGTH_16)) + size.to_bytes(2, "big")
    else:
        head = bytes((FIN | opcode, MASKED | LENGTH_64)) + size.to_bytes(8, "big")
    return head + key + mask(payload, key)


def encode_close(code: int, reason: str = "") -> bytes:
    """A close frame (RFC 6455 5.5.1): the status code in two bytes, then the reason."""
    return encode_frame(OPCODE_CLOSE, code.to_bytes(2, "big") + reason.encode())


def close_code_and_reason(payload: bytes) -> tuple[int | None, str]:
    """The status code and reason of a close frame's payload (no code: None)."""
    if len(payload) < 2:
        return None, ""
    return int.from_bytes(payload[:2], "big"), payload[2:].decode("utf-8", "replace")


def complete_prefix(buffer: bytes) -> int | None:
    """How many leading bytes of ``buffer`` are whole, final, unmasked text frames of at most
    64 KiB, the only frames Boudoir sends once a client is set up; None as soon as a frame
    starts with anything else (a control frame, a fragment, a masked frame: RFC 6455 5.1 says
    servers never mask), so the caller hands the lot to ``FrameDecoder`` instead.

    The caller may then count markers in ``buffer[:end]`` without decoding a frame.
    """
    end = 0
    size = len(buffer)
    while size - end >= 2:
        if buffer[end] != PLAIN_TEXT_FRAME:
            return None
        length = buffer[end + 1]
        if length < LENGTH_16:
            frame_end = end + 2 + length
        elif length == LENGTH_16:
            if size - end < 4:
                break
            frame_end = end + 4 + ((buffer[end + 2] << 8) | buffer[end + 3])
        else:  # a 64-bit length, or the mask bit
            return None
        if frame_end > size:
            break
        end = frame_end
    return end


class FrameDecoder:
    """Server bytes in, whole frames out: ``receive_data`` returns the frames now complete.

    Text and binary messages come out once, with their fragments joined (RFC 6455 5.4);
    control frames (close, ping, pong) come out as they arrive, even between fragments.
    """

    __slots__ = ("_buffer", "_fragment_opcode", "_fragments")

    def __init__(self) -> None:
        self._buffer = b""
        self._fragments: list[bytes] = []
        self._fragment_opcode: int | None = None

    def receive_data(self, data: bytes) -> list[Frame]:
        buffer = self._buffer + data if self._buffer else data
        frames: list[Frame] = []
        position = 0
        size = len(buffer)
        while size - position >= 2:
            first, second = buffer[position], buffer[position + 1]
            if second & MASKED:
                raise ProtocolError("a masked frame from the server (RFC 6455 5.1)")
            if first & 0x70:
                raise ProtocolError("reserved bits set without a negotiated extension")
            length = second & 0x7F
            head = 2
            if length == LENGTH_16:
                head = 4
            elif length == LENGTH_64:
                head = 10
            if size - position < head:
                break
            if head > 2:
                length = int.from_bytes(buffer[position + 2 : position + head], "big")
            if length > MAX_MESSAGE_BYTES:
                raise ProtocolError(f"a frame of {length} bytes (limit {MAX_MESSAGE_BYTES})")
            end = position + head + length
            if end > size:
                break
            payload = buffer[position + head : end]
            position = end
            frame = self._frame(first & FIN != 0, first & 0x0F, payload)
            if frame is not None:
                frames.append(frame)
        self._buffer = buffer[position:]
        return frames

    def take_pending(self) -> bytes:
        """The bytes of an incomplete frame, handed back (the decoder forgets them)."""
        pending, self._buffer = self._buffer, b""
        return pending

    @property
    def idle(self) -> bool:
        """Whether no bytes and no fragments wait: the fast path may take over again."""
        return not self._buffer and self._fragment_opcode is None

    def _frame(self, final: bool, opcode: int, payload: bytes) -> Frame | None:
        if opcode >= OPCODE_CLOSE:
            if not final or len(payload) > 125:
                raise ProtocolError("a fragmented or long control frame (RFC 6455 5.5)")
            if opcode not in (OPCODE_CLOSE, OPCODE_PING, OPCODE_PONG):
                raise ProtocolError(f"unknown control opcode {opcode:#x}")
            return Frame(opcode, payload)
        if opcode == OPCODE_CONTINUATION:
            if self._fragment_opcode is None:
                raise ProtocolError("a continuation frame with no message to continue")
        elif opcode in (OPCODE_TEXT, OPCODE_BINARY):
            if self._fragment_opcode is not None:
                raise ProtocolError("a new message before the last one's final fragment")
            if final:
                return Frame(opcode, payload)
            self._fragment_opcode = opcode
        else:
            raise ProtocolError(f"unknown data opcode {opcode:#x}")
        self._fragments.append(payload)
        if sum(map(len, self._fragments)) > MAX_MESSAGE_BYTES:
            raise ProtocolError(f"a message over {MAX_MESSAGE_BYTES} bytes")
        if not final:
            return None
        message = Frame(self._fragment_opcode, b"".join(self._fragments))
        self._fragments = []
        self._fragment_opcode = None
        return message
