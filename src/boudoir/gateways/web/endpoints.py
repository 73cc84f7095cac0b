"""The HTTP API, declared once: every endpoint's method, path, handler, request and answer.

``app.create_app`` makes its routes from ``ENDPOINTS`` and ``openapi_document`` describes the
same table as OpenAPI 3.1 (served at ``GET /api/v1/openapi.json``), so the routes and their
description cannot drift apart. A test checks each request schema against the decoder that
reads it.

Imports ``boudoir.domain`` and ``boudoir.gateways.web``.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
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
from boudoir.gateways.web.automod import PhraseRequest, RuleRequest, TextRequest
from boudoir.gateways.web.moderation import ActionRequest, InviteRequest, ResolveRequest
from boudoir.wire.webjson.http import (
    AttestRequest,
    CharacterChangeRequest,
    EraseRequest,
    LoginRequest,
    NewCharacterRequest,
    PasswordChangeRequest,
    RegisterRequest,
    SettingsRequest,
)

Schema = Mapping[str, object]

API_VERSION: Final = "1"


def _enum(kind: type[enum.Enum]) -> Schema:
    return {"type": "string", "enum": [member.value for member in kind]}


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties: Mapping[str, Schema], *, optional: tuple[str, ...] = ()) -> Schema:
    return {
        "type": "object",
        "properties": dict(properties),
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
    }


_TIME: Final = {"type": "string", "format": "date-time"}
_STRING: Final = {"type": "string"}
_RATING: Final = {"type": "string", "enum": ["general", "mature", "adult"]}
_INTEREST: Final = _object({"topic": {"type": "string", "maxLength": MAX_INTEREST_TOPIC},
                            "level": _enum(InterestLevel)})  # fmt: skip
_NAMED: Final = _object({"name": _STRING})
_CHARACTER_FIELDS: Final[Mapping[str, Schema]] = {
    "name": _STRING,
    "pronouns": {"type": "string", "maxLength": MAX_PRONOUNS},
    "short_description": {"type": "string", "maxLength": MAX_SHORT_DESCRIPTION},
    "long_description": {"type": "string", "maxLength": MAX_LONG_DESCRIPTION},
    "declared_age": {"type": ["integer", "null"]},
    "interests": {"type": "array", "items": _INTEREST, "maxItems": MAX_INTERESTS},
    "hard_limits": {"type": "array", "items": _STRING, "maxItems": MAX_HARD_LIMITS},
    "profile_audience": _enum(Audience),
    "created_at": _TIME,
}

_LOG_SEGMENT: Final[Mapping[str, Schema]] = {
    "id": _STRING,
    "room": _STRING,
    "started_at": _TIME,
    "ended_at": {"type": ["string", "null"], "format": "date-time"},
    "readers": {"type": "integer", "minimum": 1},
}

_QUEUE_ITEM: Final = _object(
    {
        "id": _STRING,
        "kind": {"type": "string", "enum": ["report", "automod_hold", "automod_flag"]},
        "created_at": _TIME,
        "subject": _STRING,
        "place": _STRING,
        "summary": _STRING,
        "evidence": {"type": "object"},
        "status": {"type": "string", "enum": ["open", "resolved"]},
        "resolution": {"type": ["string", "null"]},
        "note": _STRING,
        "resolved_by": {"type": ["string", "null"]},
        "resolved_at": {"type": ["string", "null"], "format": "date-time"},
    }
)
_ACTION_KINDS: Final = ["warn", "mute", "kick", "room_ban", "suspend", "account_ban",
                        "unsuspend", "unban", "clear"]  # fmt: skip
MODERATION_SCHEMAS: Final[Mapping[str, Schema]] = {
    "QueueItem": _QUEUE_ITEM,
    "Queue": _object({"items": {"type": "array", "items": _ref("QueueItem")}}),
    "Action": _object(
        {
            "id": _STRING,
            "at": _TIME,
            "actor": _STRING,
            "kind": {"type": "string", "enum": _ACTION_KINDS},
            "target": _STRING,
            "room": {"type": ["string", "null"]},
            "reason": _STRING,
            "expires_at": {"type": ["string", "null"], "format": "date-time"},
            "item": {"type": ["string", "null"]},
        }
    ),
    "Audit": _object({"actions": {"type": "array", "items": _ref("Action")}}),
    "PendingAccounts": _object(
        {"accounts": {"type": "array", "items": _object({"name": _STRING, "created_at": _TIME})}}
    ),
    "NewInvitation": _object(
        {
            "id": _STRING,
            "code": _STRING,
            "uses": {"type": "integer", "minimum": 1},
            "expires_at": {"type": ["string", "null"], "format": "date-time"},
        }
    ),
}
_PLACES: Final = {"type": "array", "items": {"type": "string", "enum": ["room", "scene", "direct"]}}
_RULE_FIELDS: Final[Mapping[str, Schema]] = {
    "name": _STRING,
    "kind": {"type": "string", "enum": ["words", "regex"]},
    "pattern": _STRING,
    "action": {"type": "string", "enum": ["flag", "hold", "block"]},
    "places": _PLACES,
    "min_rating": _RATING,
    "message": _STRING,
    "enabled": {"type": "boolean"},
}
AUTOMOD_SCHEMAS: Final[Mapping[str, Schema]] = {
    "AutomodRule": _object(
        {
            "id": _STRING,
            **_RULE_FIELDS,
            "pack": {"type": ["string", "null"]},
            "exceptions": {"type": "array", "items": _STRING},
        }
    ),
    "AutomodRules": _object({"rules": {"type": "array", "items": _ref("AutomodRule")}}),
    "AutomodHits": _object(
        {
            "hits": {
                "type": "array",
                "items": _object({"rule": _STRING, "name": _STRING, "matched": _STRING}),
            }
        }
    ),
}
SCHEMAS: Final[Mapping[str, Schema]] = {
    "Error": _object(
        {"error": _object({"code": _STRING, "message": _STRING})},
    ),
    "Account": _object(
        {
            "name": _STRING,
            "attested": {"type": "boolean"},
            "ratings": {"type": "array", "items": _RATING},
            "dm_policy": _enum(DirectMessagePolicy),
            "presence_visibility": _enum(PresenceVisibility),
            "role": _enum(Role),
            "created_at": _TIME,
        }
    ),
    "Character": _object(_CHARACTER_FIELDS),
    "Session": _object(
        {
            "account": _ref("Account"),
            "characters": {"type": "array", "items": _ref("Character")},
            "csrf_token": _STRING,
        }
    ),
    "LoginSessions": _object(
        {
            "sessions": {
                "type": "array",
                "items": _object(
                    {
                        "id": _STRING,
                        "created_at": _TIME,
                        "last_seen_at": _TIME,
                        "client": _STRING,
                        "current": {"type": "boolean"},
                    }
                ),
            }
        }
    ),
    "Characters": _object({"characters": {"type": "array", "items": _ref("Character")}}),
    "Profile": _object(
        {
            "name": _STRING,
            "pronouns": _STRING,
            "short_description": _STRING,
            "long_description": _STRING,
            "declared_age": {"type": ["integer", "null"]},
            "online": {"type": "boolean"},
            "status": {"type": ["string", "null"], "enum": [*(s.value for s in Status), None]},
            "interests": {"type": "array", "items": _INTEREST},
            "hard_limits": {"type": "array", "items": _STRING},
        },
        optional=("interests", "hard_limits"),
    ),
    "Named": _NAMED,
    "Friends": _object({"friends": {"type": "array", "items": _NAMED}}),
    "Blocks": _object({"blocks": {"type": "array", "items": _NAMED}}),
    "Rooms": _object(
        {
            "rooms": {
                "type": "array",
                "items": _object(
                    {
                        "name": _STRING,
                        "rating": _RATING,
                        "topic": _STRING,
                        "topic_hidden": {"type": "boolean"},
                        "members": {"type": "integer", "minimum": 0},
                        "people": {"type": "array", "items": _STRING},
                    }
                ),
            }
        }
    ),
    "Health": _object({"status": {"type": "string", "const": "ok"}}),
    "Signup": _object({"mode": {"type": "string", "enum": ["open", "invitation", "approval"]}}),
    "SignupPending": _object(
        {
            "name": _STRING,
            "awaiting_approval": {"type": "boolean", "const": True},
            "message": _STRING,
        }
    ),
    **MODERATION_SCHEMAS,
    **AUTOMOD_SCHEMAS,
    "Logs": _object({"logs": {"type": "array", "items": _ref("LogSegment")}}),
    "LogSegment": _object(_LOG_SEGMENT),
    "Log": _object(
        {
            **_LOG_SEGMENT,
            "lines": {
                "type": "array",
                "items": _object(
                    {
                        "id": _STRING,
                        "at": _TIME,
                        "from": _STRING,
                        "kind": {"type": "string", "enum": ["say", "pose", "ooc", "notice"]},
                        "text": _STRING,
                    }
                ),
            },
        }
    ),
    "Export": {"type": "object", "description": "Everything the server holds about the account."},
}
"""The answers' shapes (docs/http-api.md, "Shapes")."""


@dataclass(frozen=True, slots=True)
class Body:
    """A JSON request body: the decoder that reads it and the schema that describes it."""

    decoder: type[object]
    """A class of ``decoding`` with ``FIELDS`` and ``from_json``."""
    schema: Schema


_PASSWORD: Final = {"type": "string", "minLength": 1}

REGISTER = Body(
    RegisterRequest,
    _object(
        {
            "name": _STRING,
            "password": _PASSWORD,
            "born": {"type": "string", "format": "date"},
            "attest": {"type": "boolean"},
            "invitation": _STRING,
        },
        optional=("attest", "invitation"),
    ),
)
LOGIN = Body(LoginRequest, _object({"name": _STRING, "password": _PASSWORD}))
ATTEST = Body(AttestRequest, _object({"attest": {"type": "boolean", "const": True}}))
SETTINGS = Body(
    SettingsRequest,
    _object(
        {
            "dm_policy": _enum(DirectMessagePolicy),
            "presence_visibility": _enum(PresenceVisibility),
            "ratings": {"type": "array", "items": _RATING},
        },
        optional=("dm_policy", "presence_visibility", "ratings"),
    ),
)
PASSWORD = Body(
    PasswordChangeRequest, _object({"old_password": _PASSWORD, "new_password": _PASSWORD})
)
ERASE = Body(EraseRequest, _object({"password": _PASSWORD}))
NEW_CHARACTER = Body(NewCharacterRequest, _object({"name": _STRING}))
CHANGE_CHARACTER = Body(
    CharacterChangeRequest,
    # Any field may be sent; name and created_at only unchanged (a character sent back whole).
    _object(_CHARACTER_FIELDS, optional=tuple(_CHARACTER_FIELDS)),
)


@dataclass(frozen=True, slots=True)
class Endpoint:
    method: str
    path: str
    handler: str
    """The name of the ``api.WebApi`` method that answers."""
    summary: str
    status: int = 200
    answer: str | None = None
    """The name of the answer's schema in ``SCHEMAS``; None for an empty answer."""
    body: Body | None = None
    session: bool = True
    """Needs a login session (401 ``not_authenticated`` without one)."""
    errors: tuple[int, ...] = ()
    """Statuses this endpoint answers beyond those every endpoint of its kind may."""
    sets_cookie: bool = False
    also: tuple[int, str] | None = None
    """Another success: its status and the name of its answer's schema."""


RESOLVE = Body(
    ResolveRequest,
    _object(
        {"resolution": {"type": "string", "enum": ["release", "drop", "dismiss", "actioned"]},
         "note": _STRING},
        optional=("note",),
    ),
)  # fmt: skip
ACT = Body(
    ActionRequest,
    _object(
        {"kind": {"type": "string", "enum": _ACTION_KINDS}, "target": _STRING, "room": _STRING,
         "reason": _STRING, "expires_at": _TIME, "item": _STRING},
        optional=("room", "reason", "expires_at", "item"),
    ),
)  # fmt: skip
INVITE = Body(
    InviteRequest,
    _object(
        {"uses": {"type": "integer", "minimum": 1},
         "expires_in_days": {"type": "number", "exclusiveMinimum": 0}},
        optional=("uses", "expires_in_days"),
    ),
)  # fmt: skip
MODERATION_ENDPOINTS: Final = (
    Endpoint("GET", "/api/v1/moderation/queue", "moderation_queue",
             "The moderators' queue (staff); ?status=open|resolved|all.", answer="Queue",
             errors=(400,)),
    Endpoint("POST", "/api/v1/moderation/queue/{id}/resolve", "moderation_resolve",
             "Resolve a queue item (staff).", answer="QueueItem", body=RESOLVE,
             errors=(404, 422)),
    Endpoint("POST", "/api/v1/moderation/actions", "moderation_act",
             "Take a moderation action (staff; room managers in their rooms).", status=201,
             answer="Action", body=ACT, errors=(404, 422)),
    Endpoint("GET", "/api/v1/moderation/accounts/pending", "moderation_pending",
             "Accounts waiting for approval (staff).", answer="PendingAccounts"),
    Endpoint("POST", "/api/v1/moderation/accounts/{name}/approval", "moderation_approve",
             "Approve a waiting account: it may log in (staff).", answer="Named",
             errors=(404,)),
    Endpoint("POST", "/api/v1/moderation/invitations", "moderation_invite",
             "Make an invitation code, shown only in this answer (staff).", status=201,
             answer="NewInvitation", body=INVITE, errors=(422,)),
    Endpoint("GET", "/api/v1/moderation/audit", "moderation_audit",
             "The audit log, newest first (operators).", answer="Audit"),
)  # fmt: skip

NEW_RULE = Body(RuleRequest, _object(_RULE_FIELDS, optional=tuple(_RULE_FIELDS)))
"""``name``, ``kind`` and ``pattern`` are needed for a new rule (400 without them)."""
TEXT = Body(TextRequest, _object({"text": _STRING}))
PHRASE = Body(PhraseRequest, _object({"phrase": _STRING}))
AUTOMOD_ENDPOINTS: Final = (
    Endpoint("GET", "/api/v1/moderation/automod/rules", "automod_rules",
             "Every automod rule, oldest first (staff).", answer="AutomodRules"),
    Endpoint("POST", "/api/v1/moderation/automod/rules", "automod_add_rule",
             "Add an automod rule (operators).", status=201, answer="AutomodRule",
             body=NEW_RULE, errors=(422,)),
    Endpoint("PATCH", "/api/v1/moderation/automod/rules/{id}", "automod_change_rule",
             "Change any field of a rule, by id or name (operators).", answer="AutomodRule",
             body=NEW_RULE, errors=(404, 422)),
    Endpoint("DELETE", "/api/v1/moderation/automod/rules/{id}", "automod_remove_rule",
             "Remove an operator's rule; a default pack's rule is disabled instead (422).",
             status=204, errors=(404, 422)),
    Endpoint("POST", "/api/v1/moderation/automod/test", "automod_test",
             "Which rules a text hits, enabled or not (staff).", answer="AutomodHits",
             body=TEXT),
    Endpoint("POST", "/api/v1/moderation/automod/rules/{id}/exceptions", "automod_clear",
             "Clear a false positive: the rule never hits this phrase again (staff).",
             answer="AutomodRule", body=PHRASE, errors=(404, 422)),
)  # fmt: skip

ENDPOINTS: Final = (
    Endpoint("GET", "/healthz", "health", "For load balancers.", answer="Health", session=False),
    Endpoint("GET", "/api/v1/openapi.json", "openapi", "This document.", session=False,
             answer="OpenApi"),
    Endpoint("GET", "/api/v1/signup", "signup",
             "How this server makes accounts: open, by invitation, or with approval.",
             answer="Signup", session=False),
    Endpoint("POST", "/api/v1/accounts", "register",
             "Sign up: the account, a first character of the same name, and a session (in the "
             "approval mode 202 and no session: the account waits for an operator).",
             status=201, answer="Session", body=REGISTER, session=False, errors=(409, 422),
             sets_cookie=True, also=(202, "SignupPending")),
    Endpoint("POST", "/api/v1/session", "login", "Log in.", answer="Session", body=LOGIN,
             session=False, errors=(401, 429), sets_cookie=True),
    Endpoint("GET", "/api/v1/session", "session", "Who is logged in here.", answer="Session"),
    Endpoint("DELETE", "/api/v1/session", "logout",
             "Log out: the cookie is cleared and this browser's sockets close.", status=204),
    Endpoint("GET", "/api/v1/sessions", "sessions", "Where this account is logged in.",
             answer="LoginSessions"),
    Endpoint("DELETE", "/api/v1/sessions/{id}", "end_session", "Log out another browser.",
             status=204, errors=(404,)),
    Endpoint("GET", "/api/v1/account", "account", "The account.", answer="Account"),
    Endpoint("POST", "/api/v1/account/attestation", "attest",
             "Affirm the age statement.", answer="Account", body=ATTEST, errors=(422,)),
    Endpoint("PATCH", "/api/v1/account/settings", "settings", "Change settings.",
             answer="Account", body=SETTINGS, errors=(403,)),
    Endpoint("POST", "/api/v1/account/password", "change_password",
             "Change the password; other browsers are logged out.", status=204, body=PASSWORD,
             errors=(401, 422, 429)),
    Endpoint("GET", "/api/v1/account/export", "export",
             "Everything the server holds about the account, as a JSON download.",
             answer="Export"),
    Endpoint("DELETE", "/api/v1/account", "erase",
             "Erase the account and all its characters, now.", status=204, body=ERASE,
             errors=(401, 429)),
    Endpoint("GET", "/api/v1/characters", "characters", "Your characters, in full.",
             answer="Characters"),
    Endpoint("POST", "/api/v1/characters", "create_character", "Create a character.",
             status=201, answer="Character", body=NEW_CHARACTER, errors=(409, 422)),
    Endpoint("PATCH", "/api/v1/characters/{name}", "change_character",
             "Change any of a character's fields; its name only in case.", answer="Character",
             body=CHANGE_CHARACTER, errors=(404, 409, 422)),
    Endpoint("DELETE", "/api/v1/characters/{name}", "delete_character",
             "Delete a character (not the last, not while it is online).", status=204,
             errors=(404, 422)),
    Endpoint("GET", "/api/v1/profiles/{name}", "profile",
             "What you may see of a character; a block looks like absence.", answer="Profile",
             errors=(404,)),
    Endpoint("GET", "/api/v1/friends", "friends", "Your friend list.", answer="Friends"),
    Endpoint("PUT", "/api/v1/friends/{name}", "add_friend", "Add a friend.", answer="Named",
             errors=(404, 422)),
    Endpoint("DELETE", "/api/v1/friends/{name}", "remove_friend", "Remove a friend.",
             status=204, errors=(404,)),
    Endpoint("GET", "/api/v1/blocks", "blocks", "The people you block.", answer="Blocks"),
    Endpoint("PUT", "/api/v1/blocks/{name}", "block",
             "Block the account behind a character: all its characters.", answer="Named",
             errors=(404, 422)),
    Endpoint("DELETE", "/api/v1/blocks/{name}", "unblock", "Stop blocking.", status=204,
             errors=(404,)),
    Endpoint("GET", "/api/v1/rooms", "rooms", "The room directory as you may see it.",
             answer="Rooms"),
    *MODERATION_ENDPOINTS,
    *AUTOMOD_ENDPOINTS,
    Endpoint("GET", "/api/v1/logs", "logs",
             "The parts of logs kept by consent that you may read.", answer="Logs"),
    Endpoint("GET", "/api/v1/logs/{id}", "log",
             "One part of a log with its lines; ?format=json or ?format=text downloads it.",
             answer="Log", errors=(404, 422)),
    Endpoint("DELETE", "/api/v1/logs/lines/{id}", "delete_log_line",
             "Delete one of your own lines from a log (by message id).", status=204,
             errors=(404,)),
)  # fmt: skip
"""Every endpoint of the HTTP API (docs/http-api.md), in the order of that page."""

UNSAFE: Final = frozenset({"POST", "PUT", "PATCH", "DELETE"})

_ERROR_TEXT: Final = {
    400: "The request is malformed (bad_request).",
    401: "Not logged in (not_authenticated), or a wrong name or password.",
    403: "A foreign Origin (origin_refused), a missing CSRF token (csrf_failed), or refused.",
    404: "No such thing, or one you may not see.",
    409: "The name is taken.",
    413: "The body is over 16 KiB.",
    415: "The body is not application/json.",
    421: "Sent to a host name this server does not answer to (host_refused).",
    422: "The input is not valid.",
    429: "Too many failed attempts; see Retry-After.",
}


def error_statuses(endpoint: Endpoint) -> list[int]:
    """Every error status ``endpoint`` may answer."""
    statuses = {403, 421, *endpoint.errors}
    if endpoint.body is not None:
        statuses |= {400, 413, 415}
    if endpoint.session:
        statuses.add(401)
    return sorted(statuses)


def _operation(endpoint: Endpoint) -> dict[str, object]:
    responses: dict[str, object] = {}
    success: dict[str, object] = {"description": "Success."}
    if endpoint.answer == "OpenApi":
        success["content"] = {"application/json": {"schema": {"type": "object"}}}
    elif endpoint.answer is not None:
        success["content"] = {"application/json": {"schema": _ref(endpoint.answer)}}
    if endpoint.sets_cookie:
        success["headers"] = {
            "Set-Cookie": {
                "description": "boudoir_session: HttpOnly, SameSite=Lax, Path=/.",
                "schema": {"type": "string"},
            }
        }
    responses[str(endpoint.status)] = success
    if endpoint.also is not None:
        status, answer = endpoint.also
        responses[str(status)] = {
            "description": "Success, but not yet complete.",
            "content": {"application/json": {"schema": _ref(answer)}},
        }
    for status in error_statuses(endpoint):
        error: dict[str, object] = {
            "description": _ERROR_TEXT[status],
            "content": {"application/json": {"schema": _ref("Error")}},
        }
        if status == 429:
            error["headers"] = {"Retry-After": {"schema": {"type": "integer"}}}
        responses[str(status)] = error
    operation: dict[str, object] = {
        "operationId": endpoint.handler,
        "summary": endpoint.summary,
        "responses": responses,
    }
    parameters: list[dict[str, object]] = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in ("name", "id")
        if "{" + name + "}" in endpoint.path
    ]
    if endpoint.session and endpoint.method in UNSAFE:
        parameters.append(
            {
                "name": "X-CSRF-Token",
                "in": "header",
                "required": True,
                "description": "The session's csrf_token.",
                "schema": {"type": "string"},
            }
        )
    if parameters:
        operation["parameters"] = parameters
    if endpoint.body is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": endpoint.body.schema}},
        }
    if endpoint.session:
        operation["security"] = [{"session": []}]
    return operation


def openapi_document(server_name: str) -> dict[str, object]:
    """The OpenAPI 3.1 description of ``ENDPOINTS``."""
    paths: dict[str, dict[str, object]] = {}
    for endpoint in ENDPOINTS:
        paths.setdefault(endpoint.path, {})[endpoint.method.lower()] = _operation(endpoint)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"Boudoir HTTP API ({server_name})",
            "version": API_VERSION,
            "description": "Accounts, sessions, characters, profiles, friends, blocks and the "
            "room directory. Real-time chat is the WebSocket at /api/v1/socket.",
        },
        "paths": paths,
        "components": {
            "schemas": dict(SCHEMAS),
            "securitySchemes": {
                "session": {"type": "apiKey", "in": "cookie", "name": "boudoir_session"}
            },
        },
    }
