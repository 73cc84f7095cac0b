"""HTTP endpoints that are intents: decode the body into the intent, run it as the login's
account, answer with the reply's fields (``wire.webjson.replies``).

Imports ``boudoir.core``, ``boudoir.domain``, ``boudoir.wire`` and Starlette.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from boudoir.core.commands import Context, run
from boudoir.core.world import World
from boudoir.domain.intents import Intent
from boudoir.gateways.web.decoding import read_json_object
from boudoir.gateways.web.errors import bad_request
from boudoir.gateways.web.sessions import current_login
from boudoir.wire.webjson.http import BadRequest
from boudoir.wire.webjson.replies import fields

IntentT = TypeVar("IntentT", bound=Intent)


async def decode(request: Request, read: Callable[[Mapping[str, object]], IntentT]) -> IntentT:
    """The intent in the request's JSON body, as ``read`` makes it; 400 ``bad_request`` when
    the body does not fit. Asks for a login first (401 before any 400)."""
    current_login(request)
    body = await read_json_object(request)
    try:
        return read(body)
    except BadRequest as error:
        raise bad_request(error.message) from None


async def answer(world: World, request: Request, intent: Intent, status: int = 200) -> Response:
    """Run ``intent`` as the request's account: the reply's fields with ``status``, or 204
    when the reply has no body."""
    context = Context.of_account(world, current_login(request).account_id)
    reply = await run(context, intent)
    body = None if reply is None else fields(reply)
    return Response(status_code=204) if body is None else JSONResponse(body, status)
