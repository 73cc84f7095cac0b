"""Handlers of the intents about rooms, and the views of a room they answer with.

What a viewer sees of a room is decided here, once, for every gateway: who is in it (blocked
people absent, ``RoomService.members``), its topic (``core.authored``), its directory listing,
and which rooms a NAMES may show.

Imports ``boudoir.core`` and ``boudoir.domain``.
"""

from __future__ import annotations

from typing import assert_never

from boudoir.core.commands.context import Context
from boudoir.core.registry import Connection, LiveRoom
from boudoir.core.rooms import RoomListing as DirectoryListing
from boudoir.core.world import World
from boudoir.domain.entities import Room, RoomSetting, RoomVisibility, parse_choice
from boudoir.domain.errors import InvalidInput
from boudoir.domain.events import RoomRef
from boudoir.domain.intents.rooms import (
    Banish,
    ChangeRoomSetting,
    FindMember,
    Invite,
    Join,
    Kick,
    ListMembers,
    ListNames,
    ListRoomEntries,
    ListRooms,
    Part,
    PartAll,
    RoomIntents,
    SetTopic,
    ShowRoom,
    ShowTopic,
    TagRoom,
)
from boudoir.domain.names import name_key
from boudoir.domain.ratings import Rating
from boudoir.domain.replies.rooms import (
    Banished,
    Invited,
    Joined,
    MemberFound,
    MemberList,
    NamesList,
    Parted,
    PartedAll,
    RoomEntries,
    RoomEntry,
    RoomList,
    RoomListing,
    RoomMember,
    RoomNames,
    RoomReplies,
    RoomSettings,
    RoomShown,
    RoomTopic,
    TopicShown,
    YouInRoom,
)


async def run(context: Context, intent: RoomIntents) -> RoomReplies | None:
    world = context.world
    match intent:
        case Join(room, key, create):
            conn = context.conn
            live = await world.rooms.join(conn, room, create=create, key=key)
            await world.replay_ready(conn)
            return joined(world, conn, live)
        case Part(room, reason):
            conn = context.conn
            live = world.rooms.live(conn, room)
            world.rooms.leave(conn, room, reason)
            return Parted(live.ref, reason)
        case PartAll():
            return part_all(world, context.conn)
        case ShowTopic(room, reveal):
            live = world.rooms.live(context.conn, room)
            return TopicShown(live.ref, topic_of(world, context.conn, live, reveal=reveal), reveal)
        case SetTopic(room, topic):
            # The core tells every member, this connection included.
            await world.rooms.set_topic(context.conn, room, topic)
            return None
        case TagRoom(room, tags):
            if name_key(room) == "here":
                room = (await world.places.location(context.conn)).name
            await world.rooms.set_tags(context.conn, room, tags)
            return None
        case Invite(room, name):
            live = world.rooms.live(context.conn, room)
            await world.rooms.invite(context.conn, room, name)
            return Invited(name, live.ref)
        case Kick(room, name, reason):
            await world.rooms.kick(context.conn, room, name, reason)
            return None
        case ListMembers(room):
            live = world.rooms.live(context.conn, room)
            return MemberList(live.ref, members_of(world, context.conn, live))
        case ListNames(rooms):
            return NamesList(tuple(names_of(world, context.conn, room) for room in rooms))
        case FindMember(room, name):
            return find_member(world, context.conn, room, name)
        case ListRooms():
            return await list_rooms(context, intent)
        case ShowRoom(room):
            return RoomShown(settings_of(world.rooms.live(context.conn, room)))
        case ListRoomEntries(room, setting):
            live = world.rooms.live(context.conn, room)
            entries = world.rooms.entries(context.conn, room, setting)
            listed = tuple(RoomEntry(e.name, e.set_by, e.set_at) for e in entries)
            return RoomEntries(live.ref, setting, listed)
        case ChangeRoomSetting():
            await change_setting(world, context.conn, intent)
            return None
        case Banish(name, banned):
            owned = await world.rooms.banish(context.conn, name, banned=banned)
            return Banished(name, banned, tuple(owned))
        case _:
            assert_never(intent)


# --- views of a room ---------------------------------------------------------------------------


def settings_of(live: LiveRoom) -> RoomSettings:
    return _settings(live.room, live.ref)


def _settings(room: Room, ref: RoomRef) -> RoomSettings:
    return RoomSettings(
        ref,
        room.rating,
        room.visibility,
        room.moderated,
        room.topic_locked,
        room.key,
        room.member_limit,
        room.created_at,
        room.tags,
        room.newcomer_lines,
        room.cams,
        room.ads,
    )


def topic_of(world: World, conn: Connection, live: LiveRoom, *, reveal: bool = False) -> RoomTopic:
    """The topic of a room ``conn`` is in, as it sees it."""
    view = world.authored.topic(conn, live, reveal=reveal)
    return RoomTopic(
        view.text,
        view.by,
        view.at,
        view.hidden,
        is_set=bool(live.room.topic),
        logged=world.logs.is_on(live.room.id),
    )


def members_of(world: World, conn: Connection, live: LiveRoom) -> tuple[RoomMember, ...]:
    """Who is in a room, as ``conn`` may see them, in name order."""
    return tuple(
        RoomMember(m.character.name, m.status, m.owner, m.manager, m.voiced)
        for m in world.rooms.members(conn, live.room.name, live)
    )


def joined(world: World, conn: Connection, live: LiveRoom) -> Joined:
    """A room ``conn`` is in, as its join reply shows it."""
    room, account = live.room, conn.account.id
    you = YouInRoom(
        owner=room.owner_id == account,
        manager=room.is_manager(account),
        voiced=conn.character.id in live.voiced,
    )
    return Joined(
        settings_of(live),
        topic_of(world, conn, live),
        you,
        members_of(world, conn, live),
        world.logs.state(conn, live),
        tuple(world.replay.room_lines(account, live.room.id)),
        tuple(world.cams.shown(conn, live.room.id)),
    )


def part_all(world: World, conn: Connection) -> PartedAll:
    """Leave every room ``conn`` is in, in the order of their ids."""
    left = []
    for room_id in sorted(conn.rooms):
        live = world.registry.rooms.get(room_id)
        if live is not None:
            world.rooms.leave(conn, live.room.name)
            left.append(live.ref)
    return PartedAll(tuple(left))


def names_of(world: World, conn: Connection, room: str) -> RoomNames:
    """One room of a NAMES: who is in it when ``conn`` may see so (it is in the room, or the
    room is listed for it); a room answering as missing otherwise."""
    live = world.rooms.seen(conn, room)
    if live is None:
        return RoomNames(room, None, (), spelt=False)
    members = members_of(world, conn, live)
    # Showing nobody (everyone there on the other side of a block): named as typed.
    spelt = live.room.id in conn.rooms or bool(members)
    return RoomNames(room, settings_of(live), members, spelt)


def find_member(world: World, conn: Connection, room: str, name: str) -> MemberFound:
    key = name_key(name)
    present = any(name_key(m.character.name) == key for m in world.rooms.members(conn, room))
    # Offline, unknown, or hidden from ``conn`` (a block either way, or their presence
    # setting): not online, alike.
    return MemberFound(name, present, world.presence.find_online(conn, name) is not None)


async def list_rooms(context: Context, intent: ListRooms) -> RoomList:
    """The directory as the asker may see it: a connection's (which then watches it, if
    ``intent.watch``), or (over HTTP) its account's."""
    world = context.world
    if context.connection is None:
        account = await world.accounts.get(context.account_id)
        found = await world.rooms.directory_for(account)
        return RoomList(tuple(_listing(listing, listing.people) for listing in found))
    conn = context.connection
    found = await world.rooms.directory(conn)
    if intent.watch:
        world.rooms.feed.watch(conn, (listing.room.id for listing in found))
    listings = []
    for listing in found:
        people = tuple(m.character.name for m in world.rooms.members(conn, listing.room.name))
        listings.append(_listing(listing, people))
    return RoomList(tuple(listings))


def _listing(listing: DirectoryListing, people: tuple[str, ...]) -> RoomListing:
    room = listing.room
    return RoomListing(
        room.name,
        room.rating,
        room.topic,
        listing.topic_hidden,
        listing.members,
        people,
        room.tags,
        listing.activity,
    )


async def change_setting(world: World, conn: Connection, intent: ChangeRoomSetting) -> None:
    """One setting of a room: the core call for it (the room tells everyone in it, this
    connection too, what changed)."""
    rooms, room, on = world.rooms, intent.room, intent.enabled
    value, target = intent.value, intent.target or ""
    match intent.setting:
        case RoomSetting.KEY:
            await rooms.set_key(conn, room, str(value) if on and value is not None else None)
        case RoomSetting.MODERATED:
            await rooms.set_moderated(conn, room, on)
        case RoomSetting.ADS:
            await rooms.set_ads(conn, room, on)
        case RoomSetting.TOPIC_LOCKED:
            await rooms.set_topic_locked(conn, room, on)
        case RoomSetting.VISIBILITY:
            await rooms.set_visibility(conn, room, parse_choice(RoomVisibility, str(value)))
        case RoomSetting.MEMBER_LIMIT:
            limit = value if on and isinstance(value, int) else None
            await rooms.set_member_limit(conn, room, limit)
        case RoomSetting.RATING:
            await rooms.set_rating(conn, room, Rating.parse(str(value)))
        case RoomSetting.TAGS:
            await rooms.set_tags(conn, room, str(value or "") if on else "")
        case RoomSetting.NEWCOMER_LINES:
            lines = value if on and isinstance(value, int) else 0
            await rooms.set_newcomer_lines(conn, room, lines)
        case RoomSetting.MODERATOR:
            await rooms.set_moderator(conn, room, target, on)
        case RoomSetting.VOICE:
            await rooms.set_voice(conn, room, target, on)
        case RoomSetting.BAN if on:
            await rooms.ban(conn, room, target)
        case RoomSetting.BAN:
            await rooms.unban(conn, room, target)
        case RoomSetting.BAN_EXCEPTION | RoomSetting.INVITE_EXCEPTION if on:
            await rooms.add_exception(conn, room, intent.setting, target)
        case RoomSetting.BAN_EXCEPTION | RoomSetting.INVITE_EXCEPTION:
            await rooms.remove_exception(conn, room, intent.setting, target)
        case RoomSetting.CAMS:
            await rooms.set_cams(conn, room, on)
            if not on:
                world.cams.cams_off(rooms.live(conn, room).room.id)
        case RoomSetting.CAM_BAN if on:
            await rooms.add_exception(conn, room, intent.setting, target)
            world.cams.ban_applied(rooms.live(conn, room).room)
        case RoomSetting.CAM_BAN:
            await rooms.remove_exception(conn, room, intent.setting, target)
        case _:
            raise InvalidInput("That setting cannot be changed here.")
