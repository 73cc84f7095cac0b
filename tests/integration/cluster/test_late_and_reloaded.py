"""Real nodes, PostgreSQL and Redis: a node that joined late answers WHOWAS as the others do,
and a browser reloaded onto the other node gets the replay the node it was on would give."""

from __future__ import annotations

import pytest

from ..irc.clients import raw_client
from .harness import ROUNDS, Cluster, browser, open_to_anyone, port, register

pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]


async def test_a_node_that_joined_late_answers_whowas_for_who_left_before(
    nodes: Cluster,
) -> None:
    (a,) = nodes.start("a")
    register(a, "Ivy", "Tess")
    tess = await raw_client(port(a, "irc"), "Tess")
    tess.send("QUIT :off to bed")
    await tess.wait_closed()
    (b,) = nodes.start("b")  # late: it never heard Tess go
    ivy = await raw_client(port(b, "irc"), "Ivy")
    try:
        # Node b learns node a's departures from its answer to b's hello.
        for _ in range(ROUNDS):
            ivy.send("WHOWAS Tess")
            lines = await ivy.inbox.until("369", "Ivy")
            if any(line.command == "314" for line in lines):
                break
        else:
            raise AssertionError("node b never answered WHOWAS Tess")
        (user,) = [line for line in lines if line.command == "314"]
        assert user.params[1] == "Tess"
    finally:
        await ivy.close()
        await tess.close()


async def test_a_browser_reloaded_onto_the_other_node_gets_its_replay(nodes: Cluster) -> None:
    a, b = nodes.start("a", "b")
    register(a, "Wes", "Ivy")
    wes = await browser(a, "Wes")
    ivy = await browser(a, "Ivy")
    try:
        assert (await wes.call("join", room="den", create=True))["type"] == "ok"
        assert (await ivy.call("join", room="den"))["type"] == "ok"
        assert (await ivy.call("say", room="den", text="said on node a"))["type"] == "ok"
        await wes.expect("message", room="den", text="said on node a")
        assert (await ivy.call("whisper", room="den", to="Wes", text="only wes"))["type"] == "ok"
        await wes.expect("message", room="den", text="only wes")
        await wes.socket.close()

        # The reload lands on node b, where nobody was in the den.
        wes = await browser(b, "Wes")
        assert (await wes.call("join", room="den"))["type"] == "ok"
        (replay,) = [m for m in wes.received if m["type"] == "replay" and m["room"] == "den"]
        assert [line["text"] for line in replay["lines"]] == ["said on node a", "only wes"]
    finally:
        await wes.socket.close()
        await ivy.socket.close()


async def test_an_invitation_made_before_a_node_joined_lets_its_holder_in_there(
    nodes: Cluster,
) -> None:
    (a,) = nodes.start("a")
    register(a, "Wes", "Tess")
    open_to_anyone(a, "Tess")
    wes = await browser(a, "Wes")
    tess = await browser(a, "Tess")
    try:
        assert (await wes.call("join", room="hideaway", create=True))["type"] == "ok"
        private = {"setting": "visibility", "enabled": True, "value": "private"}
        assert (await wes.call("room_setting", room="hideaway", **private))["type"] == "ok"
        assert (await wes.call("invite", room="hideaway", name="Tess"))["type"] == "ok"
        await tess.socket.close()
        (b,) = nodes.start("b")  # late: it never heard the invitation
        tess = await browser(b, "Tess")
        for _ in range(ROUNDS):  # until node b learnt who is in the hideaway
            if "Wes" in {p["name"] for p in (await tess.call("who"))["people"]}:
                break
        joined = await tess.call("join", room="hideaway")
        assert joined["type"] == "ok", joined
        await wes.expect("joined", room="hideaway", name="Tess")
    finally:
        await wes.socket.close()
        await tess.socket.close()
