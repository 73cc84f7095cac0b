"""IRC's numerics for replies about rooms: a channel's topic, NAMES, LIST, its modes and
its ban and exception lists, and an invitation sent.

Each function gives the numerics as ``(numeric, parameters...)`` tuples, without the
client's nick in front: the connection adds it (and makes echoed client input safe to send),
so one client's reply is one call per numeric. A room is named ``#room`` as it is spelt.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable
from typing import Final, assert_never

from boudoir.domain.entities import RoomSetting, RoomVisibility
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
    RoomList,
    RoomListing,
    RoomNames,
    RoomReplies,
    RoomSettings,
    RoomShown,
    RoomTopic,
    TopicShown,
)
from boudoir.wire.irc import numerics as n
from boudoir.wire.irc.render_events import LOGGED_TAG

Numeric = tuple[str, ...]
"""A numeric and its parameters after the client's nick."""

"""Put before a topic while the room's log is on (docs/irc.md, "Logging by consent")."""
NAMES_LINE: Final = 380
"""Characters of names in one RPL_NAMREPLY, so that each stays well inside 512 bytes."""
LIST_LETTERS: Final = {
    RoomSetting.BAN: "b",
    RoomSetting.BAN_EXCEPTION: "e",
    RoomSetting.INVITE_EXCEPTION: "I",
}
_LIST_REPLIES: Final = {
    RoomSetting.BAN: (n.RPL_BANLIST, n.RPL_ENDOFBANLIST, "End of channel ban list"),
    RoomSetting.BAN_EXCEPTION: (
        n.RPL_EXCEPTLIST,
        n.RPL_ENDOFEXCEPTLIST,
        "End of channel exception list",
    ),
    RoomSetting.INVITE_EXCEPTION: (
        n.RPL_INVITELIST,
        n.RPL_ENDOFINVITELIST,
        "End of channel invite list",
    ),
}


def service_text(reply: RoomReplies) -> str | None:
    """Room replies are numerics, never a service's notices."""
    match reply:
        case (
            Joined()
            | Parted()
            | PartedAll()
            | TopicShown()
            | Invited()
            | MemberList()
            | NamesList()
            | MemberFound()
            | RoomList()
            | RoomShown()
            | RoomEntries()
            | Banished()
        ):
            return None
        case _:
            assert_never(reply)


def channel(room_name: str) -> str:
    return "#" + room_name


def hidden_topic(room_name: str) -> str:
    """What stands for a topic set by someone the viewer blocks (``core.authored``), with the
    command that reads it (docs/irc.md, "Rooms and messages")."""
    return f"[hidden: set by someone you block] /quote REVEAL {channel(room_name)} TOPIC shows it"


def shown_topic(room_name: str, topic: RoomTopic, *, revealed: bool = False) -> str:
    """The topic as an IRC client sees it: ``[logged]`` first while the room's log is on; in
    place of one set by someone it blocks, a mark saying so (unless ``revealed``)."""
    text = hidden_topic(room_name) if topic.hidden and not revealed else topic.text
    return f"{LOGGED_TAG} {text}".rstrip() if topic.logged else text


def topic_lines(room_name: str, topic: RoomTopic, *, revealed: bool = False) -> list[Numeric]:
    """RPL_TOPIC and, when known and not hidden by a block either way, RPL_TOPICWHOTIME (who
    set it, when)."""
    name = channel(room_name)
    lines: list[Numeric] = [(n.RPL_TOPIC, name, shown_topic(room_name, topic, revealed=revealed))]
    if topic.by and topic.at is not None:
        lines.append((n.RPL_TOPICWHOTIME, name, topic.by, str(int(topic.at.timestamp()))))
    return lines


def topic_reply(reply: TopicShown) -> list[Numeric]:
    """A TOPIC query (or a REVEAL): the topic, or RPL_NOTOPIC. A query shows a logged room's
    ``[logged]`` mark even without a topic."""
    topic = reply.topic
    if topic.is_set or (topic.logged and not reply.revealed):
        return topic_lines(reply.room.name, topic, revealed=reply.revealed)
    return [(n.RPL_NOTOPIC, channel(reply.room.name), "No topic is set")]


def join_topic(reply: Joined) -> list[Numeric]:
    """The topic a JOIN answers with: none when the room has no topic and no log."""
    if reply.topic.is_set or reply.topic.logged:
        return topic_lines(reply.room.name, reply.topic)
    return []


def names_lines(
    names: RoomNames, *, multi_prefix: bool, mask: Callable[[str], str] | None
) -> list[Numeric]:
    """RPL_NAMREPLY lines for one room (none when it shows nobody); ``mask`` gives each
    name as ``nick!user@host`` (userhost-in-names)."""
    if not names.members or names.room is None:
        return []
    # RFC 2812 3.2.5 and Modern IRC, RPL_NAMREPLY: "@" for a secret channel (+s, which
    # Boudoir's private rooms are too: +is), "*" for a private one (+p, which Boudoir has
    # not), "=" for a public one.
    symbol = "=" if names.room.visibility is RoomVisibility.PUBLIC else "@"
    entries = []
    for member in names.members:
        prefix = ("@" if member.manager else "") + ("+" if member.voiced else "")
        if not multi_prefix:
            prefix = prefix[:1]
        entries.append(prefix + (mask(member.name) if mask is not None else member.name))
    room_name = channel(names.room.name)
    lines: list[Numeric] = []
    line: list[str] = []
    size = 0
    for entry in entries:
        if size + len(entry) > NAMES_LINE:
            lines.append((n.RPL_NAMREPLY, symbol, room_name, " ".join(line)))
            line, size = [], 0
        line.append(entry)
        size += len(entry) + 1
    if line:
        lines.append((n.RPL_NAMREPLY, symbol, room_name, " ".join(line)))
    return lines


def names_shown(names: RoomNames) -> str:
    """The room as RPL_ENDOFNAMES names it."""
    if names.spelt and names.room is not None:
        return channel(names.room.name)
    return names.asked


def names_reply(
    reply: NamesList, *, multi_prefix: bool, mask: Callable[[str], str] | None
) -> list[Numeric]:
    """NAMES of one or several rooms: their RPL_NAMREPLY lines, then one RPL_ENDOFNAMES naming
    the list as given (RFC 2812 3.2.5; irctest's testNamesMultipleChannels)."""
    lines: list[Numeric] = []
    for names in reply.rooms:
        lines += names_lines(names, multi_prefix=multi_prefix, mask=mask)
    shown = ",".join(names_shown(names) for names in reply.rooms)
    lines.append((n.RPL_ENDOFNAMES, shown, "End of /NAMES list"))
    return lines


def list_reply(reply: RoomList, query: str) -> list[Numeric]:
    """LIST with ELIST (Modern IRC): ``>n``/``<n`` user counts, masks (M) and negated masks
    (N). Each room's topic is shown after its rating."""
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
    lines: list[Numeric] = [(n.RPL_LISTSTART, "Channel", "Users  Name")]
    for listing in reply.rooms:
        key = name_key(channel(listing.name))
        if not minimum < listing.members < maximum:
            continue
        if masks and not any(fnmatch.fnmatchcase(key, m) for m in masks):
            continue
        if any(fnmatch.fnmatchcase(key, m) for m in negated):
            continue
        text = hidden_topic(listing.name) if listing.topic_hidden else listing.topic
        topic = f"{list_prefix(listing)} {text}".strip()
        lines.append((n.RPL_LIST, channel(listing.name), str(listing.members), topic))
    lines.append((n.RPL_LISTEND, "End of /LIST"))
    return lines


def list_prefix(listing: RoomListing) -> str:
    """What RPL_LIST's topic field starts with: ``[rating]``, or ``[rating, tag, tag]`` (the
    field is free text, Modern IRC RPL_LIST; clients show it as the topic)."""
    return "[" + ", ".join((listing.rating.name.lower(), *listing.tags)) + "]"


def room_modes(room: RoomSettings, *, show_key: bool) -> tuple[str, ...]:
    """The channel modes of a room's settings (ISUPPORT ``CHANMODES=beI,k,HlRT,imnst``)."""
    letters = "n"
    params: list[str] = []
    if room.visibility is RoomVisibility.PRIVATE:
        letters += "is"
    elif room.visibility is RoomVisibility.UNLISTED:
        letters += "s"
    if room.moderated:
        letters += "m"
    if room.topic_locked:
        letters += "t"
    if room.newcomer_lines:
        letters += "H"  # its parameter first: letters are sorted, H before k
        params.append(str(room.newcomer_lines))
    if room.key:
        letters += "k"
        params.append(room.key if show_key else "*")
    if room.member_limit is not None:
        letters += "l"
        params.append(str(room.member_limit))
    if room.rating is not Rating.GENERAL:
        letters += "R"
        params.append(room.rating.name.lower())
    if room.tags:
        letters += "T"
        params.append(",".join(room.tags))
    return ("+" + "".join(sorted(letters, key=str.lower)), *params)


def modes_reply(reply: RoomShown) -> list[Numeric]:
    """``MODE #room``: RPL_CHANNELMODEIS and RPL_CREATIONTIME."""
    name = channel(reply.room.name)
    return [
        (n.RPL_CHANNELMODEIS, name, *room_modes(reply.room, show_key=True)),
        (n.RPL_CREATIONTIME, name, str(int(reply.room.created_at.timestamp()))),
    ]


def entries_reply(reply: RoomEntries, server_name: str) -> list[Numeric]:
    """A ban or exception list (``MODE #room b``); an entry the server set names the server."""
    entry_reply, end_reply, end_text = _LIST_REPLIES[reply.setting]
    name = channel(reply.room.name)
    lines: list[Numeric] = [
        (
            entry_reply,
            name,
            f"{entry.name}!*@*",
            entry.set_by or server_name,
            str(int(entry.set_at.timestamp())),
        )
        for entry in reply.entries
    ]
    lines.append((end_reply, name, end_text))
    return lines


def invited_reply(reply: Invited) -> list[Numeric]:
    return [(n.RPL_INVITING, reply.name, channel(reply.room.name))]
