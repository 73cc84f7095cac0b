"""MONITOR, sans-I/O: the watched list, its replies, and the line reporting a change."""

from __future__ import annotations

from boudoir.wire.irc import numerics as n
from boudoir.wire.irc.monitor import Watched, change_line, monitor
from boudoir.wire.irc.server_info import MAX_MONITOR


def online(name: str) -> str | None:
    return "Alice" if name.lower() == "alice" else None


def test_adding_reports_who_is_online_and_who_is_not() -> None:
    watched: Watched = {}
    replies = monitor(watched, ("+", "alice,bob"), online)
    assert replies == [(n.RPL_MONONLINE, "Alice!rp@cloaked"), (n.RPL_MONOFFLINE, "bob")]
    assert monitor(watched, ("L",), online) == [
        (n.RPL_MONLIST, "Alice,bob"),
        (n.RPL_ENDOFMONLIST, "End of MONITOR list"),
    ]
    assert monitor(watched, ("-", "BOB"), online) == []
    assert list(watched) == ["alice"]
    assert monitor(watched, ("C",), online) == []
    assert watched == {}
    assert monitor(watched, ("X",), online) is None


def test_a_full_list_names_the_targets_left_out() -> None:
    watched: Watched = {f"n{i}": (f"n{i}", False) for i in range(MAX_MONITOR)}
    replies = monitor(watched, ("+", "carol,dave"), online)
    assert replies == [(n.ERR_MONLISTFULL, str(MAX_MONITOR), "carol,dave", "Monitor list is full.")]


def test_changes_are_news_only_when_they_change_what_was_reported() -> None:
    watched: Watched = {"alice": ("alice", False)}
    line = change_line(watched, "irc.test", "me", "Alice", True)
    assert line is not None
    assert (line.command, line.params) == (n.RPL_MONONLINE, ("me", "Alice!rp@cloaked"))
    assert change_line(watched, "irc.test", "me", "Alice", True) is None
    assert change_line(watched, "irc.test", "me", "Zed", True) is None
