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
from boudoir.core.registry import Connection, LiveRoom
from boudoir.core.rooms import refused
from boudoir.core.world import World
from boudoir.domain import consent
from boudoir.domain.entities import RoomSetting, RoomVisibility, parse_choice
from boudoir.domain.errors import InvalidInput
from boudoir.domain.events import MemberJoined, MemberLeft, RoomSettingChanged
from boudoir.domain.intents import Intent, Signal
from boudoir.domain.ratings import Rating
from boudoir.domain.replies import Said, Sent, SpeechReplies, Whispered
from boudoir.gateways.web.log_commands import room_logging, run_log_command
from boudoir.gateways.web.scene_commands import run_scene
from boudoir.wire.webjson import (
    TYPING_TAG,
    AcceptRequest,
    Command,
    DeclineRequest,
    Describe,
    Direct,
    Invite,
    Join,
    Kick,
    ListRequests,
    LogConsent,
    Members,
    Part,
    Ping,
    Report,
    RevealTopic,
    Rooms,
    Say,
    SetRoomSetting,
    SetStatus,
    SetTopic,
    SwitchCharacter,
    Typing,
    Whisper,
    Who,
)
from boudoir.wire.webjson.replies import fields

if TYPE_CHECKING:
    from boudoir.gateways.web.socket import WebSession

Fields = Mapping[str, object]

NO_REPLY: Final[Fields] = {"": None}
"""Returned for a command that gets no ``ok`` even with a ``ref`` (typing)."""
SWITCHED: Final = "switched character"


def room_state(world: World, conn: Connection, live: LiveRoom) -> dict[str, object]:
    """A room as the ``join`` reply shows it (docs/websocket.md, "Shapes used in replies")."""
    room = live.room
    account = conn.account.id
    topic = world.authored.topic(conn, live)
    return {
        "name": room.name,
        "rating": room.rating.label,
        "topic": topic.text,
        "topic_by": topic.by,
        "topic_hidden": topic.hidden,
        "visibility": room.visibility.value,
        "moderated": room.moderated,
        "topic_locked": room.topic_locked,
        "key_set": bool(room.key),
        "member_limit": room.member_limit,
        "you": {
            "owner": room.owner_id == account,
            "manager": room.is_manager(account),
            "voiced": conn.character.id in live.voiced,
        },
        "members": members_of(world, conn, live),
        "logging": room_logging(world, conn, live),
    }


def members_of(world: World, conn: Connection, live: LiveRoom) -> list[dict[str, object]]:
    return [
        {
            "name": member.character.name,
            "status": member.status.value,
            "owner": member.owner,
            "manager": member.manager,
            "voiced": member.voiced,
        }
        for member in world.rooms.members(conn, live.room.name, live)
    ]


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
        case Join():
            live = await world.rooms.join(
                conn, command.room, create=command.create, key=command.key
            )
            session.deliver(MemberJoined(world.clock(), live.ref, conn.ref))
            return {"room": room_state(world, conn, live)}
        case Part():
            live = world.rooms.live(conn, command.room)
            world.rooms.leave(conn, command.room, command.reason)
            session.deliver(MemberLeft(world.clock(), live.ref, conn.ref, command.reason))
            return {}
        case _:
            return await _other(world, session, conn, command)


async def _other(world: World, session: WebSession, conn: Connection, command: Command) -> Fields:
    match command:
        case ListRequests() | AcceptRequest() | DeclineRequest() | SetStatus():
            return await run_intent(world, conn, command)
        case Who():
            return {
                "people": [
                    {
                        "name": seen.character.name,
                        "status": seen.status.value,
                        "message": seen.message,
                    }
                    for seen in world.presence.online(conn)
                ]
            }
        case Rooms():
            listings = []
            for listing in await world.rooms.directory(conn):
                room = listing.room
                people = [m.character.name for m in world.rooms.members(conn, room.name)]
                listings.append(
                    {
                        "name": room.name,
                        "rating": room.rating.label,
                        "topic": room.topic,
                        "topic_hidden": listing.topic_hidden,
                        "members": listing.members,
                        "people": people,
                    }
                )
            return {"rooms": listings}
        case Members():
            return {"members": members_of(world, conn, world.rooms.live(conn, command.room))}
        case SetTopic():
            await world.rooms.set_topic(conn, command.room, command.topic)
        case RevealTopic():
            live = world.rooms.live(conn, command.room)
            return {"topic": world.authored.topic(conn, live, reveal=True).text}
        case Invite():
            await world.rooms.invite(conn, command.room, command.name)
        case Describe():
            await world.describe(conn, command.text)
        case SwitchCharacter():
            before = [world.registry.rooms[room_id] for room_id in sorted(conn.rooms)]
            old = conn.ref
            await world.switch_character(conn, command.name)
            if conn.character.id != old.id:
                now = world.clock()
                for live in before:
                    session.deliver(MemberLeft(now, live.ref, old, SWITCHED))
            return {"character": {"name": conn.character.name}}
        case SetRoomSetting():
            await change_setting(world, conn, command)
        case Kick():
            await world.rooms.kick(conn, command.room, command.name, command.reason)
        case Report():
            item = await world.moderation.report(
                conn, command.subject, command.reason, command.evidence
            )
            lines = item.evidence.get("lines")
            genuine = [bool(line["genuine"]) for line in lines] if isinstance(lines, list) else []
            return {"report": item.id, "genuine": genuine}
        case LogConsent():
            return run_log_command(world, conn, command)
        case _:
            scene = await run_scene(world, session, conn, command)
            if scene is not None:
                return scene
    return {}


async def change_setting(
    world: World, conn: Connection, command: SetRoomSetting
) -> RoomSettingChanged | None:
    """One ``room_setting`` command: the core call for its setting (the room tells everyone
    in it, this connection too, what changed)."""
    rooms, room, on = world.rooms, command.room, command.enabled
    value, target = command.value, command.target or ""
    match command.setting:
        case RoomSetting.KEY:
            return await rooms.set_key(conn, room, str(value) if on and value is not None else None)
        case RoomSetting.MODERATED:
            return await rooms.set_moderated(conn, room, on)
        case RoomSetting.TOPIC_LOCKED:
            return await rooms.set_topic_locked(conn, room, on)
        case RoomSetting.VISIBILITY:
            return await rooms.set_visibility(conn, room, parse_choice(RoomVisibility, str(value)))
        case RoomSetting.MEMBER_LIMIT:
            limit = value if on and isinstance(value, int) else None
            return await rooms.set_member_limit(conn, room, limit)
        case RoomSetting.RATING:
            return await rooms.set_rating(conn, room, Rating.parse(str(value)))
        case RoomSetting.MODERATOR:
            return await rooms.set_moderator(conn, room, target, on)
        case RoomSetting.VOICE:
            return await rooms.set_voice(conn, room, target, on)
        case RoomSetting.BAN:
            if on:
                return await rooms.ban(conn, room, target)
            return await rooms.unban(conn, room, target)
        case RoomSetting.BAN_EXCEPTION | RoomSetting.INVITE_EXCEPTION:
            if on:
                return await rooms.add_exception(conn, room, command.setting, target)
            return await rooms.remove_exception(conn, room, command.setting, target)
    raise InvalidInput("That setting cannot be changed here.")
