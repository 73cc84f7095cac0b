"""Telnet bytes for tests, and a client's view of what the server wrote (MCCP2 undone)."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Sequence

from boudoir.wire.telnet import TelnetConnection, TelnetEvent

IAC, SB, SE, WILL, WONT, DO, DONT = 255, 250, 240, 251, 252, 253, 254
GA, EOR_COMMAND, NOP, EC, EL = 249, 239, 241, 247, 248
ECHO, SGA, TTYPE, EOR, NAWS, CHARSET, MSSP, MCCP2, GMCP = 1, 3, 24, 25, 31, 42, 70, 86, 201
MCCP2_START = bytes((IAC, SB, MCCP2, IAC, SE))


def cmd(verb: int, option: int) -> bytes:
    return bytes((IAC, verb, option))


def sb(option: int, payload: bytes) -> bytes:
    return bytes((IAC, SB, option)) + payload.replace(b"\xff", b"\xff\xff") + bytes((IAC, SE))


def ttype_is(name: str) -> bytes:
    return sb(TTYPE, b"\x00" + name.encode())


def naws(width: int, height: int) -> bytes:
    return sb(NAWS, bytes((width >> 8, width & 255, height >> 8, height & 255)))


def gmcp(package: str, data: object = None) -> bytes:
    text = package if data is None else f"{package} {json.dumps(data)}"
    return sb(GMCP, text.encode())


TTYPE_SEND = sb(TTYPE, b"\x01")


class ClientView:
    """What a client reads from the server: plain bytes, with the MCCP2 stream inflated."""

    def __init__(self) -> None:
        self.received = b""
        self._pending = b""
        self._inflater: zlib._Decompress | None = None

    def feed(self, data: bytes) -> None:
        data = self._pending + data
        self._pending = b""
        while data:
            if self._inflater is not None:
                self.received += self._inflater.decompress(data)
                if not self._inflater.eof:
                    return
                data = self._inflater.unused_data
                self._inflater = None
                continue
            start = data.find(MCCP2_START)
            if start == -1:
                keep = next(
                    (
                        n
                        for n in range(len(MCCP2_START) - 1, 0, -1)
                        if MCCP2_START.startswith(data[-n:])
                    ),
                    0,
                )
                self.received += data[: len(data) - keep]
                self._pending = data[len(data) - keep :]
                return
            self.received += data[: start + len(MCCP2_START)]
            data = data[start + len(MCCP2_START) :]
            self._inflater = zlib.decompressobj()


def play(
    chunks: Iterable[bytes], *, compression_allowed: bool = True
) -> tuple[list[TelnetEvent], bytes, TelnetConnection]:
    """Start a connection, feed ``chunks`` in order taking events and output after each, and
    return every event, what the client read, and the connection."""
    connection = TelnetConnection(compression_allowed=compression_allowed)
    connection.start()
    view = ClientView()
    events: list[TelnetEvent] = []
    view.feed(connection.data_to_send())
    for chunk in chunks:
        connection.receive_data(chunk)
        events.extend(connection.events_received())
        view.feed(connection.data_to_send())
    return events, view.received, connection


def ways_to_feed(trace: Sequence[bytes]) -> dict[str, list[bytes]]:
    """The same bytes as recorded, all at once, and one byte at a time."""
    whole = b"".join(trace)
    return {
        "as recorded": list(trace),
        "all at once": [whole],
        "byte by byte": [whole[i : i + 1] for i in range(len(whole))],
    }
