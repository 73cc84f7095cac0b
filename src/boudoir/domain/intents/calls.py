"""Intents about calls: ringing someone, answering, what one sends, hanging up, and relaying
a WebRTC signal. Only the browser sends them (IRC and telnet are told of a call, and where to
answer it).

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from dataclasses import dataclass


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


CallIntents = PlaceCall | AnswerCall | SetCallMedia | HangUp | RelaySignal
