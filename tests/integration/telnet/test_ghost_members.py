"""Hanging up while a join waits for the store, through each gateway: the character does not
stay behind in the room after it left the world, and nothing is logged as an error."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import pytest

from boudoir.core.world import World
from boudoir.domain.entities import Room
from boudoir.testing.harness import RecordingSession

from ..irc.clients import raw_client
from .harness import WAIT, All, TelnetPerson


class HeldJoin:
    """Holds the store's room lookup of the next join until the joiner has hung up, then lets
    it answer; tells when that join has ended."""

    def __init__(self, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
        self.asked, self.gone, self.ended = asyncio.Event(), asyncio.Event(), asyncio.Event()
        answer = self.answer = asyncio.Event()
        rooms, disconnect, join = world.store.rooms, world.disconnect, world.rooms.join
        find = rooms.find_by_name

        async def held_find(name: str) -> Room | None:
            self.asked.set()
            await answer.wait()
            return await find(name)

        def disconnect_and_tell(*args: object, **kwargs: object) -> None:
            disconnect(*args, **kwargs)  # type: ignore[arg-type]
            self.gone.set()

        async def join_and_tell(*args: object, **kwargs: object) -> object:
            try:
                return await join(*args, **kwargs)  # type: ignore[arg-type]
            finally:
                self.ended.set()

        monkeypatch.setattr(rooms, "find_by_name", held_find)
        monkeypatch.setattr(world, "disconnect", disconnect_and_tell)
        monkeypatch.setattr(world.rooms, "join", join_and_tell)

    async def hang_up_while_joining(self, hang_up: Callable[[], Awaitable[None]]) -> None:
        async with asyncio.timeout(WAIT):
            await self.asked.wait()
            await hang_up()
            await self.gone.wait()
            self.answer.set()
            await self.ended.wait()


def assert_no_ghost(world: World, name: str, caplog: pytest.LogCaptureFixture) -> None:
    registry = world.registry
    assert registry.find_character(name) is None
    haunted = [
        live.room.name
        for live in registry.rooms.values()
        if any(c.character.name == name for c in live.connections())
    ]
    assert haunted == []
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


async def stored_room(world: World, owner: str, name: str) -> None:
    """``name``, made by ``owner`` and stored, with nobody in it (not live)."""
    account = await world.accounts.find(owner)
    connection = await world.connect(RecordingSession(), account)
    try:
        await world.rooms.create(connection, name)
    finally:
        world.disconnect(connection)


async def test_an_irc_client_hanging_up_at_once_after_joining_a_new_channel_leaves_no_ghost(
    world_of_three: All, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    world = world_of_three.site.world
    await world_of_three.site.person("Kai")
    kai = await raw_client(world_of_three.irc_port, "Kai")
    held = HeldJoin(world, monkeypatch)
    kai.send("JOIN #fresh")
    await held.hang_up_while_joining(kai.close)
    assert_no_ghost(world, "Kai", caplog)


async def test_a_browser_closing_while_its_join_waits_leaves_no_ghost(
    world_of_three: All, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    world = world_of_three.site.world
    web = await world_of_three.site.browser("Willow")
    held = HeldJoin(world, monkeypatch)
    await web.send("join", room="fresh", create=True)
    await held.hang_up_while_joining(web.socket.close)
    assert_no_ghost(world, "Willow", caplog)


async def test_a_telnet_user_hanging_up_while_jumping_leaves_no_ghost(
    world_of_three: All, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    world = world_of_three.site.world
    tess: TelnetPerson = await world_of_three.telnet("Tess")
    await tess.command("look", "lobby")
    await stored_room(world, "Tess", "den")
    held = HeldJoin(world, monkeypatch)
    tess.send("jump den")
    await held.hang_up_while_joining(tess.close)
    assert_no_ghost(world, "Tess", caplog)
