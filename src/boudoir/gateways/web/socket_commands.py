"""What each ``boudoir.v1`` command does: one call into the core, the browser's own copy of
what it did (``wire.webjson.echoes``, before the ``ok``), and the ``ok`` fields
(``wire.webjson.replies``).

Imports ``boudoir.core``, ``boudoir.domain`` and ``boudoir.wire``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

from boudoir.core import commands
from boudoir.core.commands import Context
from boudoir.core.registry import Connection
from boudoir.core.rooms import refused
from boudoir.core.world import World
from boudoir.domain import consent
from boudoir.domain.intents import RollDice, Signal
from boudoir.domain.intents.world import StandIn
from boudoir.domain.replies import Joined, Reply, Rolled, Said, Sent, Whispered
from boudoir.gateways.web import socket_world
from boudoir.wire.webjson import TYPING_TAG, Command, Direct, Ping, Say, Typing, Whisper
from boudoir.wire.webjson.echoes import echoes
from boudoir.wire.webjson.render import render_replay
from boudoir.wire.webjson.replies import fields
from boudoir.wire.webjson.world_commands import InRoom

if TYPE_CHECKING:
    from boudoir.gateways.web.browser import WebSession

Fields = Mapping[str, object]

NO_REPLY: Final[Fields] = {"": None}
"""Returned for a command that gets no ``ok`` even with a ``ref`` (typing)."""


def run_now(world: World, session: WebSession, conn: Connection, command: Command) -> Fields | None:
    """Carry out ``command`` at once if it needs nothing from the store (speech, typing, most
    direct messages): the fields of its ``ok``; None when it must go through ``run``. Domain
    errors raise. This is the hot path: the gateway calls it as a message arrives."""
    match command:
        case Say() if not _logged(world, conn, command.room):
            done = commands.run_now(Context.of(world, conn), command)
        case Whisper() | Direct() | RollDice():
            done = commands.run_now(Context.of(world, conn), command)
        case Ping():
            return {}
        case Typing():
            return _typing(world, conn, command)
        case _:
            return None
    if not isinstance(done, Said | Whispered | Sent | Rolled):
        return None  # needs the store: ``run`` does it
    return _answer(world, session, conn, done)


async def run(world: World, session: WebSession, conn: Connection, command: Command) -> Fields:
    """Carry out ``command`` for ``conn``; the fields of its ``ok``. Domain errors raise."""
    done = run_now(world, session, conn, command)
    if done is not None:
        return done
    match command:
        case Say():
            # A logged room: the ``ok`` waits until the line is stored (the room saw it live).
            said = commands.run_now(Context.of(world, conn), command)
            assert isinstance(said, Said)
            session.deliver(said.event)
            written = world.logs.written(said.event)
            if written is not None:
                await written
            return {"id": said.event.id}
        case Ping() | Typing():  # pragma: no cover - ``run_now`` answers them
            raise AssertionError(command)
        case StandIn():
            return await socket_world.look(world, conn, command)
        case InRoom():
            return await socket_world.in_room(world, conn, command)
        case _:
            reply = await commands.run(Context.of(world, conn), command)
            return _answer(world, session, conn, reply)


def _answer(world: World, session: WebSession, conn: Connection, reply: Reply | None) -> Fields:
    """Show the browser its own copy of what it did, and give the ``ok``'s fields."""
    for event in echoes(reply, conn.ref, world.clock):
        session.deliver(event)
    if isinstance(reply, Joined):
        # What was said there that reached this person, above the live lines (``replay``).
        session.send_payload(render_replay(reply.room.name, reply.replay))
    return (None if reply is None else fields(reply)) or {}


def _logged(world: World, conn: Connection, room: str) -> bool:
    """Whether ``room`` is being logged: speech there is answered only once it is stored."""
    return world.logs.is_on(world.rooms.live(conn, room).room.id)


def _typing(world: World, conn: Connection, command: Typing) -> Fields:
    if command.room is not None:
        target = "#" + command.room.removeprefix("#")
    elif command.to is not None and not command.to.startswith("#"):
        target = command.to
    else:
        raise refused(consent.refuse(consent.Reason.UNAVAILABLE))
    commands.run_now(Context.of(world, conn), Signal(target, ((TYPING_TAG, command.state),)))
    return NO_REPLY
