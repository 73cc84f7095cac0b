"""Domain events and replies as ``boudoir.v1`` JSON (docs/websocket.md, "Events").

Every message is compact UTF-8 JSON (no spaces, non-ASCII as itself). ``render(event,
variant)`` is the one entry point for events: its ``match`` (in ``event_object``) names every
event type and ends in ``assert_never``, so a new event fails the type check here instead of
being dropped. The gateway keeps each variant's bytes once per event (``gateways.variants``).

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring
from typing import Final, assert_never, cast

from boudoir.domain import call_events
from boudoir.domain.directory import RoomListing
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
from boudoir.domain.times import utc_millis as timestamp
from boudoir.wire.markup import is_plain, parse, structured
from boudoir.wire.webjson.ad_json import ad_json
from boudoir.wire.webjson.call_render import call_event_object
from boudoir.wire.webjson.frames import text_frame
from boudoir.wire.webjson.scene_render import scene_event_object

PROTOCOL: Final = "boudoir.v1"
"""The WebSocket subprotocol this module speaks."""
TYPING_TAG: Final = "+typing"
"""The IRCv3 client tag of typing signals; other client-only signals are not for browsers."""

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode


def dumps(value: Mapping[str, object]) -> bytes:
    """``value`` as compact UTF-8 JSON. Strings must hold no lone surrogates."""
    if all(type(item) is str for item in value.values()):
        # Messages and most ``ok`` replies: only strings, written out as the encoder would
        # write them, in half its time (the encoder walks the values generically).
        strings = cast("Mapping[str, str]", value)
        pairs = [encode_basestring(k) + ":" + encode_basestring(v) for k, v in strings.items()]
        return ("{" + ",".join(pairs) + "}").encode()
    return _encode(value).encode()


def _name(ref: CharacterRef | None) -> str | None:
    return None if ref is None else ref.name


def render_ok(ref: str, fields: Mapping[str, object] | None = None) -> bytes:
    """The ``ok`` reply to the command that carried ``ref``, with the command's own fields."""
    reply: dict[str, object] = {"type": "ok", "ref": ref}
    if fields:
        reply.update(fields)
    return dumps(reply)


def render_error(ref: str | None, code: str, message: str) -> bytes:
    """An ``error``; with ``ref`` when it answers a command that carried one."""
    reply: dict[str, object] = {"type": "error"}
    if ref is not None:
        reply["ref"] = ref
    reply["code"] = code
    reply["message"] = message
    return dumps(reply)


def _typing_state(event: SignalSent) -> str | None:
    for name, value in event.client_tags:
        if name == TYPING_TAG:
            return value
    return None


def _markup(message: dict[str, object], text: str) -> None:
    """Add the ``markup`` of ``text`` (``wire.markup.structured``) when it has formatting or
    links: the browser builds its DOM from that tree and never parses text itself, so one
    parser (Python's) decides what is markup. Plain text gets no ``markup``."""
    if "[" not in text and "://" not in text:
        return
    nodes = parse(text)
    if not is_plain(nodes):
        message["markup"] = structured(nodes)


def event_object(event: Event) -> dict[str, object] | None:
    """The JSON object for ``event``; None for what browsers are not sent (signals other than
    typing)."""
    match event:
        case RoomMessageSent():
            message: dict[str, object] = {
                "type": "message",
                "id": event.id,
                "at": timestamp(event.at),
                "room": event.room.name,
                "from": event.sender.name,
                "kind": event.kind.value,
                "text": event.text,
            }
            _markup(message, event.text)
            if event.recipient is not None:
                message["to"] = event.recipient.name
            seal = event.seal  # read once: it may be computed on its first read
            if seal:
                message["seal"] = seal
            return message
        case DirectMessageSent() | MessageRequestReceived():
            direct: dict[str, object] = {
                "type": "direct" if isinstance(event, DirectMessageSent) else "request",
                "id": event.id,
                "at": timestamp(event.at),
                "from": event.sender.name,
                "to": event.recipient.name,
                "kind": event.kind.value,
                "text": event.text,
            }
            _markup(direct, event.text)
            seal = event.seal
            if seal:
                direct["seal"] = seal
            if isinstance(event, MessageRequestReceived) and event.letter_subject is not None:
                direct["letter"] = {"subject": event.letter_subject}
            return direct
        case DiceRolled():
            return {
                "type": "roll",
                "id": event.id,
                "at": timestamp(event.at),
                "room": event.room.name,
                "from": event.roller.name,
                "dice": str(event.dice),
                "rolls": list(event.rolls),
                "modifier": event.dice.modifier,
                "total": event.total,
            }
        case AdPosted():
            return ad_json(event)
        case MessageEdited() | MessageDeleted():
            return _change(event)
        case MessageRequestAnswered():
            return {
                "type": "request_answered",
                "at": timestamp(event.at),
                "from": event.sender.name,
                "accepted": event.accepted,
            }
        case SignalSent():
            state = _typing_state(event)
            if state is None:
                return None
            typing: dict[str, object] = {
                "type": "typing",
                "at": timestamp(event.at),
                "from": event.sender.name,
            }
            if event.room is not None:
                typing["room"] = event.room.name
            else:
                typing["to"] = _name(event.recipient)
            typing["state"] = state
            return typing
        case MemberJoined():
            return {
                "type": "joined",
                "at": timestamp(event.at),
                "room": event.room.name,
                "name": event.character.name,
            }
        case MemberLeft():
            return {
                "type": "left",
                "at": timestamp(event.at),
                "room": event.room.name,
                "name": event.character.name,
                "reason": event.reason,
                "quit": event.quit,
            }
        case MemberKicked():
            return {
                "type": "kicked",
                "at": timestamp(event.at),
                "room": event.room.name,
                "name": event.character.name,
                "by": _name(event.by),
                "reason": event.reason,
            }
        case TopicChanged():
            return {
                "type": "topic",
                "at": timestamp(event.at),
                "room": event.room.name,
                "topic": event.topic,
                "by": _name(event.by),
                "hidden": event.hidden,
            }
        case RoomSettingChanged():
            return {
                "type": "room_setting",
                "at": timestamp(event.at),
                "room": event.room.name,
                "by": _name(event.by),
                "setting": event.setting.value,
                "enabled": event.enabled,
                "value": event.value,
                "target": _name(event.target),
            }
        case PresenceChanged():
            return {
                "type": "presence",
                "at": timestamp(event.at),
                "name": event.character.name,
                "online": event.online,
                "status": event.status.value,
                "message": event.message,
            }
        case CharacterRenamed():
            return {
                "type": "renamed",
                "at": timestamp(event.at),
                "old_name": event.old_name,
                "name": event.character.name,
            }
        case RoomInvitationReceived():
            return {
                "type": "invited",
                "at": timestamp(event.at),
                "room": event.room.name,
                "by": event.by.name,
            }
        case InvitationSent():
            return {
                "type": "invitation_sent",
                "at": timestamp(event.at),
                "room": event.room.name,
                "invitee": event.invitee.name,
                "by": event.by.name,
            }
        case ProfileChanged():
            return {
                "type": "profile",
                "at": timestamp(event.at),
                "name": event.character.name,
                "description": event.description,
            }
        case ServerNotice():
            return {"type": "notice", "at": timestamp(event.at), "text": event.text}
        case SessionClosed():
            return {"type": "closed", "at": timestamp(event.at), "reason": event.reason}
        case DirectoryUpdated():
            return {
                "type": "room_listed",
                "at": timestamp(event.at),
                "name": event.name,
                "room": None if event.listing is None else listing_object(event.listing),
            }
        case LogStateChanged():
            return {"type": "log_state", "at": timestamp(event.at), **log_state_object(event)}
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
            return scene_event_object(event, timestamp)
        case (
            call_events.CallIncoming()
            | call_events.CallRinging()
            | call_events.CallEnded()
            | call_events.CallMediaChanged()
            | call_events.MediaSessionStarted()
            | call_events.SignalRelayed()
            | call_events.MediaSessionEnded()
            | call_events.CamChanged()
            | call_events.CamViewersChanged()
        ):
            return call_event_object(event, timestamp)
        case (
            MeetRequestReceived()
            | MeetDeclined()
            | ThingOffered()
            | HandAnswered()
            | MailReceived()
        ):
            # The walkable world's requests and mail: boudoir.v1 has no event for them
            # (docs/websocket.md), as the browser has no commands to answer them.
            return None
        case _:
            assert_never(event)


def listing_object(listing: RoomListing) -> dict[str, object]:
    """A room of the directory (the ``rooms`` reply, ``room_listed`` events)."""
    return {
        "name": listing.name,
        "rating": listing.rating.label,
        "topic": listing.topic,
        "topic_hidden": listing.topic_hidden,
        "members": listing.members,
        "people": list(listing.people),
        "tags": list(listing.tags),
        "activity": listing.activity,
    }


def _change(event: MessageEdited | MessageDeleted) -> dict[str, object]:
    """``message_edited`` and ``message_deleted``: the line ``id`` (said in ``room``, or a
    direct message to ``to``, from ``from``) changed (docs/websocket.md, "Editing")."""
    change: dict[str, object] = {
        "type": "message_edited" if isinstance(event, MessageEdited) else "message_deleted",
        "id": event.id,
        "at": timestamp(event.at),
    }
    if event.room is not None:
        change["room"] = event.room.name
    if event.recipient is not None:
        change["to"] = event.recipient.name
    change["from"] = event.sender.name
    if isinstance(event, MessageEdited):
        change["sent_at"] = timestamp(event.sent_at)
        change["kind"] = event.kind.value
        change["text"] = event.text
        change["seal"] = event.seal
    else:
        change["by_moderator"] = event.by_moderator
    return change


def log_state_object(state: LogStateChanged | None) -> dict[str, object]:
    """A room's log consent, as ``log_state`` events and the ``join`` reply's ``logging``
    show it (docs/websocket.md, "Logging")."""
    if state is None:
        return {"room": None, "on": False, "proposed": False, "change": None,
                "agreed": [], "missing": [], "waiting": 0}  # fmt: skip
    return {
        "room": state.room.name,
        "on": state.on,
        "proposed": state.proposed,
        "change": state.change.value,
        "agreed": list(state.agreed),
        "missing": list(state.missing),
        "waiting": state.waiting,
    }


@dataclass(frozen=True, slots=True)
class WebVariant:
    """What a browser's bytes for an event depend on: the event is the same JSON for everyone."""

    framed: bool
    """In an RFC 6455 text frame (the server writes frames itself), or the JSON alone (an ASGI
    server's ``send`` frames it)."""


FRAMED: Final = WebVariant(framed=True)
UNFRAMED: Final = WebVariant(framed=False)


def replay_objects(
    lines: Sequence[RoomMessageSent | DirectMessageSent | DiceRolled],
) -> list[dict[str, object] | None]:
    """Replayed lines, each the ``message``, ``direct`` or ``roll`` object it was delivered as."""
    return [event_object(line) for line in lines]


def render_replay(
    room: str | None, lines: Sequence[RoomMessageSent | DirectMessageSent | DiceRolled]
) -> bytes:
    """The ``replay`` message (docs/websocket.md, "Replay"): what one may see again of
    ``room`` (None: of one's direct conversations), oldest first."""
    return dumps({"type": "replay", "room": room, "lines": replay_objects(lines)})


def render(event: Event, variant: WebVariant) -> bytes | None:
    """``event`` as ``variant`` sends it; None when browsers are not sent it."""
    shape = event_object(event)
    if shape is None:
        return None
    payload = dumps(shape)
    return text_frame(payload) if variant.framed else payload


def render_event(event: Event) -> bytes | None:
    """``event`` as a JSON payload; None when browsers are not sent it."""
    return render(event, UNFRAMED)
