"""Calls: ringing, answering, relay credentials only once both agreed, signals only between
the two sides, and everything that ends a call (hanging up, no answer, a block, a safeword,
going offline). Refused like a direct message, never saying why."""

from __future__ import annotations

import datetime as dt

import pytest

from boudoir.core.calls import TurnRelay
from boudoir.domain.call_events import (
    CallEnded,
    CallIncoming,
    CallMediaChanged,
    CallRinging,
    MediaSessionEnded,
    MediaSessionStarted,
    SignalRelayed,
)
from boudoir.domain.calls import MAX_SIGNAL_BYTES, RING_TIME, EndReason, Role
from boudoir.domain.entities import DirectMessagePolicy
from boudoir.domain.errors import BoudoirError, ConsentRefused, InvalidInput, NotFound, Throttled
from boudoir.domain.events import Event
from boudoir.domain.intents import (
    AnswerCall,
    HangUp,
    PlaceCall,
    RelaySignal,
    Report,
    SetCallMedia,
)
from boudoir.domain.ratings import Rating
from boudoir.domain.replies import CallPlaced, ReportFiled
from boudoir.domain.turn import turn_password
from boudoir.testing.harness import TestPerson, TestWorld

SECRET = "a-shared-secret-for-coturn"
RELAY = TurnRelay(("turn:127.0.0.1:3478?transport=udp",), SECRET, 600)


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 26, 20, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


async def world_with_calls(clock: Clock | None = None) -> TestWorld:
    world = await TestWorld.start(clock or Clock())
    spread = getattr(world, "spread", None)  # people on two nodes: each node has the relay
    for node in [world.world] if spread is None else spread.worlds:
        node.calls.relay = RELAY
        node.calls.browser_url = "https://chat.example.org"
    return world


def seen(person: TestPerson, kind: type[Event]) -> list[Event]:
    return [e for e in person.session.events if isinstance(e, kind)]


async def friends(a: TestPerson, b: TestPerson) -> None:
    await a.befriend(b.name)
    await b.befriend(a.name)


async def call(caller: TestPerson, callee: str, *, video: bool = False) -> str:
    reply = await caller.do(PlaceCall(callee, video))
    assert isinstance(reply, CallPlaced)
    return reply.call


async def live_call(world: TestWorld) -> tuple[TestPerson, TestPerson, str]:
    alice, bob = await world.person("Alice"), await world.person("Bob")
    await friends(alice, bob)
    call_id = await call(alice, "Bob")
    await bob.do(AnswerCall(call_id, accept=True))
    return alice, bob, call_id


async def test_alice_calls_bob_who_answers_and_both_get_relay_credentials() -> None:
    world = await world_with_calls()
    alice, bob = await world.person("Alice"), await world.person("Bob")
    await friends(alice, bob)

    call_id = await call(alice, "bob", video=True)

    (incoming,) = seen(bob, CallIncoming)
    assert isinstance(incoming, CallIncoming)
    assert (incoming.call, incoming.caller.name, incoming.video) == (call_id, "Alice", True)
    assert incoming.notice == (
        "Alice would like a call with you; answer in the browser: https://chat.example.org"
    )
    # Nothing of the relay before Bob said yes.
    assert not seen(alice, MediaSessionStarted)
    assert not seen(bob, MediaSessionStarted)

    await bob.do(AnswerCall(call_id, accept=True))

    (mine,) = seen(alice, MediaSessionStarted)
    (his,) = seen(bob, MediaSessionStarted)
    assert isinstance(mine, MediaSessionStarted)
    assert isinstance(his, MediaSessionStarted)
    assert mine.session == his.session
    assert mine.call == call_id
    assert (mine.role, mine.peer.name, his.role, his.peer.name) == (
        Role.OFFERER, "Bob", Role.ANSWERER, "Alice",
    )  # fmt: skip
    for event in (mine, his):
        (server,) = event.ice_servers
        assert server.urls == RELAY.urls
        expiry, opaque = server.username.split(":")
        assert int(expiry) == int(world.world.clock().timestamp()) + 600
        assert "alice" not in opaque.lower()
        assert "bob" not in opaque.lower()
        assert server.credential == turn_password(SECRET, server.username)
    assert mine.ice_servers[0].username != his.ice_servers[0].username


async def test_signals_pass_only_between_the_two_sides_of_a_live_session() -> None:
    world = await world_with_calls()
    alice, bob, _ = await live_call(world)
    carol = await world.person("Carol")
    (session,) = {e.session for e in seen(alice, MediaSessionStarted)}  # type: ignore[attr-defined]

    await alice.do(RelaySignal(session, "offer", '{"type":"offer","sdp":"v=0"}'))
    await bob.do(RelaySignal(session, "answer", '{"type":"answer","sdp":"v=0"}'))

    (offer,) = seen(bob, SignalRelayed)
    assert isinstance(offer, SignalRelayed)
    assert (offer.kind, offer.data, offer.sender.name) == (
        "offer", '{"type":"offer","sdp":"v=0"}', "Alice",
    )  # fmt: skip
    assert [e.kind for e in seen(alice, SignalRelayed)] == ["answer"]  # type: ignore[attr-defined]
    with pytest.raises(NotFound):
        await carol.do(RelaySignal(session, "offer", "{}"))
    assert not seen(carol, SignalRelayed)


async def test_no_signal_before_the_callee_answered() -> None:
    world = await world_with_calls()
    alice, bob = await world.person("Alice"), await world.person("Bob")
    await friends(alice, bob)
    await call(alice, "Bob")
    with pytest.raises(NotFound):
        await alice.do(RelaySignal("m-guessed", "offer", "{}"))


async def test_a_stranger_is_refused_exactly_like_someone_who_blocks_or_is_away() -> None:
    world = await world_with_calls()
    alice = await world.person("Alice")
    await world.person("Bob")  # anyone may write to Bob: a message would be a request
    carol = await world.person("Carol")
    dave = await world.person("Dave")
    await friends(alice, carol)
    await carol.block("Alice")
    await friends(alice, dave)
    await dave.set_policy(DirectMessagePolicy.NOBODY)

    refusals = []
    for name in ("Bob", "Carol", "Dave", "Nobody"):
        with pytest.raises(ConsentRefused) as refused:
            await alice.do(PlaceCall(name, video=False))
        refusals.append((refused.value.code, refused.value.reason, refused.value.message))
    assert len(set(refusals)) == 1
    assert not seen(carol, CallIncoming)
    assert not seen(dave, CallIncoming)


async def test_a_video_call_needs_both_sides_attested() -> None:
    world = await world_with_calls()
    alice = await world.person("Alice")
    bob = await world.person("Bob", attested=False, ratings=(Rating.GENERAL,))
    await friends(alice, bob)
    with pytest.raises(ConsentRefused):
        await alice.do(PlaceCall("Bob", video=True))
    assert await call(alice, "Bob", video=False)


async def test_a_declined_call_ends_for_both_and_three_declines_throttle_the_caller() -> None:
    world = await world_with_calls()
    alice, bob = await world.person("Alice"), await world.person("Bob")
    await friends(alice, bob)
    for _ in range(3):
        call_id = await call(alice, "Bob")
        await bob.do(AnswerCall(call_id, accept=False))
    assert [e.reason for e in seen(alice, CallEnded)] == [EndReason.DECLINED] * 3  # type: ignore[attr-defined]
    assert [e.reason for e in seen(bob, CallEnded)] == [EndReason.DECLINED] * 3  # type: ignore[attr-defined]
    with pytest.raises(Throttled):
        await alice.do(PlaceCall("Bob", video=False))


async def test_an_unanswered_call_times_out_after_a_minute() -> None:
    clock = Clock()
    world = await world_with_calls(clock)
    alice, bob = await world.person("Alice"), await world.person("Bob")
    await friends(alice, bob)
    call_id = await call(alice, "Bob")

    clock.now += RING_TIME - dt.timedelta(seconds=1)
    assert world.world.calls.expire() == 0
    clock.now += dt.timedelta(seconds=1)
    world.world.calls.expire()

    for person in (alice, bob):
        assert [(e.call, e.reason) for e in seen(person, CallEnded)] == [  # type: ignore[attr-defined]
            (call_id, EndReason.TIMEOUT)
        ]
    with pytest.raises(NotFound):
        await bob.do(AnswerCall(call_id, accept=True))


async def test_one_call_at_a_time_between_two_people() -> None:
    world = await world_with_calls()
    _alice, bob, _ = await live_call(world)
    with pytest.raises(BoudoirError) as raised:
        await bob.do(PlaceCall("Alice", video=False))
    assert raised.value.code == "already_in_call"


async def test_either_side_hangs_up_and_both_close_the_session() -> None:
    world = await world_with_calls()
    alice, bob, call_id = await live_call(world)
    await bob.do(HangUp(call_id))
    for person in (alice, bob):
        assert [e.reason for e in seen(person, CallEnded)] == [EndReason.HUNG_UP]  # type: ignore[attr-defined]
        assert [e.reason for e in seen(person, MediaSessionEnded)] == [EndReason.HUNG_UP]  # type: ignore[attr-defined]


async def test_each_side_says_what_it_sends_and_the_other_is_told() -> None:
    world = await world_with_calls()
    alice, bob, call_id = await live_call(world)
    await bob.do(SetCallMedia(call_id, send_audio=True, send_video=True, receive_video=False))
    (changed,) = seen(alice, CallMediaChanged)
    assert isinstance(changed, CallMediaChanged)
    assert (changed.sender.name, changed.media.send_video, changed.media.receive_video) == (
        "Bob", True, False,
    )  # fmt: skip


async def test_a_block_during_a_call_ends_it_without_showing_itself() -> None:
    world = await world_with_calls()
    alice, bob, _ = await live_call(world)
    await bob.block("Alice")
    assert [e.reason for e in seen(bob, CallEnded)] == [EndReason.BLOCKED]  # type: ignore[attr-defined]
    assert [e.reason for e in seen(alice, CallEnded)] == [EndReason.UNAVAILABLE]  # type: ignore[attr-defined]


async def test_going_offline_ends_the_call_for_the_other_side() -> None:
    world = await world_with_calls()
    alice, bob, _ = await live_call(world)
    bob.quit()
    assert [e.reason for e in seen(alice, CallEnded)] == [EndReason.UNAVAILABLE]  # type: ignore[attr-defined]
    assert [e.reason for e in seen(alice, MediaSessionEnded)] == [EndReason.UNAVAILABLE]  # type: ignore[attr-defined]


async def test_the_safeword_ends_every_call_among_the_scenes_members() -> None:
    world = await world_with_calls()
    alice, bob, _ = await live_call(world)
    scenes = world.world.scenes
    scenes.invite(alice.connection, "Bob", Rating.GENERAL, [], "")
    invitation = [e for e in bob.session.events if type(e).__name__ == "SceneInvitationReceived"]
    scenes.accept(bob.connection, invitation[-1].invitation)  # type: ignore[attr-defined]

    await scenes.safeword(bob.connection)

    for person in (alice, bob):
        assert [e.reason for e in seen(person, CallEnded)] == [EndReason.SAFEWORD]  # type: ignore[attr-defined]


async def test_the_callers_other_tabs_see_it_ringing() -> None:
    world = await world_with_calls()
    alice, bob = await world.person("Alice"), await world.person("Bob")
    await friends(alice, bob)
    other_tab = await world.login("Alice")
    call_id = await call(alice, "Bob")
    assert [(e.call, e.callee.name) for e in seen(other_tab, CallRinging)] == [(call_id, "Bob")]  # type: ignore[attr-defined]
    assert not seen(alice, CallRinging)


async def test_calls_are_off_without_a_relay() -> None:
    world = await TestWorld.start(Clock())
    alice, bob = await world.person("Alice"), await world.person("Bob")
    await friends(alice, bob)
    with pytest.raises(BoudoirError) as raised:
        await alice.do(PlaceCall("Bob", video=False))
    assert raised.value.code == "calls_unavailable"
    assert raised.value.message == "Calls and cams are off on this server: it has no TURN relay."


async def test_a_report_from_a_call_carries_its_metadata_and_nothing_else() -> None:
    clock = Clock()
    world = await world_with_calls(clock)
    alice, bob, call_id = await live_call(world)
    clock.now += dt.timedelta(minutes=5)
    await bob.do(HangUp(call_id))

    filed = await alice.do(Report("Bob", "he was rude on the call", call=call_id))

    assert isinstance(filed, ReportFiled)
    item = await world.world.store.moderation.get_item(filed.item_id)
    assert item is not None
    metadata = item.evidence["call"]
    assert metadata == {
        "call": call_id,
        "caller": "Alice",
        "callee": "Bob",
        "video": False,
        "rang_at": "2026-11-26T20:00:00+00:00",
        "answered_at": "2026-11-26T20:00:00+00:00",
        "ended_at": "2026-11-26T20:05:00+00:00",
        "seconds": 300,
        "reason": "hung_up",
        "ended_by": "Bob",
    }
    carol = await world.person("Carol")
    with pytest.raises(NotFound):
        await carol.do(Report("Bob", "not my call", call=call_id))


async def test_answered_in_one_tab_the_others_stop_ringing_and_get_no_credentials() -> None:
    world = await world_with_calls()
    alice, bob = await world.person("Alice"), await world.person("Bob")
    await friends(alice, bob)
    other_tab = await world.login("Bob")
    call_id = await call(alice, "Bob")
    assert seen(other_tab, CallIncoming)

    await bob.do(AnswerCall(call_id, accept=True))

    assert seen(bob, MediaSessionStarted)
    assert not seen(other_tab, MediaSessionStarted)
    assert [(e.call, e.reason) for e in seen(other_tab, CallEnded)] == [  # type: ignore[attr-defined]
        (call_id, EndReason.HUNG_UP)
    ]


async def test_a_signal_too_large_to_be_an_sdp_is_refused_and_not_relayed() -> None:
    world = await world_with_calls()
    alice, bob, _ = await live_call(world)
    (session,) = {e.session for e in seen(alice, MediaSessionStarted)}  # type: ignore[attr-defined]
    huge = '{"sdp":"' + "x" * MAX_SIGNAL_BYTES + '"}'
    with pytest.raises(InvalidInput):
        await alice.do(RelaySignal(session, "offer", huge))
    assert not seen(bob, SignalRelayed)
