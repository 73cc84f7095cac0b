"""Two people on two nodes meet as if they shared one: rooms, speech, presence and status,
blocks, a character switch; a node that dies takes its people with it, shown as a dropped
connection; a node that joins late learns who is where."""

from __future__ import annotations

import asyncio

from boudoir.domain.directory import DirectoryUpdated
from boudoir.domain.entities import Status
from boudoir.domain.ids import AccountId, ConnectionId
from boudoir.domain.intents import ListRooms
from boudoir.testing.harness import PASSWORD, RecordingSession, TestPerson

from .nodes import Nodes


async def test_speech_in_a_room_reaches_the_other_node(nodes: Nodes) -> None:
    alice, bob = await nodes.two_in_the_lobby()
    assert alice.saw("bob joined lobby")
    assert sorted(bob.members("lobby")) == ["alice", "bob"]
    assert sorted(alice.members("lobby")) == ["alice", "bob"]

    alice.say("lobby", "hello from node a")
    bob.pose("lobby", "waves from node b")
    await nodes.settle()
    assert bob.saw("[lobby] alice says hello from node a")
    assert alice.saw("[lobby] bob waves from node b")

    bob.leave("lobby")
    await nodes.settle()
    assert alice.saw("bob left lobby")
    assert alice.members("lobby") == ["alice"]


async def test_presence_and_status_cross_nodes(nodes: Nodes) -> None:
    a = await nodes.start("a")
    b = await nodes.start("b")
    alice = await a.person("alice")
    await nodes.settle()
    await b.register("bob")
    bob = await b.login("bob")
    await nodes.settle()
    assert alice.saw("bob is online")
    assert "alice (online)" in bob.online()
    alice.set_status(Status.LOOKING, "for a scene")
    await nodes.settle()
    assert bob.saw("alice is looking")
    bob.quit()
    await nodes.settle()
    assert alice.saw("bob is offline")
    assert alice.online() == ["alice (looking: for a scene)"]


async def test_a_block_holds_across_nodes(nodes: Nodes) -> None:
    alice, bob = await nodes.two_in_the_lobby()

    await bob.block("alice")
    await nodes.settle()
    assert bob.members("lobby") == ["bob"]
    assert alice.members("lobby") == ["alice"]
    bob.forget()
    alice.say("lobby", "can you hear me")
    await nodes.settle()
    assert not bob.saw("can you hear me")

    await bob.unblock("alice")
    await nodes.settle()
    alice.say("lobby", "and now")
    await nodes.settle()
    assert bob.saw("[lobby] alice says and now")


async def test_room_speech_reaches_each_listener_on_the_other_node_once_as_their_node_allows(
    nodes: Nodes,
) -> None:
    """Node a sends node b the room, not a list of its people; node b finds its own members
    and checks their blocks itself: a block node a has not heard of yet holds there."""
    a = await nodes.start("a")
    b = await nodes.start("b")
    for name in ("bob", "carol", "dave"):
        await a.register(name)
    alice = await a.person("alice")
    listeners = [await b.login(name) for name in ("bob", "carol", "dave")]
    await alice.join("lobby")
    for listener in listeners:
        await listener.join("lobby")
    await nodes.settle()
    bob, carol, dave = listeners

    nodes.buses["a"].attached = False  # node a does not hear of bob's block (yet)
    await bob.block("alice")
    await nodes.settle()
    nodes.buses["a"].attached = True
    for listener in listeners:
        listener.forget()
    alice.say("lobby", "one for everyone here")
    await nodes.settle()

    heard = "[lobby] alice says one for everyone here"
    assert carol.lines().count(heard) == 1
    assert dave.lines().count(heard) == 1
    assert not bob.saw("one for everyone here")


async def test_a_node_that_dies_takes_its_people_with_it(nodes: Nodes) -> None:
    alice, _bob = await nodes.two_in_the_lobby()

    await nodes.kill("b")
    assert alice.saw("bob left lobby")
    assert alice.members("lobby") == ["alice"]
    assert alice.online() == ["alice (online)"]


async def test_a_node_that_joins_late_learns_who_is_where(nodes: Nodes) -> None:
    a = await nodes.start("a")
    alice = await a.person("alice")
    await alice.join("lobby")
    alice.set_status(Status.AWAY, "brb")
    await nodes.settle()

    b = await nodes.start("b")
    await b.register("bob")
    bob = await b.login("bob")
    await bob.join("lobby")
    await nodes.settle()
    assert sorted(bob.members("lobby")) == ["alice", "bob"]
    assert bob.world.presence.status_seen(bob.connection, alice.connection.character.id)
    alice.say("lobby", "welcome")
    await nodes.settle()
    assert bob.saw("[lobby] alice says welcome")


async def test_switching_character_is_seen_on_the_other_node(nodes: Nodes) -> None:
    a = await nodes.start("a")
    b = await nodes.start("b")
    await a.register("bob")
    alice = await a.person("alice")
    await alice.world.characters.create(alice.account.id, "Ivy")
    bob = await b.login("bob")
    await bob.join("lobby")
    await nodes.settle()
    await alice.join("lobby")
    await nodes.settle()

    await alice.switch_to("Ivy")
    await alice.join("lobby")
    await nodes.settle()
    assert bob.saw("alice left lobby")
    assert bob.saw("Ivy joined lobby")
    assert sorted(bob.members("lobby")) == ["Ivy", "bob"]


async def test_one_person_on_two_nodes_hears_the_room_on_both(nodes: Nodes) -> None:
    a = await nodes.start("a")
    b = await nodes.start("b")
    await a.register("ivy")
    tess = await a.person("tess")
    ivy = await a.login("ivy")
    await tess.join("lobby")
    await ivy.join("lobby")
    await nodes.settle()
    ivy2 = await b.login("ivy")
    await nodes.settle()
    await ivy2.join("lobby")
    await nodes.settle()
    tess.pose("lobby", "waves at both of them.")
    await nodes.settle()
    assert ivy.saw("[lobby] tess waves at both of them.")
    assert ivy2.saw("[lobby] tess waves at both of them.")


async def test_two_nodes_may_give_the_same_id_to_their_connections(nodes: Nodes) -> None:
    """A node numbers its own connections: the same id on two nodes names two people."""
    a = await nodes.start("a")
    b = await nodes.start("b")
    await a.register("alice")
    await a.register("bob")
    same = ConnectionId("irc-1")
    people = []
    for world, name in ((a, "alice"), (b, "bob")):
        account = await world.world.accounts.authenticate(name, PASSWORD)
        session = RecordingSession(connection_id=same)
        connection = await world.world.connect(session, account)
        people.append(TestPerson(world.world, account, session, connection))
        await nodes.settle()
    alice, bob = people
    await alice.join("lobby")
    await nodes.settle()
    await bob.join("lobby")
    await nodes.settle()
    alice.say("lobby", "one")
    bob.say("lobby", "two")
    await nodes.settle()
    assert bob.saw("[lobby] alice says one")
    assert alice.saw("[lobby] bob says two")
    assert sorted(alice.members("lobby")) == ["alice", "bob"]


async def test_a_join_here_while_a_login_elsewhere_is_applied_reaches_the_other_node(
    nodes: Nodes,
) -> None:
    a = await nodes.start("a")
    b = await nodes.start("b")
    await a.register("bob")
    alice = await a.person("alice")
    await nodes.settle()
    node_a = nodes.cluster(a.world)
    waiting, gate = asyncio.Event(), asyncio.Event()
    load = node_a._load_relations

    async def slow_store(account: AccountId, *, again: bool = False) -> None:
        waiting.set()
        await gate.wait()
        await load(account, again=again)

    node_a._load_relations = slow_store  # type: ignore[method-assign]
    bob = await b.login("bob")
    await waiting.wait()  # node a is applying bob's login, waiting for the store
    await alice.join("lobby")  # meanwhile, alice joins here
    gate.set()
    await nodes.settle()
    await bob.join("lobby")
    await nodes.settle()
    assert sorted(bob.members("lobby")) == ["alice", "bob"]
    assert alice.saw("bob joined lobby")


async def test_a_directory_watcher_follows_a_room_changed_on_the_other_node(nodes: Nodes) -> None:
    alice, bob = await nodes.two_in_the_lobby()
    await bob.do(ListRooms(watch=True))
    await alice.set_topic("lobby", "tea on node a")
    await nodes.settle()
    feed = bob.world.rooms.feed
    feed.flush()
    updates = [e for e in bob.session.events if isinstance(e, DirectoryUpdated)]
    assert [(u.name, u.listing and u.listing.topic) for u in updates] == [
        ("lobby", "tea on node a")
    ]
    alice.leave("lobby")
    await nodes.settle()
    feed.flush()
    last = [e for e in bob.session.events if isinstance(e, DirectoryUpdated)][-1]
    assert last.listing is not None
    assert last.listing.people == ("bob",)
