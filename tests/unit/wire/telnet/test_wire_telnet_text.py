"""Text for terminals: other users' text made safe, colour per depth, wrapping to the window."""

from __future__ import annotations

import pytest

from boudoir.wire.telnet.text import Style, clean, paint, visible_width, wrap

ESC = "\x1b"


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        (f"{ESC}[2J{ESC}[Hgotcha", "gotcha"),  # clear the screen, home the cursor
        (f"{ESC}[31mred{ESC}[0m", "red"),
        (f"{ESC}]0;pwned title\x07hi", "hi"),  # window title (OSC, BEL-terminated)
        (f"{ESC}]8;;https://evil.example{ESC}\\click{ESC}]8;;{ESC}\\", "click"),  # OSC 8 link
        (f"{ESC}]8;;https://unterminated.example and the rest", ""),  # unclosed: nothing leaks
        (f"{ESC}P+q544e{ESC}\\after", "after"),  # DCS query
        ("\x9b2Jeight-bit CSI", "eight-bit CSI"),
        ("\x9d0;title\x9cok", "ok"),  # 8-bit OSC ended by 8-bit ST
        ("bell\x07 back\x08space del\x7f nul\x00", "bell backspace del nul"),
        ("c1\x85next\x90x", "c1 next"),  # NEL is a space; an 8-bit DCS runs to the end
        ("tab\there\nnew\r\nline", "tab here new  line"),
        ("name\u202etxt.exe", "nametxt.exe"),  # right-to-left override
        ("isolate\u2066x\u2069", "isolatex"),
        ("lone \ud800 surrogate", "lone \ufffd surrogate"),
        ("plain text, ünïcödé, 漢字 and emoji 🙂", "plain text, ünïcödé, 漢字 and emoji 🙂"),
        (f"trailing {ESC}", "trailing "),
    ],
)
def test_clean(raw: str, safe: str) -> None:
    assert clean(raw) == safe


def test_clean_output_has_no_controls_left() -> None:
    nasty = "".join(chr(code) for code in range(0xA0)) + "\u202a\u202b\u202c\u202d\u202e"
    result = clean(nasty * 3)
    assert all(char.isprintable() or char == " " for char in result)
    assert ESC not in result


def test_paint_depths() -> None:
    assert paint("hi", Style.ALERT, 0) == "hi"
    assert paint("hi", Style.ALERT, 16) == f"{ESC}[1;31mhi{ESC}[0m"
    assert paint("hi", Style.ALERT, 256) == f"{ESC}[1;38;5;196mhi{ESC}[0m"
    assert paint("hi", Style.ALERT, 16777216) == f"{ESC}[1;38;2;255;0;0mhi{ESC}[0m"
    assert paint("hi", Style.WARNING, 16) == f"{ESC}[33mhi{ESC}[0m"
    assert paint("", Style.NAME, 256) == ""


def test_every_style_has_a_colour_at_every_depth() -> None:
    for style in Style:
        for depth in (16, 256, 16777216):
            painted = paint("x", style, depth)
            assert painted.startswith(ESC + "[")
            assert painted.endswith(f"{ESC}[0m")
            assert visible_width(painted) == 1


def test_visible_width() -> None:
    assert visible_width("hello") == 5
    assert visible_width(paint("hello", Style.NAME, 256)) == 5
    assert visible_width("漢字") == 4
    assert visible_width("e\u0301") == 1  # e + combining acute
    assert visible_width("") == 0


def test_wrap_words_with_indent() -> None:
    text = "the quick brown fox jumps over the lazy dog"
    assert wrap(text, 16, indent=2) == ["the quick brown", "  fox jumps over", "  the lazy dog"]


def test_wrap_never_exceeds_the_width() -> None:
    text = "a " * 10 + "supercalifragilisticexpialidocious " + "漢字" * 9 + " end"
    for width in (5, 7, 10, 23):
        for line in wrap(text, width, indent=2):
            assert visible_width(line) <= width


def test_wrap_counts_colour_codes_as_zero_width() -> None:
    name = paint("alice", Style.NAME, 16777216)
    lines = wrap(f"{name} says hello there", 16)
    assert lines == [f"{name} says hello", "there"]


def test_wrap_wide_characters_count_two() -> None:
    assert wrap("漢字漢字漢字", 6) == ["漢字漢", "字漢字"]
    assert wrap("漢字漢字漢字", 5) == ["漢字", "漢字", "漢字"]


def test_wrap_breaks_overlong_words() -> None:
    assert wrap("abcdefghijkl xyz", 5) == ["abcde", "fghij", "kl", "xyz"]
    assert wrap("go https://example.com/a/long/path ok", 10, indent=1) == [
        "go",
        " https://e",
        " xample.co",
        " m/a/long/",
        " path ok",
    ]


def test_wrap_keeps_newlines_and_blank_lines() -> None:
    assert wrap("one two\n\nthree", 4) == ["one", "two", "", "thre", "e"]


@pytest.mark.parametrize("width", [0, -1, None])
def test_no_width_means_no_wrapping(width: int | None) -> None:
    assert wrap("a long line\nand another", width) == ["a long line", "and another"]


def test_indent_too_large_for_the_width_is_ignored() -> None:
    assert wrap("aaa bbb ccc", 4, indent=3) == ["aaa", "bbb", "ccc"]
