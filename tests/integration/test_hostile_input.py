"""Hostile input on every gateway of a real ``boudoir serve`` leaves no traceback and no
stuck connection: a bounded, seeded fuzz run over IRC (before and after logging in), telnet,
the WebSocket and the HTTP API.

Each input is a mutation of something the gateway understands (a known command or message type
with hostile arguments: empty, spaced, colon-led, over-long, control and bidi characters,
numbers out of range, wrong JSON types) or plain random bytes. After every batch the same
connection (or, if the server rightly closed it, a new one) must still answer, and at the end
the server's log holds no traceback. The seed is fixed, so a failure replays exactly.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import httpx
import pytest
import websockets

from boudoir.gateways.telnet import commands as telnet_commands
from boudoir.wire.webjson.commands import SPECS as SOCKET_COMMANDS

from .irc.clients import RawClient, raw_client
from .server import ServerProcess, Servers, boudoir_environment
from .telnet.harness import TelnetPerson
from .test_server_process import login, register
from .web_socket.harness import PASSWORD, WAIT

pytestmark = pytest.mark.slow

SEED = 20261207
BATCH = 40
"""Inputs sent before each check that the connection still answers."""
IRC_LINES = 1200
GUEST_LINES = 400
TELNET_LINES = 800
SOCKET_MESSAGES = 800
HTTP_REQUESTS = 240

UNLIMITED = {
    **{
        f"BOUDOIR_{gateway}_COMMAND_{what}": "100000"
        for gateway in ("IRC", "WEB", "TELNET")
        for what in ("BURST", "RATE")
    },
    "BOUDOIR_IRC_CONNECT_BURST": "1000",
    "BOUDOIR_IRC_MAX_CONNECTIONS_PER_ADDRESS": "1000",
    "BOUDOIR_TELNET_CONNECT_BURST": "1000",
    "BOUDOIR_WEB_MAX_CONNECTIONS_PER_ADDRESS": "1000",
}
"""The fuzz measures what input does, not the pacing: the token buckets and the per-address
connection limits are opened wide."""

HOSTILE = (
    "",
    " ",
    "a b",
    ":x",
    ":",
    "*",
    "#",
    "#lobby",
    "&x",
    "Target",
    "Fuzzer",
    "NickServ",
    "+o",
    "-o+k",
    "+l",
    "+b",
    "0",
    "-1",
    "99999999999999999999",
    "1e308",
    "%s%n",
    "\x01ACTION waves\x01",
    "\x02\x03" + "4,5\x0f",
    "\u202eevil\u202c",
    "\u2066x",
    "\u200f",
    "\x1b[31m",
    "é" * 300,
    "x" * 700,
    "ﬀ🙂\U0010ffff",
    "a,b,c,#d,#e",
    "@tag=v;+d",
    "..\\..",
    "<script>alert(1)</script>",
)
IRC_COMMANDS = (
    "PRIVMSG", "NOTICE", "TAGMSG", "JOIN", "PART", "TOPIC", "NAMES", "LIST", "MODE", "KICK",
    "INVITE", "WHO", "WHOIS", "WHOWAS", "NICK", "AWAY", "ISON", "USERHOST", "MONITOR", "LUSERS",
    "MOTD", "TIME", "VERSION", "INFO", "HELP", "PING", "PONG", "CAP", "AUTHENTICATE", "REGISTER",
    "CHATHISTORY", "SETNAME", "OPER", "KNOCK", "REVEAL", "SCENE", "LOG", "SAFEWORD", "BLOCK",
    "NICKSERV", "NS", "MODSERV", "SCENESERV", "LOGSERV", "AUTOMOD", "USER", "PASS", "WALLOPS",
    "ZZZ1_X", "",
)  # fmt: skip
SERVICES = ("NickServ", "SceneServ", "LogServ", "ModServ", "AutoMod")
SERVICE_WORDS = (
    "HELP", "IDENTIFY", "REGISTER", "GHOST", "INFO", "SET", "INVITE", "ACCEPT", "DECLINE",
    "VOTE", "LEAVE", "PROPOSE", "AGREE", "WITHDRAW", "STATUS", "REPORT", "QUEUE", "MUTE",
)  # fmt: skip
SKIPPED_TELNET = {"quit", "@password", "@recycle"}
"""Leaving, or changing what lets the fuzz log in again: the fuzz must go on."""
SKIPPED_SOCKET: set[str] = set()
SKIPPED_HTTP = {("DELETE", "/api/v1/session"), ("DELETE", "/api/v1/account")}
HTTP_PATHS = (
    ("GET", "/api/v1/session"),
    ("POST", "/api/v1/session"),
    ("POST", "/api/v1/accounts"),
    ("GET", "/api/v1/account"),
    ("POST", "/api/v1/account/attestation"),
    ("PATCH", "/api/v1/account/settings"),
    ("GET", "/api/v1/account/export"),
    ("GET", "/api/v1/characters"),
    ("POST", "/api/v1/characters"),
    ("PATCH", "/api/v1/characters/{}"),
    ("DELETE", "/api/v1/characters/{}"),
    ("GET", "/api/v1/profiles/{}"),
    ("GET", "/api/v1/friends"),
    ("PUT", "/api/v1/friends/{}"),
    ("DELETE", "/api/v1/friends/{}"),
    ("PUT", "/api/v1/blocks/{}"),
    ("DELETE", "/api/v1/blocks/{}"),
    ("GET", "/api/v1/rooms"),
    ("GET", "/api/v1/logs"),
    ("GET", "/api/v1/logs/{}"),
    ("DELETE", "/api/v1/logs/lines/{}"),
    ("GET", "/api/v1/sessions"),
    ("DELETE", "/api/v1/sessions/{}"),
    ("GET", "/api/v1/moderation/queue"),
    ("POST", "/api/v1/moderation/actions"),
    ("POST", "/api/v1/moderation/automod/test"),
    ("GET", "/api/v1/openapi.json"),
    ("GET", "/{}"),
    ("OPTIONS", "/api/v1/{}"),
)


def word(rng: random.Random) -> str:
    """A hostile argument: mostly from ``HOSTILE``, sometimes random characters."""
    if rng.random() < 0.75:
        return rng.choice(HOSTILE)
    alphabet = "aZ09#&:,*!@.-_ \t\x00\x07\x7f\u00ad\u202e\ufeff\U0001f600"
    return "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40)))


def random_bytes(rng: random.Random, size: int = 200) -> bytes:
    return bytes(rng.randrange(256) for _ in range(rng.randrange(1, size)))


def irc_line(rng: random.Random) -> bytes:
    """One IRC line: a known command with hostile parameters, or random bytes."""
    roll = rng.random()
    if roll < 0.08:
        return random_bytes(rng).replace(b"\n", b"") + b"\r\n"
    if roll < 0.25:
        service = rng.choice(SERVICES)
        words = " ".join(word(rng) for _ in range(rng.randrange(0, 4)))
        text = f"PRIVMSG {service} :{rng.choice(SERVICE_WORDS)} {words}"
    else:
        params = [word(rng) for _ in range(rng.randrange(0, 6))]
        if params and rng.random() < 0.5:
            params[-1] = ":" + params[-1]
        text = " ".join([rng.choice(IRC_COMMANDS), *params])
    if rng.random() < 0.1:
        text = f"@{word(rng)}={word(rng)} {text}"
    data = text.replace("\r", "").replace("\n", "").encode("utf-8", "surrogatepass")
    return data + rng.choice((b"\r\n", b"\n"))


def telnet_line(rng: random.Random, names: list[str]) -> bytes:
    """One MU* line: a command word with hostile arguments, telnet negotiation, or bytes."""
    roll = rng.random()
    if roll < 0.08:
        return random_bytes(rng).replace(b"\n", b"") + b"\r\n"
    if roll < 0.15:
        # IAC sequences, some cut short or unknown: DO/DONT/WILL/WONT/SB ... SE.
        return bytes([255, rng.choice((250, 251, 252, 253, 254, 255, 240, 1))]) + random_bytes(
            rng, 20
        )
    name = rng.choice(names)
    switch = f"/{word(rng)}" if rng.random() < 0.1 else ""
    arguments = " ".join(word(rng) for _ in range(rng.randrange(0, 4)))
    if rng.random() < 0.3:
        arguments = f"{word(rng)}={word(rng)}"
    text = f"{name}{switch} {arguments}".replace("\r", "").replace("\n", "")
    return text.encode("utf-8", "surrogatepass") + b"\r\n"


def json_value(rng: random.Random, depth: int = 0) -> object:
    roll = rng.randrange(9 if depth < 2 else 6)
    if roll == 0:
        return None
    if roll == 1:
        return rng.choice((True, False))
    if roll == 2:
        return rng.choice((0, -1, 2**63, 10**400 if depth else 1, 3.5))
    if roll in (3, 4, 5):
        return word(rng)
    if roll in (6, 7):
        return [json_value(rng, depth + 1) for _ in range(rng.randrange(3))]
    return {word(rng): json_value(rng, depth + 1) for _ in range(rng.randrange(3))}


SOCKET_FIELDS = (
    "ref", "room", "text", "target", "to", "name", "create", "topic", "rating", "value",
    "scene", "members", "reason", "id", "setting", "character", "accept", "kind", "status",
)  # fmt: skip


def socket_message(rng: random.Random, types: list[str]) -> str | bytes:
    """One WebSocket message: a known type with hostile fields, broken JSON, or bytes."""
    roll = rng.random()
    if roll < 0.05:
        return random_bytes(rng)
    if roll < 0.12:
        return json.dumps({"type": rng.choice(types), "ref": "x"})[: rng.randrange(1, 20)]
    if roll < 0.17:
        return json.dumps(json_value(rng))
    message: dict[str, Any] = {"type": rng.choice(types)}
    for field in rng.sample(SOCKET_FIELDS, rng.randrange(0, 5)):
        message[field] = json_value(rng)
    return json.dumps(message, ensure_ascii=rng.random() < 0.5)


def port_of(url: str) -> int:
    port = urlsplit(url).port
    assert port is not None
    return port


async def irc_still_answers(client: RawClient, token: str) -> bool:
    """Whether ``client`` answers a PING with its PONG (False if the server closed it)."""
    if client.inbox.closed:
        return False
    client.send(f"PING :{token}")
    try:
        await client.expect("PONG", "boudoir.local", token)
    except AssertionError:
        if client.inbox.closed:
            return False
        raise
    return True


async def fuzz_irc(port: int, rng: random.Random) -> None:
    """A logged-in client sends hostile lines; if the server closes it, a new one goes on."""
    client = await raw_client(port, "Fuzzer", caps=("echo-message", "message-tags"))
    try:
        for batch in range(IRC_LINES // BATCH):
            client.send_bytes(b"".join(irc_line(rng) for _ in range(BATCH)))
            if not await irc_still_answers(client, f"batch{batch}"):
                await client.close()
                client = await raw_client(port, "Fuzzer")
    finally:
        await client.close()


async def fuzz_irc_guest(port: int, rng: random.Random) -> None:
    """Unregistered connections send hostile registration lines (CAP, NICK, USER, PASS,
    AUTHENTICATE, REGISTER...); each batch gets a fresh connection."""
    for batch in range(GUEST_LINES // BATCH):
        guest = await RawClient.connect(port, f"guest{batch}")
        try:
            guest.send_bytes(b"".join(irc_line(rng) for _ in range(BATCH)))
            await irc_still_answers(guest, f"guest{batch}")
        finally:
            await guest.close()


async def fuzz_telnet(port: int, rng: random.Random) -> None:
    names = sorted(
        {
            word
            for word in telnet_commands.COMMANDS
            if telnet_commands.COMMANDS[word].name.lower() not in SKIPPED_TELNET
        }
    )
    person = await TelnetPerson.log_in(port, "Fuzzer", PASSWORD)
    try:
        for batch in range(TELNET_LINES // BATCH):
            person.writer.write(b"".join(telnet_line(rng, names) for _ in range(BATCH)))
            # IAC SE twice ends a subnegotiation a random IAC SB left open (in any of its
            # states: RFC 855), and the line end ends a half line.
            person.writer.write(b"\xff\xf0\xff\xf0\r\n" + f"think sync {batch}\r\n".encode())
            try:
                await person.expect(f"sync {batch}")
            except AssertionError:
                assert await person.closed(), f"telnet stopped answering after batch {batch}"
                person = await TelnetPerson.log_in(port, "Fuzzer", PASSWORD)
    finally:
        await person.close()


async def fuzz_socket(base: str, cookie: str, rng: random.Random) -> None:
    types = sorted(set(SOCKET_COMMANDS) - SKIPPED_SOCKET)
    for batch in range(SOCKET_MESSAGES // BATCH):
        async with websockets.connect(
            f"ws://{urlsplit(base).netloc}/api/v1/socket",
            subprotocols=[websockets.Subprotocol("boudoir.v1")],
            additional_headers={"Cookie": f"boudoir_session={cookie}"},
            origin=websockets.Origin(base),
            max_size=None,
        ) as socket:
            with contextlib.suppress(websockets.ConnectionClosed):
                for _ in range(BATCH):
                    await socket.send(socket_message(rng, types))
                await socket.send(json.dumps({"type": "ping", "ref": f"sync{batch}"}))
                async with asyncio.timeout(WAIT):
                    while True:
                        message = json.loads(await socket.recv())
                        if message.get("ref") == f"sync{batch}":
                            assert message["type"] == "ok", message
                            break
            if socket.close_code is not None:
                # Closed on purpose (a binary frame, an oversized message): with a reason.
                assert socket.close_code in (1003, 1007, 1008, 1009, 4000, 4400), (
                    socket.close_code,
                    socket.close_reason,
                )


async def fuzz_http(base: str, cookie: str, rng: random.Random) -> None:
    async with httpx.AsyncClient(
        base_url=base, cookies={"boudoir_session": cookie}, headers={"Origin": base}, timeout=WAIT
    ) as http:
        for _ in range(HTTP_REQUESTS):
            method, path = rng.choice([route for route in HTTP_PATHS if route not in SKIPPED_HTTP])
            path = path.replace("{}", quote(word(rng), safe="%") or "x")
            if rng.random() < 0.2:
                path += "%0a%1b%00%2e%2e%2f"
            body: bytes | None = None
            if method in ("POST", "PUT", "PATCH", "DELETE"):
                roll = rng.random()
                body = random_bytes(rng) if roll < 0.2 else json.dumps(json_value(rng)).encode()
            response = await http.request(
                method, path, content=body, headers={"Content-Type": "application/json"}
            )
            # Every answer is a deliberate one: never a server error.
            assert response.status_code < 500 or response.status_code == 503, (
                method,
                path,
                response.status_code,
                response.text[:200],
            )


def assert_no_traceback(server: ServerProcess) -> None:
    log = server.log()
    assert "Traceback" not in log, log[log.index("Traceback") - 2000 :][:6000]


async def test_hostile_input_on_every_gateway_leaves_no_traceback(
    servers: Servers, tmp_path: Path
) -> None:
    listeners = ("--irc-port", "auto", "--telnet-port", "auto")
    server = servers.start(
        tmp_path / "data", *listeners, environment=boudoir_environment(**UNLIMITED)
    )
    for name in ("Fuzzer", "Target"):
        assert register(server.web, name, PASSWORD).status_code == 201
    # Logged in first: the fuzz's own wrong passwords (NickServ IDENTIFY, telnet connect) slow
    # its later logins down, as they would an attacker's.
    answer = login(server.web, "Fuzzer", PASSWORD)
    assert answer.is_success, answer.text
    cookie = answer.cookies["boudoir_session"]
    irc, telnet = port_of(server.listeners["irc"]), port_of(server.listeners["telnet"])

    await fuzz_irc_guest(irc, random.Random(SEED))
    await fuzz_irc(irc, random.Random(SEED + 1))
    await fuzz_telnet(telnet, random.Random(SEED + 2))
    await fuzz_socket(server.web, cookie, random.Random(SEED + 3))
    await fuzz_http(server.web, cookie, random.Random(SEED + 4))

    # Everyone else still gets in after all that: one login on each gateway.
    check = await raw_client(irc, "Target")
    await check.close()
    person = await TelnetPerson.log_in(telnet, "Target", PASSWORD)
    await person.close()
    assert login(server.web, "Target", PASSWORD).is_success
    assert server.process.poll() is None
    assert_no_traceback(server)
    assert server.stop() == 0
    assert_no_traceback(server)
