"""Room cams: broadcasting where the room allows it, who sees a cam and who may watch it,
who is watching, booting a viewer without a word, moderators cutting a cam, and what ends a
watch (a block, the safeword, leaving). Refusals never say why."""

from __future__ import annotations

import pytest

from boudoir.core.calls import TurnRelay
from boudoir.domain.call_events import (
    CamChanged,
    CamViewersChanged,
    MediaSessionEnded,
    MediaSessionStarted,
    SignalRelayed,
)
from boudoir.domain.calls import CamAudience, EndReason, Role
from boudoir.domain.entities import RoomSetting
from boudoir.domain.errors import ConsentRefused, NotAllowed
from boudoir.domain.events import Event
from boudoir.domain.intents import (
    CamAction,
    ChangeRoomSetting,
    RelaySignal,
    StartCam,
    StopCam,
)
from boudoir.domain.ratings import Rating
from boudoir.testing.harness import TestPerson, TestWorld

RELAY = TurnRelay(("turn:127.0.0.1:3478",), "a-shared-secret-for-coturn", 600)


def seen(person: TestPerson, kind: type[Event]) -> list[Event]:
    return [e for e in person.session.events if isinstance(e, kind)]


def cams_seen(person: TestPerson) -> list[tuple[str, bool]]:
    return [(e.name, e.live) for e in seen(person, CamChanged)]  # type: ignore[attr-defined]


async def cam_room(
    *names: str, rating: Rating = Rating.GENERAL
) -> tuple[TestWorld, list[TestPerson]]:
    """``names`` in the room ``cams`` (its owner the first), cams on."""
    world = await relayed_world()
    people = [await world.person(name) for name in names]
    await people[0].create_room("cams", rating=rating)
    for person in people[1:]:
        await person.join("cams")
    await people[0].do(ChangeRoomSetting("cams", RoomSetting.CAMS, True))
    return world, people


async def relayed_world() -> TestWorld:
    world = await TestWorld.start()
    spread = getattr(world, "spread", None)  # people on two nodes: each node has the relay
    for node in [world.world] if spread is None else spread.worlds:
        node.calls.relay = RELAY
    return world


def start(audience: CamAudience = CamAudience.EVERYONE, **terms: bool) -> StartCam:
    return StartCam("cams", terms.get("explicit", False), terms.get("mutual_only", False), audience)


async def test_a_viewer_opens_a_cam_and_both_get_a_session_the_broadcaster_offering() -> None:
    _, (alice, bob) = await cam_room("Alice", "Bob")
    await alice.do(start())
    assert cams_seen(bob) == [("Alice", True)]

    await bob.do(CamAction("open", "cams", "alice"))

    (hers,) = seen(alice, MediaSessionStarted)
    (his,) = seen(bob, MediaSessionStarted)
    assert isinstance(hers, MediaSessionStarted)
    assert isinstance(his, MediaSessionStarted)
    assert (hers.role, hers.peer.name, his.role, his.peer.name) == (
        Role.OFFERER, "Bob", Role.ANSWERER, "Alice",
    )  # fmt: skip
    assert (his.cam_room, his.cam_name, his.call) == ("cams", "Alice", None)
    assert [e.viewers for e in seen(alice, CamViewersChanged)] == [("Bob",)]  # type: ignore[attr-defined]

    await bob.do(RelaySignal(his.session, "answer", '{"type":"answer"}'))
    assert [e.data for e in seen(alice, SignalRelayed)] == ['{"type":"answer"}']  # type: ignore[attr-defined]


async def test_no_cam_where_the_room_did_not_turn_cams_on() -> None:
    world = await relayed_world()
    alice = await world.person("Alice")
    await alice.create_room("plain")
    with pytest.raises(NotAllowed) as raised:
        await alice.do(StartCam("plain", False, False, CamAudience.EVERYONE))
    assert raised.value.message == "Cams are off in this room."


async def test_an_explicit_cam_only_in_an_adult_room() -> None:
    # Who may watch one (adults who opted in, as everyone in an adult room has) is the
    # consent matrix's (tests/unit/domain/test_call_consent.py).
    _, (alice, _bob) = await cam_room("Alice", "Bob")
    with pytest.raises(NotAllowed) as raised:
        await alice.do(start(explicit=True))
    assert raised.value.message == "Explicit cams only in rooms rated adult."

    _, (owner, adult) = await cam_room("Owner", "Adult", rating=Rating.ADULT)
    await owner.do(start(explicit=True))
    await adult.do(CamAction("open", "cams", "Owner"))
    assert seen(adult, MediaSessionStarted)


async def test_a_friends_cam_is_shown_and_opened_only_by_friends_and_never_across_a_block() -> None:
    _, (alice, bob, carol, dave) = await cam_room("Alice", "Bob", "Carol", "Dave")
    await alice.befriend("Bob")
    await dave.block("Alice")
    await alice.do(start(CamAudience.FRIENDS))

    assert cams_seen(bob) == [("Alice", True)]
    assert cams_seen(carol) == []
    assert cams_seen(dave) == []
    refusals = []
    for person in (carol, dave):
        with pytest.raises(ConsentRefused) as refused:
            await person.do(CamAction("open", "cams", "Alice"))
        refusals.append((refused.value.code, refused.value.message))
    with pytest.raises(ConsentRefused) as nobody:
        await carol.do(CamAction("open", "cams", "Nobody"))
    refusals.append((nobody.value.code, nobody.value.message))
    assert len(set(refusals)) == 1


async def test_an_invited_cam_admits_whom_the_broadcaster_invites() -> None:
    _, (alice, bob) = await cam_room("Alice", "Bob")
    await alice.do(start(CamAudience.INVITED))
    with pytest.raises(ConsentRefused):
        await bob.do(CamAction("open", "cams", "Alice"))
    await alice.do(CamAction("invite", "cams", "Bob"))
    assert cams_seen(bob) == [("Alice", True)]
    await bob.do(CamAction("open", "cams", "Alice"))
    assert seen(bob, MediaSessionStarted)


async def test_a_mutual_only_cam_is_watched_only_by_those_who_broadcast_too() -> None:
    _, (alice, bob) = await cam_room("Alice", "Bob")
    await alice.do(start(mutual_only=True))
    with pytest.raises(ConsentRefused):
        await bob.do(CamAction("open", "cams", "Alice"))
    await bob.do(start())
    await bob.do(CamAction("open", "cams", "Alice"))
    assert seen(bob, MediaSessionStarted)


async def test_booting_a_viewer_reads_to_them_as_the_cam_going_off() -> None:
    _, (alice, bob, carol) = await cam_room("Alice", "Bob", "Carol")
    await alice.do(start())
    await bob.do(CamAction("open", "cams", "Alice"))
    await carol.do(CamAction("open", "cams", "Alice"))

    await alice.do(CamAction("boot", "cams", "Bob"))

    assert [e.reason for e in seen(bob, MediaSessionEnded)] == [EndReason.CAMERA_OFF]  # type: ignore[attr-defined]
    assert seen(alice, CamViewersChanged)[-1].viewers == ("Carol",)  # type: ignore[attr-defined]
    assert not seen(carol, MediaSessionEnded)
    # Booted, he cannot open it again (no new session, no credentials) until she lets him.
    with pytest.raises(ConsentRefused):
        await bob.do(CamAction("open", "cams", "Alice"))
    assert len(seen(bob, MediaSessionStarted)) == 1
    await alice.do(CamAction("invite", "cams", "Bob"))
    await bob.do(CamAction("open", "cams", "Alice"))
    assert len(seen(bob, MediaSessionStarted)) == 2
    await alice.do(StopCam("cams"))
    assert [e.reason for e in seen(carol, MediaSessionEnded)] == [EndReason.CAMERA_OFF]  # type: ignore[attr-defined]
    assert cams_seen(bob)[-1] == ("Alice", False)


async def test_a_manager_cuts_a_cam_and_a_cam_ban_keeps_it_off() -> None:
    _, (owner, bob, carol) = await cam_room("Owner", "Bob", "Carol")
    await bob.do(start())
    await carol.do(CamAction("open", "cams", "Bob"))
    with pytest.raises(NotAllowed):
        await carol.do(CamAction("cut", "cams", "Bob"))

    await owner.do(CamAction("cut", "cams", "Bob"))
    assert [e.reason for e in seen(bob, MediaSessionEnded)] == [EndReason.CUT]  # type: ignore[attr-defined]
    assert [e.reason for e in seen(carol, MediaSessionEnded)] == [EndReason.CAMERA_OFF]  # type: ignore[attr-defined]

    await owner.do(ChangeRoomSetting("cams", RoomSetting.CAM_BAN, True, target="Bob"))
    with pytest.raises(NotAllowed) as raised:
        await bob.do(start())
    assert raised.value.message == "You may not broadcast in this room."


async def test_a_block_the_safeword_and_leaving_end_a_watch() -> None:
    world, (alice, bob, carol) = await cam_room("Alice", "Bob", "Carol")
    await alice.do(start())
    await bob.do(CamAction("open", "cams", "Alice"))
    await carol.do(CamAction("open", "cams", "Alice"))

    await bob.block("Alice")
    assert [e.reason for e in seen(bob, MediaSessionEnded)] == [EndReason.UNAVAILABLE]  # type: ignore[attr-defined]

    scenes = world.world.scenes
    scenes.invite(alice.connection, "Carol", Rating.GENERAL, [], "")
    invitation = [e for e in carol.session.events if type(e).__name__ == "SceneInvitationReceived"]
    scenes.accept(carol.connection, invitation[-1].invitation)  # type: ignore[attr-defined]
    await scenes.safeword(carol.connection)
    assert [e.reason for e in seen(carol, MediaSessionEnded)] == [EndReason.SAFEWORD]  # type: ignore[attr-defined]

    await carol.do(CamAction("open", "cams", "Alice"))
    carol.leave("cams")
    assert seen(carol, MediaSessionEnded)[-1].reason is EndReason.CLOSED  # type: ignore[attr-defined]
