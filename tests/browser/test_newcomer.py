"""A newcomer's first evening, as someone coming from F-Chat or Discord lives it: sign up and
attest their age, choose the ratings they want, find a room in the directory, join and talk,
get a stranger's message request and accept it, start a scene and end it with the safeword.
Each step is a screenshot (``newcomer-*``) for people to look at, and what once stopped or
puzzled a newcomer is checked on the way."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import expect

from .people import BORN, PASSWORD, Crowd, unique
from .screenshots import screenshot
from .test_scenes import accept_scene, invite_to_scene

pytestmark = pytest.mark.slow


async def test_a_newcomers_first_evening(crowd: Crowd) -> None:
    host = await crowd.signed_up("Host")
    room = unique("tavern")
    await host.join(room)
    await host.send("/topic Cosy fantasy tavern, newcomers welcome")

    nova = await crowd.person("Nova")
    page = nova.page
    await page.goto("/")
    # The first page is the login; a first-timer is pointed to sign up at once.
    await expect(
        page.locator("#login-intro").get_by_role("link", name="Create an account")
    ).to_be_visible()
    await screenshot(page, "newcomer-01-first-visit")
    await page.locator("#login-intro").get_by_role("link", name="Create an account").click()
    await page.get_by_label("Name", exact=True).fill(nova.name)
    await page.get_by_label("Password", exact=True).fill(PASSWORD)
    await page.get_by_label("Date of birth").fill(BORN)
    await page.get_by_label(re.compile("I am at least 18 years old")).check()
    await screenshot(page, "newcomer-02-signup")
    await page.get_by_role("button", name="Create account").click()
    await nova.wait_lobby()
    # No room is joined for her (sharing a room is what lets strangers ask to talk), but the
    # empty list points to the room newcomers arrive in.
    await expect(nova.sidebar).to_contain_text(
        "No rooms yet: say hello in #lobby, where newcomers arrive, or pick one in the Lobby's"
        " list of rooms."
    )
    await expect(nova.sidebar.get_by_role("link", name="#lobby")).to_have_attribute(
        "href", "#/room/lobby"
    )
    await screenshot(page, "newcomer-03-lobby")

    # Ratings: mature too.
    await page.goto("/#/settings")
    await page.get_by_label("Mature", exact=True).check()
    await page.get_by_role("button", name="Save privacy settings").click()
    await expect(page.get_by_text("Saved.", exact=True)).to_be_visible()
    await screenshot(page, "newcomer-04-settings")

    # The directory: search, and a Join button on the room's card.
    await page.goto("/#/lobby")
    await nova.wait_lobby()
    await page.get_by_label("Search").fill(room)
    await screenshot(page, "newcomer-05-directory")
    await page.get_by_role("button", name=f"Join #{room}").click()
    await expect(page.get_by_role("heading", name=f"#{room}")).to_be_visible()
    # A plain chat room: nothing to read in the "Here" section, so it stays folded and the
    # conversation starts at the top.
    await expect(page.locator("#world-panel")).not_to_have_attribute("open", "")
    await nova.send("hi all, new here!")
    await expect(host.message("hi all, new here!")).to_be_visible()
    await host.send("welcome! grab a seat")
    await expect(nova.message("grab a seat")).to_be_visible()
    await screenshot(page, "newcomer-06-talking")

    # A stranger's message: refused at first (Nova takes messages from people she shares a
    # room with), saying how people usually get in touch; then, from the same room, a request.
    stranger = await crowd.signed_up("Stranger")
    await stranger.page.goto(f"/#/dm/{nova.name}")
    await stranger.send("hello, want to write something together?", refused=True)
    refusal = stranger.log.locator("li.refusal")
    await expect(refusal).to_contain_text("not accepting that from you right now")
    await expect(refusal).to_contain_text("say hello in a room first")
    await screenshot(stranger.page, "newcomer-07-stranger-refused")
    await stranger.join(room)
    await stranger.page.goto(f"/#/dm/{nova.name}")
    await stranger.send("hello, want to write something together?")

    requests_link = nova.sidebar.get_by_role("link", name=re.compile("Requests"))
    await expect(requests_link).to_contain_text("1 unread")
    await requests_link.click()
    request = page.locator(".request", has_text=stranger.name)
    await expect(request).to_contain_text("write something together")
    await screenshot(page, "newcomer-08-requests")
    await request.get_by_role("button", name="Accept", exact=True).click()
    await expect(page.get_by_role("heading", name=stranger.name)).to_be_visible()
    await nova.send("sure! a scene in the tavern?")
    await expect(stranger.message("a scene in the tavern?")).to_be_visible()
    await screenshot(page, "newcomer-09-accepted")

    # A scene, then the safeword.
    await page.goto(f"/#/room/{room}")
    await expect(page.get_by_role("heading", name=f"#{room}")).to_be_visible()
    await stranger.page.goto(f"/#/room/{room}")
    await expect(stranger.page.get_by_role("heading", name=f"#{room}")).to_be_visible()
    await invite_to_scene(stranger, nova.name, tags="fantasy", note="A quiet corner table.")
    await screenshot(page, "newcomer-10-invitation")
    await accept_scene(nova, stranger.name)
    await nova.send("/me sits down")
    await screenshot(page, "newcomer-11-scene")
    await page.get_by_role("button", name="Safeword: end this scene now, for everyone").click()
    for person in (nova, stranger):
        why = person.page.locator(".scene-ended-why")
        # Said once, under the heading "The scene has ended.", and never who called it.
        await expect(why).to_have_text(
            "The safeword was called. Nobody is to blame; take care of yourself."
        )
        members = person.page.get_by_role("complementary", name="Members")
        await expect(members).to_contain_text("Nobody here now.")
    await screenshot(page, "newcomer-12-after-safeword")
    crowd.check_clean_except("not accepting that from you")
