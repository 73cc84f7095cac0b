"""Editing and deleting one's own message within the window, and moderators removing lines:
who is told, and what is refused. Runs on one node and with people on two nodes."""

from __future__ import annotations

import datetime as dt

import pytest

from boudoir.core.automod import OPERATOR
from boudoir.core.message_edits import NO_MESSAGE
from boudoir.core.moderation import Actor
from boudoir.core.recent_messages import EDIT_WINDOW_SECONDS
from boudoir.domain.automod import Action, PatternKind
from boudoir.domain.entities import Role
from boudoir.domain.errors import ConsentRefused, InvalidInput, MessageHeld, Muted, NotFound
from boudoir.domain.events import MessageEdited, RoomMessageSent
from boudoir.domain.moderation import ActionKind, QueueKind
from boudoir.domain.times import utc_millis
from boudoir.testing.harness import TestPerson, TestWorld

START = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


async def lounge(world: TestWorld, *names: str) -> list[TestPerson]:
    """``names`` in the room "lounge", the first its owner, with nothing seen yet."""
    people = [await world.person(name) for name in names]
    await people[0].create_room("lounge")
    for person in people[1:]:
        await person.enter("lounge")
    for person in people:
        person.forget()
    return people


def as_received(event: RoomMessageSent, edited: MessageEdited | None = None) -> dict[str, str]:
    """The line as a browser holds it, after the edit when there is one (docs/websocket.md)."""
    return {
        "id": event.id,
        "at": utc_millis(event.at),
        "room": event.room.name,
        "from": event.sender.name,
        "kind": event.kind.value,
        "text": event.text if edited is None else edited.text,
        "seal": event.seal if edited is None else edited.seal,
    }


async def test_an_edit_reaches_everyone_in_the_room_and_the_sender_and_is_sealed_anew() -> None:
    world = await TestWorld.start()
    alice, bob, carol = await lounge(world, "alice", "bob", "carol")
    said = alice.say("lounge", "helo all")
    edited = await alice.edit(said.id, "hello all")
    for person in (alice, bob, carol):
        assert person.lines()[-1] == "[lounge] alice edited a line: hello all"
    sealer = world.world.messages.sealer
    assert sealer.verify(as_received(said, edited))
    # The original stays verifiable by whoever received it; the edited text under the old
    # seal does not.
    assert sealer.verify(as_received(said))
    assert not sealer.verify({**as_received(said), "text": "hello all"})


async def test_a_delete_reaches_everyone_in_the_room() -> None:
    world = await TestWorld.start()
    alice, bob = await lounge(world, "alice", "bob")
    said = alice.say("lounge", "wrong room, sorry")
    await alice.delete(said.id)
    assert bob.lines() == ["[lounge] alice says wrong room, sorry", "[lounge] alice deleted a line"]
    with pytest.raises(NotFound):
        await alice.edit(said.id, "gone already")


async def test_nobody_edits_or_deletes_someone_elses_message() -> None:
    world = await TestWorld.start()
    alice, bob = await lounge(world, "alice", "bob")
    said = alice.say("lounge", "mine")
    with pytest.raises(NotFound) as raised:
        await bob.edit(said.id, "yours now")
    assert raised.value.message == NO_MESSAGE
    with pytest.raises(ConsentRefused):
        await bob.delete(said.id)
    with pytest.raises(NotFound):
        await bob.edit("no-such-id", "anything")
    assert alice.lines() == []
    assert bob.lines() == ["[lounge] alice says mine"]


async def test_the_window_closes_after_ten_minutes() -> None:
    clock = Clock()
    world = await TestWorld.start(clock)
    alice, bob = await lounge(world, "alice", "bob")
    said = alice.say("lounge", "first")
    clock.advance(EDIT_WINDOW_SECONDS - 1)
    await alice.edit(said.id, "first, edited")
    clock.advance(2)
    with pytest.raises(NotFound):
        await alice.edit(said.id, "too late")
    with pytest.raises(NotFound):
        await alice.delete(said.id)
    assert bob.lines()[-1] == "[lounge] alice edited a line: first, edited"


async def test_an_edit_is_checked_as_a_new_message() -> None:
    world = await TestWorld.start()
    alice, bob = await lounge(world, "alice", "bob")
    said = alice.say("lounge", "fine")
    for text in ("   ", "bell\x07", "x" * 100_000):
        with pytest.raises(InvalidInput):
            await alice.edit(said.id, text)
    assert bob.lines() == ["[lounge] alice says fine"]


async def test_a_muted_person_cannot_edit_a_line_into_the_room() -> None:
    world = await TestWorld.start()
    alice, bob = await lounge(world, "alice", "bob")
    said = bob.say("lounge", "before the mute")
    await world.world.moderation.act(
        Actor.of(alice.connection.account), ActionKind.MUTE, "bob", "lounge"
    )
    bob.forget()
    alice.forget()
    with pytest.raises(Muted):
        await bob.edit(said.id, "after the mute")
    assert alice.lines() == []


async def test_room_managers_and_server_moderators_remove_any_line_without_naming_themselves() -> (
    None
):
    clock = Clock()
    world = await TestWorld.start(clock)
    alice, bob, carol = await lounge(world, "alice", "bob", "carol")
    first = bob.say("lounge", "something awful")
    await alice.delete(first.id)  # alice owns the room
    assert carol.lines()[-1] == "[lounge] a moderator removed a line by bob"
    assert bob.lines()[-1] == "[lounge] a moderator removed a line by bob"

    sage = await world.person("sage")
    await world.world.accounts.set_role(sage.account.id, Role.MODERATOR)
    sage = await world.login("sage")
    await sage.enter("lounge")
    second = bob.say("lounge", "more of it")
    clock.advance(EDIT_WINDOW_SECONDS - 1)  # moderators too, while the server knows the line
    await sage.delete(second.id)
    assert carol.lines()[-1] == "[lounge] a moderator removed a line by bob"


async def test_a_moderators_removal_is_in_the_audit_log_but_not_the_line_nor_ones_own() -> None:
    clock = Clock()
    world = await TestWorld.start(clock)
    alice, bob, _ = await lounge(world, "alice", "bob", "carol")
    awful = bob.say("lounge", "something awful")
    clock.advance(30)
    await alice.delete(awful.id)  # alice owns the room
    mine = alice.say("lounge", "oops")
    await alice.delete(mine.id)  # her own: no moderation, nothing audited
    with pytest.raises(InvalidInput, match="The action is one of"):
        await world.world.moderation.act(Actor.operator(), "remove_line", "bob", "lounge")

    (entry,) = await world.world.moderation.audit(Actor.operator())
    assert (entry.actor, entry.kind, entry.target, entry.room) == (
        "alice",
        ActionKind.REMOVE_LINE,
        "bob",
        "lounge",
    )
    assert entry.at == START + dt.timedelta(seconds=30)
    assert entry.target_account == bob.account.id
    assert entry.reason == f"message {awful.id}"  # which line, never what it said
    assert "awful" not in repr(entry)


async def test_someone_who_blocked_the_sender_or_left_the_room_is_not_told() -> None:
    world = await TestWorld.start()
    alice, bob, carol, dan = await lounge(world, "alice", "bob", "carol", "dan")
    said = alice.say("lounge", "hi")
    await carol.block("alice")
    dan.leave("lounge")
    bob.forget()
    carol.forget()
    dan.forget()
    await alice.edit(said.id, "hi all")
    await alice.delete(said.id)
    assert bob.lines() == ["[lounge] alice edited a line: hi all", "[lounge] alice deleted a line"]
    assert carol.lines() == []
    assert dan.lines() == []


async def test_a_whisper_and_a_direct_message_change_only_for_their_two_people() -> None:
    world = await TestWorld.start()
    alice, bob, carol = await lounge(world, "alice", "bob", "carol")
    whispered = alice.whisper("lounge", "bob", "psst")
    await bob.message("alice", "hi")  # so alice's message is no request
    sent = await alice.message("bob", "hey")
    carol.forget()
    await alice.edit(whispered.id, "psst!")
    await alice.edit(sent.id, "hey there")
    assert bob.lines()[-2:] == [
        "[lounge] alice edited a line to bob: psst!",
        "alice edited a line to bob: hey there",
    ]
    assert alice.lines()[-1] == "alice edited a line to bob: hey there"
    assert carol.lines() == []
    # Nobody removes someone else's direct message, a room's owner included.
    with pytest.raises(ConsentRefused):
        await bob.delete(sent.id)
    await alice.delete(sent.id)
    assert bob.lines()[-1] == "alice deleted a line to bob"


async def test_a_logged_line_is_edited_and_removed_in_the_log_too() -> None:
    world = await TestWorld.start()
    alice, bob = await lounge(world, "alice", "bob")
    logs = world.world.logs
    logs.propose(alice.connection, "lounge")
    logs.agree(bob.connection, "lounge")
    kept = bob.say("lounge", "teh end")
    removed = bob.say("lounge", "something awful")
    await bob.edit(kept.id, "the end")
    await alice.delete(removed.id)  # as the room's owner
    assert [line.text for line in await logs.history(alice.account.id, "lounge")] == ["the end"]


async def test_a_message_waiting_as_a_request_is_not_edited() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    await world.person("bob")
    held = await alice.message("bob", "hello stranger")  # waits for bob's yes
    with pytest.raises(NotFound):
        await alice.edit(held.id, "hello, stranger")


async def test_an_edit_that_automod_would_hold_is_refused_and_never_released_later() -> None:
    world = await TestWorld.start()
    await world.world.automod.start()
    alice, bob = await lounge(world, "alice", "bob")
    said = alice.say("lounge", "a ripe pear")
    await world.world.automod.add_rule(
        OPERATOR, name="hold mango", kind=PatternKind.WORDS, pattern="mango", action=Action.HOLD
    )
    with pytest.raises(MessageHeld):
        await alice.edit(said.id, "a ripe mango")
    await world.world.automod.settle()
    assert not bob.saw("mango")
    # The moderators see it flagged: there is no held line to release as a new message.
    [item] = await world.world.moderation.queue(Actor.operator())
    assert item.kind is QueueKind.AUTOMOD_FLAG
