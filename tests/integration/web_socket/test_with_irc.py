"""A browser and an IRC client in one room, both gateways in the test's loop over one world."""

from __future__ import annotations

from ..irc.clients import raw_client
from .harness import serve_site_and_irc


async def test_irc_and_web_users_hear_each_other() -> None:
    async with serve_site_and_irc() as both:
        site = both.site
        await site.person("Ivy")
        irc = await raw_client(both.irc_port, "Ivy")
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
            assert (heard["room"], heard["kind"], heard["text"]) == (
                "lobby",
                "say",
                "hello from IRC",
            )
        finally:
            await irc.close()
