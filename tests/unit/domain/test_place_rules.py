"""Exit names, directions and locks: what players type and who a lock lets through."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boudoir.domain.errors import InvalidInput
from boudoir.domain.ids import AccountId, RoomId
from boudoir.domain.places import (
    MAX_LOCK_DEPTH,
    BadLock,
    Exit,
    LockSubject,
    Thing,
    evaluate,
    find_exit,
    find_thing,
    parse_exit_names,
    parse_lock,
)

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
OWNER = AccountId("a-owner")


def exit_named(spec: str) -> Exit:
    name, aliases = parse_exit_names(spec)
    return Exit(f"x-{spec}", RoomId("r1"), name, OWNER, NOW, aliases, RoomId("r2"))


# --- exit names ---------------------------------------------------------------------------------


def test_a_spec_gives_the_shown_name_then_aliases_without_duplicates() -> None:
    assert parse_exit_names("North;north;n; N ") == ("North", ("n",))
    assert parse_exit_names("Oak  door;door") == ("Oak door", ("door",))


@pytest.mark.parametrize("spec", ["", ";;", "a|b", "x\x1bq", "#lobby", "a" * 33])
def test_odd_exit_names_are_refused(spec: str) -> None:
    with pytest.raises(InvalidInput):
        parse_exit_names(spec)


@pytest.mark.parametrize(
    ("spec", "typed", "matches"),
    [
        ("North;north;n", "n", True),
        ("North;north;n", "NORTH", True),
        ("north", "n", True),  # a long direction answers to its short form
        ("n", "north", True),  # and the other way round
        ("Out;o", "out", True),
        ("se", "southeast", True),
        ("North;n", "s", False),
        ("Oak door;door", "oak   door", True),
        ("Oak door;door", "oak", False),
        ("in", "inside", False),
        ("North", "", False),
    ],
)
def test_exit_matching(spec: str, typed: str, matches: bool) -> None:
    assert exit_named(spec).matches(typed) is matches


def test_the_oldest_matching_exit_wins() -> None:
    first, second = exit_named("North;n"), exit_named("n;up-the-hill")
    assert find_exit([first, second], "n") is first
    assert find_exit([first, second], "west") is None


def test_things_match_by_whole_name_then_by_a_unique_prefix() -> None:
    lamp = Thing("t1", "Brass lamp", OWNER, NOW)
    lantern = Thing("t2", "Brass lantern", OWNER, NOW)
    key = Thing("t3", "key", OWNER, NOW)
    assert find_thing([lamp, lantern, key], "brass lamp") is lamp
    assert find_thing([lamp, lantern, key], "ke") is key
    assert find_thing([lamp, lantern, key], "brass") is None  # which one?


# --- locks ----------------------------------------------------------------------------------------

ALICE = LockSubject("Alice")
BOB_BUILDER = LockSubject("bob", builder=True)
CAROL_OWNER = LockSubject("carol", owner=True)


@pytest.mark.parametrize(
    ("lock", "alice", "bob_builder", "carol_owner"),
    [
        ("alice", True, False, False),
        ("ALICE", True, False, False),
        ("!alice", False, True, True),
        ("alice|bob", True, True, False),
        ("alice&bob", False, False, False),
        ("builder", False, True, False),
        ("me", False, False, True),
        ("owner|builder", False, True, True),
        ("!(alice|builder)", False, False, True),
        ("(alice | carol) & !builder", True, False, True),
        ("!!alice", True, False, False),
    ],
)
def test_lock_matrix(lock: str, alice: bool, bob_builder: bool, carol_owner: bool) -> None:
    parsed = parse_lock(lock)
    assert evaluate(parsed, ALICE) is alice
    assert evaluate(parsed, BOB_BUILDER) is bob_builder
    assert evaluate(parsed, CAROL_OWNER) is carol_owner


def test_no_lock_lets_everyone_through() -> None:
    assert evaluate(None, ALICE)


def test_a_lock_keeps_its_text_for_examine() -> None:
    assert parse_lock("  alice |   bob ").text == "alice | bob"


@pytest.mark.parametrize(
    "text", ["", "   ", "alice|", "&bob", "(alice", "alice)", "a b", "al!ce", "x\x07", "a" * 201]
)
def test_bad_locks_are_refused_with_a_stable_code(text: str) -> None:
    with pytest.raises(BadLock) as caught:
        parse_lock(text)
    assert caught.value.code == "bad_lock"


def test_nesting_is_bounded() -> None:
    parse_lock("(" * MAX_LOCK_DEPTH + "alice" + ")" * MAX_LOCK_DEPTH)
    with pytest.raises(BadLock):
        parse_lock("(" * (MAX_LOCK_DEPTH + 1) + "alice" + ")" * (MAX_LOCK_DEPTH + 1))
    with pytest.raises(BadLock):
        parse_lock("!" * (MAX_LOCK_DEPTH + 2) + "alice")


@given(st.text(alphabet="ab!&|() ", max_size=60))
def test_any_lock_text_parses_or_is_refused_as_bad_lock(text: str) -> None:
    try:
        lock = parse_lock(text)
    except BadLock:
        return
    evaluate(lock, ALICE)


def test_things_match_by_a_word_of_their_name() -> None:
    lamp = Thing("t1", "brass lamp", OWNER, NOW)
    rope = Thing("t2", "red rope", OWNER, NOW)
    assert find_thing([lamp, rope], "lamp") is lamp
    assert find_thing([lamp, rope], "r") is rope  # "red rope" starts with it; no word search
