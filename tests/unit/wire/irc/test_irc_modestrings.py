"""Channel MODE strings into the changes they ask for, without a server."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from boudoir.wire.irc.modes import (
    MAX_MODE_CHANGES,
    ListQuery,
    MissingParameter,
    ModeChange,
    UnknownMode,
    parse_modes,
)


def test_parameters_go_to_the_letters_that_take_them_in_order() -> None:
    assert parse_modes("+kl-v+m", ["sesame", "20", "bob"]) == [
        ModeChange("k", True, "sesame"),
        ModeChange("l", True, "20"),
        ModeChange("v", False, "bob"),
        ModeChange("m", True),
    ]


def test_unsetting_a_key_takes_its_parameter_but_a_limit_or_rating_takes_none() -> None:
    assert parse_modes("-klR", ["old", "x"]) == [
        ModeChange("k", False),
        ModeChange("l", False),
        ModeChange("R", False),
    ]


def test_a_list_letter_alone_asks_for_the_list_and_a_role_alone_is_missing_its_nick() -> None:
    assert parse_modes("b+o-eX", []) == [
        ListQuery("b"),
        MissingParameter("o"),
        ListQuery("e"),
        UnknownMode("X"),
    ]


def test_changes_naming_someone_stop_at_the_limit() -> None:
    names = [f"n{i}" for i in range(MAX_MODE_CHANGES + 2)]
    items = parse_modes("+" + "b" * len(names) + "m", names)
    assert items == [ModeChange("b", True, name) for name in names[:MAX_MODE_CHANGES]]


@given(st.text(max_size=20), st.lists(st.text(max_size=5), max_size=6))
def test_any_modestring_parses_without_error(modestring: str, params: list[str]) -> None:
    items = parse_modes(modestring, params)
    assert len(items) <= len(modestring)
