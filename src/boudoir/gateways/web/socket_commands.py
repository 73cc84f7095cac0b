"""What each ``boudoir.v1`` command does: one call into the core, and the ``ok`` fields.

Echoes are this module's job: the core does not send a connection its own room message,
whisper, direct message, arrival or departure (each gateway shows them as its protocol
wants), and the browser shows them as the events everyone else gets, before the ``ok``.

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
from boudoir.domain.events import MemberJoined, MemberLeft
from boudoir.domain.intents import (
    Intent,
    Join,
    LogIntent,
    ModerationIntent,
    Part,
    PresenceIntent,
    RoomIntent,
    SceneIntent,
    Signal,
)
from boudoir.domain.replies import (
    CharacterSwitched,
    Joined,
    Parted,
    Said,
    Sent,
    SpeechReplies,
    Whispered,
)
from boudoir.gateways.web.scene_commands import run_scene_intent
from boudoir.wire.webjson import (
    TYPING_TAG,
    AcceptRequest,
    Command,
    DeclineRequest,
    Describe,
    Direct,
    ListRequests,
    Ping,
    Say,
    SetStatus,
    SwitchCharacter,
    Typing,
    Whisper,
)
from boudoir.wire.webjson.replies import fields

if TYPE_CHECKING:
    from boudoir.gateways.web.socket import WebSession

Fields = Mapping[str, object]

NO_REPLY: Final[Fields] = {"": None}
"""Returned for a command that gets no ``ok`` even with a ``ref`` (typing)."""
SWITCHED: Final = "switched character"


def run_now(world: World, session: WebSession, conn: Connection, command: Command) -> Fields | None:
    """Carry out ``command`` at once if it needs nothing from the store (speech, typing, most
    direct messages): the fields of its ``ok``; None when it must go through ``run``. Domain
    errors raise. This is the hot path: the gateway calls it as a message arrives."""
    match command:
        case Say() if not _logged(world, conn, command.room):
            return _spoken(session, commands.run_now(Context.of(world, conn), command))
        case Whisper() | Direct():
            return _spoken(session, commands.run_now(Context.of(world, conn), command))
        case Ping():
            return {}
        case Typing():
            return _typing(world, conn, command)
        case _:
            return None


def _spoken(session: WebSession, done: SpeechReplies | None) -> Fields | None:
    """The browser's own copy of what it said (before the ``ok``), and the ``ok``'s fields;
    None when it needs the store (``run`` does it)."""
    if not isinstance(done, Said | Whispered | Sent):
        return None
    session.deliver(done.event)
    return fields(done)


async def run_intent(world: World, conn: Connection, intent: Intent) -> Fields:
    """Run an intent through the core: the fields of its ``ok`` (the reply's JSON shape)."""
    reply = await commands.run(Context.of(world, conn), intent)
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
        case Direct():
            sent = await commands.run(Context.of(world, conn), command)
            assert isinstance(sent, Sent)
            session.deliver(sent.event)
            return {"id": sent.event.id}
        case Join() | Part():
            # The browser shows its own arrival and departure as everyone else sees them.
            reply = await commands.run(commands.Context.of(world, conn), command)
            if isinstance(reply, Joined):
                session.deliver(MemberJoined(world.clock(), reply.room.ref, conn.ref))
            elif isinstance(reply, Parted):
                session.deliver(MemberLeft(world.clock(), reply.room, conn.ref, reply.reason))
            return (None if reply is None else fields(reply)) or {}
        case RoomIntent():
            return await run_intent(world, conn, command)
        case _:
            return await _other(world, session, conn, command)


async def _other(world: World, session: WebSession, conn: Connection, command: Command) -> Fields:
    match command:
        case ListRequests() | AcceptRequest() | DeclineRequest() | SetStatus():
            return await run_intent(world, conn, command)
        case PresenceIntent():
            return await run_intent(world, conn, command)
        case Describe():
            return await run_intent(world, conn, command)
        case SwitchCharacter():
            switched = await commands.run(commands.Context.of(world, conn), command)
            assert isinstance(switched, CharacterSwitched)
            if switched.before is not None:
                now = world.clock()
                for left in switched.left:
                    session.deliver(MemberLeft(now, left, switched.before, SWITCHED))
            return fields(switched) or {}
        case ModerationIntent():
            return await run_intent(world, conn, command)
        case LogIntent():
            return await run_intent(world, conn, command)
        case SceneIntent():
            return await run_scene_intent(world, session, conn, command)
    return {}
