"""The messages of the limits every node keeps alike (``core.cluster.limits``): each node
applies every charge as if it had made it, so an attacker spreading over the nodes gets what
one node allows, give or take what crosses Redis in one round trip. They are among the
``ClusterMessage``s (``core.cluster.messages``).

Imports ``boudoir.domain`` only.
"""

from __future__ import annotations

from dataclasses import dataclass

from boudoir.domain.events import CharacterRef, MessageKind
from boudoir.domain.ids import AccountId, RoomId


@dataclass(frozen=True, slots=True)
class LoginCharged:
    """A password check began from ``address`` for the name key ``name``: counted as a failure
    until ``LoginSucceeded`` (``core.login_throttle``)."""

    address: str
    name: str


@dataclass(frozen=True, slots=True)
class LoginSucceeded:
    """The password was right: the charge is refunded and the pair trusted."""

    address: str
    name: str


@dataclass(frozen=True, slots=True)
class SignupCounted:
    """A sign-up from ``address`` passed the sign-up throttle (``core.throttle``)."""

    address: str


@dataclass(frozen=True, slots=True)
class ReportCounted:
    """``account`` filed a report: it counts against its reports per hour."""

    account: AccountId


@dataclass(frozen=True, slots=True)
class AdCounted:
    """``account`` posted an ad in ``room`` at ``at`` (POSIX seconds): one per interval."""

    account: AccountId
    room: RoomId
    at: float


@dataclass(frozen=True, slots=True)
class MessageKeptHeld:
    """Automod held a message: its text waits on every node for a moderator's release
    (``core.automod``), on none of them in the store."""

    hold: str
    sender_account: AccountId
    sender: CharacterRef
    kind: MessageKind
    text: str
    room: RoomId | None
    recipient: str


@dataclass(frozen=True, slots=True)
class HoldFinished:
    """A held message was released or dropped: every node forgets its text."""

    hold: str


@dataclass(frozen=True, slots=True)
class AddressCounted:
    """``node`` holds ``open`` connections from ``address`` on its listener ``listener`` now;
    ``opened``: one more was just let in (it spent one of the address's connection tokens)."""

    node: str
    listener: str
    address: str
    open: int
    opened: bool
