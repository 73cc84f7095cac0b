"""What a call is while it rings or lasts, and what is kept of it once it ended (for a
report: who, when, how long, who ended it; never media). Frozen values, so that a cluster node
can publish one whole and the others take it as it is.

Imports ``boudoir.domain`` only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from boudoir.domain.calls import CallMedia, EndReason
from boudoir.domain.ids import AccountId
from boudoir.domain.refs import CharacterRef


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a call: the character, its account, and the connection it acts from
    (by its key: ``ConnectionKeys``). The callee's connection is known once one answers."""

    character: CharacterRef
    account: AccountId
    connection: str | None
    media: CallMedia = CallMedia()  # noqa: RUF009 (frozen: one shared default is safe)


@dataclass(frozen=True, slots=True)
class CallState:
    """A call ringing (``answered_at`` None) or live (with its media ``session``)."""

    id: str
    caller: Side
    callee: Side
    video: bool
    rang_at: dt.datetime
    answered_at: dt.datetime | None = None
    session: str | None = None

    def side_of(self, account: AccountId) -> Side | None:
        if account == self.caller.account:
            return self.caller
        if account == self.callee.account:
            return self.callee
        return None

    def other(self, account: AccountId) -> Side:
        return self.callee if account == self.caller.account else self.caller


@dataclass(frozen=True, slots=True)
class CallRecord:
    """What is kept of an ended call, for a report by either side: metadata only."""

    id: str
    caller: str
    caller_account: AccountId
    callee: str
    callee_account: AccountId
    video: bool
    rang_at: dt.datetime
    answered_at: dt.datetime | None
    ended_at: dt.datetime
    reason: EndReason
    ended_by: str | None
    """The name of whoever ended it (hung up, declined, a block, a safeword); None when
    nobody did (no answer, someone went offline)."""

    def seconds(self) -> float:
        """How long it lasted once answered (0 when it never was)."""
        if self.answered_at is None:
            return 0.0
        return (self.ended_at - self.answered_at).total_seconds()

    def metadata(self) -> dict[str, object]:
        """The call as a report carries it."""
        return {
            "call": self.id,
            "caller": self.caller,
            "callee": self.callee,
            "video": self.video,
            "rang_at": self.rang_at.isoformat(),
            "answered_at": None if self.answered_at is None else self.answered_at.isoformat(),
            "ended_at": self.ended_at.isoformat(),
            "seconds": round(self.seconds()),
            "reason": self.reason.value,
            "ended_by": self.ended_by,
        }
