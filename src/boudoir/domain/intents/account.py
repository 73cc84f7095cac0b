"""Intents about one's own account: the adult attestation, settings, characters and their
profiles, the password, browser log-in sessions, the export and erasure of everything.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from dataclasses import dataclass

from boudoir.domain.entities import (
    Audience,
    DirectMessagePolicy,
    Interest,
    InterestLevel,
    PresenceVisibility,
)
from boudoir.domain.profiles import ProfilePatch
from boudoir.domain.ratings import Rating


class AccountIntent:
    """Base of the intents about one's own account and characters."""

    __slots__ = ()


# --- the account --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReadAttestation(AccountIntent):
    """The adult statement one would affirm (``ATTESTATION_STATEMENT``)."""


@dataclass(frozen=True, slots=True)
class Attest(AccountIntent):
    """Affirm the adult statement."""


@dataclass(frozen=True, slots=True)
class ShowAccount(AccountIntent):
    """One's account and its settings (and, on a live connection, the acting character)."""


@dataclass(frozen=True, slots=True)
class ChangeSettings(AccountIntent):
    """Change the account's settings; None leaves one as it is."""

    dm_policy: DirectMessagePolicy | None = None
    presence_visibility: PresenceVisibility | None = None
    ratings: frozenset[Rating] | None = None
    mention_words: tuple[str, ...] | None = None
    """Replaces the whole list (``domain.mentions`` checks it)."""


@dataclass(frozen=True, slots=True)
class ChangePassword(AccountIntent):
    """Set a new password, giving the current one. Every other session of the account ends."""

    old_password: str
    new_password: str


@dataclass(frozen=True, slots=True)
class ListSessions(AccountIntent):
    """The browser log-in sessions of the account."""


@dataclass(frozen=True, slots=True)
class EndSession(AccountIntent):
    """End one browser log-in session of the account (``login_id``)."""

    login_id: str


@dataclass(frozen=True, slots=True)
class ExportAccount(AccountIntent):
    """Everything the server holds about the account, as one document."""


@dataclass(frozen=True, slots=True)
class EraseAccount(AccountIntent):
    """Erase the account and everything of it, giving its password."""

    password: str


# --- characters -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ListCharacters(AccountIntent):
    """The account's characters."""


@dataclass(frozen=True, slots=True)
class CreateCharacter(AccountIntent):
    """A new character of the account."""

    name: str


@dataclass(frozen=True, slots=True)
class SwitchCharacter(AccountIntent):
    """Act as another character of the account; the current one leaves its rooms."""

    name: str


@dataclass(frozen=True, slots=True)
class DeleteCharacter(AccountIntent):
    """Delete one of the account's characters (not while it is online)."""

    name: str


@dataclass(frozen=True, slots=True)
class ChangeCharacter(AccountIntent):
    """Change any of the fields of the account's character ``name`` (None: unchanged).
    ``new_name`` may only change the case of its letters; ``created_at`` (ISO 8601) may be
    sent back as it is but not changed; ``clears_age`` says a declared age was sent as null,
    which only keeps a character without one so."""

    name: str
    new_name: str | None = None
    created_at: str | None = None
    pronouns: str | None = None
    short_description: str | None = None
    long_description: str | None = None
    declared_age: int | None = None
    clears_age: bool = False
    interests: tuple[Interest, ...] | None = None
    hard_limits: tuple[str, ...] | None = None
    profile_audience: Audience | None = None
    profile: ProfilePatch | None = None
    """The sections beyond the public face: details, kinks, visibility, findable."""


@dataclass(frozen=True, slots=True)
class ShowProfile(AccountIntent):
    """The character ``name`` as one may see it (no name: the acting character)."""

    name: str = ""


# --- the acting character's own profile (a live connection) --------------------------------------


@dataclass(frozen=True, slots=True)
class Describe(AccountIntent):
    """Set the acting character's short description; those who share a room with it are
    told."""

    text: str


@dataclass(frozen=True, slots=True)
class SetPronouns(AccountIntent):
    text: str


@dataclass(frozen=True, slots=True)
class SetLongDescription(AccountIntent):
    text: str


@dataclass(frozen=True, slots=True)
class SetAge(AccountIntent):
    """The acting character's declared age (18 or over)."""

    years: int


@dataclass(frozen=True, slots=True)
class SetInterests(AccountIntent):
    """The acting character's interests at ``level`` become ``topics`` (a topic listed at
    another level moves to this one)."""

    level: InterestLevel
    topics: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SetHardLimits(AccountIntent):
    topics: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SetProfileAudience(AccountIntent):
    """Who sees the acting character's interests and hard limits."""

    audience: Audience


AccountIntents = (
    ReadAttestation
    | Attest
    | ShowAccount
    | ChangeSettings
    | ChangePassword
    | ListSessions
    | EndSession
    | ExportAccount
    | EraseAccount
    | ListCharacters
    | CreateCharacter
    | SwitchCharacter
    | DeleteCharacter
    | ChangeCharacter
    | ShowProfile
    | Describe
    | SetPronouns
    | SetLongDescription
    | SetAge
    | SetInterests
    | SetHardLimits
    | SetProfileAudience
)
