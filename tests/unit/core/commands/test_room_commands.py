"""Rooms through the command layer: what each gateway's room commands get back from the core,
as the person who asked sees it."""

from __future__ import annotations

import pytest

from boudoir.core.commands import Context, run
from boudoir.domain.entities import RoomSetting, RoomVisibility
from boudoir.domain.errors import ConsentRefused, InvalidInput, NotInRoom
from boudoir.domain.intents import (
    Banish,
    ChangeRoomSetting,
    FindMember,
    Invite,
    Join,
    ListMembers,
    ListNames,
    ListRoomEntries,
    ListRooms,
    Part,
    PartAll,
    SetTopic,
    ShowRoom,
    ShowTopic,
)
from boudoir.domain.replies import (
    Banished,
    Invited,
    Joined,
    MemberFound,
    MemberList,
    NamesList,
    Parted,
    PartedAll,
    RoomEntries,
    RoomList,
    RoomShown,
    TopicShown,
)
from boudoir.testing.harness import TestWorld


async def test_joining_shows_the_room_as_spelt_with_its_members_and_ones_own_standing() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("alice"), await world.person("Bob")
    await alice.join("Tavern")
    await alice.set_topic("Tavern", "ale")
    reply = await bob.do(Join("#tavern"))
    assert isinstance(reply, Joined)
    assert reply.room.name == "Tavern"
    assert [m.name for m in reply.members] == ["alice", "Bob"]
    assert [m.owner for m in reply.members] == [True, False]
    assert (reply.you.owner, reply.you.manager, reply.you.voiced) == (False, False, False)
    assert (reply.topic.text, reply.topic.by, reply.topic.is_set) == ("ale", "alice", True)
    assert reply.logging is None
    assert alice.saw("Bob"), "the room sees the arrival"


async def test_a_joiner_who_blocks_the_topic_setter_sees_neither_them_nor_the_topic() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("alice"), await world.person("bob")
    await alice.join("tavern")
    await alice.set_topic("tavern", "ale")
    await bob.block("alice")
    reply = await bob.do(Join("tavern"))
    assert isinstance(reply, Joined)
    assert reply.members == tuple(m for m in reply.members if m.name == "bob")
    assert (reply.topic.text, reply.topic.hidden, reply.topic.by) == ("", True, None)
    revealed = await bob.do(ShowTopic("tavern", reveal=True))
    assert isinstance(revealed, TopicShown)
    assert (revealed.topic.text, revealed.revealed) == ("ale", True)


async def test_a_refused_join_raises_and_leaves_one_outside() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("alice"), await world.person("bob")
    await alice.create_room("den", visibility=RoomVisibility.PRIVATE)
    with pytest.raises(ConsentRefused):
        await bob.do(Join("den"))
    invited = await alice.do(Invite("DEN", "bob"))
    assert isinstance(invited, Invited)
    assert (invited.name, invited.room.name) == ("bob", "den")
    assert isinstance(await bob.do(Join("den")), Joined), "an invitation lets one in once"


async def test_parting_names_the_room_and_every_room_can_be_left_at_once() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("alice"), await world.person("bob")
    for room in ("b-room", "a-room"):
        await alice.join(room)
    await bob.join("a-room")
    parted = await alice.do(Part("A-ROOM", "bye"))
    assert isinstance(parted, Parted)
    assert (parted.room.name, parted.reason) == ("a-room", "bye")
    assert bob.members("a-room") == ["bob"]
    with pytest.raises(NotInRoom):
        await alice.do(Part("a-room"))
    left = await alice.do(PartAll())
    assert isinstance(left, PartedAll)
    assert [room.name for room in left.rooms] == ["b-room"]
    assert await alice.do(PartAll()) == PartedAll(())


async def test_members_and_names_leave_out_the_blocked_and_unseen_rooms_answer_as_typed() -> None:
    world = await TestWorld.start()
    alice, bob, carol = [await world.person(n) for n in ("alice", "bob", "carol")]
    for person in (alice, bob, carol):
        await person.join("lobby")
    await alice.block("carol")
    members = await alice.do(ListMembers("LOBBY"))
    assert isinstance(members, MemberList)
    assert [m.name for m in members.members] == ["alice", "bob"]
    await carol.create_room("hideout", visibility=RoomVisibility.PRIVATE)
    names = await bob.do(ListNames(("#Lobby", "#HideOut", "#nowhere")))
    assert isinstance(names, NamesList)
    lobby, hideout, nowhere = names.rooms
    assert lobby.spelt
    assert lobby.room is not None
    assert lobby.room.name == "lobby"
    assert [m.name for m in lobby.members] == ["alice", "bob", "carol"]
    assert (hideout.room, hideout.members, hideout.spelt) == (None, (), False)
    assert (nowhere.asked, nowhere.room, nowhere.spelt) == ("#nowhere", None, False)


async def test_find_member_tells_present_from_online_elsewhere_from_unknown() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("alice"), await world.person("bob")
    await alice.join("lobby")
    await bob.join("garden")
    assert await alice.do(FindMember("lobby", "ALICE")) == MemberFound("ALICE", True, True)
    assert await alice.do(FindMember("lobby", "bob")) == MemberFound("bob", False, True)
    assert await alice.do(FindMember("lobby", "zed")) == MemberFound("zed", False, False)


async def test_the_directory_lists_rooms_with_who_is_there_for_a_connection_and_an_account() -> (
    None
):
    world = await TestWorld.start()
    alice, bob = await world.person("alice"), await world.person("bob")
    await alice.join("lobby")
    await bob.join("lobby")
    await alice.create_room("secret", visibility=RoomVisibility.UNLISTED)
    listed = await bob.do(ListRooms())
    assert isinstance(listed, RoomList)
    assert [(r.name, r.members, r.people) for r in listed.rooms] == [("lobby", 2, ("alice", "bob"))]
    over_http = await run(Context.of_account(world.world, bob.account.id), ListRooms())
    assert over_http == listed


async def test_settings_change_through_one_intent_and_show_in_the_room_and_its_lists() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("alice"), await world.person("bob")
    await alice.join("lobby")
    await bob.join("lobby")
    for change in (
        ChangeRoomSetting("lobby", RoomSetting.MODERATED, True),
        ChangeRoomSetting("lobby", RoomSetting.KEY, True, "sesame"),
        ChangeRoomSetting("lobby", RoomSetting.MEMBER_LIMIT, True, 5),
        ChangeRoomSetting("lobby", RoomSetting.RATING, True, "mature"),
        ChangeRoomSetting("lobby", RoomSetting.VISIBILITY, True, "unlisted"),
        ChangeRoomSetting("lobby", RoomSetting.VOICE, True, target="bob"),
        ChangeRoomSetting("lobby", RoomSetting.BAN_EXCEPTION, True, target="bob"),
    ):
        assert await alice.do(change) is None
    shown = await alice.do(ShowRoom("lobby"))
    assert isinstance(shown, RoomShown)
    room = shown.room
    assert (room.moderated, room.key, room.member_limit) == (True, "sesame", 5)
    assert (room.rating.name, room.visibility) == ("MATURE", RoomVisibility.UNLISTED)
    members = await bob.do(ListMembers("lobby"))
    assert isinstance(members, MemberList)
    assert [m.voiced for m in members.members] == [False, True]
    entries = await alice.do(ListRoomEntries("lobby", RoomSetting.BAN_EXCEPTION))
    assert isinstance(entries, RoomEntries)
    assert [(e.name, e.set_by) for e in entries.entries] == [("bob", "alice")]
    with pytest.raises(ConsentRefused):
        await bob.do(ChangeRoomSetting("lobby", RoomSetting.MODERATED, False))
    with pytest.raises(InvalidInput):
        await alice.do(ChangeRoomSetting("lobby", RoomSetting.VISIBILITY, True, "hidden"))


async def test_setting_a_topic_answers_nothing_and_the_topic_shows_who_set_it() -> None:
    world = await TestWorld.start()
    alice = await world.person("alice")
    await alice.join("lobby")
    assert await alice.do(SetTopic("lobby", "tea at five")) is None
    shown = await alice.do(ShowTopic("lobby"))
    assert isinstance(shown, TopicShown)
    assert (shown.topic.text, shown.topic.by, shown.topic.hidden) == ("tea at five", "alice", False)


async def test_banish_lists_the_rooms_one_owns_and_puts_the_person_out() -> None:
    world = await TestWorld.start()
    alice, bob = await world.person("alice"), await world.person("bob")
    assert await alice.do(Banish("bob")) == Banished("bob", True, ())
    await alice.join("den")
    await bob.join("den")
    assert await alice.do(Banish("bob")) == Banished("bob", True, ("den",))
    assert alice.members("den") == ["alice"]
    with pytest.raises(ConsentRefused):
        await bob.do(Join("den"))
    assert await alice.do(Banish("bob", banned=False)) == Banished("bob", False, ("den",))
    assert isinstance(await bob.do(Join("den")), Joined)
