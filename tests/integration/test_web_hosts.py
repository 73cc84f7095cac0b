"""Which host names the web gateway answers to without ``web_origin``: a page whose name an
attacker rebound to this server's address (DNS rebinding) sends its own name as Host and
Origin, and must not be able to sign up, log in or open a socket."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import httpx
import websockets

from boudoir.core.passwords import Argon2Hasher
from boudoir.core.world import World
from boudoir.gateways.web import WebGateway
from boudoir.gateways.web.options import WebOptions
from boudoir.testing.fakes import MemoryStore
from boudoir.testing.harness import FAST_HASHING

PASSWORD = "correct horse battery"
SIGN_UP = {"name": "mallory", "password": PASSWORD, "born": "1990-05-17"}
LOG_IN = {"name": "mallory", "password": PASSWORD}


@contextlib.asynccontextmanager
async def site(options: WebOptions) -> AsyncIterator[tuple[httpx.AsyncClient, int]]:
    """A web gateway on a free port of 127.0.0.1, and a client for it; its port."""
    world = World(MemoryStore(), Argon2Hasher(FAST_HASHING))
    gateway = WebGateway(
        world, host="127.0.0.1", port=0, shutdown_timeout_seconds=1, options=options
    )
    url = await gateway.start()
    async with asyncio.TaskGroup() as tasks:
        tasks.create_task(gateway.run())
        async with httpx.AsyncClient(base_url=url, timeout=10) as client:
            yield client, int(url.rpartition(":")[2])
        gateway.close("test over")


def as_page_of(host: str) -> dict[str, str]:
    """The headers a browser sends from a page of ``host`` to that same host."""
    return {"host": host, "origin": f"http://{host}"}


async def test_a_rebound_name_can_neither_sign_up_nor_log_in() -> None:
    async with site(WebOptions()) as (client, port):
        rebound = as_page_of(f"evil.example:{port}")
        refused = await client.post("/api/v1/accounts", json=SIGN_UP, headers=rebound)
        assert refused.status_code == 421
        assert refused.json()["error"]["code"] == "host_refused"
        assert (await client.get("/", headers=rebound)).status_code == 421
        own = await client.post(
            "/api/v1/accounts", json=SIGN_UP, headers=as_page_of(f"127.0.0.1:{port}")
        )
        assert own.status_code == 201
        client.cookies.clear()
        refused = await client.post("/api/v1/session", json=LOG_IN, headers=rebound)
        assert refused.status_code == 421
        for local in (f"localhost:{port}", f"[::1]:{port}", f"LocalHost.:{port}"):
            logged_in = await client.post("/api/v1/session", json=LOG_IN, headers=as_page_of(local))
            assert logged_in.status_code == 200, local
            client.cookies.clear()


async def test_a_name_in_web_hosts_is_served() -> None:
    async with site(WebOptions(hosts=frozenset({"chat.lan"}))) as (client, port):
        named = await client.post(
            "/api/v1/accounts", json=SIGN_UP, headers=as_page_of(f"chat.lan:{port}")
        )
        assert named.status_code == 201
        other = await client.get("/healthz", headers={"host": "chat.lan.evil.example"})
        assert other.status_code == 421


async def test_with_web_origin_the_proxy_decides_the_names() -> None:
    options = WebOptions(origin="https://chat.example.org")
    async with site(options) as (client, _):
        proxied = await client.post(
            "/api/v1/accounts",
            json=SIGN_UP,
            headers={"host": "chat.example.org", "origin": "https://chat.example.org"},
        )
        assert proxied.status_code == 201


async def opened_with(port: int, host: str) -> int:
    """The status a socket handshake from a page of ``host`` gets (101: opened)."""
    try:
        async with websockets.connect(
            f"ws://{host}/api/v1/socket",
            host="127.0.0.1",  # the name resolves to this server, as rebound
            port=port,
            subprotocols=[websockets.Subprotocol("boudoir.v1")],
            origin=websockets.Origin(f"http://{host}"),
        ):
            return 101
    except websockets.InvalidStatus as refused:
        return refused.response.status_code


async def test_a_rebound_name_cannot_open_a_socket() -> None:
    async with site(WebOptions()) as (_, port):
        assert await opened_with(port, f"evil.example:{port}") == 421
        assert await opened_with(port, f"127.0.0.1:{port}") == 101


async def test_a_name_in_web_hosts_opens_a_socket() -> None:
    async with site(WebOptions(hosts=frozenset({"chat.lan"}))) as (_, port):
        assert await opened_with(port, f"chat.lan:{port}") == 101
