"""A phone (390x844, a touch screen): no control covers a message's text, a tap on a message
shows its time, and the composer's hint fits its box; the profile editor, "Compare with me"
and partner search fit the screen's width."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import ViewportSize, expect

from .people import Crowd, unique
from .screenshots import screenshot

pytestmark = pytest.mark.slow

PHONE = ViewportSize(width=390, height=844)
"""A common phone's CSS viewport."""

OVERLAPS = """
item => {
  const text = item.querySelector(".body");
  const body = text.getBoundingClientRect();
  return [...item.querySelectorAll("button")].filter((button) => {
    const box = button.getBoundingClientRect();
    // Not drawn: no size, transparent, or clipped to nothing (kept only for keyboards).
    const style = getComputedStyle(button);
    if (box.width <= 1 || box.height <= 1 || style.opacity === "0") return false;
    const across = box.left < body.right && body.left < box.right;
    return across && box.top < body.bottom && body.top < box.bottom && !text.contains(button);
  }).map((button) => button.getAttribute("aria-label") || button.textContent);
}
"""
"""The visible buttons of a message that lie over its text (its own name button excepted)."""

HINT_FITS = """
box => {
  const style = getComputedStyle(box);
  const canvas = document.createElement("canvas").getContext("2d");
  canvas.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const room = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return { text: box.placeholder, width: canvas.measureText(box.placeholder).width, room };
}
"""


async def test_on_a_phone_messages_stay_readable_and_show_their_time_on_a_tap(
    crowd: Crowd,
) -> None:
    phoebe = await crowd.person("Phoebe", viewport=PHONE, touch=True)
    await phoebe.sign_up()
    bob = await crowd.signed_up("Bob")
    room = unique("porch")
    await phoebe.join(room)
    await bob.join(room)
    text = "a long line that reaches the right edge of a phone's narrow screen, and wraps"
    await bob.send(text)
    message = phoebe.message(text)
    await expect(message).to_be_visible()
    assert await message.evaluate(OVERLAPS) == []
    time = message.locator("time")
    await expect(time).to_be_hidden()
    await message.locator(".body").tap()  # its middle: the words, not the name
    await expect(time).to_be_visible()
    # The report button, shown by the tap, sits below the text, not over it.
    await expect(
        message.get_by_role("button", name=f"Report this message from {bob.name}")
    ).to_be_visible()
    assert await message.evaluate(OVERLAPS) == []
    hint = await phoebe.composer.evaluate(HINT_FITS)
    assert hint["width"] <= hint["room"], hint
    await screenshot(phoebe.page, "phone-touch-tapped")
    crowd.check_clean()


FITS_WIDTH = "main => main.scrollWidth <= main.clientWidth"
"""Nothing in the main area reaches past the screen's right edge (no sideways scrolling)."""


async def test_on_a_phone_the_profile_editor_compare_and_search_fit_the_screen(
    crowd: Crowd,
) -> None:
    phoebe = await crowd.person("Phoebe", viewport=PHONE, touch=True)
    await phoebe.sign_up()
    bob = await crowd.signed_up("Bob")
    assert (
        await bob.api(
            "PATCH",
            f"/api/v1/characters/{bob.name}",
            {"kinks": {"praise": "yes"}, "visibility": {"kinks": "everyone"}},
        )
        == 200
    )
    page = phoebe.page
    await page.goto("/#/characters")
    await page.get_by_label("Filter kinks").fill("praise")
    await page.get_by_label("Praise", exact=True).select_option(label="Favourite")
    await page.get_by_role("button", name="Add a kink of your own").click()
    await page.get_by_role("button", name="Save profile").click()
    await expect(page.get_by_text("Profile saved.", exact=True)).to_be_visible()
    assert await phoebe.main.evaluate(FITS_WIDTH)
    await page.get_by_label("Filter kinks").scroll_into_view_if_needed()
    await screenshot(page, "phone-profile-editor")

    await page.goto(f"/#/compare/{bob.name}")
    matches = page.get_by_role("table", name=re.compile("Matches"))
    await expect(matches.get_by_role("row", name=re.compile("Praise"))).to_be_visible()
    assert await phoebe.main.evaluate(FITS_WIDTH)
    await screenshot(page, "phone-compare")

    await page.goto("/#/search")
    await expect(page.get_by_role("button", name="Search", exact=True)).to_be_visible()
    assert await phoebe.main.evaluate(FITS_WIDTH)
    crowd.check_clean()
