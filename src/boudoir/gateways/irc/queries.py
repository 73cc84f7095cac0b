"""IRC queries: ISUPPORT, LUSERS, MOTD, VERSION, INFO, TIME, WHO (with WHOX), WHOIS, WHOWAS,
USERHOST, ISON, AWAY. (SETNAME, one's description, is nickserv.py's; NAMES and LIST are room
commands: ``channels``.)

Everything shown about a character is what its owner made visible: presence visibility
decides whether someone is found at all, blocks hide people both ways, and no address or
account name is ever shown (every mask is ``name!rp@cloaked``).
"""

from __future__ import annotations

import datetime as dt

from boudoir import __version__
from boudoir.core.commands import Context, presence, run_now
from boudoir.domain.entities import MAX_TOPIC, Status
from boudoir.domain.intents import (
    FindOnline,
    ListOnline,
    ListRoomPresence,
    SetStatus,
    Whois,
    Whowas,
)
from boudoir.domain.names import MAX_NAME, MAX_ROOM_NAME
from boudoir.domain.replies import (
    NeverSeen,
    NotOnline,
    OnlineList,
    Reply,
    RoomPresence,
    StatusSet,
    WhoisShown,
    WhowasShown,
)
from boudoir.gateways.irc import render
from boudoir.gateways.irc.client import IrcClient
from boudoir.gateways.irc.commands import COMMANDS, SERVICES, TARGMAX, command
from boudoir.wire.irc import Message
from boudoir.wire.irc import numerics as n
from boudoir.wire.irc.replies import presence as replies
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
    counts = client.server.world.presence.counts()
    characters, guests, users = counts.characters, counts.guests, counts.users
    most = counts.most_users
    client.reply(
        n.RPL_LUSERCLIENT,
        f"There are {characters} characters and {guests} guests on 1 server",
    )
    client.reply(n.RPL_LUSERUNKNOWN, str(counts.unregistered), "unknown connection(s)")
    client.reply(n.RPL_LUSERCHANNELS, str(counts.rooms), "rooms in use")
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


def _answer(client: IrcClient, intent: presence.InstantIntents) -> Reply:
    conn = client.conn
    assert conn is not None  # these commands need a logged-in character
    return presence.now(Context.of(client.server.world, conn), intent)


def _server(client: IrcClient) -> replies.Server:
    multi_prefix = "multi-prefix" in client.machine.caps
    return replies.Server(client.server.server_name, client.server.network, multi_prefix)


def _send(client: IrcClient, numerics: list[replies.Numeric]) -> None:
    for numeric in numerics:
        client.reply(*numeric)


@command("WHOIS", min_params=1)
def whois(client: IrcClient, message: Message) -> None:
    target = message.params[-1].split(",")[0]
    reply = _answer(client, Whois(target))
    assert isinstance(reply, WhoisShown | NotOnline)
    _send(client, replies.whois(reply, target, _server(client)))


@command("WHOWAS", min_params=1)
def whowas(client: IrcClient, message: Message) -> None:
    target = message.params[0]
    reply = _answer(client, Whowas(target))
    assert isinstance(reply, WhowasShown | NeverSeen)
    _send(client, replies.whowas(reply, target, _server(client)))


@command("WHO")
def who(client: IrcClient, message: Message) -> None:
    mask = message.params[0] if message.params else "*"
    fields: str | None = None
    token = ""
    if len(message.params) > 1 and message.params[1].startswith("%"):
        fields, _, token = message.params[1][1:].partition(",")
        token = token[:3]
    reply = _answer(
        client, ListRoomPresence(mask) if mask.startswith("#") else ListOnline(glob=mask)
    )
    assert isinstance(reply, OnlineList | RoomPresence)
    numerics = replies.who(
        reply, mask, _server(client), fields=fields, token=token, limit=MAX_WHO_RESULTS
    )
    _send(client, numerics)


@command("USERHOST", min_params=1)
def userhost(client: IrcClient, message: Message) -> None:
    reply = _answer(client, FindOnline(tuple(message.params[:5])))
    assert isinstance(reply, OnlineList)
    client.reply(*replies.userhost(reply))


@command("ISON", min_params=1)
def ison(client: IrcClient, message: Message) -> None:
    names = tuple(name for param in message.params for name in param.split())
    reply = _answer(client, FindOnline(names))
    assert isinstance(reply, OnlineList)
    client.reply(*replies.ison(reply))


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
