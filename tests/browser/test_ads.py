"""Ads in the browser: a room's owner lets it take ads; an ad shows in the room's ads lane,
apart from the chat, with the poster's favourites when everyone may see them; a second ad
too soon is refused in words."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Locator, expect

from .people import Crowd, Person, unique
from .screenshots import screenshot

pytestmark = pytest.mark.slow


def lane(person: Person) -> Locator:
    return person.page.locator("#ads-lane")


async def open_lane(person: Person) -> Locator:
    """The room's ads lane, unfolded (it starts folded: the chat keeps the room)."""
    ads = lane(person)
    await expect(ads).to_be_visible()
    await expect(ads).not_to_have_attribute("open", "")
    await ads.locator("summary").click()
    return ads


async def test_an_ad_shows_in_the_ads_lane_not_in_the_chat(crowd: Crowd) -> None:
    alice = await crowd.signed_up("Alice")
    bob = await crowd.signed_up("Bob")
    status = await alice.api(
        "PATCH",
        f"/api/v1/characters/{alice.name}",
        {"kinks": {"praise": "favourite"}, "visibility": {"kinks": "everyone"}},
    )
    assert status == 200
    room = unique("tavern")
    await alice.join(room)
    await bob.join(room)
    # A room takes no ads until its owner says so: no lane.
    await expect(lane(bob)).to_be_hidden()

    await alice.page.get_by_role("button", name="Room settings").click()
    panel = alice.page.get_by_role("complementary", name=f"Settings of #{room}")
    await panel.get_by_label("Take ads").check()
    await panel.get_by_role("button", name="Save room settings").click()
    await expect(panel.get_by_role("status")).to_have_text("Saved.")
    await alice.page.keyboard.press("Escape")
    await expect(bob.message("opened the room to ads")).to_be_visible()

    ads = await open_lane(alice)
    text = "Looking for a slow-burn fantasy scene tonight"
    await ads.get_by_label("Your ad").fill(text)
    await ads.get_by_role("button", name="Post ad").click()
    await expect(ads.get_by_text("Your ad is posted.")).to_be_visible()

    seen = await open_lane(bob)
    ad = seen.locator(".ad", has_text=text)
    await expect(ad).to_be_visible()
    await expect(ad.get_by_role("button", name=alice.name)).to_be_visible()
    await expect(ad.get_by_role("list", name=f"Favourites of {alice.name}")).to_contain_text(
        "Praise"
    )
    await expect(seen.locator("summary")).to_contain_text("(1)")
    await expect(bob.message(text)).to_have_count(0)  # not in the chat
    await screenshot(bob.page, "ads-lane")

    # One ad per room every ten minutes: the second is refused, in words, and kept to post later.
    await ads.get_by_label("Your ad").fill("Anyone for a quick one-shot?")
    await ads.get_by_role("button", name="Post ad").click()
    await expect(ads.get_by_role("alert")).to_have_text(
        re.compile(r"One ad per room every 10 minutes: the next in \d+")
    )
    await expect(ads.get_by_label("Your ad")).to_have_value("Anyone for a quick one-shot?")
    await expect(seen.locator(".ad")).to_have_count(1)

    # Someone who comes later is not shown the ads posted before (the replay rules).
    carol = await crowd.signed_up("Carol")
    await carol.join(room)
    carol_lane = await open_lane(carol)
    await expect(carol_lane).to_contain_text("No ads yet.")
