"""The live room directory between two real nodes over Redis: a browser on node a watching it,
an IRC client on node b changing a room's rating. The change is the room's, replicated to every
node, and each node tells its own watchers.

Replication takes a round trip through Redis: each step waits for something visible, never for
a time."""

from __future__ import annotations

import httpx
import pytest

from ..irc.clients import RawClient, raw_client
from ..irc.harness import PASSWORD
from ..server import ServerProcess
from ..web_socket.harness import Browser
from .harness import Cluster, browser, close, port, register

pytestmark = [pytest.mark.slow, pytest.mark.timeout(60)]


def mature_adult(server: ServerProcess, name: str) -> None:
    """``name`` sees mature rooms and their character is declared an adult (over HTTP)."""
    with httpx.Client(base_url=server.web, timeout=10) as http:
        answer = http.post("/api/v1/session", json={"name": name, "password": PASSWORD})
        assert answer.status_code == 200, answer.text
        headers = {"x-csrf-token": answer.json()["csrf_token"]}
        changed = http.patch(
            "/api/v1/account/settings", json={"ratings": ["general", "mature"]}, headers=headers
        )
        assert changed.is_success, changed.text
        changed = http.patch(
            f"/api/v1/characters/{name}", json={"declared_age": 30}, headers=headers
        )
        assert changed.is_success, changed.text


async def test_a_rating_set_on_irc_on_one_node_reaches_directory_watchers_on_another(
    nodes: Cluster,
) -> None:
    a, b = nodes.start("a", "b")
    register(a, "Willow", "Ivy")
    for name in ("Willow", "Ivy"):
        mature_adult(a, name)
    web: Browser | None = None
    ivy: RawClient | None = None
    try:
        ivy = await raw_client(port(b, "irc"), "Ivy")
        ivy.send("JOIN #den")
        await ivy.expect("366")
        web = await browser(a, "Willow")
        listed = await web.call("rooms", watch=True)
        while "den" not in [room["name"] for room in listed["rooms"]]:
            listed = await web.call("rooms", watch=True)  # until node a has heard of it
        ivy.send("MODE #den +R mature")
        await ivy.expect("MODE", "#den", "+R", "mature")
        changed = await web.expect("room_listed", name="den")
        while changed["room"]["rating"] != "mature":  # an earlier change may come first
            changed = await web.expect("room_listed", name="den")
        assert changed["room"]["people"] == ["Ivy"]
    finally:
        await close(web, ivy)
