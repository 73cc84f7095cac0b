"""The one table from the core's errors to IRC replies, and what the server says of itself,
sans-I/O."""

from __future__ import annotations

import datetime as dt

from boudoir.domain.errors import ConsentRefused, InvalidInput, NotFound, NotInRoom
from boudoir.wire.irc import numerics as n
from boudoir.wire.irc import server_info
from boudoir.wire.irc.errors import FAIL, error_reply


def knows(name: str) -> bool:
    return name == "#open"


def test_a_numeric_where_the_command_has_one() -> None:
    assert error_reply("JOIN", NotFound(), "#x", may_know_of=knows) == (
        n.ERR_NOSUCHCHANNEL,
        "#x",
        "No such channel",
    )
    assert error_reply("KICK", NotFound(), "bob", "#d", may_know_of=knows) == (
        n.ERR_NOSUCHNICK,
        "bob",
        "No such nick/channel",
    )


def test_a_room_one_may_not_know_of_reads_as_none() -> None:
    hidden = error_reply("TOPIC", NotInRoom(), "#hidden", may_know_of=knows)
    known = error_reply("TOPIC", NotInRoom(), "#open", may_know_of=knows)
    assert hidden is not None
    assert known is not None
    assert (hidden[0], known[0]) == (n.ERR_NOSUCHCHANNEL, n.ERR_NOTONCHANNEL)


def test_worded_codes_carry_the_cores_message_and_others_are_standard_replies() -> None:
    refused = ConsentRefused("recipient_unavailable", "Not accepting messages.")
    assert error_reply("PRIVMSG", refused, "bob", may_know_of=knows) == (
        n.ERR_NOSUCHNICK,
        "bob",
        "Not accepting messages.",
    )
    assert error_reply("SCENE", InvalidInput("Say which scene."), may_know_of=knows) == (
        FAIL,
        "SCENE",
        "INVALID_INPUT",
        "Say which scene.",
    )


def test_server_info() -> None:
    [first, second] = server_info.isupport("Net", 20, 100)
    assert first[0] == n.RPL_ISUPPORT
    assert first[-1] == second[-1] == "are supported by this server"
    assert "NETWORK=Net" in first + second
    assert server_info.motd("irc.test", " ") == [(n.ERR_NOMOTD, "MOTD File is missing")]
    assert server_info.help_reply("NOPE", known=False) == [
        (n.ERR_HELPNOTFOUND, "NOPE", "No help available on this topic")
    ]
    now = dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
    assert server_info.time_reply("irc.test", now)[:4] == (
        n.RPL_TIME,
        "irc.test",
        str(int(now.timestamp())),
        "0",
    )
