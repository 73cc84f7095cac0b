"""The telnet machine against byte traces of real clients and against misbehaving ones."""

from __future__ import annotations

import zlib

import pytest
from telnet_harness import (
    CHARSET,
    DO,
    DONT,
    EC,
    ECHO,
    EL,
    EOR,
    EOR_COMMAND,
    GA,
    GMCP,
    IAC,
    MCCP2,
    MCCP2_START,
    MSSP,
    NAWS,
    NOP,
    SGA,
    TTYPE,
    TTYPE_SEND,
    WILL,
    WONT,
    cmd,
    gmcp,
    naws,
    play,
    sb,
    ttype_is,
    ways_to_feed,
)

from boudoir.wire.telnet import (
    MAX_SUBNEGOTIATION,
    CapabilitiesChanged,
    ConnectionClosed,
    GmcpReceived,
    LineReceived,
    MsspRequested,
    ProtocolError,
    TelnetConnection,
    WindowResized,
    encode_text,
)

CHARSET_REQUEST = sb(CHARSET, b"\x01;UTF-8")

# What Mudlet 4 answers to our opening offers, then to TTYPE SEND (three times), CHARSET
# REQUEST, and GMCP once agreed; then the user's first line.
MUDLET = [
    cmd(WILL, TTYPE)
    + cmd(WILL, NAWS)
    + cmd(DO, SGA)
    + cmd(DO, EOR)
    + cmd(DO, CHARSET)
    + cmd(DO, GMCP)
    + cmd(DO, MSSP)
    + cmd(DO, MCCP2)
    + naws(120, 40),
    ttype_is("MUDLET"),
    ttype_is("ANSI-TRUECOLOR"),
    ttype_is("MTTS 2831"),
    sb(CHARSET, b"\x02UTF-8"),
    gmcp("Core.Hello", {"client": "Mudlet", "version": "4.17.2"})
    + gmcp("Core.Supports.Set", ["Char 1", "Room 1", "Comm.Channel 1"]),
    b"connect alice sesame\r\n",
]

# TinTin++ (src/telopt_client.c): WILL NAWS comes with the size at once, no answer to WILL MSSP,
# TTYPE "TINTIN++", then $TERM, then MTTS; CHARSET answers with a space before the name.
TINTIN = [
    cmd(DO, SGA)
    + cmd(WILL, TTYPE)
    + cmd(WILL, NAWS)
    + naws(255, 50)
    + cmd(DO, EOR)
    + cmd(DO, CHARSET)
    + cmd(DO, GMCP)
    + cmd(DO, MCCP2),
    ttype_is("TINTIN++"),
    ttype_is("xterm-256color"),
    ttype_is("MTTS 271"),
    sb(CHARSET, b"\x02 UTF-8"),
    b"look\n",
]

# netkit telnet: agrees to TTYPE, NAWS and SGA, refuses the MU* options, names $TERM twice.
PLAIN_TELNET = [
    cmd(WILL, TTYPE)
    + cmd(WILL, NAWS)
    + cmd(DO, SGA)
    + cmd(DONT, EOR)
    + cmd(DONT, CHARSET)
    + cmd(DONT, GMCP)
    + cmd(DONT, MSSP)
    + cmd(DONT, MCCP2),
    naws(80, 24) + ttype_is("XTERM"),
    ttype_is("XTERM"),
    b"connect bob hunter2\r\n",
]


def capabilities_announced(events: list[object]) -> CapabilitiesChanged:
    changes = [event for event in events if isinstance(event, CapabilitiesChanged)]
    assert changes
    return changes[-1]


@pytest.mark.parametrize(
    "trace", [MUDLET, TINTIN, PLAIN_TELNET], ids=["mudlet", "tintin", "telnet"]
)
def test_each_trace_gives_the_same_events_and_output_however_it_is_cut(trace: list[bytes]) -> None:
    results = {name: play(chunks)[:2] for name, chunks in ways_to_feed(trace).items()}
    first = results["as recorded"]
    assert results["all at once"] == first
    assert results["byte by byte"] == first


def test_mudlet_gets_truecolour_utf8_gmcp_eor_and_compression() -> None:
    events, received, connection = play(MUDLET)
    caps = connection.capabilities
    assert (caps.client_name, caps.terminal_type) == ("MUDLET", "ANSI-TRUECOLOR")
    assert caps.colours == 16777216
    assert caps.utf8
    assert not caps.ascii_only
    assert not caps.screen_reader
    assert caps.mtts == 2831
    assert (caps.eor, caps.gmcp, caps.mccp, caps.naws) == (True, True, True, True)
    assert (caps.width, caps.height) == (120, 40)
    assert connection.compressing
    assert WindowResized(120, 40) in events
    assert MsspRequested() in events
    assert GmcpReceived("Core.Hello", {"client": "Mudlet", "version": "4.17.2"}) in events
    assert GmcpReceived("Core.Supports.Set", ["Char 1", "Room 1", "Comm.Channel 1"]) in events
    assert events[-1] == LineReceived("connect alice sesame")
    assert capabilities_announced(events).capabilities == caps
    # The server asked for the terminal type three times, requested UTF-8 once, then compressed.
    assert received.count(TTYPE_SEND) == 3
    assert received.count(CHARSET_REQUEST) == 1
    assert received.count(MCCP2_START) == 1


def test_tintin_reads_its_term_and_mtts_and_its_spaced_charset_answer() -> None:
    events, _, connection = play(TINTIN)
    caps = connection.capabilities
    assert (caps.client_name, caps.terminal_type) == ("TINTIN++", "XTERM-256COLOR")
    assert caps.colours == 16777216  # MTTS 271 has the TRUECOLOR bit
    assert caps.utf8
    assert (caps.width, caps.height) == (255, 50)  # 255 arrives doubled inside NAWS
    assert MsspRequested() not in events
    assert events[-1] == LineReceived("look")


def test_plain_telnet_is_refused_nothing_twice_and_gets_ga_prompts() -> None:
    events, received, connection = play(PLAIN_TELNET)
    caps = connection.capabilities
    assert caps.terminal_type == "XTERM"
    assert caps.colours == 16
    assert (caps.gmcp, caps.eor, caps.mccp, caps.utf8, caps.ascii_only) == (False,) * 5
    assert not connection.compressing
    assert events[-1] == LineReceived("connect bob hunter2")
    # Refusals of our own offers need no answer (RFC 1143), so the client got none.
    for option in (EOR, CHARSET, GMCP, MSSP, MCCP2):
        assert cmd(WONT, option) not in received
    assert received.count(TTYPE_SEND) == 2
    connection.send_prompt("> ")
    # SGA was agreed, so no GA; no EOR either: the prompt is plain text.
    assert connection.data_to_send() == b"> "


def test_opening_offers() -> None:
    connection = TelnetConnection(compression_allowed=True)
    connection.start()
    offers = connection.data_to_send()
    for expected in (
        cmd(DO, TTYPE),
        cmd(DO, NAWS),
        cmd(WILL, SGA),
        cmd(WILL, EOR),
        cmd(WILL, CHARSET),
        cmd(WILL, GMCP),
        cmd(WILL, MSSP),
        cmd(WILL, MCCP2),
    ):
        assert expected in offers
    assert cmd(WILL, ECHO) not in offers
    connection.start()
    assert connection.data_to_send() == b""  # offering again sends nothing new


def test_no_compression_offered_or_accepted_on_tls() -> None:
    connection = TelnetConnection(compression_allowed=False)
    connection.start()
    assert cmd(WILL, MCCP2) not in connection.data_to_send()
    connection.receive_data(cmd(DO, MCCP2))
    assert connection.data_to_send() == cmd(WONT, MCCP2)
    assert not connection.compressing


def test_a_line_typed_before_any_negotiation_answer_comes_through_at_once() -> None:
    connection = TelnetConnection(compression_allowed=True)
    connection.start()
    connection.receive_data(b"connect alice sesame\r\n")
    assert connection.events_received() == [LineReceived("connect alice sesame")]


def test_each_request_is_answered_once() -> None:
    connection = TelnetConnection(compression_allowed=True)
    connection.receive_data(cmd(DO, SGA) + cmd(DO, SGA) + cmd(DO, 99) + cmd(DO, 99) + cmd(WILL, 99))
    connection.receive_data(cmd(WILL, 99) + cmd(DO, 99))
    assert connection.data_to_send() == cmd(WILL, SGA) + cmd(WONT, 99) + cmd(DONT, 99)


def test_a_client_echoing_our_requests_back_does_not_start_a_loop() -> None:
    connection = TelnetConnection(compression_allowed=False)
    connection.start()
    # A broken client (or a misconfigured proxy) mirrors every byte it gets back to us.
    sent = connection.data_to_send()
    rounds = 0
    while sent:
        rounds += 1
        assert rounds < 5, "negotiation loops"
        connection.receive_data(sent)
        sent = connection.data_to_send()


def test_disabling_an_enabled_option_is_acknowledged_once() -> None:
    connection = TelnetConnection(compression_allowed=True)
    connection.start()
    connection.receive_data(cmd(DO, GMCP))
    assert connection.gmcp_enabled
    connection.data_to_send()
    connection.receive_data(cmd(DONT, GMCP) + cmd(DONT, GMCP))
    assert not connection.gmcp_enabled
    assert connection.data_to_send() == cmd(WONT, GMCP)
    connection.send_gmcp("Char.Name", {"name": "alice"})
    assert connection.data_to_send() == b""


def test_iac_iac_in_data_is_byte_255() -> None:
    connection = TelnetConnection(compression_allowed=True)
    connection.receive_data(b"caf\xff\xff\r\n")  # a Latin-1 client typing "cafÿ"
    assert connection.events_received() == [LineReceived("caf\u00ff")]


def test_utf8_lines_and_invalid_bytes_from_a_utf8_client() -> None:
    connection = TelnetConnection(compression_allowed=True)
    connection.receive_data("héllo ☕\r\n".encode())
    connection.start()
    connection.receive_data(cmd(DO, CHARSET) + sb(CHARSET, b"\x02UTF-8") + b"bad \xc3(\n")
    events = connection.events_received()
    assert events[0] == LineReceived("héllo ☕")
    assert events[-1] == LineReceived("bad \ufffd(")


def test_line_endings_cr_lf_cr_nul_cr_and_lf() -> None:
    connection = TelnetConnection(compression_allowed=True)
    connection.receive_data(b"one\r\ntwo\r\x00three\nfour\rfive\r")
    connection.receive_data(b"\nsix\n\n")
    texts = [e.text for e in connection.events_received() if isinstance(e, LineReceived)]
    assert texts == ["one", "two", "three", "four", "five", "six", ""]
    assert connection.lines_received == 7


def test_commands_inside_a_line_do_not_break_it() -> None:
    connection = TelnetConnection(compression_allowed=True)
    connection.receive_data(b"hel" + bytes((IAC, NOP)) + b"lo" + bytes((IAC, GA)) + b"\r\n")
    connection.receive_data(b"typo" + bytes((IAC, EC)) + b"s\n")
    connection.receive_data("ab☕".encode() + bytes((IAC, EC)) + b"c\n")
    connection.receive_data(b"scrap this" + bytes((IAC, EL)) + b"keep\n")
    assert connection.events_received() == [
        LineReceived("hello"),
        LineReceived("typs"),
        LineReceived("abc"),
        LineReceived("keep"),
    ]


def test_too_long_a_line_is_dropped_and_reported_once() -> None:
    connection = TelnetConnection(compression_allowed=True, max_line=10)
    connection.receive_data(b"0123456789")
    connection.receive_data(b"abc")
    connection.receive_data(b"def\nnext\n")
    assert connection.events_received() == [
        ProtocolError("line_too_long", "That line was too long."),
        LineReceived("next"),
    ]


def test_a_flood_in_one_read_keeps_the_first_lines_and_reports_the_rest() -> None:
    connection = TelnetConnection(compression_allowed=True, max_queued_lines=3)
    connection.receive_data(b"a\nb\nc\nd\ne\n")
    events = connection.events_received()
    assert events == [
        LineReceived("a"),
        LineReceived("b"),
        LineReceived("c"),
        ProtocolError("too_many_lines", "Too many lines arrived at once."),
    ]
    connection.receive_data(b"f\n")
    assert connection.events_received() == [LineReceived("f")]


def test_iac_inside_a_subnegotiation_is_undoubled() -> None:
    connection = TelnetConnection(compression_allowed=True)
    connection.start()
    connection.receive_data(cmd(WILL, NAWS) + naws(0x1FF, 0xFF))
    assert connection.events_received() == [WindowResized(0x1FF, 0xFF)]


def test_naws_resize_and_unknown_dimensions() -> None:
    connection = TelnetConnection(compression_allowed=True)
    connection.start()
    connection.receive_data(cmd(WILL, NAWS) + naws(100, 30) + naws(100, 30) + naws(0, 50))
    assert connection.events_received() == [WindowResized(100, 30), WindowResized(100, 50)]
    assert connection.capabilities.width == 100


def test_naws_ignored_unless_agreed_and_when_malformed() -> None:
    connection = TelnetConnection(compression_allowed=True)
    connection.receive_data(naws(100, 30))
    connection.start()
    connection.receive_data(cmd(WILL, NAWS) + sb(NAWS, b"\x00\x64\x00"))
    assert connection.events_received() == []
    assert connection.capabilities.width == 80


def test_screen_reader_bit_and_no_colour_from_mtts() -> None:
    connection = TelnetConnection(compression_allowed=True)
    connection.start()
    connection.receive_data(
        cmd(WILL, TTYPE) + ttype_is("MUSHCLIENT") + ttype_is("ANSI") + ttype_is("MTTS 64")
    )
    caps = connection.capabilities
    assert caps.screen_reader
    assert caps.colours == 0  # the user turned colour off: MTTS wins over the names


@pytest.mark.parametrize(
    ("answers", "colours"),
    [
        (["XTERM-256COLOR"], 256),
        (["VT100"], 16),
        (["DUMB"], 0),
        (["MUDLET", "MTTS 9"], 256),
        (["MUDLET", "ANSI", "MTTS 1"], 16),
    ],
)
def test_colour_depth(answers: list[str], colours: int) -> None:
    connection = TelnetConnection(compression_allowed=True)
    connection.start()
    data = cmd(WILL, TTYPE) + b"".join(ttype_is(answer) for answer in answers)
    if len(answers) == 1:
        data += ttype_is(answers[0])  # the list ends where it repeats
    connection.receive_data(data)
    assert connection.capabilities.colours == colours


def test_ttype_cycle_stops_at_its_limit() -> None:
    connection = TelnetConnection(compression_allowed=True)
    connection.start()
    connection.data_to_send()
    connection.receive_data(cmd(WILL, TTYPE) + b"".join(ttype_is(f"T{n}") for n in range(10)))
    assert connection.data_to_send().count(TTYPE_SEND) == 4
    assert connection.capabilities.client_name == "T0"


def test_charset_rejected_means_ascii_output() -> None:
    connection = TelnetConnection(compression_allowed=True)
    connection.start()
    connection.receive_data(cmd(DO, CHARSET) + sb(CHARSET, b"\x03"))
    assert connection.capabilities.ascii_only
    assert connection.output_charset == "US-ASCII"
    connection.data_to_send()
    connection.send_text("café ☕\n")
    assert connection.data_to_send() == b"caf? ?\r\n"


def test_client_charset_request_is_answered() -> None:
    connection = TelnetConnection(compression_allowed=True)
    connection.receive_data(cmd(WILL, CHARSET) + sb(CHARSET, b"\x01 ISO-8859-1 utf-8"))
    assert connection.data_to_send() == cmd(DO, CHARSET) + sb(CHARSET, b"\x02UTF-8")
    assert connection.capabilities.utf8
    connection.receive_data(sb(CHARSET, b"\x01;KOI8-R"))
    assert connection.data_to_send() == sb(CHARSET, b"\x03")


def test_gmcp_round_trip_and_malformed_messages() -> None:
    connection = TelnetConnection(compression_allowed=False)
    connection.start()
    connection.receive_data(
        cmd(DO, GMCP)
        + gmcp("Char.Login.Credentials", {"account": "alice", "password": "sesame"})
        + sb(GMCP, b"Core.Ping")
        + sb(GMCP, b"Core.Hello {not json")
        + sb(GMCP, b"!bad package")
        + sb(GMCP, b"Deep " + b"[" * 100 + b"]" * 100)
    )
    events = connection.events_received()
    assert events[1:3] == [
        GmcpReceived("Char.Login.Credentials", {"account": "alice", "password": "sesame"}),
        GmcpReceived("Core.Ping", None),
    ]
    assert [e.code for e in events[3:] if isinstance(e, ProtocolError)] == ["gmcp_malformed"] * 3
    connection.data_to_send()
    connection.send_gmcp("Comm.Channel.Text", {"channel": "ooc", "text": "hé\u00ff"})
    assert connection.data_to_send() == sb(
        GMCP, 'Comm.Channel.Text {"channel":"ooc","text":"hé\u00ff"}'.encode()
    )


def test_subnegotiation_too_long_is_dropped_and_the_stream_recovers() -> None:
    connection = TelnetConnection(compression_allowed=True)
    connection.start()
    connection.receive_data(cmd(DO, GMCP) + sb(GMCP, b"Big " + b"x" * MAX_SUBNEGOTIATION))
    connection.receive_data(b"still here\n")
    assert connection.events_received()[-2:] == [
        ProtocolError("subnegotiation_too_long", "A subnegotiation was too long."),
        LineReceived("still here"),
    ]


def test_unterminated_subnegotiation_gives_way_to_the_next_command() -> None:
    connection = TelnetConnection(compression_allowed=True)
    connection.start()
    connection.receive_data(cmd(WILL, NAWS) + bytes((IAC, 250, NAWS, 0, 90)) + cmd(DO, GMCP))
    assert connection.gmcp_enabled


def test_mssp_requested_and_answered() -> None:
    connection = TelnetConnection(compression_allowed=True)
    connection.start()
    connection.data_to_send()
    connection.receive_data(cmd(DO, MSSP))
    assert connection.events_received() == [MsspRequested()]
    connection.send_mssp({"NAME": "Boudoir", "PLAYERS": "3", "PORT": ["4000", "4001"]})
    assert connection.data_to_send() == sb(
        MSSP, b"\x01NAME\x02Boudoir\x01PLAYERS\x023\x01PORT\x024000\x024001"
    )


def test_prompts_end_in_eor_when_agreed_else_ga() -> None:
    connection = TelnetConnection(compression_allowed=True)
    connection.send_prompt("> ")
    assert connection.data_to_send() == b"> " + bytes((IAC, GA))
    connection.start()
    connection.receive_data(cmd(DO, EOR))
    connection.data_to_send()
    connection.send_prompt("> ")
    assert connection.data_to_send() == b"> " + bytes((IAC, EOR_COMMAND))


def test_hide_input_sends_each_change_once() -> None:
    connection = TelnetConnection(compression_allowed=True)
    connection.hide_input(True)
    connection.hide_input(True)
    connection.receive_data(cmd(DO, ECHO))
    assert connection.data_to_send() == cmd(WILL, ECHO)
    connection.hide_input(False)
    connection.hide_input(False)
    connection.receive_data(cmd(DONT, ECHO))
    assert connection.data_to_send() == cmd(WONT, ECHO)


def test_unsolicited_do_echo_is_refused() -> None:
    connection = TelnetConnection(compression_allowed=True)
    connection.receive_data(cmd(DO, ECHO))
    assert connection.data_to_send() == cmd(WONT, ECHO)


def test_mccp2_round_trip_and_clean_end() -> None:
    connection = TelnetConnection(compression_allowed=True)
    connection.start()
    connection.data_to_send()
    connection.receive_data(cmd(DO, MCCP2))
    connection.send_text("hello\n")
    first = connection.data_to_send()
    assert first.startswith(MCCP2_START)
    inflater = zlib.decompressobj()
    assert inflater.decompress(first[len(MCCP2_START) :]) == b"hello\r\n"  # sync-flushed
    connection.send_encoded(encode_text("goodbye\n"))
    connection.close()
    assert inflater.decompress(connection.data_to_send()) == b"goodbye\r\n"
    assert inflater.eof


def test_dont_mccp2_ends_the_stream_then_talks_plain() -> None:
    connection = TelnetConnection(compression_allowed=True)
    connection.start()
    connection.receive_data(cmd(DO, MCCP2))
    connection.send_text("zipped\n")
    connection.receive_data(cmd(DONT, MCCP2))
    connection.send_text("plain\n")
    data = connection.data_to_send()
    inflater = zlib.decompressobj()
    start = data.index(MCCP2_START) + len(MCCP2_START)
    assert inflater.decompress(data[start:]) == b"zipped\r\n"
    assert inflater.eof
    assert inflater.unused_data == cmd(WONT, MCCP2) + b"plain\r\n"
    assert not connection.compressing


def test_pending_output_counts_queued_bytes() -> None:
    connection = TelnetConnection(compression_allowed=True)
    connection.send_text("12345\n")
    assert connection.pending_output == 7
    connection.data_to_send()
    assert connection.pending_output == 0


def test_eof_is_reported_once_and_later_data_ignored() -> None:
    connection = TelnetConnection(compression_allowed=True)
    connection.receive_eof()
    connection.receive_eof()
    connection.receive_data(b"late\n")
    assert connection.events_received() == [ConnectionClosed()]
    assert connection.close_expected()
