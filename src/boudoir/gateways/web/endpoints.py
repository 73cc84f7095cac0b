"""The HTTP API, declared once: every endpoint's method, path, handler, request and answer.

``app.create_app`` makes its routes from ``ENDPOINTS`` and ``openapi_document`` describes the
same table as OpenAPI 3.1 (served at ``GET /api/v1/openapi.json``), so the routes and their
description cannot drift apart. A test checks each request schema against the decoder that
reads it.

Imports ``boudoir.domain``, ``boudoir.wire`` and ``boudoir.gateways.web``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from boudoir.domain.entities import (
    DirectMessagePolicy,
    PresenceVisibility,
)
from boudoir.wire.webjson.automod_bodies import PhraseBody, RuleBody, TextBody
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
from boudoir.wire.webjson.moderation_bodies import ActionBody, InviteBody, ResolveBody
from boudoir.wire.webjson.schemas import (
    ACTION_KINDS,
    CHARACTER_FIELDS,
    PASSWORD_STRING,
    RATING,
    RULE_FIELDS,
    SCHEMAS,
    STRING,
    TIME,
    Schema,
    enum_of,
    json_object,
    ref,
)

API_VERSION: Final = "1"


@dataclass(frozen=True, slots=True)
class Body:
    """A JSON request body: the decoder that reads it and the schema that describes it."""

    decoder: type[object]
    """The class that reads the body (``decoding``, ``wire.webjson.*_bodies``); its ``FIELDS``
    name every field it reads."""
    schema: Schema


REGISTER = Body(
    RegisterRequest,
    json_object(
        {
            "name": STRING,
            "password": PASSWORD_STRING,
            "born": {"type": "string", "format": "date"},
            "attest": {"type": "boolean"},
            "invitation": STRING,
        },
        optional=("attest", "invitation"),
    ),
)
LOGIN = Body(LoginRequest, json_object({"name": STRING, "password": PASSWORD_STRING}))
ATTEST = Body(AttestRequest, json_object({"attest": {"type": "boolean", "const": True}}))
SETTINGS = Body(
    SettingsRequest,
    json_object(
        {
            "dm_policy": enum_of(DirectMessagePolicy),
            "presence_visibility": enum_of(PresenceVisibility),
            "ratings": {"type": "array", "items": RATING},
        },
        optional=("dm_policy", "presence_visibility", "ratings"),
    ),
)
PASSWORD = Body(
    PasswordChangeRequest,
    json_object({"old_password": PASSWORD_STRING, "new_password": PASSWORD_STRING}),
)
ERASE = Body(EraseRequest, json_object({"password": PASSWORD_STRING}))
NEW_CHARACTER = Body(NewCharacterRequest, json_object({"name": STRING}))
CHANGE_CHARACTER = Body(
    CharacterChangeRequest,
    # Any field may be sent; name and created_at only unchanged (a character sent back whole).
    json_object(CHARACTER_FIELDS, optional=tuple(CHARACTER_FIELDS)),
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
    ResolveBody,
    json_object(
        {"resolution": {"type": "string", "enum": ["release", "drop", "dismiss", "actioned"]},
         "note": STRING},
        optional=("note",),
    ),
)  # fmt: skip
ACT = Body(
    ActionBody,
    json_object(
        {"kind": {"type": "string", "enum": ACTION_KINDS}, "target": STRING, "room": STRING,
         "reason": STRING, "expires_at": TIME, "item": STRING},
        optional=("room", "reason", "expires_at", "item"),
    ),
)  # fmt: skip
INVITE = Body(
    InviteBody,
    json_object(
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

NEW_RULE = Body(RuleBody, json_object(RULE_FIELDS, optional=tuple(RULE_FIELDS)))
"""``name``, ``kind`` and ``pattern`` are needed for a new rule (400 without them)."""
TEXT = Body(TextBody, json_object({"text": STRING}))
PHRASE = Body(PhraseBody, json_object({"phrase": STRING}))
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
        success["content"] = {"application/json": {"schema": ref(endpoint.answer)}}
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
            "content": {"application/json": {"schema": ref(answer)}},
        }
    for status in error_statuses(endpoint):
        error: dict[str, object] = {
            "description": _ERROR_TEXT[status],
            "content": {"application/json": {"schema": ref("Error")}},
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
