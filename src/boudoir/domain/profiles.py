"""The parts of a character's profile beyond its public face: the details, the kink list
ratings, custom entries and who may see each section.

Value objects only (frozen dataclasses and enums) with their limits; the rules about who sees
what are in ``consent.profiles``, comparing and matching in ``domain.matching``. Imports only
the standard library.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class InterestLevel(enum.Enum):
    """How much a character wants something: a kink list rating, an interest, a custom kink."""

    FAVOURITE = "favourite"
    YES = "yes"
    MAYBE = "maybe"
    NO = "no"


class SectionAudience(enum.Enum):
    """Who may see one section of a profile (``ProfileVisibility``)."""

    EVERYONE = "everyone"
    SHARED_ROOM = "shared_room"
    """People in a room with the character right now."""
    FRIENDS = "friends"
    NOBODY = "nobody"


class ProfileSection(enum.Enum):
    """A part of a profile with a visibility of its own."""

    DETAILS = "details"
    """Species, gender, orientation, descriptions of body and personality, style, languages."""
    KINKS = "kinks"
    """The kink list ratings, the custom kinks and the free-text interests."""
    LIMITS = "limits"
    """The hard limits."""
    IMAGE = "image"


class PostLength(enum.Enum):
    """How long a character's posts usually are."""

    ONE_LINER = "one_liner"
    SHORT = "short"
    PARAGRAPH = "paragraph"
    NOVEL = "novel"


@dataclass(frozen=True, slots=True)
class ProfileVisibility:
    """Who sees each section. Everything starts at friends: profiles hold sensitive data."""

    details: SectionAudience = SectionAudience.FRIENDS
    kinks: SectionAudience = SectionAudience.FRIENDS
    limits: SectionAudience = SectionAudience.FRIENDS
    image: SectionAudience = SectionAudience.FRIENDS

    def of(self, section: ProfileSection) -> SectionAudience:
        """The audience of ``section``."""
        audience: SectionAudience = getattr(self, section.value)
        return audience


@dataclass(frozen=True, slots=True)
class CustomKink:
    """An entry of a character's own, beside the standard list."""

    name: str
    description: str
    level: InterestLevel


@dataclass(frozen=True, slots=True)
class ProfileDetails:
    """The ``details`` section: all optional, all bounded (the limits below)."""

    species: str = ""
    gender: str = ""
    orientation: str = ""
    body_description: str = ""
    personality_description: str = ""
    post_length: PostLength | None = None
    rp_style: str = ""
    timezone: str = ""
    """An IANA time zone name (``Europe/Paris``), checked against the zone database; or empty."""
    languages: tuple[str, ...] = ()
    """BCP 47 tags (``en``, ``pt-BR``)."""


NO_DETAILS = ProfileDetails()
DEFAULT_VISIBILITY = ProfileVisibility()
"""Every section shown to friends."""

KinkRatings = tuple[tuple[str, InterestLevel], ...]
"""A character's ratings of the kink list: (kink id, level) pairs, sorted by id."""

# Limits on what a profile holds; named so every gateway can quote them.
MAX_SHORT_FIELD = 64
"""Species, gender, orientation."""
MAX_RP_STYLE = 200
MAX_BODY_DESCRIPTION = 4000
MAX_PERSONALITY_DESCRIPTION = 4000
MAX_LANGUAGES = 10
MAX_CUSTOM_KINKS = 50
MAX_CUSTOM_KINK_NAME = 64
MAX_CUSTOM_KINK_DESCRIPTION = 300
MAX_KINK_RATINGS = 1000
"""More than any kink list holds: a bound on what a request may carry."""
MAX_IMAGE_BYTES = 2 * 1024 * 1024
"""An uploaded image, before it is re-encoded."""
MAX_IMAGE_SIDE = 512
"""Pixels on the longer side of a stored image."""


@dataclass(frozen=True, slots=True)
class ProfilePatch:
    """A change to the sections beyond the public face; ``None`` leaves a part as it is.

    ``details`` maps the ``ProfileDetails`` field names to their new values as sent (text,
    a list of language tags, a post length's word or ``""`` to clear it); the core checks
    each (``core.profile_fields``)."""

    details: tuple[tuple[str, str | tuple[str, ...]], ...] = ()
    kinks: tuple[tuple[str, InterestLevel], ...] | None = None
    custom_kinks: tuple[CustomKink, ...] | None = None
    visibility: tuple[tuple[ProfileSection, SectionAudience], ...] = ()
    findable: bool | None = None

    @property
    def empty(self) -> bool:
        return (
            not self.details
            and self.kinks is None
            and self.custom_kinks is None
            and not self.visibility
            and self.findable is None
        )


DETAIL_FIELDS = (
    "species",
    "gender",
    "orientation",
    "body_description",
    "personality_description",
    "post_length",
    "rp_style",
    "timezone",
    "languages",
)
"""The fields of ``ProfileDetails``, as the gateways name them."""


def sections_document(
    details: ProfileDetails,
    kinks: KinkRatings,
    custom: tuple[CustomKink, ...],
    visibility: ProfileVisibility,
) -> dict[str, object]:
    """The sections beyond the public face as one JSON-ready document: what the store keeps
    and what an account's export holds."""
    return {
        "details": {
            "species": details.species,
            "gender": details.gender,
            "orientation": details.orientation,
            "body_description": details.body_description,
            "personality_description": details.personality_description,
            "post_length": details.post_length.value if details.post_length else None,
            "rp_style": details.rp_style,
            "timezone": details.timezone,
            "languages": list(details.languages),
        },
        "kinks": {kink_id: level.value for kink_id, level in kinks},
        "custom_kinks": [
            {"name": c.name, "description": c.description, "level": c.level.value} for c in custom
        ],
        "visibility": {s.value: visibility.of(s).value for s in ProfileSection},
    }
