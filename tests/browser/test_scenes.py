"""Scenes in the browser: an invitation with a rating, tags and a note; a third person added
by everyone's yes; pause and resume; the safeword that ends the scene for everyone at once,
and the caller's block that holds afterwards."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Locator, ViewportSize, expect

from .people import DESKTOP, Crowd, Person, unique
from .screenshots import screenshot

pytestmark = pytest.mark.slow

PHONE = ViewportSize(width=390, height=844)
"""A common phone's CSS viewport."""


def members_of(person: Person) -> Locator:
    return person.page.get_by_role("complementary", name="Members")


def scene_card(person: Person) -> Locator:
    return person.page.get_by_role("region", name="Scene card")


async def invite_to_scene(person: Person, name: str, *, tags: str, note: str) -> None:
    """From the member list's menu: "Invite to a scene…", fill the form, send it."""
    await members_of(person).get_by_role("button", name=f"Actions for {name}").click()
    await person.page.get_by_role("menuitem", name="Invite to a scene…").click()
    form = person.page.get_by_role("form", name=f"Invite {name} to a scene")
    await form.get_by_label("Rating").select_option("general")
    await form.get_by_label("Tags (optional)").fill(tags)
    await form.get_by_label("Note (optional)").fill(note)
    # Your own hard limits, as they will be shared, are shown before you send.
    await expect(form.get_by_role("heading", name="Your hard limits")).to_be_visible()
    await form.get_by_role("button", name="Send the invitation").click()
    await expect(form.get_by_text("Invitation sent.")).to_be_visible()
    await person.page.keyboard.press("Escape")


async def accept_scene(person: Person, inviter: str) -> None:
    card = person.page.get_by_role("group", name=f"Scene invitation from {inviter}")
    await card.get_by_role("button", name="Accept").click()
    await expect(person.page.get_by_role("heading", name="Scene", exact=True)).to_be_visible()


async def test_a_scene_of_three_ends_for_everyone_on_the_safeword(crowd: Crowd) -> None:
    alice = await crowd.signed_up("Alice")
    bob = await crowd.signed_up("Bob")
    carol = await crowd.signed_up("Carol")
    room = unique("salon")
    for person in (alice, bob, carol):
        await person.join(room)
    await expect(members_of(alice).locator("li.member", has_text=carol.name)).to_be_visible()

    await invite_to_scene(alice, bob.name, tags="slow-burn, mystery", note="A masked ball.")
    card = bob.page.get_by_role("group", name=f"Scene invitation from {alice.name}")
    await expect(card).to_contain_text("slow-burn")
    await expect(card).to_contain_text("A masked ball.")
    await expect(card.get_by_role("button", name="Decline and block")).to_be_visible()
    await accept_scene(bob, alice.name)
    await expect(alice.page.get_by_role("heading", name="Scene", exact=True)).to_be_visible()
    await expect(scene_card(alice)).to_contain_text(bob.name)
    await expect(scene_card(bob)).to_contain_text("mystery")

    # Adding carol needs bob's yes; the vote is shown to both.
    await alice.page.get_by_role("button", name="Add someone…").click()
    await alice.page.get_by_label("Name to add to the scene").fill(carol.name)
    await alice.page.get_by_role("button", name="Propose", exact=True).click()
    vote = bob.page.get_by_role("group", name=f"Vote on adding {carol.name}")
    await expect(vote).to_contain_text(f"Waiting for: {bob.name}")
    await expect(
        alice.page.get_by_role("group", name=f"Vote on adding {carol.name}")
    ).to_be_visible()
    await vote.get_by_role("button", name=f"Yes, add {carol.name}").click()
    await accept_scene(carol, alice.name)
    for person in (alice, bob, carol):
        await expect(scene_card(person)).to_contain_text(carol.name)

    await alice.send("The music swells.")
    await expect(carol.message("The music swells.")).to_be_visible()

    # Pause is yellow and shown to all; anyone sees it, and resume brings the scene back.
    await bob.page.get_by_role("button", name="Pause", exact=False).click()
    for person in (alice, carol):
        await expect(person.page.get_by_text("Paused.", exact=True)).to_be_visible()
    await bob.page.get_by_role("button", name="Resume").click()
    await expect(alice.page.get_by_text("Paused.", exact=True)).to_be_hidden()
    await screenshot(alice.page, "scene-view")
    # On a phone the safeword stays on screen, at the top of the scene.
    await alice.page.set_viewport_size(PHONE)
    scene_route = await alice.page.evaluate("location.hash")
    await alice.page.evaluate("location.hash = '#/lobby'")
    await alice.wait_lobby()
    await alice.page.evaluate("route => (location.hash = route)", scene_route)
    await expect(
        alice.page.get_by_role("button", name="Safeword: end this scene now, for everyone")
    ).to_be_in_viewport()
    await screenshot(alice.page, "scene-view-phone")
    await alice.page.set_viewport_size(DESKTOP)

    # The safeword: reachable from the keyboard, one action, no dialog; the block rides along.
    safeword = alice.page.get_by_role("button", name="Safeword: end this scene now, for everyone")
    await alice.page.get_by_label("also block the others").check()
    await safeword.focus()
    await alice.page.keyboard.press("Enter")
    for person in (alice, bob, carol):
        ended = person.page.get_by_role("heading", name="The scene has ended.")
        await expect(ended).to_be_visible()
        # Neutral: nobody is named as the one who called it.
        why = person.page.locator(".scene-ended-why")
        await expect(why).not_to_contain_text(alice.name)
    await expect(bob.composer).to_be_hidden()
    await screenshot(bob.page, "scene-ended")

    blocks = await (await alice.page.request.get("/api/v1/blocks")).json()
    assert {entry["name"].lower() for entry in blocks["blocks"]} >= {
        bob.name.lower(),
        carol.name.lower(),
    }
    # Bob cannot invite alice again: asked over his own socket, the server refuses.
    reply = await bob.page.evaluate(
        SEND_ONE_COMMAND,
        {"type": "scene_invite", "to": alice.name, "rating": "general", "tags": [], "note": ""},
    )
    assert reply["type"] == "error", reply
    assert reply["code"] == "consent_refused", reply


SEND_ONE_COMMAND = """
command => new Promise((resolve, reject) => {
  const socket = new WebSocket(`ws://${location.host}/api/v1/socket`, "boudoir.v1");
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.type === "welcome") socket.send(JSON.stringify({...command, ref: "t1"}));
    else if (message.ref === "t1") { socket.close(); resolve(message); }
  };
  socket.onerror = () => reject(new Error("socket failed"));
})
"""
"""Open a second socket from the page (same cookie), send one command, resolve its reply."""


def scene_link(person: Person) -> Locator:
    return person.sidebar.get_by_role("link", name=re.compile("^Scene"))


async def test_an_ended_scene_leaves_the_sidebar(crowd: Crowd) -> None:
    alice = await crowd.signed_up("Alice")
    bob = await crowd.signed_up("Bob")
    room = unique("gallery")
    await alice.join(room)
    await bob.join(room)
    await expect(members_of(alice).locator("li.member", has_text=bob.name)).to_be_visible()

    # The safeword, while bob reads the room: the scene leaves his sidebar, and the room he
    # is in says so; alice, who called it, keeps the ended screen, without the half-typed
    # proposal to add someone, and without the scene in her sidebar.
    await invite_to_scene(alice, bob.name, tags="", note="")
    await accept_scene(bob, alice.name)
    await expect(scene_link(bob)).to_contain_text(f"Scene with {alice.name}")
    await bob.sidebar.get_by_role("link", name=f"#{room}").click()
    await expect(bob.page.get_by_role("heading", name=f"#{room}")).to_be_visible()
    await alice.page.get_by_role("button", name="Add someone…").click()
    proposal = alice.page.get_by_role("form", name="Propose adding someone to the scene")
    await expect(proposal).to_be_visible()
    await alice.page.get_by_role(
        "button", name="Safeword: end this scene now, for everyone"
    ).click()
    await expect(bob.message(f"The scene with {alice.name} has ended.")).to_be_visible()
    await expect(scene_link(bob)).to_have_count(0)
    await expect(alice.page.get_by_role("heading", name="The scene has ended.")).to_be_visible()
    await expect(proposal).to_be_hidden()
    await expect(scene_link(alice)).to_have_count(0)
    await screenshot(bob.page, "scene-ended-elsewhere")

    # Leaving: bob's scene goes from his sidebar as he leaves; alice's stays while she is
    # in it, and goes when she, the last member, leaves too.
    await alice.sidebar.get_by_role("link", name=f"#{room}").click()
    await expect(scene_link(alice)).to_have_count(0)
    await invite_to_scene(alice, bob.name, tags="", note="")
    await accept_scene(bob, alice.name)
    await expect(scene_link(alice)).to_contain_text(f"Scene with {bob.name}")
    await bob.page.get_by_role("button", name="Leave").click()
    await bob.wait_lobby()
    await expect(scene_link(bob)).to_have_count(0)
    await expect(alice.message(f"{bob.name} left")).to_be_visible()
    await expect(scene_link(alice)).to_have_count(1)
    await alice.page.get_by_role("button", name="Leave").click()
    await alice.wait_lobby()
    await expect(scene_link(alice)).to_have_count(0)


async def test_a_scene_invitation_card_goes_when_its_hour_is_over(crowd: Crowd) -> None:
    alice = await crowd.signed_up("Alice")
    bob = await crowd.signed_up("Bob")
    # Bob's page keeps time on a clock the test moves: an hour passes in a moment.
    await bob.page.clock.install()
    await bob.page.reload()
    await bob.wait_lobby()
    room = unique("arbour")
    await alice.join(room)
    await bob.join(room)
    await expect(members_of(alice).locator("li.member", has_text=bob.name)).to_be_visible()
    await invite_to_scene(alice, bob.name, tags="", note="")
    card = bob.page.get_by_role("group", name=f"Scene invitation from {alice.name}")
    await expect(card).to_be_visible()
    await bob.page.clock.fast_forward("59:00")
    await expect(card).to_be_visible()
    await bob.page.clock.fast_forward("01:01")
    await expect(card).to_be_hidden()


async def test_an_invitation_into_a_scene_goes_when_the_scene_ends(crowd: Crowd) -> None:
    alice = await crowd.signed_up("Alice")
    bob = await crowd.signed_up("Bob")
    carol = await crowd.signed_up("Carol")
    room = unique("loggia")
    for person in (alice, bob, carol):
        await person.join(room)
    await expect(members_of(alice).locator("li.member", has_text=carol.name)).to_be_visible()
    await invite_to_scene(alice, bob.name, tags="", note="")
    await accept_scene(bob, alice.name)
    await alice.page.get_by_role("button", name="Add someone…").click()
    await alice.page.get_by_label("Name to add to the scene").fill(carol.name)
    await alice.page.get_by_role("button", name="Propose", exact=True).click()
    vote = bob.page.get_by_role("group", name=f"Vote on adding {carol.name}")
    await vote.get_by_role("button", name=f"Yes, add {carol.name}").click()
    card = carol.page.get_by_role("group", name=f"Scene invitation from {alice.name}")
    await expect(card).to_contain_text("to join a scene with")

    await bob.page.get_by_role("button", name="Safeword: end this scene now, for everyone").click()
    await expect(card).to_be_hidden()
    await expect(carol.page.locator("#toast")).to_have_text(
        f"The scene invitation from {alice.name} is no longer open: that scene has ended."
    )
    await expect(carol.page.locator("#toast")).not_to_contain_text(bob.name)


async def test_an_invitation_never_covers_the_safeword(crowd: Crowd) -> None:
    alice = await crowd.signed_up("Alice")
    bob = await crowd.signed_up("Bob")
    carol = await crowd.signed_up("Carol")
    room = unique("gazebo")
    for person in (alice, bob, carol):
        await person.join(room)
    await expect(members_of(carol).locator("li.member", has_text=bob.name)).to_be_visible()
    await invite_to_scene(alice, bob.name, tags="", note="")
    await accept_scene(bob, alice.name)
    # While Bob is in the scene, a second invitation arrives: its card takes a band of its
    # own, and the safeword stays where a click reaches it.
    await invite_to_scene(carol, bob.name, tags="", note="A second invitation.")
    card = bob.page.get_by_role("group", name=f"Scene invitation from {carol.name}")
    await expect(card).to_be_visible()
    safeword = bob.page.get_by_role("button", name="Safeword: end this scene now, for everyone")
    await screenshot(bob.page, "scene-invitation-beside-safeword")
    await safeword.click(trial=True, timeout=5000)
    await expect(card.get_by_role("button", name="Accept")).to_be_in_viewport()
