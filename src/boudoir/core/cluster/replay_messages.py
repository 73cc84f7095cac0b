"""The messages of the replay across nodes (``core.cluster.replay``): a node where someone
logs in asks the others for what they delivered to that person, and each answers with the
lines that person may see again there, ``consent.hear_again`` deciding, and the times they
were present. They are among the ``ClusterMessage``s (``core.cluster.messages``); they travel
on pub/sub only, like any delivery, and Redis keeps none of their text.

Imports ``boudoir.domain`` only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from boudoir.domain.events import Event
from boudoir.domain.ids import AccountId, CharacterId, RoomId


@dataclass(frozen=True, slots=True)
class ReplayAsked:
    """``account``, acting as ``character``, logged in on ``node``: what may it see again of
    what the other nodes delivered (answered on ``node``'s own topic, with ``ask``)?"""

    node: str
    ask: int
    account: AccountId
    character: CharacterId


@dataclass(frozen=True, slots=True)
class ReplayLine:
    """One line kept: a room message (a whisper, with ``to``) or a direct message, who said it
    and the accounts across a block from the speaker when it was said."""

    event: Event
    speaker: AccountId
    to: AccountId | None = None
    across: tuple[AccountId, ...] = ()


@dataclass(frozen=True, slots=True)
class ReplayRoom:
    """A room's lines the asker may see again, and the times the asker was in it."""

    room: RoomId
    name: str
    spans: tuple[tuple[dt.datetime, dt.datetime | None], ...]
    lines: tuple[ReplayLine, ...]


@dataclass(frozen=True, slots=True)
class ReplayAnswered:
    """``node``'s answer to ask ``ask``: the rooms, and the direct messages of the asker's
    character, that ``account`` may see again there."""

    node: str
    ask: int
    account: AccountId
    rooms: tuple[ReplayRoom, ...] = ()
    talks: tuple[ReplayLine, ...] = ()
