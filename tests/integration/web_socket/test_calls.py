"""Calls over real WebSockets on loopback: offered, answered, signals relayed, relay
credentials only once both agreed; refused across a block exactly as for someone away; ended
by the safeword; an IRC callee told where to answer."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import pytest_asyncio

from boudoir.core.calls import CallState, TurnRelay
from boudoir.domain.turn import turn_password

from ..irc.clients import raw_client
from .harness import Browser, Site, serve_site, serve_site_and_irc

SECRET = "integration-shared-secret"
RELAY = TurnRelay(("turn:127.0.0.1:3478?transport=udp",), SECRET, 900)


@pytest_asyncio.fixture
async def calls_site() -> AsyncIterator[Site]:
    async with serve_site() as site:
        site.world.calls.relay = RELAY
        site.world.calls.browser_url = "http://127.0.0.1:8080"
        yield site


async def friends(site: Site, a: str, b: str) -> None:
    world = site.world
    for me, other in ((a, b), (b, a)):
        await world.relations.befriend((await world.accounts.find(me)).id, other)


async def got(person: Browser, kind: str, **fields: object) -> dict[str, Any]:
    """The first ``kind`` message with ``fields`` received so far (events a command caused
    come before its reply), or else the next one."""
    for message in person.received:
        if message["type"] == kind and all(message.get(k) == v for k, v in fields.items()):
            return message
    return await person.expect(kind, **fields)


async def two_friends(site: Site) -> tuple[Browser, Browser]:
    await site.person("Alice")
    await site.person("Bob")
    await friends(site, "Alice", "Bob")
    return await site.browser("Alice"), await site.browser("Bob")


async def test_a_call_is_offered_answered_and_its_signals_relayed(calls_site: Site) -> None:
    alice, bob = await two_friends(calls_site)
    assert alice.received[0]["calls"] is True

    placed = await alice.call("call", to="Bob", video=True)
    assert placed["type"] == "ok", placed
    call = placed["call"]
    incoming = await got(bob, "call_incoming")
    assert (incoming["call"], incoming["from"], incoming["video"]) == (call, "Alice", True)

    # Before the yes, nobody holds credentials and no signal passes.
    assert not [m for m in alice.received + bob.received if m["type"] == "media_session"]
    refused = await alice.call("signal", session="m-guess", kind="offer", data={"sdp": "x"})
    assert (refused["type"], refused["code"]) == ("error", "not_found")

    assert (await bob.call("call_answer", call=call, accept=True))["type"] == "ok"
    mine = await got(alice, "media_session")
    his = await got(bob, "media_session")
    assert mine["session"] == his["session"]
    assert mine["call"] == call
    assert (mine["role"], mine["peer"], his["role"], his["peer"]) == (
        "offerer", "Bob", "answerer", "Alice",
    )  # fmt: skip
    for session in (mine, his):
        assert session["ice_transport_policy"] == "relay"
        (server,) = session["ice_servers"]
        assert server["urls"] == ["turn:127.0.0.1:3478?transport=udp"]
        assert server["credential"] == turn_password(SECRET, server["username"])

    offer = {"type": "offer", "sdp": "v=0\r\no=- 1 2 IN IP4 0.0.0.0\r\n"}
    sent = await alice.call("signal", session=mine["session"], kind="offer", data=offer)
    assert sent["type"] == "ok", sent
    relayed = await got(bob, "signal")
    assert (relayed["from"], relayed["kind"], relayed["data"]) == ("Alice", "offer", offer)
    candidate = {"candidate": "candidate:1 1 udp 1 10.0.0.1 3478 typ relay", "sdpMid": "0"}
    await bob.call("signal", session=his["session"], kind="candidate", data=candidate)
    assert (await got(alice, "signal"))["data"] == candidate

    await alice.call("call_media", call=call, send_audio=True, send_video=False,
                     receive_video=True)  # fmt: skip
    media = await got(bob, "call_media")
    assert (media["from"], media["send_video"], media["receive_video"]) == ("Alice", False, True)

    assert (await bob.call("hangup", call=call))["type"] == "ok"
    for person in (alice, bob):
        assert (await got(person, "media_session_ended"))["reason"] == "hung_up"
        assert (await got(person, "call_ended", call=call))["reason"] == "hung_up"


async def test_a_call_across_a_block_is_refused_exactly_like_one_to_someone_away(
    calls_site: Site,
) -> None:
    world = calls_site.world
    for name in ("Alice", "Carol", "Dave"):
        await calls_site.person(name)
    await friends(calls_site, "Alice", "Carol")
    await friends(calls_site, "Alice", "Dave")
    await world.relations.block_account((await world.accounts.find("Carol")).id, "Alice")
    alice = await calls_site.browser("Alice")
    carol = await calls_site.browser("Carol")

    blocked = await alice.call("call", to="Carol", video=False)
    away = await alice.call("call", to="Dave", video=False)  # Dave is not online
    stranger = await alice.call("call", to="Nobody", video=False)
    for answer in (blocked, away, stranger):
        answer.pop("ref")
    assert blocked == away == stranger
    assert blocked["code"] == "consent_refused"
    await carol.call("ping")
    assert not [m for m in carol.received if m["type"] == "call_incoming"]


async def test_the_safeword_ends_the_call(calls_site: Site) -> None:
    alice, bob = await two_friends(calls_site)
    call = (await alice.call("call", to="Bob", video=False))["call"]
    await bob.expect("call_incoming")
    await bob.call("call_answer", call=call, accept=True)
    await got(alice, "media_session")
    invited = await alice.call("scene_invite", to="Bob", rating="general", tags=[], note="")
    assert invited["type"] == "ok", invited
    await bob.call("scene_accept", invitation=invited["invitation"])

    assert (await bob.call("safeword"))["type"] == "ok"

    for person in (alice, bob):
        assert (await got(person, "call_ended", call=call))["reason"] == "safeword"
    # The session is gone: an offer on it is not relayed, and nobody gets new credentials.
    session = (await got(alice, "media_session"))["session"]
    offer = {"type": "offer", "sdp": "v=0\r\n"}
    late = await alice.call("signal", session=session, kind="offer", data=offer)
    assert (late["type"], late["code"]) == ("error", "not_found")
    await bob.call("ping")
    assert not [m for m in bob.received if m["type"] == "signal"]
    for person in (alice, bob):
        assert len([m for m in person.received if m["type"] == "media_session"]) == 1


async def test_a_block_during_a_call_ends_its_session_and_stops_its_signals(
    calls_site: Site,
) -> None:
    alice, bob = await two_friends(calls_site)
    call = (await alice.call("call", to="Bob", video=False))["call"]
    await bob.expect("call_incoming")
    await bob.call("call_answer", call=call, accept=True)
    session = (await got(alice, "media_session"))["session"]
    world = calls_site.world
    await world.relations.block_account((await world.accounts.find("Bob")).id, "Alice")
    await got(alice, "call_ended", call=call)
    offer = {"type": "offer", "sdp": "v=0\r\n"}
    late = await alice.call("signal", session=session, kind="offer", data=offer)
    assert (late["type"], late["code"]) == ("error", "not_found")
    again = await alice.call("call", to="Bob", video=False)
    assert (again["type"], again["code"]) == ("error", "consent_refused")
    await bob.call("ping")
    assert not [m for m in bob.received if m["type"] == "signal"]
    assert len([m for m in bob.received if m["type"] == "call_incoming"]) == 1
    for person in (alice, bob):
        assert len([m for m in person.received if m["type"] == "media_session"]) == 1


async def test_without_a_relay_calls_are_off_and_say_why() -> None:
    async with serve_site() as site:
        alice = await site.browser("Alice")
        assert alice.received[0]["calls"] is False
        answer = await alice.call("call", to="Bob", video=False)
        assert (answer["code"], answer["message"]) == (
            "calls_unavailable",
            "Calls and cams are off on this server: it has no TURN relay.",
        )


async def test_an_irc_callee_is_told_to_answer_in_the_browser_and_the_call_times_out() -> None:
    async with serve_site_and_irc() as both:
        site = both.site
        site.world.calls.relay = RELAY
        site.world.calls.browser_url = "https://chat.example.org"
        await site.person("Ivy")
        await site.person("Willow")
        await friends(site, "Ivy", "Willow")
        irc = await raw_client(both.irc_port, "Ivy")
        try:
            web = await site.browser("Willow")
            placed = await web.call("call", to="Ivy", video=False)
            assert placed["type"] == "ok", placed
            await irc.expect(
                "NOTICE",
                "Ivy",
                "Willow would like a call with you; answer in the browser: "
                "https://chat.example.org",
            )
            # Nobody answers: the periodic sweep ends it once it rang a minute.
            site.world.calls.calls[placed["call"]] = _rang_long_ago(site, placed["call"])
            site.world.calls.expire()
            ended = await web.expect("call_ended", call=placed["call"])
            assert ended["reason"] == "timeout"
        finally:
            await irc.close()


def _rang_long_ago(site: Site, call: str) -> CallState:
    """The call as if it had rung for two minutes (the world's clock is the real one)."""
    state = site.world.calls.calls[call]
    return dataclasses.replace(state, rang_at=state.rang_at - dt.timedelta(minutes=2))


async def test_a_room_cam_is_opened_watched_and_booted_over_real_sockets(calls_site: Site) -> None:
    owner = await calls_site.browser("Owen")
    viewer = await calls_site.browser("Vera")
    assert (await owner.call("join", room="camroom", create=True))["type"] == "ok"
    joined = await viewer.call("join", room="camroom")
    assert (joined["room"]["cams"], joined["room"]["broadcasting"]) == (False, [])
    off = await owner.call("cam_start", room="camroom", explicit=False, mutual_only=False,
                           audience="everyone")  # fmt: skip
    assert (off["type"], off["code"]) == ("error", "not_allowed")

    turned = await owner.call("room_setting", room="camroom", setting="cams", enabled=True)
    assert turned["type"] == "ok", turned
    started = await owner.call("cam_start", room="camroom", explicit=False, mutual_only=False,
                               audience="everyone")  # fmt: skip
    assert started["type"] == "ok", started
    live = await got(viewer, "cam", name="Owen")
    assert (live["live"], live["audience"]) == (True, "everyone")

    assert (await viewer.call("cam_open", room="camroom", name="Owen"))["type"] == "ok"
    mine = await got(viewer, "media_session")
    theirs = await got(owner, "media_session")
    assert mine["cam"] == {"room": "camroom", "name": "Owen"}
    assert (mine["role"], theirs["role"], theirs["peer"]) == ("answerer", "offerer", "Vera")
    assert mine["ice_transport_policy"] == "relay"
    assert (await got(owner, "cam_viewers"))["viewers"] == ["Vera"]

    assert (await owner.call("cam_boot", room="camroom", name="Vera"))["type"] == "ok"
    assert (await got(viewer, "media_session_ended"))["reason"] == "camera_off"
    # Booted: the owner's offer on that session is not relayed to the viewer.
    offer = {"type": "offer", "sdp": "v=0\r\n"}
    late = await owner.call("signal", session=theirs["session"], kind="offer", data=offer)
    assert (late["type"], late["code"]) == ("error", "not_found")
    await viewer.call("ping")
    assert not [m for m in viewer.received if m["type"] == "signal"]
    assert len([m for m in viewer.received if m["type"] == "media_session"]) == 1
    # Opening it again is refused, as for a cam that is not there: no new credentials.
    again = await viewer.call("cam_open", room="camroom", name="Owen")
    gone = await viewer.call("cam_open", room="camroom", name="Nobody")
    for answer in (again, gone):
        answer.pop("ref")
    assert again == gone
    assert again["code"] == "consent_refused"
    assert len([m for m in viewer.received if m["type"] == "media_session"]) == 1
    rejoined = await calls_site.browser("Vera")
    state = await rejoined.call("join", room="camroom")
    assert state["room"]["broadcasting"] == [
        {"name": "Owen", "explicit": False, "mutual_only": False, "audience": "everyone"}
    ]
