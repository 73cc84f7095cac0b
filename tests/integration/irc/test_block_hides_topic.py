"""On IRC, a topic set by someone you block is shown as hidden by your block (on JOIN, TOPIC,
LIST and live changes), with no RPL_TOPICWHOTIME; ``REVEAL #room TOPIC`` reads it. The blocked
side sees the blocker's topic as anyone does."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from ..web_socket.harness import Both, serve_site_and_irc
from ..web_socket.test_block_hides_authored_text import block
from .clients import raw_client

HIDDEN = "[hidden: set by someone you block] /quote REVEAL #den TOPIC shows it"


@pytest_asyncio.fixture
async def both() -> AsyncIterator[Both]:
    async with serve_site_and_irc() as both:
        yield both


async def test_a_topic_set_by_someone_blocked_is_hidden_until_revealed(both: Both) -> None:
    for name in ("frank", "grace", "hana"):
        await both.site.person(name)
    frank = await raw_client(both.irc_port, "frank")
    grace = await raw_client(both.irc_port, "grace")
    hana = await raw_client(both.irc_port, "hana")
    try:
        frank.send("JOIN #den", "TOPIC #den :Frank was here")
        await frank.expect("TOPIC", "#den", "Frank was here", sender="frank")
        await block(both.site, "grace", "frank")

        grace.send("JOIN #den")
        await grace.expect("332", "grace", "#den", HIDDEN)
        await grace.expect("366", "grace", "#den")  # end of NAMES: the join burst is over
        grace.send("TOPIC #den")
        await grace.expect("332", "grace", "#den", HIDDEN)
        grace.send("LIST #den")
        await grace.expect("322", "grace", "#den", "1", f"[general] {HIDDEN}")
        await grace.expect("323")
        # Nobody's name, and not the text, reached grace.
        assert not grace.inbox.seen("333")
        assert not [r for r in grace.inbox.seen("332") if "Frank was here" in r.raw]

        grace.send("REVEAL #den TOPIC")
        await grace.expect("332", "grace", "#den", "Frank was here")

        hana.send("JOIN #den")
        await hana.expect("332", "hana", "#den", "Frank was here")
        assert (await hana.expect("333", "hana", "#den")).params[2] == "frank"

        frank.send("TOPIC #den :still here")
        await hana.expect("TOPIC", "#den", "still here", sender="frank")
        await grace.expect("TOPIC", "#den", HIDDEN, sender="boudoir.local")
    finally:
        for client in (frank, grace, hana):
            await client.close()


async def test_the_blocked_side_sees_the_blockers_topic_as_anyone_does(both: Both) -> None:
    for name in ("frank", "grace"):
        await both.site.person(name)
    grace = await raw_client(both.irc_port, "grace")
    frank = await raw_client(both.irc_port, "frank")
    try:
        grace.send("JOIN #nook", "TOPIC #nook :Grace's corner")
        await grace.expect("TOPIC", "#nook", "Grace's corner", sender="grace")
        await block(both.site, "grace", "frank")
        frank.send("JOIN #nook")
        await frank.expect("332", "frank", "#nook", "Grace's corner")
        await frank.expect("366", "frank", "#nook")
        assert not frank.inbox.seen("333"), "who set it stays hidden across the block"
        grace.send("TOPIC #nook :a new corner")
        await frank.expect("TOPIC", "#nook", "a new corner", sender="boudoir.local")
    finally:
        await grace.close()
        await frank.close()
