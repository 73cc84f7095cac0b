"""Running a room from the browser: member marks, the member menu, settings, invitations,
and the header's status picker."""

from __future__ import annotations

import re

import pytest
from playwright.async_api import Locator, expect

from .people import Crowd, Person, unique
from .screenshots import screenshot

pytestmark = pytest.mark.slow

PLAIN_MEMBER_ITEMS = ["Profile", "Direct message", "Invite to a scene…", "Report…"]
"""What anyone may do with another member: the menu of someone who manages nothing."""


def members_of(person: Person) -> Locator:
    return person.page.get_by_role("complementary", name="Members")


def member(person: Person, name: str) -> Locator:
    return members_of(person).locator("li.member", has_text=name)


async def open_member_menu(person: Person, name: str) -> Locator:
    """Open the actions menu of ``name`` in the member list; returns the menu."""
    await members_of(person).get_by_role("button", name=f"Actions for {name}").click()
    menu = person.page.get_by_role("menu", name=f"Actions for {name}")
    await expect(menu).to_be_visible()
    return menu


async def test_an_owner_who_joins_shows_as_owner(crowd: Crowd) -> None:
    alice = await crowd.signed_up("Alice")
    bob = await crowd.signed_up("Bob")
    room = unique("study")
    await alice.join(room)
    await alice.page.get_by_role("button", name="Leave").click()
    await alice.wait_lobby()
    await bob.join(room)
    await expect(member(bob, bob.name)).not_to_contain_text("owner")

    await alice.join(room)
    # The `joined` event says nothing of marks: the list is asked again and shows them.
    await expect(member(bob, alice.name)).to_contain_text("owner")
    await expect(member(alice, alice.name)).to_contain_text("owner")


async def test_a_manager_removes_someone_who_sees_they_were_removed(crowd: Crowd) -> None:
    alice = await crowd.signed_up("Alice")
    bob = await crowd.signed_up("Bob")
    carol = await crowd.signed_up("Carol")
    room = unique("tavern")
    for person in (alice, bob, carol):
        await person.join(room)
    await expect(member(alice, carol.name)).to_be_visible()

    # Plain members get the profile and a direct message, nothing that manages the room.
    menu = await open_member_menu(bob, carol.name)
    await expect(menu.get_by_role("menuitem")).to_have_text(PLAIN_MEMBER_ITEMS)
    await bob.page.keyboard.press("Escape")
    await expect(menu).to_be_hidden()
    await expect(
        members_of(bob).get_by_role("button", name=f"Actions for {carol.name}")
    ).to_be_focused()

    # The owner opens the menu from the keyboard: Enter opens, the first item has the focus.
    actions = members_of(alice).get_by_role("button", name=f"Actions for {bob.name}")
    await actions.focus()
    await alice.page.keyboard.press("Enter")
    menu = alice.page.get_by_role("menu", name=f"Actions for {bob.name}")
    await expect(menu.get_by_role("menuitem", name="Profile")).to_be_focused()
    await expect(menu.get_by_role("menuitem")).to_have_text(
        [
            *PLAIN_MEMBER_ITEMS,
            "Give voice",
            "Make moderator",
            "Remove from room…",
            "Ban from room…",
        ]
    )
    await screenshot(alice.page, "member-menu")
    await menu.get_by_role("menuitem", name="Remove from room…").click()
    reason = alice.page.get_by_label(f"Reason for removing {bob.name} (optional)")
    await expect(reason).to_be_focused()
    await reason.fill("too loud")
    await alice.page.get_by_role("button", name="Remove", exact=True).click()

    await expect(bob.message("You were removed by")).to_have_text(
        re.compile(rf"You were removed by {alice.name}: too loud\.$")
    )
    note = bob.page.locator(".removed-note")
    await expect(note).to_contain_text("You are no longer in this room")
    await expect(carol.message(f"{bob.name} was removed")).to_have_text(
        re.compile(rf"{bob.name} was removed by {alice.name}: too loud\.$")
    )
    await expect(member(carol, bob.name)).to_have_count(0)
    await expect(member(alice, bob.name)).to_have_count(0)
    # Nothing is sent from outside the room: the server's refusal shows, the text stays.
    await bob.send("let me back", refused=True)
    await expect(bob.log.locator("li.refusal")).to_contain_text("Not sent")
    await expect(bob.composer).to_have_value("let me back")
    # A kick is not a ban: bob comes back with one button.
    await note.get_by_role("button", name=f"Join #{room} again").click()
    await expect(note).to_be_hidden()
    await expect(member(alice, bob.name)).to_be_visible()


async def test_a_plain_members_refusal_shows_inline(crowd: Crowd) -> None:
    alice = await crowd.signed_up("Alice")
    bob = await crowd.signed_up("Bob")
    room = unique("atrium")
    await alice.join(room)
    await bob.join(room)
    await expect(member(bob, alice.name)).to_contain_text("owner")
    await bob.send(f"/kick {alice.name} out", refused=True)
    refusal = bob.log.locator("li.refusal")
    await expect(refusal).to_contain_text("Not done")
    await expect(bob.composer).to_have_value(f"/kick {alice.name} out")
    await expect(member(alice, bob.name)).to_be_visible()


async def test_voice_in_a_moderated_room(crowd: Crowd) -> None:
    alice = await crowd.signed_up("Alice")
    bob = await crowd.signed_up("Bob")
    room = unique("stage")
    await alice.join(room)
    await bob.join(room)
    await expect(bob.page.get_by_role("button", name="Room settings")).to_have_count(0)

    await alice.page.get_by_role("button", name="Room settings").click()
    panel = alice.page.get_by_role("complementary", name=f"Settings of #{room}")
    await expect(panel.get_by_role("button", name="Close room settings")).to_be_focused()
    await panel.get_by_label("Moderated").check()
    # New rooms lock their topic (as IRC's +t); this one lets everyone set it.
    await expect(panel.get_by_label("Topic locked")).to_be_checked()
    await panel.get_by_label("Topic locked").uncheck()
    await panel.get_by_label("Member limit").fill("12")
    await screenshot(alice.page, "room-settings")
    await panel.get_by_role("button", name="Save room settings").click()
    await expect(panel.get_by_role("status")).to_have_text("Saved.")
    await expect(bob.message("set the room to moderated")).to_have_text(
        re.compile(rf"{alice.name} set the room to moderated")
    )
    await expect(bob.message("unlocked the topic")).to_be_visible()
    await expect(bob.message("limited the room to 12 members")).to_be_visible()
    await alice.page.keyboard.press("Escape")
    await expect(panel).to_be_hidden()
    await expect(alice.page.get_by_role("button", name="Room settings")).to_be_focused()

    await bob.send("may I speak?", refused=True)
    await expect(bob.log.locator("li.refusal")).to_contain_text("Not sent")
    await expect(alice.message("may I speak?")).to_have_count(0)

    menu = await open_member_menu(alice, bob.name)
    await menu.get_by_role("menuitem", name="Give voice").click()
    await expect(bob.message("gave you a voice")).to_have_text(
        re.compile(rf"{alice.name} gave you a voice\.$")
    )
    await expect(member(bob, bob.name)).to_contain_text("voice")
    await bob.send("thank you")
    await expect(alice.message("thank you")).to_have_text(re.compile(rf"{bob.name}: thank you$"))

    # Taking the voice back shows in the list too, and is said in the room.
    menu = await open_member_menu(alice, bob.name)
    await menu.get_by_role("menuitem", name="Take voice").click()
    await expect(bob.message("took the voice")).to_be_visible()
    await expect(member(alice, bob.name).locator(".mark")).to_have_count(0)


async def test_the_owner_makes_a_moderator_who_then_manages(crowd: Crowd) -> None:
    alice = await crowd.signed_up("Alice")
    bob = await crowd.signed_up("Bob")
    room = unique("lodge")
    await alice.join(room)
    await bob.join(room)
    menu = await open_member_menu(alice, bob.name)
    await menu.get_by_role("menuitem", name="Make moderator").click()
    await expect(bob.message("a moderator")).to_have_text(
        re.compile(rf"{alice.name} made you a moderator\.$")
    )
    await expect(member(bob, bob.name)).to_contain_text("manager")
    # Now bob manages: the settings button appears for him; he cannot touch the owner.
    await expect(bob.page.get_by_role("button", name="Room settings")).to_be_visible()
    menu = await open_member_menu(bob, alice.name)
    await expect(menu.get_by_role("menuitem")).to_have_text(PLAIN_MEMBER_ITEMS)


async def test_an_invitation_offers_a_join_button(crowd: Crowd) -> None:
    alice = await crowd.signed_up("Alice")
    bob = await crowd.signed_up("Bob")
    room = unique("boudoir")
    await alice.join(room)
    await alice.page.get_by_role("button", name="Room settings").click()
    panel = alice.page.get_by_role("complementary", name=f"Settings of #{room}")
    await panel.get_by_label("Who may find and enter").select_option("private")
    await panel.get_by_role("button", name="Save room settings").click()
    await expect(alice.message("made the room private")).to_be_visible()
    await alice.page.keyboard.press("Escape")

    # Private: bob cannot walk in.
    await bob.page.goto("/#/lobby")
    await bob.wait_lobby()
    await bob.page.get_by_label("Room name").fill(room)
    await bob.page.get_by_role("button", name="Join or create").click()
    await expect(bob.page.get_by_role("alert")).not_to_be_empty()
    # Invitations pass the invitee's message policy (by default: people who share a room).
    foyer = unique("foyer")
    await bob.join(foyer)
    await alice.join(foyer)
    await alice.page.goto(f"/#/room/{room}")

    await alice.page.get_by_role("button", name="Invite…").click()
    await alice.page.get_by_label("Name to invite").fill(bob.name)
    await alice.page.get_by_role("button", name="Invite", exact=True).click()
    await expect(alice.message(f"You invited {bob.name}")).to_be_visible()

    invitation = bob.page.get_by_role("group", name=f"Invitation to #{room}")
    await expect(invitation).to_contain_text(f"{alice.name} invited you to #{room}")
    await screenshot(bob.page, "invitation")
    await invitation.get_by_role("button", name=f"Join #{room}").click()
    await expect(bob.page.get_by_role("heading", name=f"#{room}")).to_be_visible()
    await expect(invitation).to_have_count(0)
    await expect(member(alice, bob.name)).to_be_visible()

    # The composer has the command too.
    await alice.send(f"/invite {bob.name}")
    await expect(alice.message(f"You invited {bob.name}")).to_have_count(2)


async def test_status_from_the_header_menu(crowd: Crowd) -> None:
    alice = await crowd.signed_up("Alice")
    bob = await crowd.signed_up("Bob")
    page = alice.page
    menu_button = page.get_by_role("button", name=re.compile(f"Acting as {alice.name}"))
    await menu_button.focus()
    await page.keyboard.press("Space")
    await page.get_by_role("menuitemradio", name="Away").click()
    await expect(menu_button).to_have_accessible_name(re.compile("Away"))
    await expect(menu_button).to_be_focused()
    online = bob.page.get_by_role("list", name="People online")
    await expect(online.locator("li", has_text=alice.name)).to_contain_text("Away")

    await menu_button.click()
    await page.get_by_role("menuitem", name="Status message…").click()
    await page.get_by_label("Status message", exact=True).fill("back at nine")
    await page.get_by_role("button", name="Save", exact=True).click()
    await expect(online.locator("li", has_text=alice.name)).to_contain_text("back at nine")
    await expect(menu_button).to_be_focused()


async def test_msg_from_a_room_opens_the_direct_conversation(crowd: Crowd) -> None:
    alice = await crowd.signed_up("Alice")
    bob = await crowd.signed_up("Bob")
    room = unique("garden")
    await alice.join(room)
    await bob.join(room)
    await alice.send(f"/msg {bob.name} psst, over here")
    await expect(alice.page.get_by_role("heading", name=bob.name)).to_be_visible()
    await expect(alice.message("psst, over here")).to_be_visible()
    # They share a room, but bob has not talked with alice yet: it waits as a request.
    requests = bob.sidebar.get_by_role("link", name=re.compile("Requests"))
    await expect(requests).to_contain_text("1 unread")


EVENT_LINES = [
    (
        {"setting": "moderated", "enabled": True, "by": "Alice", "target": None, "value": None},
        "Alice set the room to moderated: only managers and voiced members speak",
    ),
    (
        {"setting": "voice", "enabled": False, "by": "Alice", "target": "Me", "value": None},
        "Alice took the voice from you",
    ),
    (
        {"setting": "rating", "enabled": True, "by": None, "target": None, "value": "adult"},
        "A manager rated the room Adult 18+",
    ),
    (
        {"setting": "member_limit", "enabled": False, "by": "Me", "target": None, "value": ""},
        "You removed the member limit",
    ),
]


async def test_room_events_read_as_sentences(crowd: Crowd) -> None:
    person = await crowd.person("Reader")
    await person.page.goto("/#/login")
    lines = await person.page.evaluate(
        """async ([settings, kicks]) => {
            const text = await import("/static/eventtext.js");
            const isMe = (name) => name === "Me";
            return [
                settings.map((event) => text.describeSetting(event, isMe)),
                kicks.map((event) => text.describeKick(event, isMe)),
            ];
        }""",
        [
            [event for event, _ in EVENT_LINES],
            [
                {"name": "Bob", "by": "Alice", "reason": "reason"},
                {"name": "Me", "by": None, "reason": ""},
            ],
        ],
    )
    assert lines == [
        [line for _, line in EVENT_LINES],
        ["Bob was removed by Alice: reason", "You were removed"],
    ]


async def join_from_lobby(person: Person, room: str, key: str = "") -> None:
    """Try to join ``room`` from the lobby's form (with ``key``), without waiting for it."""
    await person.page.goto("/#/lobby")
    await person.wait_lobby()
    await person.page.get_by_label("Room name").fill(room)
    await person.page.get_by_label("Key (optional)").fill(key)
    await person.page.get_by_role("button", name="Join or create").click()


async def test_ban_unban_and_key_from_the_composer(crowd: Crowd) -> None:
    alice = await crowd.signed_up("Alice")
    bob = await crowd.signed_up("Bob")
    room = unique("vault")
    await alice.join(room)
    await bob.join(room)
    await expect(member(alice, bob.name)).to_be_visible()

    await alice.send(f"/ban {bob.name}")
    await expect(alice.message(f"You banned {bob.name}")).to_be_visible()
    await expect(bob.message("You were removed by")).to_be_visible()
    await join_from_lobby(bob, room)
    await expect(bob.main.get_by_role("alert")).not_to_be_empty()

    await alice.send(f"/unban {bob.name}")
    await expect(alice.message(f"You lifted the ban on {bob.name}")).to_be_visible()
    await alice.send("/key sesame")
    await expect(alice.message("You locked the room with a key")).to_be_visible()
    # The key is never printed in the room.
    await expect(alice.message("sesame")).to_have_count(0)

    await join_from_lobby(bob, room)
    await expect(bob.main.get_by_role("alert")).not_to_be_empty()
    await join_from_lobby(bob, room, key="sesame")
    await expect(bob.page.get_by_role("heading", name=f"#{room}")).to_be_visible()
    await expect(member(alice, bob.name)).to_be_visible()


async def test_room_settings_close_when_you_no_longer_manage_or_leave(crowd: Crowd) -> None:
    alice = await crowd.signed_up("Alice")
    bob = await crowd.signed_up("Bob")
    room = unique("atelier")
    await alice.join(room)
    await bob.join(room)
    menu = await open_member_menu(alice, bob.name)
    await menu.get_by_role("menuitem", name="Make moderator").click()
    await bob.page.get_by_role("button", name="Room settings").click()
    settings = bob.page.get_by_role("complementary", name=f"Settings of #{room}")
    await expect(settings.get_by_label("Member limit")).to_be_visible()

    # The role taken back: bob's settings close, and he is told why.
    menu = await open_member_menu(alice, bob.name)
    await menu.get_by_role("menuitem", name="Remove moderator").click()
    await expect(settings).to_be_hidden()
    await expect(bob.page.locator("#toast")).to_have_text(
        f"The settings of #{room} closed: you no longer manage the room."
    )
    await expect(bob.page.get_by_role("button", name="Room settings")).to_be_hidden()

    # The owner's settings, open as she leaves: they go with the room.
    await alice.page.get_by_role("button", name="Room settings").click()
    settings = alice.page.get_by_role("complementary", name=f"Settings of #{room}")
    await expect(settings.get_by_label("Member limit")).to_be_visible()
    await alice.composer.fill("/part")
    await alice.composer.press("Enter")
    await alice.wait_lobby()
    await expect(settings).to_be_hidden()
