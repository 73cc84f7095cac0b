"""Real nodes count an address's connections together, through Redis: one telnet connection
allowed per address is one across the cluster, not one on each node."""

from __future__ import annotations

import asyncio

import pytest

from boudoir.gateways.admission import TOO_MANY

from .harness import Cluster, port

pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]


async def first_words(telnet_port: int) -> tuple[bytes, asyncio.StreamWriter]:
    """Connect and read what the node says first (a refusal is all it says)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", telnet_port)
    words = await asyncio.wait_for(reader.read(4096), 10)
    return words, writer


async def test_one_connection_per_address_is_one_across_the_nodes(nodes: Cluster) -> None:
    environment = {**nodes.environment(), "BOUDOIR_TELNET_MAX_CONNECTIONS_PER_ADDRESS": "1"}
    a, b = (
        nodes.servers.start(nodes.tmp / node, *nodes.arguments(node), environment=environment)
        for node in ("a", "b")
    )
    held, writer = await first_words(port(a, "telnet"))
    assert TOO_MANY.encode() not in held
    try:
        # The count crosses Redis in a round trip: node b refuses once it has heard of it.
        for _ in range(100):
            words, other = await first_words(port(b, "telnet"))
            other.close()
            if TOO_MANY.encode() in words:
                break
            await asyncio.sleep(0.05)
        else:
            pytest.fail("node b never counted node a's connection")
    finally:
        writer.close()
    # Closed on node a: node b lets the address in again.
    for _ in range(100):
        words, other = await first_words(port(b, "telnet"))
        other.close()
        if TOO_MANY.encode() not in words:
            break
        await asyncio.sleep(0.05)
    else:
        pytest.fail("node b never heard that node a's connection closed")
