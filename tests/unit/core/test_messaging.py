"""Speech in rooms and whispers: who hears what, and which texts are refused."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boudoir.core.text import balance_bidi
from boudoir.domain.consent import Reason
from boudoir.domain.entities import MAX_MESSAGE
from boudoir.domain.errors import ConsentRefused, InvalidInput, NotInRoom
from boudoir.domain.events import RoomMessageSent
from boudoir.testing.harness import TestPerson, TestWorld


async def gathered(world: TestWorld, *names: str, room: str = "lobby") -> list[TestPerson]:
    """Log each person in, put them all in ``room`` and clear what they saw so far."""
    people = [await world.person(name) for name in names]
    for person in people:
        await person.join(room)
    for person in people:
        person.forget()
    return people


async def alt(world: TestWorld, owner: TestPerson, name: str) -> TestPerson:
    await world.world.characters.create(owner.account.id, name)
    return await world.login(owner.account.name, character=name)


# --- speech in a room ----------------------------------------------------------------------------


async def test_say_pose_and_ooc_reach_the_room_but_not_the_sending_connection() -> None:
    world = await TestWorld.start()
    alice, bob, carol = await gathered(world, "alice", "bob", "carol")
    alice.say("lobby", "hello all")
    alice.pose("lobby", "waves")
    alice.ooc("lobby", "brb, tea")
    expected = [
        "[lobby] alice says hello all",
        "[lobby] alice waves",
        "[lobby] alice oocs brb, tea",
    ]
    assert bob.lines() == expected
    assert carol.lines() == expected
    assert alice.lines() == []


async def test_the_senders_other_connection_in_the_room_sees_what_it_said() -> None:
    world = await TestWorld.start()
    alice, bob = await gathered(world, "alice", "bob")
    alice_phone = await world.login("alice")
    await alice_phone.enter("lobby")
    bob.forget()
    alice.say("lobby", "from my laptop")
    assert alice_phone.lines() == ["[lobby] alice says from my laptop"]
    assert bob.lines() == ["[lobby] alice says from my laptop"]
    assert alice.lines() == []


async def test_people_outside_the_room_hear_nothing_and_cannot_speak_in_it() -> None:
    world = await TestWorld.start()
    alice, bob = await gathered(world, "alice", "bob")
    outsider = await world.person("olive")
    await outsider.join("garden")
    alice.say("lobby", "members only")
    assert not outsider.saw("members only")
    with pytest.raises(NotInRoom):
        outsider.say("lobby", "let me in")
    assert not bob.saw("let me in")


# --- whispers ------------------------------------------------------------------------------------


async def test_a_whisper_reaches_only_its_target_and_the_senders_other_connections() -> None:
    world = await TestWorld.start()
    alice, bob, carol = await gathered(world, "alice", "bob", "carol")
    alice_phone = await world.login("alice")
    alice_alt = await alt(world, alice, "Wren")
    for person in (alice, bob, carol, alice_phone):
        person.forget()
    alice.whisper("lobby", "BOB", "meet me by the fountain")
    line = "[lobby] alice whispers to bob: meet me by the fountain"
    assert bob.lines() == [line]
    assert alice_phone.lines() == [line], "same character, other connection: shown what it sent"
    assert carol.lines() == []
    assert alice.lines() == []
    assert not alice_alt.saw("fountain"), "another character of the account is someone else"


async def test_whispers_to_the_absent_the_blocked_and_oneself_are_refused() -> None:
    world = await TestWorld.start()
    alice, bob, carol = await gathered(world, "alice", "bob", "carol")
    await bob.block("alice")
    refusals = []
    for name in ("bob", "carol-not-here", "olive"):
        with pytest.raises(ConsentRefused) as refused:
            alice.whisper("lobby", name, "psst")
        refusals.append((refused.value.reason, refused.value.message))
    assert refusals == [(Reason.UNAVAILABLE.value, Reason.UNAVAILABLE.message)] * 3
    with pytest.raises(ConsentRefused) as to_self:
        alice.whisper("lobby", "alice", "psst")
    assert to_self.value.reason == Reason.SELF.value
    assert not bob.saw("psst")
    assert not carol.saw("psst")


# --- which texts are accepted --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param(" \t\n ", id="only-whitespace"),
        pytest.param("x" * (MAX_MESSAGE + 1), id="too-long"),
        pytest.param("nul\x00byte", id="nul"),
        pytest.param("\x1b[2Jcleared", id="escape"),
        pytest.param("fake\rline", id="carriage-return"),
        pytest.param("bell\x07", id="bell"),
        pytest.param("del\x7f", id="delete"),
        pytest.param("csi\x9b2J", id="c1-csi"),
        pytest.param("next\x85line", id="c1-next-line"),
        pytest.param("half a \ud83d pair", id="lone-surrogate"),
    ],
)
async def test_empty_overlong_and_control_texts_are_refused_everywhere(text: str) -> None:
    world = await TestWorld.start()
    alice, bob = await gathered(world, "alice", "bob")
    with pytest.raises(InvalidInput):
        alice.say("lobby", text)
    with pytest.raises(InvalidInput):
        alice.whisper("lobby", "bob", text)
    with pytest.raises(InvalidInput):
        await alice.message("bob", text)
    assert bob.lines() == []


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("x" * MAX_MESSAGE, id="longest"),
        pytest.param("two\nlines\tand a tab", id="newline-and-tab"),
        pytest.param("  leading and trailing  ", id="spaces-kept"),
        pytest.param("héllo 👋 مرحبا", id="unicode"),
    ],
)
async def test_ordinary_texts_arrive_exactly_as_sent(text: str) -> None:
    world = await TestWorld.start()
    alice, bob = await gathered(world, "alice", "bob")
    alice.say("lobby", text)
    [event] = bob.session.events
    assert isinstance(event, RoomMessageSent)
    assert event.text == text


async def test_any_text_is_delivered_as_written_or_refused_as_invalid_input() -> None:
    world = await TestWorld.start()
    alice, bob = await gathered(world, "alice", "bob")

    near_the_limit = st.builds(
        lambda length, char: char * length,
        st.integers(MAX_MESSAGE - 1, MAX_MESSAGE + 1),
        st.characters(),
    )
    # Any code point at all (JSON can carry lone surrogates), with the edge cases made common.
    # Built from a list: st.text() never yields surrogates, whatever its alphabet.
    any_character = st.characters(exclude_categories=[]) | st.sampled_from(
        list("\x00\t\n\r\x1b\x7f\x85\x9b\ud800\udfff \u00a0\u2028\u202e")
    )
    any_text = st.lists(any_character, max_size=40).map("".join)

    @settings(max_examples=120, deadline=None)
    @given(any_text | near_the_limit)
    def speak(text: str) -> None:
        bob.forget()
        try:
            sent = alice.say("lobby", text)
        except InvalidInput:
            assert bob.lines() == []
            return
        [event] = bob.session.events
        assert event == sent
        assert sent.text == balance_bidi(text)  # verbatim but for unbalanced bidi controls
        # What is delivered, every gateway can write: UTF-8, no controls but tab and newline.
        sent.text.encode("utf-8")
        assert all(c in "\t\n" or unicodedata.category(c) != "Cc" for c in sent.text)
        assert sent.text.strip()

    speak()
