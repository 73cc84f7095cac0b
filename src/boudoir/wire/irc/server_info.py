"""What an IRC server says of itself, sans-I/O: the welcome burst (001-005, LUSERS, the MOTD;
Modern IRC, "Connection Registration"), RPL_ISUPPORT, VERSION, INFO, TIME and HELP, each as
numerics (the numeric and its parameters after the client's nick).

Imports the standard library, ``boudoir.domain`` and ``wire.irc``.
"""

from __future__ import annotations

import datetime as dt
from typing import Final, Protocol

from boudoir.domain.entities import MAX_TOPIC
from boudoir.domain.names import MAX_NAME, MAX_ROOM_NAME
from boudoir.wire.irc import numerics as n
from boudoir.wire.irc.event_lines import split_text

Numeric = tuple[str, ...]

TARGMAX: Final = {
    "PRIVMSG": 4, "NOTICE": 4, "JOIN": 10, "PART": 10, "NAMES": 10, "WHOIS": 1, "KICK": 4,
}  # fmt: skip
"""Targets one command may name (ISUPPORT ``TARGMAX``)."""
MAX_MONITOR: Final = 100
"""Names one connection may monitor (ISUPPORT ``MONITOR``): a friend list's worth, bounded
so that a client's list costs the server little."""
AWAY_LENGTH: Final = 200
"""ISUPPORT ``AWAYLEN``: a longer away message is cut, not refused."""
HELP_LINES: Final = (
    "Boudoir on IRC: rooms are channels; your nick is your character.",
    "Poses: /me. Out of character: ((text)). Whisper: /quote WHISPER #room nick :text",
    "Accounts, characters, settings, friends, blocks: /msg NickServ HELP",
)


class UserCounts(Protocol):
    """How many are on (the core's ``Counts``)."""

    @property
    def characters(self) -> int: ...
    @property
    def guests(self) -> int: ...
    @property
    def users(self) -> int: ...
    @property
    def most_users(self) -> int: ...
    @property
    def unregistered(self) -> int: ...
    @property
    def rooms(self) -> int: ...


def isupport(network: str, channel_limit: int, history_limit: int) -> list[Numeric]:
    """RPL_ISUPPORT (Modern IRC "Feature Advertisement"), each token true of this server, at
    most 13 per line."""
    targmax = ",".join(f"{k}:{v}" for k, v in sorted(TARGMAX.items()))
    tokens = [
        f"AWAYLEN={AWAY_LENGTH}",
        "CASEMAPPING=rfc8265",
        f"CHANLIMIT=#:{channel_limit}",
        "CHANMODES=beI,k,HlRT,imnst",
        f"CHANNELLEN={MAX_ROOM_NAME + 1}",
        "CHANTYPES=#",
        f"CHATHISTORY={history_limit}",
        "ELIST=MNU",
        "EXCEPTS=e",
        "INVEX=I",
        "KICKLEN=300",
        "MAXLIST=beI:100",
        "MODES=4",
        f"MONITOR={MAX_MONITOR}",
        "MSGREFTYPES=msgid,timestamp",
        f"NETWORK={network}",
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
    return [
        (n.RPL_ISUPPORT, *tokens[i : i + 13], "are supported by this server")
        for i in range(0, len(tokens), 13)
    ]


def lusers(counts: UserCounts) -> list[Numeric]:
    """LUSERS (Modern IRC, "LUSERS message"): the users are the characters online, from every
    gateway, and the guests holding a nick; a connection not yet registered is no user, only
    an unknown connection (253)."""
    users, most = counts.users, counts.most_users
    return [
        (n.RPL_LUSERCLIENT, f"There are {counts.characters} characters and {counts.guests} "
         "guests on 1 server"),
        (n.RPL_LUSERUNKNOWN, str(counts.unregistered), "unknown connection(s)"),
        (n.RPL_LUSERCHANNELS, str(counts.rooms), "rooms in use"),
        (n.RPL_LUSERME, f"I have {users} clients and 0 servers"),
        (n.RPL_LOCALUSERS, str(users), str(most), f"Current local users {users}, max {most}"),
        (n.RPL_GLOBALUSERS, str(users), str(most), f"Current global users {users}, max {most}"),
    ]  # fmt: skip


def motd(server: str, text: str) -> list[Numeric]:
    if not text.strip():
        return [(n.ERR_NOMOTD, "MOTD File is missing")]
    lines = [(n.RPL_MOTDSTART, f"- {server} Message of the day - ")]
    for line in text.splitlines():
        lines.extend((n.RPL_MOTD, f"- {piece}") for piece in split_text(line, 400))
    return [*lines, (n.RPL_ENDOFMOTD, "End of /MOTD command.")]


def welcome(
    nick: str,
    server: str,
    network: str,
    version: str,
    isupport_lines: list[Numeric],
    counts: UserCounts,
    motd_text: str,
    *,
    invisible: bool,
) -> list[Numeric]:
    """The burst that ends registration: 001-005, LUSERS, the MOTD and the user modes."""
    return [
        (n.RPL_WELCOME, f"Welcome to the {network} IRC network, {nick}"),
        (n.RPL_YOURHOST, f"Your host is {server}, running version {version}"),
        (n.RPL_CREATED, "This server is part of Boudoir, consent first"),
        (n.RPL_MYINFO, server, version, "io", "RbeIiklmnost", "RbeIklov"),
        *isupport_lines,
        *lusers(counts),
        *motd(server, motd_text),
        (n.RPL_UMODEIS, "+i" if invisible else "+"),
    ]


def version_reply(server: str, version: str, isupport_lines: list[Numeric]) -> list[Numeric]:
    return [(n.RPL_VERSION, f"boudoir-{version}", server, ""), *isupport_lines]


def info(version: str) -> list[Numeric]:
    """Modern IRC "INFO message": RPL_INFO lines about the server, then RPL_ENDOFINFO. This
    server is the whole network, so a target is answered for it."""
    return [
        (n.RPL_INFO, f"Boudoir {version}: a consent-first chat server"),
        (n.RPL_INFO, "IRC, telnet and browser gateways over one core"),
        (n.RPL_ENDOFINFO, "End of INFO list"),
    ]


def time_reply(server: str, now: dt.datetime) -> Numeric:
    text = now.strftime("%A %B %d %Y -- %H:%M:%S +00:00")
    return (n.RPL_TIME, server, str(int(now.timestamp())), "0", text)


def help_reply(subject: str, known: bool) -> list[Numeric]:
    """Modern IRC "HELP": each line names the subject asked about ("*" for none); a subject
    that is no command or service (not ``known``) gets 524 ERR_HELPNOTFOUND."""
    if subject != "*" and not known:
        return [(n.ERR_HELPNOTFOUND, subject, "No help available on this topic")]
    return [
        (n.RPL_HELPSTART, subject, HELP_LINES[0]),
        *((n.RPL_HELPTXT, subject, line) for line in HELP_LINES[1:]),
        (n.RPL_ENDOFHELP, subject, "End of /HELP"),
    ]
