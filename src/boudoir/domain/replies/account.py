"""Replies about one's own account, characters and profiles.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from boudoir.domain.entities import Account, Audience, Character, InterestLevel, Status
from boudoir.domain.events import CharacterRef, RoomRef
from boudoir.domain.ids import CharacterId
from boudoir.domain.profiles import ProfileSection


class AccountReply:
    """Base of the replies about one's own account and characters."""

    __slots__ = ()


# --- the account --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AttestationStatement(AccountReply):
    """The statement one affirms by attesting."""

    statement: str


@dataclass(frozen=True, slots=True)
class Attested(AccountReply):
    account: Account


@dataclass(frozen=True, slots=True)
class AccountShown(AccountReply):
    """The account; ``character`` is the acting one on a live connection (None over HTTP)."""

    account: Account
    character: Character | None = None


@dataclass(frozen=True, slots=True)
class SettingsChanged(AccountReply):
    """The account as it now is; ``changed`` names the settings given (``dm_policy``,
    ``presence_visibility``, ``ratings``)."""

    account: Account
    changed: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PasswordChanged(AccountReply):
    """The password is changed; ``ended_logins`` are the browser log-in sessions it ended."""

    ended_logins: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LoginEntry:
    """One browser log-in session, as its owner sees it."""

    id: str
    created_at: dt.datetime
    last_seen_at: dt.datetime
    client: str
    current: bool


@dataclass(frozen=True, slots=True)
class SessionList(AccountReply):
    sessions: tuple[LoginEntry, ...]


@dataclass(frozen=True, slots=True)
class SessionEnded(AccountReply):
    """``login_id`` is ended; ``current`` when it is the session that asked."""

    login_id: str
    current: bool


@dataclass(frozen=True, slots=True)
class AccountExported(AccountReply):
    """The export document (JSON-ready)."""

    document: Mapping[str, object]


@dataclass(frozen=True, slots=True)
class AccountErased(AccountReply):
    """The account is gone; ``logins`` were its browser log-in sessions."""

    logins: tuple[str, ...]


# --- characters -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CharacterList(AccountReply):
    """The account's characters; ``current`` is the acting one on a live connection."""

    characters: tuple[Character, ...]
    current: CharacterId | None = None


@dataclass(frozen=True, slots=True)
class CharacterCreated(AccountReply):
    character: Character


@dataclass(frozen=True, slots=True)
class CharacterSwitched(AccountReply):
    """The connection acts as ``name``. ``before`` was the character it acted as and ``left``
    the rooms that one left; ``left`` is empty and ``before`` None when it already was
    ``name``."""

    name: str
    before: CharacterRef | None = None
    left: tuple[RoomRef, ...] = ()


@dataclass(frozen=True, slots=True)
class CharacterChanged(AccountReply):
    character: Character


@dataclass(frozen=True, slots=True)
class CharacterDeleted(AccountReply):
    name: str


@dataclass(frozen=True, slots=True)
class ProfileShown(AccountReply):
    """A character as the one who asked may see it: ``online`` and ``status`` only when its
    presence is theirs to see, and each section of the profile only when in ``sections``."""

    character: Character
    online: bool
    status: Status | None
    sections: frozenset[ProfileSection]
    kink_names: tuple[tuple[str, str], ...] = ()
    """(id, name) of the kinks the character rated, from the kink list, for text gateways."""

    @property
    def details(self) -> bool:
        """The kinks and interests are shown."""
        return ProfileSection.KINKS in self.sections

    def shows(self, section: ProfileSection) -> bool:
        return section in self.sections


# --- the acting character's own profile -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Described(AccountReply):
    text: str


@dataclass(frozen=True, slots=True)
class PronounsSet(AccountReply):
    text: str


@dataclass(frozen=True, slots=True)
class LongDescriptionSet(AccountReply):
    text: str


@dataclass(frozen=True, slots=True)
class AgeSet(AccountReply):
    years: int


@dataclass(frozen=True, slots=True)
class InterestsSet(AccountReply):
    level: InterestLevel
    topics: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class HardLimitsSet(AccountReply):
    topics: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ProfileAudienceSet(AccountReply):
    audience: Audience


AccountReplies = (
    AttestationStatement
    | Attested
    | AccountShown
    | SettingsChanged
    | PasswordChanged
    | SessionList
    | SessionEnded
    | AccountExported
    | AccountErased
    | CharacterList
    | CharacterCreated
    | CharacterSwitched
    | CharacterChanged
    | CharacterDeleted
    | ProfileShown
    | Described
    | PronounsSet
    | LongDescriptionSet
    | AgeSet
    | InterestsSet
    | HardLimitsSet
    | ProfileAudienceSet
)
