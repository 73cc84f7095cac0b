"""Channel commands: JOIN, PART, TOPIC, REVEAL, INVITE, KICK, NAMES and LIST. Rooms are
channels named ``#room``.

Each handler parses its parameters into room intents (``boudoir.domain.intents.rooms``), runs
them in the core and sends the reply's numerics (``wire/irc/replies/rooms.py``). A room's
rating and privacy are enforced by the core on JOIN; a refusal arrives as the numeric an IRC
client understands (473 invite only, 474 banned, 475 key, 471 full, 477 for ratings) and an
IRCv3 standard reply saying why in words.

Imports ``boudoir.core``, ``boudoir.domain``, ``boudoir.wire`` and the gateway's own modules.
"""

from __future__ import annotations

from collections.abc import Callable

from boudoir.domain import intents
from boudoir.domain.errors import BoudoirError
from boudoir.domain.replies import (
    Invited,
    Joined,
    MemberFound,
    NamesList,
    Parted,
    PartedAll,
    RoomList,
    RoomNames,
    RoomShown,
    TopicShown,
)
from boudoir.gateways.irc.client import IrcClient
from boudoir.gateways.irc.commands import Work, command
from boudoir.gateways.irc.services import run_intent, send
from boudoir.wire.irc import Message
from boudoir.wire.irc import numerics as n
from boudoir.wire.irc.chathistory import replay_lines
from boudoir.wire.irc.event_lines import mask_of
from boudoir.wire.irc.replies import rooms as replies
from boudoir.wire.irc.replies.rooms import channel
from boudoir.wire.irc.server_info import TARGMAX


async def shown_room(client: IrcClient, verb: str, room: str) -> RoomShown | None:
    """The room as this client sees it; None once the refusal is answered (442 or 403, about
    the sender) or the client is no longer logged in."""
    try:
        shown = await run_intent(client, intents.ShowRoom(room))
    except BoudoirError as error:
        client.handle_error(verb, error, room)
        return None
    return shown if isinstance(shown, RoomShown) else None


async def spelt(client: IrcClient, room: str) -> str:
    """``#room`` as it is spelt when this client is in it; as typed otherwise."""
    try:
        shown = await run_intent(client, intents.ShowRoom(room))
    except BoudoirError:
        return room
    return channel(shown.room.name) if isinstance(shown, RoomShown) else room


def _names_style(client: IrcClient) -> tuple[bool, Callable[[str], str] | None]:
    """(multi-prefix, the mask of userhost-in-names) as this client asked."""
    caps = client.machine.caps
    return "multi-prefix" in caps, mask_of if "userhost-in-names" in caps else None


@command("JOIN", min_params=1)
def join(client: IrcClient, message: Message) -> Work | None:
    if message.params[0] == "0":
        # "JOIN 0" leaves every channel (RFC 2812 3.2.1).
        return _part_all(client)
    rooms = message.params[0].split(",")
    keys = message.params[1].split(",") if len(message.params) > 1 else []
    if len(rooms) > TARGMAX["JOIN"]:
        client.reply(n.ERR_TOOMANYTARGETS, message.params[0], "Too many targets")
        return None
    return _join(client, rooms, keys)


async def _part_all(client: IrcClient) -> None:
    reply = await run_intent(client, intents.PartAll())
    if isinstance(reply, PartedAll):
        for room in reply.rooms:
            client.emit("PART", channel(room.name))


async def _join(client: IrcClient, rooms: list[str], keys: list[str]) -> None:
    for index, room in enumerate(rooms):
        conn = client.conn
        if conn is None:
            return
        if not room.startswith("#") or len(room) < 2:
            client.reply(n.ERR_NOSUCHCHANNEL, room, "No such channel")
            continue
        key = keys[index] if index < len(keys) else None
        try:
            reply = await run_intent(client, intents.Join(room, key, create=True))
        except BoudoirError as error:
            client.handle_error("JOIN", error, room)
            continue
        if not isinstance(reply, Joined):
            return
        name = channel(reply.room.name)
        if "extended-join" in client.machine.caps:
            character = conn.character.name
            client.emit("JOIN", name, character, character)
        else:
            client.emit("JOIN", name)
        send(client, replies.join_topic(reply))
        multi, mask = _names_style(client)
        names = RoomNames(name, reply.room, reply.members, spelt=True)
        send(client, replies.names_reply(NamesList((names,)), multi_prefix=multi, mask=mask))
        caps = client.machine.caps
        if "draft/chathistory" not in caps:
            # A client with chathistory asks for what it wants (CHATHISTORY LATEST, which
            # serves the same replay): sending it unasked would show it twice.
            server = client.server.server_name
            for line in replay_lines(server, reply.room.name, reply.replay, caps):
                client.machine.send_message(line)


@command("PART", min_params=1)
def part(client: IrcClient, message: Message) -> Work:
    reason = message.params[1] if len(message.params) > 1 else ""
    return _part(client, message.params[0].split(",")[: TARGMAX["PART"]], reason)


async def _part(client: IrcClient, rooms: list[str], reason: str) -> None:
    for room in rooms:
        try:
            reply = await run_intent(client, intents.Part(room, reason))
        except BoudoirError as error:
            client.handle_error("PART", error, room)
            continue
        if isinstance(reply, Parted):
            name = channel(reply.room.name)
            client.emit("PART", *((name, reason) if reason else (name,)))


@command("TOPIC", min_params=1)
def topic(client: IrcClient, message: Message) -> Work:
    room = message.params[0]
    if len(message.params) == 1:
        return _show_topic(client, "TOPIC", room, reveal=False)
    return _set_topic(client, room, message.params[1])


async def _show_topic(client: IrcClient, verb: str, room: str, *, reveal: bool) -> None:
    try:
        reply = await run_intent(client, intents.ShowTopic(room, reveal))
    except BoudoirError as error:
        client.handle_error(verb, error, room)
        return
    if isinstance(reply, TopicShown):
        send(client, replies.topic_reply(reply))


async def _set_topic(client: IrcClient, room: str, text: str) -> None:
    try:
        await run_intent(client, intents.SetTopic(room, text))
    except BoudoirError as error:
        # A room one is in is named as it is spelt (482); any other as typed (442, 403).
        client.handle_error("TOPIC", error, await spelt(client, room))
    # The core tells every member, this connection included.


@command("REVEAL", min_params=2)
def reveal(client: IrcClient, message: Message) -> Work | None:
    """``REVEAL #room TOPIC``: read, on purpose, a topic shown as hidden by one's own block
    (RPL_TOPIC with its text, as a TOPIC query answers)."""
    room, what = message.params[0], message.params[1]
    if what.upper() != "TOPIC":
        client.fail("REVEAL", "INVALID_PARAMS", "Use REVEAL #room TOPIC")
        return None
    return _show_topic(client, "REVEAL", room, reveal=True)


@command("INVITE", min_params=2)
def invite(client: IrcClient, message: Message) -> Work:
    return _invite(client, message.params[0], message.params[1])


async def _invite(client: IrcClient, nick: str, room: str) -> None:
    shown = await shown_room(client, "INVITE", room)  # Modern IRC, INVITE
    if shown is None:
        return
    room = channel(shown.room.name)  # replies name the channel as it is spelt
    found = await run_intent(client, intents.FindMember(room, nick))
    if isinstance(found, MemberFound) and found.present:
        # Modern IRC, INVITE: someone already on the channel is not invited.
        client.reply(n.ERR_USERONCHANNEL, nick, room, "is already on channel")
        return
    try:
        reply = await run_intent(client, intents.Invite(room, nick))
    except BoudoirError as error:
        client.handle_error("INVITE", error, nick, room=room)
        return
    if isinstance(reply, Invited):
        send(client, replies.invited_reply(reply))


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
    for room, target in pairs:
        shown = await shown_room(client, "KICK", room)
        if shown is None:
            continue
        room = channel(shown.room.name)  # errors name it as spelt
        try:
            await run_intent(client, intents.Kick(room, target, reason[:300]))
        except BoudoirError as error:
            client.handle_error("KICK", error, target, room=room)


@command("NAMES")
def names(client: IrcClient, message: Message) -> Work | None:
    if not message.params:
        client.reply(n.RPL_ENDOFNAMES, "*", "End of /NAMES list")
        return None
    return _names(client, tuple(message.params[0].split(",")[: TARGMAX["NAMES"]]))


async def _names(client: IrcClient, rooms: tuple[str, ...]) -> None:
    reply = await run_intent(client, intents.ListNames(rooms))
    if isinstance(reply, NamesList):
        multi, mask = _names_style(client)
        send(client, replies.names_reply(reply, multi_prefix=multi, mask=mask))


@command("LIST")
def list_command(client: IrcClient, message: Message) -> Work:
    return _list(client, message.params[0] if message.params else "")


async def _list(client: IrcClient, query: str) -> None:
    reply = await run_intent(client, intents.ListRooms())
    if isinstance(reply, RoomList):
        send(client, replies.list_reply(reply, query))
