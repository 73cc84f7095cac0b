"""Whatever a client sends, the machine never raises and writes only well-formed lines."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st
from irc_harness import CAPS, plain

from boudoir.wire.irc import (
    CommandReceived,
    IrcConnection,
    RegistrationRequested,
    SaslPlainReceived,
    parse_message,
)

NICK = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,15}")


def assert_well_formed(data: bytes) -> None:
    """Every line ends in CR LF and reads back as an IRC message."""
    if not data:
        return
    assert data.endswith(b"\r\n")
    for line in data[:-2].split(b"\r\n"):
        assert b"\r" not in line
        assert b"\n" not in line
        parse_message(line)


def play_gateway(connection: IrcConnection) -> None:
    """A minimal gateway: accept plausible nicks, the password "sesame", answer commands."""
    for event in connection.events_received():
        if isinstance(event, RegistrationRequested):
            if connection.registered:
                continue
            if NICK.fullmatch(event.nick):
                connection.complete_registration(event.nick)
                connection.reply("001", "Welcome")
            else:
                connection.reply("432", "*", "Erroneous nickname")
                connection.refuse_registration()
        elif isinstance(event, SaslPlainReceived):
            if event.password == "sesame" and NICK.fullmatch(event.authcid):
                connection.sasl_succeeded(event.authcid)
            else:
                connection.sasl_failed()
        elif isinstance(event, CommandReceived):
            connection.start_response(event.message.tags.get("label"))
            connection.reply("421", event.message.command, "Unknown command")
            connection.finish_response()


@given(st.lists(st.binary(max_size=700), max_size=8))
def test_any_bytes_are_answered_with_well_formed_lines(chunks: list[bytes]) -> None:
    connection = IrcConnection("irc.test", capabilities=CAPS)
    for chunk in chunks:
        connection.receive_data(chunk)
        play_gateway(connection)
        assert_well_formed(connection.data_to_send())
    connection.receive_eof()
    play_gateway(connection)
    assert_well_formed(connection.data_to_send())


_junk = st.text(max_size=30).filter(lambda s: "\r" not in s and "\n" not in s)
_param = st.one_of(
    st.sampled_from(["alice", "*", "+", "-", ":", "#den", "302", "PLAIN", "", " "]), _junk
)
_line = st.one_of(
    st.sampled_from(
        [
            "CAP LS 302",
            "CAP LS",
            "CAP LIST",
            "CAP END",
            "CAP REQ :sasl labeled-response batch message-tags",
            "CAP REQ :-batch nope",
            "CAP REQ -cap-notify",
            "AUTHENTICATE PLAIN",
            "AUTHENTICATE *",
            "AUTHENTICATE +",
            f"AUTHENTICATE {plain('', 'alice', 'sesame')}",
            f"AUTHENTICATE {plain('', 'alice', 'wrong')}",
            f"AUTHENTICATE {'A' * 400}",
            "NICK alice",
            "NICK :bad nick",
            "USER al 0 * :Alice",
            "PASS sesame",
            "PING :x y",
            "PONG x",
            "PRIVMSG #den :hello",
            "REGISTER * * :pw",
            "QUIT :bye",
        ]
    ),
    st.builds(
        lambda command, params: " ".join([command, *params]),
        st.sampled_from(["CAP", "AUTHENTICATE", "NICK", "USER", "PASS", "PING", "JOIN", "X"]),
        st.lists(_param, max_size=5),
    ),
)
_tags = st.sampled_from(["", "@label=a ", "@label=b;+x=\\s ", "@label= ", "@batch=1 "])
_end = st.sampled_from([b"\r\n", b"\n", b"\r\n\r\n"])


@given(
    lines=st.lists(st.tuples(_tags, _line, _end), max_size=25),
    cuts=st.lists(st.integers(min_value=1, max_value=64), max_size=10),
)
def test_plausible_sessions_never_raise_and_stay_well_formed(
    lines: list[tuple[str, str, bytes]], cuts: list[int]
) -> None:
    connection = IrcConnection("irc.test", capabilities=CAPS)
    data = b"".join((tags + line).encode() + end for tags, line, end in lines)
    position = 0
    for cut in [*cuts, len(data)]:
        connection.receive_data(data[position : position + cut])
        position += cut
        play_gateway(connection)
        assert_well_formed(connection.data_to_send())
    connection.receive_data(data[position:])
    play_gateway(connection)
    assert_well_formed(connection.data_to_send())
