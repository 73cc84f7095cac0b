"""Channels, the MUCK comsys way (``wire.telnet.commands.channels``): public rooms heard from
anywhere. A channel is an ordinary core room the character joined as a member without standing
in it, so the room's rating, bans, key, privacy and blocks hold exactly as for the browser and
IRC (``#public`` on IRC is ``pub`` here). The user names each channel by an alias (``addcom
pub=public``); a line whose first word is an alias speaks in it (``commands.dispatch`` looks
aliases up before the room's exits). Aliases live on the connection and die with it. Joining,
leaving, ``who`` and the directory are room intents; speaking is the core's speech.
"""

from __future__ import annotations

from typing import Final

from boudoir.domain.errors import AlreadyInRoom, NotInRoom
from boudoir.domain.intents import Join, ListMembers, ListRooms, Part, ShowRoom
from boudoir.domain.names import name_key
from boudoir.domain.replies import Joined, RoomList, RoomShown
from boudoir.gateways.telnet.client import TelnetClient
from boudoir.gateways.telnet.commands import (
    COMMANDS,
    Command,
    Work,
    documented,
    perform,
    run_intent,
    usage,
)
from boudoir.gateways.telnet.speech import acknowledge
from boudoir.wire.telnet.commands import Line
from boudoir.wire.telnet.commands.channels import (
    ADDCOM,
    COMLIST,
    DELCOM,
    MAX_ALIASES,
    PLUS_CHANNELS,
    PLUS_PUB,
    PUBLIC_ALIAS,
    PUBLIC_ROOM,
    WHO_WORD,
    alias_problem,
    channel_kind,
)
from boudoir.wire.telnet.commands.channels import CHANNEL_LINE as CHANNEL_DOC
from boudoir.wire.telnet.layout import Screen
from boudoir.wire.telnet.replies.channels import alias_table, channel_table
from boudoir.wire.telnet.text import Style


def valid_alias(alias: str) -> str | None:
    """Why ``alias`` cannot name a channel, or None when it can: one word of letters,
    digits, ``-`` or ``_``, not a command word (the command would win) nor a speech prefix."""
    problem = alias_problem(alias)
    if problem is None and alias.lower() in COMMANDS:
        return f'"{alias}" is already a command; choose another alias.'
    return problem


def _speak(client: TelnetClient, room: str, text: str) -> Work | None:
    conn = client.conn
    assert conn is not None
    kind, text = channel_kind(text.strip())
    if not text.strip():
        client.tell("Say what? Type the alias, then your message.", Style.ERROR)
        return None
    return acknowledge(client, client.server.world.messages.say(conn, room, text, kind))


def channel_line(client: TelnetClient, line: Line) -> Work | None:
    """``<alias> <message>``: speak on the channel the alias names."""
    room = client.channels.get(line.word)
    if room is None:
        return None
    if not line.args.strip():
        client.tell(f"Usage: {line.word} <message>   or   {line.word} :<action>", Style.ERROR)
        return None
    if line.switch:
        client.tell(f'Channels have no switches; type "{line.word} <message>".', Style.ERROR)
        return None
    if line.args.strip().lower() == WHO_WORD:
        return run_intent(client, ListMembers(room))
    try:
        return _speak(client, room, line.args)
    except NotInRoom:
        client.tell(
            f'You are no longer on {room}. Type "delcom {line.word}", then "addcom '
            f'{line.word}={room}" to join again.',
            Style.ERROR,
        )
        return None


CHANNEL_LINE: Final = Command(
    CHANNEL_DOC.name, channel_line, CHANNEL_DOC.usage, CHANNEL_DOC.help, topic=CHANNEL_DOC.topic
)
"""What ``commands.dispatch`` runs for a line starting with a channel alias (not in the
command table: aliases are each user's own)."""


@documented(ADDCOM)
def addcom(client: TelnetClient, line: Line) -> Work | None:
    alias, room = line.left.lower(), line.right.removeprefix("#")
    if not line.has_equals or not alias or not room:
        usage(client, "addcom")
        return None
    problem = valid_alias(alias)
    if problem is None and alias in client.channels:
        problem = f'You already use "{alias}" for {client.channels[alias]}; "delcom {alias}" first.'
    if problem is None and len(client.channels) >= MAX_ALIASES:
        problem = f"You can keep at most {MAX_ALIASES} channel aliases."
    if problem is not None:
        client.tell(problem, Style.ERROR)
        return None
    return _addcom(client, alias, room)


async def join_channel(client: TelnetClient, alias: str, room: str, *, create: bool) -> str:
    """Join ``room`` (unless already in it) and name it ``alias``; the room's name."""
    try:
        reply = await perform(client, Join(room, create=create))
    except AlreadyInRoom:
        reply = await perform(client, ShowRoom(room))
    name = reply.room.name if isinstance(reply, Joined | RoomShown) else room
    client.channels[alias] = name
    return name


async def _addcom(client: TelnetClient, alias: str, room: str) -> None:
    name = await join_channel(client, alias, room, create=False)
    client.tell(f'Channel {name} added as "{alias}". Type "{alias} <message>" to speak there.')


@documented(DELCOM)
def delcom(client: TelnetClient, line: Line) -> Work | None:
    alias = line.args.strip().lower()
    if not alias:
        usage(client, "delcom")
        return None
    room = client.channels.pop(alias, None)
    if room is None:
        client.tell(f'You have no channel alias "{alias}". Type "comlist".', Style.ERROR)
        return None
    still_named = any(name_key(r) == name_key(room) for r in client.channels.values())
    return _delcom(client, alias, room, leave=not still_named)


async def _delcom(client: TelnetClient, alias: str, room: str, *, leave: bool) -> None:
    try:
        shown = await perform(client, ShowRoom(room))
    except NotInRoom:
        shown = None
    # The room one stands in is left by walking out, not by dropping an alias.
    if isinstance(shown, RoomShown) and leave and shown.room.ref.id != client.location:
        await perform(client, Part(room, "left the channel"))
    client.tell(f'Channel alias "{alias}" removed; you are off {room}.')


@documented(COMLIST)
def comlist(client: TelnetClient, line: Line) -> None:
    client.tell(alias_table(client.channels, Screen(client.width, client.screen_reader)))


@documented(PLUS_PUB)
def plus_pub(client: TelnetClient, line: Line) -> Work | None:
    text = line.args.strip()
    if not text:
        usage(client, "+pub")
        return None
    conn = client.conn
    assert conn is not None
    try:
        client.server.world.rooms.live(conn, PUBLIC_ROOM)
    except NotInRoom:
        return _join_public_and_speak(client, text)
    return _speak(client, PUBLIC_ROOM, text)


async def _join_public_and_speak(client: TelnetClient, text: str) -> None:
    if PUBLIC_ALIAS not in client.channels:
        await join_channel(client, PUBLIC_ALIAS, PUBLIC_ROOM, create=True)
    else:
        await perform(client, Join(PUBLIC_ROOM, create=True))
    work = _speak(client, PUBLIC_ROOM, text)
    if work is not None:
        await work


@documented(PLUS_CHANNELS)
async def plus_channels(client: TelnetClient, line: Line) -> None:
    reply = await perform(client, ListRooms())
    listings = reply.rooms if isinstance(reply, RoomList) else ()
    screen = Screen(client.width, client.screen_reader)
    client.tell(channel_table(listings, client.channels, screen))
