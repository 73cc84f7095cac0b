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
from boudoir.core.logs import HISTORY_LIMIT
from boudoir.core.rooms import MAX_ROOMS_PER_CONNECTION
from boudoir.domain.entities import Status
from boudoir.domain.intents import (
    FindOnline,
    ListOnline,
    ListRoomPresence,
    SetStatus,
    Whois,
    Whowas,
)
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
from boudoir.gateways.irc.client import IrcClient
from boudoir.gateways.irc.commands import COMMANDS, SERVICES, command
from boudoir.gateways.irc.services import send
from boudoir.wire.irc import Message
from boudoir.wire.irc import server_info as info
from boudoir.wire.irc.replies import presence as replies
from boudoir.wire.irc.replies.speech import away_reply
from boudoir.wire.irc.server_info import AWAY_LENGTH

MAX_WHO_RESULTS = 200
"""A WHO of a mask answers at most this many people: enough to find someone, not a dump."""


def isupport_lines(client: IrcClient) -> list[tuple[str, ...]]:
    return info.isupport(client.server.network, MAX_ROOMS_PER_CONNECTION, HISTORY_LIMIT)


def welcome_burst(client: IrcClient, nick: str) -> None:
    """Registration done (Modern IRC, "Connection Registration"): 001-005, LUSERS (the core's
    counts, the same from every listener and gateway) and the MOTD."""
    server = client.server
    send(
        client,
        info.welcome(
            nick,
            server.server_name,
            server.network,
            __version__,
            isupport_lines(client),
            server.world.presence.counts(),
            server.motd,
            invisible=client.invisible,
        ),
    )


@command("MOTD", login=False)
def motd_command(client: IrcClient, message: Message) -> None:
    send(client, info.motd(client.server.server_name, client.server.motd))


@command("LUSERS", login=False)
def lusers_command(client: IrcClient, message: Message) -> None:
    send(client, info.lusers(client.server.world.presence.counts()))


@command("VERSION", login=False)
def version_command(client: IrcClient, message: Message) -> None:
    send(client, info.version_reply(client.server.server_name, __version__, isupport_lines(client)))


@command("INFO", login=False)
def info_command(client: IrcClient, message: Message) -> None:
    send(client, info.info(__version__))


@command("TIME", login=False)
def time_command(client: IrcClient, message: Message) -> None:
    client.reply(*info.time_reply(client.server.server_name, dt.datetime.now(dt.UTC)))


@command("HELP", login=False)
def help_command(client: IrcClient, message: Message) -> None:
    subject = message.params[0] if message.params and message.params[0] else "*"
    known = subject.upper() in COMMANDS or subject.lower() in SERVICES
    send(client, info.help_reply(subject, known))


# --- who is who ----------------------------------------------------------------------------


def _answer(client: IrcClient, intent: presence.InstantIntents) -> Reply:
    conn = client.conn
    assert conn is not None  # these commands need a logged-in character
    return presence.now(Context.of(client.server.world, conn), intent)


def _server(client: IrcClient) -> replies.Server:
    multi_prefix = "multi-prefix" in client.machine.caps
    return replies.Server(client.server.server_name, client.server.network, multi_prefix)


@command("WHOIS", min_params=1)
def whois(client: IrcClient, message: Message) -> None:
    target = message.params[-1].split(",")[0]
    reply = _answer(client, Whois(target))
    assert isinstance(reply, WhoisShown | NotOnline)
    send(client, replies.whois(reply, target, _server(client)))


@command("WHOWAS", min_params=1)
def whowas(client: IrcClient, message: Message) -> None:
    target = message.params[0]
    reply = _answer(client, Whowas(target))
    assert isinstance(reply, WhowasShown | NeverSeen)
    send(client, replies.whowas(reply, target, _server(client)))


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
    send(client, numerics)


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
    intent = SetStatus(Status.AWAY, text[:AWAY_LENGTH]) if text else SetStatus(Status.ONLINE)
    done = run_now(Context.of(client.server.world, conn), intent)
    assert isinstance(done, StatusSet)
    client.reply(*away_reply(done))
