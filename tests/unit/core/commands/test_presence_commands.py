"""Presence through the command layer: what WHO, WHOIS, WHOWAS, ISON and laston answer,
whichever gateway asks."""

from __future__ import annotations

from boudoir.domain.entities import PresenceVisibility, Role, Status
from boudoir.domain.intents import (
    FindOnline,
    LastSeen,
    ListOnline,
    ListRoomPresence,
    Whois,
    Whowas,
)
from boudoir.domain.places import Seen
from boudoir.domain.replies import (
    LastOnline,
    NeverSeen,
    NotOnline,
    OnlineList,
    RoomPresence,
    SharedRoom,
    WhoisShown,
    WhowasShown,
)
from boudoir.testing.harness import TestPerson, TestWorld


def names(reply: object) -> list[str]:
    assert isinstance(reply, OnlineList)
    return [person.name for person in reply.people]


async def hidden(world: TestWorld, name: str) -> TestPerson:
    account = await world.register(name)
    await world.world.accounts.update_settings(
        account.id, presence_visibility=PresenceVisibility.NOBODY
    )
    return await world.login(name)


async def test_the_online_list_filters_by_prefix_or_irc_mask_and_hides_who_may_not_be_seen() -> (
    None
):
    world = await TestWorld.start()
    alice = await world.person("alice")
    for name in ("Alba", "bob", "albert"):
        await world.person(name)
    await hidden(world, "alfie")
    await alice.block("albert")
    assert names(await alice.do(ListOnline())) == ["Alba", "alice", "bob"]
    assert names(await alice.do(ListOnline(prefix="AL"))) == ["Alba", "alice"]
    assert names(await alice.do(ListOnline(glob="a?b*"))) == ["Alba"]
    assert names(await alice.do(ListOnline(glob="*"))) == ["Alba", "alice", "bob"]


async def test_whois_shows_status_and_only_the_rooms_both_share() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("alice"), await world.person("bob")
    await bob.join("den")
    await bob.join("lobby")
    await alice.join("lobby")
    bob.set_status(Status.AWAY, "making tea")
    reply = await alice.do(Whois("BOB"))
    assert isinstance(reply, WhoisShown)
    assert (reply.person.name, reply.person.status, reply.person.message) == (
        "bob",
        Status.AWAY,
        "making tea",
    )
    assert reply.rooms == (SharedRoom("lobby", manager=True),), "never the den; bob made the lobby"


async def test_whois_of_someone_blocked_hidden_or_absent_reads_the_same() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    await world.person("bob")
    await hidden(world, "carol")
    await alice.block("bob")
    for name in ("bob", "carol", "nobody"):
        assert await alice.do(Whois(name)) == NotOnline(name)


async def test_staff_show_as_on_duty_only_while_they_hold_the_role_and_took_it_up() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    sage = await world.person("sage")
    await world.world.accounts.set_role(sage.account.id, Role.MODERATOR)
    sage = await world.login("sage")

    async def on_duty() -> bool:
        reply = await alice.do(Whois("sage"))
        assert isinstance(reply, WhoisShown)
        return reply.person.on_duty

    assert not await on_duty()
    sage.connection.on_duty = True
    assert await on_duty()
    await world.world.accounts.set_role(sage.account.id, Role.MEMBER)
    await world.world.sync_accounts()
    assert not await on_duty(), "a role taken away ends the duty"


async def test_whowas_remembers_a_departure_unless_the_asker_may_not_know_it() -> None:
    world = await TestWorld.start()
    alice, carol = await world.person("alice"), await world.person("carol")
    account = await world.register("bob")
    (character,) = await world.world.characters.of_account(account.id)
    await world.world.characters.update_profile(character, short_description="a tall fox")
    bob = await world.login("bob")
    world.world.disconnect(bob.connection, "bye")
    reply = await alice.do(Whowas("Bob"))
    assert isinstance(reply, WhowasShown)
    assert (reply.name, reply.description) == ("bob", "a tall fox")
    assert await carol.do(Whowas("bob")) == reply, "the same for anyone who may know it"
    await carol.block("bob")
    assert await carol.do(Whowas("bob")) == NeverSeen("bob")
    assert await alice.do(Whowas("alice")) == NeverSeen("alice"), "online: not a departure"


async def test_find_online_answers_only_the_names_one_may_see() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    await world.person("bob")
    await hidden(world, "carol")
    assert names(await alice.do(FindOnline(("BOB", "carol", "dave")))) == ["bob"]


async def test_room_presence_names_the_room_as_spelt_and_hides_blocked_members() -> None:
    world = await TestWorld.start()
    alice, bob, carol = [await world.person(n) for n in ("alice", "bob", "carol")]
    for person in (alice, bob, carol):
        await person.join("Lobby")
    await alice.block("carol")
    reply = await alice.do(ListRoomPresence("#LOBBY"))
    assert isinstance(reply, RoomPresence)
    assert reply.room == "Lobby"
    assert [m.person.name for m in reply.members] == ["alice", "bob"]
    assert await alice.do(ListRoomPresence("#nowhere")) == RoomPresence(None, ())


async def test_the_login_screen_sees_only_who_shows_their_presence_to_everyone() -> None:
    world = await TestWorld.start()
    await world.person("bob")
    await world.person("Alice")
    await hidden(world, "carol")
    assert world.world.presence.public_names() == ["Alice", "bob"]


async def test_laston_says_online_now_or_not_shared() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    await world.person("bob")
    await hidden(world, "carol")
    reply = await alice.do(LastSeen("bob"))
    assert isinstance(reply, LastOnline)
    assert reply.seen is Seen.ONLINE
    reply = await alice.do(LastSeen("carol"))
    assert isinstance(reply, LastOnline)
    assert reply.seen is Seen.HIDDEN
