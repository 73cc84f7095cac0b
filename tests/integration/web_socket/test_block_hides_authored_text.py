"""Text a blocked person wrote into a room (its topic) reaches the person who blocked them as
hidden by their block, read only when they ask; the blocked side sees it as anyone does."""

from __future__ import annotations

from .harness import Browser, Site


async def block(site: Site, blocker: str, blocked: str) -> None:
    """``blocker`` blocks ``blocked`` (made over the HTTP API, NickServ or telnet's ``block``;
    here straight through the core)."""
    world = site.world
    await world.relations.block_account((await world.accounts.find(blocker)).id, blocked)


async def room_with_topic(owner: Browser, room: str, topic: str) -> None:
    await owner.call("join", room=room, create=True)
    assert (await owner.call("topic", room=room, topic=topic))["type"] == "ok"


async def test_a_topic_set_by_someone_blocked_arrives_hidden(site: Site) -> None:
    frank = await site.browser("Frank")
    grace = await site.browser("Grace")
    hana = await site.browser("Hana")
    await room_with_topic(frank, "den", "Frank was here")
    await block(site, "Grace", "Frank")

    state = (await grace.call("join", room="den"))["room"]
    assert (state["topic"], state["topic_by"], state["topic_hidden"]) == ("", None, True)
    listed = next(r for r in (await grace.call("rooms"))["rooms"] if r["name"] == "den")
    assert (listed["topic"], listed["topic_hidden"]) == ("", True)
    # On purpose, the text is there to read.
    revealed = await grace.call("reveal_topic", room="den")
    assert revealed["topic"] == "Frank was here"

    # Others see it as written, with who set it.
    state = (await hana.call("join", room="den"))["room"]
    assert (state["topic"], state["topic_by"], state["topic_hidden"]) == (
        "Frank was here",
        "Frank",
        False,
    )

    # A change arrives hidden too: no text and no name.
    await frank.call("topic", room="den", topic="still here")
    seen = await hana.expect("topic", room="den")
    assert (seen["topic"], seen["by"], seen["hidden"]) == ("still here", "Frank", False)
    changed = await grace.expect("topic", room="den")
    assert (changed["topic"], changed["by"], changed["hidden"]) == ("", None, True)
    assert "still here" not in str(grace.received)
    assert (await grace.call("reveal_topic", room="den"))["topic"] == "still here"


async def test_the_blocked_side_sees_the_blockers_topic_as_anyone_does(site: Site) -> None:
    frank = await site.browser("Frank")
    grace = await site.browser("Grace")
    await room_with_topic(grace, "nook", "Grace's corner")
    await block(site, "Grace", "Frank")
    state = (await frank.call("join", room="nook"))["room"]
    # Nothing says "hidden" to the blocked side; only who set it is not shown, both ways.
    assert (state["topic"], state["topic_by"], state["topic_hidden"]) == (
        "Grace's corner",
        None,
        False,
    )
    await grace.call("topic", room="nook", topic="a new corner")
    changed = await frank.expect("topic", room="nook")
    assert (changed["topic"], changed["by"], changed["hidden"]) == ("a new corner", None, False)


async def test_blocking_hides_a_topic_on_screen_at_once(site: Site) -> None:
    frank = await site.browser("Frank")
    grace = await site.browser("Grace")
    await room_with_topic(frank, "den", "Frank was here")
    state = (await grace.call("join", room="den"))["room"]
    assert state["topic"] == "Frank was here"
    await block(site, "Grace", "Frank")
    changed = await grace.expect("topic", room="den")
    assert (changed["topic"], changed["by"], changed["hidden"]) == ("", None, True)
