"""Limits a user or an operator notices: line length, UTF-8 only, connections per address,
SendQ, and flood control that delays rather than drops."""

from __future__ import annotations

import time

import pytest

from ..server import Servers
from .clients import RawClient
from .conftest import Clients, ServerFactory
from .harness import IrcServer, Person, start_irc_server

pytestmark = pytest.mark.slow

PEOPLE = [Person(name) for name in ("uma", "vic")]
SENDQ = 4096
"""Bytes: the smallest SendQ the settings allow."""
FLOOD_LINE = "x" * 400


@pytest.fixture(scope="module")
def server(module_servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> IrcServer:
    """Default limits (but many connections from 127.0.0.1)."""
    return start_irc_server(module_servers, tmp_path_factory.mktemp("limits"), people=PEOPLE)


async def test_a_line_over_512_bytes_gets_417_and_the_connection_goes_on(
    server: IrcServer, clients: Clients
) -> None:
    uma = await clients.raw(server.port, "uma")
    uma.send("JOIN #long")
    await uma.expect("366", "uma", "#long")

    uma.send("PRIVMSG #long :" + "a" * 600)
    await uma.expect("417", "uma")  # ERR_INPUTTOOLONG
    uma.send("PRIVMSG #long :short enough", "WHOIS uma")
    await uma.expect("318", "uma")
    assert not uma.inbox.closed
    assert not [line for line in uma.inbox.lines if line.command in ("ERROR", "404")]


async def test_invalid_utf8_is_refused_with_a_standard_reply(
    server: IrcServer, clients: Clients
) -> None:
    vic = await clients.raw(server.port, "vic", caps=["echo-message"])
    vic.send("JOIN #accents")
    await vic.expect("366", "vic", "#accents")

    vic.send_bytes(b"PRIVMSG #accents :caf\xe9 au lait\r\n")  # Latin-1, not UTF-8
    await vic.expect("FAIL", "PRIVMSG", "INVALID_UTF8")
    vic.send("PRIVMSG #accents :café au lait")
    await vic.expect("PRIVMSG", "#accents", "café au lait", sender="vic")  # the echo


async def test_the_connection_past_the_per_address_limit_gets_error(
    start_server: ServerFactory, clients: Clients
) -> None:
    server = await start_server(limits={"BOUDOIR_IRC_MAX_CONNECTIONS_PER_ADDRESS": "3"})
    first = [clients.keep(await RawClient.connect(server.port, f"c{n}")) for n in range(3)]
    for number, client in enumerate(first):
        client.send(f"PING :hello-{number}")
        await client.expect("PONG")  # accepted and answered

    fourth = clients.keep(await RawClient.connect(server.port, "c3"))
    error = await fourth.expect("ERROR")
    assert "Too many connections" in error.params[-1]
    await fourth.wait_closed()
    for client in first:
        client.send("PING :still-here")
        await client.expect("PONG", "boudoir.local", "still-here")


@pytest.fixture(scope="module")
def sendq_server(module_servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> IrcServer:
    """A SendQ of 4 KiB, and speakers free to flood as fast as they can write."""
    return start_irc_server(
        module_servers,
        tmp_path_factory.mktemp("sendq"),
        people=[Person(name) for name in ("loud", "calm", "stuck", "late", "hum", "jam")],
        settings={
            "BOUDOIR_IRC_SENDQ_BYTES": str(SENDQ),
            "BOUDOIR_IRC_COMMAND_BURST": "100000",
            "BOUDOIR_IRC_COMMAND_RATE": "100000",
        },
    )


async def flood_until_gone(speaker: RawClient, room: str, victim: str, limit: int) -> int:
    """``speaker`` says lines of 400 bytes in ``room`` until ``victim`` is offline or about
    ``limit`` bytes were sent; returns the bytes sent. ISON after each batch: the speaker's
    commands run in order, so its answer tells whether the victim was dropped by then."""
    sent = 0
    while sent < limit:
        speaker.send(*[f"PRIVMSG {room} :{FLOOD_LINE}"] * 10, f"ISON {victim}")
        sent += 10 * len(FLOOD_LINE)
        if not (await speaker.expect("303", speaker.name)).params[-1]:
            break
    return sent


async def test_a_reader_too_slow_for_its_sendq_is_dropped_and_others_go_on(
    sendq_server: IrcServer, clients: Clients
) -> None:
    port = sendq_server.port
    loud, calm = [await clients.raw(port, name) for name in ("loud", "calm")]
    stuck = await clients.raw(port, "stuck", receive_buffer=SENDQ)
    for client in (loud, calm, stuck):
        client.send("JOIN #flood")
        await client.expect("366", client.name, "#flood")
    stuck.stop_reading()

    await flood_until_gone(loud, "#flood", "stuck", limit=16 * 1024 * 1024)
    await calm.settled()
    # Told as it leaves the room (PART today; QUIT, once IRC disconnections are QUITs).
    gone = [
        line
        for line in calm.inbox.lines
        if line.nick == "stuck" and line.command in ("PART", "QUIT")
    ]
    assert [line.params[-1] for line in gone] == ["SendQ exceeded"]
    stuck.resume_reading()
    await stuck.wait_closed()

    late = await clients.raw(port, "late")
    late.send("JOIN #flood")
    names = await late.inbox.until("366", "late", "#flood")
    listed = " ".join(line.params[-1] for line in names if line.command == "353")
    assert "stuck" not in listed
    assert "loud" in listed
    loud.send("PRIVMSG #flood :Still here.")
    await late.expect("PRIVMSG", "#flood", "Still here.", sender="loud")


async def test_a_stuck_reader_costs_the_server_little_more_than_its_sendq(
    sendq_server: IrcServer, clients: Clients
) -> None:
    port = sendq_server.port
    hum = await clients.raw(port, "hum")
    jam = await clients.raw(port, "jam", receive_buffer=SENDQ)
    for client in (hum, jam):
        client.send("JOIN #jam")
        await client.expect("366", client.name, "#jam")
    jam.stop_reading()

    # What may pile up for jam: its SendQ, and kernel buffers of a sane size (the receive
    # buffer jam set, and a send buffer of some tens of KiB on the server's side).
    limit = 512 * 1024
    sent = await flood_until_gone(hum, "#jam", "jam", limit)
    assert sent < limit, f"jam still online after {sent} bytes were sent to it"


async def test_a_burst_of_50_messages_is_paced_but_arrives_whole_and_in_order(
    start_server: ServerFactory, clients: Clients
) -> None:
    server = await start_server(
        people=[Person(name) for name in ("rita", "sven")],
        settings={
            "BOUDOIR_IRC_COMMAND_BURST": "5",
            "BOUDOIR_IRC_COMMAND_RATE": "50",
        },
    )
    rita, sven = [await clients.raw(server.port, name) for name in ("rita", "sven")]
    for client in (rita, sven):
        client.send("JOIN #rush")
        await client.expect("366", client.name, "#rush")
    await rita.expect("JOIN", "#rush", sender="sven")
    rita.inbox.mark()

    sent = [f"line {number:02}" for number in range(50)]
    started = time.monotonic()
    sven.send(*(f"PRIVMSG #rush :{text}" for text in sent))
    await rita.expect("PRIVMSG", "#rush", sent[-1], sender="sven")
    took = time.monotonic() - started

    received = [line.params[-1] for line in rita.inbox.lines if line.command == "PRIVMSG"]
    assert received == sent
    assert not sven.inbox.closed
    # Burst 5, then 50 a second: the last 45 wait at least 0.9 s in all (never dropped).
    assert took >= 0.8
