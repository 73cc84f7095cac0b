"""A MU* user cannot answer a call: they are told who would like one, and where to answer it."""

from __future__ import annotations

from boudoir.core.calls import TurnRelay

from .harness import All


async def test_a_telnet_callee_is_told_to_answer_in_the_browser(world_of_three: All) -> None:
    site = world_of_three.site
    world = site.world
    world.calls.relay = TurnRelay(("turn:127.0.0.1:3478",), "integration-shared-secret", 600)
    world.calls.browser_url = "https://chat.example.org"
    await site.person("Willow")
    tess = await world_of_three.telnet("Tess")
    try:
        for me, other in (("Willow", "Tess"), ("Tess", "Willow")):
            await world.relations.befriend((await world.accounts.find(me)).id, other)
        web = await site.browser("Willow")
        placed = await web.call("call", to="Tess", video=False)
        assert placed["type"] == "ok", placed
        # Wrapped to the terminal's width like any line.
        await tess.expect(
            r"Willow would like a call with you; answer in the browser:\s+"
            r"https://chat\.example\.org",
            regex=True,
        )
    finally:
        await tess.close()
