"""Room cams in real Chromium, through a real coturn relay on 127.0.0.1: a cam watched, its
broadcaster seeing who watches and booting them (who then sees only "Camera off."), an
invited-only cam, a manager's cut, an explicit cam blurred until the viewer clicks through,
and all of it on a phone."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import expect

from ..accessibility import serious_violations
from ..people import Crowd, Person, unique
from ..screenshots import SCREENSHOTS, screenshot
from .calling import (
    PHONE,
    PLAYING,
    RELAYED,
    advancing,
    assert_relay_only,
    media,
    probed,
    received,
    relayed_candidates,
)

pytestmark = pytest.mark.slow


async def turn_cams_on(owner: Person, room: str, *, adult: bool = False) -> None:
    page = owner.page
    await page.get_by_role("button", name="Room settings").click()
    panel = page.get_by_role("complementary", name=f"Settings of #{room}")
    await panel.get_by_label("Cams").check()
    if adult:
        await panel.get_by_label("Rating").select_option("adult")
    await panel.get_by_role("button", name="Save room settings").click()
    await expect(panel.get_by_role("status")).to_have_text("Saved.")
    await page.keyboard.press("Escape")


async def broadcast(person: Person, *, explicit: bool = False, audience: str = "") -> None:
    page = person.page
    await page.get_by_role("button", name="Broadcast…").click()
    if audience:
        await page.get_by_label("Who may watch").select_option(label=audience)
    if explicit:
        await page.get_by_label("Explicit").check()
    await page.get_by_role("button", name="Start broadcasting").click()
    await expect(page.get_by_role("region", name=re.compile("Your cam in"))).to_be_visible()


async def test_a_room_cam_watched_then_the_viewer_booted(crowd: Crowd) -> None:
    alice = await probed(crowd, "Alice")
    bob = await probed(crowd, "Bob")
    room = unique("camroom")
    await alice.join(room)
    await turn_cams_on(alice, room)
    await bob.join(room)
    await broadcast(alice)

    cams = bob.page.get_by_role("list", name="Live cams")
    await cams.get_by_role("button", name=f"Watch {alice.name}'s cam").click()
    viewer = bob.page.get_by_role("region", name=f"{alice.name}'s cam in #{room}")
    await bob.page.wait_for_function(PLAYING, arg=".cam-card .cam-video", timeout=20_000)
    assert (await media(bob))["asked"] == 0  # watching opens nothing of the viewer's
    assert set(await bob.page.evaluate(RELAYED)) == {"relay"}
    for person in (alice, bob):
        assert_relay_only(await relayed_candidates(person))
    await advancing(bob, ".cam-card .cam-video")
    await screenshot(bob.page, "cam-grid")

    # Alice sees who watches her, and boots Bob: he sees only that the camera is off.
    watchers = alice.page.get_by_role("list", name="Who is watching you")
    await expect(watchers).to_contain_text(bob.name)
    await screenshot(alice.page, "cam-broadcasting")
    await watchers.screenshot(path=str(SCREENSHOTS / "cam-watching-list.png"))
    await watchers.get_by_role("button", name=f"Boot {bob.name}").click()
    await expect(viewer.get_by_role("status")).to_have_text("Camera off.")
    await expect(alice.page.get_by_text("Nobody is watching you.")).to_be_visible()
    await bob.page.wait_for_function("() => !document.querySelector('.cam-video').srcObject")
    # Booted, he holds no relay credentials and gets no offer: one session, the first.
    assert len(await received(bob, "media_session")) == 1
    offers = [m for m in await received(bob, "signal") if m["kind"] == "offer"]
    assert len(offers) == 1
    # Watching again is refused, and opens nothing: she booted him.
    await cams.get_by_role("button", name=f"Watch {alice.name}'s cam").click()
    await expect(bob.page.locator("#toast")).to_be_visible()
    assert len(await received(bob, "media_session")) == 1
    await screenshot(bob.page, "cam-booted")

    # Stopping is at once: her camera's light goes out.
    await alice.page.get_by_role("button", name="Stop my cam").first.click()
    await expect(alice.page.get_by_role("region", name=re.compile("Your cam in"))).to_have_count(0)
    assert (await media(alice))["live"] == 0
    crowd.check_clean()


async def test_an_invited_only_cam_shows_to_those_let_in(crowd: Crowd) -> None:
    alice = await probed(crowd, "Alice")
    bob = await probed(crowd, "Bob")
    room = unique("salon")
    await alice.join(room)
    await turn_cams_on(alice, room)
    await bob.join(room)
    await broadcast(alice, audience="Only people I invite")
    cams = bob.page.get_by_role("list", name="Live cams")
    await expect(cams).to_have_text("No cams are live.")
    card = alice.page.get_by_role("region", name=f"Your cam in #{room}")
    await card.get_by_label("Name to let watch").fill(bob.name)
    await card.get_by_role("button", name="Let watch").click()
    await cams.get_by_role("button", name=f"Watch {alice.name}'s cam").click()
    await bob.page.wait_for_function(PLAYING, arg=".cam-card .cam-video", timeout=20_000)
    await expect(card.get_by_role("list", name="Who is watching you")).to_contain_text(bob.name)
    crowd.check_clean()


async def test_a_room_manager_cuts_a_cam(crowd: Crowd) -> None:
    alice = await probed(crowd, "Alice")
    bob = await probed(crowd, "Bob")
    room = unique("hall")
    await alice.join(room)
    await turn_cams_on(alice, room)
    await bob.join(room)
    await broadcast(bob)
    # Plain members see no Cut; the owner does.
    await expect(bob.page.get_by_role("button", name=re.compile("^Cut "))).to_have_count(0)
    cams = alice.page.get_by_role("list", name="Live cams")
    await cams.get_by_role("button", name=f"Watch {bob.name}'s cam").click()
    await alice.page.wait_for_function(PLAYING, arg=".cam-card .cam-video", timeout=20_000)
    await cams.get_by_role("button", name=f"Cut {bob.name}'s cam").click()
    await expect(bob.page.locator("#toast")).to_have_text(
        f"A room manager cut your cam in #{room}."
    )
    await expect(bob.page.get_by_role("region", name=re.compile("Your cam in"))).to_have_count(0)
    assert (await media(bob))["live"] == 0
    viewer = alice.page.get_by_role("region", name=f"{bob.name}'s cam in #{room}")
    await expect(viewer.get_by_role("status")).to_have_text("Camera off.")
    await expect(cams).to_contain_text("No cams are live.")
    crowd.check_clean()


async def test_an_explicit_cam_stays_blurred_until_the_viewer_clicks_through(
    crowd: Crowd,
) -> None:
    alice = await probed(crowd, "Alice")
    bob = await probed(crowd, "Bob")
    for person in (alice, bob):
        # Adult rooms are for characters declared adults, whose accounts opted in to them.
        await person.page.goto(f"/#/characters/{person.name}")
        await person.page.get_by_label("Declared age").fill("30")
        await person.page.get_by_role("button", name="Save profile").click()
        await expect(person.page.get_by_text("Profile saved.", exact=True)).to_be_visible()
        await person.page.goto("/#/settings")
        await person.page.get_by_label("Adult", exact=True).check()
        await person.page.get_by_role("button", name="Save privacy settings").click()
        await expect(person.page.get_by_text("Saved.", exact=True)).to_be_visible()
    room = unique("velvet")
    await alice.join(room)
    await turn_cams_on(alice, room, adult=True)
    await bob.join(room)
    await broadcast(alice, explicit=True)

    cams = bob.page.get_by_role("list", name="Live cams")
    await expect(cams).to_contain_text("explicit")
    await cams.get_by_role("button", name=f"Watch {alice.name}'s cam").click()
    viewer = bob.page.get_by_role("region", name=f"{alice.name}'s cam in #{room}")
    video = viewer.locator("video")
    await expect(viewer).to_contain_text("Explicit cam.")
    await expect(video).to_have_css("filter", re.compile("blur"))
    await expect(video).to_have_js_property("muted", True)
    await screenshot(bob.page, "cam-explicit-veiled")
    await viewer.get_by_role("button", name="Show the explicit cam").click()
    await expect(video).to_have_css("filter", "none")
    await expect(video).to_have_js_property("muted", False)
    await bob.page.wait_for_function(PLAYING, arg=".cam-card .cam-video", timeout=20_000)
    crowd.check_clean()


async def test_on_a_phone_broadcasting_and_watching_stay_reachable_and_pass_axe(
    crowd: Crowd,
) -> None:
    alice = await probed(crowd, "Alice", viewport=PHONE)
    bob = await probed(crowd, "Bob", viewport=PHONE)
    room = unique("pocket")
    await alice.join(room)
    await turn_cams_on(alice, room)
    await bob.join(room)
    await broadcast(alice)
    await bob.page.get_by_role("button", name=f"Watch {alice.name}'s cam").click()
    await bob.page.wait_for_function(PLAYING, arg=".cam-card .cam-video", timeout=20_000)
    stop = bob.page.get_by_role("button", name="Stop watching")
    await expect(stop).to_be_in_viewport()
    assert await serious_violations(bob.page) == []
    await screenshot(bob.page, "cam-watching-phone")
    card = alice.page.get_by_role("region", name=f"Your cam in #{room}")
    await expect(card.get_by_role("list", name="Who is watching you")).to_contain_text(bob.name)
    await card.get_by_role("button", name="Stop my cam").scroll_into_view_if_needed()
    await expect(card.get_by_role("button", name="Stop my cam")).to_be_in_viewport()
    assert await serious_violations(alice.page) == []
    await screenshot(alice.page, "cam-broadcasting-phone")
    await stop.click()
    await expect(alice.page.get_by_text("Nobody is watching you.")).to_be_visible()
    await card.get_by_role("button", name="Stop my cam").click()
    assert (await media(alice))["live"] == 0
    crowd.check_clean()
