"""The lobby's room directory, live: one person's lobby follows what others do in rooms (a
room made, someone joining, a topic, tags) without a reload, and finds rooms by name, rating
and tag, sorted by people or activity."""

from __future__ import annotations

import pytest
from playwright.async_api import Locator, expect

from .people import Crowd, IrcPerson, Person, unique
from .screenshots import screenshot

pytestmark = pytest.mark.slow


def card(person: Person, room: str) -> Locator:
    return person.page.get_by_role("list", name="Rooms").locator(
        f'li.room-card[data-room="{room}"]'
    )


def cards(person: Person) -> Locator:
    return person.page.get_by_role("list", name="Rooms").locator("li.room-card")


async def test_the_directory_follows_rooms_live_and_filters_them(crowd: Crowd) -> None:
    alice = await crowd.signed_up("Alice")
    bob = await crowd.signed_up("Bob")  # stays in the lobby, watching
    parlour = unique("parlour")
    garden = unique("garden")

    # The server's own rooms are there from the first start; the adult lounge is not listed
    # to Bob, who has not opted in to adult rooms.
    await expect(card(bob, "lobby")).to_be_visible()
    await expect(card(bob, "ooc")).to_be_visible()
    await expect(card(bob, "lounge")).to_have_count(0)

    # Alice makes a room: it appears in Bob's lobby with its one member.
    await alice.join(parlour)
    await expect(card(bob, parlour).locator(".room-members")).to_have_text("1 member")
    # Someone joins from IRC: the count changes.
    irc = await IrcPerson.register(crowd.server.irc_port, unique("Ivy"))
    try:
        irc.send(f"JOIN #{parlour}")
        await irc.expect(f" 366 {irc.name} #{parlour} ")
        await expect(card(bob, parlour).locator(".room-members")).to_have_text("2 members")
        await expect(card(bob, parlour).locator(".room-people")).to_contain_text(irc.name)

        # A topic change shows; so do tags set in the room's settings.
        await alice.send("/topic Murder at tea")
        await expect(card(bob, parlour).locator(".topic")).to_have_text("Murder at tea")
        await alice.page.get_by_role("button", name="Room settings").click()
        await alice.page.get_by_label("Tags", exact=True).fill("Victorian, mystery")
        await alice.page.get_by_role("button", name="Save room settings").click()
        await expect(alice.page.get_by_text("Saved.", exact=True)).to_be_visible()
        tags = card(bob, parlour).get_by_role("list", name="Tags").get_by_role("button")
        await expect(tags).to_have_text(["victorian", "mystery"])
        # What is said there counts as activity.
        await alice.send("Who took the last scone?")
        await expect(card(bob, parlour).locator(".room-activity")).to_have_text(
            "1 message in the last 15 minutes"
        )

        # Sorted by people, the parlour (two) comes before a room of one.
        await alice.join(garden)
        await expect(card(bob, garden)).to_be_visible()
        page = bob.page
        await page.get_by_label("Sort by").select_option(label="Most people")
        await expect(cards(bob).first).to_have_attribute("data-room", parlour)
        await screenshot(page, "lobby-directory")

        # Search by name, filter by tag and by rating.
        await page.get_by_label("Search", exact=True).fill(garden)
        await expect(cards(bob)).to_have_count(1)
        await expect(card(bob, garden)).to_be_visible()
        await page.get_by_label("Search", exact=True).fill("")
        await tags.first.click()  # the "victorian" tag filters by it
        await expect(page.get_by_label("Tag", exact=True)).to_have_value("victorian")
        await expect(cards(bob)).to_have_count(1)
        await expect(card(bob, parlour)).to_be_visible()
        await page.get_by_label("Tag", exact=True).select_option("")
        await page.get_by_label("Rating", exact=True).select_option(label="Mature")
        await expect(page.get_by_text("No room matches.")).to_be_visible()
        await page.get_by_label("Rating", exact=True).select_option(label="General")
        await expect(card(bob, parlour)).to_be_visible()
        await screenshot(page, "lobby-directory-filtered")
    finally:
        await irc.close()
    # Ivy left: the count follows.
    await expect(card(bob, parlour).locator(".room-members")).to_have_text("1 member")
