"""IRC's LIST is the room directory: how many people one can see in each room, its rating and
tags before the topic, and never a room the consent module hides from the asker (above their
ratings, private, or owned by someone on the other side of a block). ``+T`` sets the tags."""

from __future__ import annotations

from boudoir.domain.ratings import Rating

from ..telnet.harness import All
from ..web_socket.test_block_hides_authored_text import block
from .clients import RawClient, raw_client


async def listing(client: RawClient) -> dict[str, tuple[str, str]]:
    """``LIST``: channel -> (users, topic field), from RPL_LIST up to RPL_LISTEND."""
    client.send("LIST")
    lines = await client.inbox.until("323")
    return {
        line.params[1]: (line.params[2], line.params[3]) for line in lines if line.command == "322"
    }


async def test_list_shows_counts_rating_and_tags_and_hides_what_consent_hides(world: All) -> None:
    for name in ("olive", "pia", "quinn", "rex"):
        await world.site.person(name)
    await world.adult_room("vera", "den")
    olive = await raw_client(world.irc_port, "olive")
    pia = await raw_client(world.irc_port, "pia")
    quinn = await raw_client(world.irc_port, "quinn")
    rex = await raw_client(world.irc_port, "rex")
    try:
        olive.send("JOIN #parlour")
        await olive.expect("366", "olive", "#parlour")
        olive.send("MODE #parlour +T Victorian,mystery", "TOPIC #parlour :Murder at tea")
        await olive.expect("MODE", "#parlour", "+T", "victorian,mystery", sender="olive")
        await olive.expect("TOPIC", "#parlour", "Murder at tea")
        pia.send("JOIN #parlour")
        await pia.expect("366", "pia", "#parlour")

        rooms = await listing(quinn)
        assert rooms["#parlour"] == ("2", "[general, victorian, mystery] Murder at tea")
        assert "#den" not in rooms  # adult: quinn has not opted in
        olive.send("MODE #parlour")
        modes = await olive.expect("324", "olive", "#parlour")
        assert "T" in modes.params[2]
        assert modes.params[-1] == "victorian,mystery"

        # A block either way with the owner hides the room from LIST.
        await block(world.site, "quinn", "olive")
        await block(world.site, "olive", "rex")
        assert "#parlour" not in await listing(quinn)
        assert "#parlour" not in await listing(rex)
        # Those on the other side of a block are not counted, in a room still listed.
        await block(world.site, "quinn", "pia")
        rex.send("JOIN #garden")
        await rex.expect("366", "rex", "#garden")
        pia.send("JOIN #garden")
        await pia.expect("366", "pia", "#garden")
        assert (await listing(quinn))["#garden"] == ("1", "[general]")
        assert "#garden" not in await listing(olive)  # owned by rex, whom olive blocks

        # Opted in to adult rooms, the den is listed, with its rating first.
        account = await world.site.world.accounts.find("rex")
        await world.site.world.accounts.update_settings(
            account.id, ratings=(Rating.GENERAL, Rating.ADULT)
        )
        assert (await listing(rex))["#den"] == ("0", "[adult]")

        olive.send("MODE #parlour -T")
        await olive.expect("MODE", "#parlour", "-T", sender="olive")
        assert (await listing(pia))["#parlour"] == ("2", "[general] Murder at tea")
        olive.send("MODE #parlour +T not_a_word")
        await olive.expect("696", "olive", "#parlour", "T", "not_a_word")
    finally:
        for client in (olive, pia, quinn, rex):
            await client.close()
