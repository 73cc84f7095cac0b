"""A mute covers every form of speech in its room, through every gateway: say, pose, ooc,
emit, notice and whispers are refused with the same words, and nobody hears them."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest_asyncio

from boudoir.core.moderation import Actor

from ..irc.clients import RawClient, raw_client
from ..telnet.harness import All, TelnetPerson, serve_all
from ..web_socket.harness import Browser

MUTED = "You are muted in lobby."


@pytest_asyncio.fixture
async def lobby() -> AsyncIterator[tuple[All, RawClient, Browser, TelnetPerson, Browser]]:
    """Ivy (IRC), Willow (browser) and Tess (telnet) muted in the lobby, with Bob (browser,
    not muted) there to hear whatever gets through."""
    async with serve_all() as everything:
        site = everything.site
        await site.person("Ivy")
        ivy = await raw_client(everything.irc_port, "Ivy")
        willow = await site.browser("Willow")
        bob = await site.browser("Bob")
        tess = await everything.telnet("Tess")
        try:
            for browser in (willow, bob):
                await browser.call("join", room="lobby")
            ivy.send("JOIN #lobby")
            await ivy.expect("JOIN", "#lobby")
            for name in ("Ivy", "Willow", "Tess"):
                await site.world.moderation.act(Actor.operator(), "mute", name, "lobby")
            await tess.expect(MUTED)
            yield everything, ivy, willow, tess, bob
        finally:
            await ivy.close()
            await tess.close()


async def test_a_muted_member_cannot_whisper_in_the_room_from_any_gateway(
    lobby: tuple[All, RawClient, Browser, TelnetPerson, Browser],
) -> None:
    _, ivy, willow, tess, bob = lobby
    said = await willow.call("say", room="lobby", text="hello?")
    whispered = await willow.call("whisper", room="lobby", to="Bob", text="psst")
    assert (said["type"], said["code"], said["message"]) == ("error", "muted", MUTED)
    assert (whispered["type"], whispered["code"], whispered["message"]) == (
        "error",
        "muted",
        MUTED,
    )

    ivy.send("PRIVMSG #lobby :hello?")
    refused_say = await ivy.expect("404", "Ivy", "#lobby")
    ivy.send("WHISPER #lobby Bob :psst")
    refused_whisper = await ivy.expect("404", "Ivy", "#lobby")
    assert refused_whisper.params[1:] == refused_say.params[1:]
    assert "muted" in refused_say.params[-1]

    tess.send('"hello?')
    await tess.expect(MUTED)
    tess.send("whisper Bob=psst")
    await tess.expect(MUTED)

    # Nothing reached Bob: the next thing he hears is what the unmuted server says.
    await willow.call("join", room="garden", create=True)
    await bob.call("join", room="garden")
    await willow.call("say", room="garden", text="over here")
    heard = await bob.expect_any("message", "whisper")
    assert (heard["room"], heard["text"]) == ("garden", "over here")


async def test_a_mute_covers_pose_ooc_emit_and_notice(
    lobby: tuple[All, RawClient, Browser, TelnetPerson, Browser],
) -> None:
    _, ivy, willow, tess, bob = lobby
    for kind in ("say", "pose", "ooc"):  # what the browser speaks
        reply = await willow.call("say", room="lobby", text="a line", kind=kind)
        assert (reply["type"], reply["code"]) == ("error", "muted"), kind

    ivy.send("PRIVMSG #lobby :\x01ACTION waves\x01")
    await ivy.expect("404", "Ivy", "#lobby", "Cannot send to channel (muted)")
    ivy.send("PRIVMSG #lobby :((brb))")
    await ivy.expect("404", "Ivy", "#lobby", "Cannot send to channel (muted)")
    ivy.send("NOTICE #lobby :a notice")  # refused silently: nothing answers a NOTICE

    for line in (":waves.", ";'s eyes glint.", "ooc brb", "((brb))", "@emit The wind howls."):
        tess.send(line)
        await tess.expect(MUTED)

    await willow.call("join", room="garden", create=True)
    await bob.call("join", room="garden")
    await willow.call("say", room="garden", text="over here")
    heard = await bob.expect_any("message", "whisper")
    assert (heard["room"], heard["text"]) == ("garden", "over here")
