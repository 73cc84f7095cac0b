"""Presence: who sees whom online, status changes, and when a character goes offline."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boudoir.core.presence import MAX_STATUS_MESSAGE
from boudoir.domain.entities import PresenceVisibility, Status
from boudoir.domain.errors import InvalidInput
from boudoir.domain.replies import Sent
from boudoir.testing.harness import TestPerson, TestWorld

EVERYONE = PresenceVisibility.EVERYONE
FRIENDS = PresenceVisibility.FRIENDS
NOBODY = PresenceVisibility.NOBODY


async def visible_as(world: TestWorld, name: str, visibility: PresenceVisibility) -> TestPerson:
    """Register ``name`` with ``visibility`` chosen before logging in."""
    account = await world.register(name)
    await world.world.accounts.update_settings(account.id, presence_visibility=visibility)
    return await world.login(name)


async def alt(world: TestWorld, owner: TestPerson, name: str) -> TestPerson:
    await world.world.characters.create(owner.account.id, name)
    return await world.login(owner.account.name, character=name)


async def test_the_online_list_and_arrivals_follow_each_persons_visibility() -> None:
    world = await TestWorld.start()
    viewer = await world.person("viewer")
    pal = await world.person("pal")
    await visible_as(world, "open", EVERYONE)
    dana = await visible_as(world, "dana", FRIENDS)
    await visible_as(world, "hidden", NOBODY)
    await dana.befriend("pal")

    assert viewer.lines() == ["pal is online", "open is online"]
    assert pal.lines() == ["open is online", "dana is online"]
    assert viewer.online() == ["open (online)", "pal (online)", "viewer (online)"]
    assert pal.online() == ["dana (online)", "open (online)", "pal (online)", "viewer (online)"]
    assert "hidden (online)" in (await world.login("hidden")).online(), "you always see yourself"


async def test_blocked_people_are_not_in_each_others_online_list() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    bob = await world.person("bob")
    await bob.block("alice")
    assert alice.online() == ["alice (online)"]
    assert bob.online() == ["bob (online)"]


async def test_a_status_change_reaches_those_who_may_see_it() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    blocked = await world.person("blocked")
    dana = await visible_as(world, "dana", FRIENDS)
    await dana.befriend("alice")
    await dana.block("blocked")
    dana_phone = await world.login("dana")
    for person in (alice, blocked, dana, dana_phone):
        person.forget()

    dana.set_status(Status.AWAY, "  making\ttea  ")
    assert alice.lines() == ["dana is away"]
    assert dana_phone.lines() == ["dana is away"], "their own other connections follow"
    assert blocked.lines() == []
    assert "dana (away: making tea)" in alice.online()

    dana.set_status(Status.LOOKING, "a noir scene")
    assert alice.lines()[-1] == "dana is looking"
    assert "dana (looking: a noir scene)" in alice.online()
    dana.set_status(Status.ONLINE, "ignored when simply online")
    assert "dana (online)" in alice.online()
    assert blocked.lines() == []


async def test_status_messages_are_checked() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    for message in ("x" * (MAX_STATUS_MESSAGE + 1), "away\x1b[5m", "gone\x9b"):
        with pytest.raises(InvalidInput):
            alice.set_status(Status.AWAY, message)
    assert alice.online() == ["alice (online)"]


async def test_any_status_message_is_shown_tidied_or_refused() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    bob = await world.person("bob")
    any_character = st.characters(exclude_categories=[]) | st.sampled_from(list(" \t\n\x1b\x85"))

    @settings(max_examples=80, deadline=None)
    @given(st.lists(any_character, max_size=MAX_STATUS_MESSAGE + 10).map("".join))
    def change(message: str) -> None:
        try:
            alice.set_status(Status.BUSY, message)
        except InvalidInput:
            return
        tidy = " ".join(message.split())
        shown = "alice (busy: " + tidy + ")" if tidy else "alice (busy)"
        assert shown in bob.online()

    change()


async def test_a_character_goes_offline_with_its_last_connection_only() -> None:
    world = await TestWorld.start()
    bob = await world.person("bob")
    alice = await world.person("alice")
    alice_phone = await world.login("alice")
    assert bob.lines().count("alice is online") == 1, "a second connection is not news"
    bob.forget()

    alice.quit()
    assert bob.lines() == []
    assert "alice (online)" in bob.online()
    alice_phone.quit()
    assert bob.lines() == ["alice is offline"]
    assert bob.online() == ["bob (online)"]


async def test_each_character_of_an_account_comes_and_goes_on_its_own() -> None:
    world = await TestWorld.start()
    bob = await world.person("bob")
    alice = await world.person("alice")
    wren = await alt(world, alice, "Wren")
    assert bob.online() == ["alice (online)", "bob (online)", "Wren (online)"]
    bob.forget()
    wren.quit()
    assert bob.lines() == ["Wren is offline"]
    assert alice.saw("Wren is offline"), "the account's other connections follow its characters"


async def test_changing_visibility_while_online_is_seen_as_leaving_or_arriving() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    bob = await world.person("bob")
    pal = await world.person("pal")
    await alice.befriend("pal")
    for person in (alice, bob, pal):
        person.forget()

    await alice.set_presence(FRIENDS)
    assert bob.lines() == ["alice is offline"]
    assert pal.lines() == [], "nothing changed for a friend"
    assert "alice (online)" not in bob.online()

    await alice.set_presence(NOBODY)
    assert pal.lines() == ["alice is offline"]
    assert bob.lines() == ["alice is offline"]

    await alice.set_presence(EVERYONE)
    assert bob.lines()[-1] == "alice is online"
    assert pal.lines()[-1] == "alice is online"
    assert "alice (online)" in bob.online()


async def test_befriending_someone_tells_you_nothing_about_their_other_characters() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    bob = await world.person("bob")
    await alt(world, bob, "Rook")
    await alt(world, bob, "Sable")
    await bob.set_presence(NOBODY)
    alice.forget()
    await alice.befriend("bob")
    await alice.unfriend("bob")
    assert alice.lines() == []


async def test_friends_only_visibility_follows_the_friend_list() -> None:
    world = await TestWorld.start()
    dana = await visible_as(world, "dana", FRIENDS)
    wren = await alt(world, dana, "Wren")
    bob = await world.person("bob")
    await dana.befriend("bob")
    assert bob.lines() == ["dana is online", "Wren is online"]
    assert await dana.world.relations.friends(dana.connection) == ["bob"]
    await wren.unfriend("bob")
    assert bob.lines()[-2:] == ["dana is offline", "Wren is offline"]
    assert bob.online() == ["bob (online)"]


async def test_a_departure_is_remembered_as_presence_allows_and_forgotten_when_hidden() -> None:
    world = await TestWorld.start()
    bob = await world.person("bob")
    eve = await world.person("eve")
    alice = await world.person("alice")
    await eve.block("alice")
    assert world.world.presence.departed(bob.connection, "alice") is None, "still online"
    alice.quit()

    departure = world.world.presence.departed(bob.connection, "ALICE")
    assert departure is not None
    assert departure.character.name == "alice"
    carol = await world.person("carol")
    assert carol.world.presence.departed(carol.connection, "alice") == departure
    assert world.world.presence.departed(eve.connection, "alice") is None, "not across a block"

    await world.world.accounts.update_settings(alice.account.id, presence_visibility=NOBODY)
    assert world.world.presence.departed(bob.connection, "alice") is None
    hidden = await visible_as(world, "hidden", NOBODY)
    hidden.quit()
    assert world.world.presence.departed(bob.connection, "hidden") is None


async def test_find_online_answers_alike_for_offline_unknown_blocked_and_hidden() -> None:
    world = await TestWorld.start()
    viewer = await world.person("viewer")
    await world.person("open")
    blocker = await world.person("blocker")
    await blocker.block("viewer")
    await visible_as(world, "hidden", NOBODY)
    presence = world.world.presence

    found = presence.find_online(viewer.connection, "OPEN")
    assert found is not None
    assert found.name == "open"
    for name in ("blocker", "hidden", "nobody-here"):
        assert presence.find_online(viewer.connection, name) is None


def away_told(sent: Sent | None) -> str | None:
    """What the sender of a delivered direct message is told of its recipient's status."""
    assert sent is not None  # delivered at once, between people in touch
    return None if sent.away is None else f"{sent.away.status.value}: {sent.away.message}"


async def test_a_direct_message_tells_its_sender_the_away_status_they_may_see() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    bob = await world.person("bob")
    messages = world.world.messages

    # A stranger's message is held as a request: nothing said of bob's status.
    bob.set_status(Status.AWAY, "out for lunch")
    held = await messages.direct(alice.connection, "bob", "hello")
    assert held.away is None
    await bob.accept("alice")

    assert (
        away_told(messages.direct_now(alice.connection, "bob", "there?")) == "away: out for lunch"
    )
    bob.set_status(Status.ONLINE)
    assert (await messages.direct(bob.connection, "alice", "back")).away is None
    assert away_told(messages.direct_now(alice.connection, "bob", "welcome back")) is None

    # Hidden from alice: as if online, though delivered.
    bob.set_status(Status.BUSY)
    await world.world.accounts.update_settings(bob.account.id, presence_visibility=FRIENDS)
    assert away_told(messages.direct_now(alice.connection, "bob", "busy?")) is None
    await bob.befriend("alice")
    assert away_told(messages.direct_now(alice.connection, "bob", "busy, friend?")) == "busy: "
