"""Domain events as IRC lines: ``render(event, variant)``, the one entry point.

Its ``match`` names every event type and ends in ``assert_never``, so a new event fails the
type check here instead of being dropped. Room and direct messages come back as bytes, the
same for every client of the same tag variant (the gateway keeps them once per variant and
appends them to each client's output); every other event comes back as ``Message`` values
for one client, which the gateway sends as news, or inside the labeled response of the
client's own command when it caused the change (MODE, TOPIC, KICK, NICK).

What depends on live state (whether a room's log is on, whether the viewer shares a room with
someone whose presence changed) is given in the ``IrcVariant`` as plain data by the gateway.
Imports the standard library, ``boudoir.domain`` and ``wire.irc`` only.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Final, assert_never, overload

from boudoir.domain import call_events
from boudoir.domain.entities import RoomSetting, RoomVisibility, Status
from boudoir.domain.events import (
    AdPosted,
    CharacterRef,
    CharacterRenamed,
    DiceRolled,
    DirectMessageSent,
    DirectoryUpdated,
    Event,
    HandAnswered,
    InvitationSent,
    LogChange,
    LogStateChanged,
    MailReceived,
    MeetDeclined,
    MeetRequestReceived,
    MemberJoined,
    MemberKicked,
    MemberLeft,
    MessageDeleted,
    MessageEdited,
    MessageRequestAnswered,
    MessageRequestReceived,
    PresenceChanged,
    ProfileChanged,
    RoomInvitationReceived,
    RoomMessageSent,
    RoomSettingChanged,
    SceneEnded,
    SceneInvitationDeclined,
    SceneInvitationReceived,
    SceneInvitationWithdrawn,
    SceneMemberAdded,
    ScenePauseChanged,
    SceneStarted,
    SceneVoteChanged,
    ServerNotice,
    SessionClosed,
    SignalSent,
    ThingOffered,
    TopicChanged,
)
from boudoir.wire.irc.event_lines import (
    SERVICE_MASK,
    TAG_MSGID,
    channel,
    hidden_topic,
    mask_of,
    message_lines,
    notices,
    split_text,
    tags_prefix,
    time_tags,
    with_tags,
)
from boudoir.wire.irc.message import Message
from boudoir.wire.irc.render_changes import render_change
from boudoir.wire.irc.render_scenes import render_scene_event
from boudoir.wire.markup import irc, parse

LOGGED_TAG: Final = "[logged]"
"""Put before a room's topic, as clients see it, while its log is on."""
DICE_MARK: Final = "[dice]"
AD_MARK: Final = "[AD]"
"""Starts an ad's NOTICE: shown apart from chat by the people, and by scripts."""
AD_PIECE: Final = 300
"""Bytes of an ad's text per NOTICE: with the source (a nick of at most 32), the channel and
the command it stays inside IRC's 512 bytes (tags have their own budget)."""
"""Before a roll's line, in a NOTICE from the server."""
LOGSERV: Final = "LogServ"
LOGSERV_MASK: Final = "LogServ!services@services"


def roll_notice(
    server: str, target: str, roller: str, summary: str, tags: dict[str, str]
) -> Message:
    """A roll of dice (``summary``: ``DiceRolled.summary``), live or read back: a NOTICE from
    the server itself. No one's message comes from a server name, so nobody can type a line
    that looks like it (docs/irc.md, "Dice")."""
    text = f"{DICE_MARK} {roller} rolls \x02{summary}\x02"
    return Message("NOTICE", (target, text), source=server, tags=tags)


@dataclass(frozen=True, slots=True)
class IrcVariant:
    """Everything an event's lines depend on for one client.

    Room and direct messages depend on ``tags`` alone (and are cached by it); the other
    events on the client's capabilities, nick and character, and for a few events on a fact
    of live state that the gateway looks up for that event (the fields after ``me``)."""

    server_name: str
    tags: int = 0
    """The message tags the client reads (``event_lines.tag_mask``)."""
    caps: frozenset[str] = frozenset()
    """The client's IRCv3 capabilities (extended-join, away-notify, invite-notify...)."""
    nick: str = "*"
    me: CharacterRef | None = None
    """The client's character; None for a guest (not logged in)."""
    logged: bool = False
    """``TopicChanged``: the room's log is on (the topic shows ``[logged]``)."""
    topic: str = ""
    """``LogStateChanged`` that switched the log: the room's topic as this client sees it."""
    shares_room: bool = False
    """``PresenceChanged``: the client shares a room with the character (away-notify)."""
    seen: tuple[Status, str] | None = None
    """``MemberJoined``: the joiner's status and message as this client may see them."""


IrcLines = bytes | list[Message]


@overload
def render(event: RoomMessageSent | DirectMessageSent, variant: IrcVariant) -> bytes: ...
@overload
def render(event: Event, variant: IrcVariant) -> IrcLines: ...
def render(event: Event, variant: IrcVariant) -> IrcLines:
    """The lines ``variant``'s client gets for ``event`` (none: an empty list)."""
    params: tuple[str, ...]
    match event:
        case RoomMessageSent() | DirectMessageSent():
            return message_bytes(event, variant.tags)
        case DiceRolled():
            tags = time_tags(variant.tags, event.at)
            if "message-tags" in variant.caps:
                tags["msgid"] = event.id
            return [
                roll_notice(
                    variant.server_name,
                    channel(event.room.name),
                    event.roller.name,
                    event.summary(),
                    tags,
                )
            ]
        case AdPosted():
            # A NOTICE to the channel from the poster, marked so no client takes it for chat
            # (docs/irc.md, "Ads"); cut in pieces an IRC line holds.
            tags = time_tags(variant.tags, event.at)
            if "message-tags" in variant.caps:
                tags["msgid"] = event.id
            text = f"{AD_MARK} {event.text}"
            if event.tags:
                text += f" (loves: {', '.join(event.tags)})"
            pieces = split_text(text, AD_PIECE)
            source = mask_of(event.poster.name)
            target = channel(event.room.name)
            return [
                Message("NOTICE", (target, piece), source=source, tags=tags) for piece in pieces
            ]
        case MessageEdited() | MessageDeleted():
            return render_change(event, variant)
        case MessageRequestReceived():
            return notices(SERVICE_MASK, variant.nick, _request(event), {})
        case MessageRequestAnswered():
            return []  # answered by NickServ ACCEPT/DECLINE, whose reply says so
        case SignalSent():
            # IRCv3 TAGMSG, for clients that read message tags.
            if "message-tags" not in variant.caps:
                return []
            target = channel(event.room.name) if event.room is not None else variant.nick
            tags = {**time_tags(variant.tags, event.at), **dict(event.client_tags)}
            tags["msgid"] = event.id
            return [Message("TAGMSG", (target,), source=mask_of(event.sender.name), tags=tags)]
        case MemberJoined():
            return _joined(event, variant)
        case MemberLeft():
            return [_left(event, variant)]
        case MemberKicked():
            source = mask_of(event.by.name) if event.by is not None else variant.server_name
            reason = event.reason or (event.by.name if event.by is not None else "removed")
            params = (channel(event.room.name), event.character.name, reason)
            return [Message("KICK", params, source, time_tags(variant.tags, event.at))]
        case TopicChanged():
            source = mask_of(event.by.name) if event.by is not None else variant.server_name
            topic = hidden_topic(event.room.name) if event.hidden else event.topic
            if variant.logged:
                topic = f"{LOGGED_TAG} {topic}".rstrip()
            params = (channel(event.room.name), topic)
            return [Message("TOPIC", params, source, time_tags(variant.tags, event.at))]
        case RoomSettingChanged():
            return _setting(event, variant)
        case PresenceChanged():
            # IRC has no presence of its own; away-notify (IRCv3) carries status changes, to
            # those who share a channel with whoever changed (the core sent this event only
            # to those who may see their presence: never across a block).
            if "away-notify" not in variant.caps or not event.online or variant.me is None:
                return []
            if not variant.shares_room:
                return []
            tags = time_tags(variant.tags, event.at)
            return [_away(event.character.name, event.status, event.message, tags)]
        case CharacterRenamed():
            # One NICK line from the old name (RFC 1459 4.1.2; Modern IRC, NICK): the core
            # tells each connection once, however many channels it shares with the character.
            tags = time_tags(variant.tags, event.at)
            return [Message("NICK", (event.character.name,), mask_of(event.old_name), tags)]
        case RoomInvitationReceived():
            params = (variant.nick, channel(event.room.name))
            tags = time_tags(variant.tags, event.at)
            return [Message("INVITE", params, source=mask_of(event.by.name), tags=tags)]
        case InvitationSent():
            # IRCv3 invite-notify: managers present see who was invited, by whom.
            if "invite-notify" not in variant.caps:
                return []
            params = (event.invitee.name, channel(event.room.name))
            tags = time_tags(variant.tags, event.at)
            return [Message("INVITE", params, source=mask_of(event.by.name), tags=tags)]
        case ProfileChanged():
            # IRCv3 setname: the realname is the character's short description.
            if "setname" not in variant.caps:
                return []
            source = mask_of(event.character.name)
            tags = time_tags(variant.tags, event.at)
            return [Message("SETNAME", (event.description,), source=source, tags=tags)]
        case LogStateChanged():
            return _log_state(event, variant)
        case ServerNotice():
            return [Message("NOTICE", (variant.nick, event.text), source=variant.server_name)]
        case call_events.CallIncoming():
            return [Message("NOTICE", (variant.nick, event.notice), source=variant.server_name)]
        case call_events.CallRinging() | call_events.CallEnded() | call_events.CallMediaChanged():
            return []  # calls are answered and shown in the browser
        case call_events.MediaSessionStarted() | call_events.SignalRelayed():
            return []
        case call_events.MediaSessionEnded() | call_events.CamViewersChanged():
            return []
        case call_events.CamChanged():
            return []
        case SessionClosed():
            return []  # the gateway closes the connection with ERROR and this reason
        case (
            SceneInvitationReceived()
            | SceneInvitationDeclined()
            | SceneInvitationWithdrawn()
            | SceneStarted()
            | SceneMemberAdded()
            | SceneVoteChanged()
            | ScenePauseChanged()
            | SceneEnded()
        ):
            return render_scene_event(event, variant)
        case (
            MeetRequestReceived()
            | MeetDeclined()
            | ThingOffered()
            | HandAnswered()
            | MailReceived()
            | DirectoryUpdated()
        ):
            # The walkable world's requests and mail are the MU* side's: IRC has no commands
            # to answer them. The directory's updates go to browsers that watch it (LIST asks).
            return []
        case _:
            assert_never(event)


def message_bytes(event: RoomMessageSent | DirectMessageSent, tags: int) -> bytes:
    """A room or direct message as every client of tag variant ``tags`` gets it: what
    ``render`` gives for it, which depends on ``tags`` alone. The gateway's hot path calls it
    directly, once per variant of each message, with no ``IrcVariant`` to build or look up."""
    sender = event.sender.name
    if isinstance(event, RoomMessageSent):
        target = channel(event.room.name)
    else:
        # Sent to the recipient's connections, or echoed to the sender's other connections:
        # either way the line reads "sender PRIVMSG recipient".
        target = event.recipient.name
    text = event.text
    if "[" in text:  # markup (wire.markup) as IRC formatting; bare links stay as they are
        text = _formatted(text)
    lines = message_lines(mask_of(sender), "PRIVMSG", target, event.kind, text)
    if not tags:
        return (lines[0] if len(lines) == 1 else "".join(lines)).encode()
    # The seal is read only where it is shown: it may be computed on its first read.
    seal = event.seal if tags & TAG_MSGID else ""
    prefix = tags_prefix(tags, event.at, event.id, sender, event.client_tags, seal)
    return with_tags(lines, prefix, event.id, tags)


@functools.lru_cache(maxsize=64)
def _formatted(text: str) -> str:
    # Parsed once per message, not once per tag variant that renders it.
    return irc(parse(text))


def _request(event: MessageRequestReceived) -> str:
    sender = event.sender.name
    if event.letter_subject is not None:
        first = f"they wrote you a letter: {event.letter_subject or '(no subject)'}"
    else:
        first = f"their first message:\n<{sender}> {event.text}"
    return (
        f"{sender} would like to message you; {first}\n"
        f"Accept: /msg NickServ ACCEPT {sender}   Decline: /msg NickServ DECLINE {sender}"
        f"   Block: /msg NickServ BLOCK {sender}"
    )


def _joined(event: MemberJoined, variant: IrcVariant) -> list[Message]:
    name = event.character.name
    tags = time_tags(variant.tags, event.at)
    if "extended-join" in variant.caps:
        params: tuple[str, ...] = (channel(event.room.name), name, name)
    else:
        params = (channel(event.room.name),)
    lines = [Message("JOIN", params, source=mask_of(name), tags=tags)]
    # IRCv3 away-notify: someone away who joins a channel is announced away, after the JOIN,
    # to whoever there may see their presence.
    seen = variant.seen
    away = seen is not None and seen[0] is not Status.ONLINE
    if seen is not None and away and "away-notify" in variant.caps and variant.me is not None:
        lines.append(_away(name, seen[0], seen[1], tags))
    return lines


def _left(event: MemberLeft, variant: IrcVariant) -> Message:
    name = event.character.name
    tags = time_tags(variant.tags, event.at)
    if variant.me is not None and event.character.id == variant.me.id:
        # The core took us out (a ban, a rating withdrawn, the room closed): say so as a
        # KICK from the server, which every client shows and understands.
        kick = (channel(event.room.name), name, event.reason or "removed")
        return Message("KICK", kick, source=variant.server_name, tags=tags)
    if event.quit:
        # One QUIT per character, however many shared rooms it left (Modern IRC, QUIT): the
        # gateway skips the repeats.
        return Message("QUIT", (event.reason or "Quit",), source=mask_of(name), tags=tags)
    params: tuple[str, ...] = (channel(event.room.name),)
    if event.reason:
        params += (event.reason,)
    return Message("PART", params, source=mask_of(name), tags=tags)


def _away(name: str, status: Status, message: str, tags: dict[str, str]) -> Message:
    source = mask_of(name)
    if status is Status.ONLINE:
        return Message("AWAY", (), source=source, tags=tags)
    text = message or status.value.replace("_", " ")
    return Message("AWAY", (text,), source=source, tags=tags)


_VISIBILITY_LETTERS: Final = {
    RoomVisibility.PRIVATE.value: "is",
    RoomVisibility.UNLISTED.value: "s",
    RoomVisibility.PUBLIC.value: "",
}
_FLAG_LETTERS: Final = {
    RoomSetting.MODERATED: "m",
    RoomSetting.TOPIC_LOCKED: "t",
}
_PERSON_LETTERS: Final = {
    RoomSetting.MODERATOR: "o",
    RoomSetting.VOICE: "v",
    RoomSetting.BAN: "b",
    RoomSetting.BAN_EXCEPTION: "e",
    RoomSetting.INVITE_EXCEPTION: "I",
}


def visibility_change(previous: str, value: str) -> str:
    """The modestring for a visibility change: only the letters that changed (Modern IRC,
    MODE: the change "as applied"), so private to unlisted is ``-i`` (``s`` stays on), unlisted
    to public ``-s`` and public to private ``+is``."""
    before = _VISIBILITY_LETTERS.get(previous, "")
    after = _VISIBILITY_LETTERS.get(value, "")
    added = "".join(letter for letter in after if letter not in before)
    removed = "".join(letter for letter in before if letter not in after)
    return ("+" + added if added else "") + ("-" + removed if removed else "")


def _setting(event: RoomSettingChanged, variant: IrcVariant) -> list[Message]:
    """A room's setting change as the MODE line that would make it."""
    source = mask_of(event.by.name) if event.by is not None else variant.server_name
    sign = "+" if event.enabled else "-"
    params: tuple[str, ...]
    setting = event.setting
    if setting in _FLAG_LETTERS:
        params = (sign + _FLAG_LETTERS[setting],)
    elif setting in _PERSON_LETTERS:
        name = event.target.name if event.target is not None else event.value
        if setting in (RoomSetting.BAN, RoomSetting.BAN_EXCEPTION, RoomSetting.INVITE_EXCEPTION):
            name += "!*@*"
        params = (sign + _PERSON_LETTERS[setting], name)
    elif setting is RoomSetting.KEY:
        params = ("+k", event.value) if event.enabled else ("-k", "*")
    elif setting is RoomSetting.MEMBER_LIMIT:
        params = ("+l", event.value) if event.enabled else ("-l",)
    elif setting is RoomSetting.RATING:
        params = ("+R", event.value) if event.enabled else ("-R",)
    elif setting is RoomSetting.TAGS:
        params = ("+T", ",".join(event.value.split())) if event.enabled else ("-T",)
    elif setting is RoomSetting.NEWCOMER_LINES:
        params = ("+H", event.value) if event.enabled else ("-H",)
    elif setting is RoomSetting.VISIBILITY:
        change = visibility_change(event.previous, event.value)
        if not change:
            return []
        params = (change,)
    else:
        return []
    tags = time_tags(variant.tags, event.at)
    return [Message("MODE", (channel(event.room.name), *params), source=source, tags=tags)]


def describe_state(event: LogStateChanged) -> str:
    """The notice everyone present gets, in plain words; never who withdrew or arrived."""
    room = channel(event.room.name)
    match event.change:
        case LogChange.STARTED:
            return (
                f"Logging is ON in {room}: everyone present said yes. "
                f"Anyone can stop it at once: /msg {LOGSERV} WITHDRAW {room}"
            )
        case LogChange.STOPPED_ARRIVAL:
            return (
                f"Logging stopped in {room}: someone new arrived. "
                "It starts again only when everyone present says yes afresh."
            )
        case LogChange.STOPPED_WITHDRAWAL:
            if event.switched:
                return f"Logging stopped in {room}: someone withdrew. Nothing more is logged."
            return f"The proposal to log {room} was withdrawn."
    agreed = ", ".join(event.agreed) or "nobody yet"
    missing = ", ".join(event.missing)
    waiting = f"waiting for {missing}" if missing else f"waiting for {event.waiting}"
    return (
        f"Logging is proposed in {room} (off until everyone says yes). Yes: {agreed}; "
        f"{waiting}. Agree: /msg {LOGSERV} YES {room}   Refuse: /msg {LOGSERV} WITHDRAW {room}"
    )


def _log_state(event: LogStateChanged, variant: IrcVariant) -> list[Message]:
    """A notice to the channel from LogServ, and a TOPIC when the log turned on or off."""
    name = channel(event.room.name)
    tags = time_tags(variant.tags, event.at)
    lines = [Message("NOTICE", (name, describe_state(event)), LOGSERV_MASK, tags)]
    if event.switched:
        topic = variant.topic
        shown = f"{LOGGED_TAG} {topic}".rstrip() if event.on else topic
        lines.append(Message("TOPIC", (name, shown), variant.server_name, tags))
    return lines
