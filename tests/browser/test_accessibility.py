"""axe-core on every page, light on a desktop and dark on a phone: login, sign-up, lobby, a
room (with its world section and its ads lane), a direct conversation, settings, a profile,
the profile editor with its kink list, "Compare with me", partner search and a scene, with
no serious or critical violation."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import ViewportSize, expect

from .accessibility import serious_violations
from .people import DESKTOP, ColorScheme, Crowd, Person, unique
from .test_scenes import accept_scene, invite_to_scene, members_of

pytestmark = pytest.mark.slow

PHONE = ViewportSize(width=390, height=844)


async def check(person: Person, page: str, found: dict[str, list[str]]) -> None:
    violations = await serious_violations(person.page)
    if violations:
        found[page] = violations


@pytest.mark.parametrize(
    ("viewport", "scheme"),
    [(DESKTOP, "light"), (PHONE, "dark")],
    ids=["desktop-light", "phone-dark"],
)
async def test_every_page_has_no_serious_axe_violation(
    crowd: Crowd, viewport: ViewportSize, scheme: ColorScheme
) -> None:
    found: dict[str, list[str]] = {}
    visitor = await crowd.person("Vera", viewport=viewport, color_scheme=scheme)
    await visitor.page.goto("/#/login")
    await expect(visitor.page.get_by_role("heading", name="Log in")).to_be_visible()
    await check(visitor, "login", found)
    await visitor.page.goto("/#/signup")
    await expect(visitor.page.get_by_role("heading", name="Join Boudoir")).to_be_visible()
    await check(visitor, "signup", found)

    alice = await crowd.signed_up("Alice", viewport=viewport, color_scheme=scheme)
    bob = await crowd.signed_up("Bob")
    await check(alice, "lobby", found)
    room = unique("atrium")
    await alice.join(room)
    await bob.join(room)
    await alice.send("hello")
    await expect(alice.message("hello")).to_be_visible()
    await check(alice, "room", found)
    await alice.page.goto(f"/#/dm/{bob.name}")
    await expect(alice.composer).to_be_visible()
    await alice.send("hi bob")
    await check(alice, "conversation", found)
    await alice.page.goto("/#/settings")
    await expect(alice.page.get_by_role("heading", name="Settings")).to_be_visible()
    await check(alice, "settings", found)
    await alice.page.goto(f"/#/room/{room}")
    await alice.page.get_by_role("button", name="Room settings").click()
    await alice.page.get_by_label("Take ads").check()
    await alice.page.get_by_role("button", name="Save room settings").click()
    await expect(alice.page.get_by_text("Saved.", exact=True)).to_be_visible()
    await alice.page.keyboard.press("Escape")
    ads = alice.page.locator("#ads-lane")
    await ads.locator("summary").click()  # the lane starts folded
    await expect(ads.get_by_label("Your ad")).to_be_visible()
    await check(alice, "room with ads", found)
    await ads.locator("summary").click()
    toggle = alice.page.locator("#members-toggle")
    if await toggle.get_attribute("aria-expanded") == "false":  # folded on a phone
        await toggle.click()
    await members_of(alice).get_by_role("button", name=bob.name, exact=True).click()
    await expect(alice.page.get_by_role("button", name="Close profile")).to_be_visible()
    await check(alice, "profile", found)
    await alice.page.keyboard.press("Escape")
    await invite_to_scene(alice, bob.name, tags="", note="")
    await accept_scene(bob, alice.name)
    await expect(alice.page.get_by_role("region", name="Scene card")).to_be_visible()
    await check(alice, "scene", found)
    await alice.page.goto("/#/characters")
    await alice.page.locator("details.kink-category summary").first.click()
    await expect(alice.page.locator("details.kink-category .kink-level").first).to_be_visible()
    await check(alice, "profile editor", found)
    await alice.page.goto(f"/#/compare/{bob.name}")
    await expect(alice.page.locator(".compare-summary")).to_be_visible()
    await check(alice, "compare", found)
    await alice.page.goto("/#/search")
    await expect(
        alice.page.get_by_text(re.compile("Nobody found|found, best match"))
    ).to_be_visible()
    await check(alice, "partner search", found)
    assert found == {}
