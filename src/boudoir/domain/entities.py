"""Accounts, characters and rooms: the things the store keeps.

Frozen dataclasses; a change is a new value made with ``dataclasses.replace``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from boudoir.domain.errors import InvalidInput, TooYoung
from boudoir.domain.ids import AccountId, CharacterId, RoomId
from boudoir.domain.profiles import (
    DEFAULT_VISIBILITY,
    NO_DETAILS,
    CustomKink,
    KinkRatings,
    ProfileDetails,
    ProfileVisibility,
    SectionAudience,
)
from boudoir.domain.profiles import (
    InterestLevel as InterestLevel,
)
from boudoir.domain.ratings import Rating

E = TypeVar("E", bound=enum.Enum)

ADULT_AGE = 18
"""Years of age from which a person, or a character, counts as an adult."""


def parse_choice(kind: type[E], text: str) -> E:
    """Parse a user-typed choice (``"friends"``, ``"shared-room"``) or raise a clear error."""
    key = text.strip().lower().replace("-", "_").replace(" ", "_")
    for member in kind:
        if member.value == key:
            return member
    choices = ", ".join(str(m.value).replace("_", "-") for m in kind)
    raise InvalidInput(f"Choose one of: {choices}.")


class DirectMessagePolicy(enum.Enum):
    """Who may send me direct messages and invitations."""

    ANYONE = "anyone"
    SHARED_ROOM = "shared_room"
    FRIENDS = "friends"
    NOBODY = "nobody"


class PresenceVisibility(enum.Enum):
    """Who may see that I am online, and my status."""

    EVERYONE = "everyone"
    FRIENDS = "friends"
    NOBODY = "nobody"


class Audience(enum.Enum):
    """Who may see a part of a character's profile (interests, limits)."""

    ONLY_ME = "only_me"
    FRIENDS = "friends"
    EVERYONE = "everyone"


class Role(enum.Enum):
    MEMBER = "member"
    MODERATOR = "moderator"
    OPERATOR = "operator"


class Status(enum.Enum):
    ONLINE = "online"
    AWAY = "away"
    BUSY = "busy"
    LOOKING = "looking"
    """Looking for roleplay."""


class RoomVisibility(enum.Enum):
    PUBLIC = "public"
    """Listed in the directory; anyone allowed by its rating may join."""
    UNLISTED = "unlisted"
    """Not listed; anyone who knows the name and is allowed by its rating may join."""
    PRIVATE = "private"
    """Not listed; only its owner, its moderators and people they invite may join."""


ATTESTATION_STATEMENT = (
    "I am at least 18 years old and of legal age to view adult content where I live, "
    "and I want to take part in adult roleplay."
)
"""The statement an account holder affirms when attesting their age."""


@dataclass(frozen=True, slots=True)
class Attestation:
    statement: str
    attested_at: dt.datetime
    method: str = "self"
    """``self`` for a person's own statement; an operator's age verification names itself."""


def age_on(born: dt.date, today: dt.date) -> int:
    years = today.year - born.year
    if (today.month, today.day) < (born.month, born.day):
        years -= 1
    return years


def check_born(born: dt.date, today: dt.date) -> dt.date:
    """``born`` if it is a possible date of birth of an adult on ``today``; otherwise
    ``InvalidInput`` (not possible) or ``TooYoung``."""
    if born > today or born.year < today.year - 130:
        raise InvalidInput("That date of birth is not possible.")
    if age_on(born, today) < ADULT_AGE:
        raise TooYoung()
    return born


@dataclass(frozen=True, slots=True)
class Account:
    id: AccountId
    name: str
    password_hash: str
    born: dt.date
    created_at: dt.datetime
    attestation: Attestation | None = None
    ratings: frozenset[Rating] = frozenset({Rating.GENERAL})
    dm_policy: DirectMessagePolicy = DirectMessagePolicy.SHARED_ROOM
    presence_visibility: PresenceVisibility = PresenceVisibility.EVERYONE
    role: Role = Role.MEMBER
    revision: int = 0
    """Bumped on every change, so that running nodes notice changes made elsewhere (CLI, peers)."""
    awaiting_approval: bool = False
    """Signed up while the server's sign-up mode was ``approval`` and not approved yet: the
    password is right but no login is let in."""
    mention_words: tuple[str, ...] = ()
    """Words besides the character's name that mention this person (``domain.mentions``)."""

    @property
    def attested(self) -> bool:
        return self.attestation is not None

    @property
    def is_staff(self) -> bool:
        return self.role in (Role.MODERATOR, Role.OPERATOR)

    def allows_rating(self, rating: Rating) -> bool:
        """True when this account may see content of ``rating``."""
        return rating is Rating.GENERAL or (self.attested and rating in self.ratings)


@dataclass(frozen=True, slots=True)
class Interest:
    topic: str
    level: InterestLevel


@dataclass(frozen=True, slots=True)
class Character:
    id: CharacterId
    account_id: AccountId
    name: str
    created_at: dt.datetime
    pronouns: str = ""
    short_description: str = ""
    long_description: str = ""
    declared_age: int | None = None
    interests: tuple[Interest, ...] = ()
    hard_limits: tuple[str, ...] = ()
    details: ProfileDetails = NO_DETAILS
    kinks: KinkRatings = ()
    """Ratings of the kink list (``domain.kinks``), sorted by kink id."""
    custom_kinks: tuple[CustomKink, ...] = ()
    visibility: ProfileVisibility = DEFAULT_VISIBILITY
    """Who may see each section (``consent.profiles``); friends by default (sensitive data)."""
    findable: bool = False
    """Shown in partner search; off unless its owner turns it on."""
    has_image: bool = False
    """A profile image is stored (the bytes are in the store, apart)."""

    @property
    def declared_adult(self) -> bool:
        return self.declared_age is not None and self.declared_age >= ADULT_AGE

    @property
    def profile_audience(self) -> Audience:
        """The visibility of the kinks section in the older three words (older clients)."""
        return _AUDIENCE_OF[self.visibility.kinks]


_AUDIENCE_OF = {
    SectionAudience.EVERYONE: Audience.EVERYONE,
    SectionAudience.SHARED_ROOM: Audience.FRIENDS,
    SectionAudience.FRIENDS: Audience.FRIENDS,
    SectionAudience.NOBODY: Audience.ONLY_ME,
}
SECTION_AUDIENCE_OF = {
    Audience.EVERYONE: SectionAudience.EVERYONE,
    Audience.FRIENDS: SectionAudience.FRIENDS,
    Audience.ONLY_ME: SectionAudience.NOBODY,
}
"""The older ``profile_audience`` as the visibility of the kinks and limits sections."""


class RoomSetting(enum.Enum):
    """What a room's managers change: a flag, a value, a person's role or one of the lists.

    Gateways map these to their own words: IRC channel modes (``+k``, ``+m``, ``+t``, ``+i`` and
    ``+s``, ``+l``, ``+o``, ``+v``, ``+b``, ``+e``, ``+I``), the browser's room settings."""

    KEY = "key"
    MODERATED = "moderated"
    TOPIC_LOCKED = "topic_locked"
    VISIBILITY = "visibility"
    MEMBER_LIMIT = "member_limit"
    MODERATOR = "moderator"
    VOICE = "voice"
    BAN = "ban"
    BAN_EXCEPTION = "ban_exception"
    INVITE_EXCEPTION = "invite_exception"
    RATING = "rating"
    """``value`` is the new rating's name (``general``, ``mature``, ``adult``)."""
    TAGS = "tags"
    """``value`` is the room's tags, separated by spaces (``domain.directory.clean_tags``)."""
    NEWCOMER_LINES = "newcomer_lines"
    """``value`` is how many of its last lines the room shows whoever arrives (0: none)."""
    CAMS = "cams"
    """Members may broadcast their cams in the room (off by default)."""
    CAM_BAN = "cam_ban"
    """Accounts that may not broadcast in the room."""
    ADS = "ads"
    """The room takes ads (``enabled``)."""


LIST_SETTINGS = (
    RoomSetting.BAN,
    RoomSetting.BAN_EXCEPTION,
    RoomSetting.INVITE_EXCEPTION,
    RoomSetting.CAM_BAN,
)
"""The settings that are lists of accounts (``Room.bans`` and the two lists of exceptions)."""

MAX_LIST_ENTRIES = 100
"""Entries in each of a room's lists; also the IRC ``MAXLIST`` (Modern IRC, RPL_ISUPPORT). A
hundred bans is already a room in trouble, and the lists travel whole with the room."""


@dataclass(frozen=True, slots=True)
class ListEntry:
    """One account on a room's ban or exception list.

    ``account_id`` is what the rule matches (every character of the account) and is for the core
    only: show ``name``, the character name through which the account was listed, never the
    account or its other characters."""

    account_id: AccountId
    name: str
    """The character named when the entry was set."""
    set_by: str
    """The character name of the manager who set it."""
    set_at: dt.datetime


@dataclass(frozen=True, slots=True)
class AccountList:
    """A room's list of accounts, oldest entry first, at most one entry per account.

    ``account_id in the_list`` is a set lookup. A change is a new list (``with_entry``,
    ``without``)."""

    entries: tuple[ListEntry, ...] = ()
    _ids: frozenset[AccountId] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Ordered by time set (ties by account id), so equal lists compare equal however built.
        ordered = tuple(sorted(self.entries, key=lambda e: (e.set_at, e.account_id)))
        ids = frozenset(e.account_id for e in ordered)
        if len(ids) != len(ordered):
            raise ValueError("An account appears twice in one room list.")
        object.__setattr__(self, "entries", ordered)
        object.__setattr__(self, "_ids", ids)

    def __contains__(self, account_id: object) -> bool:
        return account_id in self._ids

    def __iter__(self) -> Iterator[ListEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def ids(self) -> frozenset[AccountId]:
        return self._ids

    def get(self, account_id: AccountId) -> ListEntry | None:
        return next((e for e in self.entries if e.account_id == account_id), None)

    def with_entry(self, entry: ListEntry) -> AccountList:
        """This list with ``entry`` added (replacing any entry of the same account)."""
        return AccountList((*self.without(entry.account_id).entries, entry))

    def without(self, account_id: AccountId) -> AccountList:
        if account_id not in self._ids:
            return self
        return AccountList(tuple(e for e in self.entries if e.account_id != account_id))


NO_ENTRIES = AccountList()


SERVER_OWNED = AccountId("")
"""The ``owner_id`` of the server's own rooms (its default room, where everyone arrives): no
account, so no visitor manages them; operators do, and moderators through their staff tools."""


@dataclass(frozen=True, slots=True)
class Room:
    id: RoomId
    name: str
    owner_id: AccountId
    created_at: dt.datetime
    rating: Rating = Rating.GENERAL
    visibility: RoomVisibility = RoomVisibility.PUBLIC
    topic: str = ""
    description: str = ""
    moderator_ids: frozenset[AccountId] = field(default_factory=frozenset)
    member_limit: int | None = None
    key: str = ""
    """The password to join; empty for none. Its owner, moderators and the invited need none."""
    moderated: bool = False
    """Only managers and members given a voice may speak."""
    topic_locked: bool = True
    """Only managers set the topic; when off, any member may."""
    topic_by: str = ""
    """The character name of who last set the topic."""
    topic_at: dt.datetime | None = None
    newcomer_lines: int = 0
    """How many of its last lines (from memory: ``core.replay``) the room shows whoever
    arrives; 0, the default, shows nobody what was said before they came."""
    bans: AccountList = NO_ENTRIES
    ban_exceptions: AccountList = NO_ENTRIES
    """Accounts a ban does not keep out."""
    invite_exceptions: AccountList = NO_ENTRIES
    """Accounts that enter a private room without an invitation."""
    tags: tuple[str, ...] = ()
    """A few words its managers chose, shown in the directory (``domain.directory``)."""
    cams: bool = False
    """Its managers let members broadcast their cams here."""
    cam_bans: AccountList = NO_ENTRIES
    """Accounts that may not broadcast here."""
    ads: bool = False
    """Takes "looking for roleplay" ads (its owner allows them; off by default)."""

    def is_manager(self, account_id: AccountId) -> bool:
        return account_id == self.owner_id or account_id in self.moderator_ids

    def is_banned(self, account_id: AccountId) -> bool:
        """Banned and not excepted."""
        return account_id in self.bans and account_id not in self.ban_exceptions

    @property
    def banned_ids(self) -> frozenset[AccountId]:
        """The accounts on the ban list (exceptions or not)."""
        return self.bans.ids

    def account_list(self, setting: RoomSetting) -> AccountList:
        """The list a list setting names (``RoomSetting.BAN`` -> ``bans``)."""
        if setting is RoomSetting.BAN:
            return self.bans
        if setting is RoomSetting.BAN_EXCEPTION:
            return self.ban_exceptions
        if setting is RoomSetting.INVITE_EXCEPTION:
            return self.invite_exceptions
        if setting is RoomSetting.CAM_BAN:
            return self.cam_bans
        raise ValueError(f"{setting} is not a list setting")

    def with_list(self, setting: RoomSetting, entries: AccountList) -> Room:
        """This room with the list ``setting`` names replaced by ``entries``."""
        if setting is RoomSetting.BAN:
            return dataclasses.replace(self, bans=entries)
        if setting is RoomSetting.BAN_EXCEPTION:
            return dataclasses.replace(self, ban_exceptions=entries)
        if setting is RoomSetting.INVITE_EXCEPTION:
            return dataclasses.replace(self, invite_exceptions=entries)
        if setting is RoomSetting.CAM_BAN:
            return dataclasses.replace(self, cam_bans=entries)
        raise ValueError(f"{setting} is not a list setting")


# Limits on user-supplied profile text; named so every gateway can quote them.
MAX_PRONOUNS = 32
MAX_SHORT_DESCRIPTION = 300
MAX_LONG_DESCRIPTION = 8000
MAX_TOPIC = 390
"""Fits an IRC TOPIC reply inside 512 bytes with room for the prefix and channel name."""
MAX_ROOM_KEY = 23
"""Characters in a room's key: the common IRC ``KEYLEN`` (Modern IRC, RPL_ISUPPORT)."""
MAX_INTERESTS = 200
MAX_INTEREST_TOPIC = 64
MAX_HARD_LIMITS = 100
MAX_MESSAGE = 4000
"""Longest message text, in characters; IRC splits what its 512-byte lines cannot hold."""
MAX_CHARACTERS_PER_ACCOUNT = 20
