"""Markup and dice between two real nodes over Redis: a browser on node a, IRC clients on
node b. A roll crosses nodes as its own event (through the bus codec) and each node holds
back what a block hides from its own people.

Replication takes a round trip through Redis: each step waits for something visible before it
expects a line to cross, never for a time."""

from __future__ import annotations

import pytest

from ..irc.clients import RawClient, raw_client
from ..web_socket.harness import Browser
from .harness import Cluster, browser, close, port, register, until_named

pytestmark = [pytest.mark.slow, pytest.mark.timeout(60)]


async def test_a_roll_and_formatted_speech_cross_nodes_but_not_a_block(nodes: Cluster) -> None:
    a, b = nodes.start("a", "b")
    register(a, "Willow", "Ivy", "Cy")
    web: Browser | None = None
    ivy: RawClient | None = None
    cy: RawClient | None = None
    try:
        cy = await raw_client(port(b, "irc"), "Cy")
        cy.send("PRIVMSG NickServ :BLOCK Willow")
        await cy.expect("NOTICE", "Cy", sender="NickServ")
        web = await browser(a, "Willow")
        assert (await web.call("join", room="dicehall", create=True))["type"] == "ok"
        ivy = await raw_client(port(b, "irc"), "Ivy")
        await until_named(ivy, "#dicehall", "Willow")
        for client in (ivy, cy):
            client.send("JOIN #dicehall")
            await client.expect("366")
        await web.expect("joined", room="dicehall", name="Ivy")

        said = await web.call("say", room="dicehall", text="[b]Welcome[/b], [i]travellers[/i]")
        assert said["type"] == "ok", said
        line = await ivy.expect("PRIVMSG", "#dicehall", sender="Willow")
        assert line.params[1] == "\x02Welcome\x0f, \x1dtravellers\x0f"

        rolled = await web.call("roll", room="dicehall", dice="3d6+2")
        assert rolled["type"] == "ok", rolled
        # The roll reaches the roller as it reaches the room: before the ``ok``.
        (mine,) = [m for m in web.received if m["type"] == "roll"]
        assert (mine["from"], mine["dice"], len(mine["rolls"])) == ("Willow", "3d6+2", 3)
        assert mine["total"] == sum(mine["rolls"]) + 2
        seen = await ivy.expect("NOTICE", "#dicehall")
        shown = " + ".join(str(r) for r in mine["rolls"])
        assert seen.params[1] == (
            f"[dice] Willow rolls \x023d6+2: {shown} + 2 = {mine['total']}\x02"
        )

        # Cy blocks Willow: the first roll Cy sees is Ivy's, rolled after Willow's.
        ivy.send("ROLL #dicehall 1d20")
        first = await cy.expect("NOTICE", "#dicehall")
        assert first.params[1].startswith("[dice] Ivy rolls \x021d20: ")
        theirs = await web.expect("roll", room="dicehall", **{"from": "Ivy"})
        assert theirs["dice"] == "1d20"
    finally:
        await close(web, ivy, cy)
