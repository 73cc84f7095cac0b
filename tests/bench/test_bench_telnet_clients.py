"""The telnet benchmark's client on byte streams shaped like the servers': it refuses every
option exactly once, counts every message however the stream is cut, and reads setup lines
through colour codes and telnet commands."""

from __future__ import annotations

import asyncio
from typing import cast

import pytest
from bench.irc.clients import SetupFailed
from bench.telnet.clients import (
    MAX_PARTIAL_LINE,
    Mode,
    Tally,
    TelnetClient,
    complete_commands,
    fields,
    plain_text,
    refusals,
)

IAC, DONT, DO, WONT, WILL, SB, SE, GA = 255, 254, 253, 252, 251, 250, 240, 249
TTYPE, NAWS, MSSP, GMCP, MCCP2 = 24, 31, 70, 201, 86

# What Evennia 5 sends on connect (portal/telnet.py: LINEMODE, SGA, NAWS, TTYPE, MCCP...).
GREETING = bytes(
    [IAC, DO, 34, IAC, WILL, 3, IAC, DO, NAWS, IAC, DO, TTYPE, IAC, WILL, MCCP2, IAC, WILL, MSSP]
)
# Each message as Evennia writes it once SGA is refused: colour reset, CR LF, then IAC GA.
SAY = b'u0001 says, "QZJ1700000000000.0.1 xxxx"\x1b[0m\r\n\xff\xf9'
POSE = b"u0001 QZJ1700000000001.0.2 xxxx\x1b[0m\r\n\xff\xf9"


class RecordingTransport:
    def __init__(self) -> None:
        self.written = bytearray()
        self.aborted = False

    def write(self, data: bytes) -> None:
        self.written += data

    def abort(self) -> None:
        self.aborted = True


def client(mode: Mode = Mode.SETUP) -> tuple[TelnetClient, RecordingTransport]:
    made = TelnetClient("u0001", Tally())
    transport = RecordingTransport()
    made.connection_made(cast(asyncio.Transport, transport))
    if mode is Mode.COUNT:
        made.start_counting()
    return made, transport


def feed(made: TelnetClient, stream: bytes, chunk: int) -> None:
    for start in range(0, len(stream), chunk):
        made.data_received(stream[start : start + chunk])


def test_every_request_is_refused_and_refusals_get_no_answer() -> None:
    stream = bytes([IAC, DO, TTYPE, IAC, WILL, GMCP, IAC, DONT, NAWS, IAC, WONT, MSSP])
    assert refusals(stream) == bytes([IAC, WONT, TTYPE, IAC, DONT, GMCP])


def test_plain_text_drops_commands_subnegotiations_and_colour() -> None:
    line = b"\xff\xf9\x1b[1m\x1b[36mroom1\x1b[0m \xff\xfa\xc9Core.Hello {}\xff\xf0a\xff\xffb"
    assert plain_text(line) == b"room1 a\xffb"


@pytest.mark.parametrize(
    ("buffer", "whole"),
    [
        (b"text\xff", 4),
        (b"text\xff\xfd", 4),
        (b"text\xff\xfd\x18", 7),
        (b"text\xff\xf9", 6),
        (b"text\xff\xfa\xc9Core", 4),
        (b"text\xff\xfa\xc9Core\xff\xf0", 13),
        (b"text", 4),
    ],
)
def test_a_command_cut_by_the_chunk_end_waits_for_the_rest(buffer: bytes, whole: int) -> None:
    assert complete_commands(buffer) == whole


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 64, 4096])
def test_a_counting_listener_counts_every_message_and_refuses_once(chunk: int) -> None:
    made, transport = client(Mode.COUNT)
    stream = (SAY + POSE) * 40 + GREETING + SAY * 3
    feed(made, stream, chunk)
    assert made.tally.deliveries == 83
    assert bytes(transport.written) == refusals(GREETING)


@pytest.mark.parametrize("chunk", [1, 4, 4096])
def test_setup_lines_come_clean_and_a_greeting_is_refused_once(chunk: int) -> None:
    made, transport = client()
    stream = (
        GREETING + b"\x1b[1mWelcome\x1b[0m\r\n\r\n> \xff\xf9You become \x1b[36mu0001\x1b[0m.\r\n"
    )
    feed(made, stream, chunk)
    assert list(made.inbox) == [b"Welcome", b"> You become u0001."]
    assert bytes(transport.written) == refusals(GREETING)


async def test_expect_returns_the_wanted_line_and_raises_on_a_refusal() -> None:
    made, _ = client()
    made.data_received(b'Welcome\r\nYou are u0001.\r\nHuh? "jump" is not a command.\r\n')
    assert await made.expect(b"You are") == b"You are u0001."
    with pytest.raises(SetupFailed, match="Huh"):
        await made.expect(b"ready-u0001", (b"Huh?",))


async def test_expect_raises_when_the_server_closes() -> None:
    made, _ = client()
    made.connection_lost(None)
    with pytest.raises(SetupFailed, match="connection lost"):
        await made.expect(b"You are")


def test_a_speaker_tells_its_echo_from_another_speakers_message() -> None:
    made, _ = client()
    made.start_parsing(lambda line: fields(line) != (1700000000000, 0, 1))
    feed(made, b'You say, "QZJ1700000000000.0.1 xxxx"\r\n\xff\xf9' + SAY.replace(b".0.", b".1."), 7)
    assert (made.tally.echoes, made.tally.deliveries) == (1, 1)


def test_fields_read_the_stamp_speaker_and_sequence_wherever_the_server_puts_them() -> None:
    assert fields(SAY) == (1700000000000, 0, 1)
    assert fields(POSE) == (1700000000001, 0, 2)
    assert fields(b"u0004 has arrived.") is None


def test_an_endless_line_closes_the_connection() -> None:
    made, transport = client()
    made.data_received(b"x" * (MAX_PARTIAL_LINE + 1))
    assert transport.aborted
    assert made.pending == b""


def test_a_connection_lost_after_setup_is_counted() -> None:
    made, _ = client(Mode.COUNT)
    made.connection_lost(ConnectionResetError())
    assert made.tally.lost == 1
