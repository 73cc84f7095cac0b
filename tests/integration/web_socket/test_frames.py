"""However a client cuts its frames, every command arrives once and in order: the gateway's
own frame reader (whole text frames) and wsproto (everything else) take turns without losing
a byte."""

from __future__ import annotations

import asyncio
import base64
import json
import os
from typing import Any

import pytest
from wsproto import ConnectionType
from wsproto.connection import Connection
from wsproto.events import Message, Ping, Pong
from wsproto.frame_protocol import FrameProtocol

from boudoir.gateways.web import server

from .harness import WAIT, Site, serve_site


class RawBrowser:
    """A WebSocket client over a plain TCP stream: the test decides how frames are cut."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.frames = FrameProtocol(client=True, extensions=[])
        self.encoder = Connection(ConnectionType.CLIENT)

    @classmethod
    async def open(cls, site: Site, name: str) -> RawBrowser:
        token = await site.person(name)
        reader, writer = await asyncio.open_connection("127.0.0.1", site.port)
        key = base64.b64encode(os.urandom(16)).decode()
        writer.write(
            (
                "GET /api/v1/socket HTTP/1.1\r\n"
                f"Host: 127.0.0.1:{site.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
                f"Sec-WebSocket-Protocol: boudoir.v1\r\nCookie: boudoir_session={token}\r\n\r\n"
            ).encode()
        )
        async with asyncio.timeout(WAIT):
            head = await reader.readuntil(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 101")
        browser = cls(reader, writer)
        # The encoder must be in its open state to make frames.
        browser.encoder._state = browser.encoder.state.OPEN  # type: ignore[attr-defined]
        assert (await browser.next_message())["type"] == "welcome"
        # Then the replay of her direct conversations (none yet): docs/websocket.md, "Replay".
        assert await browser.next_message() == {"type": "replay", "room": None, "lines": []}
        return browser

    async def close(self) -> None:
        self.writer.close()
        await self.writer.wait_closed()

    def frame(self, event: Message[str] | Ping) -> bytes:
        return self.encoder.send(event)

    async def next_frame(self) -> Any:
        async with asyncio.timeout(WAIT):
            while True:
                for frame in self.frames.received_frames():
                    return frame
                data = await self.reader.read(65536)
                assert data, "the server closed the connection"
                self.frames.receive_bytes(data)

    async def next_message(self) -> dict[str, Any]:
        while True:
            frame = await self.next_frame()
            if frame.opcode.name == "TEXT":
                message: dict[str, Any] = json.loads(frame.payload)
                return message

    async def replies(self, count: int) -> list[str]:
        refs: list[str] = []
        while len(refs) < count:
            message = await self.next_message()
            if message["type"] in ("ok", "error"):
                refs.append(message["ref"])
        return refs


async def site_browser(site: Site) -> RawBrowser:
    """A raw browser for Alice, closed when the test's site closes."""
    browser = await RawBrowser.open(site, "Alice")
    site.cleanups.append(browser.close)
    return browser


def command(ref: str) -> str:
    return json.dumps({"type": "ping", "ref": ref})


async def test_frames_fed_one_byte_at_a_time_arrive_whole_and_in_order(site: Site) -> None:
    browser = await site_browser(site)
    data = b"".join(browser.frame(Message(data=command(str(n)))) for n in range(5))
    for index in range(len(data)):
        browser.writer.write(data[index : index + 1])
        await browser.writer.drain()
    assert await browser.replies(5) == ["0", "1", "2", "3", "4"]


async def test_a_ping_between_commands_is_answered_and_nothing_is_lost(site: Site) -> None:
    browser = await site_browser(site)
    browser.writer.write(
        browser.frame(Message(data=command("a")))
        + browser.frame(Ping(b"still there?"))
        + browser.frame(Message(data=command("b")))
    )
    seen: list[object] = []
    while len(seen) < 3:
        frame = await browser.next_frame()
        if frame.opcode.name == "PONG":
            seen.append(Pong(bytes(frame.payload)).payload)
        elif frame.opcode.name == "TEXT":
            seen.append(json.loads(frame.payload)["ref"])
    # The pong may overtake the reply to "a" (replies leave once per loop turn); the
    # commands keep their order.
    assert sorted(seen, key=str) == sorted(["a", b"still there?", "b"], key=str)
    assert [ref for ref in seen if isinstance(ref, str)] == ["a", "b"]


async def test_a_fragmented_message_is_read_and_later_ones_too(site: Site) -> None:
    browser = await site_browser(site)
    text = command("split")
    browser.writer.write(
        browser.frame(Message(data=text[:10], message_finished=False))
        + browser.frame(Message(data=text[10:], message_finished=True))
        + browser.frame(Message(data=command("after")))
    )
    assert await browser.replies(2) == ["split", "after"]


async def test_a_browser_that_stops_answering_pings_is_closed_and_one_that_answers_stays(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The server's pings, sped up: a browser that vanished (a laptop lid shut) must go
    # offline; one that answers stays, however long it says nothing.
    monkeypatch.setattr(server, "WS_PING_INTERVAL", 0.05)
    monkeypatch.setattr(server, "WS_PING_TIMEOUT", 0.5)
    async with serve_site() as site:
        alice = await site_browser(site)
        join = {"type": "join", "room": "lobby", "create": True, "ref": "in"}
        alice.writer.write(alice.frame(Message(data=json.dumps(join))))
        assert await alice.replies(1) == ["in"]
        bob = await site.browser("Bob")
        await bob.call("join", room="lobby")
        pings = 0
        while pings < 3:
            frame = await alice.next_frame()
            if frame.opcode.name == "PING":
                alice.writer.write(alice.encoder.send(Pong(bytes(frame.payload))))
                pings += 1
        alice.writer.write(alice.frame(Message(data=command("still here"))))
        assert await alice.replies(1) == ["still here"]
        # Now she answers nothing: the server closes with 1011, and Bob sees her go.
        while (frame := await alice.next_frame()).opcode.name != "CLOSE":
            pass
        assert frame.payload[0] == 1011
        left = await bob.expect("left", name="Alice")
        assert left["quit"] is True
