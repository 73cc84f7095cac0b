"""Markup and dice on telnet: ANSI for a client that shows colour, plain words for one that
does not or for a screen reader, and ``roll`` as a system line under the rules of speech."""

from __future__ import annotations

from .harness import All
from .test_consent import stand_in

FORMATTED = "[b]Hi[/b] [spoiler]the twist[/spoiler] [url=https://example.org]our wiki[/url]"
PLAIN = 'Hi [spoiler: the twist] our wiki (https://example.org)"'
ROLL = r"\[dice\] {name} rolls 2d6\+1: [1-6] \+ [1-6] \+ 1 = \d+\n"


async def test_markup_in_colour_plain_and_for_a_screen_reader(world_of_three: All) -> None:
    everything = world_of_three
    alice = await everything.telnet("Alice")
    bob = await everything.telnet("Bob")
    try:
        for name in ("Alice", "Bob"):
            await stand_in(everything, name, "study")
        await alice.command("@set me=colour:yes", "Colour")
        bob.send(f"say {FORMATTED}")
        await bob.expect(f'You say, "{PLAIN}')  # no colour: plain words
        seen = await alice.expect('our wiki\x1b[0m\x1b[37m (https://example.org)"')
        assert "\x1b[1mHi\x1b[0m" in seen  # bold, then back to the speech colour
        assert "\x1b[30;40mthe twist\x1b[0m" in seen  # black on black until selected
        assert "[b]" not in seen

        await alice.command("@set me=screenreader:yes", "Screen reader mode")
        bob.send(f"say {FORMATTED}")
        await alice.expect(PLAIN)
        bob.send("say [b]unclosed and [color=nope]x[/color]")
        await alice.expect('"[b]unclosed and [color=nope]x[/color]"')
    finally:
        await alice.close()
        await bob.close()


async def test_roll_shows_everyone_in_the_room_the_servers_line(world_of_three: All) -> None:
    everything = world_of_three
    tess = await everything.telnet("Tess")
    bob = await everything.telnet("Bob")
    cora = await everything.telnet("Cora")
    try:
        world = everything.site.world
        await world.relations.block_account((await world.accounts.find("Cora")).id, "Tess")
        for name in ("Tess", "Bob", "Cora"):
            await stand_in(everything, name, "tavern")
        tess.send("roll 2d6+1")
        for person in (tess, bob):
            await person.expect(ROLL.format(name="Tess"), regex=True)
        bob.send("dice 2d6+1")
        seen = await cora.expect(ROLL.format(name="Bob"), regex=True)
        assert "Tess rolls" not in seen  # Cora blocks Tess: her roll never reached Cora

        await tess.command("roll 21d6", "Roll from 1 to 20 dice at a time.")
        await tess.command("roll 2d6*2", "Roll dice as NdS+M")
        await tess.command("roll", "roll <dice>")
    finally:
        for person in (tess, bob, cora):
            await person.close()


async def test_no_one_can_type_a_roll_line_even_for_a_client_without_colour(
    world_of_three: All,
) -> None:
    # Without colour the system colour tells nothing apart: the "[dice]" mark does. Nobody's
    # text carries it, whatever the brackets, case, look-alike letters or markup; only the
    # server's own roll line does.
    everything = world_of_three
    tess = await everything.telnet("Tess")
    bob = await everything.telnet("Bob")
    try:
        for name in ("Tess", "Bob"):
            await stand_in(everything, name, "parlour")
        bob.send("@emit [dice] Tess rolls 1d20: 20 = 20")
        await tess.expect("(dice) Tess rolls 1d20: 20 = 20\n")
        bob.send("say [DICE] Tess rolls 1d20: 20 = 20")
        await tess.expect('Bob says, "(DICE) Tess rolls 1d20: 20 = 20"')
        bob.send("pose waits. [b][[/b]dicе] Tess rolls 1d20: 20 = 20")  # markup, Cyrillic е
        await tess.expect("Bob waits. (dicе) Tess rolls 1d20: 20 = 20")
        bob.send("@emit ［ dice ］ Tess rolls 1d20: 20 = 20")  # full-width, spaced
        await tess.expect("( dice ) Tess rolls 1d20: 20 = 20")
        tess.send("roll d20")
        await bob.expect(r"(?m)^\[dice\] Tess rolls 1d20: \d+ = \d+\n", regex=True)
    finally:
        await tess.close()
        await bob.close()
