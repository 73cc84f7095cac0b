"""Characters: the personas of an account, and their profiles."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from boudoir.core.kinks import standard_kink_list
from boudoir.core.naming import check_not_reserved_lookalike, claim_name
from boudoir.core.ports import Clock, Store
from boudoir.core.profile_fields import apply_patch, clean_text
from boudoir.core.screens import Screens, Speaker, Writing
from boudoir.core.skeleton import skeleton
from boudoir.domain.entities import (
    ADULT_AGE,
    MAX_CHARACTERS_PER_ACCOUNT,
    MAX_HARD_LIMITS,
    MAX_INTEREST_TOPIC,
    MAX_INTERESTS,
    MAX_LONG_DESCRIPTION,
    MAX_PRONOUNS,
    MAX_SHORT_DESCRIPTION,
    SECTION_AUDIENCE_OF,
    Audience,
    Character,
    Interest,
    Status,
)
from boudoir.domain.errors import InvalidInput, InvalidName, LimitExceeded, NotFound
from boudoir.domain.ids import AccountId, new_character_id
from boudoir.domain.kinks import KinkList
from boudoir.domain.names import name_key, validate_name
from boudoir.domain.profiles import ProfilePatch, ProfileSection


@dataclass(frozen=True, slots=True)
class Profile:
    """A character as one viewer may see it (``World.profile``)."""

    character: Character
    online: bool
    """False too when the viewer may not see the owner's presence."""
    status: Status | None
    """None when offline, or when the viewer may not see presence."""
    sections: frozenset[ProfileSection]
    """The sections the viewer may see (``consent.sections_shown``)."""

    @property
    def details(self) -> bool:
        """The viewer may see the kinks and interests (the older clients' one switch)."""
        return ProfileSection.KINKS in self.sections

    def shows(self, section: ProfileSection) -> bool:
        return section in self.sections


MAX_DECLARED_AGE = 10_000
"""Characters may be ancient (vampires, elves); only the lower bound carries a rule."""


PROFILE_TEXTS = ("pronouns", "short_description", "long_description")
"""The fields of a profile others read as written, screened as speech is."""


class CharacterService:
    def __init__(self, store: Store, clock: Clock, screens: Screens) -> None:
        self._store = store
        self._clock = clock
        self._screens = screens
        self.kink_list: KinkList = standard_kink_list()
        """What ``kinks`` ratings may name; the app adds the operator's ``kinks_file``."""

    async def create(self, account_id: AccountId, name: str) -> Character:
        existing = await self._store.characters.list_for_account(account_id)
        if len(existing) >= MAX_CHARACTERS_PER_ACCOUNT:
            raise LimitExceeded(f"An account has at most {MAX_CHARACTERS_PER_ACCOUNT} characters.")
        name, shape = await claim_name(self._store, name, account_id)
        character = Character(
            id=new_character_id(), account_id=account_id, name=name, created_at=self._clock()
        )
        await self._store.characters.add(character, shape)
        return character

    async def of_account(self, account_id: AccountId) -> list[Character]:
        return await self._store.characters.list_for_account(account_id)

    async def find(self, name: str) -> Character:
        character = await self._store.characters.find_by_name(name)
        if character is None:
            raise NotFound(f"No character is named {name!r}.")
        return character

    async def owned(self, account_id: AccountId, name: str) -> Character:
        character = await self._store.characters.find_by_name(name)
        if character is None or character.account_id != account_id:
            raise NotFound(f"You have no character named {name!r}.")
        return character

    async def update_profile(
        self,
        character: Character,
        *,
        writer: Speaker | None = None,
        pronouns: str | None = None,
        short_description: str | None = None,
        long_description: str | None = None,
        declared_age: int | None = None,
        interests: Iterable[Interest] | None = None,
        hard_limits: Iterable[str] | None = None,
        profile_audience: Audience | None = None,
        profile: ProfilePatch | None = None,
    ) -> Character:
        """Change a character's profile (``None``: unchanged). ``writer`` is who writes it
        (a connection, or an ``Author`` over HTTP): its texts pass the screens speech passes."""
        changes: dict[str, Any] = {}
        if pronouns is not None:
            changes["pronouns"] = clean_text(pronouns, MAX_PRONOUNS, "Pronouns")
        if short_description is not None:
            changes["short_description"] = clean_text(
                short_description, MAX_SHORT_DESCRIPTION, "A short description"
            )
        if long_description is not None:
            changes["long_description"] = clean_text(
                long_description, MAX_LONG_DESCRIPTION, "A description", single_line=False
            )
        if declared_age is not None:
            if declared_age < ADULT_AGE:
                raise InvalidInput(
                    f"Characters on Boudoir are declared {ADULT_AGE} or over; "
                    "no character may be presented as a minor."
                )
            if declared_age > MAX_DECLARED_AGE:
                raise InvalidInput(f"A declared age is at most {MAX_DECLARED_AGE}.")
            changes["declared_age"] = declared_age
        if interests is not None:
            chosen = tuple(interests)
            if len(chosen) > MAX_INTERESTS:
                raise LimitExceeded(f"A profile lists at most {MAX_INTERESTS} interests.")
            seen: set[str] = set()
            cleaned = []
            for interest in chosen:
                topic = clean_text(interest.topic, MAX_INTEREST_TOPIC, "An interest")
                if not topic:
                    raise InvalidInput("An interest needs a topic.")
                if topic.casefold() in seen:
                    raise InvalidInput(f"The interest {topic!r} is listed twice.")
                seen.add(topic.casefold())
                cleaned.append(Interest(topic, interest.level))
            changes["interests"] = tuple(cleaned)
        if hard_limits is not None:
            limits = tuple(clean_text(x, MAX_INTEREST_TOPIC, "A hard limit") for x in hard_limits)
            if len(limits) > MAX_HARD_LIMITS:
                raise LimitExceeded(f"A profile lists at most {MAX_HARD_LIMITS} hard limits.")
            changes["hard_limits"] = tuple(x for x in limits if x)
        if profile is not None and not profile.empty:
            changes.update(
                apply_patch(
                    profile,
                    details=character.details,
                    visibility=character.visibility,
                    kink_list=self.kink_list,
                )
            )
        if profile_audience is not None and (profile is None or not profile.visibility):
            # The older single switch: both the kinks and the limits sections (unless the
            # visibility per section came with it: a character sent back whole has both).
            audience = SECTION_AUDIENCE_OF[profile_audience]
            visibility = changes.get("visibility", character.visibility)
            changes["visibility"] = dataclasses.replace(visibility, kinks=audience, limits=audience)
        if not changes:
            return character
        # What others read of the character passes the screens speech passes. Interests and
        # hard limits are not screened: they are sensitive data the person shows only to whom
        # they choose, and a flag would show them to the moderators.
        if writer is not None:  # None: the server's own change (the command line, tests)
            texts = [changes.get(k, "") for k in PROFILE_TEXTS]
            if "details" in changes:
                # The details others read as written pass the screens too.
                shown = changes["details"]
                texts += [
                    shown.species,
                    shown.gender,
                    shown.orientation,
                    shown.rp_style,
                    shown.body_description,
                    shown.personality_description,
                ]
            self._screens.check(writer, Writing.DESCRIPTION, *texts)
        character = dataclasses.replace(character, **changes)
        await self._store.characters.update(character)
        return character

    async def recase(self, character: Character, name: str) -> Character:
        """Show ``character``'s name as ``name``, a case variant of it ("alice" as "Alice").
        The name key stays, so it is still the same name to everyone; anything else is a new
        name, refused with ``InvalidName``. A variant that looks like a name in use (its
        skeleton may differ: "ALICE" looks like "Allce") is refused as a new name would be."""
        name = validate_name(name)
        # Case only: the name key alone (NFKC) would also let "Ａｌｉｃｅ" (fullwidth) or a
        # ligature stand for "Alice"; the case folds of the names as written must match too.
        if name_key(name) != name_key(character.name) or (
            name.casefold() != validate_name(character.name).casefold()
        ):
            raise InvalidName(
                f"Your character is named {character.name}: only the case of its letters "
                "may change, not the name."
            )
        if name == character.name:
            return character
        check_not_reserved_lookalike(name)
        await self._store.characters.recase(character.id, name, skeleton(name))
        return dataclasses.replace(character, name=name)

    async def delete(self, account_id: AccountId, name: str) -> None:
        character = await self.owned(account_id, name)
        if len(await self._store.characters.list_for_account(account_id)) <= 1:
            raise InvalidInput(
                "An account keeps at least one character; erase the account instead."
            )
        await self._store.characters.delete(character.id)
