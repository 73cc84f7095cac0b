"""Fixtures for the IRC suite: servers (one per module, or one per test with its own
settings) and clients that are always closed."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from ..server import Servers
from ..telnet.harness import All, serve_all
from .clients import LibraryClient, RawClient, library_client, raw_client
from .harness import IrcServer, start_irc_server


class Clients:
    """Opens clients for one test and closes every one of them afterwards."""

    def __init__(self) -> None:
        self._open: list[LibraryClient | RawClient] = []

    async def library(self, port: int, nick: str, **options: Any) -> LibraryClient:
        client = await library_client(port, nick, **options)
        self._open.append(client)
        return client

    async def raw(self, port: int, nick: str, **options: Any) -> RawClient:
        client = await raw_client(port, nick, **options)
        self._open.append(client)
        return client

    @property
    def opened(self) -> list[LibraryClient | RawClient]:
        """The clients opened so far, oldest first."""
        return self._open

    def keep(self, client: RawClient) -> RawClient:
        """Close ``client`` (made some other way) with the rest."""
        self._open.append(client)
        return client

    async def close_all(self) -> None:
        for client in reversed(self._open):
            await client.close()


@pytest_asyncio.fixture
async def clients() -> AsyncIterator[Clients]:
    opened = Clients()
    try:
        yield opened
    finally:
        await opened.close_all()


@pytest.fixture(scope="module")
def module_servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    """Servers shared by the tests of one module (each test uses its own people and rooms):
    starting a server costs about a second."""
    started = Servers(tmp_path_factory.mktemp("irc-module"))
    try:
        yield started
    finally:
        started.close_all()


class ServerFactory:
    """Starts a server of a test's own, e.g. with other limits."""

    def __init__(self, servers: Servers, scratch: Path) -> None:
        self._servers = servers
        self._scratch = scratch
        self._count = 0

    async def __call__(self, **options: Any) -> IrcServer:
        """``start_irc_server`` in a fresh directory of this test's scratch space."""
        self._count += 1
        scratch = self._scratch / f"irc-{self._count}"
        scratch.mkdir()
        return await asyncio.to_thread(start_irc_server, self._servers, scratch, **options)


@pytest.fixture
def start_server(servers: Servers, tmp_path: Path) -> ServerFactory:
    return ServerFactory(servers, tmp_path)


@pytest_asyncio.fixture
async def world() -> AsyncIterator[All]:
    """The site, IRC and telnet gateways over one world, in this process: for what crosses
    gateways, or needs accounts made as the web makes them."""
    async with serve_all() as everything:
        yield everything
