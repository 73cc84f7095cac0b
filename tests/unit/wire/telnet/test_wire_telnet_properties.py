"""Whatever a client sends, however it is cut, the telnet machine never raises or hangs, gives
only documented events, and holds bounded state."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st
from telnet_harness import (
    CHARSET,
    DO,
    DONT,
    GMCP,
    IAC,
    MCCP2,
    MSSP,
    NAWS,
    SB,
    SE,
    TTYPE,
    WILL,
    WONT,
    ClientView,
    play,
)

from boudoir.wire.telnet import (
    MAX_LINE,
    MAX_SUBNEGOTIATION,
    CapabilitiesChanged,
    ConnectionClosed,
    GmcpReceived,
    LineReceived,
    MsspRequested,
    ProtocolError,
    TelnetConnection,
    WindowResized,
    clean,
    visible_width,
    wrap,
)

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
DOCUMENTED_ERRORS = {
    "line_too_long",
    "subnegotiation_too_long",
    "gmcp_malformed",
    "too_many_lines",
}
EVENT_TYPES = (
    LineReceived,
    WindowResized,
    CapabilitiesChanged,
    GmcpReceived,
    MsspRequested,
    ProtocolError,
)

# Telnet-shaped pieces, so that random input reaches deep states, not only plain text.
_OPTIONS = st.sampled_from([1, 3, TTYPE, 25, NAWS, CHARSET, MSSP, MCCP2, GMCP, 0, 99, 255])
_PIECES = st.one_of(
    st.binary(max_size=40),
    st.builds(lambda v, o: bytes((IAC, v, o)), st.sampled_from([WILL, WONT, DO, DONT]), _OPTIONS),
    st.builds(
        lambda o, p: bytes((IAC, SB, o)) + p + bytes((IAC, SE)), _OPTIONS, st.binary(max_size=30)
    ),
    st.sampled_from(
        [
            b"\r\n",
            b"\r",
            b"\n",
            b"\r\x00",
            bytes((IAC,)),
            bytes((IAC, IAC)),
            bytes((IAC, SB, TTYPE, 0)) + b"MTTS 333" + bytes((IAC, SE)),
            bytes((IAC, SB, GMCP)) + b'Core.Hello {"client":"x"}' + bytes((IAC, SE)),
            bytes((IAC, SB, CHARSET, 1)) + b";UTF-8" + bytes((IAC, SE)),
            bytes((IAC, SB, CHARSET, 2)) + b"UTF-8" + bytes((IAC, SE)),
        ]
    ),
)
_STREAMS = st.lists(_PIECES, max_size=40).map(b"".join)


def _cut(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts})
    chunks, start = [], 0
    for point in points:
        chunks.append(data[start:point])
        start = point
    chunks.append(data[start:])
    return chunks


@settings(max_examples=300, deadline=None)
@given(data=_STREAMS, cuts=st.lists(st.integers(min_value=0), max_size=8))
def test_any_input_gives_only_documented_events_the_same_however_cut(
    data: bytes, cuts: list[int]
) -> None:
    whole_events, whole_output, _ = play([data])
    cut_events, cut_output, _ = play(_cut(data, cuts))
    assert cut_events == whole_events
    assert cut_output == whole_output
    for event in whole_events:
        assert isinstance(event, EVENT_TYPES)
        if isinstance(event, ProtocolError):
            assert event.code in DOCUMENTED_ERRORS
    lines = [event for event in whole_events if isinstance(event, LineReceived)]
    assert len(lines) <= data.count(b"\r") + data.count(b"\n")
    # Bounded work: the replies never outgrow the input by more than a constant factor.
    assert len(whole_output) <= 200 + 20 * len(data)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3 * MAX_SUBNEGOTIATION))
def test_random_bytes_hold_bounded_state(data: bytes) -> None:
    connection = TelnetConnection(compression_allowed=True)
    connection.start()
    connection.receive_data(data)
    connection.receive_eof()
    events = connection.events_received()
    assert events[-1] == ConnectionClosed()
    assert all(isinstance(event, (*EVENT_TYPES, ConnectionClosed)) for event in events)
    assert len(connection._lines._line) <= MAX_LINE
    assert len(connection._sb) <= MAX_SUBNEGOTIATION
    view = ClientView()
    view.feed(connection.data_to_send())  # compressed output, if any, is a valid zlib stream


@given(st.text(max_size=200))
def test_clean_never_raises_and_leaves_nothing_a_terminal_obeys(text: str) -> None:
    result = clean(text)
    assert not any(unicodedata.category(char) in ("Cc", "Cs") for char in result)
    assert not BIDI_CONTROLS.intersection(result)
    result.encode("utf-8")  # encodable: no lone surrogates


@given(st.text(max_size=200), st.integers(min_value=2, max_value=100), st.integers(0, 10))
def test_wrapped_lines_fit_the_width(text: str, width: int, indent: int) -> None:
    text = clean(text)  # a wide character is 2 cells: no width below 2 can hold every text
    for line in wrap(text, width, indent):
        assert visible_width(line) <= width
