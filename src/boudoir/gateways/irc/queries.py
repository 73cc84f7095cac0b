"""IRC queries: ISUPPORT, LUSERS, MOTD, VERSION, INFO, TIME, WHO (with WHOX), WHOIS, WHOWAS, NAMES,
LIST (with ELIST), USERHOST, ISON, AWAY, SETNAME.

Everything shown about a character is what its owner made visible: presence visibility
decides whether someone is found at all, blocks hide people both ways, and no address or
account name is ever shown (every mask is ``name!rp@cloaked``).
"""

from __future__ import annotations

import datetime as dt
import fnmatch

from boudoir import __version__
from boudoir.core.commands import Context, run_now
from boudoir.core.registry import Connection
from boudoir.domain.entities import MAX_TOPIC, RoomVisibility, Status
from boudoir.domain.intents import SetStatus
from boudoir.domain.names import MAX_NAME, MAX_ROOM_NAME, name_key
from boudoir.domain.replies import StatusSet
from boudoir.gateways.irc import render
from boudoir.gateways.irc.client import IrcClient
from boudoir.gateways.irc.commands import COMMANDS, SERVICES, TARGMAX, Work, command
from boudoir.gateways.irc.oper import shows_staff
from boudoir.gateways.irc.render import channel, hidden_topic, mask_of
from boudoir.wire.irc import Message
from boudoir.wire.irc import numerics as n
from boudoir.wire.irc.replies.speech import away_reply

MAX_WHO_RESULTS = 200
"""A WHO of a mask answers at most this many people: enough to find someone, not a dump."""
MAX_LIST_KEY = 32


def isupport_lines(client: IrcClient) -> list[list[str]]:
    """RPL_ISUPPORT tokens (Modern IRC "Feature Advertisement"), each one true of this server,
    at most 13 per line."""
    from boudoir.core.logs import HISTORY_LIMIT
    from boudoir.core.rooms import MAX_ROOMS_PER_CONNECTION
    from boudoir.gateways.irc.monitor import MAX_MONITOR

    targmax = ",".join(f"{k}:{v}" for k, v in sorted(TARGMAX.items()))
    tokens = [
        "AWAYLEN=200",
        "CASEMAPPING=rfc8265",
        f"CHANLIMIT=#:{MAX_ROOMS_PER_CONNECTION}",
        "CHANMODES=beI,k,lR,imnst",
        f"CHANNELLEN={MAX_ROOM_NAME + 1}",
        "CHANTYPES=#",
        f"CHATHISTORY={HISTORY_LIMIT}",
        "ELIST=MNU",
        "EXCEPTS=e",
        "INVEX=I",
        "KICKLEN=300",
        "MAXLIST=beI:100",
        "MODES=4",
        f"MONITOR={MAX_MONITOR}",
        "MSGREFTYPES=msgid,timestamp",
        f"NETWORK={client.server.network}",
        f"NICKLEN={MAX_NAME}",
        "PREFIX=(ov)@+",
        "SAFELIST",
        "STATUSMSG=",
        f"TARGMAX={targmax}",
        f"TOPICLEN={MAX_TOPIC}",
        "USERLEN=2",
        "UTF8ONLY",
        "WHOX",
    ]
    return [tokens[i : i + 13] for i in range(0, len(tokens), 13)]


def send_lusers(client: IrcClient) -> None:
    """LUSERS (Modern IRC, "LUSERS message"): the users are the characters online, from every
    gateway, and the guests holding a nick; a connection not yet registered is no user, only
    an unknown connection (253). The counts and the most users seen at once are the core's
    (``Registry.users``), so that every listener and gateway tells the same."""
    registry = client.server.world.registry
    characters = len(registry.by_character)
    guests = len(registry.guest_of)
    users = characters + guests
    most = max(registry.most_users, users)
    client.reply(
        n.RPL_LUSERCLIENT,
        f"There are {characters} characters and {guests} guests on 1 server",
    )
    client.reply(n.RPL_LUSERUNKNOWN, str(registry.unregistered), "unknown connection(s)")
    client.reply(n.RPL_LUSERCHANNELS, str(len(registry.rooms)), "rooms in use")
    client.reply(n.RPL_LUSERME, f"I have {users} clients and 0 servers")
    client.reply(
        n.RPL_LOCALUSERS, str(users), str(most), f"Current local users {users}, max {most}"
    )
    client.reply(
        n.RPL_GLOBALUSERS, str(users), str(most), f"Current global users {users}, max {most}"
    )


def send_motd(client: IrcClient) -> None:
    motd = client.server.motd
    if not motd.strip():
        client.reply(n.ERR_NOMOTD, "MOTD File is missing")
        return
    client.reply(n.RPL_MOTDSTART, f"- {client.server.server_name} Message of the day - ")
    for line in motd.splitlines():
        for piece in render.split_text(line, 400):
            client.reply(n.RPL_MOTD, f"- {piece}")
    client.reply(n.RPL_ENDOFMOTD, "End of /MOTD command.")


@command("MOTD", login=False)
def motd_command(client: IrcClient, message: Message) -> None:
    send_motd(client)


@command("LUSERS", login=False)
def lusers_command(client: IrcClient, message: Message) -> None:
    send_lusers(client)


@command("VERSION", login=False)
def version_command(client: IrcClient, message: Message) -> None:
    client.reply(n.RPL_VERSION, f"boudoir-{__version__}", client.server.server_name, "")
    for tokens in isupport_lines(client):
        client.reply(n.RPL_ISUPPORT, *tokens, "are supported by this server")


@command("INFO", login=False)
def info_command(client: IrcClient, message: Message) -> None:
    """Modern IRC "INFO message": RPL_INFO lines about the server, then RPL_ENDOFINFO. This
    server is the whole network, so a target is answered for it."""
    client.reply(n.RPL_INFO, f"Boudoir {__version__}: a consent-first chat server")
    client.reply(n.RPL_INFO, "IRC, telnet and browser gateways over one core")
    client.reply(n.RPL_ENDOFINFO, "End of INFO list")


@command("TIME", login=False)
def time_command(client: IrcClient, message: Message) -> None:
    now = dt.datetime.now(dt.UTC)
    client.reply(
        n.RPL_TIME,
        client.server.server_name,
        str(int(now.timestamp())),
        "0",
        now.strftime("%A %B %d %Y -- %H:%M:%S +00:00"),
    )


# --- who is who ----------------------------------------------------------------------------


def _visible_online(client: IrcClient, name: str) -> Connection | None:
    """The online character called ``name``, if this client may see it."""
    conn = client.conn
    world = client.server.world
    conns = world.registry.find_character(name)
    if not conns:
        return None
    subject = next(iter(conns))
    if conn is not None and not world.presence.is_visible(conn, subject):
        return None
    return subject


def _status(subject: Connection, client: IrcClient) -> Status:
    presence = client.server.world.registry.presence.get(subject.character.id)
    return presence.status if presence is not None else Status.ONLINE


def _realname(subject: Connection) -> str:
    character = subject.character
    parts = [p for p in (character.pronouns, character.short_description) if p]
    text = " - ".join(parts) or character.name
    return " ".join(text.split())[:200]


def _shared_rooms(client: IrcClient, subject: Connection) -> list[str]:
    """Rooms to show in WHOIS: only those the asker is in too, so nothing new is revealed."""
    conn = client.conn
    if conn is None:
        return []
    world = client.server.world
    mine = conn.rooms
    shown = []
    for other in world.registry.character_connections(subject.character.id):
        for room_id in other.rooms:
            if room_id in mine:
                live = world.registry.rooms.get(room_id)
                if live is not None:
                    prefix = "@" if live.room.is_manager(other.account.id) else ""
                    shown.append(prefix + channel(live.room.name))
    return sorted(set(shown))


@command("WHOIS", min_params=1)
def whois(client: IrcClient, message: Message) -> None:
    target = message.params[-1].split(",")[0]
    subject = _visible_online(client, target)
    if subject is None:
        client.reply(n.ERR_NOSUCHNICK, target, "No such nick/channel")
        client.reply(n.RPL_ENDOFWHOIS, target, "End of /WHOIS list")
        return
    name = subject.character.name
    client.reply(n.RPL_WHOISUSER, name, render.USER, render.HOST, "*", _realname(subject))
    rooms = _shared_rooms(client, subject)
    if rooms:
        client.reply(n.RPL_WHOISCHANNELS, name, " ".join(rooms))
    client.reply(n.RPL_WHOISSERVER, name, client.server.server_name, client.server.network)
    if shows_staff(client, subject):
        client.reply(n.RPL_WHOISOPERATOR, name, "is an IRC operator")
    status = _status(subject, client)
    if status is not Status.ONLINE:
        presence = client.server.world.registry.presence.get(subject.character.id)
        text = presence.message if presence and presence.message else status.value
        client.reply(n.RPL_AWAY, name, text)
    client.reply(n.RPL_WHOISACCOUNT, name, name, "is logged in as")
    client.reply(n.RPL_ENDOFWHOIS, name, "End of /WHOIS list")


@command("WHOWAS", min_params=1)
def whowas(client: IrcClient, message: Message) -> None:
    target = message.params[0]
    found = False
    online = _visible_online(client, target)
    if online is None:
        conn = client.conn
        assert conn is not None
        # The core remembers departures from every gateway, as the asker may know them.
        departure = client.server.world.presence.departed(conn, target)
        if departure is not None:
            name = departure.character.name
            realname = departure.description or name
            client.reply(n.RPL_WHOWASUSER, name, render.USER, render.HOST, "*", realname)
            # RFC 2812 3.6.3 and Modern IRC, RPL_WHOISSERVER: "<server> :<server info>", as
            # WHOIS sends it.
            client.reply(n.RPL_WHOISSERVER, name, client.server.server_name, client.server.network)
            found = True
    if not found:
        client.reply(n.ERR_WASNOSUCHNICK, target, "There was no such nickname")
    client.reply(n.RPL_ENDOFWHOWAS, target, "End of WHOWAS")


def _who_flags(client: IrcClient, subject: Connection, manager: bool, voiced: bool) -> str:
    flags = "G" if _status(subject, client) is not Status.ONLINE else "H"
    if shows_staff(client, subject):
        flags += "*"  # Modern IRC, RPL_WHOREPLY: "*" for an IRC operator
    prefixes = ("@" if manager else "") + ("+" if voiced else "")
    if "multi-prefix" not in client.machine.caps:
        prefixes = prefixes[:1]
    return flags + prefixes


def _who_line(
    client: IrcClient,
    room: str,
    subject: Connection,
    flags: str,
    fields: str | None,
    token: str,
) -> None:
    name = subject.character.name
    realname = _realname(subject)
    if fields is None:
        client.reply(
            n.RPL_WHOREPLY,
            room,
            render.USER,
            render.HOST,
            client.server.server_name,
            name,
            flags,
            f"0 {realname}",
        )
        return
    # WHOX (ircv3.net/specs/extensions/whox): the fields in a fixed order, whatever order
    # they were asked in.
    values = []
    for field in "tcuihsnfdlaor":
        if field not in fields:
            continue
        values.append(
            {
                "t": token or "0",
                "c": room,
                "u": render.USER,
                "i": "255.255.255.255",
                "h": render.HOST,
                "s": client.server.server_name,
                "n": name,
                "f": flags,
                "d": "0",
                "l": "0",
                "a": name,
                "o": "0",
                "r": realname,
            }[field]
        )
    client.reply(n.RPL_WHOSPCRPL, *values)


@command("WHO")
def who(client: IrcClient, message: Message) -> None:
    mask = message.params[0] if message.params else "*"
    fields: str | None = None
    token = ""
    if len(message.params) > 1 and message.params[1].startswith("%"):
        fields, _, token = message.params[1][1:].partition(",")
        token = token[:3]
    conn = client.conn
    assert conn is not None
    world = client.server.world
    if mask.startswith("#"):
        live = world.rooms.seen(conn, mask)
        # Modern IRC, RPL_WHOREPLY: the channel as it is named, whatever case it was asked in;
        # RPL_ENDOFWHO repeats the mask as given.
        room = channel(live.room.name) if live is not None else mask
        for member in world.rooms.members(conn, mask, live) if live is not None else []:
            subject = _visible_online(client, member.character.name)
            if subject is None:
                continue
            flags = _who_flags(client, subject, member.manager, member.voiced)
            _who_line(client, room, subject, flags, fields, token)
    else:
        shown = 0
        pattern = name_key(mask)
        for online in world.presence.online(conn):
            if shown >= MAX_WHO_RESULTS:
                break
            if mask not in ("*", "0") and not fnmatch.fnmatchcase(
                name_key(online.character.name), pattern
            ):
                continue
            subject = _visible_online(client, online.character.name)
            if subject is None:
                continue
            _who_line(
                client, "*", subject, _who_flags(client, subject, False, False), fields, token
            )
            shown += 1
    client.reply(n.RPL_ENDOFWHO, mask, "End of WHO list")


def names_reply(client: IrcClient, room: str, *, end: bool = True) -> None:
    """RPL_NAMREPLY lines for ``room``, then (``end``) its RPL_ENDOFNAMES."""
    conn = client.conn
    assert conn is not None
    world = client.server.world
    live = world.rooms.seen(conn, room)
    members = world.rooms.members(conn, room, live) if live is not None else []
    if members:
        # RFC 2812 3.2.5 and Modern IRC, RPL_NAMREPLY: "@" for a secret channel (+s, which
        # Boudoir's private rooms are too: +is), "*" for a private one (+p, which Boudoir has
        # not), "=" for a public one.
        symbol = "="
        if live is not None and live.room.visibility is not RoomVisibility.PUBLIC:
            symbol = "@"
        multi = "multi-prefix" in client.machine.caps
        full = "userhost-in-names" in client.machine.caps
        entries = []
        for member in members:
            prefix = ("@" if member.manager else "") + ("+" if member.voiced else "")
            if not multi:
                prefix = prefix[:1]
            name = member.character.name
            entries.append(prefix + (mask_of(name) if full else name))
        room_name = channel(live.room.name) if live is not None else room
        # Split so each 353 stays well inside 512 bytes.
        line: list[str] = []
        size = 0
        for entry in entries:
            if size + len(entry) > 380:
                client.reply(n.RPL_NAMREPLY, symbol, room_name, " ".join(line))
                line, size = [], 0
            line.append(entry)
            size += len(entry) + 1
        if line:
            client.reply(n.RPL_NAMREPLY, symbol, room_name, " ".join(line))
    if end:
        client.reply(n.RPL_ENDOFNAMES, shown_room(client, room), "End of /NAMES list")


def shown_room(client: IrcClient, room: str) -> str:
    """``room`` as the room is spelt, when this client may see it (Modern IRC: replies name
    the channel, not the case it was typed in); as given otherwise."""
    conn = client.conn
    assert conn is not None
    rooms = client.server.world.rooms
    live = rooms.seen(conn, room)
    if live is None or (live.room.id not in conn.rooms and not rooms.members(conn, room, live)):
        # Unseen, or showing nobody (everyone there on the other side of a block): as typed,
        # so that the spelling tells nothing of a room that answers as missing.
        return room
    return channel(live.room.name)


@command("NAMES")
def names(client: IrcClient, message: Message) -> None:
    if not message.params:
        client.reply(n.RPL_ENDOFNAMES, "*", "End of /NAMES list")
        return
    # Several channels: their RPL_NAMREPLY lines, then one RPL_ENDOFNAMES naming the list as
    # given (RFC 2812 3.2.5; irctest's testNamesMultipleChannels).
    rooms = message.params[0].split(",")[: TARGMAX["NAMES"]]
    for room in rooms:
        names_reply(client, room, end=False)
    shown = ",".join(shown_room(client, room) for room in rooms)
    client.reply(n.RPL_ENDOFNAMES, shown, "End of /NAMES list")


@command("LIST")
def list_command(client: IrcClient, message: Message) -> Work:
    return _list(client, message.params[0] if message.params else "")


async def _list(client: IrcClient, query: str) -> None:
    """LIST with ELIST (Modern IRC): ``>n``/``<n`` user counts, masks (M) and negated masks
    (N). Each room's topic is shown after its rating."""
    conn = client.conn
    assert conn is not None
    minimum, maximum = -1, 1 << 30
    masks: list[str] = []
    negated: list[str] = []
    for term in (t.strip() for t in query.split(",") if t.strip()):
        if term[0] in "<>" and term[1:].isdigit():
            if term[0] == ">":
                minimum = int(term[1:])
            else:
                maximum = int(term[1:])
        elif term.startswith("!"):
            negated.append(name_key(term[1:]))
        else:
            masks.append(name_key(term))
    client.reply(n.RPL_LISTSTART, "Channel", "Users  Name")
    for listing in await client.server.world.rooms.directory(conn):
        room = listing.room
        key = name_key(channel(room.name))
        if not minimum < listing.members < maximum:
            continue
        if masks and not any(fnmatch.fnmatchcase(key, m) for m in masks):
            continue
        if any(fnmatch.fnmatchcase(key, m) for m in negated):
            continue
        text = hidden_topic(room.name) if listing.topic_hidden else room.topic
        topic = f"[{room.rating.name.lower()}] {text}".strip()
        client.reply(n.RPL_LIST, channel(room.name), str(listing.members), topic)
    client.reply(n.RPL_LISTEND, "End of /LIST")


@command("USERHOST", min_params=1)
def userhost(client: IrcClient, message: Message) -> None:
    replies = []
    for name in message.params[:5]:
        subject = _visible_online(client, name)
        if subject is not None:
            away = "-" if _status(subject, client) is not Status.ONLINE else "+"
            replies.append(f"{subject.character.name}={away}{render.USER}@{render.HOST}")
    client.reply(n.RPL_USERHOST, " ".join(replies))


@command("ISON", min_params=1)
def ison(client: IrcClient, message: Message) -> None:
    found = []
    for param in message.params:
        for name in param.split():
            subject = _visible_online(client, name)
            if subject is not None:
                found.append(subject.character.name)
    client.reply(n.RPL_ISON, " ".join(found))


@command("AWAY")
def away(client: IrcClient, message: Message) -> None:
    conn = client.conn
    assert conn is not None
    text = message.params[0] if message.params else ""
    # AWAYLEN (ISUPPORT): a longer message is cut, not refused.
    intent = SetStatus(Status.AWAY, text[:200]) if text else SetStatus(Status.ONLINE)
    done = run_now(Context.of(client.server.world, conn), intent)
    assert isinstance(done, StatusSet)
    client.reply(*away_reply(done))


@command("SETNAME", min_params=1)
def setname(client: IrcClient, message: Message) -> Work:
    return _setname(client, message.params[0])


async def _setname(client: IrcClient, text: str) -> None:
    """IRCv3 setname: the realname is the character's short description, seen in WHO and
    WHOIS by everyone who may see the character."""
    conn = client.conn
    assert conn is not None
    await client.server.world.describe(conn, text)
    if "setname" in client.machine.caps:
        client.emit("SETNAME", text)
    else:
        client.server_notice("Your description is now: " + text)


@command("HELP", login=False)
def help_command(client: IrcClient, message: Message) -> None:
    lines = [
        "Boudoir on IRC: rooms are channels; your nick is your character.",
        "Poses: /me. Out of character: ((text)). Whisper: /quote WHISPER #room nick :text",
        "Accounts, characters, settings, friends, blocks: /msg NickServ HELP",
    ]
    # Modern IRC "HELP": each line names the subject asked about ("*" for none); a subject
    # that is no command or service of ours gets 524 ERR_HELPNOTFOUND.
    subject = message.params[0] if message.params and message.params[0] else "*"
    if subject != "*" and subject.upper() not in COMMANDS and subject.lower() not in SERVICES:
        client.reply(n.ERR_HELPNOTFOUND, subject, "No help available on this topic")
        return
    client.reply(n.RPL_HELPSTART, subject, lines[0])
    for line in lines[1:]:
        client.reply(n.RPL_HELPTXT, subject, line)
    client.reply(n.RPL_ENDOFHELP, subject, "End of /HELP")
