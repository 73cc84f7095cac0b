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


async def test_a_case_change_on_irc_reaches_browsers_in_the_room_but_not_across_a_block() -> None:
    async with serve_site_and_irc() as both:
        site = both.site
        await site.person("ivy")
        irc = await raw_client(both.irc_port, "ivy")
        try:
            willow = await site.browser("Willow")
            bea = await site.browser("Bea")
            world = site.world
            await world.relations.block_account((await world.accounts.find("Bea")).id, "ivy")
            await willow.call("join", room="lobby", create=True)
            await bea.call("join", room="lobby")
            irc.send("JOIN #lobby")
            await willow.expect("joined", name="ivy")

            irc.send("NICK Ivy")
            await irc.expect("NICK", "Ivy", sender="ivy")
            renamed = await willow.expect("renamed")
            assert (renamed["old_name"], renamed["name"]) == ("ivy", "Ivy")
            members = await willow.call("members", room="lobby")
            assert sorted(member["name"] for member in members["members"]) == [
                "Bea",
                "Ivy",
                "Willow",
            ]

            await willow.call("say", room="lobby", text="after")
            await bea.expect("message", text="after")
            assert not [m for m in bea.received if m["type"] == "renamed"], "blocked: not told"
        finally:
            await irc.close()
