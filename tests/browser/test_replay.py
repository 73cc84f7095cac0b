"""History without an archive, in Chromium: a reload and a second tab show what was said
while the person was in the room, above the live lines, each once and with its time, and
nothing from before they came."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import expect

from .people import Crowd, unique
from .screenshots import screenshot

pytestmark = pytest.mark.slow


async def test_a_reload_and_a_second_tab_show_the_missed_lines(crowd: Crowd) -> None:
    alice = await crowd.signed_up("Alice")
    bob = await crowd.signed_up("Bob")
    room = unique("snug")
    await bob.join(room)
    await bob.send("before alice came")
    await alice.join(room)
    await bob.send("welcome, alice")
    await bob.send("/me pours the tea")
    await expect(alice.message("pours the tea")).to_be_visible()

    # The page forgets everything on reload; the server gives back what reached her.
    await alice.page.reload()
    await expect(alice.page.get_by_role("heading", name=f"#{room}")).to_be_visible()
    await expect(alice.message("welcome, alice")).to_have_count(1)
    await expect(alice.message("pours the tea")).to_have_count(1)
    await expect(alice.message("before alice came")).to_have_count(0)
    await bob.send("after the reload")
    await expect(alice.message("after the reload")).to_have_count(1)
    # Replayed lines stand above the live one, in the order they were said.
    texts = await alice.log.locator("li.message").all_inner_texts()
    wanted = ("welcome, alice", "pours the tea", "after the reload")
    said = [
        next(w for w in wanted if w in text) for text in texts if any(w in text for w in wanted)
    ]
    assert said == list(wanted)
    # Every line carries its time.
    stamp = alice.message("welcome, alice").locator("time")
    await expect(stamp).to_have_attribute("datetime", re.compile(r"^\d{4}-\d\d-\d\dT"))
    await expect(stamp).to_have_text(re.compile(r"\d"))

    # A second tab while the first stays in the room: the same lines, once each.
    second = await alice.context.new_page()
    await second.goto(f"/#/room/{room}")
    second_log = second.get_by_role("log")
    await expect(second_log.locator("li.item", has_text="welcome, alice")).to_have_count(1)
    await expect(second_log.locator("li.item", has_text="after the reload")).to_have_count(1)
    await expect(second_log.locator("li.item", has_text="before alice came")).to_have_count(0)
    await screenshot(alice.page, "replay-after-reload")
    await second.close()
