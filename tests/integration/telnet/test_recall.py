"""``recall`` over loopback: a telnet user reads back, with times, what was said in the room
while they were there, and nothing from before they came."""

from __future__ import annotations

import re

from .harness import All


async def test_recall_shows_what_reached_you_and_not_what_came_before(
    world_of_three: All,
) -> None:
    everything = world_of_three
    web = await everything.site.browser("Willow")
    await web.call("join", room="lobby", create=True)
    await web.call("say", room="lobby", text="before Tess came")
    tess = await everything.telnet("Tess")
    try:
        await web.call("say", room="lobby", text="hello Tess")
        await tess.expect('Willow says, "hello Tess"')
        await web.call("whisper", room="lobby", to="Tess", text="just for you")
        await tess.expect("just for you")
        tess.send("recall")
        shown = await tess.expect("(end of recall)")
        assert "Said in lobby lately (times in UTC):" in shown
        assert re.search(r'\[\d\d:\d\d\] Willow says, "hello Tess"', shown)
        assert "just for you" in shown
        assert "before Tess came" not in shown
        tess.send("recall 1")
        last = await tess.expect("(end of recall)")
        assert "hello Tess" not in last
        assert "just for you" in last
    finally:
        await tess.close()


async def test_recall_of_pages(world_of_three: All) -> None:
    everything = world_of_three
    web = await everything.site.browser("Wynn")
    await web.call("join", room="lobby", create=True)  # sharing a room, Tara may page Wynn
    tess = await everything.telnet("Tara")
    try:
        tess.send("page Wynn=tea at five?")
        await web.expect("request", text="tea at five?")
        await web.call("accept", **{"from": "Tara"})
        await web.call("direct", to="Tara", text="yes please")
        await tess.expect("yes please")
        tess.send("recall/pages")
        shown = await tess.expect("(end of recall)")
        assert "Said in your pages lately" in shown
        assert shown.index("tea at five?") < shown.index("yes please")
    finally:
        await tess.close()
