"""JSON Schemas of the profile sections, the kink list, comparisons and search results
(docs/http-api.md, "Profiles, kinks and partner search"), for the OpenAPI document.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from boudoir.domain.matching import Verdict
from boudoir.domain.profiles import (
    MAX_BODY_DESCRIPTION,
    MAX_CUSTOM_KINK_DESCRIPTION,
    MAX_CUSTOM_KINK_NAME,
    MAX_CUSTOM_KINKS,
    MAX_LANGUAGES,
    MAX_PERSONALITY_DESCRIPTION,
    MAX_RP_STYLE,
    MAX_SHORT_FIELD,
    InterestLevel,
    PostLength,
    ProfileSection,
    SectionAudience,
)

Schema = Mapping[str, object]

STRING: Final = {"type": "string"}
LEVEL: Final = {"type": "string", "enum": [level.value for level in InterestLevel]}
OPTIONAL_LEVEL: Final = {
    "type": ["string", "null"],
    "enum": [*(x.value for x in InterestLevel), None],
}
AUDIENCE: Final = {"type": "string", "enum": [a.value for a in SectionAudience]}


def _object(properties: Mapping[str, Schema], optional: tuple[str, ...] = ()) -> Schema:
    return {
        "type": "object",
        "properties": dict(properties),
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
    }


DETAIL_SCHEMAS: Final[Mapping[str, Schema]] = {
    "species": {"type": "string", "maxLength": MAX_SHORT_FIELD},
    "gender": {"type": "string", "maxLength": MAX_SHORT_FIELD},
    "orientation": {"type": "string", "maxLength": MAX_SHORT_FIELD},
    "body_description": {"type": "string", "maxLength": MAX_BODY_DESCRIPTION},
    "personality_description": {"type": "string", "maxLength": MAX_PERSONALITY_DESCRIPTION},
    "post_length": {"type": ["string", "null"], "enum": [*(p.value for p in PostLength), None]},
    "rp_style": {"type": "string", "maxLength": MAX_RP_STYLE},
    "timezone": STRING,
    "languages": {"type": "array", "items": STRING, "maxItems": MAX_LANGUAGES},
}
CUSTOM_KINK: Final = _object(
    {
        "name": {"type": "string", "maxLength": MAX_CUSTOM_KINK_NAME},
        "description": {"type": "string", "maxLength": MAX_CUSTOM_KINK_DESCRIPTION},
        "level": LEVEL,
    },
    optional=("description",),
)
KINK_SCHEMAS: Final[Mapping[str, Schema]] = {
    "kinks": {"type": "object", "additionalProperties": LEVEL},
    "custom_kinks": {"type": "array", "items": CUSTOM_KINK, "maxItems": MAX_CUSTOM_KINKS},
}
PROFILE_CHARACTER_FIELDS: Final[Mapping[str, Schema]] = {
    **DETAIL_SCHEMAS,
    **KINK_SCHEMAS,
    "visibility": _object(
        {section.value: AUDIENCE for section in ProfileSection},
        optional=tuple(section.value for section in ProfileSection),
    ),
    "findable": {"type": "boolean"},
    "has_image": {"type": "boolean"},
}
"""What a character holds beyond the older fields (``schemas.CHARACTER_FIELDS``)."""

PROFILE_SCHEMAS: Final[Mapping[str, Schema]] = {
    "KinkList": _object(
        {
            "version": STRING,
            "categories": {
                "type": "array",
                "items": _object(
                    {
                        "id": STRING,
                        "name": STRING,
                        "kinks": {
                            "type": "array",
                            "items": _object({"id": STRING, "name": STRING, "description": STRING}),
                        },
                    }
                ),
            },
        }
    ),
    "Comparison": _object(
        {
            "name": STRING,
            "as": STRING,
            "rows": {
                "type": "array",
                "items": _object(
                    {
                        "kink": {"type": ["string", "null"]},
                        "name": STRING,
                        "mine": OPTIONAL_LEVEL,
                        "theirs": OPTIONAL_LEVEL,
                        "verdict": {"type": "string", "enum": [v.value for v in Verdict]},
                    }
                ),
            },
        }
    ),
    "SearchResults": _object(
        {
            "results": {
                "type": "array",
                "items": _object(
                    {
                        "name": STRING,
                        "score": {"type": "number"},
                        "status": {"type": ["string", "null"]},
                        "shared": {"type": "array", "items": STRING},
                        "short_description": STRING,
                        "species": STRING,
                        "gender": STRING,
                    }
                ),
            }
        }
    ),
}
