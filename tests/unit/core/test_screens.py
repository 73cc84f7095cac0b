"""The screens of every text written for others (``core.screens``), in the core: what automod's
actions do to a text that is not a message, a mute over a topic, a suspension over any text,
and the profile changes made over HTTP (no live connection)."""

from __future__ import annotations

import pytest

from boudoir.core.automod import FLAG_KIND, OPERATOR
from boudoir.core.moderation import Actor
from boudoir.core.registry import Presence
from boudoir.domain.automod import Action, PatternKind
from boudoir.domain.entities import Status
from boudoir.domain.errors import AccountSuspended, MessageBlocked, MessageHeld, Muted
from boudoir.domain.moderation import QueueItem
from boudoir.testing.harness import TestWorld


async def queue(world: TestWorld) -> list[QueueItem]:
    await world.world.automod.settle()
    return await world.world.moderation.queue(Actor.operator())


@pytest.fixture
async def world() -> TestWorld:
    world = await TestWorld.start()
    for action, word in ((Action.HOLD, "mango"), (Action.FLAG, "kiwi"), (Action.BLOCK, "durian")):
        await world.world.automod.add_rule(
            OPERATOR, name=f"{word} rule", kind=PatternKind.WORDS, pattern=word, action=action
        )
    return world


async def test_a_held_topic_is_refused_as_a_held_message_and_queued_with_its_text(
    world: TestWorld,
) -> None:
    alice = await world.person("alice")
    await alice.join("den")
    with pytest.raises(MessageHeld):
        await alice.set_topic("den", "mango season")
    [item] = await queue(world)
    assert item.kind.value == FLAG_KIND  # nothing waits for a release: the change was not made
    assert item.place == "den"
    assert item.evidence["text"] == "mango season"
    assert "refused a topic text from alice" in item.summary
    assert world.world.registry.rooms[next(iter(alice.connection.rooms))].room.topic == ""


async def test_a_flagged_status_is_set_and_queued(world: TestWorld) -> None:
    alice = await world.person("alice")
    alice.set_status(Status.AWAY, "picking kiwi")
    [item] = await queue(world)
    assert (item.kind.value, item.place, item.evidence["text"]) == (
        FLAG_KIND,
        "status",
        "picking kiwi",
    )
    presence = world.world.registry.presence.get(alice.connection.character.id, Presence())
    assert presence.message == "picking kiwi"


async def test_a_private_text_shows_moderators_the_rule_and_not_the_text(
    world: TestWorld,
) -> None:
    alice, bob = await world.person("alice"), await world.person("bob")
    await bob.befriend("alice")  # a stranger's letter would wait with a message request
    await world.world.mail.send(alice.connection, "bob", "Fruit", "have some kiwi")
    [item] = await queue(world)
    assert item.place == "mail"
    assert item.evidence["private"] is True
    assert "text" not in item.evidence
    assert await world.world.mail.unread_count(bob.connection) == 1  # flagged, and delivered


async def test_a_mute_covers_the_topic_of_its_room(world: TestWorld) -> None:
    alice = await world.person("alice")
    await alice.join("den")
    await world.world.moderation.act(Actor.operator(), "mute", "alice", "den")
    with pytest.raises(Muted):
        await alice.set_topic("den", "a quiet night")


async def test_a_suspended_account_writes_nothing_even_from_a_session_still_open() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    await alice.join("den")
    ended: list[str] = []
    world.world.moderation._end_sessions = lambda reason, connections: ended.append(reason)
    await world.world.moderation.act(Actor.operator(), "suspend", "alice", reason="spam")
    assert ended  # the session would have ended here; this one lingers, as one in flight may
    with pytest.raises(AccountSuspended):
        alice.say("den", "still here?")
    with pytest.raises(AccountSuspended):
        await alice.set_topic("den", "still here")
    await world.world.moderation.act(Actor.operator(), "unsuspend", "alice")
    alice.say("den", "back")


async def test_profile_changes_over_http_are_screened(world: TestWorld) -> None:
    alice = await world.person("alice")
    account = alice.connection.account.id
    with pytest.raises(MessageBlocked):
        await world.world.update_character(account, "alice", short_description="durian lover")
    with pytest.raises(MessageBlocked):
        await world.world.update_character(account, "alice", long_description="likes\ndurian")
    with pytest.raises(MessageBlocked):
        await world.world.update_character(account, "alice", pronouns="durian")
    with pytest.raises(MessageHeld):
        await world.world.characters.update_profile(
            alice.connection.character, writer=alice.connection, short_description="mango lover"
        )
    stored = await world.world.store.characters.find_by_name("alice")
    assert stored is not None
    assert (stored.short_description, stored.long_description, stored.pronouns) == ("", "", "")
