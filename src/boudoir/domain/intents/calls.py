"""Intents about calls and cams: ringing someone, answering, what one sends, hanging up,
relaying a WebRTC signal; broadcasting in a room, watching, booting a viewer, cutting a cam.
Only the browser sends them (IRC and telnet are told of a call, and where to
answer it).

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from dataclasses import dataclass

from boudoir.domain.calls import CamAudience


class CallIntent:
    """Base of the intents about calls."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class PlaceCall(CallIntent):
    """Ring the character ``to``; refused like a direct message that would not be delivered."""

    to: str
    video: bool


@dataclass(frozen=True, slots=True)
class AnswerCall(CallIntent):
    call: str
    accept: bool


@dataclass(frozen=True, slots=True)
class SetCallMedia(CallIntent):
    """What one sends and wants to receive in a call; the other side is told."""

    call: str
    send_audio: bool
    send_video: bool
    receive_video: bool


@dataclass(frozen=True, slots=True)
class HangUp(CallIntent):
    call: str


@dataclass(frozen=True, slots=True)
class RelaySignal(CallIntent):
    """An offer, answer or ICE candidate for the other side of a live media session:
    ``data`` is its JSON text."""

    session: str
    kind: str
    data: str


@dataclass(frozen=True, slots=True)
class StartCam(CallIntent):
    """Broadcast one's cam in ``room`` on these terms."""

    room: str
    explicit: bool
    mutual_only: bool
    audience: CamAudience


@dataclass(frozen=True, slots=True)
class StopCam(CallIntent):
    room: str


@dataclass(frozen=True, slots=True)
class CamAction(CallIntent):
    """An action on ``name``'s cam in ``room`` (``what``): ``invite`` (let them watch one's
    invited-only cam), ``open`` and ``close`` (watch it, stop), ``boot`` (stop showing one's
    cam to them), ``cut`` (a manager ends their broadcast)."""

    what: str
    room: str
    name: str


CallIntents = (
    PlaceCall | AnswerCall | SetCallMedia | HangUp | RelaySignal | StartCam | StopCam | CamAction
)
