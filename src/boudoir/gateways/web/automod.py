"""The automod HTTP endpoints (docs/http-api.md, "Automod rules"): list, add, change and remove
rules, test a text, and clear a false positive. Operators change rules; server moderators
read them, test and clear; the core refuses everyone else (403).

Each builds its intent (bodies decoded by ``wire.webjson.automod_bodies``), runs it as the
login's account and answers with ``wire.webjson.replies``. ``WebApi`` calls these handlers;
``endpoints.ENDPOINTS`` declares their paths and schemas.

Imports ``boudoir.core``, ``boudoir.domain``, ``boudoir.wire`` and Starlette.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import Response

from boudoir.domain.intents import ListRules, RemoveRule
from boudoir.gateways.web.intent_answers import answer, decode
from boudoir.wire.webjson.automod_bodies import PhraseBody, RuleBody, TextBody

if TYPE_CHECKING:
    from boudoir.core.world import World


async def list_rules(world: World, request: Request) -> Response:
    return await answer(world, request, ListRules())


async def add_rule(world: World, request: Request) -> Response:
    return await answer(world, request, await decode(request, RuleBody.add), 201)


async def change_rule(world: World, request: Request) -> Response:
    read = functools.partial(RuleBody.change, request.path_params["id"])
    return await answer(world, request, await decode(request, read))


async def remove_rule(world: World, request: Request) -> Response:
    return await answer(world, request, RemoveRule(request.path_params["id"]))


async def try_text(world: World, request: Request) -> Response:
    return await answer(world, request, await decode(request, TextBody.intent))


async def clear_phrase(world: World, request: Request) -> Response:
    read = functools.partial(PhraseBody.intent, request.path_params["id"])
    return await answer(world, request, await decode(request, read))
