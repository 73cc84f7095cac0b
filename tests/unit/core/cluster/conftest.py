from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from .nodes import Nodes


@pytest_asyncio.fixture
async def nodes() -> AsyncIterator[Nodes]:
    cluster = Nodes()
    try:
        yield cluster
    finally:
        await cluster.stop()
