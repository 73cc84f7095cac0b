"""What a room's managers control: key, moderation and voices, topic lock, visibility, member
limit, moderators, kicks, bans and the lists of exceptions; who may change each, what everyone
in the room sees, what is stored, and that none of it gives a block away."""

from __future__ import annotations

import datetime as dt

import pytest

from boudoir.domain.consent import Reason
from boudoir.domain.entities import (
    MAX_LIST_ENTRIES,
    MAX_ROOM_KEY,
    Role,
    Room,
    RoomSetting,
    RoomVisibility,
)
from boudoir.domain.errors import ConsentRefused, InvalidInput, LimitExceeded, NotFound, NotInRoom
from boudoir.domain.events import MemberKicked, RoomSettingChanged, TopicChanged
from boudoir.domain.ratings import Rating
from boudoir.testing import harness
from boudoir.testing.harness import PASSWORD, TestPerson, TestWorld

# --- reading what people saw ---------------------------------------------------------------------


def lines(person: TestPerson) -> list[str]:
    return [harness.describe(e) for e in person.session.events]


def saw(person: TestPerson, text: str) -> bool:
    return any(text in line for line in lines(person))


def nothing_about(person: TestPerson, *names: str) -> bool:
    """Not one line ``person`` saw names any of ``names``."""
    return not any(name in line for line in lines(person) for name in names)


async def in_room(world: TestWorld, room: str, *names: str) -> list[TestPerson]:
    """The first person creates ``room`` (and owns it); all join; what they saw is forgotten."""
    people = [await world.person(name) for name in names]
    for person in people:
        await person.join(room)
    for person in people:
        person.forget()
    return people


async def alt(world: TestWorld, owner: TestPerson, name: str) -> TestPerson:
    """Another (adult) character of ``owner``'s account, logged in on its own connection."""
    character = await world.world.characters.create(owner.account.id, name)
    await world.world.characters.update_profile(character, declared_age=35)
    return await world.login(owner.account.name, character=name)


async def stored(world: TestWorld, room: str) -> Room:
    found = await world.world.store.rooms.find_by_name(room)
    assert found is not None
    return found


def refusal(error: pytest.ExceptionInfo[ConsentRefused]) -> Reason:
    return Reason(error.value.reason)


class Ticking:
    """A clock one second further on at each reading."""

    def __init__(self) -> None:
        self.now = dt.datetime(2025, 6, 1, 20, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(seconds=1)
        return self.now


# --- who may change what -------------------------------------------------------------------------


async def test_members_change_no_setting_and_nobody_sees_them_try() -> None:
    world = await TestWorld.start()
    alice, bob, carol = await in_room(world, "lobby", "alice", "bob", "carol")
    before = await stored(world, "lobby")
    rooms = world.world.rooms
    me = bob.connection
    attempts = [
        rooms.set_key(me, "lobby", "sesame"),
        rooms.set_moderated(me, "lobby", True),
        rooms.set_topic_locked(me, "lobby", False),
        rooms.set_visibility(me, "lobby", RoomVisibility.PRIVATE),
        rooms.set_member_limit(me, "lobby", 5),
        rooms.set_moderator(me, "lobby", "bob", True),
        rooms.set_voice(me, "lobby", "carol", True),
        rooms.kick(me, "lobby", "carol"),
        rooms.ban(me, "lobby", "carol"),
        rooms.unban(me, "lobby", "carol"),
        rooms.add_exception(me, "lobby", RoomSetting.BAN_EXCEPTION, "carol"),
        rooms.add_exception(me, "lobby", RoomSetting.INVITE_EXCEPTION, "carol"),
        rooms.remove_exception(me, "lobby", RoomSetting.INVITE_EXCEPTION, "carol"),
    ]
    for attempt in attempts:
        with pytest.raises(ConsentRefused) as refused:
            await attempt
        assert refusal(refused) is Reason.NOT_PERMITTED
    assert lines(alice) == lines(bob) == lines(carol) == []
    assert await stored(world, "lobby") == before
    assert bob.members("lobby") == ["alice", "bob", "carol"]


async def test_a_moderator_manages_and_a_server_operator_too() -> None:
    world = await TestWorld.start()
    alice, bob, carol = await in_room(world, "lobby", "alice", "bob", "carol")
    await world.world.rooms.set_moderator(alice.connection, "lobby", "bob", True)
    assert await world.world.rooms.set_moderated(bob.connection, "lobby", True) is not None
    await world.world.accounts.set_role(carol.account.id, Role.OPERATOR)
    assert await world.world.rooms.set_moderated(carol.connection, "lobby", False) is not None
    assert lines(alice)[-2:] == [
        "bob set moderated on in lobby",
        "carol set moderated off in lobby",
    ]


# --- settings: seen by all, stored, quiet when unchanged -----------------------------------------


async def test_each_setting_change_is_seen_by_everyone_present_and_stored() -> None:
    world = await TestWorld.start()
    alice, bob = await in_room(world, "lobby", "alice", "bob")
    rooms, me = world.world.rooms, alice.connection
    await rooms.set_key(me, "lobby", "sesame")
    await rooms.set_moderated(me, "lobby", True)
    await rooms.set_topic_locked(me, "lobby", False)
    await rooms.set_visibility(me, "lobby", RoomVisibility.UNLISTED)
    await rooms.set_member_limit(me, "lobby", 5)
    expected = [
        "alice set key on sesame in lobby",
        "alice set moderated on in lobby",
        "alice set topic_locked off in lobby",
        "alice set visibility on unlisted in lobby",
        "alice set member_limit on 5 in lobby",
    ]
    assert lines(alice) == expected, "the one who changed it is told as well"
    assert lines(bob) == expected
    room = await stored(world, "lobby")
    assert (room.key, room.moderated, room.topic_locked) == ("sesame", True, False)
    assert (room.visibility, room.member_limit) == (RoomVisibility.UNLISTED, 5)

    await rooms.set_key(me, "lobby", None)
    await rooms.set_member_limit(me, "lobby", None)
    assert lines(bob)[-2:] == ["alice set key off in lobby", "alice set member_limit off in lobby"]
    room = await stored(world, "lobby")
    assert (room.key, room.member_limit) == ("", None)


async def test_setting_what_is_already_set_changes_nothing_and_tells_nobody() -> None:
    world = await TestWorld.start()
    alice, bob = await in_room(world, "lobby", "alice", "bob")
    rooms, me = world.world.rooms, alice.connection
    await rooms.set_key(me, "lobby", "sesame")
    await rooms.set_voice(me, "lobby", "bob", True)
    bob.forget()
    again = [
        rooms.set_key(me, "lobby", "sesame"),
        rooms.set_moderated(me, "lobby", False),
        rooms.set_topic_locked(me, "lobby", True),
        rooms.set_visibility(me, "lobby", RoomVisibility.PUBLIC),
        rooms.set_member_limit(me, "lobby", None),
        rooms.set_moderator(me, "lobby", "alice", True),  # the owner manages already
        rooms.set_moderator(me, "lobby", "bob", False),
        rooms.set_voice(me, "lobby", "bob", True),
        rooms.unban(me, "lobby", "bob"),
        rooms.remove_exception(me, "lobby", RoomSetting.BAN_EXCEPTION, "bob"),
    ]
    for attempt in again:
        assert await attempt is None
    assert lines(bob) == []


async def test_bad_values_are_refused_with_a_clear_error() -> None:
    world = await TestWorld.start()
    (alice,) = await in_room(world, "lobby", "alice")
    rooms, me = world.world.rooms, alice.connection
    for key in ("x" * (MAX_ROOM_KEY + 1), "open sesame", "a,b", "tab\there", "bell\x07"):
        with pytest.raises(InvalidInput):
            await rooms.set_key(me, "lobby", key)
    for limit in (-1, 0, 10_001):
        with pytest.raises(InvalidInput):
            await rooms.set_member_limit(me, "lobby", limit)
    for setting in (RoomSetting.BAN, RoomSetting.KEY):
        with pytest.raises(InvalidInput):
            await rooms.add_exception(me, "lobby", setting, "alice")
    with pytest.raises(InvalidInput):
        rooms.entries(me, "lobby", RoomSetting.MODERATED)
    assert await rooms.set_key(me, "lobby", "x" * MAX_ROOM_KEY) is not None
    assert await rooms.set_member_limit(me, "lobby", 1) is not None  # Modern IRC: any above 0
    assert lines(alice) == [
        f"alice set key on {'x' * MAX_ROOM_KEY} in lobby",
        "alice set member_limit on 1 in lobby",
    ]


# --- the key -------------------------------------------------------------------------------------


async def test_a_locked_room_takes_the_right_key_an_invitation_or_a_manager() -> None:
    world = await TestWorld.start()
    alice, bob, carol = await in_room(world, "lobby", "alice", "bob", "carol")
    bob.leave("lobby")
    carol.leave("lobby")
    await world.world.rooms.set_key(alice.connection, "lobby", "Sesame")
    rooms = world.world.rooms
    for given in (None, "", "sesame", "Sesame "):
        with pytest.raises(ConsentRefused) as refused:
            await rooms.join(bob.connection, "lobby", key=given)
        assert refusal(refused) is Reason.NEEDS_KEY
        assert refused.value.message == Reason.NEEDS_KEY.message
    await rooms.join(bob.connection, "lobby", key="Sesame")
    await alice.invite("lobby", "carol")
    await carol.enter("lobby")
    alice.leave("lobby")
    await alice.enter("lobby")  # the owner needs no key
    assert bob.members("lobby") == ["alice", "bob", "carol"]


async def test_only_managers_invite_into_a_locked_room() -> None:
    world = await TestWorld.start()
    alice, bob = await in_room(world, "lobby", "alice", "bob")
    carol = await world.person("carol")
    await world.world.rooms.set_key(alice.connection, "lobby", "sesame")
    with pytest.raises(ConsentRefused) as refused:
        await bob.invite("lobby", "carol")
    assert refusal(refused) is Reason.NOT_PERMITTED
    assert not carol.saw("invites you")


# --- bans and their exceptions -------------------------------------------------------------------


async def test_a_ban_puts_out_every_character_of_the_account_and_keeps_them_out() -> None:
    world = await TestWorld.start()
    alice, carol, bob = await in_room(world, "lobby", "alice", "carol", "bob")
    rook = await alt(world, bob, "Rook")
    await rook.join("lobby")
    for person in (carol, bob):
        person.forget()
    event = await world.world.rooms.ban(alice.connection, "lobby", "Rook")

    assert event is not None
    assert event.target is not None
    assert event.target.name == "Rook"
    expected = [
        "alice set ban on Rook in lobby",
        "bob was kicked from lobby by alice (banned)",
        "Rook was kicked from lobby by alice (banned)",
    ]
    assert lines(carol) == expected
    # The banned are told they were put out; once out, they hear no more of the room.
    assert lines(bob) == expected[:2]
    assert lines(rook)[-3:] == expected
    assert carol.members("lobby") == ["alice", "carol"]
    for person in (bob, rook):
        with pytest.raises(ConsentRefused) as refused:
            await person.enter("lobby")
        assert refusal(refused) is Reason.BANNED
        with pytest.raises(NotInRoom):
            person.say("lobby", "still here?")
    await alice.unban("lobby", "bob")  # by another character of the account
    assert saw(carol, "alice set ban off Rook in lobby"), "the entry's own name is shown"
    await bob.enter("lobby")
    assert saw(carol, "bob joined lobby")


async def test_managers_cannot_be_banned() -> None:
    world = await TestWorld.start()
    alice, bob = await in_room(world, "lobby", "alice", "bob")
    await world.world.rooms.set_moderator(alice.connection, "lobby", "bob", True)
    with pytest.raises(InvalidInput, match="moderator role"):
        await alice.ban("lobby", "bob")
    with pytest.raises(InvalidInput, match="owner"):
        await world.world.rooms.ban(bob.connection, "lobby", "alice")
    assert (await stored(world, "lobby")).bans.entries == ()


async def test_a_ban_exception_lets_a_banned_account_in_until_it_is_removed() -> None:
    world = await TestWorld.start()
    alice, bob = await in_room(world, "lobby", "alice", "bob")
    rook = await alt(world, bob, "Rook")
    rooms = world.world.rooms
    await rooms.add_exception(alice.connection, "lobby", RoomSetting.BAN_EXCEPTION, "bob")
    await rooms.ban(alice.connection, "lobby", "Rook")  # the same account, by another name
    assert alice.members("lobby") == ["alice", "bob"], "excepted: not put out"
    bob.leave("lobby")
    await bob.enter("lobby")
    await rook.enter("lobby")

    await rooms.remove_exception(alice.connection, "lobby", RoomSetting.BAN_EXCEPTION, "bob")
    assert lines(alice)[-3:] == [
        "alice set ban_exception off bob in lobby",
        "bob was kicked from lobby by alice (banned)",
        "Rook was kicked from lobby by alice (banned)",
    ]
    assert alice.members("lobby") == ["alice"]
    with pytest.raises(ConsentRefused) as refused:
        await bob.enter("lobby")
    assert refusal(refused) is Reason.BANNED


async def test_lists_are_read_oldest_first_with_who_set_each_and_when() -> None:
    clock = Ticking()
    world = await TestWorld.start(clock)
    alice, bob, carol = await in_room(world, "lobby", "alice", "bob", "carol")
    dana = await world.person("dana")
    wren = await alt(world, dana, "Wren")
    rooms = world.world.rooms
    await rooms.set_moderator(alice.connection, "lobby", "bob", True)
    first = await rooms.ban(bob.connection, "lobby", "Wren")
    assert first is not None
    await world.register("erin")
    await rooms.ban(alice.connection, "lobby", "erin")
    await rooms.add_exception(alice.connection, "lobby", RoomSetting.INVITE_EXCEPTION, "dana")

    bans = rooms.entries(carol.connection, "lobby", RoomSetting.BAN)
    assert [(e.name, e.set_by) for e in bans] == [("Wren", "bob"), ("erin", "alice")]
    assert bans[0].set_at == first.at < bans[1].set_at
    assert bans[0].account_id == dana.account.id == wren.account.id
    assert (await stored(world, "lobby")).bans.entries == tuple(bans)
    invites = rooms.entries(alice.connection, "lobby", RoomSetting.INVITE_EXCEPTION)
    assert [(e.name, e.set_by) for e in invites] == [("dana", "alice")]
    for hidden in (RoomSetting.BAN_EXCEPTION, RoomSetting.INVITE_EXCEPTION):
        with pytest.raises(ConsentRefused) as refused:
            rooms.entries(carol.connection, "lobby", hidden)
        assert refusal(refused) is Reason.NOT_PERMITTED


async def test_an_entry_outlives_the_character_it_names_and_is_removed_by_that_name() -> None:
    world = await TestWorld.start()
    alice, carol = await in_room(world, "lobby", "alice", "carol")
    bob = await world.person("bob")
    await world.world.characters.create(bob.account.id, "Rook")
    rooms = world.world.rooms
    await rooms.ban(alice.connection, "lobby", "Rook")
    await world.world.characters.delete(bob.account.id, "Rook")
    with pytest.raises(ConsentRefused):
        await bob.enter("lobby")  # the ban is on the account

    event = await rooms.unban(alice.connection, "lobby", "rook")
    assert event is not None
    assert (event.value, event.target) == ("Rook", None)
    assert lines(carol)[-1] == "alice set ban off Rook in lobby"
    await bob.enter("lobby")


async def test_a_name_that_is_nobody_is_not_found() -> None:
    world = await TestWorld.start()
    alice, _ = await in_room(world, "lobby", "alice", "bob")
    rooms, me = world.world.rooms, alice.connection
    attempts = [
        rooms.ban(me, "lobby", "nobody"),
        rooms.unban(me, "lobby", "nobody"),
        rooms.add_exception(me, "lobby", RoomSetting.BAN_EXCEPTION, "nobody"),
        rooms.set_moderator(me, "lobby", "nobody", True),
        rooms.set_voice(me, "lobby", "nobody", True),
        rooms.kick(me, "lobby", "nobody"),
    ]
    for attempt in attempts:
        with pytest.raises(NotFound) as not_found:
            await attempt
        assert not_found.value.message == "No character is named 'nobody'."


async def test_each_list_holds_at_most_its_limit() -> None:
    world = await TestWorld.start()
    (alice,) = await in_room(world, "lobby", "alice")
    rooms = world.world.rooms
    for n in range(MAX_LIST_ENTRIES + 1):
        await world.world.accounts.register(f"p{n}", PASSWORD, dt.date(1990, 1, 1))
    for n in range(MAX_LIST_ENTRIES):
        await rooms.ban(alice.connection, "lobby", f"p{n}")
        await rooms.add_exception(alice.connection, "lobby", RoomSetting.BAN_EXCEPTION, f"p{n}")
    alice.forget()
    last = f"p{MAX_LIST_ENTRIES}"
    with pytest.raises(LimitExceeded) as full:
        await rooms.ban(alice.connection, "lobby", last)
    assert full.value.message == "A room's ban list holds at most 100 entries; remove one first."
    with pytest.raises(LimitExceeded, match="list of ban exceptions holds at most 100"):
        await rooms.add_exception(alice.connection, "lobby", RoomSetting.BAN_EXCEPTION, last)
    # Other lists are counted on their own.
    await rooms.add_exception(alice.connection, "lobby", RoomSetting.INVITE_EXCEPTION, last)
    assert lines(alice) == [f"alice set invite_exception on {last} in lobby"]
    assert len((await stored(world, "lobby")).bans) == MAX_LIST_ENTRIES


# --- private rooms and invite exceptions ---------------------------------------------------------


async def test_an_invite_exception_opens_a_private_room_to_every_character_of_the_account() -> None:
    world = await TestWorld.start()
    alice, bob = await in_room(world, "den", "alice", "bob")
    bob.leave("den")
    rook = await alt(world, bob, "Rook")
    rooms = world.world.rooms
    await rooms.set_visibility(alice.connection, "den", RoomVisibility.PRIVATE)
    with pytest.raises(ConsentRefused) as refused:
        await bob.enter("den")
    assert refusal(refused) is Reason.INVITE_ONLY

    await rooms.add_exception(alice.connection, "den", RoomSetting.INVITE_EXCEPTION, "bob")
    for _ in range(2):  # not used up, as an invitation is
        await bob.enter("den")
        bob.leave("den")
    await rook.enter("den")
    await rooms.remove_exception(alice.connection, "den", RoomSetting.INVITE_EXCEPTION, "Rook")
    assert alice.members("den") == ["alice", "Rook"], "nobody present is put out"
    with pytest.raises(ConsentRefused) as refused:
        await bob.enter("den")
    assert refusal(refused) is Reason.INVITE_ONLY


async def test_an_invite_exception_does_not_stand_in_for_the_key() -> None:
    world = await TestWorld.start()
    (alice,) = await in_room(world, "den", "alice")
    bob = await world.person("bob")
    rooms = world.world.rooms
    await rooms.set_visibility(alice.connection, "den", RoomVisibility.PRIVATE)
    await rooms.set_key(alice.connection, "den", "sesame")
    await rooms.add_exception(alice.connection, "den", RoomSetting.INVITE_EXCEPTION, "bob")
    with pytest.raises(ConsentRefused) as refused:
        await bob.enter("den")
    assert refusal(refused) is Reason.NEEDS_KEY
    await rooms.join(bob.connection, "den", key="sesame")


# --- member limit --------------------------------------------------------------------------------


async def test_a_limit_set_later_keeps_newcomers_out_but_puts_nobody_out() -> None:
    world = await TestWorld.start()
    alice, _, _ = await in_room(world, "lobby", "alice", "bob", "carol")
    dana = await world.person("dana")
    await world.world.rooms.set_member_limit(alice.connection, "lobby", 2)
    assert alice.members("lobby") == ["alice", "bob", "carol"]
    with pytest.raises(ConsentRefused) as refused:
        await dana.enter("lobby")
    assert refusal(refused) is Reason.ROOM_FULL
    await world.world.rooms.set_member_limit(alice.connection, "lobby", None)
    await dana.enter("lobby")


# --- moderated rooms and voices ------------------------------------------------------------------


async def test_a_moderated_room_hears_only_managers_and_the_voiced() -> None:
    world = await TestWorld.start()
    alice, bob, carol, dana = await in_room(world, "stage", "alice", "bob", "carol", "dana")
    rooms = world.world.rooms
    await rooms.set_moderator(alice.connection, "stage", "dana", True)
    await rooms.set_moderated(alice.connection, "stage", True)
    with pytest.raises(ConsentRefused) as refused:
        bob.say("stage", "may I?")
    assert refusal(refused) is Reason.MODERATED
    assert refused.value.message == "This room is moderated: only people with a voice may speak."
    with pytest.raises(ConsentRefused):
        bob.pose("stage", "waves")
    alice.say("stage", "welcome")
    dana.say("stage", "hello from a moderator")

    await rooms.set_voice(alice.connection, "stage", "bob", True)
    bob.say("stage", "thank you")
    assert lines(carol)[-4:] == [
        "[stage] alice says welcome",
        "[stage] dana says hello from a moderator",
        "alice set voice on bob in stage",
        "[stage] bob says thank you",
    ]
    voices = {m.character.name: m.voiced for m in rooms.members(carol.connection, "stage")}
    assert voices == {"alice": False, "bob": True, "carol": False, "dana": False}

    await rooms.set_voice(dana.connection, "stage", "bob", False)
    with pytest.raises(ConsentRefused):
        bob.say("stage", "again?")
    await rooms.set_moderated(alice.connection, "stage", False)
    bob.say("stage", "free to talk")
    assert saw(carol, "bob says free to talk")


async def test_a_voice_lasts_until_the_character_leaves() -> None:
    world = await TestWorld.start()
    alice, bob = await in_room(world, "stage", "alice", "bob")
    bob_again = await world.login("bob")
    await bob_again.enter("stage")
    rooms = world.world.rooms
    await rooms.set_moderated(alice.connection, "stage", True)
    await rooms.set_voice(alice.connection, "stage", "bob", True)
    bob.leave("stage")
    bob_again.say("stage", "still here on my other connection")
    bob_again.leave("stage")
    await bob.enter("stage")
    with pytest.raises(ConsentRefused) as refused:
        bob.say("stage", "and my voice?")
    assert refusal(refused) is Reason.MODERATED
    assert not any(m.voiced for m in rooms.members(alice.connection, "stage"))


async def test_only_someone_present_gets_a_voice() -> None:
    world = await TestWorld.start()
    (alice,) = await in_room(world, "stage", "alice")
    await world.person("bob")
    with pytest.raises(NotInRoom) as absent:
        await world.world.rooms.set_voice(alice.connection, "stage", "bob", True)
    assert absent.value.message == "bob is not in stage."


# --- moderators ----------------------------------------------------------------------------------


async def test_moderators_are_kept_and_only_the_owner_takes_the_role_back() -> None:
    world = await TestWorld.start()
    alice, bob, carol = await in_room(world, "lobby", "alice", "bob", "carol")
    rooms = world.world.rooms
    event = await rooms.set_moderator(alice.connection, "lobby", "bob", True)
    assert event is not None
    assert lines(carol) == ["alice set moderator on bob in lobby"]
    await rooms.set_moderator(bob.connection, "lobby", "carol", True)
    assert (await stored(world, "lobby")).moderator_ids == {bob.account.id, carol.account.id}
    flags = {
        m.character.name: (m.owner, m.manager) for m in rooms.members(carol.connection, "lobby")
    }
    assert flags == {"alice": (True, True), "bob": (False, True), "carol": (False, True)}

    with pytest.raises(ConsentRefused) as refused:
        await rooms.set_moderator(bob.connection, "lobby", "carol", False)
    assert refusal(refused) is Reason.MANAGER_PROTECTED
    with pytest.raises(ConsentRefused) as refused:
        await rooms.set_moderator(bob.connection, "lobby", "alice", False)
    assert refusal(refused) is Reason.OWNER_PROTECTED
    with pytest.raises(ConsentRefused) as refused:
        await rooms.set_moderator(alice.connection, "lobby", "alice", False)
    assert refusal(refused) is Reason.OWNER_PROTECTED, "not even the owner"
    await rooms.set_moderator(carol.connection, "lobby", "carol", False)  # one's own role
    await rooms.set_moderator(alice.connection, "lobby", "bob", False)
    assert (await stored(world, "lobby")).moderator_ids == frozenset()
    assert lines(carol)[-2:] == [
        "carol set moderator off carol in lobby",
        "alice set moderator off bob in lobby",
    ]


# --- kicks ---------------------------------------------------------------------------------------


async def test_a_kick_is_seen_by_everyone_and_puts_every_connection_out() -> None:
    world = await TestWorld.start()
    alice, bob, carol = await in_room(world, "lobby", "alice", "bob", "carol")
    bob_again = await world.login("bob")
    await bob_again.enter("lobby")
    event = await world.world.rooms.kick(alice.connection, "lobby", "BOB", "  cool\x02 off\n ")
    assert event.reason == "cool off", "controls dropped, spaces collapsed"
    shown = "bob was kicked from lobby by alice (cool off)"
    for person in (alice, bob, bob_again, carol):
        assert lines(person)[-1] == shown
    assert carol.members("lobby") == ["alice", "carol"]
    for connection in (bob, bob_again):
        with pytest.raises(NotInRoom):
            connection.say("lobby", "hello?")
    await bob.enter("lobby")  # a kick is not a ban


async def test_a_long_kick_reason_is_cut() -> None:
    world = await TestWorld.start()
    alice, _ = await in_room(world, "lobby", "alice", "bob")
    event = await world.world.rooms.kick(alice.connection, "lobby", "bob", "x" * 1000)
    assert event.reason == "x" * 255


async def test_who_may_kick_whom() -> None:
    world = await TestWorld.start()
    alice, bob, _, dana = await in_room(world, "lobby", "alice", "bob", "carol", "dana")
    rooms = world.world.rooms
    for moderator in ("bob", "carol"):
        await rooms.set_moderator(alice.connection, "lobby", moderator, True)
    cases = [
        (dana, "carol", Reason.NOT_PERMITTED),
        (bob, "alice", Reason.OWNER_PROTECTED),
        (alice, "alice", Reason.OWNER_PROTECTED),
        (bob, "carol", Reason.MANAGER_PROTECTED),
    ]
    for kicker, target, reason in cases:
        with pytest.raises(ConsentRefused) as refused:
            await rooms.kick(kicker.connection, "lobby", target)
        assert refusal(refused) is reason, (kicker.name, target)
    assert alice.members("lobby") == ["alice", "bob", "carol", "dana"]
    await rooms.kick(bob.connection, "lobby", "dana")
    await rooms.kick(alice.connection, "lobby", "carol")
    await rooms.kick(bob.connection, "lobby", "bob")  # a moderator may leave that way
    assert alice.members("lobby") == ["alice"]


async def test_kicking_someone_absent_says_so() -> None:
    world = await TestWorld.start()
    (alice,) = await in_room(world, "lobby", "alice")
    await world.person("bob")
    with pytest.raises(NotInRoom) as absent:
        await world.world.rooms.kick(alice.connection, "lobby", "bob")
    assert absent.value.message == "bob is not in lobby."


# --- topic ---------------------------------------------------------------------------------------


async def test_the_topic_lock_decides_who_sets_it_and_who_and_when_are_kept() -> None:
    clock = Ticking()
    world = await TestWorld.start(clock)
    alice, bob = await in_room(world, "lobby", "alice", "bob")
    with pytest.raises(ConsentRefused) as refused:
        await bob.set_topic("lobby", "bob was here")
    assert refusal(refused) is Reason.NOT_PERMITTED, "locked by default"
    await world.world.rooms.set_topic_locked(alice.connection, "lobby", False)
    await bob.set_topic("lobby", "bob was here")
    set_at = clock.now
    assert saw(alice, "topic of lobby: bob was here")
    room = await stored(world, "lobby")
    assert (room.topic, room.topic_by, room.topic_at) == ("bob was here", "bob", set_at)
    assert world.world.rooms.live(alice.connection, "lobby").room == room

    await world.world.rooms.set_topic_locked(alice.connection, "lobby", True)
    with pytest.raises(ConsentRefused):
        await bob.set_topic("lobby", "again")
    await alice.set_topic("lobby", "tea")
    assert (await stored(world, "lobby")).topic_by == "alice"


# --- blocks --------------------------------------------------------------------------------------


async def test_changes_about_someone_are_not_shown_across_a_block_with_them() -> None:
    world = await TestWorld.start()
    alice, bob, carol = await in_room(world, "lobby", "alice", "bob", "carol")
    await carol.block("bob")
    carol.forget()
    bob.forget()
    rooms = world.world.rooms
    await rooms.set_voice(alice.connection, "lobby", "bob", True)
    await rooms.kick(alice.connection, "lobby", "bob", "enough")
    await rooms.ban(alice.connection, "lobby", "bob")
    await rooms.set_moderated(alice.connection, "lobby", True)
    assert lines(carol) == ["alice set moderated on in lobby"]
    assert lines(bob) == [
        "alice set voice on bob in lobby",
        "bob was kicked from lobby by alice (enough)",
    ]


async def test_changes_by_someone_across_a_block_are_shown_without_who() -> None:
    world = await TestWorld.start()
    alice, _, carol = await in_room(world, "lobby", "alice", "bob", "carol")
    await carol.block("alice")  # carol blocks: alice is the blocked side
    await world.world.rooms.set_moderator(alice.connection, "lobby", "bob", True)
    for person in (alice, carol):
        person.forget()
    rooms = world.world.rooms
    await rooms.set_topic_locked(alice.connection, "lobby", False)
    await alice.set_topic("lobby", "quiet please")
    await rooms.kick(alice.connection, "lobby", "bob")
    assert lines(carol) == [
        "the server set topic_locked off in lobby",
        # Text alice wrote is not shown to carol, who blocks her (core.authored).
        "topic of lobby: hidden by your block",
        "bob was kicked from lobby by the server",
    ]
    kinds = (RoomSettingChanged, TopicChanged, MemberKicked)
    assert all(isinstance(e, kinds) and e.by is None for e in carol.session.events)
    assert nothing_about(alice, "carol")


async def test_the_blocked_cannot_act_on_or_find_out_about_someone_hiding() -> None:
    world = await TestWorld.start()
    alice, bob = await in_room(world, "lobby", "alice", "bob")
    await world.person("ghost")  # exists, not in the room
    await bob.block("alice")  # alice, who manages the room, is the blocked side
    rooms = world.world.rooms
    for name in ("bob", "ghost"):
        for attempt in (
            rooms.kick(alice.connection, "lobby", name),
            rooms.set_voice(alice.connection, "lobby", name, True),
        ):
            with pytest.raises(NotInRoom) as absent:
                await attempt
            assert absent.value.message == f"{name} is not in lobby.", "hidden looks absent"
    assert bob.members("lobby") == ["bob"]


@pytest.mark.parametrize("blocker", ["alice", "bob"])
async def test_a_ban_across_a_block_puts_them_out_without_saying_who_or_that_they_were_there(
    blocker: str,
) -> None:
    world = await TestWorld.start()
    alice, bob, carol = await in_room(world, "lobby", "alice", "bob", "carol")
    await (alice if blocker == "alice" else bob).block("bob" if blocker == "alice" else "alice")
    for person in (alice, bob):
        person.forget()
    await world.world.rooms.ban(alice.connection, "lobby", "bob")
    assert lines(bob) == [
        "the server set ban on bob in lobby",
        "bob was kicked from lobby by the server (banned)",
    ]
    # Alice banned a name; whether bob was in the room, hidden from her, she does not learn.
    assert lines(alice) == ["alice set ban on bob in lobby"]
    assert saw(carol, "bob was kicked from lobby by alice (banned)")
    with pytest.raises(NotInRoom):
        bob.say("lobby", "hello?")


async def test_rating_a_room_takes_out_whoever_may_not_see_it_and_needs_the_rating_oneself() -> (
    None
):
    world = await TestWorld.start()
    owner = await world.person("Olive")
    await owner.opt_in(Rating.MATURE)
    guest = await world.person("Gwen")
    await guest.opt_in()  # general only
    watcher = await world.person("Walt")
    await watcher.opt_in(Rating.MATURE)
    await owner.create_room("parlour")
    await guest.enter("parlour")
    await watcher.enter("parlour")
    for person in (owner, guest, watcher):
        person.forget()

    with pytest.raises(ConsentRefused):
        await world.world.rooms.set_rating(owner.connection, "parlour", Rating.ADULT)
    await world.world.rooms.set_rating(owner.connection, "parlour", Rating.MATURE)

    assert saw(watcher, "Olive set rating on mature in parlour")
    assert saw(watcher, "Gwen left parlour")
    assert "Gwen" not in watcher.members("parlour")
    assert sorted(watcher.members("parlour")) == ["Olive", "Walt"]
    stored = await world.world.store.rooms.find_by_name("parlour")
    assert stored is not None
    assert stored.rating is Rating.MATURE
