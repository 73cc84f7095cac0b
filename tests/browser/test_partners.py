"""Finding partners in the browser: "Compare with me" (hard-limit clashes, then conflicts, then
matches, side by side) and partner search (only those who opted in; a result opens its
profile)."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import expect

from .people import Crowd, Person
from .screenshots import screenshot

pytestmark = pytest.mark.slow

EVERYONE = {"details": "everyone", "kinks": "everyone", "limits": "everyone", "image": "everyone"}


async def set_profile(person: Person, **fields: object) -> None:
    """Set up a profile through the API (the editor itself is tested in test_profiles)."""
    assert await person.api("PATCH", f"/api/v1/characters/{person.name}", fields) == 200


async def test_compare_lists_the_hard_limit_clash_and_the_conflict_before_the_matches(
    crowd: Crowd,
) -> None:
    alice = await crowd.signed_up("Alice")
    bob = await crowd.signed_up("Bob")
    await set_profile(
        alice,
        kinks={
            "praise": "favourite",
            "degradation": "favourite",
            "cuddling": "yes",
            "bondage": "yes",
        },
        visibility=EVERYONE,
    )
    await set_profile(
        bob,
        kinks={"praise": "yes", "degradation": "no", "cuddling": "yes"},
        hard_limits=["Bondage"],
        visibility=EVERYONE,
    )
    await alice.page.goto(f"/#/dm/{bob.name}")
    await alice.page.get_by_role("heading", name=bob.name).get_by_role("button").click()
    await alice.page.get_by_role("button", name="Compare with me").click()
    page = alice.page
    await expect(page.get_by_role("heading", name=f"Compare with {bob.name}")).to_be_visible()
    groups = page.locator(".compare-group h2")
    await expect(groups).to_have_text(
        [re.compile("Hard-limit clashes"), re.compile("Conflicts"), re.compile("Matches")]
    )
    clash = page.get_by_role("table", name=re.compile("Hard-limit clashes"))
    await expect(clash.get_by_role("row", name=re.compile("Bondage"))).to_be_visible()
    conflict = page.get_by_role("table", name=re.compile("Conflicts")).get_by_role(
        "row", name=re.compile("Degradation")
    )
    # Two columns side by side: mine, then theirs; the verdict is in words, not colour only.
    await expect(conflict.get_by_role("cell")).to_have_text(
        [re.compile("Favourite"), re.compile("No")]
    )
    await expect(conflict).to_contain_text("Conflict")
    matches = page.get_by_role("table", name=re.compile("Matches"))
    await expect(matches.get_by_role("row", name=re.compile("Praise"))).to_be_visible()
    await expect(matches.get_by_role("row", name=re.compile("Cuddling"))).to_be_visible()
    await expect(page.locator(".compare-summary")).to_contain_text("1 conflict")
    await screenshot(page, "compare")


async def test_search_finds_the_opted_in_and_never_the_opted_out(crowd: Crowd) -> None:
    seeker = await crowd.signed_up("Sam")
    shown = await crowd.signed_up("Fern")
    hidden = await crowd.signed_up("Hugo")
    await set_profile(seeker, kinks={"praise": "favourite", "cuddling": "yes"})
    await set_profile(
        shown,
        kinks={"praise": "favourite", "cuddling": "yes"},
        species="Otter",
        short_description="Soft-spoken librarian",
        visibility=EVERYONE,
        findable=True,
    )
    # The same tastes, seen by everyone, but not opted in: never in a search.
    await set_profile(hidden, kinks={"praise": "favourite", "cuddling": "yes"}, visibility=EVERYONE)

    page = seeker.page
    await seeker.sidebar.get_by_role("link", name="Partner search").click()
    await expect(page.get_by_role("heading", name="Partner search")).to_be_visible()
    await expect(
        page.get_by_text(re.compile("Only characters whose owners turned on"))
    ).to_be_visible()
    results = page.locator(".search-list")
    await expect(results.get_by_role("button", name=shown.name, exact=True)).to_be_visible()
    await expect(results).not_to_contain_text(hidden.name)
    result = page.locator(".search-result", has_text=shown.name)
    await expect(result).to_contain_text("Otter")
    await expect(result).to_contain_text("Soft-spoken librarian")
    await expect(result.get_by_role("list", name="Favourites you share")).to_contain_text("Praise")
    await expect(result.locator(".search-score")).to_have_text(re.compile(r"\d+% match"))
    await screenshot(page, "partner-search")

    # The filters: she is not looking for roleplay right now, so that one leaves her out; she
    # lists no language, so a language filter keeps her.
    await page.get_by_label("Only people looking for roleplay now").check()
    await page.get_by_role("button", name="Search", exact=True).click()
    await expect(page.get_by_text(re.compile("Nobody found"))).to_be_visible()
    await page.get_by_label("Only people looking for roleplay now").uncheck()
    await page.get_by_label("Language").fill("en")
    await page.get_by_role("button", name="Search", exact=True).click()
    await expect(results.get_by_role("button", name=shown.name, exact=True)).to_be_visible()

    await results.get_by_role("button", name=shown.name, exact=True).click()
    panel = page.get_by_role("complementary", name=shown.name)
    await expect(panel).to_contain_text("Soft-spoken librarian")
    await expect(panel.get_by_role("region", name="Kinks")).to_contain_text("Praise")
