"""A browser and an IRC client in one room, both gateways in the test's loop over one world."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

from boudoir.gateways.irc import IrcGateway, IrcLimits

from ..irc.clients import raw_client
from .harness import Site


async def test_irc_and_web_users_hear_each_other(site: Site) -> None:
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
    await site.person("Ivy")
    irc = await raw_client(port, "Ivy")
    try:
        web = await site.browser("Willow")
        await web.call("join", room="lobby", create=True)
        irc.send("JOIN #lobby")
        await irc.expect("JOIN", "#lobby")
        await web.expect("joined", name="Ivy")
        await web.call("say", room="lobby", text="hello from the browser")
        await irc.expect("PRIVMSG", "#lobby", "hello from the browser", sender="Willow")
        irc.send("PRIVMSG #lobby :hello from IRC")
        heard = await web.expect("message", **{"from": "Ivy"})
        assert (heard["room"], heard["kind"], heard["text"]) == ("lobby", "say", "hello from IRC")
    finally:
        await irc.close()
        gateway.close("test over")
        await running
