"""Events of calls and cams (``core.calls``): a call ringing, answered, ended; a media session
opened with its relay credentials, a signal relayed, a session ended; a cam going live or off,
and who watches it. Part of the ``Event`` union of ``domain.events``.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from boudoir.domain.calls import CallMedia, CamTerms, EndReason, Role
from boudoir.domain.refs import CharacterRef
from boudoir.domain.turn import IceServer


@dataclass(frozen=True, slots=True)
class CallIncoming:
    """``caller`` rings this character. ``browser_url``: where one answers (IRC and telnet
    cannot: they show a notice with it)."""

    at: dt.datetime
    call: str
    caller: CharacterRef
    video: bool
    browser_url: str

    @property
    def notice(self) -> str:
        """What IRC and telnet, which cannot answer a call, show instead."""
        return (
            f"{self.caller.name} would like a call with you; answer in the browser: "
            f"{self.browser_url}"
        )


@dataclass(frozen=True, slots=True)
class CallRinging:
    """This character rings ``callee`` (told to the caller's other connections)."""

    at: dt.datetime
    call: str
    callee: CharacterRef
    video: bool


@dataclass(frozen=True, slots=True)
class CallEnded:
    """The call is over, for both sides."""

    at: dt.datetime
    call: str
    reason: EndReason


@dataclass(frozen=True, slots=True)
class CallMediaChanged:
    """``sender`` changed what they send and want to receive in the call."""

    at: dt.datetime
    call: str
    sender: CharacterRef
    media: CallMedia


@dataclass(frozen=True, slots=True)
class MediaSessionStarted:
    """Both sides agreed: open a peer connection with ``peer`` through the relay only.
    ``call`` for a call; ``cam_room`` and ``cam_name`` (whose cam) for a watch."""

    at: dt.datetime
    session: str
    peer: CharacterRef
    role: Role
    ice_servers: tuple[IceServer, ...]
    call: str | None = None
    cam_room: str | None = None
    cam_name: str | None = None


@dataclass(frozen=True, slots=True)
class SignalRelayed:
    """``sender``'s offer, answer or ICE candidate in ``session``; ``data`` is its JSON text,
    exactly as sent."""

    at: dt.datetime
    session: str
    sender: CharacterRef
    kind: str
    data: str


@dataclass(frozen=True, slots=True)
class MediaSessionEnded:
    """Close the peer connection of ``session``."""

    at: dt.datetime
    session: str
    reason: EndReason


@dataclass(frozen=True, slots=True)
class CamChanged:
    """``name``'s cam in ``room`` went live (on ``terms``) or off."""

    at: dt.datetime
    room: str
    name: str
    live: bool
    terms: CamTerms


@dataclass(frozen=True, slots=True)
class CamViewersChanged:
    """Told to a broadcaster: who watches their cam in ``room`` now."""

    at: dt.datetime
    room: str
    viewers: tuple[str, ...]


CallEvent = (
    CallIncoming
    | CallRinging
    | CallEnded
    | CallMediaChanged
    | MediaSessionStarted
    | SignalRelayed
    | MediaSessionEnded
    | CamChanged
    | CamViewersChanged
)
