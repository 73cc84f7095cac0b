"""The HTTP API, declared once: every endpoint's method, path, request, answer and, for an
endpoint that is one intent, how its request becomes that intent. Sans-I/O.

The web gateway makes its routes from ``ENDPOINTS``: an endpoint with ``intent`` is answered
by running that intent as the login's account and rendering its reply
(``wire.webjson.replies``); the others (log in, sign up, downloads) are the gateway's own.
``openapi.openapi_document`` describes the same table as OpenAPI 3.1 (served at
``GET /api/v1/openapi.json``), so the routes and their description cannot drift apart. A
test checks each request schema against the decoder that reads it.

Imports the standard library, ``boudoir.domain`` and ``boudoir.wire.webjson``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Final

from boudoir.domain.entities import (
    DirectMessagePolicy,
    PresenceVisibility,
)
from boudoir.domain.intents import (
    AddFriend,
    ApproveAccount,
    Block,
    DeleteCharacter,
    DeleteLogLine,
    EndSession,
    Intent,
    ListBlocks,
    ListCharacters,
    ListFriends,
    ListLogs,
    ListPendingAccounts,
    ListRooms,
    ListRules,
    ListSessions,
    RemoveFriend,
    RemoveRule,
    ShowAccount,
    ShowAudit,
    ShowProfile,
    Unblock,
)
from boudoir.domain.intents.profiles import RemoveProfileImage
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
from boudoir.wire.webjson.moderation_bodies import (
    ActionBody,
    InviteBody,
    ResolveBody,
    queue_intent,
)
from boudoir.wire.webjson.profile_bodies import (
    RemoveImageRequest,
    compare_intent,
    search_intent,
)
from boudoir.wire.webjson.schemas import (
    ACTION_KINDS,
    CHARACTER_FIELDS,
    MENTION_WORDS,
    PASSWORD_STRING,
    RATING,
    RULE_FIELDS,
    STRING,
    TIME,
    Schema,
    enum_of,
    json_object,
)

API_VERSION: Final = "1"
UNSAFE_METHODS: Final = frozenset({"POST", "PUT", "PATCH", "DELETE"})
"""Methods that change something: made with a session, they carry its CSRF token."""


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
            "mention_words": MENTION_WORDS,
        },
        optional=("dm_policy", "presence_visibility", "ratings", "mention_words"),
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


REMOVE_IMAGE = Body(RemoveImageRequest, json_object({"reason": STRING}, optional=("reason",)))


@dataclass(frozen=True, slots=True)
class Call:
    """One request, as an endpoint's intent is made from it: the path's parameters, the query
    string's and the JSON body (empty for an endpoint without one)."""

    path: Mapping[str, str]
    query: Mapping[str, str]
    body: Mapping[str, object]


MakeIntent = Callable[[Call], Intent]
"""A request -> its intent; a body that does not fit raises ``http.BadRequest``."""


def _plain(intent: Callable[[], Intent]) -> MakeIntent:
    """An intent of no arguments."""
    return lambda call: intent()


def _named(intent: Callable[[str], Intent], parameter: str = "name") -> MakeIntent:
    """An intent of the path's one parameter."""
    return lambda call: intent(call.path[parameter])


def _of_body(intent: Callable[[Mapping[str, object]], Intent]) -> MakeIntent:
    """An intent read from the body."""
    return lambda call: intent(call.body)


def _of_id_and_body(intent: Callable[[str, Mapping[str, object]], Intent]) -> MakeIntent:
    """An intent of the path's ``id`` and the body."""
    return lambda call: intent(call.path["id"], call.body)


@dataclass(frozen=True, slots=True)
class Endpoint:
    method: str
    path: str
    handler: str
    """The operation's name; for an endpoint without ``intent``, the gateway's handler."""
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
    intent: MakeIntent | None = None
    """The intent the endpoint runs as the login's account (its reply rendered as the answer,
    with ``status``, or 204 without a body); None for an endpoint the gateway answers itself."""
    image_body: bool = False
    """The request body is an image (``IMAGE_UPLOADS``), not JSON."""


IMAGE_UPLOADS: Final = ("image/png", "image/jpeg", "image/webp")
"""What a profile image may be uploaded as."""
IMAGE_ANSWERS: Final = ("image/webp", "image/png")
"""What a stored profile image is served as."""


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
             errors=(400,),
             intent=lambda call: queue_intent(call.query.get("status", "open"))),
    Endpoint("POST", "/api/v1/moderation/queue/{id}/resolve", "moderation_resolve",
             "Resolve a queue item (staff).", answer="QueueItem", body=RESOLVE,
             errors=(404, 422),
             intent=_of_id_and_body(ResolveBody.intent)),
    Endpoint("POST", "/api/v1/moderation/actions", "moderation_act",
             "Take a moderation action (staff; room managers in their rooms).", status=201,
             answer="Action", body=ACT, errors=(404, 422),
             intent=_of_body(ActionBody.intent)),
    Endpoint("GET", "/api/v1/moderation/accounts/pending", "moderation_pending",
             "Accounts waiting for approval (staff).", answer="PendingAccounts",
             intent=_plain(ListPendingAccounts)),
    Endpoint("POST", "/api/v1/moderation/accounts/{name}/approval", "moderation_approve",
             "Approve a waiting account: it may log in (staff).", answer="Named",
             errors=(404,),
             intent=_named(ApproveAccount)),
    Endpoint("POST", "/api/v1/moderation/invitations", "moderation_invite",
             "Make an invitation code, shown only in this answer (staff).", status=201,
             answer="NewInvitation", body=INVITE, errors=(422,),
             intent=_of_body(InviteBody.intent)),
    Endpoint("DELETE", "/api/v1/moderation/images/{name}", "moderation_remove_image",
             "Remove a character's profile image (staff; in the audit log).", status=204,
             body=REMOVE_IMAGE, errors=(404,),
             intent=lambda call: RemoveProfileImage(
                 call.path["name"], RemoveImageRequest.reason(call.body))),
    Endpoint("GET", "/api/v1/moderation/audit", "moderation_audit",
             "The audit log, newest first (operators).", answer="Audit",
             intent=_plain(ShowAudit)),
)  # fmt: skip

NEW_RULE = Body(RuleBody, json_object(RULE_FIELDS, optional=tuple(RULE_FIELDS)))
"""``name``, ``kind`` and ``pattern`` are needed for a new rule (400 without them)."""
TEXT = Body(TextBody, json_object({"text": STRING}))
PHRASE = Body(PhraseBody, json_object({"phrase": STRING}))
AUTOMOD_ENDPOINTS: Final = (
    Endpoint("GET", "/api/v1/moderation/automod/rules", "automod_rules",
             "Every automod rule, oldest first (staff).", answer="AutomodRules",
             intent=_plain(ListRules)),
    Endpoint("POST", "/api/v1/moderation/automod/rules", "automod_add_rule",
             "Add an automod rule (operators).", status=201, answer="AutomodRule",
             body=NEW_RULE, errors=(422,),
             intent=_of_body(RuleBody.add)),
    Endpoint("PATCH", "/api/v1/moderation/automod/rules/{id}", "automod_change_rule",
             "Change any field of a rule, by id or name (operators).", answer="AutomodRule",
             body=NEW_RULE, errors=(404, 422),
             intent=_of_id_and_body(RuleBody.change)),
    Endpoint("DELETE", "/api/v1/moderation/automod/rules/{id}", "automod_remove_rule",
             "Remove an operator's rule; a default pack's rule is disabled instead (422).",
             status=204, errors=(404, 422),
             intent=_named(RemoveRule, "id")),
    Endpoint("POST", "/api/v1/moderation/automod/test", "automod_test",
             "Which rules a text hits, enabled or not (staff).", answer="AutomodHits",
             body=TEXT,
             intent=_of_body(TextBody.intent)),
    Endpoint("POST", "/api/v1/moderation/automod/rules/{id}/exceptions", "automod_clear",
             "Clear a false positive: the rule never hits this phrase again (staff).",
             answer="AutomodRule", body=PHRASE, errors=(404, 422),
             intent=_of_id_and_body(PhraseBody.intent)),
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
             answer="LoginSessions",
             intent=_plain(ListSessions)),
    Endpoint("DELETE", "/api/v1/sessions/{id}", "end_session", "Log out another browser.",
             status=204, errors=(404,),
             intent=_named(EndSession, "id")),
    Endpoint("GET", "/api/v1/account", "account", "The account.", answer="Account",
             intent=_plain(ShowAccount)),
    Endpoint("POST", "/api/v1/account/attestation", "attest",
             "Affirm the age statement.", answer="Account", body=ATTEST, errors=(422,),
             intent=_of_body(AttestRequest.from_json)),
    Endpoint("PATCH", "/api/v1/account/settings", "settings", "Change settings.",
             answer="Account", body=SETTINGS, errors=(403,),
             intent=_of_body(SettingsRequest.from_json)),
    Endpoint("POST", "/api/v1/account/password", "change_password",
             "Change the password; other browsers are logged out.", status=204, body=PASSWORD,
             errors=(401, 422, 429),
             intent=_of_body(PasswordChangeRequest.from_json)),
    Endpoint("GET", "/api/v1/account/export", "export",
             "Everything the server holds about the account, as a JSON download.",
             answer="Export"),
    Endpoint("DELETE", "/api/v1/account", "erase",
             "Erase the account and all its characters, now.", status=204, body=ERASE,
             errors=(401, 429),
             intent=_of_body(EraseRequest.from_json)),
    Endpoint("GET", "/api/v1/characters", "characters", "Your characters, in full.",
             answer="Characters",
             intent=_plain(ListCharacters)),
    Endpoint("POST", "/api/v1/characters", "create_character", "Create a character.",
             status=201, answer="Character", body=NEW_CHARACTER, errors=(409, 422),
             intent=_of_body(NewCharacterRequest.from_json)),
    Endpoint("PATCH", "/api/v1/characters/{name}", "change_character",
             "Change any of a character's fields; its name only in case.", answer="Character",
             body=CHANGE_CHARACTER, errors=(404, 409, 422),
             intent=lambda call: CharacterChangeRequest.from_json(call.body, call.path["name"])),
    Endpoint("DELETE", "/api/v1/characters/{name}", "delete_character",
             "Delete a character (not the last, not while it is online).", status=204,
             errors=(404, 422),
             intent=_named(DeleteCharacter)),
    Endpoint("GET", "/api/v1/profiles/{name}", "profile",
             "What you may see of a character; a block looks like absence.", answer="Profile",
             errors=(404,),
             intent=_named(ShowProfile)),
    Endpoint("GET", "/api/v1/profiles/{name}/image", "profile_image",
             "A character's image, if its visibility admits you (404 otherwise, as for none).",
             answer="Image", errors=(404,)),
    Endpoint("GET", "/api/v1/profiles/{name}/compare", "compare",
             "Your character ?as= against another, from what you may see of them.",
             answer="Comparison", errors=(404, 422),
             intent=lambda call: compare_intent(call.path, call.query)),
    Endpoint("PUT", "/api/v1/characters/{name}/image", "put_character_image",
             "Upload your character's image (PNG, JPEG or WebP, at most 2 MiB; re-encoded).",
             answer="Character", errors=(404, 413, 415, 422), image_body=True),
    Endpoint("DELETE", "/api/v1/characters/{name}/image", "delete_character_image",
             "Remove your character's image.", status=204, errors=(404,)),
    Endpoint("GET", "/api/v1/kinks", "kinks",
             "The kink list: the standard one and the operator's additions.",
             answer="KinkList", session=False),
    Endpoint("GET", "/api/v1/search", "search",
             "Partner search for your character ?as= among characters that asked to be found.",
             answer="SearchResults", errors=(404, 422),
             intent=lambda call: search_intent(call.query)),
    Endpoint("GET", "/api/v1/friends", "friends", "Your friend list.", answer="Friends",
             intent=_plain(ListFriends)),
    Endpoint("PUT", "/api/v1/friends/{name}", "add_friend", "Add a friend.", answer="Named",
             errors=(404, 422),
             intent=_named(AddFriend)),
    Endpoint("DELETE", "/api/v1/friends/{name}", "remove_friend", "Remove a friend.",
             status=204, errors=(404,),
             intent=_named(RemoveFriend)),
    Endpoint("GET", "/api/v1/blocks", "blocks", "The people you block.", answer="Blocks",
             intent=_plain(ListBlocks)),
    Endpoint("PUT", "/api/v1/blocks/{name}", "block",
             "Block the account behind a character: all its characters.", answer="Named",
             errors=(404, 422),
             intent=_named(Block)),
    Endpoint("DELETE", "/api/v1/blocks/{name}", "unblock", "Stop blocking.", status=204,
             errors=(404,),
             intent=_named(Unblock)),
    Endpoint("GET", "/api/v1/rooms", "rooms", "The room directory as you may see it.",
             answer="Rooms",
             intent=_plain(ListRooms)),
    *MODERATION_ENDPOINTS,
    *AUTOMOD_ENDPOINTS,
    Endpoint("GET", "/api/v1/logs", "logs",
             "The parts of logs kept by consent that you may read.", answer="Logs",
             intent=_plain(ListLogs)),
    Endpoint("GET", "/api/v1/logs/{id}", "log",
             "One part of a log with its lines; ?format=json or ?format=text downloads it.",
             answer="Log", errors=(404, 422)),
    Endpoint("DELETE", "/api/v1/logs/lines/{id}", "delete_log_line",
             "Delete one of your own lines from a log (by message id).", status=204,
             errors=(404,),
             intent=_named(DeleteLogLine, "id")),
)  # fmt: skip
"""Every endpoint of the HTTP API (docs/http-api.md), in the order of that page."""
