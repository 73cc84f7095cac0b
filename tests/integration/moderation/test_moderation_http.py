"""The moderators' HTTP endpoints: staff only, the audit log for operators, 403 otherwise."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest_asyncio

from boudoir.core.passwords import Argon2Hasher
from boudoir.core.world import World
from boudoir.domain.entities import Role
from boudoir.gateways.web import create_app
from boudoir.testing.fakes import MemoryStore
from boudoir.testing.harness import FAST_HASHING, RecordingSession

SITE = "http://boudoir.localhost"
PASSWORD = "correct horse battery"


class Staff:
    def __init__(self, world: World) -> None:
        self.world = world
        self.http = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=create_app(world)), base_url=SITE
        )
        self.csrf = ""

    async def sign_up(self, name: str, role: Role = Role.MEMBER) -> None:
        body = {"name": name, "password": PASSWORD, "born": "1990-01-01", "attest": True}
        response = await self.http.post("/api/v1/accounts", json=body)
        assert response.status_code == 201
        self.csrf = response.json()["csrf_token"]
        if role is not Role.MEMBER:
            account = await self.world.accounts.find(name)
            await self.world.accounts.set_role(account.id, role)

    async def call(self, method: str, path: str, body: object = None) -> httpx.Response:
        headers = {"x-csrf-token": self.csrf}
        return await self.http.request(method, path, json=body, headers=headers)


@pytest_asyncio.fixture
async def world() -> AsyncIterator[World]:
    yield World(MemoryStore(), Argon2Hasher(FAST_HASHING))


async def test_staff_endpoints_answer_by_role(world: World) -> None:
    member, mod, op = Staff(world), Staff(world), Staff(world)
    await member.sign_up("Bob")
    await mod.sign_up("Sage", Role.MODERATOR)
    await op.sign_up("Opal", Role.OPERATOR)
    await world.accounts.register("Mallory", PASSWORD, world.clock().date().replace(year=1990))
    bob = await world.connect(RecordingSession(), await world.accounts.find("Bob"))
    report = await world.moderation.report(bob, "Mallory", "rude")

    assert (await member.call("GET", "/api/v1/moderation/queue")).status_code == 403
    queue = await mod.call("GET", "/api/v1/moderation/queue")
    assert [i["id"] for i in queue.json()["items"]] == [report.id]
    acted = await mod.call(
        "POST",
        "/api/v1/moderation/actions",
        {"kind": "warn", "target": "Mallory", "reason": "be kind", "item": report.id},
    )
    assert acted.status_code == 201
    assert acted.json()["kind"] == "warn"
    resolved = await mod.call("GET", "/api/v1/moderation/queue?status=resolved")
    assert resolved.json()["items"][0]["resolution"] == "actioned"
    assert (await mod.call("GET", "/api/v1/moderation/audit")).status_code == 403
    audit = await op.call("GET", "/api/v1/moderation/audit")
    assert [(a["actor"], a["kind"], a["target"]) for a in audit.json()["actions"]] == [
        ("Sage", "warn", "Mallory")
    ]
    refused = await member.call(
        "POST", "/api/v1/moderation/actions", {"kind": "suspend", "target": "Mallory"}
    )
    assert refused.status_code == 403
    again = await mod.call(
        "POST", f"/api/v1/moderation/queue/{report.id}/resolve", {"resolution": "dismiss"}
    )
    assert again.status_code == 404
    for client in (member, mod, op):
        await client.http.aclose()
