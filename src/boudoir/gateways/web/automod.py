"""The automod HTTP endpoints (docs/http-api.md, "Automod rules"): list, add, change and remove
rules, test a text, and clear a false positive. Operators change rules; server moderators
read them, test and clear; the core refuses everyone else (403).

``WebApi`` calls these handlers; ``endpoints.ENDPOINTS`` declares their paths and schemas.
Imports ``boudoir.core``, ``boudoir.domain`` and Starlette.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from boudoir.domain import consent
from boudoir.domain.automod import Action, Hit, PatternKind, Place, Rule
from boudoir.domain.ratings import Rating
from boudoir.gateways.web.decoding import read_json_object
from boudoir.gateways.web.errors import bad_request
from boudoir.gateways.web.sessions import current_login
from boudoir.wire.webjson.http import Fields

if TYPE_CHECKING:
    from boudoir.core.world import World

RULE_FIELDS = frozenset(
    {"name", "kind", "pattern", "action", "places", "min_rating", "message", "enabled"}
)


def rule_json(rule: Rule) -> dict[str, object]:
    return {
        "id": rule.id,
        "name": rule.name,
        "kind": rule.kind.value,
        "pattern": rule.pattern,
        "action": rule.action.value,
        "places": sorted(place.value for place in rule.places),
        "min_rating": rule.min_rating.label,
        "message": rule.message,
        "enabled": rule.enabled,
        "pack": rule.pack or None,
        "exceptions": list(rule.exceptions),
    }


def hit_json(hit: Hit) -> dict[str, object]:
    return {"rule": hit.rule.id, "name": hit.rule.name, "matched": hit.matched}


@dataclass(frozen=True, slots=True)
class RuleRequest:
    """A new rule (``name``, ``kind``, ``pattern`` required) or a change (any field)."""

    FIELDS: ClassVar = RULE_FIELDS

    name: str | None
    kind: PatternKind | None
    pattern: str | None
    action: Action | None
    places: frozenset[Place] | None
    min_rating: Rating | None
    message: str | None
    enabled: bool | None

    @classmethod
    def from_json(cls, body: Mapping[str, object]) -> RuleRequest:
        fields = Fields(body, cls.FIELDS)
        places = fields.strings("places")
        rating = fields.optional_string("min_rating")
        enabled = body.get("enabled")
        if enabled is not None and not isinstance(enabled, bool):
            raise bad_request("The field 'enabled' must be true or false.")
        try:
            chosen = None if places is None else frozenset(Place(p) for p in places)
        except ValueError:
            raise bad_request("A place is one of: room, scene, direct.") from None
        return cls(
            name=fields.optional_string("name"),
            kind=fields.choice(PatternKind, "kind"),
            pattern=fields.optional_string("pattern"),
            action=fields.choice(Action, "action"),
            places=chosen,
            min_rating=None if rating is None else Rating.parse(rating),
            message=fields.optional_string("message"),
            enabled=enabled,
        )


@dataclass(frozen=True, slots=True)
class TextRequest:
    FIELDS: ClassVar = frozenset({"text"})

    text: str

    @classmethod
    def from_json(cls, body: Mapping[str, object]) -> TextRequest:
        return cls(Fields(body, cls.FIELDS).string("text"))


@dataclass(frozen=True, slots=True)
class PhraseRequest:
    FIELDS: ClassVar = frozenset({"phrase"})

    phrase: str

    @classmethod
    def from_json(cls, body: Mapping[str, object]) -> PhraseRequest:
        return cls(Fields(body, cls.FIELDS).string("phrase"))


async def _person(world: World, request: Request) -> consent.Person:
    login = current_login(request)
    return consent.Person.of(await world.accounts.get(login.account_id))


def _rules(rules: list[Rule]) -> Response:
    return JSONResponse({"rules": [rule_json(rule) for rule in rules]})


async def list_rules(world: World, request: Request) -> Response:
    return _rules(world.automod.rules(await _person(world, request)))


async def add_rule(world: World, request: Request) -> Response:
    person = await _person(world, request)
    wanted = RuleRequest.from_json(await read_json_object(request))
    if wanted.name is None or wanted.kind is None or wanted.pattern is None:
        raise bad_request("A new rule needs a name, a kind and a pattern.")
    rule = await world.automod.add_rule(
        person,
        name=wanted.name,
        kind=wanted.kind,
        pattern=wanted.pattern,
        action=wanted.action or Action.FLAG,
        places=wanted.places if wanted.places is not None else frozenset(Place),
        min_rating=wanted.min_rating or Rating.GENERAL,
        message=wanted.message or "",
        enabled=True if wanted.enabled is None else wanted.enabled,
    )
    return JSONResponse(rule_json(rule), 201)


async def change_rule(world: World, request: Request) -> Response:
    person = await _person(world, request)
    wanted = RuleRequest.from_json(await read_json_object(request))
    rule = await world.automod.change_rule(
        person,
        request.path_params["id"],
        name=wanted.name,
        kind=wanted.kind,
        pattern=wanted.pattern,
        action=wanted.action,
        places=wanted.places,
        min_rating=wanted.min_rating,
        message=wanted.message,
        enabled=wanted.enabled,
    )
    return JSONResponse(rule_json(rule))


async def remove_rule(world: World, request: Request) -> Response:
    person = await _person(world, request)
    await world.automod.remove_rule(person, request.path_params["id"])
    return Response(status_code=204)


async def try_text(world: World, request: Request) -> Response:
    person = await _person(world, request)
    wanted = TextRequest.from_json(await read_json_object(request))
    hits = world.automod.test(person, wanted.text)
    return JSONResponse({"hits": [hit_json(hit) for hit in hits]})


async def clear_phrase(world: World, request: Request) -> Response:
    person = await _person(world, request)
    wanted = PhraseRequest.from_json(await read_json_object(request))
    rule = await world.automod.clear_phrase(person, request.path_params["id"], wanted.phrase)
    return JSONResponse(rule_json(rule))
