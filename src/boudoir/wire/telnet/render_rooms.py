"""Room events as MU* text: arrivals and departures, removals, room settings, logging state,
and the coming and going of watched friends, for ``render.render``.

Imports ``boudoir.domain`` and ``boudoir.wire`` only: what depends on live state (where the
reader stands, whom they watch) comes in the ``RoomView`` (``render.View`` is one).
"""

from __future__ import annotations

from typing import Final, Protocol

from boudoir.domain.entities import RoomSetting, Status
from boudoir.domain.events import (
    CharacterRef,
    LogChange,
    LogStateChanged,
    MemberJoined,
    MemberKicked,
    MemberLeft,
    PresenceChanged,
    RoomRef,
    RoomSettingChanged,
)
from boudoir.domain.ids import CharacterId, RoomId
from boudoir.domain.names import name_key
from boudoir.wire.telnet.painter import Painter, safe

DEPARTURE_VERBS: Final = ("goes ", "heads ", "leaves ", "walks ", "steps ", "teleports ")
"""A leave reason starting with one of these says where someone went (``goes north``): shown
as ``Alice goes north.`` rather than ``Alice has left.``"""
WATCH_TAG: Final = "[wf]"
"""FuzzBall's watchfor prefix: a friend came online or went offline."""


class RoomView(Protocol):
    """What room events depend on of the reader (``render.View`` provides it)."""

    @property
    def viewer(self) -> CharacterId | None: ...
    @property
    def location(self) -> RoomId | None: ...
    @property
    def watching(self) -> frozenset[str]: ...


def _in(room: RoomRef, location: RoomId | None, paint: Painter) -> str:
    """The channel prefix of a room that is not where the viewer stands; empty where it is."""
    if room.id == location:
        return ""
    return paint.channel(room.name) + " "


def joined(event: MemberJoined, view: RoomView, paint: Painter) -> str | None:
    here = event.room.id == view.location
    if event.character.id == view.viewer:
        # Arriving where one stands is shown by the room's description (the gateway's look).
        return None if here else paint.system(f"You joined {paint.room(event.room.name)}.")
    name = paint.name(event.character.name)
    if here:
        return paint.system(f"{name} has arrived.")
    return _in(event.room, view.location, paint) + paint.system(f"{name} has joined.")


def left(event: MemberLeft, view: RoomView, paint: Painter) -> str | None:
    here = event.room.id == view.location
    if event.character.id == view.viewer:
        return None if here else paint.system(f"You left {paint.room(event.room.name)}.")
    name = paint.name(event.character.name)
    prefix = _in(event.room, view.location, paint)
    if event.quit:
        return prefix + paint.system(f"{name} has disconnected.")
    reason = safe(event.reason).strip()
    if here and reason.lower().startswith(DEPARTURE_VERBS):
        return paint.system(f"{name} {reason.rstrip('.')}.")
    if here:
        return paint.system(f"{name} has left.")
    return prefix + paint.system(f"{name} has left.")


def kicked(event: MemberKicked, view: RoomView, paint: Painter) -> str:
    by = actor(event.by, paint)
    reason = safe(event.reason).strip()
    because = f" ({reason})" if reason else ""
    room = paint.room(event.room.name)
    if event.character.id == view.viewer:
        return paint.warning(f"{by} removed you from {room}{because}.")
    name = paint.name(event.character.name)
    return _in(event.room, view.location, paint) + paint.system(f"{by} removed {name}{because}.")


def actor(ref: CharacterRef | None, paint: Painter) -> str:
    """Who did it; the server when the viewer may not see who (a block either way)."""
    return "The server" if ref is None else paint.name(ref.name)


_SETTING_WORDS: Final[dict[RoomSetting, tuple[str, str]]] = {
    # (when enabled, when disabled); {by}, {target}, {value} filled in.
    RoomSetting.KEY: ("{by} locked the room with the key {value}.", "{by} removed the key."),
    RoomSetting.MODERATED: (
        "{by} made the room moderated: only people with a voice may speak.",
        "{by} made the room open to everyone's speech.",
    ),
    RoomSetting.TOPIC_LOCKED: ("{by} locked the topic.", "{by} unlocked the topic."),
    RoomSetting.VISIBILITY: ("{by} made the room {value}.", "{by} made the room {value}."),
    RoomSetting.MEMBER_LIMIT: (
        "{by} limited the room to {value} people.",
        "{by} removed the room's member limit.",
    ),
    RoomSetting.MODERATOR: (
        "{by} made {target} a moderator.",
        "{by} took moderator from {target}.",
    ),
    RoomSetting.VOICE: ("{by} gave {target} a voice.", "{by} took the voice from {target}."),
    RoomSetting.BAN: ("{by} banned {target}.", "{by} lifted the ban on {target}."),
    RoomSetting.BAN_EXCEPTION: (
        "{by} exempted {target} from bans.",
        "{by} removed {target}'s exemption from bans.",
    ),
    RoomSetting.INVITE_EXCEPTION: (
        "{by} put {target} on the invitation list.",
        "{by} took {target} off the invitation list.",
    ),
    RoomSetting.RATING: ("{by} rated the room {value}.", "{by} rated the room {value}."),
    RoomSetting.TAGS: ("{by} tagged the room: {value}.", "{by} cleared the room's tags."),
    RoomSetting.ADS: (
        '{by} opened the room to ads: type "ad <text>" to post one, "ads" to read them.',
        "{by} closed the room to ads.",
    ),
    RoomSetting.NEWCOMER_LINES: (
        "{by} made the room show whoever arrives its last {value} lines.",
        "{by} made the room show nobody what was said before they came.",
    ),
    RoomSetting.CAMS: ("{by} let members broadcast cams here.", "{by} turned cams off here."),
    RoomSetting.CAM_BAN: ("{by} barred {target} from cams.", "{by} let {target} broadcast."),
}


def setting(event: RoomSettingChanged, paint: Painter) -> str:
    on, off = _SETTING_WORDS.get(event.setting, ("{by} changed a setting.",) * 2)
    target = event.target.name if event.target is not None else safe(event.value)
    # One pass of format: braces inside a value (a key) stay text.
    text = (on if event.enabled else off).format(
        by=actor(event.by, paint), target=paint.name(target), value=safe(event.value)
    )
    return paint.system(text)


def presence(event: PresenceChanged, view: RoomView, paint: Painter) -> str | None:
    if name_key(event.character.name) not in view.watching:
        return None
    tag = "" if paint.screen_reader else paint.channel(WATCH_TAG) + " "
    name = paint.name(event.character.name)
    if not event.online:
        return tag + paint.system(f"{name} has disconnected.")
    message = safe(event.message).strip()
    if event.status is Status.ONLINE:
        words = f"{name} has connected." if not message else f"{name} is here: {message}"
        return tag + paint.system(words)
    state = "looking for roleplay" if event.status is Status.LOOKING else event.status.value
    because = f": {message}" if message else "."
    return tag + paint.system(f"{name} is {state}{because}")


def log_state(event: LogStateChanged, paint: Painter) -> str:
    room = paint.room(event.room.name)
    tag = "Log notice:" if paint.screen_reader else "[LOG]"
    agreed = ", ".join(event.agreed)
    if event.on:
        who = f": {agreed} consented." if agreed else "."
        return paint.alert(f"{tag} Logging is ON in {room}{who}")
    if event.change is LogChange.STOPPED_ARRIVAL:
        if event.proposed:
            line = f"{tag} Logging in {room} waits for someone who just arrived."
        else:
            line = f"{tag} Logging is OFF in {room}: someone arrived who has not agreed."
        return paint.warning(line)
    if event.change is LogChange.STOPPED_WITHDRAWAL:
        if event.switched:
            return paint.warning(f"{tag} Logging is OFF in {room}.")
        return paint.warning(f"{tag} The proposal to log {room} was dropped.")
    # Proposed, or someone agreed: still off, waiting for the rest.
    missing = ", ".join(event.missing)
    parts = [f"{tag} Logging is proposed in {room} (off until everyone agrees)."]
    if agreed:
        parts.append(f"Agreed: {agreed}.")
    if missing:
        parts.append(f"Waiting for: {missing}.")
    elif event.waiting:
        parts.append(f"Waiting for {event.waiting} more.")
    return paint.warning(" ".join(parts))
