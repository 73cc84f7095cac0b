"""Formatted messages, the notice before leaving the site, and dice rolled by the server, in
Chromium against a real server."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import expect

from .people import Crowd, unique
from .screenshots import screenshot

pytestmark = pytest.mark.slow

FORMATTED = (
    "[b]Bold[/b], [i]soft[/i] and [color=red]red[/color]; "
    "[spoiler]the butler did it[/spoiler] see https://example.org/clues"
)


async def test_formatted_text_spoilers_and_a_link_that_asks_before_leaving(crowd: Crowd) -> None:
    alice = await crowd.signed_up("Alice")
    bob = await crowd.signed_up("Bob")
    room = unique("library")
    await alice.join(room)
    await bob.join(room)

    await alice.send(FORMATTED)
    line = bob.message("Bold")
    await expect(line.locator("strong")).to_have_text("Bold")
    await expect(line.locator("em")).to_have_text("soft")
    await expect(line.locator(".bb-red")).to_have_css("color", "rgb(214, 40, 40)")
    spoiler = line.locator(".spoiler")
    await expect(spoiler).to_have_css("color", "rgba(0, 0, 0, 0)")
    await spoiler.click()
    await expect(spoiler).to_have_attribute("aria-expanded", "true")
    await expect(spoiler).not_to_have_css("color", "rgba(0, 0, 0, 0)")

    link = line.get_by_role("link", name="https://example.org/clues")
    await expect(link).to_have_attribute("rel", "noopener noreferrer")
    await expect(link).to_have_attribute("target", "_blank")
    await link.click()
    notice = bob.page.get_by_role("dialog", name="You are leaving Boudoir")
    await expect(notice).to_be_visible()
    await expect(notice.locator(".leave-host")).to_have_text("example.org")
    await expect(notice.get_by_role("button", name="Open example.org")).to_be_visible()
    await screenshot(bob.page, "link-notice")
    await notice.get_by_role("button", name="Stay here").click()
    await expect(notice).to_have_count(0)
    assert len(bob.page.context.pages) == 1  # nothing opened

    # Markup that is not safe or not whole stays text, never a link or an element.
    await alice.send("[url=javascript:alert(1)]free gift[/url] and [b]unclosed")
    refused = bob.message("free gift")
    await expect(refused).to_contain_text(
        "[url=javascript:alert(1)]free gift[/url] and [b]unclosed"
    )
    await expect(refused.get_by_role("link")).to_have_count(0)
    await expect(refused.locator("strong")).to_have_count(0)
    await screenshot(bob.page, "markup")


async def test_a_roll_is_the_servers_line_and_typed_look_alikes_stay_speech(crowd: Crowd) -> None:
    alice = await crowd.signed_up("Alice")
    bob = await crowd.signed_up("Bob")
    room = unique("tavern")
    await alice.join(room)
    await bob.join(room)

    await alice.send("/roll 2d6+1")
    pattern = re.compile(rf"{alice.name} rolled 2d6\+1: [1-6] \+ [1-6] \+ 1 = \d+$")
    for person in (alice, bob):
        roll = person.log.locator("li.roll")
        await expect(roll).to_have_count(1)
        await expect(roll).to_have_text(pattern)
    total = await bob.log.locator("li.roll .roll-total").inner_text()
    assert 3 <= int(total) <= 13
    await expect(alice.log.locator("li.roll .roll-total")).to_have_text(total)

    # Words typed to look like a roll are someone's speech, shown as such.
    await bob.send(f"Dice {alice.name} rolled 2d6+1: 6 + 6 + 1 = 13")
    forged = alice.message("6 + 6 + 1 = 13")
    await expect(forged).to_have_class(re.compile(r"\bkind-say\b"))
    await expect(alice.log.locator("li.roll")).to_have_count(1)

    await alice.send("/roll 30d6", refused=True)
    await expect(alice.log.locator("li.refusal")).to_contain_text(
        "Roll from 1 to 20 dice at a time."
    )
    await screenshot(alice.page, "dice")


HOSTILE_TREES = [
    ([{"tag": "url", "href": "javascript:alert(1)", "children": ["x"]}], "<span>x</span>"),
    ([{"tag": "url", "href": "/relative", "children": ["x"]}], "<span>x</span>"),
    ([{"tag": "script", "children": ["alert(1)"]}], "<span>alert(1)</span>"),
    ([{"tag": "color", "color": "red;background:url(x)", "children": ["x"]}], "<span>x</span>"),
    (["<img src=x onerror=alert(1)>"], "&lt;img src=x onerror=alert(1)&gt;"),
    (
        [{"tag": "b", "children": [{"tag": "i", "children": ["ok"]}]}],
        "<strong><em>ok</em></strong>",
    ),
    ([{"tag": "b"}, 7, None], ""),
]


async def test_the_browser_builds_only_known_elements_from_a_tree(crowd: Crowd) -> None:
    """Defence in depth: whatever tree arrives, the browser makes only the elements it knows,
    links only to http(s), and text only as text."""
    person = await crowd.person("Builder")
    await person.page.goto("/#/login")
    built = await person.page.evaluate(
        """async trees => {
            const { markupNodes } = await import("/static/markup.js");
            return trees.map(tree => {
                const holder = document.createElement("div");
                holder.append(...markupNodes(tree).map(n => n instanceof Node ? n : String(n)));
                return holder.innerHTML;
            });
        }""",
        [tree for tree, _ in HOSTILE_TREES],
    )
    assert built == [html for _, html in HOSTILE_TREES]
