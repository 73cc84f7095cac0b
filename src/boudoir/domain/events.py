"""Events the core delivers to sessions. Facts, in the past tense; frozen, no behaviour.

Events carry ``CharacterRef`` values (id and name) and never an account id: who is behind a
character is not other people's business, and blocks must not be inferable.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from boudoir.domain.entities import RoomSetting as RoomSetting  # re-exported for gateways
from boudoir.domain.entities import Status
from boudoir.domain.ids import CharacterId, MessageId, RoomId
from boudoir.domain.ratings import Rating


class MessageKind(enum.Enum):
    SAY = "say"
    POSE = "pose"
    """An emote: "Alice smiles." (IRC CTCP ACTION, telnet ``:``, ``/me``)."""
    OOC = "ooc"
    """Out of character."""
    WHISPER = "whisper"
    """To one person in a room; the rest of the room does not see it."""
    NOTICE = "notice"


ClientTags = tuple[tuple[str, str], ...]
"""Tags a sender's client attached to a message (IRCv3 client-only tags such as ``+typing`` or
``+draft/react``): opaque to the server, relayed to recipients whose client understands them."""


@dataclass(frozen=True, slots=True)
class CharacterRef:
    id: CharacterId
    name: str


@dataclass(frozen=True, slots=True)
class RoomRef:
    id: RoomId
    name: str
    rating: Rating


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


@dataclass(frozen=True, slots=True)
class SignalSent:
    """Client tags without text (IRCv3 TAGMSG: typing indicators, reactions), to a room or to
    one person."""

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


@dataclass(frozen=True, slots=True)
class RoomSettingChanged:
    """A room's manager changed one of its settings, someone's role or one of its lists.

    - ``KEY``: ``enabled`` says whether the room now has a key, ``value`` is the new key.
    - ``MODERATED``, ``TOPIC_LOCKED``: ``enabled`` is the new state.
    - ``VISIBILITY``: ``value`` is the new ``RoomVisibility`` value; ``enabled`` is True.
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


@dataclass(frozen=True, slots=True)
class PresenceChanged:
    """A character came online, went offline or changed status, as this viewer may see it."""

    at: dt.datetime
    character: CharacterRef
    online: bool
    status: Status
    message: str = ""


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
    """A character's short description changed: told to those sharing a room with it (IRC
    setname), not across a block."""

    at: dt.datetime
    character: CharacterRef
    description: str


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


Event = (
    RoomMessageSent
    | DirectMessageSent
    | MessageRequestReceived
    | SignalSent
    | MemberJoined
    | MemberLeft
    | MemberKicked
    | TopicChanged
    | RoomSettingChanged
    | PresenceChanged
    | RoomInvitationReceived
    | InvitationSent
    | ProfileChanged
    | ServerNotice
    | SessionClosed
)
