"""Handlers of the intents about who is online.

Everything answered is what the subject's owner lets the asker see (``consent.see_presence``
through ``PresenceService``): someone hidden, blocked either way, offline or unknown reads the
same. Imports ``boudoir.core`` and ``boudoir.domain``.
"""

from __future__ import annotations

import fnmatch
from typing import assert_never

from boudoir.core.commands.context import Context
from boudoir.core.registry import Connection, Presence
from boudoir.core.world import World
from boudoir.domain import consent
from boudoir.domain.entities import Status
from boudoir.domain.intents.presence import (
    FindOnline,
    LastSeen,
    ListOnline,
    ListRoomPresence,
    PresenceIntents,
    Whois,
    Whowas,
)
from boudoir.domain.moderation import is_staff
from boudoir.domain.names import name_key
from boudoir.domain.replies.presence import (
    LastOnline,
    MemberOnline,
    NeverSeen,
    NotOnline,
    OnlineList,
    PersonOnline,
    PresenceReplies,
    RoomPresence,
    SharedRoom,
    WhoisShown,
    WhowasShown,
)

InstantIntents = ListOnline | ListRoomPresence | FindOnline | Whois | Whowas
"""The presence intents answered from live state alone, at once (no store)."""


async def run(context: Context, intent: PresenceIntents) -> PresenceReplies:
    match intent:
        case LastSeen(name):
            world = context.world
            return LastOnline(name, await world.places.laston(context.conn, name), world.clock())
        case _:
            return now(context, intent)


def now(context: Context, intent: InstantIntents) -> PresenceReplies:
    """Answer ``intent`` at once, from live state: IRC runs these without waiting."""
    world, viewer = context.world, context.conn
    match intent:
        case ListOnline(prefix, glob):
            return OnlineList(tuple(_online(world, viewer, prefix, glob)))
        case ListRoomPresence(room):
            return room_presence(world, viewer, room)
        case FindOnline(names):
            found = (visible_online(world, viewer, name) for name in names)
            return OnlineList(tuple(person for person in found if person is not None))
        case Whois(name):
            subject = _visible_connection(world, viewer, name)
            if subject is None:
                return NotOnline(name)
            ties = world.registry.ties(viewer.account.id, subject.account.id)
            audience = subject.character.visibility.details
            details = subject.character.details
            shown = consent.see_section(viewer.person, subject.person, audience, ties)
            return WhoisShown(
                person_online(world, subject),
                _shared_rooms(world, viewer, subject),
                details.species if shown else "",
                details.gender if shown else "",
            )
        case Whowas(name):
            if _visible_connection(world, viewer, name) is None:
                # Departures are remembered from every gateway, as the asker may know them.
                departure = world.presence.departed(viewer, name)
                if departure is not None:
                    return WhowasShown(
                        departure.character.name, departure.description, departure.at
                    )
            return NeverSeen(name)
        case _:
            assert_never(intent)


def person_online(world: World, subject: Connection) -> PersonOnline:
    """``subject``'s character as shown to someone who may see it online."""
    character = subject.character
    presence = world.registry.presence.get(character.id, Presence())
    return PersonOnline(
        character.id,
        character.name,
        presence.status,
        presence.message if presence.status is not Status.ONLINE else "",
        character.pronouns,
        character.short_description,
        on_duty(world, subject),
    )


def on_duty(world: World, subject: Connection) -> bool:
    """Whether ``subject``'s character shows as staff on duty: one of its connections took up
    the role (IRC ``OPER``), and its account still has a staff role."""
    if not is_staff(subject.person):
        return False
    return any(c.on_duty for c in world.registry.character_connections(subject.character.id))


def visible_online(world: World, viewer: Connection, name: str) -> PersonOnline | None:
    """The online character called ``name`` as ``viewer`` may see it, or None."""
    subject = _visible_connection(world, viewer, name)
    return None if subject is None else person_online(world, subject)


def _visible_connection(world: World, viewer: Connection, name: str) -> Connection | None:
    conns = world.registry.find_character(name)
    if not conns:
        return None
    subject = next(iter(conns))
    return subject if world.presence.is_visible(viewer, subject) else None


def _online(world: World, viewer: Connection, prefix: str, glob: str) -> list[PersonOnline]:
    key = name_key(prefix) if prefix else ""
    pattern = name_key(glob) if glob and glob not in ("*", "0") else ""
    people = []
    for seen in world.presence.online(viewer):
        name = name_key(seen.character.name)
        if key and not name.startswith(key):
            continue
        if pattern and not fnmatch.fnmatchcase(name, pattern):
            continue
        subject = _visible_connection(world, viewer, seen.character.name)
        if subject is not None:
            people.append(person_online(world, subject))
    return people


def room_presence(world: World, viewer: Connection, room: str) -> RoomPresence:
    """Who is in ``room``, online, as ``viewer`` may see them (nobody when it may not see the
    room)."""
    live = world.rooms.seen(viewer, room)
    if live is None:
        return RoomPresence(None, ())
    members = []
    for member in world.rooms.members(viewer, room, live):
        subject = _visible_connection(world, viewer, member.character.name)
        if subject is not None:
            members.append(
                MemberOnline(person_online(world, subject), member.manager, member.voiced)
            )
    return RoomPresence(live.room.name, tuple(members))


def _shared_rooms(world: World, viewer: Connection, subject: Connection) -> tuple[SharedRoom, ...]:
    """The rooms to show in WHOIS: only those the asker is in too, so nothing new is
    revealed."""
    mine = viewer.rooms
    shown: set[SharedRoom] = set()
    for other in world.registry.character_connections(subject.character.id):
        for room_id in other.rooms & mine:
            live = world.registry.rooms.get(room_id)
            if live is not None:
                shown.add(SharedRoom(live.room.name, live.room.is_manager(other.account.id)))
    return tuple(sorted(shown, key=lambda r: (r.name, r.manager)))
