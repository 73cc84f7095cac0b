"""The walkable world's requests across nodes: a ``meetme`` request made on one node is
answered on another (a yes, or a no the asker hears); a hand offer made on one node is accepted
or declined on another; both are known to a node that joins late."""

from __future__ import annotations

import pytest

from boudoir.core.meetings import NoMeetRequest
from boudoir.domain.entities import RoomVisibility
from boudoir.domain.errors import ConsentRefused
from boudoir.domain.ids import RoomId
from boudoir.testing.harness import TestPerson, TestWorld

from .nodes import Nodes


async def arrived(world: TestWorld, person: TestPerson) -> TestPerson:
    await world.world.places.arrive(person.connection)
    return person


async def test_a_meet_request_from_one_node_is_answered_on_the_other(nodes: Nodes) -> None:
    a = await nodes.start("a")
    b = await nodes.start("b")
    await a.register("bob")
    await a.register("cal")
    alice = await a.person("alice")
    bob = await b.login("bob")
    cal = await b.login("cal")
    await nodes.settle()
    a.world.meetings.request(alice.connection, "bob")
    a.world.meetings.request(alice.connection, "cal")
    await nodes.settle()
    assert bob.saw("alice asks to meet you")
    assert [r.requester.name for r in b.world.meetings.pending(bob.connection)] == ["alice"]
    asker = b.world.meetings.take(bob.connection, "alice", summon=False)
    assert asker.character.id == alice.connection.character.id
    await nodes.settle()
    # Used up on every node.
    with pytest.raises(NoMeetRequest):
        a.world.meetings.take(_on(a, "bob"), "alice", summon=False)
    await b.world.meetings.decline(cal.connection, "alice")
    await nodes.settle()
    assert alice.saw("cal declined to meet")
    assert a.world.meetings._held == {}


def _on(world: TestWorld, name: str):  # type: ignore[no-untyped-def]
    """``name``'s connection as ``world`` sees it (a remote one, for someone elsewhere)."""
    conns = world.world.registry.find_character(name)
    assert conns
    return next(iter(conns))


async def test_a_hand_offer_from_one_node_is_accepted_on_the_other(nodes: Nodes) -> None:
    a = await nodes.start("a")
    b = await nodes.start("b")
    await a.register("bob")
    alice = await arrived(a, await a.person("alice"))
    await a.world.building.set_builder("alice", True)
    bob = await arrived(b, await b.login("bob"))
    await nodes.settle()
    await a.world.things.create(alice.connection, "brass lamp")
    await a.world.things.hand(alice.connection, "lamp", "bob")
    await nodes.settle()
    assert bob.saw("alice hands you brass lamp")
    await b.world.things.accept_hand(bob.connection, "alice")
    await nodes.settle()
    assert [t.name for t in await b.world.things.inventory(bob.connection)] == ["brass lamp"]
    assert await a.world.things.inventory(alice.connection) == []
    assert alice.saw("bob accepted brass lamp")
    assert a.world.things._offers == {}


async def test_a_late_node_knows_the_meet_requests_and_offers(nodes: Nodes) -> None:
    a = await nodes.start("a")
    await a.register("bob")
    alice = await arrived(a, await a.person("alice"))
    await a.world.building.set_builder("alice", True)
    await arrived(a, await a.login("bob"))
    await a.world.things.create(alice.connection, "rope")
    await a.world.things.hand(alice.connection, "rope", "bob")
    a.world.meetings.request(alice.connection, "bob")
    await nodes.settle()
    b = await nodes.start("b")  # late
    bob = await b.login("bob")
    await nodes.settle()
    assert [r.requester.name for r in b.world.meetings.pending(bob.connection)] == ["alice"]
    assert [o.thing for o in b.world.things.offers(bob.connection)] == ["rope"]
    b.world.things.decline_hand(bob.connection, "alice")
    await nodes.settle()
    assert alice.saw("bob declined rope")


async def test_msummon_brings_someone_from_the_other_node_where_the_host_stands(
    nodes: Nodes,
) -> None:
    a = await nodes.start("a")
    b = await nodes.start("b")
    await a.register("bob")
    await a.register("cal")
    alice = await arrived(a, await a.person("alice"))  # in the lobby, on node a
    bob = await arrived(b, await b.login("bob"))
    cal = await arrived(b, await b.login("cal"))  # stays in the lobby, on node b
    await b.world.places.go_to(bob.connection, "den", "goes to the den", create=True)
    await nodes.settle()
    a.world.meetings.request(alice.connection, "bob")
    await nodes.settle()
    cal.forget()

    guest = b.world.meetings.take(bob.connection, "alice", summon=True)
    await b.world.places.summon(guest, "den", "goes to meet bob", host=bob.connection)
    await nodes.settle()

    for world in (a, b):  # every node has her in the den only
        assert sorted(world.world.rooms.live_by_id(_room(world, "den")).members) == sorted(
            {alice.connection.character.id, bob.connection.character.id}
        )
    here = a.world.places.here(alice.connection)
    assert here is not None
    assert here.room.name == "den", "she stands there, on her own node"
    assert bob.lines().count("alice joined den") == 1
    assert cal.lines() == ["alice left lobby"]
    assert sorted(cal.members("lobby")) == ["cal"]


async def test_a_summons_the_room_refuses_tells_the_guest_why_and_the_host_nothing(
    nodes: Nodes,
) -> None:
    a = await nodes.start("a")
    b = await nodes.start("b")
    await a.register("bob")
    alice = await arrived(a, await a.person("alice"))
    bob = await arrived(b, await b.login("bob"))
    await bob.create_room("den", visibility=RoomVisibility.PRIVATE)
    await b.world.places.go_to(bob.connection, "den", "goes to the den")
    await nodes.settle()
    a.world.meetings.request(alice.connection, "bob")
    await nodes.settle()

    guest = b.world.meetings.take(bob.connection, "alice", summon=True)
    with pytest.raises(ConsentRefused) as refused:
        await b.world.places.summon(guest, "den", "goes to meet bob", host=bob.connection)
    await nodes.settle()

    assert refused.value.reason == "recipient_unavailable"
    assert alice.saw("You could not go to meet bob")
    here = a.world.places.here(alice.connection)
    assert here is not None
    assert here.room.name == "lobby"


def _room(world: TestWorld, name: str) -> RoomId:
    return next(r.room.id for r in world.world.registry.rooms.values() if r.room.name == name)
