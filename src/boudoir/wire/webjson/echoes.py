"""What a browser is shown of its own command, before the ``ok``. Sans-I/O.

The core does not send a connection its own room message, whisper, direct message, arrival or
departure (each gateway shows them as its protocol wants): the browser shows them as the
events everyone else got.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Final

from boudoir.domain.events import CharacterRef, Event, MemberJoined, MemberLeft
from boudoir.domain.replies import (
    CharacterSwitched,
    Joined,
    Parted,
    Reply,
    Said,
    SceneLeft,
    Sent,
    Whispered,
)

SWITCHED: Final = "switched character"
"""The reason of the departures a change of character shows."""


def echoes(reply: Reply | None, me: CharacterRef, clock: Callable[[], dt.datetime]) -> list[Event]:
    """The events the browser acting as ``me`` is shown of its own ``reply``, in order."""
    match reply:
        case Said(event) | Whispered(event):
            return [event]
        case Sent(event):
            return [event]
        case Joined():
            return [MemberJoined(clock(), reply.room.ref, me)]
        case Parted(room, reason):
            return [MemberLeft(clock(), room, me, reason)]
        case CharacterSwitched(_, before, left) if before is not None:
            now = clock()
            return [MemberLeft(now, room, before, SWITCHED) for room in left]
        case SceneLeft(left, ended):
            return [left] if ended is None else [left, ended]
    return []
