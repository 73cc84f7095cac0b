"""Channels, the MUCK comsys way: public rooms heard from anywhere.

A channel is an ordinary core room the character joined as a member without standing in it
(``RoomService.join``), so the room's rating, bans, key, privacy and blocks hold exactly as for
the browser and IRC, and ``#public`` on IRC is the same conversation as ``pub`` here. The user
names each channel by an alias (``addcom pub=public``); a line whose first word is an alias
speaks in it (``commands.dispatch`` looks aliases up before the room's exits). Aliases live on
the connection and are forgotten when it closes.

Joining, leaving, ``who`` and the directory are room intents run in the core
(``core/commands/rooms.py``); speaking is the core's speech.

Imports ``boudoir.core``, ``boudoir.domain``, ``boudoir.wire``.
"""

from __future__ import annotations

from typing import Final

from boudoir.core import commands
from boudoir.domain.errors import AlreadyInRoom, NotInRoom
from boudoir.domain.events import MessageKind
from boudoir.domain.intents import Join, ListMembers, ListRooms, Part, RoomIntents, ShowRoom
from boudoir.domain.names import name_key
from boudoir.domain.replies import Joined, Reply, RoomList, RoomShown
from boudoir.gateways.telnet.client import TelnetClient
from boudoir.gateways.telnet.commands import COMMANDS, Command, Work, command, usage
from boudoir.gateways.telnet.speech import acknowledge
from boudoir.wire.telnet.commands import Line
from boudoir.wire.telnet.layout import Screen
from boudoir.wire.telnet.render import HIDDEN_TOPIC
from boudoir.wire.telnet.replies import render_reply
from boudoir.wire.telnet.text import Style, clean, columns

PUBLIC_ROOM: Final = "public"
"""The server's public channel (``+pub``), created by the first person who speaks on it."""
PUBLIC_ALIAS: Final = "pub"
MAX_ALIASES: Final = 30
"""Aliases one connection keeps: more channels than anyone follows, and a bound on the dict
(the core separately bounds the rooms one connection is in)."""
MAX_ALIAS_LENGTH: Final = 16
"""An alias is typed before every line: short, like FuzzBall's ``pub`` or ``rp``."""
WHO_WORD: Final = "who"
"""``pub who`` lists who is on the channel (comsys), rather than saying "who"."""


def valid_alias(alias: str) -> str | None:
    """Why ``alias`` cannot name a channel, or None when it can: one word of letters,
    digits, ``-`` or ``_``, not a command word (the command would win) nor a speech prefix."""
    if not alias:
        return "An alias needs at least one character."
    if len(alias) > MAX_ALIAS_LENGTH:
        return f"An alias is at most {MAX_ALIAS_LENGTH} characters."
    if not all(c.isalnum() or c in "-_" for c in alias) or not alias[0].isalnum():
        return "An alias is one word of letters and digits (and - or _)."
    if alias.lower() in COMMANDS:
        return f'"{alias}" is already a command; choose another alias.'
    return None


def channel_kind(text: str) -> tuple[MessageKind, str]:
    """``:waves`` poses, ``;'s`` semiposes, the rest is said (the room speech prefixes)."""
    if text.startswith(":"):
        return MessageKind.POSE, text[1:].lstrip()
    if text.startswith(";"):
        return MessageKind.POSE, text[1:]
    return MessageKind.SAY, text


def _speak(client: TelnetClient, room: str, text: str) -> Work | None:
    conn = client.conn
    assert conn is not None
    kind, text = channel_kind(text.strip())
    if not text.strip():
        client.tell("Say what? Type the alias, then your message.", Style.ERROR)
        return None
    return acknowledge(client, client.server.world.messages.say(conn, room, text, kind))


async def run_room(client: TelnetClient, intent: RoomIntents) -> Reply | None:
    """Run a room intent as the client's character; its reply (refusals raise)."""
    conn = client.conn
    if conn is None:
        return None
    return await commands.run(commands.Context.of(client.server.world, conn), intent)


async def _who(client: TelnetClient, room: str) -> None:
    reply = await run_room(client, ListMembers(room))
    told = (
        None if reply is None else render_reply(reply, Screen(client.width, client.screen_reader))
    )
    if told is not None:
        client.tell(told.text, told.style)


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
        return _who(client, room)
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
    "<alias>",
    channel_line,
    "<alias> <message>   <alias> :<action>   <alias> who",
    "Speak on a channel you added with addcom.",
    topic="channels",
)
"""What ``commands.dispatch`` runs for a line starting with a channel alias (not in the
command table: aliases are each user's own)."""


@command(
    "addcom",
    usage="addcom <alias>=<room>",
    help="""Follow a public room as a channel, from wherever you are: "addcom rp=Tavern" \
joins Tavern, and "rp Hello!" speaks there ("rp :waves" poses). The room's own rules (rating, \
key, bans) apply. "+channels" lists the rooms you may join.""",
    topic="channels",
)
def addcom(client: TelnetClient, line: Line) -> Work | None:
    alias, room = line.left.lower(), line.right.removeprefix("#")
    if not line.has_equals or not alias or not room:
        usage(client, "addcom")
        return None
    problem = valid_alias(alias)
    if problem is not None:
        client.tell(problem, Style.ERROR)
        return None
    if alias in client.channels:
        client.tell(
            f'You already use "{alias}" for {client.channels[alias]}; "delcom {alias}" first.',
            Style.ERROR,
        )
        return None
    if len(client.channels) >= MAX_ALIASES:
        client.tell(f"You can keep at most {MAX_ALIASES} channel aliases.", Style.ERROR)
        return None
    return _addcom(client, alias, room)


async def join_channel(client: TelnetClient, alias: str, room: str, *, create: bool) -> str:
    """Join ``room`` (unless already in it) and name it ``alias``; the room's name."""
    try:
        reply = await run_room(client, Join(room, create=create))
    except AlreadyInRoom:
        reply = await run_room(client, ShowRoom(room))
    name = reply.room.name if isinstance(reply, Joined | RoomShown) else room
    client.channels[alias] = name
    return name


async def _addcom(client: TelnetClient, alias: str, room: str) -> None:
    name = await join_channel(client, alias, room, create=False)
    client.tell(f'Channel {name} added as "{alias}". Type "{alias} <message>" to speak there.')


@command(
    "delcom",
    usage="delcom <alias>",
    help="""Stop following a channel: forgets the alias and leaves the room, unless you stand \
in it or another alias names it.""",
    topic="channels",
)
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
        shown = await run_room(client, ShowRoom(room))
    except NotInRoom:
        shown = None
    # The room one stands in is left by walking out, not by dropping an alias.
    if isinstance(shown, RoomShown) and leave and shown.room.ref.id != client.location:
        await run_room(client, Part(room, "left the channel"))
    client.tell(f'Channel alias "{alias}" removed; you are off {room}.')


@command(
    "comlist",
    usage="comlist",
    help="List your channel aliases and the rooms they name.",
    topic="channels",
)
def comlist(client: TelnetClient, line: Line) -> None:
    if not client.channels:
        client.tell(
            'You have no channels. "addcom <alias>=<room>" adds one; "+pub" speaks on '
            "the public channel."
        )
        return
    rows = [["Alias", "Channel"]] if not client.screen_reader else []
    for alias, room in sorted(client.channels.items()):
        if client.screen_reader:
            rows.append([f"{alias} speaks on {room}"])
        else:
            rows.append([alias, room])
    client.tell(columns(rows, client.width, client.screen_reader))


@command(
    "+pub",
    usage="+pub <message>   +pub :<action>",
    help=f"""Speak on the server's public channel ("{PUBLIC_ROOM}", #{PUBLIC_ROOM} on IRC), \
joining it first if you are not on it; it is then your "{PUBLIC_ALIAS}" channel.""",
    topic="channels",
)
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
    alias = PUBLIC_ALIAS if PUBLIC_ALIAS not in client.channels else ""
    if alias:
        await join_channel(client, alias, PUBLIC_ROOM, create=True)
    else:
        await run_room(client, Join(PUBLIC_ROOM, create=True))
    work = _speak(client, PUBLIC_ROOM, text)
    if work is not None:
        await work


@command(
    "+channels",
    usage="+channels",
    help="The public rooms you may join as channels, with how many people are on each.",
    aliases=("@channels", "+chanlist"),
    topic="channels",
)
def plus_channels(client: TelnetClient, line: Line) -> Work:
    return _list_channels(client)


async def _list_channels(client: TelnetClient) -> None:
    reply = await run_room(client, ListRooms())
    listings = reply.rooms if isinstance(reply, RoomList) else ()
    if not listings:
        client.tell("There are no public rooms yet.")
        return
    mine = {name_key(r): a for a, r in client.channels.items()}
    rows: list[list[str]] = []
    if not client.screen_reader:
        rows.append(["Room", "People", "Alias", "Topic"])
    for listing in sorted(listings, key=lambda item: name_key(item.name)):
        alias = mine.get(name_key(listing.name), "")
        topic = HIDDEN_TOPIC if listing.topic_hidden else clean(listing.topic)
        if client.screen_reader:
            people = f"{listing.members} {'person' if listing.members == 1 else 'people'}"
            cells = [listing.name, people]
            if alias:
                cells.append(f'your alias "{alias}"')
            if topic:
                cells.append(f"topic: {topic}")
            rows.append(cells)
        else:
            rows.append([listing.name, str(listing.members), alias or "-", topic])
    client.tell(columns(rows, client.width, client.screen_reader))
