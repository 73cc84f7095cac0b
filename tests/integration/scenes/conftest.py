"""Fixtures for scenes across gateways: a site (WebSocket) and an IRC gateway over one world."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from ..web_socket.harness import Both, serve_site_and_irc


@pytest_asyncio.fixture
async def both() -> AsyncIterator[Both]:
    async with serve_site_and_irc() as both:
        yield both
