"""A client's session against one ``IrcConnection``: send lines, read what the server wrote.

Bytes can be fed whole, one byte at a time, or wrapped in junk (blank lines, LF-only line
ends, stray spaces, a trailing partial line of spaces): each scenario must read the same.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping
from typing import Any

from boudoir.wire.irc import IrcConnection, IrcEvent, RegistrationRequested

SERVER = "irc.test"

CAPS: Mapping[str, str | None] = {
    "batch": None,
    "cap-notify": None,
    "draft/account-registration": "before-connect",
    "echo-message": None,
    "labeled-response": None,
    "message-tags": None,
    "sasl": "PLAIN",
    "server-time": None,
    "standard-replies": None,
}

Feeder = Callable[[IrcConnection, bytes], None]


def whole(connection: IrcConnection, data: bytes) -> None:
    connection.receive_data(data)


def byte_by_byte(connection: IrcConnection, data: bytes) -> None:
    for index in range(len(data)):
        connection.receive_data(data[index : index + 1])


def with_junk(connection: IrcConnection, data: bytes) -> None:
    # Blank lines, LF-only ends and leading spaces carry nothing; the trailing spaces stay
    # buffered as the start of the next line.
    connection.receive_data(b"\r\n\n  " + data + b"\n\r\n   ")


FEEDERS = [whole, byte_by_byte, with_junk]


def plain(authzid: str, authcid: str, password: str) -> str:
    """An AUTHENTICATE PLAIN response, Base64-encoded (RFC 4616, IRCv3 sasl-3.1)."""
    return base64.b64encode(f"{authzid}\0{authcid}\0{password}".encode()).decode()


class IrcSession:
    def __init__(
        self,
        feed: Feeder = whole,
        *,
        caps: Mapping[str, str | None] = CAPS,
        **options: Any,
    ) -> None:
        self.connection = IrcConnection(SERVER, capabilities=caps, **options)
        self._feed = feed

    def send(self, *lines: str | bytes) -> list[str]:
        """Send each line with CR LF; return the lines the server wrote back."""
        data = b"".join(
            (line.encode() if isinstance(line, str) else line) + b"\r\n" for line in lines
        )
        return self.send_raw(data)

    def send_raw(self, data: bytes) -> list[str]:
        self._feed(self.connection, data)
        return self.received()

    def received(self) -> list[str]:
        data = self.connection.data_to_send()
        assert data == b"" or data.endswith(b"\r\n")
        return [line.decode() for line in data.split(b"\r\n")[:-1]]

    def events(self) -> list[IrcEvent]:
        return self.connection.events_received()

    def register(self, nick: str = "alice", *caps: str) -> None:
        """Negotiate ``caps`` (if any) and register as ``nick``; forget the exchange."""
        if caps:
            self.send("CAP LS 302", f"CAP REQ :{' '.join(caps)}", "CAP END")
        self.send(f"NICK {nick}", f"USER {nick} 0 * :{nick.title()}")
        assert self.events() == [RegistrationRequested(nick, nick, nick.title())]
        self.connection.complete_registration(nick)
        self.received()
