"""Hanging up while a join or a login waits for the store, through each gateway: the
character does not stay behind, in a room or online, after it left the world, and nothing is
logged as an error."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import pytest

from boudoir.core.world import World
from boudoir.testing.harness import RecordingSession

from ..irc.clients import RawClient, raw_client
from ..web_socket.harness import PASSWORD
from .harness import WAIT, All, TelnetPerson


class Held:
    """Holds one store call (``lookup``: an object and a method name) until the client has hung
    up and the server has noticed (``seen`` was called), then lets it answer; tells when the
    work that made the call (``work``) has ended."""

    def __init__(
        self,
        monkeypatch: pytest.MonkeyPatch,
        *,
        lookup: tuple[object, str],
        seen: tuple[object, str],
        work: tuple[object, str],
    ) -> None:
        self.asked, self.gone, self.answer, self.ended = (asyncio.Event() for _ in range(4))
        look, notice, run = (getattr(*pair) for pair in (lookup, seen, work))

        async def held(*args: object, **kwargs: object) -> object:
            self.asked.set()
            await self.answer.wait()
            return await look(*args, **kwargs)

        def noticed(*args: object, **kwargs: object) -> object:
            try:
                return notice(*args, **kwargs)
            finally:
                self.gone.set()

        async def watched(*args: object, **kwargs: object) -> object:
            try:
                return await run(*args, **kwargs)
            finally:
                self.ended.set()

        for (owner, name), wrapper in ((lookup, held), (seen, noticed), (work, watched)):
            monkeypatch.setattr(owner, name, wrapper)

    async def hang_up(self, hang_up: Callable[[], Awaitable[None]]) -> None:
        async with asyncio.timeout(WAIT):
            await self.asked.wait()
            await hang_up()
            await self.gone.wait()
            self.answer.set()
            await self.ended.wait()


def held_join(world: World, monkeypatch: pytest.MonkeyPatch) -> Held:
    """The next join's room lookup, held until the joiner's connection has left the world."""
    return Held(
        monkeypatch,
        lookup=(world.store.rooms, "find_by_name"),
        seen=(world, "disconnect"),
        work=(world.rooms, "join"),
    )


def held_login(world: World, gateway: object, monkeypatch: pytest.MonkeyPatch) -> Held:
    """The next login's read of the account's blocks, held until ``gateway`` let go of the
    client that hung up."""
    return Held(
        monkeypatch,
        lookup=(world.store.relations, "blocked_either_way"),
        seen=(gateway, "forget"),
        work=(world, "connect"),
    )


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
    held = held_join(world, monkeypatch)
    kai.send("JOIN #fresh")
    await held.hang_up(kai.close)
    assert_no_ghost(world, "Kai", caplog)


async def test_a_browser_closing_while_its_join_waits_leaves_no_ghost(
    world_of_three: All, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    world = world_of_three.site.world
    web = await world_of_three.site.browser("Willow")
    held = held_join(world, monkeypatch)
    await web.send("join", room="fresh", create=True)
    await held.hang_up(web.socket.close)
    assert_no_ghost(world, "Willow", caplog)


async def test_a_telnet_user_hanging_up_while_jumping_leaves_no_ghost(
    world_of_three: All, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    world = world_of_three.site.world
    tess: TelnetPerson = await world_of_three.telnet("Tess")
    await tess.command("look", "lobby")
    await stored_room(world, "Tess", "den")
    held = held_join(world, monkeypatch)
    tess.send("jump den")
    await held.hang_up(tess.close)
    assert_no_ghost(world, "Tess", caplog)


async def test_an_irc_client_hanging_up_while_logging_in_is_not_left_online(
    world_of_three: All, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    world = world_of_three.site.world
    await world_of_three.site.person("Kai")
    held = held_login(world, world_of_three.both.irc, monkeypatch)
    kai = await RawClient.connect(world_of_three.irc_port, "Kai")
    kai.send(f"PASS {PASSWORD}", "NICK Kai", "USER Kai 0 * :Kai")
    await held.hang_up(kai.close)
    assert_no_ghost(world, "Kai", caplog)


async def test_a_telnet_user_hanging_up_while_logging_in_is_not_left_online(
    world_of_three: All, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    world = world_of_three.site.world
    await world_of_three.site.person("Tess")
    held = held_login(world, world_of_three.gateway, monkeypatch)
    tess = await TelnetPerson.connect(world_of_three.telnet_port)
    tess.send(f"connect Tess {PASSWORD}")
    await held.hang_up(tess.close)
    assert_no_ghost(world, "Tess", caplog)
