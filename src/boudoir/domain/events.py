"""Events the core delivers to sessions. Facts, in the past tense; frozen, no behaviour.

Events carry ``CharacterRef`` values (id and name) and never an account id: who is behind a
character is not other people's business, and blocks must not be inferable.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from boudoir.domain.ads import AdPosted as AdPosted  # re-exported for gateways
from boudoir.domain.call_events import CallEvent
from boudoir.domain.deferred import computed_on_first_read
from boudoir.domain.dice import DiceRolled as DiceRolled  # re-exported for gateways
from boudoir.domain.directory import DirectoryUpdated as DirectoryUpdated  # re-exported
from boudoir.domain.entities import RoomSetting as RoomSetting  # re-exported for gateways
from boudoir.domain.entities import Status
from boudoir.domain.ids import MessageId
from boudoir.domain.message_changes import MessageDeleted as MessageDeleted  # re-exported
from boudoir.domain.message_changes import MessageEdited as MessageEdited
from boudoir.domain.ratings import Rating
from boudoir.domain.refs import CharacterRef as CharacterRef  # re-exported
from boudoir.domain.refs import ClientTags as ClientTags
from boudoir.domain.refs import MessageKind as MessageKind
from boudoir.domain.refs import RoomRef as RoomRef
from boudoir.domain.scenes import SceneEndReason as SceneEndReason  # re-exported


@dataclass(frozen=True, slots=True)
class RoomMessageSent:
    """Someone spoke in a room (say, pose, ooc, notice), or whispered to one member."""

    id: MessageId
    at: dt.datetime
    room: RoomRef
    sender: CharacterRef
    kind: MessageKind
    text: str
    recipient: CharacterRef | None = None
    """The one person a whisper is for; ``None`` for everything the room hears."""
    client_tags: ClientTags = ()
    seal: str = ""
    """Proof that the server delivered this message (``core.seals``), for reports; may be
    computed on its first read (``domain.deferred``)."""


computed_on_first_read(RoomMessageSent, "seal")


@dataclass(frozen=True, slots=True)
class DirectMessageSent:
    """A direct message, delivered to the recipient's connections and echoed to the sender's."""

    id: MessageId
    at: dt.datetime
    sender: CharacterRef
    recipient: CharacterRef
    kind: MessageKind
    text: str
    client_tags: ClientTags = ()
    seal: str = ""
    """Proof that the server delivered this message (``core.seals``), for reports; may be
    computed on its first read (``domain.deferred``)."""


computed_on_first_read(DirectMessageSent, "seal")


@dataclass(frozen=True, slots=True)
class SignalSent:
    """Client tags without text (IRCv3 TAGMSG: typing, reactions), to a room or one person."""

    id: MessageId
    at: dt.datetime
    sender: CharacterRef
    client_tags: ClientTags
    room: RoomRef | None = None
    recipient: CharacterRef | None = None


@dataclass(frozen=True, slots=True)
class MessageRequestReceived:
    """A stranger's first direct message: shown to the recipient to accept or decline."""

    id: MessageId
    at: dt.datetime
    sender: CharacterRef
    recipient: CharacterRef
    kind: MessageKind
    text: str
    seal: str = ""
    """The seal of the direct message this request holds (``core.seals``)."""
    letter_subject: str | None = None
    """Set when a letter opened the request (``core.mail``): its subject. The letter itself
    waits unread, and ``text`` is empty."""


@dataclass(frozen=True, slots=True)
class MessageRequestAnswered:
    """The recipient accepted or declined a message request, on one of their connections: every
    one of them stops showing it. An accepted request's messages follow as direct messages."""

    at: dt.datetime
    sender: CharacterRef
    accepted: bool


@dataclass(frozen=True, slots=True)
class MemberJoined:
    at: dt.datetime
    room: RoomRef
    character: CharacterRef


@dataclass(frozen=True, slots=True)
class MemberLeft:
    at: dt.datetime
    room: RoomRef
    character: CharacterRef
    reason: str = ""
    quit: bool = False
    """The character went offline (its last connection closed), rather than leaving this one
    room: IRC shows one QUIT instead of a PART per room."""


@dataclass(frozen=True, slots=True)
class MemberKicked:
    """A manager put a character out of a room (a kick, or the removal that comes with a ban).

    Every connection in the room that may see the character is told, the character's own
    included; it is out of the room once this is delivered."""

    at: dt.datetime
    room: RoomRef
    character: CharacterRef
    by: CharacterRef | None
    """Who did it; ``None`` for a viewer who may not see them (a block either way): gateways
    show the server as the source, as for any removal by the server."""
    reason: str = ""


@dataclass(frozen=True, slots=True)
class TopicChanged:
    at: dt.datetime
    room: RoomRef
    topic: str
    by: CharacterRef | None
    """Who set it; ``None`` for a viewer who may not see them (a block either way)."""
    hidden: bool = False
    """The viewer blocks who set it: ``topic`` is empty, gateways show it as hidden by the
    viewer's block and the text is read only on request (``consent.shown_as_written``)."""


@dataclass(frozen=True, slots=True)
class RoomSettingChanged:
    """A room's manager changed one of its settings, someone's role or one of its lists.

    - ``KEY``: ``enabled`` says whether the room now has a key, ``value`` is the new key.
    - ``MODERATED``, ``TOPIC_LOCKED``: ``enabled`` is the new state.
    - ``VISIBILITY``: ``value`` is the new ``RoomVisibility`` value, ``previous`` the one it
      replaced; ``enabled`` is True.
    - ``MEMBER_LIMIT``: ``value`` is the new limit in digits; ``enabled`` False when removed.
    - ``MODERATOR``, ``VOICE``: given (``enabled``) or taken from ``target``.
    - ``BAN``, ``BAN_EXCEPTION``, ``INVITE_EXCEPTION``: an entry added (``enabled``) or
      removed; ``value`` is the name on the entry, ``target`` the character when it still
      exists.

    ``value`` repeats the target's name for the settings that have one, so that a gateway can
    show every change as "setting, on or off, value".
    """

    at: dt.datetime
    room: RoomRef
    by: CharacterRef | None
    """Who changed it; ``None`` for a viewer who may not see them (a block either way)."""
    setting: RoomSetting
    enabled: bool
    value: str = ""
    target: CharacterRef | None = None
    previous: str = ""
    """The value before the change, for ``VISIBILITY`` (so a gateway names only what changed)."""


@dataclass(frozen=True, slots=True)
class PresenceChanged:
    """A character came online, went offline or changed status, as this viewer may see it."""

    at: dt.datetime
    character: CharacterRef
    online: bool
    status: Status
    message: str = ""


@dataclass(frozen=True, slots=True)
class CharacterRenamed:
    """A character's name now shows in another case ("alice" to "Alice"): its name key, so
    who it is, is the same. Told to the character's own connections and to everyone who may
    see it now: those sharing a room with it and those who may see its presence, never across
    a block (``PresenceService.renamed``)."""

    at: dt.datetime
    character: CharacterRef
    """The character, with its new name."""
    old_name: str


@dataclass(frozen=True, slots=True)
class RoomInvitationReceived:
    """Someone invites this character into a private room."""

    at: dt.datetime
    room: RoomRef
    by: CharacterRef


@dataclass(frozen=True, slots=True)
class InvitationSent:
    """Someone invited a character into a room: told to the room's managers present (IRC
    invite-notify), not to the inviter, and not across a block with either of them."""

    at: dt.datetime
    room: RoomRef
    invitee: CharacterRef
    by: CharacterRef


@dataclass(frozen=True, slots=True)
class ProfileChanged:
    """A short description changed: told to roommates (IRC setname), not across a block."""

    at: dt.datetime
    character: CharacterRef
    description: str


class LogChange(enum.Enum):
    """What moved a room's log consent (``LogStateChanged``)."""

    PROPOSED = "proposed"
    AGREED = "agreed"
    STARTED = "started"
    """Everyone present said yes: logging is on."""
    STOPPED_ARRIVAL = "stopped_arrival"
    """Someone new arrived: logging stopped (or the proposal now waits for them too)."""
    STOPPED_WITHDRAWAL = "stopped_withdrawal"
    """Someone withdrew: logging stopped, or the proposal was dropped."""


@dataclass(frozen=True, slots=True)
class LogStateChanged:
    """A room's log consent changed: told to everyone present. ``agreed`` and ``missing``
    name the characters present who said yes and who have not, as this viewer may see them
    (blocked people are left out); ``waiting`` counts everyone who has not. Never says who
    withdrew or who arrived: a stop is told neutrally."""

    at: dt.datetime
    room: RoomRef
    on: bool
    proposed: bool
    """A proposal is open (or logging is on): False once it was dropped or stopped."""
    change: LogChange
    agreed: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    waiting: int = 0
    switched: bool = False
    """This change turned logging on or off (IRC shows the ``[logged]`` topic tag change)."""


@dataclass(frozen=True, slots=True)
class ServerNotice:
    """A message from the server itself to one session."""

    at: dt.datetime
    text: str


@dataclass(frozen=True, slots=True)
class SessionClosed:
    """The server ends this connection (account erased, suspended, logged out elsewhere)."""

    at: dt.datetime
    reason: str


# --- Scenes (core.scenes) ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SceneMemberCard:
    """One member on a scene card: their hard limits as this viewer may see them (``None``:
    not shared with this viewer; ``()``: shared, and none)."""

    character: CharacterRef
    limits: tuple[str, ...] | None


@dataclass(frozen=True, slots=True)
class SceneInvitationReceived:
    """Someone invites this character to a scene: a new one (``scene`` None, ``members``
    empty), or one they are in, whose members all said yes."""

    at: dt.datetime
    invitation: str
    by: CharacterRef
    rating: Rating
    tags: tuple[str, ...]
    note: str
    limits: tuple[str, ...] | None
    """The inviter's hard limits, when they share them with the invitee."""
    scene: RoomRef | None = None
    members: tuple[CharacterRef, ...] = ()


@dataclass(frozen=True, slots=True)
class SceneInvitationDeclined:
    """Told to the inviter: the invitee said no. The same whether or not they also blocked."""

    at: dt.datetime
    invitation: str
    invitee: CharacterRef


@dataclass(frozen=True, slots=True)
class SceneInvitationWithdrawn:
    """Told to the invitee: an invitation to join a scene is no longer open, because that
    scene has ended. Never says why it ended."""

    at: dt.datetime
    invitation: str
    by: CharacterRef


@dataclass(frozen=True, slots=True)
class SceneStarted:
    """The scene card, told to each member as the scene starts, and to a member added later
    as they enter it: its room, rating, tags, note and members with their shared limits."""

    at: dt.datetime
    scene: RoomRef
    tags: tuple[str, ...]
    note: str
    members: tuple[SceneMemberCard, ...]
    paused: bool = False


class SceneVoteState(enum.Enum):
    OPENED = "opened"
    """A member proposes to add ``invitee`` (``by``): every other member is asked."""
    YES = "yes"
    """``by`` said yes."""
    PASSED = "passed"
    """Every member said yes: the invitee is invited."""
    FAILED = "failed"
    """Someone said no, or the proposer left: told without saying who."""


@dataclass(frozen=True, slots=True)
class SceneVoteChanged:
    """A vote on adding someone to a scene, told to every member."""

    at: dt.datetime
    scene: RoomRef
    invitee: CharacterRef
    state: SceneVoteState
    by: CharacterRef | None = None
    waiting: tuple[CharacterRef, ...] = ()
    """The members whose yes is still missing."""


@dataclass(frozen=True, slots=True)
class SceneMemberAdded:
    """Someone accepted and entered the scene: told to the members already there."""

    at: dt.datetime
    scene: RoomRef
    member: SceneMemberCard


@dataclass(frozen=True, slots=True)
class ScenePauseChanged:
    """The scene was paused for a check-in (yellow), or resumed. Never says who."""

    at: dt.datetime
    scene: RoomRef
    paused: bool


@dataclass(frozen=True, slots=True)
class SceneEnded:
    """The scene is over for everyone in it: they are out of its room once this is delivered.
    Neutral: never says who called the safeword."""

    at: dt.datetime
    scene: RoomRef
    reason: SceneEndReason


# --- Meeting requests (core.meetings) -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MeetRequestReceived:
    """Someone asks this character to meet (MUCK ``meetme``): they may go to the asker, bring
    the asker to them, or decline. Asked, never forced."""

    at: dt.datetime
    requester: CharacterRef


@dataclass(frozen=True, slots=True)
class MeetDeclined:
    """Told to the asker: ``by`` declined to meet (the same whether or not they blocked)."""

    at: dt.datetime
    by: CharacterRef


# --- The walkable world and mail (core.things, core.mail) ------------------------------------


@dataclass(frozen=True, slots=True)
class ThingOffered:
    """``giver`` hands this character a thing: it changes hands only if they accept."""

    at: dt.datetime
    giver: CharacterRef
    thing: str


@dataclass(frozen=True, slots=True)
class HandAnswered:
    """Told to the giver: ``receiver`` accepted (the thing is theirs to carry now) or declined."""

    at: dt.datetime
    receiver: CharacterRef
    thing: str
    accepted: bool


@dataclass(frozen=True, slots=True)
class MailReceived:
    """A letter arrived in this character's mailbox (read it with the mail commands)."""

    at: dt.datetime
    sender: str
    """The sender's character name when it was sent."""
    subject: str


Event = (
    CallEvent
    | RoomMessageSent
    | DirectMessageSent
    | MessageEdited
    | MessageDeleted
    | MessageRequestReceived
    | MessageRequestAnswered
    | SignalSent
    | MemberJoined
    | MemberLeft
    | MemberKicked
    | TopicChanged
    | RoomSettingChanged
    | PresenceChanged
    | CharacterRenamed
    | RoomInvitationReceived
    | InvitationSent
    | ProfileChanged
    | ServerNotice
    | SessionClosed
    | LogStateChanged
    | SceneInvitationReceived
    | SceneInvitationDeclined
    | SceneInvitationWithdrawn
    | SceneStarted
    | SceneVoteChanged
    | SceneMemberAdded
    | ScenePauseChanged
    | SceneEnded
    | MeetRequestReceived
    | MeetDeclined
    | ThingOffered
    | HandAnswered
    | MailReceived
    | DiceRolled
    | AdPosted
    | DirectoryUpdated
)
