"""IRC lines: what a client sends is read as Modern IRC and IRCv3 message-tags say, and what the
server renders reads back the same."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boudoir.wire.irc import (
    IrcSyntaxError,
    Message,
    escape_tag_value,
    parse_message,
    render,
    render_message,
    unescape_tag_value,
)

# --- parsing ---------------------------------------------------------------------------------


def test_a_full_line_has_tags_source_command_and_params() -> None:
    message = parse_message(
        b"@label=abc;+draft/reply=42;solo :alice!a@host privmsg #den :hello there"
    )
    assert message == Message(
        "PRIVMSG",
        ("#den", "hello there"),
        source="alice!a@host",
        tags={"label": "abc", "+draft/reply": "42", "solo": ""},
    )


def test_numerics_stay_three_digit_strings() -> None:
    assert parse_message(":irc.test 001 alice :Welcome").command == "001"


def test_several_spaces_between_parts_are_tolerated() -> None:
    message = parse_message("@a=1   :src   NICK    alice   ")
    assert message == Message("NICK", ("alice",), source="src", tags={"a": "1"})
    message = parse_message("PRIVMSG  bob   :two  words")
    assert message == Message("PRIVMSG", ("bob", "two  words"))


def test_the_trailing_parameter_keeps_its_spaces_and_colons() -> None:
    assert parse_message("PRIVMSG #den :  a :b  ").params == ("#den", "  a :b  ")
    assert parse_message("PRIVMSG #den ::)").params == ("#den", ":)")
    assert parse_message("TOPIC #den :").params == ("#den", "")


def test_the_fifteenth_parameter_takes_the_rest_of_the_line() -> None:
    fourteen = " ".join(str(n) for n in range(14))
    assert parse_message(f"CMD {fourteen} and the rest").params[-1] == "and the rest"
    assert parse_message(f"CMD {fourteen} :and the rest").params[-1] == "and the rest"
    assert len(parse_message(f"CMD {fourteen} a b").params) == 15
    assert parse_message(f"CMD {fourteen} a :b c").params[-1] == "a :b c"


def test_tag_values_are_unescaped() -> None:
    message = parse_message(r"@+example=raw+:=,escaped\:\s\\;k=a\r\nb PING x")
    assert message.tags == {"+example": "raw+:=,escaped; \\", "k": "a\r\nb"}


def test_unknown_escapes_drop_the_backslash_and_a_lone_final_one_vanishes() -> None:
    # IRCv3 message-tags, "Escaping values".
    assert parse_message(r"@a=\b\;b=test\ PING x").tags == {"a": "b", "b": "test"}


def test_a_repeated_tag_keeps_its_last_value() -> None:
    assert parse_message("@a=1;a=2 PING x").tags == {"a": "2"}


def test_a_tag_without_value_or_with_an_empty_one_reads_as_empty() -> None:
    assert parse_message("@a;b=;;c=1 PING x").tags == {"a": "", "b": "", "c": "1"}


@pytest.mark.parametrize(
    "line",
    [
        "",
        "   ",
        "@a=b",
        "@a=b   ",
        ":alice!a@host",
        ":alice!a@host   ",
        "@a=b :alice",
        ": PRIVMSG #x :hi",
        "PR!VMSG #x :hi",
        "12 x",
        "1234 x",
        "@=v PING x",
        "@bad!key=v PING x",
        "@a/b/c=v PING x",
        "PRIVMSG #x :a\rb",
        "PRIVMSG #x :a\nb",
        "PRIVMSG #x :a\0b",
        "ΠING x",
    ],
)
def test_lines_that_are_not_messages_are_refused(line: str) -> None:
    with pytest.raises(IrcSyntaxError):
        parse_message(line)


@pytest.mark.parametrize("command", ["PRIVMSG1", "FOO_2", "x-y", "A1B2"])
def test_a_command_word_with_digits_underscores_or_hyphens_parses(command: str) -> None:
    # Answered 421 ERR_UNKNOWNCOMMAND, like any command the server does not know.
    assert parse_message(f"{command} x").command == command.upper()


def test_bytes_that_are_not_utf8_are_refused() -> None:
    with pytest.raises(IrcSyntaxError):
        parse_message(b"PRIVMSG #x :\xff\xfe")


@given(st.one_of(st.binary(max_size=600), st.text(max_size=600)))
def test_parsing_anything_returns_a_message_or_raises_the_documented_error(
    line: bytes | str,
) -> None:
    try:
        message = parse_message(line)
    except IrcSyntaxError:
        return
    assert message.command == message.command.upper()
    assert len(message.params) <= 15


# --- rendering -------------------------------------------------------------------------------


def test_render_gives_one_crlf_terminated_utf8_line() -> None:
    line = render("PRIVMSG", "#den", "héllo there", source="alice!a@host", tags={"k": "v"})
    assert line == "@k=v :alice!a@host PRIVMSG #den :héllo there\r\n".encode()


def test_the_last_parameter_gets_a_colon_only_when_it_needs_one() -> None:
    assert render("NICK", "alice") == b"NICK alice\r\n"
    assert render("TOPIC", "#den", "") == b"TOPIC #den :\r\n"
    assert render("PRIVMSG", "#den", ":)") == b"PRIVMSG #den ::)\r\n"
    assert render("PRIVMSG", "#den", "a b") == b"PRIVMSG #den :a b\r\n"
    assert render("ACK", source="irc.test") == b":irc.test ACK\r\n"


def test_tag_values_are_escaped_and_empty_values_drop_the_equals_sign() -> None:
    line = render("TAGMSG", "#den", tags={"+x": "a; b\\c\r\n", "+flag": ""})
    assert line == b"@+x=a\\:\\sb\\\\c\\r\\n;+flag TAGMSG #den\r\n"


@pytest.mark.parametrize(
    ("params", "kwargs"),
    [
        (("#den", "a\r\nQUIT"), {}),
        (("#den", "a\nb"), {}),
        (("#den", "a\0b"), {}),
        (("", "x"), {}),
        (("two words", "x"), {}),
        ((":colon", "x"), {}),
        (("x",), {"source": "has space"}),
        (("x",), {"source": ""}),
        (("x",), {"tags": {"bad key": "v"}}),
        (("x",), {"tags": {"k": "nul\0"}}),
    ],
)
def test_render_refuses_what_would_break_the_line(
    params: tuple[str, ...], kwargs: dict[str, object]
) -> None:
    with pytest.raises(ValueError, match=r".") as raised:
        render("PRIVMSG", *params, **kwargs)  # type: ignore[arg-type]
    assert not isinstance(raised.value, IrcSyntaxError)


@pytest.mark.parametrize("command", ["", "PRIV MSG", ":X", "@X"])
def test_render_refuses_a_malformed_command(command: str) -> None:
    with pytest.raises(ValueError, match="command"):
        render(command, "x")


# --- round trips -----------------------------------------------------------------------------

_word = st.text(st.characters(codec="utf-8", exclude_characters="\r\n\0 "), min_size=1).filter(
    lambda s: not s.startswith(":")
)
_text = st.text(st.characters(codec="utf-8", exclude_characters="\r\n\0"))
_alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_key = st.builds(
    lambda plus, vendor, name: plus + (f"{vendor}/" if vendor else "") + name,
    st.sampled_from(["", "+"]),
    st.text(_alnum + ".-", max_size=8),
    st.text(_alnum + "-", min_size=1, max_size=8),
)
_command = st.one_of(
    st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=12),
    st.text("0123456789", min_size=3, max_size=3),
)


@given(
    command=_command,
    middle=st.lists(_word, max_size=5),
    last=st.one_of(st.none(), _text),
    source=st.one_of(st.none(), _word),
    tags=st.dictionaries(_key, _text, max_size=4),
)
def test_what_render_writes_parse_reads_back(
    command: str,
    middle: list[str],
    last: str | None,
    source: str | None,
    tags: dict[str, str],
) -> None:
    params = (*middle, last) if last is not None else tuple(middle)
    message = Message(command, params, source=source, tags=tags)
    line = render_message(message)
    assert line.endswith(b"\r\n")
    assert line.count(b"\n") == 1
    assert parse_message(line[:-2]) == message


@given(_text)
def test_escaping_a_tag_value_is_undone_by_unescaping(value: str) -> None:
    escaped = escape_tag_value(value)
    assert not any(c in escaped for c in "; \r\n")
    assert unescape_tag_value(escaped) == value


_WORD = st.sampled_from(["PRIVMSG", "privmsg", "X2", "bob", "a:b", "#room", "é", "1", ":", "-"])
_GAP = st.sampled_from([" ", "  ", " :", "  :", ":"])
_PLAIN_LINE = st.builds(
    lambda first, rest: first + "".join(gap + word for gap, word in rest),
    _WORD,
    st.lists(st.tuples(_GAP, _WORD), max_size=18),
).filter(lambda line: line[:1] not in "@: ")


@given(_PLAIN_LINE)
def test_a_line_without_tags_parses_as_the_same_line_with_tags_does(line: str) -> None:
    # A plain line takes a quick split; behind a tags section the general loop reads it.
    # Both must read the same command and parameters, or refuse it alike.
    try:
        plain = parse_message(line)
    except IrcSyntaxError:
        with pytest.raises(IrcSyntaxError):
            parse_message("@x " + line)
        return
    tagged = parse_message("@x " + line)
    assert (plain.command, plain.params, plain.source) == (
        tagged.command,
        tagged.params,
        tagged.source,
    )
    assert dict(plain.tags) == {}
    assert dict(tagged.tags) == {"x": ""}
