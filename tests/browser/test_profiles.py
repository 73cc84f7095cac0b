"""Profiles in the browser: the editor (details, the kink list, kinks of one's own, hard limits,
who sees each part), the profile as others see it (a friend, someone else, someone blocked),
and the picture (upload with a preview, refusals in words, removal back to initials)."""

from __future__ import annotations

import re
import struct
import zlib

import pytest
from playwright.async_api import Locator, expect

from .people import Crowd, Person
from .screenshots import screenshot

pytestmark = pytest.mark.slow

LOADED = "image => image.decode().then(() => image.naturalWidth > 0, () => false)"
"""Waits for the picture to load (a broken one gives false), then whether it has pixels."""


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A plain PNG of one colour, made here so the test needs no image library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


async def open_profile(viewer: Person, name: str) -> Locator:
    """Open ``name``'s profile panel from the heading of a direct conversation with them."""
    await viewer.page.goto(f"/#/dm/{name}")
    await viewer.page.get_by_role("heading", name=name).get_by_role("button").click()
    panel = viewer.page.get_by_role("complementary", name=name)
    await expect(panel.get_by_role("button", name="Close profile")).to_be_visible()
    await expect(panel.get_by_role("status")).to_have_count(0)  # "Loading…" is gone
    return panel


async def set_level(person: Person, kink: str, level: str) -> None:
    """Find ``kink`` with the filter box, as one would among 200, and set its level."""
    page = person.page
    await page.get_by_label("Filter kinks").fill(kink.lower())
    await page.get_by_label(kink, exact=True).select_option(label=level)


async def test_a_profile_shows_each_section_only_to_whom_its_owner_allows(crowd: Crowd) -> None:
    alice = await crowd.signed_up("Alice")
    friend = await crowd.signed_up("Bob")
    stranger = await crowd.signed_up("Carol")
    blocked = await crowd.signed_up("Dave")
    assert await alice.api("PUT", f"/api/v1/friends/{friend.name}") == 200
    assert await alice.api("PUT", f"/api/v1/blocks/{blocked.name}") == 200

    page = alice.page
    await page.goto("/#/characters")
    await page.get_by_label("Species").fill("Red fox")
    await page.get_by_label("Post length").select_option(label="A paragraph or so")
    # The list is long: categories start folded, and the filter opens only those that match.
    bondage = page.locator("details.kink-category", has_text="Bondage and restraint")
    await expect(bondage).not_to_have_attribute("open", "")
    await page.get_by_label("Filter kinks").fill("praise")
    await expect(bondage).to_be_hidden()
    await set_level(alice, "Praise", "Favourite")
    await set_level(alice, "Degradation", "No")
    await page.get_by_label("Filter kinks").fill("")
    await expect(bondage).to_be_visible()
    await page.get_by_role("button", name="Add a kink of your own").click()
    await page.get_by_label("Name of your kink").fill("Tail play")
    await page.get_by_label("Level of your kink").select_option(label="Favourite")
    await page.get_by_label("Hard limits", exact=True).fill("Gore")
    await page.get_by_label("Who sees the details").select_option(label="Everyone")
    # Kinks and hard limits stay as they start: friends only.
    await expect(page.get_by_label("Who sees kinks and interests")).to_have_value("friends")
    await expect(page.get_by_text(re.compile("Each part starts at Friends"))).to_be_visible()
    await expect(page.get_by_label("Let people find me in partner search")).not_to_be_checked()
    await page.get_by_role("button", name="Save profile").click()
    await expect(page.get_by_text("Profile saved.", exact=True)).to_be_visible()
    await screenshot(page, "profile-editor")

    # A friend sees it all.
    panel = await open_profile(friend, alice.name)
    await expect(panel).to_contain_text("Red fox")
    await expect(panel).to_contain_text("A paragraph or so")
    kinks = panel.get_by_role("region", name="Kinks")
    await expect(kinks.get_by_role("region", name=re.compile("^Favourite"))).to_contain_text(
        "Praise"
    )
    await expect(kinks.get_by_role("region", name=re.compile("^Favourite"))).to_contain_text(
        "Tail play"
    )
    await expect(kinks.get_by_role("region", name=re.compile("^No"))).to_contain_text("Degradation")
    await expect(panel.get_by_role("region", name="Hard limits")).to_contain_text("Gore")
    await screenshot(friend.page, "profile-as-a-friend")

    # Someone else sees the details, not the friends-only sections: they are absent.
    panel = await open_profile(stranger, alice.name)
    await expect(panel).to_contain_text("Red fox")
    await expect(panel.get_by_role("region", name="Kinks")).to_have_count(0)
    await expect(panel.get_by_role("region", name="Hard limits")).to_have_count(0)
    await expect(panel).not_to_contain_text("Praise")
    await expect(panel).not_to_contain_text("Gore")

    # Someone blocked sees no profile at all, as for a name nobody has.
    await blocked.page.goto(f"/#/dm/{alice.name}")
    await blocked.page.get_by_role("heading", name=alice.name).get_by_role("button").click()
    panel = blocked.page.get_by_role("complementary", name=alice.name)
    await expect(panel).to_contain_text("There is no profile to show.")
    await expect(panel).not_to_contain_text("Red fox")


async def test_a_picture_is_previewed_uploaded_seen_and_removed(crowd: Crowd) -> None:
    alice = await crowd.signed_up("Alice")
    bob = await crowd.signed_up("Bob")
    page = alice.page
    await page.goto("/#/characters")
    await expect(page.get_by_role("img", name=f"{alice.name} (no picture)")).to_be_visible()
    chooser = page.get_by_label("Choose a picture")

    # Refused before anything is sent: another type, or too large.
    await chooser.set_input_files(
        files=[{"name": "notes.txt", "mimeType": "text/plain", "buffer": b"hello"}]
    )
    await expect(page.get_by_role("alert")).to_contain_text("not a PNG, JPEG or WebP image")
    big = png(8, 8, (200, 40, 90)) + b"\x00" * (2 * 1024 * 1024)
    await chooser.set_input_files(
        files=[{"name": "big.png", "mimeType": "image/png", "buffer": big}]
    )
    await expect(page.get_by_role("alert")).to_contain_text("the most is 2 MiB")
    # Refused by the server, in its words: it says PNG but is not an image.
    await chooser.set_input_files(
        files=[{"name": "fake.png", "mimeType": "image/png", "buffer": b"not a picture at all"}]
    )
    await page.get_by_role("button", name="Upload picture").click()
    await expect(page.get_by_role("alert")).to_be_visible()
    await expect(page.get_by_role("img", name=f"{alice.name} (no picture)")).to_be_visible()

    await chooser.set_input_files(
        files=[{"name": "me.png", "mimeType": "image/png", "buffer": png(64, 48, (30, 120, 200))}]
    )
    await expect(page.get_by_role("img", name="Preview of the chosen picture")).to_be_visible()
    await page.get_by_role("button", name="Upload picture").click()
    await expect(page.get_by_text("Picture uploaded.", exact=True)).to_be_visible()
    mine = page.get_by_role("img", name=f"Picture of {alice.name}")
    await expect(mine).to_be_visible()
    assert await mine.evaluate(LOADED)
    await page.get_by_label("Who sees the picture").select_option(label="Everyone")
    await page.get_by_role("button", name="Save profile").click()
    await expect(page.get_by_text("Profile saved.", exact=True)).to_be_visible()
    await screenshot(page, "profile-picture-uploaded")

    panel = await open_profile(bob, alice.name)
    seen = panel.get_by_role("img", name=f"Picture of {alice.name}")
    await expect(seen).to_be_visible()
    assert await seen.evaluate(LOADED)
    await bob.page.keyboard.press("Escape")

    await page.get_by_role("button", name="Remove picture").click()
    await expect(page.get_by_text("Picture removed.", exact=True)).to_be_visible()
    await expect(page.get_by_role("img", name=f"{alice.name} (no picture)")).to_be_visible()
    panel = await open_profile(bob, alice.name)
    await expect(panel.get_by_role("img", name=f"{alice.name} (no picture)")).to_be_visible()
    await expect(panel.locator("img")).to_have_count(0)
