"""Fixtures for scenes across gateways: a site (WebSocket) and an IRC gateway over one world."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest_asyncio

from boudoir.gateways.irc import IrcGateway, IrcLimits

from ..web_socket.harness import Site, serve_site


@dataclass
class Both:
    site: Site
    irc_port: int


@pytest_asyncio.fixture
async def both() -> AsyncIterator[Both]:
    async with serve_site() as site:
        gateway = IrcGateway(
            site.world,
            host="127.0.0.1",
            port=0,
            server_name="boudoir.local",
            motd="welcome",
            limits=IrcLimits(),
            shutdown_timeout_seconds=1,
        )
        port = urlsplit(await gateway.start()).port
        assert port is not None
        running = asyncio.create_task(gateway.run())
        try:
            yield Both(site, port)
        finally:
            gateway.close("test over")
            await running
