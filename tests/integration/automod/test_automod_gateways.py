"""Automod through every gateway, over one world: a browser on the WebSocket, an IRC client,
and a moderator on the HTTP API.

A held message reaches nobody and waits in the moderators' queue (HTTP) until released; a
flagged one is delivered and queued; a blocked one answers its sender with the rule's words.
"Not delivered" is shown without sleeping: the next message the sender writes arrives first.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest_asyncio

from boudoir.core.automod import OPERATOR
from boudoir.domain.automod import Action, PatternKind, Place
from boudoir.domain.entities import Role
from boudoir.gateways.irc import IrcGateway, IrcLimits
from boudoir.gateways.web import WebGateway

from ..irc.clients import RawClient, raw_client
from ..web_socket.harness import BORN, PASSWORD, Browser, Site, serve_site

RULES = "/api/v1/moderation/automod/rules"


@dataclass
class Stack:
    site: Site
    irc: RawClient
    web: Browser
    moderator: httpx.AsyncClient
    csrf: str

    async def queue(self) -> list[dict[str, Any]]:
        await self.site.world.automod.settle()
        response = await self.moderator.get("/api/v1/moderation/queue")
        assert response.status_code == 200, response.text
        items: list[dict[str, Any]] = response.json()["items"]
        return items

    async def resolve(self, item: str, resolution: str) -> None:
        response = await self.moderator.post(
            f"/api/v1/moderation/queue/{item}/resolve",
            json={"resolution": resolution},
            headers={"X-CSRF-Token": self.csrf},
        )
        assert response.status_code == 200, response.text


@pytest_asyncio.fixture
async def stack() -> AsyncIterator[Stack]:
    async with serve_site() as site:
        world = site.world
        await world.moderation.start()
        await world.automod.start()
        for action in Action:
            await world.automod.add_rule(
                OPERATOR,
                name=f"{action.value} fruit",
                kind=PatternKind.WORDS,
                pattern={"hold": "mango", "flag": "kiwi", "block": "durian"}[action.value],
                action=action,
                places=frozenset({Place.ROOM}),
                message="Durian is not allowed here." if action is Action.BLOCK else "",
            )
        moderator = await world.accounts.register("Marlowe", PASSWORD, BORN, attest=True)
        await world.accounts.set_role(moderator.id, Role.MODERATOR)
        irc_gateway = IrcGateway(
            world, host="127.0.0.1", port=0, server_name="boudoir.local", motd="welcome",
            limits=IrcLimits(), shutdown_timeout_seconds=1,
        )  # fmt: skip
        web_gateway = WebGateway(world, host="127.0.0.1", port=0, shutdown_timeout_seconds=1)
        port = urlsplit(await irc_gateway.start()).port
        assert port is not None
        url = await web_gateway.start()
        async with asyncio.TaskGroup() as tasks:
            tasks.create_task(irc_gateway.run())
            tasks.create_task(web_gateway.run())
            await site.person("Ivy")
            irc = await raw_client(port, "Ivy")
            web = await site.browser("Willow")
            async with httpx.AsyncClient(base_url=url, timeout=10) as http:
                login = await http.post(
                    "/api/v1/session", json={"name": "Marlowe", "password": PASSWORD}
                )
                assert login.status_code == 200, login.text
                await web.call("join", room="lobby", create=True)
                irc.send("JOIN #lobby")
                await irc.expect("JOIN", "#lobby")
                await web.expect("joined", name="Ivy")
                try:
                    yield Stack(site, irc, web, http, login.json()["csrf_token"])
                finally:
                    await irc.close()
                    await web.socket.close()
                    irc_gateway.close("test over")
                    web_gateway.close("test over")


async def test_a_hold_from_the_browser_is_not_delivered_is_queued_and_released(
    stack: Stack,
) -> None:
    reply = await stack.web.call("say", room="lobby", text="a ripe mango")
    assert reply["type"] == "error"
    assert reply["code"] == "held_for_review"
    assert reply["message"] == "Your message is held for review by the moderators."
    await stack.web.call("say", room="lobby", text="just words")
    heard = await stack.irc.expect("PRIVMSG", "#lobby", sender="Willow")
    assert heard.params[-1] == "just words"  # the held message never came first
    [item] = [i for i in await stack.queue() if i["kind"] == "automod_hold"]
    assert item["subject"] == "Willow"
    assert item["place"] == "lobby"
    assert item["evidence"]["text"] == "a ripe mango"
    await stack.resolve(item["id"], "release")
    await stack.irc.expect("PRIVMSG", "#lobby", "a ripe mango", sender="Willow")
    echoed = await stack.web.expect("message", text="a ripe mango")
    assert echoed["from"] == "Willow"


async def test_a_hold_from_irc_is_not_delivered_and_dropping_it_keeps_it_so(
    stack: Stack,
) -> None:
    stack.irc.send("PRIVMSG #lobby :mango for all")
    refused = await stack.irc.expect("404", "Ivy", "#lobby")
    assert refused.params[-1] == "Your message is held for review by the moderators."
    stack.irc.send("PRIVMSG #lobby :after the mango")
    stack.irc.send("PRIVMSG #lobby :plain")
    heard = await stack.web.expect("message", **{"from": "Ivy"})
    assert heard["text"] == "plain"
    held = [i["evidence"]["text"] for i in await stack.queue() if i["kind"] == "automod_hold"]
    assert sorted(held) == ["after the mango", "mango for all"]
    item = next(i for i in await stack.queue() if i["evidence"]["text"] == "mango for all")
    await stack.resolve(item["id"], "drop")
    stack.irc.send("PRIVMSG #lobby :last")
    heard = await stack.web.expect("message", **{"from": "Ivy"})
    assert heard["text"] == "last"


async def test_a_flag_is_delivered_and_queued(stack: Stack) -> None:
    await stack.web.call("say", room="lobby", text="a kiwi")
    await stack.irc.expect("PRIVMSG", "#lobby", "a kiwi", sender="Willow")
    stack.irc.send("PRIVMSG #lobby :kiwi too")
    await stack.web.expect("message", text="kiwi too")
    flags = [i for i in await stack.queue() if i["kind"] == "automod_flag"]
    assert sorted(i["subject"] for i in flags) == ["Ivy", "Willow"]


async def test_a_block_answers_the_sender_with_the_rules_message(stack: Stack) -> None:
    reply = await stack.web.call("say", room="lobby", text="durian!")
    assert (reply["code"], reply["message"]) == (
        "blocked_by_automod",
        "Durian is not allowed here.",
    )
    stack.irc.send("PRIVMSG #lobby :durian")
    refused = await stack.irc.expect("404", "Ivy", "#lobby")
    assert refused.params[-1] == "Durian is not allowed here."
    assert await stack.queue() == []


async def test_rules_over_http_for_staff_only(stack: Stack) -> None:
    listed = await stack.moderator.get(RULES)
    assert listed.status_code == 200
    names = [r["name"] for r in listed.json()["rules"]]
    assert "Payment apps and paid platforms" in names
    assert "hold fruit" in names
    added = await stack.moderator.post(
        RULES,
        json={"name": "x", "kind": "words", "pattern": "x"},
        headers={"X-CSRF-Token": stack.csrf},
    )
    assert added.status_code == 403  # moderators read; operators change
    tested = await stack.moderator.post(
        "/api/v1/moderation/automod/test",
        json={"text": "my paypal and a mango"},
        headers={"X-CSRF-Token": stack.csrf},
    )
    assert {h["name"] for h in tested.json()["hits"]} == {
        "Payment apps and paid platforms",
        "hold fruit",
    }
