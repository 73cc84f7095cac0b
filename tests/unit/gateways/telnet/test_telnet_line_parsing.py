"""How a MUCK line is read: the one-character commands, switches, ``=`` arguments, and the
login screen's name and password."""

from __future__ import annotations

import pytest

from boudoir.wire.telnet.commands import parse_line as parse
from boudoir.wire.telnet.login import split_login


@pytest.mark.parametrize(
    ("text", "word", "args"),
    [
        ('"hello there', "say", "hello there"),
        ("'hello", "say", "hello"),
        (":waves.", "pose", "waves."),
        (";'s eyes glint", "semipose", "'s eyes glint"),
        ("((brb, phone))", "ooc", "brb, phone"),
        ("say  spaced  out ", "say", "spaced  out"),
        ("PAGE Bob=hi", "page", "Bob=hi"),
        ("north", "north", ""),
    ],
)
def test_the_command_word_and_its_argument(text: str, word: str, args: str) -> None:
    line = parse(text)
    assert (line.word, line.args) == (word, args)


def test_a_switch_and_the_two_sides_of_equals() -> None:
    line = parse("hand/accept Bob")
    assert (line.word, line.switch, line.args) == ("hand", "accept", "Bob")
    page = parse("page Alice Bob = two = signs")
    assert (page.left, page.right, page.has_equals) == ("Alice Bob", "two = signs", True)


def test_a_blank_line_is_no_command() -> None:
    assert parse("   ").word == ""


def test_double_parentheses_need_content_to_be_ooc() -> None:
    assert parse("(())").word == "(())"


@pytest.mark.parametrize(
    ("args", "name", "password"),
    [
        ("Alice secret", "Alice", "secret"),
        ('"Alice" secret words', "Alice", "secret words"),
        ("Alice", "Alice", ""),
        ('"Unclosed secret', '"Unclosed', "secret"),
    ],
)
def test_connect_arguments(args: str, name: str, password: str) -> None:
    assert split_login(args) == (name, password)
