"""Calls and cams: the values they are made of (what each side sends, a cam's terms, why a
session ended) and their limits. The server only signals: media never passes through it.

Imports the standard library and ``boudoir.domain.errors``.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Final

from boudoir.domain.errors import BoudoirError

RING_TIME: Final = dt.timedelta(seconds=60)
"""A call unanswered this long ends (``timeout``): the callee is away, or answers elsewhere."""
MAX_SIGNAL_BYTES: Final = 30 * 1024
"""One offer, answer or candidate as JSON. An SDP with many codecs and simulcast layers is a
few KiB; this is several times more than a browser sends, within a WebSocket message's 32 KiB,
and far too small to carry media through us."""
CALLS_PER_WINDOW: Final = 6
"""Calls one account may place within ``CALL_RATE_WINDOW``, refused ones included (probing
who accepts costs the same as calling)."""
CALL_RATE_WINDOW: Final = dt.timedelta(minutes=1)
DECLINES_BEFORE_THROTTLE: Final = 3
"""Declined calls to one person within ``DECLINE_WINDOW`` after which calling them again is
throttled: three noes are an answer."""
DECLINE_WINDOW: Final = dt.timedelta(minutes=10)
SIGNAL_KINDS: Final = frozenset({"offer", "answer", "candidate"})


class EndReason(enum.Enum):
    """Why a call or a media session ended, as both sides are told."""

    DECLINED = "declined"
    HUNG_UP = "hung_up"
    TIMEOUT = "timeout"
    SAFEWORD = "safeword"
    BLOCKED = "blocked"
    UNAVAILABLE = "unavailable"
    """Went offline, a block (to the blocked side), a moderator's action."""
    CAMERA_OFF = "camera_off"
    """The cam stopped, or its broadcaster stopped showing it to this viewer: one reason, so a
    viewer cannot tell being booted from the cam going off."""
    CLOSED = "closed"
    """The viewer stopped watching."""
    CUT = "cut"
    """A room manager or server moderator ended the broadcast."""


class CamAudience(enum.Enum):
    EVERYONE = "everyone"
    FRIENDS = "friends"
    """Those the broadcaster lists as friends."""
    INVITED = "invited"
    """Those the broadcaster invited to this cam."""


class Role(enum.Enum):
    """Which side of a media session makes the WebRTC offer."""

    OFFERER = "offerer"
    ANSWERER = "answerer"


@dataclass(frozen=True, slots=True)
class CallMedia:
    """What one side of a call sends and wants to receive: each side's own choice."""

    send_audio: bool = True
    send_video: bool = False
    receive_video: bool = False


@dataclass(frozen=True, slots=True)
class CamTerms:
    """How a broadcaster shows their cam in a room."""

    explicit: bool = False
    mutual_only: bool = False
    """Only to viewers who broadcast in that room too."""
    audience: CamAudience = CamAudience.EVERYONE


class CallsUnavailable(BoudoirError):
    code = "calls_unavailable"
    default_message = "Calls and cams are off on this server: it has no TURN relay."


class AlreadyInCall(BoudoirError):
    code = "already_in_call"
    default_message = "You are already calling each other."
