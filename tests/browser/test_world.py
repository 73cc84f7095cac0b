"""The walkable world in the browser: the room one looks at, as telnet's ``look`` shows it; a
builder describes it and digs a room beyond an exit; each person walks through, and the one
already there sees the other arrive."""

from __future__ import annotations

import re
import subprocess

import pytest
from playwright.async_api import Locator, ViewportSize, expect

from integration.server import boudoir_command, boudoir_environment

from .accessibility import serious_violations
from .people import BrowserServer, Crowd, Person, tab_to, unique
from .screenshots import screenshot

pytestmark = pytest.mark.slow

PHONE = ViewportSize(width=390, height=844)
"""A common phone's CSS viewport."""
CLI_TIMEOUT = 60.0
"""Seconds for one CLI command (it opens the store)."""


def make_builder(server: BrowserServer, name: str) -> None:
    """``boudoir account builder NAME``, as a server's operator grants building."""
    assert server.data_dir is not None
    subprocess.run(
        boudoir_command("account", "builder", name, "--data-dir", str(server.data_dir)),
        check=True,
        capture_output=True,
        timeout=CLI_TIMEOUT,
        env=boudoir_environment(),
    )


def world_of(person: Person) -> Locator:
    return person.page.locator("#world-panel")


def here(person: Person) -> Locator:
    return world_of(person).get_by_role("list", name="Who is here")


async def test_a_builder_describes_and_digs_and_both_walk_through(
    crowd: Crowd, server: BrowserServer
) -> None:
    alice = await crowd.signed_up("Alice")
    bob = await crowd.signed_up("Bob")
    make_builder(server, alice.name)
    hall, garden = unique("hall"), unique("garden")
    await alice.join(hall)
    await bob.join(hall)
    # A room with nothing to read keeps the section folded, but for a builder, who may build.
    await expect(world_of(alice)).to_have_attribute("open", "")
    await expect(world_of(bob)).not_to_have_attribute("open", "")
    await world_of(bob).get_by_text("Here: description, exits and who is here").click()
    # Each sees the other here, as telnet's look lists them.
    await expect(here(alice).get_by_role("button", name=bob.name)).to_be_visible()
    await expect(here(bob).get_by_role("button", name=alice.name)).to_be_visible()
    # Only a builder is offered the building forms.
    await expect(world_of(bob).get_by_text("Build here")).to_have_count(0)

    await world_of(alice).get_by_text("Build here").click()
    await alice.page.get_by_label("Description", exact=True).fill("A hall with tall windows.")
    await alice.page.get_by_role("button", name="Save description").click()
    await expect(alice.page.locator("#world-description")).to_have_text("A hall with tall windows.")
    await alice.page.get_by_label("New room", exact=True).fill(garden)
    await alice.page.get_by_label("Exit there").fill("north;n")
    await alice.page.get_by_label("Exit back").fill("south;s")
    await alice.page.get_by_role("button", name="Dig a room").click()
    go_north = re.compile(rf"^Go north to {garden}$")
    await expect(world_of(alice).get_by_role("button", name=go_north)).to_be_visible()
    # The forms are ready for more: the dig form emptied, each button usable again.
    await expect(alice.page.get_by_label("New room", exact=True)).to_have_value("")
    await expect(alice.page.get_by_role("button", name="Save description")).to_be_enabled()
    await screenshot(alice.page, "world-builder")

    # Alice walks north: her page follows her, the hall is left behind.
    await world_of(alice).get_by_role("button", name=go_north).click()
    await expect(alice.page.get_by_role("heading", name=f"#{garden}")).to_be_visible()
    await expect(alice.sidebar.get_by_role("link", name=hall)).to_have_count(0)
    south = re.compile(rf"^Go south to {hall}$")
    await expect(world_of(alice).get_by_role("button", name=south)).to_be_visible()
    # Bob sees her go, and now reads what she wrote and the way she went.
    await expect(bob.message(f"{alice.name} left (goes north).")).to_be_visible()
    await expect(here(bob)).to_have_count(0)
    await expect(bob.page.locator("#world-description")).to_have_text("A hall with tall windows.")

    # Bob walks with the keyboard: from the section's heading, Tab reaches the exit.
    await world_of(bob).locator("summary").first.focus()
    await tab_to(bob.page, world_of(bob).get_by_role("button", name=go_north), most=4)
    await bob.page.keyboard.press("Enter")
    await expect(bob.page.get_by_role("heading", name=f"#{garden}")).to_be_visible()
    # Alice, already there, sees him arrive; he sees her.
    await expect(here(alice).get_by_role("button", name=bob.name)).to_be_visible()
    await expect(here(bob).get_by_role("button", name=alice.name)).to_be_visible()
    await screenshot(bob.page, "world-arrived")
    crowd.check_clean()


async def test_the_world_section_passes_axe_on_a_phone_in_the_dark(
    crowd: Crowd, server: BrowserServer
) -> None:
    carol = await crowd.signed_up("Carol", viewport=PHONE, color_scheme="dark")
    make_builder(server, carol.name)
    await carol.join(unique("porch"))
    # Folded on a phone, above the messages; opened, it shows the room and the building forms.
    await expect(world_of(carol)).not_to_have_attribute("open", "")
    await world_of(carol).get_by_text("Here: description, exits and who is here").click()
    await world_of(carol).get_by_text("Build here").click()
    await expect(carol.page.get_by_role("button", name="Dig a room")).to_be_visible()
    assert await serious_violations(carol.page, "#world-panel") == []
    await screenshot(carol.page, "world-phone-dark")
    crowd.check_clean()


async def unfold(person: Person) -> None:
    """Open the room's "Here" section, folded in a room with nothing to read."""
    await expect(world_of(person)).not_to_have_attribute("open", "")
    await world_of(person).get_by_text("Here: description, exits and who is here").click()


async def test_who_is_here_leaves_out_blocked_people_both_ways(crowd: Crowd) -> None:
    alice = await crowd.signed_up("Alice")
    bob = await crowd.signed_up("Bob")
    carol = await crowd.signed_up("Carol")
    room = unique("cellar")
    for person in (alice, bob, carol):
        await person.join(room)
    await unfold(alice)
    await expect(here(alice).get_by_role("button", name=bob.name)).to_be_visible()
    members = bob.page.get_by_role("complementary", name="Members")
    await members.get_by_role("button", name=alice.name, exact=True).click()
    await bob.page.get_by_role("button", name="Block", exact=True).click()
    # The profile of someone one just blocked closes, saying so.
    await expect(bob.page.get_by_role("complementary", name=alice.name)).to_be_hidden()
    await expect(bob.page.locator("#toast")).to_contain_text(f"{alice.name} is blocked.")
    # Each looks again (the room's page shown anew): as on telnet, neither sees the other.
    for person in (alice, bob):
        await person.page.goto("/#/lobby")
        await person.wait_lobby()
        await person.page.goto(f"/#/room/{room}")
        await unfold(person)
    await expect(here(alice).get_by_role("button", name=carol.name)).to_be_visible()
    await expect(here(alice).get_by_role("button", name=bob.name)).to_have_count(0)
    await expect(here(bob).get_by_role("button", name=carol.name)).to_be_visible()
    await expect(here(bob).get_by_role("button", name=alice.name)).to_have_count(0)
    crowd.check_clean()
