"""Reading the profile sections of a character change (``PATCH /api/v1/characters/{name}``)
and the query strings of compare and search, into the domain's values. Shapes only: the core
checks lengths, kink ids, time zones and language tags (``core.profile_fields``).

Imports the standard library, ``boudoir.domain`` and ``boudoir.wire.webjson``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from boudoir.domain.intents.profiles import CompareProfile, SearchPartners
from boudoir.domain.profiles import (
    DETAIL_FIELDS,
    CustomKink,
    InterestLevel,
    ProfilePatch,
    ProfileSection,
    SectionAudience,
)
from boudoir.domain.ratings import Rating
from boudoir.wire.webjson.fields import BadRequest, Fields

PROFILE_FIELDS: Final = frozenset(
    {*DETAIL_FIELDS, "kinks", "custom_kinks", "visibility", "findable", "has_image"}
)
"""What a character change may carry besides the older fields (``has_image`` is read-only:
taken, so a character may be sent back whole, and ignored)."""

_LEVELS: Final = {level.value: level for level in InterestLevel}
_AUDIENCES: Final = {audience.value: audience for audience in SectionAudience}


def _level(value: object, where: str) -> InterestLevel:
    if not isinstance(value, str) or value not in _LEVELS:
        raise BadRequest(f"{where} must be one of 'favourite', 'yes', 'maybe', 'no'.")
    return _LEVELS[value]


def profile_patch(fields: Fields) -> ProfilePatch | None:
    """The profile sections a change body carries; None when it carries none."""
    details: list[tuple[str, str | tuple[str, ...]]] = []
    for name in DETAIL_FIELDS:
        if not fields.given(name):
            continue
        if name == "languages":
            tags = fields.strings(name)
            details.append((name, tuple(tags or ())))
        elif name == "post_length" and fields.get(name) is None:
            details.append((name, ""))
        else:
            details.append((name, fields.string(name)))
    kinks = None
    if fields.given("kinks"):
        raw = fields.get("kinks")
        if not isinstance(raw, dict):
            raise BadRequest("The field 'kinks' must be an object of kink id to level.")
        kinks = tuple((str(k), _level(v, f"The level of {str(k)[:40]!r}")) for k, v in raw.items())
    custom = None
    entries = fields.objects("custom_kinks")
    if entries is not None:
        chosen = []
        for entry in entries:
            item = Fields(entry, frozenset({"name", "description", "level"}))
            description = item.optional_string("description") or ""
            chosen.append(
                CustomKink(
                    item.string("name"), description, _level(item.get("level"), "Each level")
                )
            )
        custom = tuple(chosen)
    visibility: list[tuple[ProfileSection, SectionAudience]] = []
    if fields.given("visibility"):
        raw_visibility = fields.get("visibility")
        if not isinstance(raw_visibility, dict):
            raise BadRequest("The field 'visibility' must be an object of section to audience.")
        sections = {s.value: s for s in ProfileSection}
        for key, value in raw_visibility.items():
            if key not in sections:
                raise BadRequest(
                    "The sections are 'details', 'kinks', 'limits' and 'image'; "
                    f"{str(key)[:40]!r} is none of them."
                )
            if not isinstance(value, str) or value not in _AUDIENCES:
                raise BadRequest(
                    f"The visibility of {key!r} is one of 'everyone', 'shared_room', "
                    "'friends', 'nobody'."
                )
            visibility.append((sections[key], _AUDIENCES[value]))
    findable = fields.boolean("findable", False) if fields.given("findable") else None
    patch = ProfilePatch(tuple(details), kinks, custom, tuple(visibility), findable)
    return None if patch.empty else patch


def compare_intent(path: Mapping[str, str], query: Mapping[str, str]) -> CompareProfile:
    return CompareProfile(path["name"], query.get("as", ""))


def search_intent(query: Mapping[str, str]) -> SearchPartners:
    """``GET /api/v1/search?as=&rating=&looking=&language=&limit=``."""
    unknown = sorted(set(query) - {"as", "rating", "looking", "language", "limit"})
    if unknown:
        raise BadRequest(f"Unknown parameter {unknown[0]!r}.")
    rating = None
    if query.get("rating"):
        ratings = {r.name.lower(): r for r in Rating}
        rating = ratings.get(query["rating"].strip().lower())
        if rating is None:
            raise BadRequest("The parameter 'rating' is general, mature or adult.")
    looking = query.get("looking", "false").lower()
    if looking not in ("true", "false", "1", "0"):
        raise BadRequest("The parameter 'looking' is true or false.")
    try:
        limit = int(query.get("limit", "20"))
    except ValueError:
        raise BadRequest("The parameter 'limit' is a whole number.") from None
    return SearchPartners(
        query.get("as", ""),
        rating,
        looking in ("true", "1"),
        query.get("language", "").strip(),
        limit,
    )


class RemoveImageRequest:
    """``DELETE /api/v1/moderation/images/{name}``: an optional ``reason``."""

    FIELDS: Final = frozenset({"reason"})

    @classmethod
    def reason(cls, body: Mapping[str, object]) -> str:
        return Fields(body, cls.FIELDS).optional_string("reason") or ""
