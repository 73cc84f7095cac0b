"""Fixtures for the telnet gateway: the site, IRC and telnet over one world."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from .harness import All, serve_all


@pytest_asyncio.fixture
async def world_of_three() -> AsyncIterator[All]:
    async with serve_all() as everything:
        yield everything
