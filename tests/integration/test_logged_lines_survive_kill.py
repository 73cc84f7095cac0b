"""A line said in a logged room is acknowledged only once it is stored: ``kill -9`` right
after the last acknowledgement loses none of them, on any gateway.

A real ``boudoir serve`` process; three people, each alone in a room they log (a lone yes is
everyone's yes): a browser (the ``ok`` to its ``say``), an IRC client (its echo-message) and a
MU* client (its own ``You say``). They all speak at once, pipelined, so that their lines share
the store's commits; the server is killed the moment the last acknowledgement arrives, then
started again on the same data directory, and each reads its log over the HTTP API.
"""

from __future__ import annotations

import asyncio
import json
import signal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
import websockets

from .irc.clients import raw_client
from .server import SHUTDOWN_TIMEOUT, Servers, boudoir_environment
from .telnet.harness import TelnetPerson
from .test_server_process import login, register
from .web_socket.harness import PASSWORD, WAIT

pytestmark = pytest.mark.slow

LINES = 100
"""Lines each of the three says: 300 in all, bounded."""

UNTHROTTLED = {
    f"BOUDOIR_{gateway}_COMMAND_{what}": "100000"
    for gateway in ("IRC", "WEB", "TELNET")
    for what in ("BURST", "RATE")
}
"""Each client sends its lines at once: the test measures the store, not the token bucket."""


def port_of(url: str) -> int:
    port = urlsplit(url).port
    assert port is not None
    return port


async def browser_says(base: str, room: str) -> None:
    """A browser logs ``room`` alone and says ``LINES`` lines; returns once every ``ok`` came."""
    cookie = login(base, "Willow", PASSWORD).cookies["boudoir_session"]
    address = urlsplit(base)
    async with websockets.connect(
        f"ws://{address.netloc}/api/v1/socket",
        subprotocols=[websockets.Subprotocol("boudoir.v1")],
        additional_headers={"Cookie": f"boudoir_session={cookie}"},
        origin=websockets.Origin(base),
    ) as socket:

        async def reply(ref: str) -> dict[str, Any]:
            while True:
                message: dict[str, Any] = json.loads(await socket.recv())
                if message.get("ref") == ref and message["type"] in ("ok", "error"):
                    return message

        async with asyncio.timeout(WAIT):
            await socket.send(
                json.dumps({"type": "join", "ref": "j", "room": room, "create": True})
            )
            assert (await reply("j"))["type"] == "ok"
            await socket.send(json.dumps({"type": "log_propose", "ref": "l", "room": room}))
            assert (await reply("l"))["logging"]["on"] is True
            for i in range(LINES):
                await socket.send(
                    json.dumps({"type": "say", "ref": f"s{i}", "room": room, "text": f"web {i}"})
                )
            for i in range(LINES):
                assert (await reply(f"s{i}"))["type"] == "ok"


async def irc_says(port: int, room: str) -> None:
    """An IRC client (echo-message) logs ``room`` alone and says ``LINES`` lines; returns once
    every echo came."""
    irc = await raw_client(port, "Ivy", caps=("echo-message",))
    try:
        irc.send(f"JOIN {room}")
        await irc.expect("366", "Ivy", room)
        irc.send(f"LOG PROPOSE {room}")
        await irc.expect("NOTICE", room, sender="LogServ")
        irc.send(*(f"PRIVMSG {room} :irc {i}" for i in range(LINES)))
        for i in range(LINES):
            await irc.expect("PRIVMSG", room, f"irc {i}", sender="Ivy")
    finally:
        await irc.close()


async def telnet_says(port: int) -> None:
    """A MU* client logs the room it stands in, alone, and says ``LINES`` lines; returns once
    it has read every one of its own lines."""
    tess = await TelnetPerson.log_in(port, "Tess", PASSWORD)
    try:
        tess.send("log on")
        await tess.expect("Logging is ON in lobby")
        tess.writer.write(b"".join(f"say telnet {i}\r\n".encode() for i in range(LINES)))
        for i in range(LINES):
            await tess.expect(f'You say, "telnet {i}"')
    finally:
        tess.writer.close()


def logged_lines(base: str, name: str) -> list[str]:
    """Every line ``name`` may read in their logs, over the HTTP API."""
    with httpx.Client(base_url=base, timeout=10) as http:
        assert http.post("/api/v1/session", json={"name": name, "password": PASSWORD}).is_success
        segments = http.get("/api/v1/logs").json()["logs"]
        return [
            line["text"]
            for segment in segments
            for line in http.get(f"/api/v1/logs/{segment['id']}").json()["lines"]
        ]


async def test_every_acknowledged_line_survives_kill_9(servers: Servers, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    environment = boudoir_environment(**UNTHROTTLED)
    listeners = ("--irc-port", "auto", "--telnet-port", "auto")
    server = servers.start(data_dir, *listeners, environment=environment)
    for name in ("Willow", "Ivy", "Tess"):
        assert register(server.web, name, PASSWORD).status_code == 201

    await asyncio.gather(
        browser_says(server.web, "den"),
        irc_says(port_of(server.listeners["irc"]), "#nook"),
        telnet_says(port_of(server.listeners["telnet"])),
    )
    server.process.kill()  # SIGKILL the moment the last acknowledgement is in
    assert server.process.wait(SHUTDOWN_TIMEOUT) == -signal.SIGKILL
    server.close()

    again = servers.start(data_dir, environment=environment)
    assert logged_lines(again.web, "Willow") == [f"web {i}" for i in range(LINES)]
    assert logged_lines(again.web, "Ivy") == [f"irc {i}" for i in range(LINES)]
    assert logged_lines(again.web, "Tess") == [f"telnet {i}" for i in range(LINES)]
    assert again.stop() == 0
