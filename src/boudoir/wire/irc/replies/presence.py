"""IRC's answers about who is online: WHO (with WHOX), WHOIS, WHOWAS, USERHOST and ISON, as
numerics (Modern IRC, modern.ircdocs.horse; RFC 2812 3.6; ircv3.net/specs/extensions/whox).

Each function returns the numerics to send, as ``(numeric, *params)``; the gateway adds the
client's nick. Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from boudoir.domain.entities import Status
from boudoir.domain.replies.presence import (
    NeverSeen,
    NotOnline,
    OnlineList,
    PersonOnline,
    RoomPresence,
    WhoisShown,
    WhowasShown,
)
from boudoir.wire.irc import numerics as n
from boudoir.wire.irc.masks import HOST, USER, channel

Numeric = tuple[str, ...]
"""A numeric and its parameters after the client's nick."""

MAX_REALNAME: Final = 200
WHOX_FIELDS: Final = "tcuihsnfdlaor"
"""WHOX fields in the fixed order of the reply, whatever order they were asked in."""


@dataclass(frozen=True, slots=True)
class Server:
    """What the answers say of the server, and whether the asker has ``multi-prefix``."""

    name: str
    network: str
    multi_prefix: bool = False


def realname(person: PersonOnline) -> str:
    """The realname field: pronouns and short description, else the name; one line, at most
    200 characters."""
    parts = [p for p in (person.pronouns, person.short_description) if p]
    text = " - ".join(parts) or person.name
    return " ".join(text.split())[:MAX_REALNAME]


def whois(reply: WhoisShown | NotOnline, target: str, server: Server) -> list[Numeric]:
    if isinstance(reply, NotOnline):
        return [
            (n.ERR_NOSUCHNICK, target, "No such nick/channel"),
            (n.RPL_ENDOFWHOIS, target, "End of /WHOIS list"),
        ]
    person = reply.person
    name = person.name
    out: list[Numeric] = [(n.RPL_WHOISUSER, name, USER, HOST, "*", realname(person))]
    rooms = sorted({("@" if r.manager else "") + channel(r.name) for r in reply.rooms})
    if rooms:
        out.append((n.RPL_WHOISCHANNELS, name, " ".join(rooms)))
    out.append((n.RPL_WHOISSERVER, name, server.name, server.network))
    profile = [f"{label} {value}" for label, value in (
        ("species", reply.species), ("gender", reply.gender), ("pronouns", person.pronouns)
    ) if value]  # fmt: skip
    if profile:
        text = " ".join(("is " + "; ".join(profile)).split())[:MAX_REALNAME]
        out.append((n.RPL_WHOISSPECIAL, name, text))
    if person.short_description:
        short = " ".join(person.short_description.split())[:MAX_REALNAME]
        out.append((n.RPL_WHOISSPECIAL, name, short))
    if person.on_duty:
        out.append((n.RPL_WHOISOPERATOR, name, "is an IRC operator"))
    if person.status is not Status.ONLINE:
        out.append(away(name, person.status, person.message))
    out.append((n.RPL_WHOISACCOUNT, name, name, "is logged in as"))
    out.append((n.RPL_ENDOFWHOIS, name, "End of /WHOIS list"))
    return out


def away(name: str, status: Status, message: str) -> Numeric:
    """RPL_AWAY ``<nick> :<message>`` (Modern IRC, RPL_AWAY): the away message, or without
    one the status word (``away``, ``busy``, ``looking``). In WHOIS, and to the sender of a
    PRIVMSG to someone away (Modern IRC, PRIVMSG)."""
    return (n.RPL_AWAY, name, message or status.value)


def whowas(reply: WhowasShown | NeverSeen, target: str, server: Server) -> list[Numeric]:
    out: list[Numeric] = []
    if isinstance(reply, WhowasShown):
        name = reply.name
        out.append((n.RPL_WHOWASUSER, name, USER, HOST, "*", reply.description or name))
        # RFC 2812 3.6.3 and Modern IRC, RPL_WHOISSERVER: "<server> :<server info>", as WHOIS
        # sends it.
        out.append((n.RPL_WHOISSERVER, name, server.name, server.network))
    else:
        out.append((n.ERR_WASNOSUCHNICK, target, "There was no such nickname"))
    out.append((n.RPL_ENDOFWHOWAS, target, "End of WHOWAS"))
    return out


def who(
    reply: OnlineList | RoomPresence,
    mask: str,
    server: Server,
    *,
    fields: str | None = None,
    token: str = "",
    limit: int,
) -> list[Numeric]:
    """WHO's lines, then RPL_ENDOFWHO repeating the mask as given. A room is named as it is
    spelt (Modern IRC, RPL_WHOREPLY), whatever case it was asked in; a mask answers at most
    ``limit`` people."""
    out: list[Numeric] = []
    if isinstance(reply, RoomPresence):
        room = channel(reply.room) if reply.room is not None else mask
        for member in reply.members:
            flags = _flags(member.person, server, member.manager, member.voiced)
            out.append(_who_line(room, member.person, flags, server, fields, token))
    else:
        for person in reply.people[:limit]:
            flags = _flags(person, server, manager=False, voiced=False)
            out.append(_who_line("*", person, flags, server, fields, token))
    out.append((n.RPL_ENDOFWHO, mask, "End of WHO list"))
    return out


def _flags(person: PersonOnline, server: Server, manager: bool, voiced: bool) -> str:
    flags = "G" if person.status is not Status.ONLINE else "H"
    if person.on_duty:
        flags += "*"  # Modern IRC, RPL_WHOREPLY: "*" for an IRC operator
    prefixes = ("@" if manager else "") + ("+" if voiced else "")
    if not server.multi_prefix:
        prefixes = prefixes[:1]
    return flags + prefixes


def _who_line(
    room: str,
    person: PersonOnline,
    flags: str,
    server: Server,
    fields: str | None,
    token: str,
) -> Numeric:
    name = person.name
    real = realname(person)
    if fields is None:
        return (n.RPL_WHOREPLY, room, USER, HOST, server.name, name, flags, f"0 {real}")
    values = {
        "t": token or "0",
        "c": room,
        "u": USER,
        "i": "255.255.255.255",
        "h": HOST,
        "s": server.name,
        "n": name,
        "f": flags,
        "d": "0",
        "l": "0",
        "a": name,
        "o": "0",
        "r": real,
    }
    return (n.RPL_WHOSPCRPL, *(values[f] for f in WHOX_FIELDS if f in fields))


def userhost(reply: OnlineList) -> Numeric:
    """RPL_USERHOST: ``name=+rp@cloaked``, ``-`` for someone away."""
    entries = [
        f"{p.name}={'-' if p.status is not Status.ONLINE else '+'}{USER}@{HOST}"
        for p in reply.people
    ]
    return (n.RPL_USERHOST, " ".join(entries))


def ison(reply: OnlineList) -> Numeric:
    return (n.RPL_ISON, " ".join(p.name for p in reply.people))
