"""What the endpoint refuses, and how the limits of docs/websocket.md close a socket."""

from __future__ import annotations

import asyncio
import json
import socket

import pytest
import websockets

from boudoir.gateways.web.options import WebOptions

from .harness import Site, serve_site


async def test_a_foreign_origin_is_refused_with_403(site: Site) -> None:
    with pytest.raises(websockets.InvalidStatus) as refused:
        await site.browser("Alice", origin="http://evil.example")
    assert refused.value.response.status_code == 403
    # The site's own origin (here, from the Host header) is let in.
    own = await site.browser("Alice", origin=f"http://127.0.0.1:{site.port}")
    await own.socket.close()


async def test_a_handshake_without_the_subprotocol_is_refused_with_400(site: Site) -> None:
    token = await site.person("Alice")
    with pytest.raises(websockets.InvalidStatus) as refused:
        await websockets.connect(
            site.url, additional_headers={"Cookie": f"boudoir_session={token}"}
        )
    assert refused.value.response.status_code == 400
    assert json.loads(refused.value.response.body)["error"]["code"] == "subprotocol_required"


@pytest.mark.parametrize("cookie", [None, "boudoir_session=forged"])
async def test_without_a_login_one_error_then_close_4001(site: Site, cookie: str | None) -> None:
    headers = {"Cookie": cookie} if cookie else {}
    async with websockets.connect(
        site.url,
        subprotocols=[websockets.Subprotocol("boudoir.v1")],
        additional_headers=headers,
    ) as connection:
        assert connection.subprotocol == "boudoir.v1"
        error = json.loads(await connection.recv())
        assert error["type"] == "error"
        assert error["code"] == "not_authenticated"
        with pytest.raises(websockets.ConnectionClosed):
            await connection.recv()
        assert connection.close_code == 4001


async def test_a_message_over_32_kib_is_answered_too_large_then_closed_1009(site: Site) -> None:
    alice = await site.browser("Alice")
    await alice.socket.send(json.dumps({"type": "ping", "pad": "x" * 40_000}))
    error = await alice.expect("error")
    assert error["code"] == "too_large"
    assert await alice.closed_with() == 1009


async def test_a_binary_frame_closes_1003(site: Site) -> None:
    alice = await site.browser("Alice")
    await alice.socket.send(b'{"type": "ping"}')
    assert await alice.closed_with() == 1003


async def test_bad_messages_get_a_clear_error_and_the_socket_stays(site: Site) -> None:
    alice = await site.browser("Alice")
    await alice.socket.send("not json")
    assert (await alice.expect("error"))["code"] == "bad_message"
    reply = await alice.call("say", room="lobby", text="hi", loud=True)
    assert reply["code"] == "bad_message"
    assert "loud" in reply["message"]
    reply = await alice.call("say", room="lobby", text="hi")
    assert reply["code"] == "not_in_room"
    assert (await alice.call("ping"))["type"] == "ok"


async def test_commands_beyond_the_burst_wait_and_a_flood_closes_1008() -> None:
    async with serve_site(WebOptions(command_burst=2, command_rate=0.01)) as site:
        alice = await site.browser("Alice")
        for number in range(110):
            await alice.socket.send(json.dumps({"type": "ping", "ref": str(number)}))
        assert await alice.closed_with() == 1008
        answered = [m["ref"] for m in alice.received if m["type"] == "ok"]
        assert answered == ["0", "1"]


async def test_a_slow_reader_is_dropped_and_the_room_goes_on() -> None:
    options = WebOptions(command_burst=1000, command_rate=1000.0, outbox_bytes=65536)
    async with serve_site(options) as site:
        speaker = await site.browser("Alice")
        listener = await site.browser("Bob")
        await speaker.call("join", room="lobby", create=True)
        await listener.call("join", room="lobby")
        token = await site.person("Slow")
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.setblocking(False)
        await asyncio.get_running_loop().sock_connect(sock, ("127.0.0.1", site.port))
        slow = await websockets.connect(
            site.url,
            sock=sock,
            subprotocols=[websockets.Subprotocol("boudoir.v1")],
            additional_headers={"Cookie": f"boudoir_session={token}"},
            max_queue=1,
        )
        await slow.send(json.dumps({"type": "join", "room": "lobby"}))
        await listener.expect("joined", name="Slow")
        text = "words " * 600
        # The slow reader reads nothing; the others read all along. Its backlog passes
        # its kernel buffers and then the outbox long before 200 messages of 3,600 bytes.
        for number in range(200):
            await speaker.call("say", room="lobby", text=f"{number} {text}")
            await listener.expect("message", text=f"{number} {text}")
            if any(m["type"] == "left" for m in listener.received):
                break
        [left] = [m for m in listener.received if m["type"] == "left"]
        assert left["name"] == "Slow"
        assert left["quit"] is True
        assert left["reason"] == "Reading too slowly"
        await speaker.call("say", room="lobby", text="still here")
        await listener.expect("message", text="still here")
        said = [m["text"].split()[0] for m in listener.received if m["type"] == "message"]
        assert said == [*map(str, range(number + 1)), "still"]
        # What was queued before the close arrives, then the close: 4008.
        closed = None
        try:
            while True:
                await asyncio.wait_for(slow.recv(), 10)
        except websockets.ConnectionClosed:
            closed = slow.close_code
        assert closed == 4008


async def test_close_login_ends_the_sockets_of_that_login(site: Site) -> None:
    alice = await site.browser("Alice")
    tab = await site.browser("Alice")
    bob = await site.browser("Bob")
    site.endpoint.close_login("login-Alice", "You logged out.")
    for socket_of_alice in (alice, tab):
        closed = await socket_of_alice.expect("closed")
        assert closed["reason"] == "You logged out."
        assert await socket_of_alice.closed_with() == 1000
    assert (await bob.call("ping"))["type"] == "ok"


async def test_the_server_ending_a_session_says_closed_then_4000(site: Site) -> None:
    alice = await site.browser("Alice")
    site.world.end_sessions("The server is going down.")
    closed = await alice.expect("closed")
    assert closed["reason"] == "The server is going down."
    assert await alice.closed_with() == 4000


async def test_a_server_shutting_down_closes_with_1001_so_browsers_come_back(site: Site) -> None:
    # As app.serve does on SIGTERM: the gateway is told first, then the world ends sessions.
    alice = await site.browser("Alice")
    site.endpoint.going_away()
    site.world.end_sessions("The server is shutting down.")
    closed = await alice.expect("closed")
    assert closed["reason"] == "The server is shutting down."
    assert await alice.closed_with() == 1001
