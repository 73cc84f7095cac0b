"""Real nodes: ``boudoir serve`` processes sharing one PostgreSQL database and one Redis. An
IRC user on node A and a telnet user on node B share a room; a node killed with -9 is shown gone
on the other within its timeout, as a dropped connection; a node refuses another's name."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import pytest

from ..irc.clients import raw_client
from ..irc.harness import PASSWORD
from ..server import Servers, boudoir_command
from ..telnet.harness import TelnetPerson
from .harness import (
    NODE_TIMEOUT,
    ROUNDS,
    Balancer,
    Cluster,
    browser,
    close,
    connect_when_listening,
    free_port,
    open_to_anyone,
    port,
    register,
    until_listed,
    until_online,
)

pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]


async def test_an_irc_user_and_a_telnet_user_on_two_nodes_share_a_room(nodes: Cluster) -> None:
    a, b = nodes.start("a", "b")
    register(a, "Ivy")
    register(b, "Tess")
    irc = await raw_client(port(a, "irc"), "Ivy")
    tess = None
    try:
        irc.send("JOIN #lobby")
        await irc.expect("JOIN", "#lobby")
        # Tess arrives in the lobby (a MU* login stands one in the home room) on node b.
        tess = await TelnetPerson.log_in(port(b, "telnet"), "Tess", PASSWORD)
        await irc.expect("JOIN", "#lobby", sender="Tess")
        tess.send("look")
        await tess.expect("Ivy")
        tess.send('"hello from node b')
        await irc.expect("PRIVMSG", "#lobby", "hello from node b", sender="Tess")
        irc.send("PRIVMSG #lobby :\x01ACTION waves from node a.\x01")
        await tess.expect("Ivy waves from node a.")

        b.stop(signal.SIGKILL)  # a crash: no goodbye
        await irc.expect("QUIT", within=NODE_TIMEOUT + 5)
    finally:
        await irc.close()
        if tess is not None:
            await tess.close()


async def test_whowas_on_one_node_knows_who_left_another(nodes: Cluster) -> None:
    a, b = nodes.start("a", "b")
    register(a, "Ivy", "Tess")
    ivy = await raw_client(port(a, "irc"), "Ivy")
    tess = await raw_client(port(b, "irc"), "Tess")
    try:
        await until_online(ivy, "Tess")
        tess.send("QUIT :off to bed")
        await tess.wait_closed()
        # Node a learns the departure a round trip through Redis after node b made it.
        for _ in range(ROUNDS):
            ivy.send("WHOWAS Tess")
            lines = await ivy.inbox.until("369", "Ivy")
            if any(line.command == "314" for line in lines):
                break
        else:
            raise AssertionError("node a never answered WHOWAS Tess")
        (user,) = [line for line in lines if line.command == "314"]
        assert user.params[1] == "Tess"
    finally:
        await ivy.close()
        await tess.close()


async def test_msummon_brings_a_mu_user_from_the_other_node(nodes: Cluster) -> None:
    a, b = nodes.start("a", "b")
    register(a, "Ivy", "Tess", "Wes")
    open_to_anyone(a, "Tess")
    web = await browser(a, "Wes")
    ivy = tess = None
    try:
        assert (await web.call("join", room="den", create=True))["type"] == "ok"
        tess = await TelnetPerson.log_in(port(b, "telnet"), "Tess", PASSWORD)
        await tess.command("jump den", "Wes")
        await until_listed(web, "Tess")  # node a knows Tess is online
        ivy = await TelnetPerson.log_in(port(a, "telnet"), "Ivy", PASSWORD)
        await ivy.command("meetme Tess", "You asked Tess to meet you")
        await tess.expect("Ivy would like to meet you")

        answered = await tess.command("msummon Ivy", "Ivy comes to meet you.")
        assert "Ivy has arrived." in answered
        # Ivy, on node a, stands in the den now: she sees it, and speaks there.
        await ivy.expect("Wes")
        ivy.send('"found you')
        await tess.expect('Ivy says, "found you"')
    finally:
        await close(web, None, tess)
        if ivy is not None:
            await ivy.close()


async def test_a_second_node_with_a_taken_name_is_refused(nodes: Cluster) -> None:
    nodes.start("same")
    second = nodes.servers.spawn(
        nodes.tmp / "second", *nodes.arguments("same"), environment=nodes.environment()
    )
    assert second.process.wait(30) != 0
    assert "another live node of this cluster is named 'same'" in second.log()


async def test_redis_without_postgresql_is_refused(
    servers: Servers, tmp_path: Path, redis_url: str
) -> None:
    server = servers.spawn(tmp_path / "data", "--redis-url", redis_url)
    assert server.process.wait(30) != 0
    assert "set database_url to postgresql://" in server.log()


async def test_a_suspension_from_the_cli_reaches_the_running_node_through_redis(
    nodes: Cluster,
) -> None:
    # The node's own account sync is an hour away: only the bus can carry the change in time.
    a = nodes.servers.start(
        nodes.tmp / "a",
        *nodes.arguments("a"),
        environment={**nodes.environment(), "BOUDOIR_ACCOUNT_SYNC_SECONDS": "3600"},
    )
    register(a, "Ivy")
    irc = await raw_client(port(a, "irc"), "Ivy")
    try:
        done = await asyncio.create_subprocess_exec(
            *boudoir_command("moderation", "act", "suspend", "Ivy", "--reason", "spam"),
            *("--database-url", nodes.database, "--redis-url", nodes.redis),
            env=nodes.environment(),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await asyncio.wait_for(done.communicate(), 60)
        assert done.returncode == 0, (out, err)
        error = await irc.expect("ERROR", within=10)
        assert "suspended" in error.params[-1]
    finally:
        await irc.close()


BALANCED = """
frontend irc
    mode tcp
    bind 127.0.0.1:{irc}
    default_backend irc_nodes
frontend telnet
    mode tcp
    bind 127.0.0.1:{telnet}
    default_backend telnet_nodes
backend irc_nodes
    mode tcp
    balance roundrobin
{irc_servers}
backend telnet_nodes
    mode tcp
    balance roundrobin
{telnet_servers}
"""


async def test_people_reach_each_other_through_haproxy_in_front_of_two_nodes(
    nodes: Cluster, tmp_path: Path
) -> None:
    started = nodes.start("a", "b")
    register(started[0], "Ivy", "Tess", "Una")
    irc, telnet = free_port(), free_port()
    balancer = await Balancer.start(
        tmp_path,
        BALANCED.format(
            irc=irc,
            telnet=telnet,
            irc_servers="\n".join(
                f"    server n{i} 127.0.0.1:{port(n, 'irc')}" for i, n in enumerate(started)
            ),
            telnet_servers="\n".join(
                f"    server n{i} 127.0.0.1:{port(n, 'telnet')}" for i, n in enumerate(started)
            ),
        ),
    )
    ivy = una = tess = None
    try:
        # Round robin: the first IRC connection goes to node a, the second to node b.
        ivy = await connect_when_listening(lambda: raw_client(irc, "Ivy"))
        ivy.send("JOIN #lobby")
        await ivy.expect("JOIN", "#lobby")
        una = await raw_client(irc, "Una")
        una.send("JOIN #lobby")
        await una.expect("JOIN", "#lobby")
        await ivy.expect("JOIN", "#lobby", sender="Una")  # node a knows she is there
        tess = await TelnetPerson.log_in(telnet, "Tess", PASSWORD)  # node a
        await ivy.expect("JOIN", "#lobby", sender="Tess")
        await una.expect("JOIN", "#lobby", sender="Tess")
        tess.send('"through the balancer')
        await ivy.expect("PRIVMSG", "#lobby", "through the balancer", sender="Tess")
        await una.expect("PRIVMSG", "#lobby", "through the balancer", sender="Tess")
        una.send("PRIVMSG #lobby :hello from node b")
        await ivy.expect("PRIVMSG", "#lobby", "hello from node b", sender="Una")
        await tess.expect("hello from node b")
    finally:
        for client in (ivy, una):
            if client is not None:
                await client.close()
        if tess is not None:
            await tess.close()
        await balancer.close()
