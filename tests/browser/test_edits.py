"""Editing and deleting in the browser: two people, one edits and deletes their own lines,
the room's owner removes one; each sees the line change in place."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import expect

from .people import Crowd, unique
from .screenshots import screenshot

pytestmark = pytest.mark.slow


async def test_two_people_edit_delete_and_remove_lines_in_a_room(crowd: Crowd) -> None:
    alice = await crowd.signed_up("Alice")
    bob = await crowd.signed_up("Bob")
    room = unique("study")
    await alice.join(room)  # alice made it: she owns it
    await bob.join(room)
    await expect(alice.page.get_by_role("complementary", name="Members")).to_contain_text(bob.name)

    # Bob edits his own line: it changes in place, marked edited, for both.
    await bob.send("helo everyone")
    line = bob.message("helo everyone")
    await line.hover()
    await line.get_by_role("button", name="Edit your message").click()
    box = bob.page.get_by_role("textbox", name="Edited message")
    await expect(box).to_be_focused()
    await box.fill("hello everyone")
    await box.press("Enter")
    for person in (alice, bob):
        edited = person.message("hello everyone")
        await expect(edited).to_have_text(re.compile(rf"{bob.name}: hello everyone \(edited\)$"))
        await expect(person.message("helo everyone")).to_have_count(0)

    # Nobody edits or deletes someone else's line: alice's has no such actions for bob.
    await alice.send("welcome to the study")
    theirs = bob.message("welcome to the study")
    await theirs.hover()
    await expect(theirs.get_by_role("button", name="Edit your message")).to_have_count(0)
    await expect(theirs.get_by_role("button", name=re.compile("^(Delete|Remove)"))).to_have_count(0)
    await expect(
        theirs.get_by_role("button", name=f"Report this message from {alice.name}")
    ).to_have_count(1)

    # Bob deletes a line of his own with the keyboard's focus on its action.
    await bob.send("wrong room, sorry")
    mistake = bob.message("wrong room, sorry")
    await mistake.hover()
    await mistake.get_by_role("button", name="Delete your message").click()
    for person in (alice, bob):
        await expect(person.message("wrong room, sorry")).to_have_count(0)
        await expect(person.log.locator("li.deleted")).to_have_text(re.compile("Message deleted."))
    await screenshot(bob.page, "edits")

    # Alice, the room's owner, removes bob's line; neither sees it any more.
    await bob.send("something unkind")
    unkind = alice.message("something unkind")
    await unkind.hover()
    await unkind.get_by_role("button", name=f"Remove this message from {bob.name}").click()
    removed = f"A message from {bob.name} was removed by a moderator."
    for person in (alice, bob):
        await expect(person.message("something unkind")).to_have_count(0)
        await expect(person.log.get_by_text(removed)).to_be_visible()
    await screenshot(alice.page, "removed-by-a-moderator")
