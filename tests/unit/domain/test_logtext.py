"""Client text written into log lines: nothing it holds can break the line or reach the
operator's terminal as a control sequence."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from boudoir.domain.logtext import log_safe


def test_printable_text_is_logged_as_it_is() -> None:
    assert log_safe("/api/v1/rooms/café lounge") == "/api/v1/rooms/café lounge"


def test_line_breaks_escapes_and_bidi_overrides_are_shown_escaped() -> None:
    assert log_safe("a\nb\r\x1b[31m\u2028\u202e\x00") == "a\\nb\\r\\x1b[31m\\u2028\\u202e\\x00"


@given(st.text())
def test_whatever_a_client_sends_stays_on_one_printable_line(text: str) -> None:
    assert log_safe(text).isprintable()
