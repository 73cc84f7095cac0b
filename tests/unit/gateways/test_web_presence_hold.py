"""A browser's presence changes wait a moment to be written together (``PRESENCE_HOLD_SECONDS``):
when thousands log in at once, each browser gets a few writes a second, not one per arrival.
They are only ever delayed, never reordered behind what came after them, and never lost."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any, cast

from boudoir.core.passwords import Argon2Hasher
from boudoir.core.world import World
from boudoir.domain.entities import Status
from boudoir.domain.events import CharacterRef, PresenceChanged
from boudoir.domain.ids import CharacterId
from boudoir.gateways.stream import FlushAfter
from boudoir.gateways.web.browser import WebSession
from boudoir.gateways.web.options import WebOptions
from boudoir.gateways.web.socket import SocketEndpoint
from boudoir.gateways.web.wsprotocol import FrameWriter
from boudoir.testing.fakes import MemoryStore
from boudoir.testing.harness import FAST_HASHING

AT = dt.datetime(2026, 12, 8, 12, 0, tzinfo=dt.UTC)


class Socket:
    """What a browser's socket was written, one entry per ``write``."""

    def __init__(self) -> None:
        self.writes: list[bytes] = []
        self.closed: tuple[int, str] | None = None

    def write(self, data: bytes) -> None:
        assert self.closed is None, "written after the close"
        self.writes.append(data)

    def get_write_buffer_size(self) -> int:
        return 0

    def close(self, code: int, reason: str = "") -> None:
        self.closed = (code, reason)


def browsers(count: int) -> tuple[SocketEndpoint, list[WebSession], list[Socket]]:
    async def nobody(token: str) -> Any:
        return None

    world = World(MemoryStore(), Argon2Hasher(FAST_HASHING))
    endpoint = SocketEndpoint(world, nobody, WebOptions())
    sockets = [Socket() for _ in range(count)]
    sessions = [WebSession(endpoint, None, cast(FrameWriter, s), "login") for s in sockets]
    return endpoint, sessions, sockets


def arrived(name: str) -> PresenceChanged:
    return PresenceChanged(AT, CharacterRef(CharacterId("c" + name), name), True, Status.ONLINE, "")


async def next_turn() -> None:
    """Let the loop run the turn's flush (no waiting on a clock)."""
    await asyncio.sleep(0)
    await asyncio.sleep(0)


async def test_arrivals_over_several_turns_reach_a_browser_in_one_write_in_order() -> None:
    endpoint, (session,), (socket,) = browsers(1)
    for name in ("Ann", "Bea", "Cal"):
        session.deliver(arrived(name))
        await next_turn()
    assert socket.writes == []  # held, not lost: they are due when the hold ends
    endpoint.held_flusher.release()
    (written,) = socket.writes
    assert written.index(b'"Ann"') < written.index(b'"Bea"') < written.index(b'"Cal"')


async def test_anything_else_goes_out_at_once_behind_the_changes_held() -> None:
    endpoint, (session,), (socket,) = browsers(1)
    session.deliver(arrived("Ann"))
    session.send_payload(b'{"type":"ok","id":1}')
    await next_turn()
    (written,) = socket.writes
    assert written.index(b'"Ann"') < written.index(b'"ok"')
    endpoint.held_flusher.release()  # nothing left to write: no empty write
    assert len(socket.writes) == 1


async def test_the_hold_ends_by_itself_for_every_browser_with_one_timer() -> None:
    endpoint, sessions, sockets = browsers(3)
    endpoint.held_flusher = FlushAfter(0.0)  # the same timer, due at once: no clock to wait on
    for session in sessions:
        session.deliver(arrived("Ann"))
    assert all(s.writes == [] for s in sockets)
    await next_turn()
    assert all(len(s.writes) == 1 for s in sockets)
    assert all(b'"Ann"' in s.writes[0] for s in sockets)


async def test_a_browser_closing_gets_what_was_held_before_the_close_and_nothing_after() -> None:
    endpoint, (session,), (socket,) = browsers(1)
    session.deliver(arrived("Ann"))
    session.end(1000, "bye")
    assert socket.closed == (1000, "bye")
    assert len(socket.writes) == 1
    assert b'"Ann"' in socket.writes[0]
    endpoint.held_flusher.release()  # the timer's end finds it closed: no write after
    assert len(socket.writes) == 1
