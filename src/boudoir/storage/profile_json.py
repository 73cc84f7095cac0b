"""The ``characters.profile`` document: a character's details, kink ratings, custom kinks and
visibility per section, as JSON. Reading forgives what an older or hand-edited document lacks
(defaults) and drops what it cannot read, rather than lose the character.

Imports ``boudoir.domain`` only.
"""

from __future__ import annotations

from collections.abc import Mapping

from boudoir.domain.profiles import (
    CustomKink,
    InterestLevel,
    KinkRatings,
    PostLength,
    ProfileDetails,
    ProfileSection,
    ProfileVisibility,
    SectionAudience,
    sections_document,
)

_TEXTS = ("species", "gender", "orientation", "body_description", "personality_description")

encode = sections_document
"""The document stored: the domain's own (``domain.profiles.sections_document``)."""


def _text(table: Mapping[str, object], key: str) -> str:
    value = table.get(key)
    return value if isinstance(value, str) else ""


def _level(value: object) -> InterestLevel | None:
    try:
        return InterestLevel(value)
    except ValueError:
        return None


def decode(
    document: object,
) -> tuple[ProfileDetails, KinkRatings, tuple[CustomKink, ...], ProfileVisibility]:
    doc = document if isinstance(document, dict) else {}
    raw = doc.get("details")
    table: Mapping[str, object] = raw if isinstance(raw, dict) else {}
    post_length = table.get("post_length")
    languages = table.get("languages")
    details = ProfileDetails(
        **{name: _text(table, name) for name in _TEXTS},
        post_length=PostLength(post_length)
        if post_length in {p.value for p in PostLength}
        else None,
        rp_style=_text(table, "rp_style"),
        timezone=_text(table, "timezone"),
        languages=tuple(x for x in languages if isinstance(x, str))
        if isinstance(languages, list)
        else (),
    )
    raw_kinks = doc.get("kinks")
    kinks: list[tuple[str, InterestLevel]] = []
    if isinstance(raw_kinks, dict):
        for kink_id, value in raw_kinks.items():
            level = _level(value)
            if isinstance(kink_id, str) and level is not None:
                kinks.append((kink_id, level))
    raw_custom = doc.get("custom_kinks")
    custom = [
        CustomKink(_text(entry, "name"), _text(entry, "description"), level)
        for entry in (raw_custom if isinstance(raw_custom, list) else ())
        if isinstance(entry, dict) and (level := _level(entry.get("level"))) is not None
    ]
    raw_visibility = doc.get("visibility")
    shown: Mapping[str, object] = raw_visibility if isinstance(raw_visibility, dict) else {}
    audiences = {}
    for section in ProfileSection:
        value = shown.get(section.value)
        if value in {a.value for a in SectionAudience}:
            audiences[section.value] = SectionAudience(value)
    visibility = ProfileVisibility(**audiences)
    return details, tuple(sorted(kinks)), tuple(custom), visibility
