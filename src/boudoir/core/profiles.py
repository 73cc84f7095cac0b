"""Profiles beyond one's own: comparing kink lists with someone, partner search, and profile
images. Every answer is built from what consent lets the asker see (``consent.profiles``).

Imports ``boudoir.core`` and ``boudoir.domain``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from boudoir.core.characters import CharacterService, Profile
from boudoir.core.ports import Store
from boudoir.core.registry import Presence, Registry
from boudoir.core.relations import RelationService
from boudoir.domain import consent
from boudoir.domain.entities import Account, Character, Status
from boudoir.domain.errors import ConsentRefused, InvalidInput, NotFound
from boudoir.domain.matching import Candidate, CompareRow, KinkSheet, compare, search
from boudoir.domain.profiles import ProfileSection
from boudoir.domain.ratings import Rating
from boudoir.domain.replies.profiles import PartnerFound

_MATCHED = frozenset({ProfileSection.KINKS, ProfileSection.LIMITS})
"""What search matches on (``consent.found_in_search`` already required the kinks shown)."""

MAX_RESULTS = 50
DEFAULT_RESULTS = 20


def sheet_of(character: Character, sections: Iterable[ProfileSection]) -> KinkSheet:
    """What of ``character``'s kinks and limits a viewer allowed ``sections`` may use."""
    shown = frozenset(sections)
    kinks = ProfileSection.KINKS in shown
    return KinkSheet(
        dict(character.kinks) if kinks else {},
        character.custom_kinks if kinks else (),
        character.hard_limits if ProfileSection.LIMITS in shown else (),
    )


def _speaks(character: Character, language: str) -> bool:
    """Lists a language of the tag ``language`` (``en`` for ``en-GB``), or lists none."""
    wanted = language.casefold()
    tags = [tag.casefold() for tag in character.details.languages]
    return not tags or any(tag == wanted or tag.startswith(wanted + "-") for tag in tags)


class ProfileService:
    def __init__(
        self,
        store: Store,
        registry: Registry,
        relations: RelationService,
        characters: CharacterService,
    ) -> None:
        self._store = store
        self._registry = registry
        self._relations = relations
        self._characters = characters

    async def compare(self, mine: Character, theirs: Profile) -> tuple[CompareRow, ...]:
        """``mine`` (one's own, in full) against ``theirs`` as one may see it."""
        every = frozenset(ProfileSection)
        return compare(
            sheet_of(mine, every),
            sheet_of(theirs.character, theirs.sections),
            self._characters.kink_list,
        )

    async def search(
        self,
        seeker: Account,
        mine: Character,
        *,
        rating: Rating | None = None,
        looking: bool = False,
        language: str = "",
        limit: int = DEFAULT_RESULTS,
    ) -> tuple[PartnerFound, ...]:
        """Findable characters for ``mine``, best first (``domain.matching.search``)."""
        if not 1 <= limit <= MAX_RESULTS:
            raise InvalidInput(f"A search shows from 1 to {MAX_RESULTS} results.")
        if rating is not None and not seeker.allows_rating(rating):
            raise ConsentRefused(
                "rating_not_opted_in", "You do not take part in that rating; see your settings."
            )
        me = consent.Person.of(seeker, mine)
        owners: dict[str, Account | None] = {}
        pool: dict[str, tuple[Character, consent.Person, consent.Ties, bool]] = {}
        candidates: list[Candidate] = []
        for character in await self._store.characters.findable():
            if character.account_id not in owners:
                owners[character.account_id] = await self._store.accounts.get(character.account_id)
            owner = owners[character.account_id]
            if owner is None or owner.awaiting_approval:
                continue
            if rating is not None and not (
                owner.allows_rating(rating)
                and (rating is Rating.GENERAL or character.declared_adult)
            ):
                continue
            if language and not _speaks(character, language):
                continue
            person = consent.Person.of(owner, character)
            ties = await self._relations.ties(seeker.id, owner.id)
            online = bool(self._registry.by_character.get(character.id)) and (
                consent.see_presence(me, person, ties)
            )
            if looking and not (online and self._status(character) is Status.LOOKING):
                continue
            pool[character.name] = (character, person, ties, online)
            candidates.append(
                Candidate(
                    character.name,
                    person,
                    ties,
                    character.findable,
                    character.visibility,
                    # Hard limits count whatever their visibility: they only ever keep
                    # people apart, and search never shows them.
                    sheet_of(character, _MATCHED),
                )
            )
        mine_sheet = sheet_of(mine, frozenset(ProfileSection))
        found = search(me, mine_sheet, candidates, self._characters.kink_list, limit=limit)
        results = []
        for match in found:
            character, person, ties, online = pool[match.name]
            details = consent.see_section(me, person, character.visibility.details, ties)
            results.append(
                PartnerFound(
                    character.name,
                    match.score.value,
                    self._status(character) if online else None,
                    match.score.shared,
                    character.short_description,
                    character.details.species if details else "",
                    character.details.gender if details else "",
                )
            )
        return tuple(results)

    def _status(self, character: Character) -> Status:
        return self._registry.presence.get(character.id, Presence()).status

    async def set_image(self, character: Character, content_type: str, data: bytes) -> None:
        await self._store.characters.set_image(character.id, content_type, data)
        self._changed(character, has_image=True)

    async def remove_image(self, character: Character) -> None:
        await self._store.characters.delete_image(character.id)
        self._changed(character, has_image=False)

    def _changed(self, character: Character, *, has_image: bool) -> None:
        """Live connections act with the new ``has_image``; other nodes are told as for any
        profile change."""
        changed = dataclasses.replace(character, has_image=has_image)
        for conn in self._registry.character_connections(character.id):
            conn.character = changed
        self._registry.watch.character_changed(changed)

    async def image(self, viewer: Profile) -> tuple[str, bytes]:
        """The image of the character ``viewer`` shows, if its image section is shown;
        ``NotFound`` otherwise, as for no image at all."""
        found = None
        if viewer.shows(ProfileSection.IMAGE) and viewer.character.has_image:
            found = await self._store.characters.image(viewer.character.id)
        if found is None:
            raise NotFound(f"{viewer.character.name} has no image.")
        return found
