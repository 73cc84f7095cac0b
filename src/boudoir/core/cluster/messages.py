"""What nodes tell each other: frozen dataclasses of plain values, domain entities and domain
events, so ``bus.codec`` can carry them without pickling anything.

Two kinds travel. Replication keeps every node's picture of the live world the same: who is
connected where, as which character, in which rooms, with which status (``Opened`` ...
``Voiced``, on the topic every node hears). Deliveries carry events a node decided to send to
connections on another node (``Deliveries``, on that node's own topic): the node where a command
arrives decides and delivers; the receiving node hands each event to its own connections after
checking its own people's blocks again.

A connection is named by its node and the id its node gave it (ids are a node's own: two
nodes may give the same one).

Imports ``boudoir.domain`` and ``boudoir.core`` (scenes.base, repositories, meetings, things).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from boudoir.core.meetings import MeetRequest
from boudoir.core.repositories.records import LogSegment
from boudoir.core.scenes.base import Invitation, Vote
from boudoir.core.things import Offer
from boudoir.domain.entities import Account, Character, Room, Status
from boudoir.domain.events import (
    CharacterRef,
    DirectMessageSent,
    Event,
    MessageKind,
    MessageRequestReceived,
)
from boudoir.domain.ids import AccountId, CharacterId, ConnectionId, RoomId
from boudoir.domain.mail import Mail


@dataclass(frozen=True, slots=True)
class Opened:
    """A connection logged in on ``node``. ``account`` carries no password hash."""

    node: str
    connection: ConnectionId
    gateway: str
    account: Account
    character: Character
    on_duty: bool = False


@dataclass(frozen=True, slots=True)
class Closed:
    """A connection logged out (its rooms and presence were told by its node)."""

    node: str
    connection: ConnectionId


@dataclass(frozen=True, slots=True)
class Switched:
    """A connection acts as another character of its account now."""

    node: str
    connection: ConnectionId
    character: Character


@dataclass(frozen=True, slots=True)
class Entered:
    """A connection is in ``room`` now (``room`` as it stands)."""

    node: str
    connection: ConnectionId
    room: Room
    topic_author: AccountId | None = None


@dataclass(frozen=True, slots=True)
class Left:
    node: str
    connection: ConnectionId
    room: RoomId


@dataclass(frozen=True, slots=True)
class RoomUpdated:
    """A live room's settings or topic changed."""

    room: Room
    topic_author: AccountId | None = None


@dataclass(frozen=True, slots=True)
class StatusSet:
    character: CharacterId
    status: Status
    message: str = ""


@dataclass(frozen=True, slots=True)
class Voiced:
    room: RoomId
    character: CharacterId
    voiced: bool


@dataclass(frozen=True, slots=True)
class OnDuty:
    node: str
    connection: ConnectionId
    on_duty: bool


@dataclass(frozen=True, slots=True)
class CharacterChanged:
    """A character's profile or the case of its name changed: its connections take it."""

    character: Character


@dataclass(frozen=True, slots=True)
class Invited:
    """The accounts holding an invitation to private room ``room`` (none: no invitations)."""

    room: RoomId
    accounts: tuple[AccountId, ...]


@dataclass(frozen=True, slots=True)
class Delivery:
    """One event for some connections of the receiving node: those listed in
    ``connections``; or, with ``room`` set (and no connections), every member of that room on
    the receiving node who hears it, found and checked there as for speech made there."""

    event: Event
    connections: tuple[ConnectionId, ...] = ()
    room: RoomId | None = None


@dataclass(frozen=True, slots=True)
class Deliveries:
    """Events for connections of the receiving node, in the order they were decided."""

    items: tuple[Delivery, ...]


@dataclass(frozen=True, slots=True)
class CloseConnection:
    """End a connection of the receiving node, telling its user ``reason``."""

    connection: ConnectionId
    reason: str


@dataclass(frozen=True, slots=True)
class Hello:
    """``node`` (re)joined the bus: everyone answers with a ``Snapshot`` of their own
    connections, and takes ``node``'s own snapshot that follows."""

    node: str


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything live on ``node``: its connections, the rooms each is in and the statuses of
    its characters; and what it holds of the shared state (scenes, scene invitations,
    safeword cool-downs, message requests, logs' consent). The receiver makes its picture of
    ``node``'s people match it, and takes the shared state it does not hold yet."""

    node: str
    opened: tuple[Opened, ...]
    entered: tuple[Entered, ...]
    statuses: tuple[StatusSet, ...]
    voiced: tuple[Voiced, ...]
    held: SharedState | None = None


@dataclass(frozen=True, slots=True)
class RequestHeld:
    """A message (or a letter) from a stranger waits for ``recipient``: it opened their request
    (``first``), or waits behind it."""

    recipient: AccountId
    sender: AccountId
    sender_ref: CharacterRef
    first: MessageRequestReceived
    message: DirectMessageSent | None = None
    letter: Mail | None = None


@dataclass(frozen=True, slots=True)
class RequestTaken:
    """The request from ``sender`` to ``recipient`` was accepted, declined or dropped."""

    recipient: AccountId
    sender: AccountId
    declined: bool = False


@dataclass(frozen=True, slots=True)
class AccountChanged:
    """An account's stored state changed (a suspension, a password, a block, an erasure):
    nodes where it or someone it relates to is connected reload what they cached of it."""

    account: AccountId


@dataclass(frozen=True, slots=True)
class SceneState:
    """A scene as it stands (new, or changed: a vote, a pause). Its members come and go by
    ``Entered`` and ``Left``; ``SceneGone`` ends it."""

    room: Room
    tags: tuple[str, ...]
    note: str
    votes: tuple[Vote, ...] = ()
    paused_by: AccountId | None = None


@dataclass(frozen=True, slots=True)
class SceneGone:
    """A scene ended (a safeword, its last member gone): everyone still in it is out."""

    room: RoomId


@dataclass(frozen=True, slots=True)
class InvitationsHeld:
    """The open scene invitations of ``character``, all of them (none: an empty tuple)."""

    character: CharacterId
    invitations: tuple[Invitation, ...]


@dataclass(frozen=True, slots=True)
class Cooldowns:
    """Whom ``account`` called a safeword on, and until when they may not invite it."""

    account: AccountId
    until: tuple[tuple[AccountId, dt.datetime], ...]


@dataclass(frozen=True, slots=True)
class LogState:
    """A room's log consent as it stands: who proposed, who said yes and, while logging is
    on, the segment being written. ``proposer`` None: nothing proposed, logging off."""

    room: RoomId
    proposer: CharacterRef | None
    agreed: tuple[AccountId, ...] = ()
    segment: LogSegment | None = None


@dataclass(frozen=True, slots=True)
class HeldRequest:
    """One message request waiting for its recipient, whole."""

    sender: AccountId
    sender_ref: CharacterRef
    first: MessageRequestReceived
    waiting: tuple[DirectMessageSent, ...] = ()
    letters: tuple[Mail, ...] = ()


@dataclass(frozen=True, slots=True)
class RequestsHeld:
    """The message requests waiting for ``recipient``, and whom they declined."""

    recipient: AccountId
    requests: tuple[HeldRequest, ...]
    declined: tuple[AccountId, ...] = ()


@dataclass(frozen=True, slots=True)
class MeetRequestsHeld:
    """The open ``meetme`` requests to ``character``, all of them, oldest first."""

    character: CharacterId
    requests: tuple[MeetRequest, ...]


@dataclass(frozen=True, slots=True)
class OffersHeld:
    """The things offered to ``character`` (``hand``), all of them, oldest first."""

    character: CharacterId
    offers: tuple[Offer, ...]


@dataclass(frozen=True, slots=True)
class SharedState:
    """What a node holds of the state every node shares, for a node that joins late or comes
    back: it learns what it does not hold yet."""

    scenes: tuple[SceneState, ...] = ()
    invitations: tuple[InvitationsHeld, ...] = ()
    cooldowns: tuple[Cooldowns, ...] = ()
    requests: tuple[RequestsHeld, ...] = ()
    logs: tuple[LogState, ...] = ()
    meetings: tuple[MeetRequestsHeld, ...] = ()
    offers: tuple[OffersHeld, ...] = ()


@dataclass(frozen=True, slots=True)
class RestrictionsChanged:
    """A moderator acted (a mute, a suspension, a lift...): read the restrictions anew."""


@dataclass(frozen=True, slots=True)
class NodeLeft:
    """A node stopped (or was found dead): its people are gone."""

    node: str
    reason: str


@dataclass(frozen=True, slots=True)
class RoomBroadcast:
    """An event for a room's members on the receiving node."""

    room: RoomId
    event: Event
    author: AccountId | None = None


@dataclass(frozen=True, slots=True)
class AccountBroadcast:
    """An event for every connection of one account on the receiving node."""

    account: AccountId
    event: Event
    author: AccountId | None = None


# Limits every node keeps alike (``core.cluster.limits``): each node applies every charge as if
# it had made it, so an attacker spreading over the nodes gets what one node allows, give or
# take what crosses Redis in one round trip.


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


ClusterMessage = (
    Opened
    | Closed
    | Switched
    | Entered
    | Left
    | RoomUpdated
    | StatusSet
    | Voiced
    | OnDuty
    | Deliveries
    | CloseConnection
    | Hello
    | Snapshot
    | RequestHeld
    | RequestTaken
    | AccountChanged
    | RestrictionsChanged
    | SceneState
    | SceneGone
    | InvitationsHeld
    | Cooldowns
    | LogState
    | MeetRequestsHeld
    | OffersHeld
    | NodeLeft
    | RoomBroadcast
    | AccountBroadcast
    | Invited
    | CharacterChanged
    | LoginCharged
    | LoginSucceeded
    | SignupCounted
    | ReportCounted
    | MessageKeptHeld
    | HoldFinished
    | AddressCounted
)
"""Every message a node may publish."""

MESSAGE_TYPES: tuple[type[ClusterMessage], ...] = (
    Opened,
    Closed,
    Switched,
    Entered,
    Left,
    RoomUpdated,
    StatusSet,
    Voiced,
    OnDuty,
    Deliveries,
    CloseConnection,
    Hello,
    Snapshot,
    RequestHeld,
    RequestTaken,
    AccountChanged,
    RestrictionsChanged,
    SceneState,
    SceneGone,
    InvitationsHeld,
    Cooldowns,
    LogState,
    MeetRequestsHeld,
    OffersHeld,
    NodeLeft,
    RoomBroadcast,
    AccountBroadcast,
    Invited,
    CharacterChanged,
    LoginCharged,
    LoginSucceeded,
    SignupCounted,
    ReportCounted,
    MessageKeptHeld,
    HoldFinished,
    AddressCounted,
)
