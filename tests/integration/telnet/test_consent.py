"""Consent and safety commands on telnet, across the browser and IRC: meeting requests,
haven, banish, @sweep, logging, reports and the attributable @emit."""

from __future__ import annotations

from boudoir.domain.entities import DirectMessagePolicy
from boudoir.gateways.telnet.client import TelnetClient
from boudoir.gateways.telnet.errors import NEUTRAL_REFUSAL

from ..irc.clients import raw_client
from .harness import All


def telnet_client(everything: All, name: str) -> TelnetClient:
    """The server side of ``name``'s telnet connection."""
    return next(c for c in everything.gateway.clients if c.conn and c.conn.character.name == name)


async def stand_in(everything: All, name: str, room: str) -> None:
    """Setup: put ``name``'s telnet character in ``room`` (created public if missing), as a
    walk there would."""
    client = telnet_client(everything, name)
    assert client.conn is not None
    placed = await everything.site.world.places.go_to(client.conn, room, "", create=True)
    client.set_location(placed.id)


async def test_meetme_is_refused_neutrally_by_a_blocker(world_of_three: All) -> None:
    everything = world_of_three
    await everything.site.person("Nora", dm_policy=DirectMessagePolicy.NOBODY)
    nora = await everything.site.browser("Nora")
    bea = await everything.site.browser("Bea")
    tess = await everything.telnet("Tess")
    try:
        world = everything.site.world
        await world.relations.block_account((await world.accounts.find("Bea")).id, "Tess")
        tess.send("meetme Nora")
        by_policy = await tess.expect(NEUTRAL_REFUSAL + "\n")
        tess.send("meetme Bea")
        by_block = await tess.expect(NEUTRAL_REFUSAL + "\n")
        last = by_policy.strip().splitlines()[-1], by_block.strip().splitlines()[-1]
        assert last == (NEUTRAL_REFUSAL, NEUTRAL_REFUSAL)
        assert "block" not in by_block
    finally:
        await tess.close()
        await nora.socket.close()
        await bea.socket.close()


async def test_mjoin_moves_bob_to_alice(world_of_three: All) -> None:
    everything = world_of_three
    # Bob accepts requests from anyone: once Alice walked away they share no room.
    await everything.site.person("Bob", dm_policy=DirectMessagePolicy.ANYONE)
    alice = await everything.telnet("Alice")
    bob = await everything.telnet("Bob")
    try:
        await stand_in(everything, "Alice", "garden")
        await alice.command("meetme Bob", "You asked Bob to meet you")
        await bob.expect("Alice would like to meet you")
        bob.send("mjoin Alice")
        await alice.expect("Bob has arrived.")
        assert telnet_client(everything, "Bob").location == (
            telnet_client(everything, "Alice").location
        )
        bob.send('"found you')
        await alice.expect('\nBob says, "found you"')
    finally:
        await alice.close()
        await bob.close()


async def test_msummon_brings_an_irc_asker_into_the_room(world_of_three: All) -> None:
    everything = world_of_three
    await everything.site.person("Ivy")
    await everything.site.person("Tess", dm_policy=DirectMessagePolicy.ANYONE)
    irc = await raw_client(everything.irc_port, "Ivy")
    tess = await everything.telnet("Tess")
    try:
        await stand_in(everything, "Tess", "den")
        # IRC has no meetme command: Ivy's request is made through the core.
        ivy = next(iter(everything.site.world.registry.find_character("Ivy") or ()))
        everything.site.world.meetings.request(ivy, "Tess")
        await tess.expect("Ivy would like to meet you")
        answered = await tess.command("msummon Ivy", "Ivy comes to meet you.")
        assert "Ivy has arrived." in answered
        await irc.expect("JOIN", "#den")
    finally:
        await irc.close()
        await tess.close()


async def test_msummon_into_an_adult_room_tells_only_the_asker_why_they_cannot_come(
    world_of_three: All,
) -> None:
    everything = world_of_three
    await everything.adult_room("Tess", "Velvet", dm_policy=DirectMessagePolicy.ANYONE)
    await everything.site.person("Ivy")  # attested, but not opted in to adult
    irc = await raw_client(everything.irc_port, "Ivy")
    tess = await everything.telnet("Tess")
    una = await everything.telnet("Una", attested=False)
    try:
        await tess.command("jump Velvet", "Velvet (adult)")
        await una.command("meetme Tess", "You asked Tess to meet you")
        await tess.expect("Una would like to meet you")
        refused = await tess.command("msummon Una", NEUTRAL_REFUSAL)
        await una.expect("You could not go to meet Tess: Attest that you are an adult")
        # IRC has no meetme command: Ivy's request is made through the core.
        ivy = next(iter(everything.site.world.registry.find_character("Ivy") or ()))
        everything.site.world.meetings.request(ivy, "Tess")
        await tess.expect("Ivy would like to meet you")
        refused += await tess.command("msummon Ivy", NEUTRAL_REFUSAL)
        told = await irc.expect("NOTICE", "Ivy")
        while "meet Tess" not in told.params[-1]:
            told = await irc.expect("NOTICE", "Ivy")
        assert "You could not go to meet Tess: You have not opted in" in told.params[-1]
        # The host reads the same words for both, and nothing about either.
        assert "ttest" not in refused
        assert "opted" not in refused
        await tess.command("look", "Nobody else is here.")
    finally:
        await irc.close()
        await tess.close()
        await una.close()


async def test_sweep_lists_an_irc_member_and_the_log_state(world_of_three: All) -> None:
    everything = world_of_three
    await everything.site.person("Ivy")
    irc = await raw_client(everything.irc_port, "Ivy")
    tess = await everything.telnet("Tess")
    try:
        await tess.expect("lobby")
        irc.send("JOIN #lobby")
        await irc.expect("JOIN", "#lobby")
        await tess.expect("Ivy has arrived.")
        tess.send("@sweep")
        swept = await tess.expect("logging is off.")
        assert "Ivy" in swept
        assert "IRC" in swept
        assert "Tess (you)" in swept
        assert "telnet" in swept
    finally:
        await irc.close()
        await tess.close()


async def test_a_banished_person_is_put_out_and_cannot_come_back(world_of_three: All) -> None:
    everything = world_of_three
    await everything.site.person("Ivy")
    irc = await raw_client(everything.irc_port, "Ivy")
    tess = await everything.telnet("Tess")
    try:
        await stand_in(everything, "Tess", "den")
        irc.send("JOIN #den")
        await irc.expect("JOIN", "#den")
        await tess.expect("Ivy has arrived.")
        await tess.command("banish Ivy", "Ivy is banished from your rooms: den")
        await irc.expect("KICK", "#den", "Ivy")
        irc.send("JOIN #den")
        await irc.expect("474", "Ivy", "#den")
        await tess.command("unbanish Ivy", "Ivy may come to your rooms again: den")
        irc.send("JOIN #den")
        await irc.expect("JOIN", "#den")
    finally:
        await irc.close()
        await tess.close()


async def test_haven_refuses_a_page_neutrally_and_turns_off(world_of_three: All) -> None:
    everything = world_of_three
    tess = await everything.telnet("Tess")
    bob = await everything.telnet("Bob")
    try:
        await tess.command("haven", "Haven is ON")
        bob.send("page Tess=are you there?")
        refused = await bob.expect(NEUTRAL_REFUSAL + "\n")
        assert refused.strip().splitlines()[-1] == NEUTRAL_REFUSAL
        account = await everything.site.world.accounts.find("Tess")
        assert account.dm_policy is DirectMessagePolicy.NOBODY
        await tess.command("haven", "Haven is off: people who share a room with you")
        bob.send("page Tess=now?")
        await tess.expect("Bob")
        await tess.expect("now?")
    finally:
        await tess.close()
        await bob.close()


async def test_emit_shows_the_emitter_to_irc_and_the_browser(world_of_three: All) -> None:
    everything = world_of_three
    await everything.site.person("Ivy")
    irc = await raw_client(everything.irc_port, "Ivy")
    web = await everything.site.browser("Willow")
    tess = await everything.telnet("Tess")
    bob = await everything.telnet("Bob")
    try:
        await web.call("join", room="lobby")
        irc.send("JOIN #lobby")
        await irc.expect("JOIN", "#lobby")
        await bob.command("@set me=spoofcheck:yes", "Spoofcheck is on.")
        tess.send("@emit The wind howls.")
        await irc.expect("PRIVMSG", "#lobby", "[emit] The wind howls.", sender="Tess")
        heard = await web.expect("message", kind="emit")
        assert (heard["from"], heard["text"]) == ("Tess", "The wind howls.")
        await bob.expect("The wind howls. [emit by Tess]")
        await bob.command("emitters", "Tess")
    finally:
        await irc.close()
        await tess.close()
        await bob.close()


async def test_emit_reads_without_a_name_unless_spoofcheck_is_on(world_of_three: All) -> None:
    everything = world_of_three
    tess = await everything.telnet("Tess")
    bob = await everything.telnet("Bob")
    try:
        await tess.expect("Bob has arrived.")
        tess.send("@emit Rain begins to fall.")
        line = await bob.expect("Rain begins to fall.\n")
        assert "Tess" not in line.rsplit("\n", 2)[-2]
        await bob.command("emitters", "Tess")
    finally:
        await tess.close()
        await bob.close()


async def test_a_report_attaches_the_sealed_lines_received(world_of_three: All) -> None:
    everything = world_of_three
    tess = await everything.telnet("Tess")
    bob = await everything.telnet("Bob")
    try:
        await tess.expect("Bob has arrived.")
        bob.send('"something unkind')
        await tess.expect('Bob says, "something unkind"')
        tess.send("report Bob=unkind words")
        await tess.expect("filed with 1 line(s) you received (1 verified)")
    finally:
        await tess.close()
        await bob.close()


async def test_log_on_and_off_are_loud(world_of_three: All) -> None:
    everything = world_of_three
    tess = await everything.telnet("Tess")
    try:
        await stand_in(everything, "Tess", "study")
        await tess.command("log on", "[LOG] Logging is ON in study")
        await tess.command("@sweep", "A LOG IS LISTENING")
        await tess.command("log off", "[LOG] Logging is OFF in study.")
    finally:
        await tess.close()
