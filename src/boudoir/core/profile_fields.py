"""Checking a change to a profile's sections (``domain.profiles.ProfilePatch``) into values.

Every field is bounded and checked: text without control characters, kink ids from the kink
list, an IANA time zone the zone database knows, BCP 47 language tags. Each refusal is an
``InvalidInput`` or ``LimitExceeded`` saying which field and why.
"""

from __future__ import annotations

import dataclasses
import re
import zoneinfo
from collections.abc import Iterable
from typing import Final

from boudoir.core.text import balance_bidi, has_control_characters
from boudoir.domain.errors import InvalidInput, LimitExceeded
from boudoir.domain.kinks import KinkList
from boudoir.domain.profiles import (
    MAX_BODY_DESCRIPTION,
    MAX_CUSTOM_KINK_DESCRIPTION,
    MAX_CUSTOM_KINK_NAME,
    MAX_CUSTOM_KINKS,
    MAX_KINK_RATINGS,
    MAX_LANGUAGES,
    MAX_PERSONALITY_DESCRIPTION,
    MAX_RP_STYLE,
    MAX_SHORT_FIELD,
    CustomKink,
    InterestLevel,
    KinkRatings,
    PostLength,
    ProfileDetails,
    ProfilePatch,
    ProfileVisibility,
)

_TEXT_LIMITS: Final = {
    "species": (MAX_SHORT_FIELD, "A species", True),
    "gender": (MAX_SHORT_FIELD, "A gender", True),
    "orientation": (MAX_SHORT_FIELD, "An orientation", True),
    "rp_style": (MAX_RP_STYLE, "A roleplay style", True),
    "body_description": (MAX_BODY_DESCRIPTION, "A body description", False),
    "personality_description": (MAX_PERSONALITY_DESCRIPTION, "A personality description", False),
}

# BCP 47 (RFC 5646) in the shape people use: a language of 2-3 letters, then optional script
# (4 letters), region (2 letters or 3 digits) and variants; private-use and grandfathered tags
# are not worth their complexity here.
_LANGUAGE_TAG: Final = re.compile(
    r"[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*"
)
MAX_TIMEZONE = 64


def clean_text(value: str, limit: int, what: str, *, single_line: bool = True) -> str:
    value = value.strip()
    if len(value) > limit:
        raise InvalidInput(f"{what} is at most {limit} characters long.")
    if single_line and any(c in value for c in "\r\n"):
        raise InvalidInput(f"{what} is a single line.")
    if has_control_characters(value, allowed="\r\n\t"):
        raise InvalidInput(f"{what} cannot hold control characters.")
    return balance_bidi(value)


def language_tag(tag: str) -> str:
    """``tag`` in its usual case (``pt-br`` -> ``pt-BR``), or ``InvalidInput``."""
    tag = tag.strip().replace("_", "-")
    if not _LANGUAGE_TAG.fullmatch(tag):
        raise InvalidInput(f"{tag[:20]!r} is not a language tag such as en or pt-BR.")
    parts = tag.split("-")
    shaped = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            shaped.append(part.title())
        elif len(part) == 2:
            shaped.append(part.upper())
        else:
            shaped.append(part.lower())
    return "-".join(shaped)


def time_zone(name: str) -> str:
    """An IANA zone name the zone database knows, or ``InvalidInput``; empty clears it."""
    name = name.strip()
    if not name:
        return ""
    if len(name) > MAX_TIMEZONE or ".." in name or name.startswith("/"):
        raise InvalidInput("A time zone is an IANA name such as Europe/Paris.")
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            f"{name!r} is not a time zone; use an IANA name such as Europe/Paris."
        ) from None
    return name


def _details(current: ProfileDetails, changes: Iterable[tuple[str, object]]) -> ProfileDetails:
    values: dict[str, object] = {}
    for field, value in changes:
        if field in _TEXT_LIMITS and isinstance(value, str):
            limit, what, single = _TEXT_LIMITS[field]
            values[field] = clean_text(value, limit, what, single_line=single)
        elif field == "post_length" and isinstance(value, str):
            if not value.strip():
                values[field] = None
            else:
                try:
                    values[field] = PostLength(value.strip())
                except ValueError:
                    words = ", ".join(p.value for p in PostLength)
                    raise InvalidInput(f"A post length is one of: {words}.") from None
        elif field == "timezone" and isinstance(value, str):
            values[field] = time_zone(value)
        elif field == "languages" and isinstance(value, tuple):
            if len(value) > MAX_LANGUAGES:
                raise LimitExceeded(f"A profile lists at most {MAX_LANGUAGES} languages.")
            tags = [language_tag(str(tag)) for tag in value]
            values[field] = tuple(dict.fromkeys(tags))
        else:
            raise InvalidInput(f"The profile has no field {field!r} of that type.")
    return dataclasses.replace(current, **values)  # type: ignore[arg-type]


def kink_ratings(ratings: Iterable[tuple[str, InterestLevel]], kink_list: KinkList) -> KinkRatings:
    chosen = list(ratings)
    if len(chosen) > MAX_KINK_RATINGS:
        raise LimitExceeded(f"A profile rates at most {MAX_KINK_RATINGS} kinks.")
    unknown = sorted({kink_id for kink_id, _level in chosen if kink_id not in kink_list.by_id})
    if unknown:
        listed = ", ".join(repr(k[:40]) for k in unknown[:5])
        raise InvalidInput(f"Not on the kink list: {listed}.")
    return tuple(sorted(dict(chosen).items()))


def custom_kinks(entries: Iterable[CustomKink]) -> tuple[CustomKink, ...]:
    chosen = tuple(entries)
    if len(chosen) > MAX_CUSTOM_KINKS:
        raise LimitExceeded(f"A profile lists at most {MAX_CUSTOM_KINKS} custom kinks.")
    seen: set[str] = set()
    cleaned: list[CustomKink] = []
    for entry in chosen:
        name = clean_text(entry.name, MAX_CUSTOM_KINK_NAME, "A custom kink's name")
        if not name:
            raise InvalidInput("A custom kink needs a name.")
        if name.casefold() in seen:
            raise InvalidInput(f"The custom kink {name!r} is listed twice.")
        seen.add(name.casefold())
        description = clean_text(
            entry.description, MAX_CUSTOM_KINK_DESCRIPTION, "A custom kink's description"
        )
        cleaned.append(CustomKink(name, description, entry.level))
    return tuple(cleaned)


def apply_patch(
    patch: ProfilePatch,
    *,
    details: ProfileDetails,
    visibility: ProfileVisibility,
    kink_list: KinkList,
) -> dict[str, object]:
    """The ``Character`` fields ``patch`` changes, checked; nothing for what it leaves."""
    changes: dict[str, object] = {}
    if patch.details:
        changes["details"] = _details(details, patch.details)
    if patch.kinks is not None:
        changes["kinks"] = kink_ratings(patch.kinks, kink_list)
    if patch.custom_kinks is not None:
        changes["custom_kinks"] = custom_kinks(patch.custom_kinks)
    if patch.visibility:
        changes["visibility"] = dataclasses.replace(
            visibility,
            **{section.value: audience for section, audience in patch.visibility},
        )
    if patch.findable is not None:
        changes["findable"] = patch.findable
    return changes
