"""The HTTP endpoints of logs kept by consent (docs/http-api.md, "Logs"), in memory."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from boudoir.core.passwords import Argon2Hasher
from boudoir.core.world import World
from boudoir.gateways.web import create_app
from boudoir.testing.fakes import MemoryStore
from boudoir.testing.harness import FAST_HASHING, RecordingSession
from boudoir.wire.webjson.openapi import openapi_document

PASSWORD = "correct horse battery"
SITE = "http://boudoir.localhost"
jsonschema = pytest.importorskip("jsonschema")
DOCUMENT = openapi_document("boudoir.local")


def check(schema_name: str, body: object) -> None:
    schema = {"$ref": f"#/components/schemas/{schema_name}", **DOCUMENT}
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(
        body
    )


async def signed_up(app: Any, name: str) -> tuple[httpx.AsyncClient, str]:
    http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=SITE)
    body = {"name": name, "password": PASSWORD, "born": "1990-05-17", "attest": True}
    response = await http.post("/api/v1/accounts", json=body)
    assert response.status_code == 201
    return http, response.json()["csrf_token"]


async def test_logs_are_listed_read_downloaded_and_own_lines_deleted() -> None:
    world = World(MemoryStore(), Argon2Hasher(FAST_HASHING))
    app = create_app(world)
    alice_http, alice_csrf = await signed_up(app, "alice")
    bob_http, _ = await signed_up(app, "bob")
    carol_http, _ = await signed_up(app, "carol")
    try:
        people = {}
        for name in ("alice", "bob"):
            account = await world.store.accounts.find_by_name(name)
            assert account is not None
            people[name] = await world.connect(RecordingSession(), account)
            await world.rooms.join(people[name], "den", create=True)
        world.logs.propose(people["alice"], "den")
        world.logs.agree(people["bob"], "den")
        mine = world.messages.say(people["alice"], "den", "hello, log")
        world.messages.say(people["bob"], "den", "hi back")

        listed = (await alice_http.get("/api/v1/logs")).json()
        check("Logs", listed)
        assert [log["room"] for log in listed["logs"]] == ["den"]
        segment = listed["logs"][0]["id"]
        assert (await carol_http.get("/api/v1/logs")).json() == {"logs": []}
        assert (await carol_http.get(f"/api/v1/logs/{segment}")).status_code == 404

        read = (await bob_http.get(f"/api/v1/logs/{segment}")).json()
        check("Log", read)
        assert [(x["from"], x["text"]) for x in read["lines"]] == [
            ("alice", "hello, log"),
            ("bob", "hi back"),
        ]
        text = await bob_http.get(f"/api/v1/logs/{segment}?format=text")
        assert text.headers["content-type"].startswith("text/plain")
        assert "attachment" in text.headers["content-disposition"]
        assert "<alice> hello, log" in text.text

        path = f"/api/v1/logs/lines/{mine.id}"
        deleted = await alice_http.delete(path, headers={"x-csrf-token": alice_csrf})
        assert deleted.status_code == 204
        read = (await bob_http.get(f"/api/v1/logs/{segment}")).json()
        assert [x["text"] for x in read["lines"]] == ["hi back"]
    finally:
        for http in (alice_http, bob_http, carol_http):
            await http.aclose()
