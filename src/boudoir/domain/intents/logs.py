"""Intents about logs kept by consent: saying yes or no to logging a room, its state, who
can hear one there, and reading (or deleting from) the logs one may read.

Imports the standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass


class LogIntent:
    """Base of the intents about logs."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class ProposeLog(LogIntent):
    """Propose logging ``room`` (one's own yes), or say yes to the open proposal."""

    room: str


@dataclass(frozen=True, slots=True)
class AgreeToLog(LogIntent):
    """Say yes to the open proposal to log ``room``."""

    room: str


@dataclass(frozen=True, slots=True)
class WithdrawFromLog(LogIntent):
    """Say no: logging ``room`` stops at once (or the proposal is dropped), for everyone."""

    room: str


@dataclass(frozen=True, slots=True)
class ShowLogState(LogIntent):
    """The log consent of ``room``, as one may see it."""

    room: str


@dataclass(frozen=True, slots=True)
class ListListeners(LogIntent):
    """Who can hear one in ``room``: the people one may see there, by gateway, and whether a
    log is listening."""

    room: str


@dataclass(frozen=True, slots=True)
class ListLogs(LogIntent):
    """The parts of logs one may read."""


@dataclass(frozen=True, slots=True)
class ReadLog(LogIntent):
    """One part of a log, with its lines."""

    part: str


@dataclass(frozen=True, slots=True)
class DeleteLogLine(LogIntent):
    """Delete one of one's own logged lines, by message id."""

    message: str


LogIntents = (
    ProposeLog
    | AgreeToLog
    | WithdrawFromLog
    | ShowLogState
    | ListListeners
    | ListLogs
    | ReadLog
    | DeleteLogLine
)
