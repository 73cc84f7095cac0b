"""``@set me=highlight:yes`` on a real telnet connection: a browser user's line naming you
shows your name in reverse video, with colour only (never in screen reader mode)."""

from __future__ import annotations

from .harness import All

HIGHLIGHT = "\x1b[1;7m"


async def test_your_name_stands_out_where_someone_says_it(world_of_three: All) -> None:
    everything = world_of_three
    web = await everything.site.browser("Willow")
    uma = await everything.telnet("Uma")
    vic = await everything.telnet("Vic")
    try:
        await web.call("join", room="lobby")
        await uma.command("@set me=colour:yes", "Colour is on.")
        await uma.command("@set me=highlight:yes", "Highlight is on.")
        await vic.command("@set me=highlight:yes", "Highlight is on.")
        await vic.command("@set me=screenreader:yes", "never in screen reader mode")
        await web.call("say", room="lobby", text="evening uma and vic")
        line = await uma.expect("and vic")
        assert f"{HIGHLIGHT}uma\x1b[0m" in line
        heard = await vic.expect("and vic")
        assert "\x1b" not in heard
        await uma.command("@set me=highlight:no", "Highlight is off.")
        await web.call("say", room="lobby", text="uma again")
        again = await uma.expect("again")
        assert HIGHLIGHT not in again
    finally:
        await uma.close()
        await vic.close()
