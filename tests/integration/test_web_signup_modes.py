"""Sign-up modes over the HTTP API on a real listener: the browser reads the mode, a sign-up by
invitation carries the code, and one made while approval is needed gets no session and cannot
log in until an operator approves it."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from boudoir.domain.entities import Role
from boudoir.domain.invitations import SignupMode

from .test_web_api import ADULT, PASSWORD, error_of, register, serve

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def test_the_sign_up_mode_and_the_arrival_room_are_public() -> None:
    async with serve() as site:
        arrival = site.world.places.default_room
        assert (await site.client.get("/api/v1/signup")).json() == {
            "mode": "open",
            "arrival": arrival,
        }
        site.world.accounts.signup_mode = SignupMode.INVITATION
        answer = await site.client.get("/api/v1/signup")
        assert answer.status_code == 200
        assert answer.json() == {"mode": "invitation", "arrival": arrival}


async def test_a_sign_up_by_invitation_needs_a_valid_code() -> None:
    async with serve() as site:
        world, client = site.world, site.client
        world.accounts.signup_mode = SignupMode.INVITATION
        _, code = await world.invitations.create(uses=1)
        body = {"password": PASSWORD, "born": ADULT}

        assert error_of(await register(client, name="ann", **body)) == (403, "invitation_required")
        wrong = await register(client, name="ann", invitation="AAAA-BBBB-CCCC-DDDD", **body)
        assert error_of(wrong) == (403, "invitation_invalid")
        made = await register(client, name="ann", invitation=code, **body)
        assert made.status_code == 201
        assert made.json()["account"]["name"] == "ann"
        client.cookies.clear()
        again = await register(client, name="bea", invitation=code, **body)
        assert error_of(again) == (403, "invitation_invalid")
        assert again.json()["error"]["message"] == "That invitation code has been used up."
        assert [a.name for a in await world.accounts.list_all()] == ["ann"]


async def test_a_sign_up_awaiting_approval_gets_no_session_until_approved() -> None:
    async with serve() as site:
        world, client = site.world, site.client
        world.accounts.signup_mode = SignupMode.APPROVAL
        made = await register(client, name="cat", password=PASSWORD, born=ADULT, attest=True)
        assert made.status_code == 202
        assert made.json()["awaiting_approval"] is True
        assert "operator's approval" in made.json()["message"]
        assert "boudoir_session" not in made.headers.get("set-cookie", "")
        assert (await client.get("/api/v1/session")).status_code == 401

        login = {"name": "cat", "password": PASSWORD}
        refused = await client.post("/api/v1/session", json=login)
        assert error_of(refused) == (403, "awaiting_approval")
        wrong = await client.post("/api/v1/session", json={"name": "cat", "password": "nope nope"})
        assert error_of(wrong) == (401, "authentication_failed")

        await world.accounts.approve((await world.accounts.find("cat")).id)
        logged_in = await client.post("/api/v1/session", json=login)
        assert logged_in.status_code == 200
        assert logged_in.json()["account"]["name"] == "cat"


async def test_the_open_mode_ignores_a_code() -> None:
    async with serve() as site:
        made = await register(
            site.client, name="dee", password=PASSWORD, born=ADULT, invitation="x"
        )
        assert made.status_code == 201


async def test_a_moderator_invites_and_approves_over_the_api() -> None:
    async with serve() as site:
        world, client = site.world, site.client
        staff = await world.accounts.register("iris", PASSWORD, dt.date(1990, 5, 17))
        await world.accounts.set_role(staff.id, Role.MODERATOR)
        await world.accounts.register("mel", PASSWORD, dt.date(1990, 5, 17))
        async with httpx.AsyncClient(base_url=site.url, timeout=10) as member:
            session = await member.post(
                "/api/v1/session", json={"name": "mel", "password": PASSWORD}
            )
            headers = {"X-CSRF-Token": session.json()["csrf_token"]}
            refused = await member.post("/api/v1/moderation/invitations", json={}, headers=headers)
            assert error_of(refused)[0] == 403
            assert error_of(await member.get("/api/v1/moderation/accounts/pending"))[0] == 403

        session = await client.post("/api/v1/session", json={"name": "iris", "password": PASSWORD})
        headers = {"X-CSRF-Token": session.json()["csrf_token"]}
        world.accounts.signup_mode = SignupMode.INVITATION
        made = await client.post(
            "/api/v1/moderation/invitations",
            json={"uses": 2, "expires_in_days": 3},
            headers=headers,
        )
        assert made.status_code == 201
        assert made.json()["uses"] == 2
        assert made.json()["expires_at"] is not None
        bad = await client.post("/api/v1/moderation/invitations", json={"uses": 0}, headers=headers)
        assert error_of(bad) == (422, "invalid_input")
        async with httpx.AsyncClient(base_url=site.url, timeout=10) as newcomer:
            body = {"name": "neo", "password": PASSWORD, "born": ADULT}
            joined = await register(newcomer, invitation=made.json()["code"], **body)
            assert joined.status_code == 201

        world.accounts.signup_mode = SignupMode.APPROVAL
        async with httpx.AsyncClient(base_url=site.url, timeout=10) as newcomer:
            waiting = await register(newcomer, name="oak", password=PASSWORD, born=ADULT)
            assert waiting.status_code == 202
        pending = await client.get("/api/v1/moderation/accounts/pending")
        assert [a["name"] for a in pending.json()["accounts"]] == ["oak"]
        approved = await client.post("/api/v1/moderation/accounts/oak/approval", headers=headers)
        assert approved.json() == {"name": "oak"}
        assert (await client.get("/api/v1/moderation/accounts/pending")).json() == {"accounts": []}
        missing = await client.post("/api/v1/moderation/accounts/nobody/approval", headers=headers)
        assert error_of(missing) == (404, "not_found")
