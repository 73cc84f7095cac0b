"""NickServ's REGISTER and IDENTIFY words, and what a PRIVMSG says, sans-I/O."""

from __future__ import annotations

import datetime as dt

import pytest

from boudoir.domain.errors import InvalidInput
from boudoir.domain.events import MessageKind
from boudoir.wire.irc.registration import (
    after_verb,
    birth_date,
    identify_arguments,
    register_arguments,
)
from boudoir.wire.irc.speech import client_tags, message_kind, own_copy


def test_register_arguments_keep_the_password_whole() -> None:
    assert register_arguments("a b c 2000-01-02") == ("a b c", "2000-01-02", None)
    assert register_arguments("pw 2000-01-02 CODE") == ("pw", "2000-01-02", "CODE")
    assert register_arguments("pw 2000-1-2") == ("pw", "2000-1-2", None)
    assert register_arguments("pw") is None
    assert after_verb("  REGISTER my pass 2000-01-02") == "my pass 2000-01-02"
    assert birth_date("2000-01-02") == dt.date(2000, 1, 2)
    with pytest.raises(InvalidInput):
        birth_date("2000-13-02")


def test_identify_arguments() -> None:
    assert identify_arguments("secret", "alice") == ("alice", "secret")
    assert identify_arguments("bob two words", "alice") == ("bob", "two words")
    assert identify_arguments("", "alice") is None


def test_message_kinds() -> None:
    assert message_kind("\x01ACTION waves\x01") == (MessageKind.POSE, "waves")
    assert message_kind("\x01VERSION\x01") == (MessageKind.NOTICE, "")
    assert message_kind(" ((brb)) ") == (MessageKind.OOC, "brb")
    assert message_kind("hi") == (MessageKind.SAY, "hi")


def test_client_tags_and_the_own_copy() -> None:
    assert client_tags({"message-tags"}, {"+typing": "active", "label": "x"}) == (
        ("+typing", "active"),
    )
    assert client_tags(set(), {"+typing": "active"}) == ()
    at = dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
    caps = {"message-tags", "account-tag"}
    copy = own_copy(caps, "Alice", "PRIVMSG", "#d", "hi", "m1", at, (("+x", "1"),))
    assert copy.source == "Alice!rp@cloaked"
    assert dict(copy.tags) == {"+x": "1", "msgid": "m1", "account": "Alice"}
    assert own_copy(set(), "Alice", "TAGMSG", "bob", None, "m1", at, ()).params == ("bob",)
