"""Attention in the browser: mentions marked and listed, unread counts in the sidebar and the
tab's title, desktop notifications only while the page is in the background."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.async_api import Page, expect

from .people import Crowd, Person, unique
from .screenshots import screenshot
from .test_blocks import block

pytestmark = pytest.mark.slow

RECORD_NOTIFICATIONS = """
(() => {
  // Keep every notification the page makes (the real one still shows), for the test to read.
  const Real = window.Notification;
  const waiting = [];
  window.notificationsShown = [];
  window.Notification = class extends Real {
    constructor(title, options) {
      super(title, options);
      window.notificationsShown.push(this);
      for (const wait of waiting.splice(0)) wait();
    }
  };
  // Resolves once the page has made `count` notifications. The test awaits it through
  // page.evaluate, which the page's Content-Security-Policy (no eval) allows, where
  // wait_for_function's polled predicate would be refused.
  window.untilNotifications = (count) => new Promise((resolve) => {
    const check = () => {
      if (window.notificationsShown.length >= count) resolve(true);
      else waiting.push(check);
    };
    check();
  });
})();
"""


async def notifications(page: Page) -> list[dict[str, Any]]:
    shown: list[dict[str, Any]] = await page.evaluate(
        "window.notificationsShown.map((n) => ({ title: n.title, body: n.body }))"
    )
    return shown


async def turn_on_notifications(person: Person, words: str, *, saved: bool = True) -> None:
    """In Settings: set mention words and turn desktop notifications on (the browser was told
    to allow them, as a person's "Allow" would); wait for "Saved." unless not ``saved``."""
    page = person.page
    await page.goto("/#/settings")
    await page.get_by_label("Other words that mention you").fill(words)
    await page.get_by_label(re.compile("Desktop notifications")).check()
    await page.get_by_role("button", name="Save mentions and notifications").click()
    if not saved:
        return
    card = page.get_by_role("region", name="Mentions and notifications")
    await expect(card.get_by_text("Saved.", exact=True)).to_be_visible()


async def test_mentions_unread_counts_and_notifications(crowd: Crowd) -> None:
    alice = await crowd.person("Alice")
    await alice.context.grant_permissions(["notifications"], origin=crowd.server.url)
    await alice.context.add_init_script(RECORD_NOTIFICATIONS)
    await alice.sign_up()
    bob = await crowd.signed_up("Bob")
    carol = await crowd.signed_up("Carol")
    room = unique("harbour")

    await turn_on_notifications(alice, "x" * 41, saved=False)
    refusal = alice.page.get_by_role("alert").filter(has_text="at most 40 characters")
    await expect(refusal).to_be_visible()
    await turn_on_notifications(alice, "captain\n  Captain \n")
    # Saved tidily by the server: one word, the repeat and the spaces gone.
    await expect(alice.page.get_by_label("Other words that mention you")).to_have_value("captain")
    await screenshot(alice.page, "settings-mentions-and-notifications")
    await block(alice, carol.name)
    for person in (bob, carol, alice):
        await person.join(room)

    # Alice reads the room (the page has her focus): the mentions are marked, nothing pops up.
    await bob.send(f"good evening {alice.name.lower()}, and {alice.name}x is someone else")
    await bob.send("the captain has arrived")
    await carol.send(f"{alice.name}, it is Carol")
    await expect(bob.message("it is Carol")).to_be_visible()
    await bob.send("nobody in particular")
    await expect(alice.message("nobody in particular")).to_be_visible()
    named = alice.message("good evening")
    await expect(named).to_have_class(re.compile("mentions-you"))
    await expect(named.locator("mark")).to_have_text([alice.name.lower()])
    await expect(alice.message("the captain has arrived").locator("mark")).to_have_text(["captain"])
    await expect(alice.message("nobody in particular")).not_to_have_class(
        re.compile("mentions-you")
    )
    # Carol is blocked: her line never reached Alice, so it mentions nothing.
    await expect(alice.page.get_by_text("it is Carol")).to_have_count(0)
    assert await notifications(alice.page) == []
    await screenshot(alice.page, "room-mentions-highlighted")

    # The Mentions page lists both lines (newest first), with their room; a click goes there.
    await alice.sidebar.get_by_role("link", name="Mentions").click()
    listed = alice.page.get_by_role("list", name="Recent mentions").get_by_role("listitem")
    await expect(listed).to_have_count(2)
    await expect(listed.nth(0)).to_contain_text("the captain has arrived")
    await expect(listed.nth(1)).to_contain_text(f"#{room}")
    await expect(listed.nth(1)).to_contain_text("good evening")
    await screenshot(alice.page, "mentions-list")
    await listed.nth(1).get_by_role("link", name=f"#{room}").click()
    await expect(alice.page.get_by_role("heading", name=f"#{room}")).to_be_visible()

    # Away in the lobby: the room counts what she has not read, and so does the tab's title.
    await alice.page.goto("/#/lobby")
    await expect(alice.page).to_have_title("Lobby · Boudoir")
    await bob.send("one")
    await bob.send("two")
    room_link = alice.sidebar.get_by_role("link", name=re.compile(f"#{room}"))
    await expect(room_link).to_contain_text("2 unread")
    await expect(alice.page).to_have_title("(2) Lobby · Boudoir")
    await room_link.click()
    await expect(alice.message("two")).to_be_visible()
    await expect(room_link).not_to_contain_text("unread")
    await expect(alice.page).to_have_title(f"#{room} · Boudoir")

    # Alice writes to Bob first, so that his answer is a direct message, not a request.
    await alice.send(f"/msg {bob.name} see you later?")
    await expect(bob.sidebar.get_by_role("link", name=re.compile("Requests"))).to_contain_text(
        "1 unread"
    )
    await alice.sidebar.get_by_role("link", name=re.compile(f"#{room}")).click()
    await expect(alice.message("two")).to_be_visible()

    # Alice switches to another window: her page loses the focus it really had (Playwright
    # otherwise makes every page look focused).
    cdp = await alice.context.new_cdp_session(alice.page)
    await cdp.send("Emulation.setFocusEmulationEnabled", {"enabled": False})
    elsewhere = await alice.context.new_page()
    await elsewhere.bring_to_front()
    assert not await alice.page.evaluate("document.hasFocus()")

    await bob.send(f"{alice.name}, are you still there?")
    await bob.send(f"/msg {alice.name} psst, over here")
    # The room on her screen counts the line she has not seen, the new conversation too.
    await expect(alice.page).to_have_title(f"(2) #{room} · Boudoir")
    await alice.page.evaluate("window.untilNotifications(2)")
    assert await notifications(alice.page) == [
        {"title": f"{bob.name} in #{room}", "body": f"{alice.name}, are you still there?"},
        {"title": bob.name, "body": "psst, over here"},
    ]

    # Clicking the direct message's notification brings her to that conversation.
    await alice.page.evaluate("window.notificationsShown[1].dispatchEvent(new Event('click'))")
    await alice.page.bring_to_front()
    await expect(alice.page.get_by_role("heading", name=bob.name)).to_be_visible()
    await expect(alice.message("psst, over here")).to_be_visible()
    await expect(alice.sidebar.get_by_role("link", name=bob.name)).not_to_contain_text("unread")
    await expect(alice.page).to_have_title(f"(1) {bob.name} · Boudoir")

    # Direct messages turned off: a mention still calls her back, a direct message does not.
    await alice.page.goto("/#/settings")
    await alice.page.get_by_label("Direct messages", exact=True).uncheck()
    await alice.page.get_by_role("button", name="Save mentions and notifications").click()
    card = alice.page.get_by_role("region", name="Mentions and notifications")
    await expect(card.get_by_text("Saved.", exact=True)).to_be_visible()
    await elsewhere.bring_to_front()
    await bob.send(f"/msg {alice.name} still there?")
    await bob.page.goto(f"/#/room/{room}")
    await bob.send(f"last call, {alice.name}")
    await alice.page.evaluate("window.untilNotifications(3)")
    shown = await notifications(alice.page)
    assert shown[2:] == [{"title": f"{bob.name} in #{room}", "body": f"last call, {alice.name}"}]
