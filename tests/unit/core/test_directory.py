"""The room directory: who may see which room listed (ratings, attestation, privacy, a block
either way with its owner), room tags, activity counted without text, the server's own rooms,
and the live feed a browser watches (coalesced, never naming a room one may not see)."""

from __future__ import annotations

import datetime as dt

import pytest

from boudoir.core.rooms.feed import Activity
from boudoir.domain.directory import ACTIVITY_MINUTES, DirectoryUpdated, ServerRoom, clean_tags
from boudoir.domain.entities import SERVER_OWNED, Role, RoomSetting, RoomVisibility
from boudoir.domain.errors import ConsentRefused, InvalidInput
from boudoir.domain.events import RoomSettingChanged
from boudoir.domain.ids import RoomId
from boudoir.domain.intents import ChangeRoomSetting, ListRooms
from boudoir.domain.ratings import Rating
from boudoir.domain.replies.rooms import RoomList
from boudoir.testing.harness import TestPerson, TestWorld


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 12, 7, 20, 0, 30, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


async def listed(person: TestPerson) -> dict[str, tuple[int, tuple[str, ...], int]]:
    """The directory as ``person`` asks for it (and then watches it): name -> (members, tags,
    activity)."""
    reply = await person.do(ListRooms(watch=True))
    assert isinstance(reply, RoomList)
    return {r.name: (r.members, r.tags, r.activity) for r in reply.rooms}


def updates(person: TestPerson) -> list[DirectoryUpdated]:
    return [e for e in person.session.events if isinstance(e, DirectoryUpdated)]


# --- who sees which room listed ------------------------------------------------------------


async def test_ratings_and_attestation_decide_which_rooms_are_listed() -> None:
    world = await TestWorld.start()
    owner = await world.person("owner")
    await owner.create_room("Tea", rating=Rating.GENERAL)
    await owner.create_room("Velvet", rating=Rating.MATURE)
    await owner.create_room("Den", rating=Rating.ADULT)
    general_only = await world.person("gen", ratings=(Rating.GENERAL,))
    unattested = await world.person("kid", attested=False)
    mature = await world.person("mat", ratings=(Rating.GENERAL, Rating.MATURE))
    assert set(await listed(general_only)) == {"Tea"}
    assert set(await listed(unattested)) == {"Tea"}
    assert set(await listed(mature)) == {"Tea", "Velvet"}
    assert set(await listed(owner)) == {"Tea", "Velvet", "Den"}


async def test_private_and_unlisted_rooms_are_listed_to_their_members_only() -> None:
    world = await TestWorld.start()
    owner = await world.person("owner")
    await owner.create_room("Hidden", visibility=RoomVisibility.PRIVATE)
    await owner.create_room("Quiet", visibility=RoomVisibility.UNLISTED)
    bob = await world.person("bob")
    assert set(await listed(owner)) == {"Hidden", "Quiet"}
    assert await listed(bob) == {}


@pytest.mark.parametrize("who_blocks", ["the owner", "the viewer"])
async def test_a_block_either_way_hides_the_owners_rooms(who_blocks: str) -> None:
    world = await TestWorld.start()
    owner = await world.person("owner")
    await owner.create_room("Parlour")
    bob = await world.person("bob")
    assert set(await listed(bob)) == {"Parlour"}
    if who_blocks == "the owner":
        await owner.block("bob")
    else:
        await bob.block("owner")
    assert await listed(bob) == {}
    assert set(await listed(owner)) == {"Parlour"}  # one's own rooms stay listed


@pytest.mark.parametrize("owner_there", [True, False], ids=["open", "empty"])
async def test_a_block_is_pushed_to_a_watcher_as_the_room_leaving_its_directory(
    owner_there: bool,
) -> None:
    world = await TestWorld.start()
    owner = await world.person("owner")
    await owner.create_room("Parlour")
    if not owner_there:
        owner.leave("Parlour")  # the room stays, stored, with nobody in it
    bob = await world.person("bob")
    await listed(bob)
    await bob.block("owner")
    world.world.rooms.feed.flush()
    assert [(u.name, u.listing) for u in updates(bob)] == [("Parlour", None)]
    bob.forget()
    await bob.unblock("owner")
    world.world.rooms.feed.flush()
    assert [u.name for u in updates(bob) if u.listing is not None] == ["Parlour"]


# --- tags ------------------------------------------------------------------------------------


def test_tags_are_a_few_plain_words() -> None:
    assert clean_tags("Fantasy, slow-burn  #Cozy fantasy") == ("fantasy", "slow-burn", "cozy")
    assert clean_tags("  ") == ()
    for bad in ("a b c d e f", "x" * 21, "no_underscores", "-lead", "spa ce!"):
        with pytest.raises(InvalidInput):
            clean_tags(bad)


async def test_managers_tag_their_room_and_the_directory_shows_the_tags() -> None:
    world = await TestWorld.start()
    owner = await world.person("owner")
    await owner.create_room("Parlour")
    bob = await world.person("bob")
    await bob.enter("Parlour")
    await owner.do(ChangeRoomSetting("Parlour", RoomSetting.TAGS, True, "Victorian, mystery"))
    changed = [e for e in bob.session.events if isinstance(e, RoomSettingChanged)]
    assert [(e.setting, e.value) for e in changed] == [(RoomSetting.TAGS, "victorian mystery")]
    assert (await listed(bob))["Parlour"][1] == ("victorian", "mystery")
    with pytest.raises(ConsentRefused):
        await bob.do(ChangeRoomSetting("Parlour", RoomSetting.TAGS, True, "mine"))
    stored = await world.world.store.rooms.find_by_name("Parlour")
    assert stored is not None
    assert stored.tags == ("victorian", "mystery")


# --- activity ----------------------------------------------------------------------------------


def test_activity_counts_messages_of_the_last_minutes_only() -> None:
    activity = Activity()
    room = RoomId("r1")
    start = dt.datetime(2026, 12, 7, 20, 0, tzinfo=dt.UTC)
    for minute in range(ACTIVITY_MINUTES + 5):
        activity.heard(room, start + dt.timedelta(minutes=minute))
        activity.heard(room, start + dt.timedelta(minutes=minute, seconds=30))
    now = start + dt.timedelta(minutes=ACTIVITY_MINUTES + 4, seconds=59)
    assert activity.recent(room, now) == 2 * ACTIVITY_MINUTES
    assert activity.recent(RoomId("quiet"), now) == 0
    assert activity.recent(room, now + dt.timedelta(minutes=ACTIVITY_MINUTES)) == 0


async def test_messages_said_in_a_room_count_as_its_activity() -> None:
    clock = Clock()
    world = await TestWorld.start(clock)
    alice = await world.person("alice")
    await alice.join("tavern")
    await alice.join("library")
    for _ in range(3):
        alice.say("tavern", "cheers")
    alice.pose("library", "reads")
    assert {n: a for n, (_, _, a) in (await listed(alice)).items()} == {"tavern": 3, "library": 1}
    clock.advance(minutes=ACTIVITY_MINUTES)
    assert {n: a for n, (_, _, a) in (await listed(alice)).items()} == {"tavern": 0, "library": 0}


# --- the live feed -----------------------------------------------------------------------------


async def test_a_watcher_is_told_of_arrivals_and_topics_once_per_flush() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    await alice.create_room("Garden")
    bob = await world.person("bob")
    assert await listed(bob) == {"Garden": (1, (), 0)}
    carol = await world.person("carol")
    await carol.enter("Garden")
    await alice.set_topic("Garden", "Roses in bloom")
    carol.say("Garden", "hello")
    feed = world.world.rooms.feed
    feed.flush()
    (update,) = updates(bob)  # three changes, one update
    assert update.listing is not None
    assert (update.listing.members, update.listing.topic) == (2, "Roses in bloom")
    assert update.listing.people == ("alice", "carol")
    assert update.listing.activity == 1
    feed.flush()
    assert len(updates(bob)) == 1  # nothing changed since


async def test_a_watcher_is_never_told_of_a_room_it_may_not_see() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    await alice.create_room("Den", rating=Rating.ADULT)
    await alice.create_room("Nook")
    general = await world.person("gen", ratings=(Rating.GENERAL,))
    assert set(await listed(general)) == {"Nook"}
    bob = await world.person("bob")
    await bob.enter("Den")
    world.world.rooms.feed.flush()
    assert updates(general) == []
    # A room going private leaves the directories that showed it, and only those.
    await alice.do(
        ChangeRoomSetting("Nook", RoomSetting.VISIBILITY, True, RoomVisibility.PRIVATE.value)
    )
    world.world.rooms.feed.flush()
    assert [(u.name, u.listing) for u in updates(general)] == [("Nook", None)]
    await alice.do(
        ChangeRoomSetting("Nook", RoomSetting.VISIBILITY, True, RoomVisibility.PUBLIC.value)
    )
    await alice.do(ChangeRoomSetting("Den", RoomSetting.TAGS, True, "secret"))
    general.forget()
    world.world.rooms.feed.flush()
    assert [u.name for u in updates(general)] == ["Nook"]


async def test_a_watcher_does_not_count_people_on_the_other_side_of_a_block() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    await alice.create_room("Garden")
    bob = await world.person("bob")
    await listed(bob)
    mallory = await world.person("mallory")
    await bob.block("mallory")
    bob.forget()
    await mallory.enter("Garden")
    world.world.rooms.feed.flush()
    (update,) = updates(bob)
    assert update.listing is not None
    assert (update.listing.members, update.listing.people) == (1, ("alice",))


# --- the server's own rooms --------------------------------------------------------------------


LOUNGE = ServerRoom("lounge", Rating.ADULT, "18+ only", ("social",))


async def test_server_rooms_are_made_once_owned_by_nobody_and_never_overwritten() -> None:
    world = await TestWorld.start()
    rooms = world.world.rooms
    made = await rooms.open_server_rooms((ServerRoom("lobby", topic="Hello"), LOUNGE))
    assert [(r.name, r.owner_id, r.rating, r.tags) for r in made] == [
        ("lobby", SERVER_OWNED, Rating.GENERAL, ()),
        ("lounge", SERVER_OWNED, Rating.ADULT, ("social",)),
    ]
    bob = await world.person("bob")
    await bob.enter("lounge")
    with pytest.raises(ConsentRefused):  # nobody owns it: a visitor does not manage it
        await bob.do(ChangeRoomSetting("lounge", RoomSetting.TAGS, True, "mine"))
    operator = await world.person("op")
    await world.world.accounts.set_role(operator.account.id, Role.OPERATOR)
    await operator.enter("lounge")
    await operator.set_topic("lounge", "Changed by staff")
    assert await rooms.open_server_rooms((ServerRoom("lobby", topic="Hello"), LOUNGE)) == []
    lounge = await world.world.store.rooms.find_by_name("lounge")
    assert lounge is not None
    assert lounge.topic == "Changed by staff"
    names = [r.name for r in await world.world.store.rooms.list_all()]
    assert sorted(names) == ["lobby", "lounge"]


async def test_a_first_start_makes_the_server_rooms_only_on_an_empty_database() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    await alice.join("lobby")  # the room existed before: a later start adds nothing
    rooms = world.world.rooms
    assert await rooms.open_server_rooms((LOUNGE,), only_when_empty=True) == []
    assert await world.world.store.rooms.find_by_name("lounge") is None
    # Whoever makes a server room makes it for the server.
    await alice.join("lounge")
    lounge = await world.world.store.rooms.find_by_name("lounge")
    assert lounge is not None
    assert lounge.owner_id == SERVER_OWNED
