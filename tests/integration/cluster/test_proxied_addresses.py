"""Behind a real HAProxy, a node sees each client's own address, not the balancer's: the
balancer (connecting from 127.0.0.9, listed in ``trusted_proxies``) sends a PROXY header on
IRC (v2), IRC over TLS (v2) and telnet (v1), and ``X-Forwarded-For`` on HTTP. People play
machines of their own by binding 127.0.0.5, 127.0.0.6...; one of them at a per-address limit
does not lock the others out, as it would if every connection counted as the balancer's."""

from __future__ import annotations

import re
import ssl
import subprocess
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
import pytest_asyncio
import websockets

from boudoir.gateways.admission import TOO_MANY

from ..irc.clients import REGISTERED, RawClient
from ..irc.harness import PASSWORD
from ..server import ServerProcess
from ..telnet.harness import TelnetPerson
from ..web_socket.harness import Browser
from .harness import Balancer, Cluster, free_port, port

pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]

BALANCER = "127.0.0.9"
"""The address HAProxy connects to the node from (its backends' ``source``)."""

SECTIONS = """
frontend irc
    mode tcp
    bind 127.0.0.1:{irc}
    default_backend irc_node
frontend irc_tls
    mode tcp
    bind 127.0.0.1:{irc_tls}
    default_backend irc_tls_node
frontend telnet
    mode tcp
    bind 127.0.0.1:{telnet}
    default_backend telnet_node
frontend web
    mode http
    bind 127.0.0.1:{web}
    option forwardfor
    default_backend web_node
backend irc_node
    mode tcp
    source {balancer}
    server a 127.0.0.1:{node_irc} send-proxy-v2
backend irc_tls_node
    mode tcp
    source {balancer}
    server a 127.0.0.1:{node_irc_tls} send-proxy-v2
backend telnet_node
    mode tcp
    source {balancer}
    server a 127.0.0.1:{node_telnet} send-proxy
backend web_node
    mode http
    source {balancer}
    server a 127.0.0.1:{node_web}
"""


@dataclass
class Front:
    """The balancer's ports, in front of one node."""

    node: ServerProcess
    irc: int
    irc_tls: int
    telnet: int
    web: int


@pytest_asyncio.fixture
async def front(nodes: Cluster, tmp_path: Path) -> AsyncIterator[Front]:
    """One node trusting the balancer, one connection and one WebSocket allowed per address,
    one sign-up per address an hour, behind HAProxy."""
    (node,) = nodes.start(
        "a",
        arguments=("--irc-tls-port", "auto"),
        BOUDOIR_TRUSTED_PROXIES=BALANCER,
        BOUDOIR_IRC_MAX_CONNECTIONS_PER_ADDRESS="1",
        BOUDOIR_TELNET_MAX_CONNECTIONS_PER_ADDRESS="1",
        BOUDOIR_WEB_MAX_SOCKETS_PER_ADDRESS="1",
        BOUDOIR_SIGNUPS_PER_ADDRESS_PER_HOUR="1",
    )
    ports = Front(node, free_port(), free_port(), free_port(), free_port())
    balancer = await Balancer.start(
        tmp_path,
        SECTIONS.format(
            balancer=BALANCER,
            irc=ports.irc,
            irc_tls=ports.irc_tls,
            telnet=ports.telnet,
            web=ports.web,
            node_irc=port(node, "irc"),
            node_irc_tls=port(node, "irc-tls"),
            node_telnet=port(node, "telnet"),
            node_web=urlsplit(node.web).port,
        ),
    )
    try:
        await balancer.listening(ports.web)
        yield ports
    finally:
        await balancer.close()


def no_verification() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


async def irc_guest(
    irc_port: int, nick: str, source: str, tls: ssl.SSLContext | None = None
) -> RawClient:
    """A guest from ``source``, welcomed (registered without an account)."""
    client = await RawClient.connect(irc_port, nick, tls=tls, source=source)
    client.send(f"NICK {nick}", f"USER {nick} 0 * :{nick}")
    await client.expect(REGISTERED)
    return client


async def test_irc_through_the_balancer_counts_each_clients_address(front: Front) -> None:
    ivy = await irc_guest(front.irc, "Ivy", "127.0.0.5")
    try:
        second = await RawClient.connect(front.irc, "again", source="127.0.0.5")
        refusal = await second.expect("ERROR")
        assert TOO_MANY in refusal.params[-1]
        await second.close()
        # Another machine behind the same balancer is not held back by Ivy's.
        una = await irc_guest(front.irc, "Una", "127.0.0.6")
        await una.close()
    finally:
        await ivy.close()


async def test_irc_over_tls_through_the_balancer_counts_each_clients_address(
    front: Front,
) -> None:
    tls = no_verification()
    ivy = await irc_guest(front.irc_tls, "Ivy", "127.0.0.5", tls)
    try:
        # Refused before the handshake, unanswered: the node reads the PROXY header first.
        with pytest.raises((ssl.SSLError, ConnectionError)):
            await RawClient.connect(front.irc_tls, "again", tls=tls, source="127.0.0.5")
        una = await irc_guest(front.irc_tls, "Una", "127.0.0.6", tls)
        await una.close()
    finally:
        await ivy.close()


async def test_telnet_through_the_balancer_counts_each_clients_address(front: Front) -> None:
    tess = await TelnetPerson.connect(front.telnet, "Tess", source="127.0.0.5")
    try:
        await tess.expect("connect <name> <password>")
        second = await TelnetPerson.connect(front.telnet, "again", source="127.0.0.5")
        await second.expect(TOO_MANY)
        await second.close()
        vera = await TelnetPerson.connect(front.telnet, "Vera", source="127.0.0.6")
        await vera.expect("connect <name> <password>")
        await vera.close()
    finally:
        await tess.close()


def sign_up(web: str, name: str, source: str, **headers: str) -> httpx.Response:
    body = {"name": name, "password": PASSWORD, "born": "1990-05-17", "attest": True}
    with httpx.Client(transport=httpx.HTTPTransport(local_address=source), timeout=10) as http:
        return http.post(f"{web}/api/v1/accounts", json=body, headers=headers)


def log_in(web: str, name: str, source: str) -> str:
    with httpx.Client(transport=httpx.HTTPTransport(local_address=source), timeout=10) as http:
        answer = http.post(f"{web}/api/v1/session", json={"name": name, "password": PASSWORD})
        assert answer.status_code == 200, answer.text
        return answer.cookies["boudoir_session"]


async def browser(web: str, name: str, source: str) -> Browser:
    """``name`` logged in from ``source``, with a WebSocket open (its welcome not yet read)."""
    cookie = log_in(web, name, source)
    socket = await websockets.connect(
        f"ws://{urlsplit(web).netloc}/api/v1/socket",
        subprotocols=[websockets.Subprotocol("boudoir.v1")],
        additional_headers={"Cookie": f"boudoir_session={cookie}"},
        origin=websockets.Origin(web),
        local_addr=(source, 0),
    )
    return Browser(name, socket)


async def test_the_web_through_the_balancer_counts_each_clients_address(front: Front) -> None:
    web = f"http://127.0.0.1:{front.web}"
    # Sign-ups: one an hour from each address, counted by the address HAProxy forwards.
    assert sign_up(web, "Ivy", "127.0.0.5").status_code == 201
    assert sign_up(web, "Ines", "127.0.0.5").status_code == 429
    # A client's own X-Forwarded-For is not believed: HAProxy adds the address it saw.
    spoofed = sign_up(web, "Ines", "127.0.0.5", **{"X-Forwarded-For": "127.0.0.7"})
    assert spoofed.status_code == 429
    assert sign_up(web, "Una", "127.0.0.6").status_code == 201

    # WebSockets: one at a time from each address.
    ivy = await browser(web, "Ivy", "127.0.0.5")
    try:
        await ivy.expect("welcome")
        again = await browser(web, "Ivy", "127.0.0.5")
        assert await again.closed_with() == 4029
        una = await browser(web, "Una", "127.0.0.6")
        await una.expect("welcome")  # not refused
        await una.socket.close()
    finally:
        await ivy.socket.close()


DOCUMENTED = Path(__file__).parents[3] / "docs" / "haproxy.cfg"


def test_the_documented_haproxy_configuration_is_valid_and_forwards_addresses() -> None:
    """docs/haproxy.cfg passes ``haproxy -c``, and every node behind it learns each client's
    address: a PROXY header on each TCP server line, X-Forwarded-For on HTTP."""
    checked = subprocess.run(
        [Balancer.program(), "-c", "-f", str(DOCUMENTED)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    text = DOCUMENTED.read_text()
    backends = dict(re.findall(r"^backend (\S+)\n((?:    .*\n?)*)", text, re.MULTILINE))
    assert set(backends) == {"irc_nodes", "irc_tls_nodes", "telnet_nodes", "web_nodes"}
    for name in ("irc_nodes", "irc_tls_nodes", "telnet_nodes"):
        servers = [line for line in backends[name].splitlines() if "server " in line]
        assert servers
        assert all(line.rstrip().endswith("send-proxy-v2") for line in servers), name
    assert "option forwardfor" in text.split("frontend web", 1)[1]
