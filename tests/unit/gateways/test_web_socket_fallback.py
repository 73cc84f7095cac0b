"""The endpoint on an ASGI server without ``boudoir.frames`` (Starlette's TestClient): the same
protocol through plain ASGI ``send``."""

from __future__ import annotations

import datetime as dt
import warnings

import pytest
from starlette.applications import Starlette
from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocketDisconnect

from boudoir.core.passwords import Argon2Hasher
from boudoir.core.world import World
from boudoir.domain.entities import Account
from boudoir.gateways.web.options import WebOptions
from boudoir.gateways.web.socket import SocketEndpoint
from boudoir.testing.fakes import MemoryStore
from boudoir.testing.harness import FAST_HASHING

with warnings.catch_warnings():
    # Starlette asks for httpx2 in place of httpx; the TestClient works the same with httpx.
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient


SOCKET = "ws://boudoir.localhost/api/v1/socket"
"""TestClient's own host name (testserver) is not one the endpoint answers to."""


def _client(accounts: dict[str, tuple[str, Account]]) -> tuple[TestClient, World]:
    world = World(MemoryStore(), Argon2Hasher(FAST_HASHING))

    async def resolve(token: str) -> tuple[str, Account] | None:
        if token == "alice" and "alice" not in accounts:
            account = await world.accounts.register(
                "Alice", "correct horse battery", dt.date(1990, 1, 1), attest=True
            )
            accounts["alice"] = ("login-1", account)
        return accounts.get(token)

    endpoint = SocketEndpoint(world, resolve, WebOptions())
    app = Starlette(routes=[WebSocketRoute("/api/v1/socket", endpoint)])
    return TestClient(app), world


def test_without_a_login_the_error_then_4001() -> None:
    client, _ = _client({})
    with client.websocket_connect(SOCKET, subprotocols=["boudoir.v1"]) as socket:
        assert socket.receive_json()["code"] == "not_authenticated"
        with pytest.raises(WebSocketDisconnect) as closed:
            socket.receive_json()
        assert closed.value.code == 4001


def test_welcome_then_commands_answered_in_order() -> None:
    client, _ = _client({})
    client.cookies.set("boudoir_session", "alice")
    with client.websocket_connect(SOCKET, subprotocols=["boudoir.v1"]) as socket:
        welcome = socket.receive_json()
        assert welcome["type"] == "welcome"
        assert welcome["character"] == {"name": "Alice"}
        assert welcome["characters"] == ["Alice"]
        # Then what reached her lately in her direct conversations: nothing yet.
        assert socket.receive_json() == {"type": "replay", "room": None, "lines": []}
        socket.send_json({"type": "join", "ref": "1", "room": "lobby", "create": True})
        assert socket.receive_json()["type"] == "joined"
        assert socket.receive_json() == {"type": "replay", "room": "lobby", "lines": []}
        assert socket.receive_json()["room"]["name"] == "lobby"
        socket.send_json({"type": "say", "ref": "2", "room": "lobby", "text": "hi"})
        echo = socket.receive_json()
        assert (echo["type"], echo["text"]) == ("message", "hi")
        assert socket.receive_json() == {"type": "ok", "ref": "2", "id": echo["id"]}
        socket.send_text("{")
        assert socket.receive_json()["code"] == "bad_message"
