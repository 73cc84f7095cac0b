"""The HTTP JSON API's endpoints, over one ``World``.

Imports ``boudoir.core``, ``boudoir.domain`` and Starlette.
"""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from boudoir.core.world import World
from boudoir.gateways.web.decoding import (
    LoginRequest,
    RegisterRequest,
    account_json,
    read_json_object,
)

logger = logging.getLogger(__name__)


class WebApi:
    """The HTTP endpoints, over one ``World``."""

    def __init__(self, world: World) -> None:
        self._world = world

    async def health(self, request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def register(self, request: Request) -> Response:
        wanted = RegisterRequest.from_json(await read_json_object(request))
        account = await self._world.accounts.register(
            wanted.name, wanted.password, wanted.born, attest=wanted.attest
        )
        return JSONResponse(account_json(account), 201)

    async def login(self, request: Request) -> Response:
        wanted = LoginRequest.from_json(await read_json_object(request))
        address = request.client.host if request.client is not None else ""
        account = await self._world.accounts.authenticate(
            wanted.name, wanted.password, address=address
        )
        return JSONResponse(account_json(account))
