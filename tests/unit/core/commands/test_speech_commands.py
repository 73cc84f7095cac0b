"""Speech and direct messages through the command layer: the intents every gateway gives, the
replies, and the synchronous hot path."""

from __future__ import annotations

import asyncio

import pytest

from boudoir.core.commands import Context, run_now
from boudoir.domain.entities import Status
from boudoir.domain.errors import BoudoirError, NotFound
from boudoir.domain.events import MessageKind
from boudoir.domain.intents import (
    AcceptRequest,
    DeclineRequest,
    Direct,
    ListRequests,
    Say,
    SetStatus,
    Signal,
    Whisper,
)
from boudoir.domain.replies import (
    RequestAccepted,
    RequestDeclined,
    RequestList,
    Said,
    Sent,
    Signalled,
    SpeechReply,
    StatusSet,
    Whispered,
)
from boudoir.testing.harness import TestPerson, TestWorld


async def _lobby(*names: str) -> list[TestPerson]:
    world = await TestWorld.start()
    people = [await world.person(name) for name in names]
    for person in people:
        await person.join("lobby")
        person.forget()
    return people


def _now(person: TestPerson, intent: Say | Whisper | Direct | Signal) -> SpeechReply:
    done = run_now(Context.of(person.world, person.connection), intent)
    assert done is not None, "needs nothing from the store: answered at once"
    return done


async def test_a_say_is_heard_at_once_by_the_room_and_its_event_comes_back_for_the_echo() -> None:
    alice, bob = await _lobby("alice", "bob")
    reply = _now(alice, Say("lobby", "waves hello", MessageKind.POSE))
    assert isinstance(reply, Said)
    assert reply.event.kind is MessageKind.POSE
    assert reply.event.text == "waves hello"
    assert bob.saw("waves hello")
    assert not alice.saw("waves hello"), "the speaker's echo is the gateway's"


async def test_a_whisper_reaches_only_its_one_listener() -> None:
    alice, bob, carol = await _lobby("alice", "bob", "carol")
    reply = await alice.do(Whisper("lobby", "bob", "psst"))
    assert isinstance(reply, Whispered)
    assert reply.event.recipient is not None
    assert reply.event.recipient.name == "bob"
    assert bob.saw("psst")
    assert not carol.saw("psst")


async def test_a_direct_message_to_a_stranger_waits_as_a_request_until_accepted() -> None:
    alice, bob = await _lobby("alice", "bob")
    context = Context.of(alice.world, alice.connection)
    assert run_now(context, Direct("bob", "hi bob")) is None, "a first message needs the store"
    assert not bob.saw("hi bob"), "nothing was done"
    reply = await alice.do(Direct("bob", "hi bob"))
    assert isinstance(reply, Sent)
    assert reply.event.text == "hi bob"
    listed = await bob.do(ListRequests())
    assert isinstance(listed, RequestList)
    assert [(r.sender, r.first.text, r.waiting) for r in listed.requests] == [
        ("alice", "hi bob", 0)
    ]
    assert await bob.do(AcceptRequest("ALICE")) == RequestAccepted("alice")
    assert await bob.do(ListRequests()) == RequestList(())
    again = _now(alice, Direct("bob", "and again"))
    assert isinstance(again, Sent), "once in touch, a message needs nothing from the store"
    assert bob.saw("and again")


async def test_a_declined_request_is_gone_and_decline_with_block_blocks_too() -> None:
    alice, bob, carol = await _lobby("alice", "bob", "carol")
    await alice.do(Direct("bob", "hello"))
    await carol.do(Direct("bob", "hey"))
    assert await bob.do(DeclineRequest("alice")) == RequestDeclined("alice")
    assert await bob.do(DeclineRequest("carol", block=True)) == RequestDeclined("carol", "carol")
    assert await bob.do(ListRequests()) == RequestList(())
    bob.forget()
    carol.say("lobby", "anyone?")
    assert not bob.saw("anyone?"), "the block holds"
    with pytest.raises(NotFound):
        await bob.do(AcceptRequest("alice"))


async def test_a_line_in_a_logged_room_is_heard_at_once_and_answered_once_stored() -> None:
    alice, bob = await _lobby("alice", "bob")
    live = alice.world.rooms.live(alice.connection, "lobby")
    logs = alice.world.logs
    logs.propose(alice.connection, "lobby")
    logs.agree(bob.connection, "lobby")
    assert logs.is_on(live.room.id)
    reply = await asyncio.wait_for(alice.do(Say("lobby", "for the record")), 5)
    assert isinstance(reply, Said)
    assert bob.saw("for the record")
    lines = await logs.history(alice.account.id, "lobby")
    assert [line.text for line in lines] == ["for the record"]


async def test_typing_goes_to_the_room_and_is_answered_with_its_event() -> None:
    alice, bob = await _lobby("alice", "bob")
    reply = _now(alice, Signal("#lobby", (("+typing", "active"),)))
    assert isinstance(reply, Signalled)
    assert reply.event.client_tags == (("+typing", "active"),)
    assert bob.session.events[-1] == reply.event


async def test_refusals_raise_as_the_gateways_map_them() -> None:
    alice, _ = await _lobby("alice", "bob")
    with pytest.raises(BoudoirError):
        _now(alice, Say("nowhere", "hello"))
    with pytest.raises(BoudoirError):
        _now(alice, Direct("nobody", "hello"))
    with pytest.raises(BoudoirError):
        _now(alice, Say("lobby", "   "))


async def test_away_shows_to_others_online_and_back_clears_the_message() -> None:
    alice, bob = await _lobby("alice", "bob")
    reply = await alice.do(SetStatus(Status.AWAY, "brb"))
    assert reply == StatusSet(Status.AWAY, "brb")
    assert "alice (away: brb)" in bob.online()
    assert await alice.do(SetStatus(Status.ONLINE)) == StatusSet(Status.ONLINE, "")
    assert "alice (online)" in bob.online()
