"""Automod in the core: what people in a room see when a rule flags, holds or blocks, what
moderators find in their queue, releasing and dropping held messages, and managing rules."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import pytest

from boudoir.core.automod import FLAG_KIND, HOLD_KIND, OPERATOR, Resolver
from boudoir.core.passwords import Argon2Hasher
from boudoir.core.world import World
from boudoir.domain import consent
from boudoir.domain.automod import Action, PatternKind, Place
from boudoir.domain.entities import Role
from boudoir.domain.errors import (
    ConsentRefused,
    InvalidInput,
    MessageBlocked,
    MessageHeld,
)
from boudoir.domain.ids import AccountId
from boudoir.domain.ratings import Rating
from boudoir.testing.harness import FAST_HASHING, TestPerson, TestWorld

MODERATOR = consent.Person(AccountId("m"), role=Role.MODERATOR)
MEMBER = consent.Person(AccountId("x"))


@dataclasses.dataclass(frozen=True)
class Item:
    id: str
    kind: str
    subject_account: AccountId | None
    subject_name: str
    place: str
    summary: str
    evidence: Mapping[str, object]


class FakeQueue:
    """The moderators' queue as automod sees it (``core.moderation``)."""

    def __init__(self) -> None:
        self.items: list[Item] = []
        self.on_resolve: list[Resolver] = []

    async def enqueue(self, kind: str, **fields: Any) -> Item:
        item = Item(f"q{len(self.items) + 1}", kind, **fields)
        self.items.append(item)
        return item

    async def resolve(self, item: Item, resolution: str) -> None:
        for resolver in self.on_resolve:
            await resolver(item, resolution)


@pytest.fixture
async def world() -> TestWorld:
    world = await TestWorld.start()
    await world.world.automod.start()
    return world


@pytest.fixture
def queue(world: TestWorld) -> FakeQueue:
    queue = FakeQueue()
    world.world.automod.attach(queue)
    return queue


async def pair(world: TestWorld, room: str = "lobby") -> tuple[TestPerson, TestPerson]:
    alice, bob = await world.person("alice"), await world.person("bob")
    await alice.join(room)
    await bob.join(room)
    bob.forget()
    return alice, bob


async def add(world: TestWorld, pattern: str, action: Action, **options: Any) -> None:
    await world.world.automod.add_rule(
        OPERATOR, name=f"{action.value} {pattern}", kind=PatternKind.WORDS, pattern=pattern,
        action=action, **options,
    )  # fmt: skip


async def test_a_fresh_install_has_both_default_packs_flagging(world: TestWorld) -> None:
    rules = world.world.automod.rules(OPERATOR)
    assert {r.pack for r in rules} == {"solicitation", "under_18"}
    assert {r.action for r in rules} == {Action.FLAG}


async def test_a_flagged_message_is_delivered_and_queued(
    world: TestWorld, queue: FakeQueue
) -> None:
    alice, bob = await pair(world)
    alice.say("lobby", "send it to my paypal")
    await world.world.automod.settle()
    assert bob.saw("alice says send it to my paypal")
    [item] = queue.items
    assert item.kind == FLAG_KIND
    assert item.subject_name == "alice"
    assert item.place == "lobby"
    assert item.evidence["matched"] == "paypal"
    assert item.evidence["text"] == "send it to my paypal"


async def test_a_held_message_is_not_delivered_until_released(
    world: TestWorld, queue: FakeQueue
) -> None:
    alice, bob = await pair(world)
    await add(world, "mango", Action.HOLD)
    with pytest.raises(MessageHeld) as held:
        alice.say("lobby", "a ripe mango")
    assert held.value.code == "held_for_review"
    assert held.value.message == "Your message is held for review by the moderators."
    await world.world.automod.settle()
    assert not bob.saw("mango")
    [item] = queue.items
    assert item.kind == HOLD_KIND
    assert item.evidence["text"] == "a ripe mango"
    await queue.resolve(item, "release")
    assert bob.saw("alice says a ripe mango")
    assert alice.saw("alice says a ripe mango")  # the sender sees it went out


async def test_a_dropped_message_is_never_delivered(world: TestWorld, queue: FakeQueue) -> None:
    alice, bob = await pair(world)
    await add(world, "mango", Action.HOLD)
    with pytest.raises(MessageHeld):
        alice.say("lobby", "mango")
    await world.world.automod.settle()
    await queue.resolve(queue.items[0], "drop")
    await queue.resolve(queue.items[0], "release")  # too late: it is gone
    assert not bob.saw("mango")


async def test_a_release_after_the_room_closed_delivers_nothing(
    world: TestWorld, queue: FakeQueue
) -> None:
    alice, bob = await pair(world)
    await add(world, "mango", Action.HOLD)
    with pytest.raises(MessageHeld):
        alice.say("lobby", "mango")
    await world.world.automod.settle()
    alice.leave("lobby")
    bob.leave("lobby")
    await queue.resolve(queue.items[0], "release")
    assert not bob.saw("mango")


async def test_a_blocked_message_tells_the_sender_the_rules_words(
    world: TestWorld, queue: FakeQueue
) -> None:
    alice, bob = await pair(world)
    await add(world, "mango", Action.BLOCK, message="No fruit here.")
    with pytest.raises(MessageBlocked) as blocked:
        alice.say("lobby", "mango time")
    assert blocked.value.code == "blocked_by_automod"
    assert blocked.value.message == "No fruit here."
    await world.world.automod.settle()
    assert not bob.saw("mango")
    assert queue.items == []


async def test_a_direct_message_is_flagged_once_and_moderators_see_no_text(
    world: TestWorld, queue: FakeQueue
) -> None:
    alice, bob = await pair(world)
    await alice.message("bob", "venmo me")
    await world.world.automod.settle()
    assert bob.saw("venmo me")
    [item] = queue.items
    assert item.place == "direct"
    assert "text" not in item.evidence
    assert item.evidence["private"] is True
    assert item.evidence["matched"] == "venmo"


async def test_a_held_direct_message_is_released_to_the_recipient(
    world: TestWorld, queue: FakeQueue
) -> None:
    alice, bob = await pair(world)
    await add(world, "mango", Action.HOLD)
    with pytest.raises(MessageHeld):
        await alice.message("bob", "mango?")
    await world.world.automod.settle()
    assert not bob.saw("mango")
    await queue.resolve(queue.items[0], "release")
    assert bob.saw("alice -> bob: mango?")


async def test_the_under_18_pack_flags_only_above_general(
    world: TestWorld, queue: FakeQueue
) -> None:
    alice, bob = await world.person("alice"), await world.person("bob")
    await alice.join("lobby")
    await bob.join("lobby")
    await alice.create_room("dungeon", rating=Rating.ADULT)
    await bob.enter("dungeon")
    alice.say("lobby", "I'm 15")
    alice.say("dungeon", "I'm 15")
    await world.world.automod.settle()
    assert [i.place for i in queue.items] == ["dungeon"]
    assert bob.saw("[dungeon] alice says I'm 15")


async def test_a_false_positive_is_cleared_in_one_step(world: TestWorld, queue: FakeQueue) -> None:
    alice, _ = await pair(world)
    alice.say("lobby", "tributes to the fallen")
    await world.world.automod.settle()
    [item] = queue.items
    await world.world.automod.clear_phrase(
        MODERATOR, str(item.evidence["rule_id"]), str(item.evidence["matched"])
    )
    alice.say("lobby", "Tributes to the brave")
    await world.world.automod.settle()
    assert len(queue.items) == 1


async def test_rules_change_at_once_and_pack_rules_are_disabled_not_removed(
    world: TestWorld, queue: FakeQueue
) -> None:
    automod = world.world.automod
    alice, bob = await pair(world)
    await add(world, "mango", Action.BLOCK)
    await automod.change_rule(OPERATOR, "block mango", enabled=False)
    alice.say("lobby", "mango")
    assert bob.saw("mango")
    await automod.remove_rule(OPERATOR, "block mango")
    assert all(r.name != "block mango" for r in automod.rules(OPERATOR))
    with pytest.raises(InvalidInput):
        await automod.remove_rule(OPERATOR, "pack-solicitation-apps")
    await automod.change_rule(OPERATOR, "pack-solicitation-apps", enabled=False)
    alice.say("lobby", "paypal")
    await automod.settle()
    assert queue.items == []


async def test_rules_survive_a_restart(world: TestWorld) -> None:
    await add(world, "mango", Action.HOLD, places=frozenset({Place.SCENE}))
    fresh = TestWorld(World(world.world.store, Argon2Hasher(FAST_HASHING)))
    await fresh.world.automod.start()
    names = [r.name for r in fresh.world.automod.rules(OPERATOR)]
    assert names.count("hold mango") == 1
    assert len(names) == 6


async def test_only_operators_change_rules_and_staff_read_them(world: TestWorld) -> None:
    automod = world.world.automod
    assert automod.rules(MODERATOR)
    with pytest.raises(ConsentRefused):
        automod.rules(MEMBER)
    with pytest.raises(ConsentRefused):
        await automod.add_rule(MODERATOR, name="x", kind=PatternKind.WORDS, pattern="x")
    with pytest.raises(ConsentRefused):
        await automod.clear_phrase(MEMBER, "pack-solicitation-apps", "paypal")


async def test_testing_text_shows_every_rule_it_hits(world: TestWorld) -> None:
    hits = world.world.automod.test(MODERATOR, "I'm 15, paypal me")
    assert {h.rule.id for h in hits} == {"pack-solicitation-apps", "pack-under-18-age"}


async def test_with_no_rules_nothing_is_screened() -> None:
    world = await TestWorld.start()  # rules not loaded: nothing applies
    alice, bob = await pair(world)
    alice.say("lobby", "paypal")
    assert bob.saw("paypal")
