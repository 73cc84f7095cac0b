"""The HTTP API's JSON shapes, as JSON Schema (OpenAPI 3.1): the answers' shapes and the
pieces request bodies are described with. ``endpoints.py`` declares the
endpoints with them; docs/http-api.md describes the same shapes in prose.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Final

from boudoir.domain.entities import (
    MAX_HARD_LIMITS,
    MAX_INTEREST_TOPIC,
    MAX_INTERESTS,
    MAX_LONG_DESCRIPTION,
    MAX_PRONOUNS,
    MAX_SHORT_DESCRIPTION,
    Audience,
    DirectMessagePolicy,
    InterestLevel,
    PresenceVisibility,
    Role,
    Status,
)
from boudoir.domain.mentions import MAX_MENTION_WORD_LENGTH, MAX_MENTION_WORDS
from boudoir.wire.webjson.profile_schemas import (
    DETAIL_SCHEMAS,
    KINK_SCHEMAS,
    PROFILE_CHARACTER_FIELDS,
    PROFILE_SCHEMAS,
)

Schema = Mapping[str, object]


def enum_of(kind: type[enum.Enum]) -> Schema:
    return {"type": "string", "enum": [member.value for member in kind]}


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def json_object(properties: Mapping[str, Schema], *, optional: tuple[str, ...] = ()) -> Schema:
    return {
        "type": "object",
        "properties": dict(properties),
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
    }


TIME: Final = {"type": "string", "format": "date-time"}
STRING: Final = {"type": "string"}
RATING: Final = {"type": "string", "enum": ["general", "mature", "adult"]}
INTEREST: Final = json_object({"topic": {"type": "string", "maxLength": MAX_INTEREST_TOPIC},
                            "level": enum_of(InterestLevel)})  # fmt: skip
NAMED: Final = json_object({"name": STRING})
MENTION_WORDS: Final = {
    "type": "array",
    "items": {"type": "string", "maxLength": MAX_MENTION_WORD_LENGTH},
    "maxItems": MAX_MENTION_WORDS,
}
CHARACTER_FIELDS: Final[Mapping[str, Schema]] = {
    "name": STRING,
    "pronouns": {"type": "string", "maxLength": MAX_PRONOUNS},
    "short_description": {"type": "string", "maxLength": MAX_SHORT_DESCRIPTION},
    "long_description": {"type": "string", "maxLength": MAX_LONG_DESCRIPTION},
    "declared_age": {"type": ["integer", "null"]},
    "interests": {"type": "array", "items": INTEREST, "maxItems": MAX_INTERESTS},
    "hard_limits": {"type": "array", "items": STRING, "maxItems": MAX_HARD_LIMITS},
    "profile_audience": enum_of(Audience),
    "created_at": TIME,
    **PROFILE_CHARACTER_FIELDS,
}

LOG_SEGMENT: Final[Mapping[str, Schema]] = {
    "id": STRING,
    "room": STRING,
    "started_at": TIME,
    "ended_at": {"type": ["string", "null"], "format": "date-time"},
    "readers": {"type": "integer", "minimum": 1},
}

QUEUE_ITEM: Final = json_object(
    {
        "id": STRING,
        "kind": {"type": "string", "enum": ["report", "automod_hold", "automod_flag"]},
        "created_at": TIME,
        "subject": STRING,
        "place": STRING,
        "summary": STRING,
        "evidence": {"type": "object"},
        "status": {"type": "string", "enum": ["open", "resolved"]},
        "resolution": {"type": ["string", "null"]},
        "note": STRING,
        "resolved_by": {"type": ["string", "null"]},
        "resolved_at": {"type": ["string", "null"], "format": "date-time"},
    }
)
ACTION_KINDS: Final = ["warn", "mute", "kick", "room_ban", "suspend", "account_ban",
                        "unsuspend", "unban", "clear", "remove_image"]  # fmt: skip
MODERATION_SCHEMAS: Final[Mapping[str, Schema]] = {
    "QueueItem": QUEUE_ITEM,
    "Queue": json_object({"items": {"type": "array", "items": ref("QueueItem")}}),
    "Action": json_object(
        {
            "id": STRING,
            "at": TIME,
            "actor": STRING,
            "kind": {"type": "string", "enum": ACTION_KINDS},
            "target": STRING,
            "room": {"type": ["string", "null"]},
            "reason": STRING,
            "expires_at": {"type": ["string", "null"], "format": "date-time"},
            "item": {"type": ["string", "null"]},
        }
    ),
    "Audit": json_object({"actions": {"type": "array", "items": ref("Action")}}),
    "PendingAccounts": json_object(
        {"accounts": {"type": "array", "items": json_object({"name": STRING, "created_at": TIME})}}
    ),
    "NewInvitation": json_object(
        {
            "id": STRING,
            "code": STRING,
            "uses": {"type": "integer", "minimum": 1},
            "expires_at": {"type": ["string", "null"], "format": "date-time"},
        }
    ),
}
PLACES: Final = {"type": "array", "items": {"type": "string", "enum": ["room", "scene", "direct"]}}
RULE_FIELDS: Final[Mapping[str, Schema]] = {
    "name": STRING,
    "kind": {"type": "string", "enum": ["words", "regex"]},
    "pattern": STRING,
    "action": {"type": "string", "enum": ["flag", "hold", "block"]},
    "places": PLACES,
    "min_rating": RATING,
    "message": STRING,
    "enabled": {"type": "boolean"},
}
AUTOMOD_SCHEMAS: Final[Mapping[str, Schema]] = {
    "AutomodRule": json_object(
        {
            "id": STRING,
            **RULE_FIELDS,
            "pack": {"type": ["string", "null"]},
            "exceptions": {"type": "array", "items": STRING},
        }
    ),
    "AutomodRules": json_object({"rules": {"type": "array", "items": ref("AutomodRule")}}),
    "AutomodHits": json_object(
        {
            "hits": {
                "type": "array",
                "items": json_object({"rule": STRING, "name": STRING, "matched": STRING}),
            }
        }
    ),
}
SCHEMAS: Final[Mapping[str, Schema]] = {
    "Error": json_object(
        {"error": json_object({"code": STRING, "message": STRING})},
    ),
    "Account": json_object(
        {
            "name": STRING,
            "attested": {"type": "boolean"},
            "ratings": {"type": "array", "items": RATING},
            "dm_policy": enum_of(DirectMessagePolicy),
            "presence_visibility": enum_of(PresenceVisibility),
            "mention_words": MENTION_WORDS,
            "role": enum_of(Role),
            "created_at": TIME,
        }
    ),
    "Character": json_object(CHARACTER_FIELDS),
    "Session": json_object(
        {
            "account": ref("Account"),
            "characters": {"type": "array", "items": ref("Character")},
            "csrf_token": STRING,
        }
    ),
    "LoginSessions": json_object(
        {
            "sessions": {
                "type": "array",
                "items": json_object(
                    {
                        "id": STRING,
                        "created_at": TIME,
                        "last_seen_at": TIME,
                        "client": STRING,
                        "current": {"type": "boolean"},
                    }
                ),
            }
        }
    ),
    "Characters": json_object({"characters": {"type": "array", "items": ref("Character")}}),
    "Profile": json_object(
        {
            "name": STRING,
            "pronouns": STRING,
            "short_description": STRING,
            "long_description": STRING,
            "declared_age": {"type": ["integer", "null"]},
            "online": {"type": "boolean"},
            "status": {"type": ["string", "null"], "enum": [*(s.value for s in Status), None]},
            "has_image": {"type": "boolean"},
            "interests": {"type": "array", "items": INTEREST},
            "hard_limits": {"type": "array", "items": STRING},
            **DETAIL_SCHEMAS,
            **KINK_SCHEMAS,
        },
        # Each section only when its visibility admits the viewer.
        optional=("interests", "hard_limits", *DETAIL_SCHEMAS, *KINK_SCHEMAS),
    ),
    "Named": NAMED,
    "Friends": json_object({"friends": {"type": "array", "items": NAMED}}),
    "Blocks": json_object({"blocks": {"type": "array", "items": NAMED}}),
    "Rooms": json_object(
        {
            "rooms": {
                "type": "array",
                "items": json_object(
                    {
                        "name": STRING,
                        "rating": RATING,
                        "topic": STRING,
                        "topic_hidden": {"type": "boolean"},
                        "members": {"type": "integer", "minimum": 0},
                        "people": {"type": "array", "items": STRING},
                        "tags": {"type": "array", "items": STRING},
                        "activity": {"type": "integer", "minimum": 0},
                    }
                ),
            }
        }
    ),
    "Health": json_object({"status": {"type": "string", "const": "ok"}}),
    "Signup": json_object({"mode": {"type": "string", "enum": ["open", "invitation", "approval"]}}),
    "SignupPending": json_object(
        {
            "name": STRING,
            "awaiting_approval": {"type": "boolean", "const": True},
            "message": STRING,
        }
    ),
    **MODERATION_SCHEMAS,
    **AUTOMOD_SCHEMAS,
    **PROFILE_SCHEMAS,
    "Logs": json_object({"logs": {"type": "array", "items": ref("LogSegment")}}),
    "LogSegment": json_object(LOG_SEGMENT),
    "Log": json_object(
        {
            **LOG_SEGMENT,
            "lines": {
                "type": "array",
                "items": json_object(
                    {
                        "id": STRING,
                        "at": TIME,
                        "from": STRING,
                        "kind": {"type": "string", "enum": ["say", "pose", "ooc", "notice"]},
                        "text": STRING,
                    }
                ),
            },
        }
    ),
    "Export": {"type": "object", "description": "Everything the server holds about the account."},
}
"""The answers' shapes (docs/http-api.md, "Shapes")."""

PASSWORD_STRING: Final = {"type": "string", "minLength": 1}
"""A password in a request: any non-empty string (the core checks the rest)."""
