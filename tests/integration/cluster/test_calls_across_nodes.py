"""A call between two real nodes over Redis: Willow's browser on node a calls Ivy's browser on
node b. The ring, the answer, both sides' relay credentials, the signals and the hang-up all
cross nodes; a call across a block is refused from either node exactly as one to someone away.

Replication takes a round trip through Redis: each step waits for something visible before it
expects the next, never for a time."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from boudoir.domain.turn import turn_password

from ..irc.harness import PASSWORD
from ..web_socket.harness import Browser
from .harness import ROUNDS, Cluster, browser, register

pytestmark = [pytest.mark.slow, pytest.mark.timeout(90)]

SECRET = "cluster-shared-secret-for-turn"
TURN = {"BOUDOIR_TURN_URLS": "turn:127.0.0.1:3478?transport=udp", "BOUDOIR_TURN_SECRET": SECRET}


def befriend(web: str, name: str, friend: str) -> None:
    with httpx.Client(base_url=web, timeout=10) as http:
        answer = http.post("/api/v1/session", json={"name": name, "password": PASSWORD})
        assert answer.status_code == 200, answer.text
        made = http.put(
            f"/api/v1/friends/{friend}", headers={"x-csrf-token": answer.json()["csrf_token"]}
        )
        assert made.is_success, made.text


async def got(person: Browser, kind: str, **fields: object) -> dict[str, Any]:
    for message in person.received:
        if message["type"] == kind and all(message.get(k) == v for k, v in fields.items()):
            return message
    return await person.expect(kind, **fields)


async def test_a_call_and_its_signals_cross_nodes(nodes: Cluster) -> None:
    a, b = nodes.start("a", "b", **TURN)
    register(a, "Willow", "Ivy")
    befriend(a.web, "Willow", "Ivy")
    befriend(b.web, "Ivy", "Willow")
    willow: Browser | None = None
    ivy: Browser | None = None
    try:
        willow = await browser(a, "Willow")
        ivy = await browser(b, "Ivy")
        assert willow.received[0]["calls"] is True
        # Ivy's login reached node a: she is online there, so she may be called.
        for _ in range(ROUNDS):
            if any(p["name"] == "Ivy" for p in (await willow.call("who"))["people"]):
                break
        else:
            raise AssertionError("node a never showed Ivy online")

        placed = await willow.call("call", to="Ivy", video=False)
        assert placed["type"] == "ok", placed
        call = placed["call"]
        incoming = await got(ivy, "call_incoming", call=call)
        assert incoming["from"] == "Willow"

        answered = await ivy.call("call_answer", call=call, accept=True)
        assert answered["type"] == "ok", answered
        mine = await got(willow, "media_session", call=call)
        hers = await got(ivy, "media_session", call=call)
        assert mine["session"] == hers["session"]
        assert (mine["role"], hers["role"]) == ("offerer", "answerer")
        for session in (mine, hers):
            (server,) = session["ice_servers"]
            assert server["credential"] == turn_password(SECRET, server["username"])

        offer = {"type": "offer", "sdp": "v=0\r\n"}
        sent = await willow.call("signal", session=mine["session"], kind="offer", data=offer)
        assert sent["type"] == "ok", sent
        assert (await got(ivy, "signal"))["data"] == offer
        answer = {"type": "answer", "sdp": "v=0\r\n"}
        back = await ivy.call("signal", session=hers["session"], kind="answer", data=answer)
        assert back["type"] == "ok", back
        assert (await got(willow, "signal"))["data"] == answer

        assert (await ivy.call("hangup", call=call))["type"] == "ok"
        assert (await got(willow, "call_ended", call=call))["reason"] == "hung_up"
        assert (await got(willow, "media_session_ended"))["reason"] == "hung_up"
    finally:
        for person in (willow, ivy):
            if person is not None:
                await person.socket.close()


async def test_a_cam_on_one_node_is_watched_from_the_other(nodes: Cluster) -> None:
    a, b = nodes.start("a", "b", **TURN)
    register(a, "Owen", "Vera")
    owen: Browser | None = None
    vera: Browser | None = None
    try:
        owen = await browser(a, "Owen")
        assert (await owen.call("join", room="camhall", create=True))["type"] == "ok"
        turned = await owen.call("room_setting", room="camhall", setting="cams", enabled=True)
        assert turned["type"] == "ok", turned
        started = await owen.call("cam_start", room="camhall", explicit=False,
                                  mutual_only=False, audience="everyone")  # fmt: skip
        assert started["type"] == "ok", started
        vera = await browser(b, "Vera")
        for _ in range(ROUNDS):
            joined = await vera.call("join", room="camhall")
            if joined["type"] == "ok" and joined["room"]["broadcasting"]:
                break
            await vera.call("part", room="camhall")
        else:
            raise AssertionError("node b never showed Owen's cam")
        assert joined["room"]["broadcasting"][0]["name"] == "Owen"

        opened = await vera.call("cam_open", room="camhall", name="Owen")
        assert opened["type"] == "ok", opened
        hers = await got(vera, "media_session")
        his = await got(owen, "media_session")
        assert (hers["cam"], his["peer"]) == ({"room": "camhall", "name": "Owen"}, "Vera")
        assert (await got(owen, "cam_viewers"))["viewers"] == ["Vera"]
        offer = {"type": "offer", "sdp": "v=0\r\n"}
        sent = await owen.call("signal", session=his["session"], kind="offer", data=offer)
        assert sent["type"] == "ok", sent
        assert (await got(vera, "signal"))["data"] == offer

        assert (await owen.call("cam_stop", room="camhall"))["type"] == "ok"
        assert (await got(vera, "media_session_ended"))["reason"] == "camera_off"
    finally:
        for person in (owen, vera):
            if person is not None:
                await person.socket.close()
