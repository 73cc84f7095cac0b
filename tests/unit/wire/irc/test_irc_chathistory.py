"""CHATHISTORY, sans-I/O: the request's words into a query (or the FAIL that answers them),
and a page of lines into the batch a client reads."""

from __future__ import annotations

import datetime as dt

import pytest

from boudoir.domain.history import HistoryPage, HistoryQuery, LineRef, TargetsQuery
from boudoir.domain.replies import LoggedLine
from boudoir.wire.irc.chathistory import Refused, history_lines, parse_request, target_lines

AT = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def test_latest_with_a_star_and_a_limit_capped_by_the_server() -> None:
    query = parse_request(("latest", "#Den", "*", "500"), 100)
    assert query == HistoryQuery("LATEST", "#Den", (LineRef(),), 100)
    assert parse_request(("LATEST", "#Den", "*", "0"), 100) == query


def test_references_by_time_and_by_message_id() -> None:
    query = parse_request(("BETWEEN", "#d", "timestamp=2026-01-02T03:04:05Z", "msgid=x", "5"), 9)
    assert query == HistoryQuery("BETWEEN", "#d", (LineRef(at=AT), LineRef(message_id="x")), 5)


def test_targets_take_two_references() -> None:
    query = parse_request(("TARGETS", "timestamp=2026-01-02T03:04:05", "msgid=y", "3"), 9)
    assert query == TargetsQuery(LineRef(at=AT), LineRef(message_id="y"), 3)


@pytest.mark.parametrize(
    ("params", "description", "context"),
    [
        (("SOON", "#d", "*", "1"), "Unknown subcommand", "SOON"),
        (("before", "#d", "*"), "Not enough parameters", "BEFORE"),
        (("BETWEEN", "#d", "*", "1"), "Not enough parameters", "BETWEEN"),
        (("LATEST", "#d", "*", "many"), "The limit is a number", "LATEST"),
        (("LATEST", "#d", "*", "-1"), "The limit is a number", "LATEST"),
        (("BEFORE", "#d", "*", "1"), "Unknown message reference", "BEFORE"),
        (("AFTER", "#d", "timestamp=never", "1"), "Unknown message reference", "AFTER"),
        (("TARGETS", "*", "*", "1"), "Targets take two timestamps", "TARGETS"),
    ],
)
def test_refusals(params: tuple[str, ...], description: str, context: str) -> None:
    with pytest.raises(Refused) as refused:
        parse_request(params, 100)
    assert (refused.value.description, refused.value.context) == (description, context)


def test_a_nick_as_target_checks_every_reference() -> None:
    with pytest.raises(Refused):
        parse_request(("BEFORE", "bob", "msgid=a", "junk", "1"), 100)
    query = parse_request(("BEFORE", "#d", "msgid=a", "junk", "1"), 100)
    assert isinstance(query, HistoryQuery)
    assert query.refs == (LineRef(message_id="a"),)


def test_history_lines_in_a_batch_with_time_and_msgid() -> None:
    page = HistoryPage("Den", (LoggedLine("m1", AT, "alice", "pose", "waves"),))
    caps = {"batch", "server-time", "message-tags"}
    start, line, end = history_lines("irc.test", "#den", page, caps)
    reference = start.params[0][1:]
    assert start.params == (f"+{reference}", "chathistory", "#den")
    assert line.command == "PRIVMSG"
    assert line.params == ("#Den", "\x01ACTION waves\x01")
    assert line.source == "alice!rp@cloaked"
    assert dict(line.tags) == {
        "batch": reference,
        "time": "2026-01-02T03:04:05.000Z",
        "msgid": "m1",
    }
    assert end.params == (f"-{reference}",)


def test_without_batch_only_the_lines() -> None:
    page = HistoryPage("Den", (LoggedLine("m1", AT, "bob", "notice", "hi"),))
    [line] = history_lines("irc.test", "#den", page, set())
    assert (line.command, line.params, dict(line.tags)) == ("NOTICE", ("#Den", "hi"), {})
    assert history_lines("irc.test", "bob", HistoryPage(None, ()), set()) == []


def test_target_lines() -> None:
    [line] = target_lines("irc.test", [("Den", AT)], set())
    assert line.params == ("TARGETS", "#Den", "2026-01-02T03:04:05.000Z")
    assert line.source == "irc.test"
