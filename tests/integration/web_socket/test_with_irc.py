"""A browser and an IRC client in one room, both gateways in the test's loop over one world."""

from __future__ import annotations

from boudoir.domain.ratings import Rating

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


async def test_a_rating_set_on_irc_reaches_browsers_watching_the_directory() -> None:
    async with serve_site_and_irc() as both:
        site = both.site
        mature = (Rating.GENERAL, Rating.MATURE)
        await site.person("Ivy", ratings=mature)
        await site.person("Willow", ratings=mature)
        await site.person("Gene")  # general only
        world = site.world
        for name in ("Ivy", "Willow"):
            account = await world.accounts.find(name)
            character = await world.characters.owned(account.id, name)
            await world.characters.update_profile(character, declared_age=30)
        irc = await raw_client(both.irc_port, "Ivy")
        try:
            willow = await site.browser("Willow")
            gene = await site.browser("Gene")
            irc.send("JOIN #den")
            await irc.expect("366")
            for browser in (willow, gene):
                listed = await browser.call("rooms", watch=True)
                assert [r["rating"] for r in listed["rooms"] if r["name"] == "den"] == ["general"]
            irc.send("MODE #den +R mature")
            await irc.expect("MODE", "#den", "+R", "mature")
            site.world.rooms.feed.flush()  # what the feed's task does within a second
            changed = await willow.expect("room_listed", name="den")
            assert changed["room"]["rating"] == "mature"
            gone = await gene.expect("room_listed", name="den")
            assert gone["room"] is None  # above what Gene sees: it leaves his directory
        finally:
            await irc.close()
