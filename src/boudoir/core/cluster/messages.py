"""What nodes tell each other: frozen dataclasses of plain values, domain entities and domain
events, so ``bus.codec`` can carry them without pickling anything.

Two kinds travel. Replication keeps every node's picture of the live world the same: who is
connected where, as which character, in which rooms, with which status (``Opened`` ...
``Voiced``, on the topic every node hears). Deliveries carry events a node decided to send to
connections on another node (``Deliveries``, on that node's own topic): the node where a command
arrives decides and delivers; the receiving node hands each event to its own connections after
checking its own people's blocks again.

A connection is named by its node and the id its node gave it (ids are a node's own).

Imports ``boudoir.domain`` and ``boudoir.core`` (scenes.base, repositories, meetings, things,
cluster.limit_messages).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from boudoir.core.calls import CallState
from boudoir.core.cluster.activity_messages import ActivityCounted
from boudoir.core.cluster.call_messages import CallChanged, CallOver, CamsHeld
from boudoir.core.cluster.limit_messages import (
    AdCounted,
    AddressCounted,
    HoldFinished,
    LoginCharged,
    LoginSucceeded,
    MessageKeptHeld,
    ReportCounted,
    SignupCounted,
)
from boudoir.core.cluster.relation_messages import BlockAdded
from boudoir.core.cluster.replay_messages import ReplayAnswered, ReplayAsked
from boudoir.core.meetings import MeetRequest
from boudoir.core.presence import Departure
from boudoir.core.repositories.records import LogSegment
from boudoir.core.scenes.base import Invitation, Vote
from boudoir.core.things import Offer
from boudoir.domain.entities import Account, Character, Room, Status
from boudoir.domain.events import CharacterRef, DirectMessageSent, Event, MessageRequestReceived
from boudoir.domain.ids import AccountId, CharacterId, ConnectionId, RoomId
from boudoir.domain.mail import Mail
from boudoir.domain.scenes import SceneEndReason


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
class WentOffline:
    """The connection's character went offline at ``at`` (it was its last connection): every
    node remembers when (last seen, WHOWAS). Before ``Closed`` or ``Switched``."""

    node: str
    connection: ConnectionId
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class Entered:
    """A connection is in ``room`` now (``room`` as it stands). ``number``: the arrival's
    place among those its node decided (0: not numbered); ``heard``: for each other node, the
    number of its latest arrival this node had applied, so each knows whom it was told of."""

    node: str
    connection: ConnectionId
    room: Room
    topic_author: AccountId | None = None
    number: int = 0
    heard: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Left:
    """A connection left ``room``, its character's departure shown with ``reason`` (``quit``:
    it left the server). ``heard``: as ``Entered``'s, so the node applying it shows the
    departure to those of its people whose arrival the deciding node had not heard of."""

    node: str
    connection: ConnectionId
    room: RoomId
    reason: str = ""
    quit: bool = False
    heard: tuple[tuple[str, int], ...] = ()


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
    the receiving node who hears it, found and checked there as for speech made there. Room
    speech carries the bytes the sending node's gateways rendered it as (``rendered``, by a
    key only the gateway reads: ``remote.Renderings``), so the receiving node's need not
    render it again; who gets them is decided there all the same."""

    event: Event
    connections: tuple[ConnectionId, ...] = ()
    room: RoomId | None = None
    rendered: tuple[tuple[str, bytes], ...] = ()


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
class Placed:
    """A connection of the receiving node was brought into ``room`` (it is in it already) by
    a decision on another node (a ``msummon``): it stands there now, and leaves, saying
    ``reason``, the room it stood in (``PlaceService.placed``)."""

    connection: ConnectionId
    room: RoomId
    reason: str


@dataclass(frozen=True, slots=True)
class Hello:
    """``node`` (re)joined the bus: everyone answers with a ``Snapshot`` of their own
    connections, and takes ``node``'s own snapshot that follows. ``returning``: it was in the
    cluster before and lost Redis meanwhile, so the snapshots exchanged are reconciled
    (``core.cluster.reconcile``), not only learnt from."""

    node: str
    returning: bool = False


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything live on ``node``: its connections, the rooms each is in and the statuses of
    its characters; and what it holds of the shared state (scenes, scene invitations,
    safeword cool-downs, message requests, logs' consent). The receiver makes its picture of
    ``node``'s people match it, and takes the shared state it does not hold yet; or, after a
    gap (``returning``: the sender or the node it answers lost Redis meanwhile), merges the
    two by the rules of ``core.cluster.reconcile``."""

    node: str
    opened: tuple[Opened, ...]
    entered: tuple[Entered, ...]
    statuses: tuple[StatusSet, ...]
    voiced: tuple[Voiced, ...]
    held: SharedState | None = None
    returning: bool = False


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
    """A scene ended (a safeword, its last member gone): everyone still in it is out. Every
    node remembers it a while (``SharedState.ended``), so a node that still held the scene
    after a gap ends it too, and none brings it back."""

    room: RoomId
    reason: SceneEndReason = SceneEndReason.LAST_MEMBER_LEFT


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
    ended: tuple[SceneGone, ...] = ()
    """The scenes this node saw end lately (``SceneService.ended``), oldest first."""
    departures: tuple[Departure, ...] = ()
    """The characters this node remembers going offline (WHOWAS), oldest first."""
    activity: tuple[tuple[RoomId, int, int], ...] = ()
    """The messages said through this node per room and minute lately (``ActivityCounted``)."""
    invited: tuple[Invited, ...] = ()
    """Who holds an invitation to each private room this node holds invitations to."""

    calls: tuple[CallState, ...] = ()
    cams: tuple[CamsHeld, ...] = ()


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


ClusterMessage = (
    Opened
    | Closed
    | Switched
    | WentOffline
    | Entered
    | Left
    | RoomUpdated
    | StatusSet
    | Voiced
    | OnDuty
    | Deliveries
    | CloseConnection
    | Placed
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
    | CallChanged
    | CallOver
    | CamsHeld
    | NodeLeft
    | RoomBroadcast
    | AccountBroadcast
    | Invited
    | CharacterChanged
    | LoginCharged
    | LoginSucceeded
    | SignupCounted
    | ReportCounted
    | AdCounted
    | MessageKeptHeld
    | HoldFinished
    | AddressCounted
    | ActivityCounted
    | ReplayAsked
    | BlockAdded
    | ReplayAnswered
)
"""Every message a node may publish."""

MESSAGE_TYPES: tuple[type[ClusterMessage], ...] = (
    Opened,
    Closed,
    Switched,
    WentOffline,
    Entered,
    Left,
    RoomUpdated,
    StatusSet,
    Voiced,
    OnDuty,
    Deliveries,
    CloseConnection,
    Placed,
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
    CallChanged,
    CallOver,
    CamsHeld,
    NodeLeft,
    RoomBroadcast,
    AccountBroadcast,
    Invited,
    CharacterChanged,
    LoginCharged,
    LoginSucceeded,
    SignupCounted,
    ReportCounted,
    AdCounted,
    MessageKeptHeld,
    HoldFinished,
    AddressCounted,
    ActivityCounted,
    ReplayAsked,
    ReplayAnswered,
    BlockAdded,
)
