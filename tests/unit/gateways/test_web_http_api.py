"""Every endpoint of the HTTP API (docs/http-api.md), in memory: httpx over the ASGI app.

Each success is also checked against the answer's schema in the OpenAPI document, so that the
document and the answers cannot drift apart.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import pytest_asyncio

from boudoir.core.account_sync import PASSWORD_CHANGED
from boudoir.core.passwords import Argon2Hasher
from boudoir.core.world import World
from boudoir.domain.entities import PresenceVisibility, Status
from boudoir.gateways.web import create_app
from boudoir.testing.fakes import MemoryStore
from boudoir.testing.harness import FAST_HASHING, RecordingSession, describe
from boudoir.wire.webjson.endpoints import ENDPOINTS
from boudoir.wire.webjson.openapi import openapi_document

PASSWORD = "correct horse battery"
ADULT = "1990-05-17"
SITE = "http://boudoir.localhost"

jsonschema = pytest.importorskip("jsonschema")
DOCUMENT = openapi_document("boudoir.local")  # WebOptions().server_name
ANSWERS = {(e.method, e.path): e for e in ENDPOINTS}


def check_shape(method: str, path: str, body: object) -> None:
    """``body`` matches the answer schema the OpenAPI document gives for the endpoint."""
    endpoint = ANSWERS[method, path]
    assert endpoint.answer is not None
    schema = {"$ref": f"#/components/schemas/{endpoint.answer}", **DOCUMENT}
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(
        body
    )


class Browser:
    """One browser: keeps its cookie, and sends the CSRF token it was given."""

    def __init__(self, app: Any) -> None:
        self.http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=SITE)
        self.csrf = ""

    async def call(
        self, method: str, path: str, body: Mapping[str, object] | None = None
    ) -> httpx.Response:
        headers = {"x-csrf-token": self.csrf} if self.csrf else {}
        response = await self.http.request(method, path, json=body, headers=headers)
        if path in ("/api/v1/accounts", "/api/v1/session") and response.is_success:
            self.csrf = response.json().get("csrf_token", self.csrf) if response.content else ""
        return response

    async def sign_up(self, name: str, **extra: object) -> httpx.Response:
        body = {"name": name, "password": PASSWORD, "born": ADULT, **extra}
        return await self.call("POST", "/api/v1/accounts", body)

    async def log_in(self, name: str, password: str = PASSWORD) -> httpx.Response:
        return await self.call("POST", "/api/v1/session", {"name": name, "password": password})


def error_of(response: httpx.Response) -> tuple[int, str]:
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message"}
    assert body["error"]["message"]
    return response.status_code, body["error"]["code"]


@dataclass(eq=False)
class SocketOfLogin(RecordingSession):
    """A session opened with a browser login, as the web gateway's sockets are."""

    login_id: str = ""


class Site:
    def __init__(self) -> None:
        self.world = World(MemoryStore(), Argon2Hasher(FAST_HASHING))
        self.app = create_app(self.world)
        self.browsers: list[Browser] = []

    def browser(self) -> Browser:
        browser = Browser(self.app)
        self.browsers.append(browser)
        return browser

    async def person(self, name: str, **extra: object) -> Browser:
        browser = self.browser()
        assert (await browser.sign_up(name, **extra)).status_code == 201
        return browser


@pytest_asyncio.fixture
async def site() -> AsyncIterator[Site]:
    made = Site()
    yield made
    for browser in made.browsers:
        await browser.http.aclose()


# --- sign up, log in, log out ------------------------------------------------------------


async def test_sign_up_makes_the_account_a_character_and_a_session(site: Site) -> None:
    browser = site.browser()
    response = await browser.sign_up("alice", attest=True)
    assert response.status_code == 201
    body = response.json()
    check_shape("POST", "/api/v1/accounts", body)
    assert body["account"]["name"] == "alice"
    assert body["account"]["attested"] is True
    assert body["account"]["ratings"] == ["general"]
    assert [c["name"] for c in body["characters"]] == ["alice"]
    assert body["csrf_token"]
    session = await browser.call("GET", "/api/v1/session")
    assert session.json() == body, "the cookie logs this browser in"


async def test_sign_up_refusals_are_clear(site: Site) -> None:
    browser = site.browser()
    assert error_of(await browser.sign_up("kid", born="2015-01-01")) == (422, "too_young")
    assert error_of(await browser.sign_up("alice", born="19900517")) == (400, "bad_request")
    assert error_of(await browser.sign_up("alice", atest=True)) == (400, "bad_request")
    await site.person("alice")
    assert error_of(await site.browser().sign_up("ALICE")) == (409, "name_taken")


async def test_log_in_gives_a_new_session_and_a_wrong_password_does_not(site: Site) -> None:
    await site.person("alice")
    browser = site.browser()
    assert error_of(await browser.log_in("alice", "wrong password")) == (
        401,
        "authentication_failed",
    )
    assert error_of(await browser.call("GET", "/api/v1/session")) == (401, "not_authenticated")
    response = await browser.log_in("alice")
    assert response.status_code == 200
    check_shape("POST", "/api/v1/session", response.json())
    assert (await browser.call("GET", "/api/v1/account")).json()["name"] == "alice"


async def test_log_out_ends_the_session_for_good(site: Site) -> None:
    browser = await site.person("alice")
    cookie = browser.http.cookies["boudoir_session"]
    response = await browser.call("DELETE", "/api/v1/session")
    assert response.status_code == 204
    assert "boudoir_session" not in browser.http.cookies
    replay = site.browser()
    replay.http.cookies.set("boudoir_session", cookie, domain="boudoir.localhost")
    assert error_of(await replay.call("GET", "/api/v1/account")) == (401, "not_authenticated")


async def test_sessions_are_listed_and_another_browser_can_be_logged_out(site: Site) -> None:
    laptop = await site.person("alice")
    phone = site.browser()
    await phone.log_in("alice")
    listed = await laptop.call("GET", "/api/v1/sessions")
    check_shape("GET", "/api/v1/sessions", listed.json())
    sessions = listed.json()["sessions"]
    assert [s["current"] for s in sessions] == [True, False]
    other = sessions[1]["id"]
    assert (await laptop.call("DELETE", f"/api/v1/sessions/{other}")).status_code == 204
    assert error_of(await phone.call("GET", "/api/v1/session")) == (401, "not_authenticated")
    assert (await laptop.call("GET", "/api/v1/session")).status_code == 200
    again = await laptop.call("DELETE", f"/api/v1/sessions/{other}")
    assert error_of(again) == (404, "not_found")


async def test_nobody_logs_out_someone_elses_session(site: Site) -> None:
    alice = await site.person("alice")
    bob = await site.person("bob")
    [alices] = (await alice.call("GET", "/api/v1/sessions")).json()["sessions"]
    response = await bob.call("DELETE", f"/api/v1/sessions/{alices['id']}")
    assert error_of(response) == (404, "not_found")
    assert (await alice.call("GET", "/api/v1/session")).status_code == 200


async def test_every_endpoint_that_needs_a_session_says_so(site: Site) -> None:
    browser = site.browser()
    for endpoint in ENDPOINTS:
        if not endpoint.session:
            continue
        path = endpoint.path.replace("{name}", "alice").replace("{id}", "x")
        body = {} if endpoint.body is not None else None
        response = await browser.call(endpoint.method, path, body)
        assert error_of(response) == (401, "not_authenticated"), endpoint.path


# --- the account -------------------------------------------------------------------------


async def test_attest_later_then_opt_in_to_ratings(site: Site) -> None:
    browser = await site.person("alice")
    refused = await browser.call("PATCH", "/api/v1/account/settings", {"ratings": ["adult"]})
    assert error_of(refused) == (403, "consent_refused")
    bad = await browser.call("POST", "/api/v1/account/attestation", {"attest": False})
    assert error_of(bad) == (400, "bad_request")
    attested = await browser.call("POST", "/api/v1/account/attestation", {"attest": True})
    check_shape("POST", "/api/v1/account/attestation", attested.json())
    assert attested.json()["attested"] is True
    changed = await browser.call(
        "PATCH",
        "/api/v1/account/settings",
        {"ratings": ["mature", "adult"], "dm_policy": "friends", "presence_visibility": "nobody"},
    )
    check_shape("PATCH", "/api/v1/account/settings", changed.json())
    assert changed.json()["ratings"] == ["general", "mature", "adult"]
    assert changed.json()["dm_policy"] == "friends"
    assert changed.json()["presence_visibility"] == "nobody"
    typo = await browser.call("PATCH", "/api/v1/account/settings", {"dm_policy": "everybody"})
    assert error_of(typo) == (400, "bad_request")


async def test_mention_words_are_an_account_setting_with_limits(site: Site) -> None:
    browser = await site.person("alice")
    changed = await browser.call(
        "PATCH", "/api/v1/account/settings", {"mention_words": ["captain ", "Captain", "crew"]}
    )
    check_shape("PATCH", "/api/v1/account/settings", changed.json())
    assert changed.json()["mention_words"] == ["captain", "crew"]
    shown = await browser.call("GET", "/api/v1/account")
    assert shown.json()["mention_words"] == ["captain", "crew"]
    too_many = await browser.call(
        "PATCH", "/api/v1/account/settings", {"mention_words": [f"w{n}" for n in range(21)]}
    )
    assert error_of(too_many) == (422, "invalid_input")
    too_long = await browser.call(
        "PATCH", "/api/v1/account/settings", {"mention_words": ["x" * 41]}
    )
    assert error_of(too_long) == (422, "invalid_input")
    not_words = await browser.call("PATCH", "/api/v1/account/settings", {"mention_words": "crew"})
    assert error_of(not_words) == (400, "bad_request")
    kept = await browser.call("GET", "/api/v1/account")
    assert kept.json()["mention_words"] == ["captain", "crew"]


async def test_changing_the_password_logs_other_browsers_out(site: Site) -> None:
    laptop = await site.person("alice")
    phone = site.browser()
    await phone.log_in("alice")
    alice = await site.world.accounts.find("alice")
    # Alice is also connected over IRC or telnet (a session of the core, as they make one),
    # and has a socket open on the laptop's login.
    elsewhere = RecordingSession()
    connection = await site.world.connect(elsewhere, alice)
    [laptop_login] = [
        s["id"] for s in (await laptop.call("GET", "/api/v1/sessions")).json()["sessions"]
        if s["current"]
    ]  # fmt: skip
    laptop_socket = SocketOfLogin(login_id=laptop_login)
    await site.world.connect(laptop_socket, alice)
    wrong = await laptop.call(
        "POST",
        "/api/v1/account/password",
        {"old_password": "nope", "new_password": "a new long password"},
    )
    assert error_of(wrong) == (401, "authentication_failed")
    changed = await laptop.call(
        "POST",
        "/api/v1/account/password",
        {"old_password": PASSWORD, "new_password": "a new long password"},
    )
    assert changed.status_code == 204
    assert (await laptop.call("GET", "/api/v1/session")).status_code == 200
    assert error_of(await phone.call("GET", "/api/v1/session")) == (401, "not_authenticated")
    assert elsewhere.closed == PASSWORD_CHANGED
    assert connection.id not in site.world.registry.connections
    assert laptop_socket.closed is None, "the login that made the change goes on"
    assert (await site.browser().log_in("alice", "a new long password")).status_code == 200


async def test_a_new_password_built_on_the_name_is_refused_saying_why(site: Site) -> None:
    browser = await site.person("alice")
    refused = await browser.call(
        "POST",
        "/api/v1/account/password",
        {"old_password": PASSWORD, "new_password": "alice-in-wonderland"},
    )
    assert error_of(refused) == (422, "invalid_input")
    assert "built on your name" in refused.json()["error"]["message"]
    common = await site.browser().sign_up("bob", password="password")
    assert error_of(common) == (422, "invalid_input")
    assert "one of the most common" in common.json()["error"]["message"]


async def test_export_is_a_json_download(site: Site) -> None:
    browser = await site.person("alice")
    response = await browser.call("GET", "/api/v1/account/export")
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith("attachment")
    document = response.json()
    assert document["account"]["name"] == "alice"
    assert [s["client"] for s in document["login_sessions"]] == ["python-httpx"]


async def test_erasing_needs_the_password_and_then_everything_is_gone(site: Site) -> None:
    browser = await site.person("alice")
    wrong = await browser.call("DELETE", "/api/v1/account", {"password": "not it"})
    assert error_of(wrong) == (401, "authentication_failed")
    assert error_of(await browser.call("DELETE", "/api/v1/account")) == (
        415,
        "unsupported_media_type",
    )
    assert (await browser.call("DELETE", "/api/v1/account", {"password": PASSWORD})).status_code
    assert error_of(await browser.call("GET", "/api/v1/account")) == (401, "not_authenticated")
    assert error_of(await site.browser().log_in("alice")) == (401, "authentication_failed")
    assert (await site.browser().sign_up("alice")).status_code == 201, "the name is free"


# --- characters and profiles -------------------------------------------------------------


async def test_characters_are_created_changed_and_deleted(site: Site) -> None:
    browser = await site.person("alice")
    created = await browser.call("POST", "/api/v1/characters", {"name": "Wren"})
    assert created.status_code == 201
    check_shape("POST", "/api/v1/characters", created.json())
    changed = await browser.call(
        "PATCH",
        "/api/v1/characters/wren",
        {
            "pronouns": "she/her",
            "declared_age": 33,
            "interests": [{"topic": "slow burn", "level": "favourite"}],
            "hard_limits": ["gore"],
            "profile_audience": "friends",
        },
    )
    check_shape("PATCH", "/api/v1/characters/{name}", changed.json())
    wren = changed.json()
    assert wren["pronouns"] == "she/her"
    assert wren["interests"] == [{"topic": "slow burn", "level": "favourite"}]
    listed = await browser.call("GET", "/api/v1/characters")
    check_shape("GET", "/api/v1/characters", listed.json())
    assert listed.json()["characters"][1] == wren
    sent_back = await browser.call("PATCH", "/api/v1/characters/Wren", wren)
    assert sent_back.json() == wren, "the whole character may be sent back unchanged"
    assert (await browser.call("DELETE", "/api/v1/characters/Wren")).status_code == 204
    assert [c["name"] for c in (await browser.call("GET", "/api/v1/characters")).json()[
        "characters"
    ]] == ["alice"]  # fmt: skip


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"name": "Rook"}, (422, "invalid_input")),
        ({"declared_age": 16}, (422, "invalid_input")),
        ({"declared_age": "old"}, (400, "bad_request")),
        ({"interests": [{"topic": "x", "level": "sometimes"}]}, (400, "bad_request")),
        ({"interests": [{"topic": "x"}]}, (400, "bad_request")),
        ({"hard_limits": "gore"}, (400, "bad_request")),
        ({"profile_audience": "public"}, (400, "bad_request")),
        ({"colour": "red"}, (400, "bad_request")),
        ({"pronouns": "x" * 100}, (422, "invalid_input")),
    ],
)
async def test_character_changes_that_are_refused(
    site: Site, change: dict[str, object], expected: tuple[int, str]
) -> None:
    browser = await site.person("alice")
    response = await browser.call("PATCH", "/api/v1/characters/alice", change)
    assert error_of(response) == expected


async def test_a_character_name_may_change_case_and_whoever_sees_it_is_told(site: Site) -> None:
    browser = await site.person("alice")
    await site.person("bob")
    alice_online = RecordingSession()
    bob_online = RecordingSession()
    connection = await site.world.connect(alice_online, await site.world.accounts.find("alice"))
    await site.world.connect(bob_online, await site.world.accounts.find("bob"))
    alice_online.events.clear()
    bob_online.events.clear()

    changed = await browser.call(
        "PATCH", "/api/v1/characters/alice", {"name": "Alice", "pronouns": "she/her"}
    )

    assert (changed.json()["name"], changed.json()["pronouns"]) == ("Alice", "she/her")
    check_shape("PATCH", "/api/v1/characters/{name}", changed.json())
    assert connection.character.name == "Alice"
    assert [describe(e) for e in alice_online.events] == ["alice is now known as Alice"]
    assert [describe(e) for e in bob_online.events] == ["alice is now known as Alice"]
    listed = await browser.call("GET", "/api/v1/characters")
    assert [c["name"] for c in listed.json()["characters"]] == ["Alice"]
    refused = await browser.call("PATCH", "/api/v1/characters/alice", {"name": "Alicia"})
    assert error_of(refused) == (422, "invalid_input")
    assert "only the case of its letters" in refused.json()["error"]["message"]


async def test_character_refusals(site: Site) -> None:
    browser = await site.person("alice")
    await site.person("bob")
    assert error_of(await browser.call("POST", "/api/v1/characters", {"name": "bob"})) == (
        409,
        "name_taken",
    )
    assert error_of(await browser.call("PATCH", "/api/v1/characters/bob", {})) == (
        404,
        "not_found",
    )
    last = await browser.call("DELETE", "/api/v1/characters/alice")
    assert error_of(last) == (422, "invalid_input"), "an account keeps one character"


async def test_a_character_online_is_not_deleted(site: Site) -> None:
    browser = await site.person("alice")
    await browser.call("POST", "/api/v1/characters", {"name": "Wren"})
    account = await site.world.accounts.find("alice")
    await site.world.connect(RecordingSession(), account, character="Wren")
    response = await browser.call("DELETE", "/api/v1/characters/Wren")
    assert error_of(response) == (422, "invalid_input")


async def test_profiles_show_what_the_viewer_may_see(site: Site) -> None:
    alice = await site.person("alice")
    bob = await site.person("bob")
    carol = await site.person("carol")
    await alice.call(
        "PATCH",
        "/api/v1/characters/alice",
        {"interests": [{"topic": "tea", "level": "yes"}], "profile_audience": "friends"},
    )
    await alice.call("PUT", "/api/v1/friends/bob")
    for_bob = (await bob.call("GET", "/api/v1/profiles/alice")).json()
    check_shape("GET", "/api/v1/profiles/{name}", for_bob)
    assert for_bob["interests"] == [{"topic": "tea", "level": "yes"}]
    assert (for_bob["online"], for_bob["status"]) == (False, None)
    for_carol = (await carol.call("GET", "/api/v1/profiles/alice")).json()
    check_shape("GET", "/api/v1/profiles/{name}", for_carol)
    assert "interests" not in for_carol
    assert "hard_limits" not in for_carol
    await alice.call("PUT", "/api/v1/blocks/carol")
    blocked = await carol.call("GET", "/api/v1/profiles/alice")
    missing = await carol.call("GET", "/api/v1/profiles/nobody")
    assert error_of(blocked) == error_of(missing) == (404, "not_found")


async def test_a_profile_shows_presence_when_allowed(site: Site) -> None:
    await site.person("alice")
    bob = await site.person("bob")
    account = await site.world.accounts.find("alice")
    connection = await site.world.connect(RecordingSession(), account)
    site.world.presence.set_status(connection, Status.AWAY)
    seen = (await bob.call("GET", "/api/v1/profiles/alice")).json()
    assert (seen["online"], seen["status"]) == (True, "away")
    await site.world.accounts.update_settings(
        account.id, presence_visibility=PresenceVisibility.NOBODY
    )
    hidden = (await bob.call("GET", "/api/v1/profiles/alice")).json()
    assert (hidden["online"], hidden["status"]) == (False, None)


# --- friends, blocks, rooms --------------------------------------------------------------


async def test_friends_are_added_listed_and_removed(site: Site) -> None:
    alice = await site.person("alice")
    await site.person("Bob")
    added = await alice.call("PUT", "/api/v1/friends/bob")
    check_shape("PUT", "/api/v1/friends/{name}", added.json())
    assert added.json() == {"name": "Bob"}
    listed = await alice.call("GET", "/api/v1/friends")
    check_shape("GET", "/api/v1/friends", listed.json())
    assert listed.json() == {"friends": [{"name": "Bob"}]}
    assert (await alice.call("DELETE", "/api/v1/friends/Bob")).status_code == 204
    assert (await alice.call("GET", "/api/v1/friends")).json() == {"friends": []}
    assert error_of(await alice.call("DELETE", "/api/v1/friends/Bob")) == (404, "not_found")
    assert error_of(await alice.call("PUT", "/api/v1/friends/nobody")) == (404, "not_found")
    assert error_of(await alice.call("PUT", "/api/v1/friends/alice")) == (422, "invalid_input")


async def test_blocks_are_added_listed_and_removed(site: Site) -> None:
    alice = await site.person("alice")
    await site.person("mallory")
    blocked = await alice.call("PUT", "/api/v1/blocks/mallory")
    check_shape("PUT", "/api/v1/blocks/{name}", blocked.json())
    listed = await alice.call("GET", "/api/v1/blocks")
    check_shape("GET", "/api/v1/blocks", listed.json())
    assert listed.json() == {"blocks": [{"name": "mallory"}]}
    assert (await alice.call("DELETE", "/api/v1/blocks/mallory")).status_code == 204
    assert (await alice.call("GET", "/api/v1/blocks")).json() == {"blocks": []}
    assert error_of(await alice.call("DELETE", "/api/v1/blocks/mallory")) == (404, "not_found")


async def test_a_block_from_the_api_holds_for_people_online(site: Site) -> None:
    alice = await site.person("alice")
    await site.person("bob")
    bob_account = await site.world.accounts.find("bob")
    alice_account = await site.world.accounts.find("alice")
    bob_session = RecordingSession()
    bobs = await site.world.connect(bob_session, bob_account)
    alices = await site.world.connect(RecordingSession(), alice_account)
    assert site.world.presence.is_visible(bobs, alices)
    await alice.call("PUT", "/api/v1/blocks/bob")
    assert not site.world.presence.is_visible(bobs, alices)
    assert site.world.registry.blocks(bob_account.id, alice_account.id)


async def test_the_room_directory_as_the_account_may_see_it(site: Site) -> None:
    alice = await site.person("alice")
    await site.person("bob")
    await site.person("carol")
    for name in ("bob", "carol"):
        account = await site.world.accounts.find(name)
        connection = await site.world.connect(RecordingSession(), account)
        await site.world.rooms.join(connection, "lobby", create=True)
    await alice.call("PUT", "/api/v1/blocks/carol")
    response = await alice.call("GET", "/api/v1/rooms")
    check_shape("GET", "/api/v1/rooms", response.json())
    assert response.json() == {
        "rooms": [
            {
                "name": "lobby",
                "rating": "general",
                "topic": "",
                "topic_hidden": False,
                "members": 1,
                "people": ["bob"],
                "tags": [],
                "activity": 0,
            }
        ]
    }


# --- the table and the document ----------------------------------------------------------


def test_every_request_schema_names_exactly_the_fields_its_decoder_reads() -> None:
    for endpoint in ENDPOINTS:
        if endpoint.body is not None:
            properties = set(endpoint.body.schema["properties"])  # type: ignore[call-overload]
            assert properties == set(endpoint.body.decoder.FIELDS), endpoint.path  # type: ignore[attr-defined]


def test_the_openapi_document_is_valid_openapi_3_1() -> None:
    validator = pytest.importorskip("openapi_spec_validator")
    validator.validate(DOCUMENT)


async def test_the_openapi_document_is_served_and_lists_every_route(site: Site) -> None:
    response = await site.browser().call("GET", "/api/v1/openapi.json")
    served = response.json()
    assert served == DOCUMENT
    listed = {(m.upper(), p) for p, ops in served["paths"].items() for m in ops}
    assert listed == set(ANSWERS)


async def test_a_wrong_method_lists_every_allowed_one(site: Site) -> None:
    response = await site.browser().call("PUT", "/api/v1/session")
    assert error_of(response) == (405, "method_not_allowed")
    assert set(response.headers["allow"].split(", ")) == {"GET", "HEAD", "POST", "DELETE"}
