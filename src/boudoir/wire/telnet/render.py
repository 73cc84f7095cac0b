"""Core events as the text a MU* player reads, in the words of FuzzBall and TinyMUCK.

``render(event, view)`` gives the lines for one event as one viewer sees it: ``Alice
says, "hi"`` in the room they stand in, ``[Lounge] Alice says, "hi"`` from another room they
joined (telnet users hear their other rooms as channels), ``You say, "hi"`` for their own
echo. Lines are joined with ``"\\n"`` and not wrapped; ``render_bytes`` wraps them to the
window and encodes them. Its ``match`` names every event type and ends in ``assert_never``,
so a new event fails the type check here instead of being dropped.

Every piece of text a user wrote (messages, topics, notes, descriptions, reasons) passes
through ``wire.telnet.text.clean`` before it is painted, so no escape sequence or control
character from another user ever reaches a terminal. Colour is added only when the viewer's
client shows it; a screen-reader user gets plain sentences (no ``***``, no boxes, no columns).

Scene events are in ``render_scenes``, room events (arrivals, departures, settings, logging,
watched presence) in ``render_rooms``. Imports ``boudoir.domain`` and ``boudoir.wire`` only:
what depends on live state (where the reader stands, whom they watch) comes in the ``View``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, assert_never

from boudoir.domain import call_events
from boudoir.domain.events import (
    AdPosted,
    CharacterRenamed,
    DiceRolled,
    DirectMessageSent,
    DirectoryUpdated,
    Event,
    HandAnswered,
    InvitationSent,
    LogStateChanged,
    MailReceived,
    MeetDeclined,
    MeetRequestReceived,
    MemberJoined,
    MemberKicked,
    MemberLeft,
    MessageDeleted,
    MessageEdited,
    MessageKind,
    MessageRequestAnswered,
    MessageRequestReceived,
    PresenceChanged,
    ProfileChanged,
    RoomInvitationReceived,
    RoomMessageSent,
    RoomRef,
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
from boudoir.domain.ids import CharacterId, RoomId
from boudoir.wire.telnet.connection import encode_text
from boudoir.wire.telnet.painter import Painter, marked, mentions, safe
from boudoir.wire.telnet.render_changes import render_change
from boudoir.wire.telnet.render_rooms import (
    actor,
    joined,
    kicked,
    left,
    log_state,
    presence,
    setting,
)
from boudoir.wire.telnet.render_scenes import render_scene_event
from boudoir.wire.telnet.text import wrap_block

__all__ = ["SpeechKey", "View", "render", "render_bytes", "speech_key"]

SEMIPOSE_STARTS: Final = ("'", "\u2019", ",")
"""A pose starting so joins the name without a space (``;'s eyes glint`` -> ``Alice's eyes
glint.``): the MUCK semipose, which the core keeps as an ordinary pose."""
DICE_MARK: Final = "[dice]"
"""Before a roll, a line of the server's (system colour), never someone's speech."""
HIDDEN_TOPIC: Final = "[hidden: set by someone you block]"
"""Stands for a topic set by someone the viewer blocks (``core.authored``)."""
HIDDEN_TEXT: Final = "[hidden: written by someone you block]"
"""Stands for a description written by someone the viewer blocks."""


@dataclass(frozen=True, slots=True)
class View:
    """Who is reading, and how their client shows text: everything rendering depends on (the
    telnet variant). Rebuilt by the gateway when any of it changes.

    The gateway caches room speech per (colours, screen reader, here or elsewhere, width, own
    or another's, ASCII): a field added here that changes room speech belongs in that key
    too."""

    viewer: CharacterId | None
    location: RoomId | None
    """The room the telnet user stands in; every other room they joined is a channel."""
    colours: int = 0
    screen_reader: bool = False
    show_seals: bool = False
    """Show the server's seal after each message (for reports); changes room speech."""
    watching: frozenset[str] = frozenset()
    """Name keys (``names.name_key``) of the characters whose coming and going this user
    watches (their friends): presence of anyone else is not shown."""
    show_emitter: bool = False
    """``@set me=spoofcheck:yes``: each emit ends with who emitted it; changes room speech."""
    width: int = 0
    """The window's width in cells (NAWS), for ``render_bytes``; 0: not wrapped."""
    ascii_only: bool = False
    """The client reads ASCII only (no UTF-8 negotiated), for ``render_bytes``."""
    highlight: str = ""
    """``@set me=highlight:yes``: the reader's character name, highlighted where someone else's
    room line names it; empty when off (and without colour: a screen reader gets none)."""


SpeechKey = tuple[int, bool, bool, int, bool, bool, bool, str]
"""What room speech looks like to a reader: colours, screen reader, said where they stand, window
width, their own line, ASCII only, whether an emit names its emitter, and the name highlighted
in it (``View``)."""


def speech_key(view: View, event: RoomMessageSent) -> SpeechKey:
    """The variant of ``event`` that ``view``'s reader gets: readers with the same key get the
    same bytes, rendered once (the gateway keeps them once per event)."""
    return (
        view.colours,
        view.screen_reader,
        event.room.id == view.location,
        view.width,
        event.sender.id == view.viewer,
        view.ascii_only,
        view.show_emitter and event.kind is MessageKind.EMIT,
        _highlighted(view, event),
    )


def _highlighted(view: View, event: RoomMessageSent) -> str:
    """The name highlighted in ``event`` for ``view``'s reader: only readers it names get a
    variant of their own; everyone else shares the plain one."""
    if not view.highlight or event.sender.id == view.viewer:
        return ""
    return view.highlight if mentions(event.text, view.highlight) else ""


def render_bytes(event: Event, view: View) -> bytes | None:
    """``render`` wrapped to the reader's window and encoded for their client; None when
    telnet shows nothing."""
    text = render(event, view)
    if text is None:
        return None
    return encode_text(wrap_block(text, view.width), ascii_only=view.ascii_only)


def render(event: Event, view: View) -> str | None:
    """The text ``view``'s reader sees for ``event``; None when telnet shows nothing."""
    paint = Painter(view.colours, view.screen_reader)
    match event:
        case RoomMessageSent():
            return _room_message(event, view, paint)
        case DirectMessageSent():
            return _page(event, view, paint)
        case MessageEdited() | MessageDeleted():
            return render_change(event, view.viewer, view.location, paint)
        case MessageRequestReceived():
            return _request(event, paint)
        case AdPosted():
            tags = f" (loves: {', '.join(safe(t) for t in event.tags)})" if event.tags else ""
            ad = f"[Ad] {paint.name(event.poster.name)}: {safe(event.text)}{tags}"
            return _in(event.room, view, paint) + paint.system(ad)
        case DiceRolled():
            rolled = f"{DICE_MARK} {paint.name(event.roller.name)} rolls {event.summary()}"
            return _in(event.room, view, paint) + paint.system(rolled)
        case MemberJoined():
            return joined(event, view, paint)
        case MemberLeft():
            return left(event, view, paint)
        case MemberKicked():
            return kicked(event, view, paint)
        case TopicChanged():
            if event.hidden:
                hint = f'("reveal topic {event.room.name}" shows it)'
                changed = f"The topic changed: {HIDDEN_TOPIC} {hint}"
                return _in(event.room, view, paint) + paint.system(changed)
            by = actor(event.by, paint)
            topic = safe(event.topic)
            if not topic:
                return _in(event.room, view, paint) + paint.system(f"{by} cleared the topic.")
            return _in(event.room, view, paint) + paint.system(f"{by} set the topic: ") + topic
        case RoomSettingChanged():
            return _in(event.room, view, paint) + setting(event, paint)
        case PresenceChanged():
            return presence(event, view, paint)
        case CharacterRenamed():
            name = paint.name(event.character.name)
            if event.character.id == view.viewer:
                return paint.system(f"You are now known as {name}.")
            return paint.system(f"{paint.name(event.old_name)} is now known as {name}.")
        case RoomInvitationReceived():
            return paint.notice(
                f"{paint.name(event.by.name)} invites you to {paint.room(event.room.name)} "
                f'({event.room.rating.label}). Type "jump {safe(event.room.name)}" to go there.'
            )
        case InvitationSent():
            return _in(event.room, view, paint) + paint.system(
                f"{paint.name(event.by.name)} invited {paint.name(event.invitee.name)}."
            )
        case ProfileChanged():
            description = safe(event.description)
            return paint.system(f"{paint.name(event.character.name)} is now described as: ") + (
                description or "(nothing)"
            )
        case LogStateChanged():
            return log_state(event, paint)
        case ServerNotice():
            return paint.notice("Server notice:") + " " + safe(event.text)
        case SessionClosed():
            return paint.alert(paint.banner("Disconnected: " + safe(event.reason)))
        case SignalSent():
            return None  # typing indicators and reactions: nothing a terminal shows
        case call_events.CallIncoming():
            return paint.notice(safe(event.notice))
        case call_events.CallRinging() | call_events.CallEnded() | call_events.CallMediaChanged():
            return None  # calls are answered and shown in the browser
        case call_events.MediaSessionStarted() | call_events.SignalRelayed():
            return None
        case call_events.MediaSessionEnded() | call_events.CamViewersChanged():
            return None
        case call_events.CamChanged():
            return None
        case MeetRequestReceived():
            name = event.requester.name
            return paint.notice(
                f"{paint.name(name)} would like to meet you. Type "
                f'"mjoin {name}" to go to them, "msummon {name}" to bring them here, '
                f'or "mdecline {name}".'
            )
        case MeetDeclined():
            return paint.system(f"{paint.name(event.by.name)} declined to meet.")
        case ThingOffered():
            name = event.giver.name
            return paint.notice(
                f"{paint.name(name)} offers you {safe(event.thing)}. Type "
                f'"hand/accept {name}" to take it, or "hand/decline {name}".'
            )
        case HandAnswered():
            answer = "accepted" if event.accepted else "declined"
            return paint.system(f"{paint.name(event.receiver.name)} {answer} {safe(event.thing)}.")
        case MailReceived():
            subject = safe(event.subject).strip() or "(no subject)"
            return paint.notice(
                f'You have new mail from {paint.name(event.sender)}: "{subject}". Type "mail" '
                "to read it."
            )
        case MessageRequestAnswered() | DirectoryUpdated():
            # A terminal keeps no list of open requests, nor a directory, to update.
            return None
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
            return render_scene_event(event, view.location, paint)
        case _:
            assert_never(event)


# --- speech -----------------------------------------------------------------------------------


def _in(room: RoomRef, view: View, paint: Painter) -> str:
    """The channel prefix of a room that is not where the viewer stands; empty where it is."""
    if room.id == view.location:
        return ""
    return paint.channel(room.name) + " "


def _pose(name: str, text: str, style: Callable[[str], str] = str) -> str:
    """``name`` and the pose ``text`` painted with ``style``: the semipose test looks at the
    text itself, not at the colour codes painted before it."""
    joiner = "" if text.startswith(SEMIPOSE_STARTS) else " "
    return name + joiner + style(text)


def _seal(event: RoomMessageSent | DirectMessageSent, view: View, paint: Painter) -> str:
    # Read only when shown: a seal may be computed on its first read (``domain.deferred``).
    if not view.show_seals:
        return ""
    seal = event.seal
    return paint.system(f" (seal {seal})") if seal else ""


def _room_message(event: RoomMessageSent, view: View, paint: Painter) -> str | None:
    own = event.sender.id == view.viewer
    prefix = _in(event.room, view, paint)
    text = marked(event.text, paint)
    if view.highlight and not own:
        text = paint.mentions(text, view.highlight)
    name = paint.name(event.sender.name)
    kind = event.kind
    seal = _seal(event, view, paint)
    if kind is MessageKind.WHISPER:
        recipient = event.recipient
        if own:
            to = paint.name(recipient.name) if recipient is not None else "them"
            return f"{prefix}You whisper, {paint.speech(text)} to {to}.{seal}"
        if recipient is None or recipient.id != view.viewer:
            return None  # a whisper is for one person only
        return f"{prefix}{name} whispers, {paint.speech(text)}{seal}"
    if kind is MessageKind.POSE:
        return prefix + _pose(name, text, paint.pose) + seal
    if kind is MessageKind.OOC:
        return prefix + paint.ooc_tag() + " " + _ooc(name, text, own, paint) + seal
    if kind is MessageKind.NOTICE:
        return f"{prefix}{name} {paint.notice('(notice):')} {text}{seal}"
    if kind is MessageKind.EMIT:
        # No leading name (MUCK @emit), yet attributable: on request (spoofcheck), to its
        # author, and always through the "emitters" command.
        by = paint.system(f" [emit by {name}]") if view.show_emitter or own else ""
        return f"{prefix}{paint.pose(text)}{by}{seal}"
    if own:
        return f"{prefix}You say, {paint.speech(text)}{seal}"
    return f"{prefix}{name} says, {paint.speech(text)}{seal}"


def _ooc(name: str, text: str, own: bool, paint: Painter) -> str:
    """Out of character: ``((:waves))`` is an OOC pose, ``((;'s ...))`` an OOC semipose."""
    if text.startswith(":"):
        return _pose(name, text[1:].lstrip(), paint.ooc)
    if text.startswith(";"):
        return _pose(name, text[1:], paint.ooc)
    if own:
        return f"You say, {paint.ooc_speech(text)}"
    return f"{name} says, {paint.ooc_speech(text)}"


def _page(event: DirectMessageSent, view: View, paint: Painter) -> str:
    text = marked(event.text, paint)
    seal = _seal(event, view, paint)
    sender = paint.name(event.sender.name)
    if event.sender.id == view.viewer:
        recipient = paint.name(event.recipient.name)
        if event.kind is MessageKind.POSE:
            return f"You page-pose {recipient}: {_pose(sender, text, paint.pose)}{seal}"
        return f"You paged {recipient} with {paint.speech(text)}.{seal}"
    if event.kind is MessageKind.POSE:
        return f"From afar, {_pose(sender, text, paint.pose)}{seal}"
    if event.kind is MessageKind.OOC:
        return f"{paint.ooc_tag()} {sender} pages, {paint.ooc_speech(text)}{seal}"
    if event.kind is MessageKind.NOTICE:
        return f"{sender} pages {paint.notice('(notice):')} {text}{seal}"
    return f"{sender} pages, {paint.speech(text)}{seal}"


def _request(event: MessageRequestReceived, paint: Painter) -> str:
    name = event.sender.name
    if event.letter_subject is not None:
        subject = safe(event.letter_subject).strip() or "(no subject)"
        head = paint.notice(
            f'{paint.name(name)} would like to write to you: a letter, "{subject}".'
        )
    else:
        text = marked(event.text, paint)
        said = (
            _pose(paint.name(name), text) if event.kind is MessageKind.POSE else paint.speech(text)
        )
        head = paint.notice(f"{paint.name(name)} would like to page you: ") + said
    return (
        head
        + "\n"
        + paint.notice(
            f'Type "accept {name}" to accept, "decline {name}" to decline, '
            f'or "decline/block {name}" to decline and block.'
        )
    )
