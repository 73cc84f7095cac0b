"""PostgreSQL going away under two real nodes: logins and changes fail with a clear error,
the people already connected keep talking (on one node and across), and nothing that was
acknowledged is lost; once PostgreSQL is back, logins and changes work again.

The PostgreSQL is the test's own (``OwnPostgres``), stopped with ``pg_ctl stop -m immediate``
as a crash would stop it; the machine's is never touched."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
import websockets

from ..irc.clients import RawClient, raw_client
from ..irc.harness import PASSWORD
from ..server import Servers
from ..telnet.harness import TelnetPerson
from .harness import (
    Cluster,
    OwnPostgres,
    browser,
    close,
    log_in,
    open_socket,
    port,
    register,
    until_named,
)

pytestmark = [pytest.mark.slow, pytest.mark.timeout(90)]

AWAY = "The server cannot reach its database right now"
"""How every refusal while PostgreSQL is away begins."""


async def test_postgresql_down_refuses_logins_and_changes_while_people_keep_talking(
    own_postgres: OwnPostgres,
    redis_url: str,
    cluster_name: str,
    servers: Servers,  # after PostgreSQL: the nodes stop before it goes
    tmp_path: Path,
) -> None:
    cluster = Cluster(servers, tmp_path, own_postgres.url, redis_url, cluster_name)
    a, b = cluster.start("a", "b")
    register(a, "Willow", "Ivy", "Tess", "Una")
    tess = await TelnetPerson.log_in(port(a, "telnet"), "Tess", PASSWORD)  # node a, the lobby
    web = await browser(a, "Willow")
    irc = await raw_client(port(b, "irc"), "Ivy")
    others: list[RawClient] = []
    try:
        await web.call("join", room="lobby", create=True)
        await tess.expect("Willow has arrived.")
        await until_named(irc, "#lobby", "Willow", "Tess")
        irc.send("JOIN #lobby")
        await web.expect("joined", room="lobby", name="Ivy")
        await tess.expect("Ivy has arrived.")
        made = await web.call("join", room="den", create=True)
        assert made["type"] == "ok", made  # acknowledged: it must outlive the outage
        topic = await web.call("topic", room="den", topic="before the outage")
        assert topic["type"] == "ok", topic  # acknowledged too

        cookie = log_in(a, "Willow").cookies["boudoir_session"]  # a second tab, later

        own_postgres.stop()

        # Logins fail, on every gateway, with words that say why.
        answer = log_in(a, "Una")
        assert answer.status_code == 503, answer.text
        assert answer.json()["error"]["message"].startswith(AWAY)
        refused = await RawClient.connect(port(b, "irc"), "Una")
        others.append(refused)
        refused.send("CAP LS 302", "CAP REQ :sasl", "AUTHENTICATE PLAIN")
        await refused.expect("AUTHENTICATE", "+")
        plain = base64.b64encode(f"\0Una\0{PASSWORD}".encode()).decode()
        refused.send(f"AUTHENTICATE {plain}")
        failed = await refused.expect("FAIL", "AUTHENTICATE", "TEMPORARILY_UNAVAILABLE")
        assert failed.params[-1].startswith(AWAY), failed.raw
        await refused.expect("904")
        with pytest.raises(websockets.InvalidStatus) as denied:
            await open_socket(a, cookie)
        assert denied.value.response.status_code == 503
        assert AWAY in denied.value.response.body.decode()
        late = await TelnetPerson.connect(port(a, "telnet"), "Una")
        await late.expect("connect <name> <password>")
        late.send(f"connect Una {PASSWORD}")
        await late.expect(AWAY)
        await late.close()

        # Changes fail with the same words, and the connection stays.
        attic = await web.call("join", room="attic", create=True)
        assert attic["type"] == "error", attic
        assert attic["message"].startswith(AWAY)
        irc.send("PRIVMSG NickServ :SET DMPOLICY anyone")
        notice = await irc.expect("NOTICE", "Ivy", sender="NickServ")
        assert notice.params[1].startswith(AWAY), notice.raw
        await tess.command("block Ivy", AWAY)

        # Connected people keep talking, on one node and across.
        assert (await web.call("say", room="lobby", text="still here"))["type"] == "ok"
        await irc.expect("PRIVMSG", "#lobby", "still here", sender="Willow")
        await tess.expect('Willow says, "still here"')
        irc.send("PRIVMSG #lobby :me too")
        await web.expect("message", room="lobby", text="me too", **{"from": "Ivy"})
        await tess.expect('Ivy says, "me too"')

        own_postgres.start()

        # Everything acknowledged is there; what was refused was not half done.
        again = await browser(b, "Una")
        try:
            rooms = {r["name"] for r in (await again.call("rooms"))["rooms"]}
            assert "den" in rooms, rooms
            assert "attic" not in rooms, rooms
            joined = await again.call("join", room="den")
            assert joined["type"] == "ok", joined
            assert joined["room"]["topic"] == "before the outage", joined
            assert (await again.call("join", room="attic", create=True))["type"] == "ok"
        finally:
            await again.socket.close()
        await tess.command("blocks", "You block nobody.")
        tess.send('"after')
        await irc.expect("PRIVMSG", "#lobby", "after", sender="Tess")
    finally:
        for client in others:
            await client.close()
        await close(web, irc, tess)
