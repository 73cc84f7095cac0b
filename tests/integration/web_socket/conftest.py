"""Fixtures for the WebSocket suite: a site per test, and browsers that are always closed."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from .harness import Site, serve_site


@pytest_asyncio.fixture
async def site() -> AsyncIterator[Site]:
    async with serve_site() as started:
        yield started
