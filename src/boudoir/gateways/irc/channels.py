"""Channel commands: JOIN, PART, TOPIC, INVITE, KICK. Rooms are channels named ``#room``.

A room's rating and privacy are enforced by the core on JOIN; a refusal arrives as the
numeric an IRC client understands (473 invite only, 474 banned, 475 key, 471 full, 477 for
ratings) and an IRCv3 standard reply saying why in words.
"""

from __future__ import annotations

import contextlib

from boudoir.core.registry import LiveRoom
from boudoir.domain.errors import BoudoirError
from boudoir.domain.names import name_key
from boudoir.gateways.irc.client import IrcClient
from boudoir.gateways.irc.commands import TARGMAX, Work, command
from boudoir.gateways.irc.queries import names_reply
from boudoir.gateways.irc.render import channel
from boudoir.wire.irc import Message
from boudoir.wire.irc import numerics as n


@command("JOIN", min_params=1)
def join(client: IrcClient, message: Message) -> Work | None:
    if message.params[0] == "0":
        # "JOIN 0" leaves every channel (RFC 2812 3.2.1).
        conn = client.conn
        assert conn is not None
        world = client.server.world
        for room_id in sorted(conn.rooms):
            live = world.registry.rooms.get(room_id)
            if live is not None:
                name = channel(live.room.name)
                world.rooms.leave(conn, name)
                client.emit("PART", name)
        return None
    rooms = message.params[0].split(",")
    keys = message.params[1].split(",") if len(message.params) > 1 else []
    if len(rooms) > TARGMAX["JOIN"]:
        client.reply(n.ERR_TOOMANYTARGETS, message.params[0], "Too many targets")
        return None
    return _join(client, rooms, keys)


async def _join(client: IrcClient, rooms: list[str], keys: list[str]) -> None:
    world = client.server.world
    for index, room in enumerate(rooms):
        conn = client.conn
        if conn is None:
            return
        if not room.startswith("#") or len(room) < 2:
            client.reply(n.ERR_NOSUCHCHANNEL, room, "No such channel")
            continue
        key = keys[index] if index < len(keys) else None
        try:
            live = await world.rooms.join(conn, room, create=True, key=key)
        except BoudoirError as error:
            client.handle_error("JOIN", error, room)
            continue
        name = channel(live.room.name)
        if "extended-join" in client.machine.caps:
            character = conn.character.name
            client.emit("JOIN", name, character, character)
        else:
            client.emit("JOIN", name)
        if live.room.topic or world.logs.is_on(live.room.id):
            send_topic(client, live)
        names_reply(client, name)


def send_topic(client: IrcClient, live: LiveRoom, *, reveal: bool = False) -> None:
    """RPL_TOPIC and, when known and not hidden from this client by a block either way,
    RPL_TOPICWHOTIME (who set it, when)."""
    from boudoir.gateways.irc.history import shown_topic

    conn = client.conn
    assert conn is not None
    name = channel(live.room.name)
    client.reply(n.RPL_TOPIC, name, shown_topic(client, live, reveal=reveal))
    topic = client.server.world.authored.topic(conn, live)
    if topic.by and topic.at is not None:
        client.reply(n.RPL_TOPICWHOTIME, name, topic.by, str(int(topic.at.timestamp())))


@command("PART", min_params=1)
def part(client: IrcClient, message: Message) -> None:
    conn = client.conn
    assert conn is not None
    reason = message.params[1] if len(message.params) > 1 else ""
    for room in message.params[0].split(",")[: TARGMAX["PART"]]:
        try:
            live = client.server.world.rooms.live(conn, room)
            client.server.world.rooms.leave(conn, room, reason)
        except BoudoirError as error:
            client.handle_error("PART", error, room)
            continue
        params = (channel(live.room.name), reason) if reason else (channel(live.room.name),)
        client.emit("PART", *params)


@command("TOPIC", min_params=1)
def topic(client: IrcClient, message: Message) -> Work | None:
    conn = client.conn
    assert conn is not None
    room = message.params[0]
    if len(message.params) == 1:
        try:
            live = client.server.world.rooms.live(conn, room)
        except BoudoirError as error:
            client.handle_error("TOPIC", error, room)
            return None
        if live.room.topic or client.server.world.logs.is_on(live.room.id):
            send_topic(client, live)
        else:
            client.reply(n.RPL_NOTOPIC, channel(live.room.name), "No topic is set")
        return None
    return _set_topic(client, room, message.params[1])


async def _set_topic(client: IrcClient, room: str, text: str) -> None:
    conn = client.conn
    assert conn is not None
    try:
        await client.server.world.rooms.set_topic(conn, room, text)
    except BoudoirError as error:
        # A room one is in is named as it is spelt (482); any other as typed (442, 403).
        with contextlib.suppress(BoudoirError):
            room = channel(client.server.world.rooms.live(conn, room).room.name)
        client.handle_error("TOPIC", error, room)
        return
    # The core tells every member, this connection included.


@command("REVEAL", min_params=2)
def reveal(client: IrcClient, message: Message) -> None:
    """``REVEAL #room TOPIC``: read, on purpose, a topic shown as hidden by one's own block
    (RPL_TOPIC with its text, as a TOPIC query answers)."""
    conn = client.conn
    assert conn is not None
    room, what = message.params[0], message.params[1]
    if what.upper() != "TOPIC":
        client.fail("REVEAL", "INVALID_PARAMS", "Use REVEAL #room TOPIC")
        return
    try:
        live = client.server.world.rooms.live(conn, room)
    except BoudoirError as error:
        client.handle_error("REVEAL", error, room)
        return
    if live.room.topic:
        send_topic(client, live, reveal=True)
    else:
        client.reply(n.RPL_NOTOPIC, channel(live.room.name), "No topic is set")


@command("INVITE", min_params=2)
def invite(client: IrcClient, message: Message) -> Work:
    return _invite(client, message.params[0], message.params[1])


async def _invite(client: IrcClient, nick: str, room: str) -> None:
    conn = client.conn
    assert conn is not None
    rooms = client.server.world.rooms
    try:
        live = rooms.live(conn, room)
    except BoudoirError as error:
        client.handle_error("INVITE", error, room)  # 442 or 403 (Modern IRC, INVITE)
        return
    room = channel(live.room.name)  # replies name the channel as it is spelt
    key = name_key(nick)
    if any(name_key(m.character.name) == key for m in rooms.members(conn, room)):
        # Modern IRC, INVITE: someone already on the channel is not invited.
        client.reply(n.ERR_USERONCHANNEL, nick, room, "is already on channel")
        return
    try:
        await rooms.invite(conn, room, nick)
    except BoudoirError as error:
        client.handle_error("INVITE", error, nick, room=room)
        return
    client.reply(n.RPL_INVITING, nick, room)


@command("KICK", min_params=2)
def kick(client: IrcClient, message: Message) -> Work | None:
    """``KICK <channel>{,<channel>} <user>{,<user>} [reason]``: RFC 2812 3.2.8, one channel
    and several users, or as many channels as users (each user out of the channel in the
    same place). At most TARGMAX users; more are dropped (Modern IRC, KICK)."""
    reason = message.params[2] if len(message.params) > 2 else ""
    rooms = message.params[0].split(",")
    targets = message.params[1].split(",")[: TARGMAX["KICK"]]
    if len(rooms) == 1:
        pairs = [(rooms[0], target) for target in targets]
    elif len(rooms) == len(message.params[1].split(",")):
        pairs = list(zip(rooms, targets, strict=False))
    else:
        client.reply(n.ERR_NEEDMOREPARAMS, "KICK", "One channel, or one per user")
        return None
    return _kick(client, pairs, reason)


async def _kick(client: IrcClient, pairs: list[tuple[str, str]], reason: str) -> None:
    conn = client.conn
    assert conn is not None
    rooms = client.server.world.rooms
    for room, target in pairs:
        try:
            room = channel(rooms.live(conn, room).room.name)  # errors name it as spelt
        except BoudoirError as error:
            client.handle_error("KICK", error, room)  # 442 or 403: about the kicker
            continue
        try:
            await rooms.kick(conn, room, target, reason[:300])
        except BoudoirError as error:
            client.handle_error("KICK", error, target, room=room)
