"""The PROXY protocol, versions 1 and 2 (HAProxy's ``proxy-protocol.txt``): the header a
balancer sends before a client's own bytes, naming the client's address. Sans-I/O: bytes in,
one ``ProxyHeader`` (or an error) out.

A ``ProxyHeaderReader`` takes the first bytes of a connection. It never reads past the header
when the caller reads no more than ``bytes_wanted()`` at a time (a TLS handshake follows the
header on the same socket), and keeps what followed the header (``trailing_data``) when it was
handed more. It is strict: anything but a well-formed header is an error, since only a trusted
proxy's connections are read with it and a bad header there means a misconfigured balancer.

Imports the standard library only.
"""

from __future__ import annotations

import ipaddress
import re
import struct
from dataclasses import dataclass
from typing import Final

V1_PREFIX: Final = b"PROXY "
V1_MAX_LENGTH: Final = 107
"""Bytes of a whole version 1 line, CR LF included (section 2.1: "a receiver may safely
assume that ... the line will never exceed 107 characters")."""
V1_MIN_LENGTH: Final = len(b"PROXY UNKNOWN\r\n")

V2_SIGNATURE: Final = b"\r\n\r\n\x00\r\nQUIT\n"
V2_FIXED_LENGTH: Final = 16
"""The signature, the version and command byte, the family byte and the length (section 2.2)."""
V2_MAX_LENGTH: Final = 4096
"""Bytes of a whole version 2 header we accept: the addresses (36 bytes for IPv6, 216 for
UNIX sockets) and the TLVs HAProxy may add (ALPN, authority, unique id, SSL details) take a
few hundred; the 64 KiB the length field allows would only let a broken proxy hold memory."""

_V1_PORT: Final = re.compile(rb"0|[1-9][0-9]{0,4}")
_V1_IPV4: Final = re.compile(rb"[0-9.]{7,15}")
_V1_IPV6: Final = re.compile(rb"[0-9a-fA-F:.]{2,45}")

_LOCAL: Final = 0x0
_PROXY: Final = 0x1
_UNSPEC: Final = 0x0
_INET: Final = 0x1
_INET6: Final = 0x2
_UNIX: Final = 0x3
_STREAM: Final = 0x1
_IPV4_ADDRESSES: Final = struct.Struct("!4s4sHH")
_IPV6_ADDRESSES: Final = struct.Struct("!16s16sHH")


@dataclass(frozen=True, slots=True)
class ProxyHeader:
    """What a PROXY header said. ``client`` is the client's (address, port); None when the
    connection is the proxy's own or names no IP address (a version 2 LOCAL command, as a
    health check sends; version 1 ``UNKNOWN``; an unspecified or UNIX family): the socket's
    own peer address stands then (sections 2.1 and 2.2)."""

    version: int
    client: tuple[str, int] | None
    length: int
    """Bytes the header took."""


class ProxyHeaderReader:
    """Reads the PROXY header at the start of one connection.

    Feed it with ``receive_data`` (and ``receive_eof`` when the peer closes) until ``done``;
    then ``header`` holds the header, or ``error`` says why there is none. A peer's garbage
    never raises."""

    __slots__ = ("_buffer", "error", "header")

    def __init__(self) -> None:
        self._buffer = b""
        self.header: ProxyHeader | None = None
        self.error: str | None = None

    @property
    def done(self) -> bool:
        return self.header is not None or self.error is not None

    def receive_data(self, data: bytes) -> None:
        if self.done:
            if self.header is not None:
                self._buffer += data  # the client's own bytes, after the header
            return
        self._buffer += data
        self._parse()

    def receive_eof(self) -> None:
        if not self.done:
            self.error = "the connection closed before its PROXY header was complete"

    def trailing_data(self) -> bytes:
        """What came after the header: the client's own first bytes."""
        if self.header is None:
            return b""
        return self._buffer[self.header.length :]

    def bytes_wanted(self) -> int:
        """Bytes that can be read now without reading past the header (at least 1)."""
        buffer = self._buffer
        if self.done:
            return 1
        if not buffer:
            return min(V1_MIN_LENGTH, V2_FIXED_LENGTH)
        if buffer[:1] == V2_SIGNATURE[:1]:
            if len(buffer) < V2_FIXED_LENGTH:
                return V2_FIXED_LENGTH - len(buffer)
            return V2_FIXED_LENGTH + _v2_length(buffer) - len(buffer)
        # Version 1 ends at CR LF: read no further than the shortest line that may remain.
        if buffer.endswith(b"\r"):
            return 1
        return max(2, V1_MIN_LENGTH - len(buffer))

    # --- parsing ------------------------------------------------------------------------------

    def _parse(self) -> None:
        buffer = self._buffer
        if not buffer:
            return
        if buffer[:1] == V2_SIGNATURE[:1]:
            self._parse_v2(buffer)
        elif buffer[:1] == V1_PREFIX[:1]:
            self._parse_v1(buffer)
        else:
            self.error = "the connection did not begin with a PROXY header"

    def _fail(self, reason: str) -> None:
        self.error = reason

    def _parse_v1(self, buffer: bytes) -> None:
        if not buffer.startswith(V1_PREFIX[: len(buffer)]):
            return self._fail("the connection did not begin with a PROXY header")
        end = buffer.find(b"\r\n", 0, V1_MAX_LENGTH)
        if end < 0:
            if len(buffer) >= V1_MAX_LENGTH:
                return self._fail(f"PROXY v1 line longer than {V1_MAX_LENGTH} bytes")
            if b"\n" in buffer:
                return self._fail("PROXY v1 line not ended by CR LF")
            return None
        words = buffer[len(V1_PREFIX) : end].split(b" ")
        length = end + 2
        if words[0] == b"UNKNOWN":
            # Section 2.1: the rest of an UNKNOWN line is ignored; the socket's address stands.
            self.header = ProxyHeader(1, None, length)
            return None
        if len(words) != 5 or words[0] not in (b"TCP4", b"TCP6"):
            return self._fail("PROXY v1 line is not TCP4, TCP6 or UNKNOWN with four fields")
        pattern, kind = (
            (_V1_IPV4, ipaddress.IPv4Address)
            if words[0] == b"TCP4"
            else (_V1_IPV6, ipaddress.IPv6Address)
        )
        source, destination, source_port, destination_port = words[1:]
        try:
            for address in (source, destination):
                if not pattern.fullmatch(address):
                    raise ValueError(address)
                kind(address.decode("ascii"))
            for port in (source_port, destination_port):
                if not _V1_PORT.fullmatch(port) or int(port) > 65535:
                    raise ValueError(port)
        except ValueError:
            return self._fail("PROXY v1 line has a malformed address or port")
        client = str(kind(source.decode("ascii")))
        self.header = ProxyHeader(1, (client, int(source_port)), length)
        return None

    def _parse_v2(self, buffer: bytes) -> None:
        if not buffer.startswith(V2_SIGNATURE[: len(buffer)]):
            return self._fail("the connection did not begin with a PROXY header")
        if len(buffer) < V2_FIXED_LENGTH:
            return None
        version, command = buffer[12] >> 4, buffer[12] & 0x0F
        if version != 2:
            return self._fail(f"PROXY v2 header of unknown version {version}")
        if command not in (_LOCAL, _PROXY):
            return self._fail(f"PROXY v2 header with unknown command {command}")
        length = V2_FIXED_LENGTH + _v2_length(buffer)
        if length > V2_MAX_LENGTH:
            return self._fail(f"PROXY v2 header longer than {V2_MAX_LENGTH} bytes")
        if len(buffer) < length:
            return None
        family, transport = buffer[13] >> 4, buffer[13] & 0x0F
        body = buffer[V2_FIXED_LENGTH:length]
        if command == _LOCAL or family in (_UNSPEC, _UNIX):
            # Section 2.2: a LOCAL connection is the proxy's own (a health check), and an
            # unspecified family carries no address: the socket's address stands.
            if family not in (_UNSPEC, _INET, _INET6, _UNIX):
                return self._fail(f"PROXY v2 header with unknown address family {family}")
            self.header = ProxyHeader(2, None, length)
            return None
        if family not in (_INET, _INET6):
            return self._fail(f"PROXY v2 header with unknown address family {family}")
        if transport != _STREAM:
            return self._fail("PROXY v2 header for a transport other than a TCP stream")
        layout = _IPV4_ADDRESSES if family == _INET else _IPV6_ADDRESSES
        if len(body) < layout.size:
            return self._fail("PROXY v2 header too short for its addresses")
        source, _, source_port, _ = layout.unpack_from(body)
        address = (
            ipaddress.IPv4Address(source) if family == _INET else ipaddress.IPv6Address(source)
        )
        # What follows the addresses is TLVs (section 2.2.7), which nothing here uses.
        self.header = ProxyHeader(2, (str(address), source_port), length)
        return None


def _v2_length(buffer: bytes) -> int:
    """The length field of a version 2 header: the bytes after its fixed 16."""
    value: int = struct.unpack_from("!H", buffer, 14)[0]
    return value
