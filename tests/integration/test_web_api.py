"""The web gateway's HTTP API on a real listener (127.0.0.1, a free port), over an in-memory
store, in the test's own event loop: what crosses the wire (cookies, CSRF, Origin, throttling,
limits). Every endpoint's behaviour is tested in memory in tests/unit/gateways/."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest
import pytest_asyncio

from boudoir.core.login_throttle import FREE_ADDRESS_FAILURES, FREE_PAIR_FAILURES
from boudoir.core.passwords import Argon2Hasher
from boudoir.core.throttle import SignupThrottle
from boudoir.core.world import World
from boudoir.gateways.web import MAX_BODY_BYTES, WebGateway
from boudoir.gateways.web.options import WebOptions
from boudoir.testing.fakes import MemoryStore
from boudoir.testing.harness import FAST_HASHING

pytestmark = pytest.mark.asyncio(loop_scope="module")

PASSWORD = "correct horse battery"
ADULT = "1990-05-17"


@dataclass
class Running:
    world: World
    client: httpx.AsyncClient
    url: str


@contextlib.asynccontextmanager
async def serve(world: World | None = None) -> AsyncIterator[Running]:
    """A web gateway on a free port of 127.0.0.1 over ``world`` (a fresh one if None)."""
    world = world or World(MemoryStore(), Argon2Hasher(FAST_HASHING))
    gateway = WebGateway(world, host="127.0.0.1", port=0, shutdown_timeout_seconds=1)
    url = await gateway.start()
    async with asyncio.TaskGroup() as tasks:
        tasks.create_task(gateway.run())
        async with httpx.AsyncClient(base_url=url, timeout=10) as client:
            yield Running(world, client, url)
        gateway.close("test over")


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def running() -> AsyncIterator[Running]:
    async with serve() as site:
        yield site


@pytest_asyncio.fixture(loop_scope="module")
async def client(running: Running) -> AsyncIterator[httpx.AsyncClient]:
    """A browser of its own: a cookie jar no other test shares."""
    async with httpx.AsyncClient(base_url=running.url, timeout=10) as fresh:
        yield fresh


_names = iter(f"user{n}" for n in range(10_000))


@pytest.fixture
def name() -> str:
    """A name no other test in the module uses (they share one world)."""
    return next(_names)


def error_of(response: httpx.Response) -> tuple[int, str]:
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message"}
    assert body["error"]["message"]
    return response.status_code, body["error"]["code"]


async def register(client: httpx.AsyncClient, **body: object) -> httpx.Response:
    return await client.post("/api/v1/accounts", json=body)


async def test_health(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def session_cookie(response: httpx.Response) -> dict[str, str]:
    """The attributes of the ``boudoir_session`` cookie the response sets (lower-cased)."""
    [header] = [h for h in response.headers.get_list("set-cookie") if "boudoir_session=" in h]
    attributes = {}
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        attributes[key.lower()] = value
    return attributes


async def test_register_then_login(client: httpx.AsyncClient, name: str) -> None:
    created = await register(client, name=name, password=PASSWORD, born=ADULT)
    assert created.status_code == 201
    assert created.json()["account"]["name"] == name
    assert created.json()["account"]["attested"] is False
    client.cookies.clear()  # another browser
    logged_in = await client.post("/api/v1/session", json={"name": name, "password": PASSWORD})
    assert logged_in.status_code == 200
    assert logged_in.json()["account"]["name"] == name


async def test_register_with_attestation(client: httpx.AsyncClient, name: str) -> None:
    created = await register(client, name=name, password=PASSWORD, born=ADULT, attest=True)
    assert created.json()["account"]["attested"] is True


async def test_the_session_cookie_is_http_only_lax_and_lasts_thirty_days(
    client: httpx.AsyncClient, name: str
) -> None:
    created = await register(client, name=name, password=PASSWORD, born=ADULT)
    cookie = session_cookie(created)
    assert len(cookie["boudoir_session"]) >= 43, "256 random bits"
    assert "httponly" in cookie
    assert cookie["samesite"].lower() == "lax"
    assert cookie["path"] == "/"
    assert cookie["max-age"] == str(30 * 24 * 3600)
    assert "secure" not in cookie, "the site is served over plain http here"
    assert created.json()["csrf_token"] not in cookie["boudoir_session"]


async def test_cookies_are_secure_when_the_site_is_https() -> None:
    world = World(MemoryStore(), Argon2Hasher(FAST_HASHING))
    options = WebOptions(origin="https://chat.example.org")
    gateway = WebGateway(
        world, host="127.0.0.1", port=0, shutdown_timeout_seconds=1, options=options
    )
    url = await gateway.start()
    async with asyncio.TaskGroup() as tasks:
        tasks.create_task(gateway.run())
        async with httpx.AsyncClient(base_url=url, timeout=10) as client:
            created = await register(client, name="secure", password=PASSWORD, born=ADULT)
            assert "secure" in session_cookie(created)
            foreign = await client.get("/healthz", headers={"origin": url})
            assert error_of(foreign) == (403, "origin_refused"), "only the configured origin"
        gateway.close("test over")


async def test_state_changes_with_a_session_need_the_csrf_token(
    client: httpx.AsyncClient, name: str
) -> None:
    created = await register(client, name=name, password=PASSWORD, born=ADULT)
    token = created.json()["csrf_token"]
    path = "/api/v1/characters"
    without = await client.post(path, json={"name": name + "x"})
    assert error_of(without) == (403, "csrf_failed")
    wrong = await client.post(path, json={"name": name + "x"}, headers={"x-csrf-token": "no"})
    assert error_of(wrong) == (403, "csrf_failed")
    assert error_of(await client.delete("/api/v1/session")) == (403, "csrf_failed")
    assert (await client.get("/api/v1/session")).json()["csrf_token"] == token, "reads need none"
    made = await client.post(path, json={"name": name + "x"}, headers={"x-csrf-token": token})
    assert made.status_code == 201
    ended = await client.delete("/api/v1/session", headers={"x-csrf-token": token})
    assert ended.status_code == 204
    assert session_cookie(ended)["max-age"] == "0"
    assert error_of(await client.get("/api/v1/session")) == (401, "not_authenticated")


async def test_a_page_of_another_site_is_refused(client: httpx.AsyncClient, name: str) -> None:
    body = {"name": name, "password": PASSWORD, "born": ADULT}
    foreign = await client.post(
        "/api/v1/accounts", json=body, headers={"origin": "https://evil.example"}
    )
    assert error_of(foreign) == (403, "origin_refused")
    own = await client.post("/api/v1/accounts", json=body, headers={"origin": str(client.base_url)})
    assert own.status_code == 201


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"password": PASSWORD, "born": "2015-01-01"}, (422, "too_young")),
        ({"password": "short", "born": ADULT}, (422, "invalid_input")),
        ({"password": "password", "born": ADULT}, (422, "invalid_input")),
        ({"password": " " * 8, "born": ADULT}, (422, "invalid_input")),
        ({"password": PASSWORD, "born": "1990-02-30"}, (400, "bad_request")),
        ({"password": PASSWORD, "born": "19900517"}, (400, "bad_request")),
        ({"password": PASSWORD, "born": 1990}, (400, "bad_request")),
        ({"password": PASSWORD}, (400, "bad_request")),
        ({"password": PASSWORD, "born": ADULT, "attest": "yes"}, (400, "bad_request")),
        ({"password": PASSWORD, "born": ADULT, "atest": True}, (400, "bad_request")),
    ],
)
async def test_register_refusals(
    client: httpx.AsyncClient, name: str, body: dict[str, object], expected: tuple[int, str]
) -> None:
    assert error_of(await register(client, name=name, **body)) == expected


async def test_missing_field_is_named(client: httpx.AsyncClient) -> None:
    response = await register(client, password=PASSWORD, born=ADULT)
    assert response.json()["error"]["message"] == "The field 'name' is required."


async def test_duplicate_and_confusable_names(client: httpx.AsyncClient) -> None:
    assert (await register(client, name="mallory", password=PASSWORD, born=ADULT)).is_success
    client.cookies.clear()
    again = await register(client, name="MALLORY", password=PASSWORD, born=ADULT)
    assert error_of(again) == (409, "name_taken")
    lookalike = await register(client, name="ma11ory", password=PASSWORD, born=ADULT)
    assert error_of(lookalike) == (409, "name_confusable")


@pytest.mark.parametrize(
    ("content", "content_type", "expected"),
    [
        (b"{not json", "application/json", (400, "bad_request")),
        (b"\xff\xfe", "application/json", (400, "bad_request")),
        (b"[1, 2]", "application/json", (400, "bad_request")),
        (b'{"name": "x"}', "text/plain", (415, "unsupported_media_type")),
        (b'{"name": "x"}', "application/x-www-form-urlencoded", (415, "unsupported_media_type")),
    ],
)
async def test_malformed_requests(
    client: httpx.AsyncClient, content: bytes, content_type: str, expected: tuple[int, str]
) -> None:
    response = await client.post(
        "/api/v1/accounts", content=content, headers={"content-type": content_type}
    )
    assert error_of(response) == expected


async def test_json_with_a_charset_parameter_is_json(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/session",
        content=b'{"name": "nobody-here", "password": "whatever1"}',
        headers={"content-type": "application/json; charset=utf-8"},
    )
    assert error_of(response) == (401, "authentication_failed")


async def test_body_too_large_declared(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/accounts",
        content=b" " * (MAX_BODY_BYTES + 1),
        headers={"content-type": "application/json"},
    )
    assert error_of(response) == (413, "body_too_large")


async def test_body_too_large_streamed(client: httpx.AsyncClient) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(MAX_BODY_BYTES // 1024 + 2):
            yield b" " * 1024

    response = await client.post(
        "/api/v1/accounts", content=chunks(), headers={"content-type": "application/json"}
    )
    assert "content-length" not in response.request.headers, "sent chunked"
    assert error_of(response) == (413, "body_too_large")


async def test_wrong_password_then_throttled(client: httpx.AsyncClient, name: str) -> None:
    assert (await register(client, name=name, password=PASSWORD, born=ADULT)).is_success
    client.cookies.clear()
    wrong = {"name": name, "password": "not the password"}
    tries = FREE_PAIR_FAILURES + 1
    statuses = [
        (await client.post("/api/v1/session", json=wrong)).status_code for _ in range(tries)
    ]
    assert statuses == [401] * tries
    throttled = await client.post("/api/v1/session", json={"name": name, "password": PASSWORD})
    assert error_of(throttled) == (429, "throttled")
    assert int(throttled.headers["retry-after"]) > 0
    assert "boudoir_session" not in throttled.headers.get("set-cookie", "")


async def test_unknown_name_looks_like_a_wrong_password(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v1/session", json={"name": "ghost", "password": PASSWORD})
    assert error_of(response) == (401, "authentication_failed")


async def test_unknown_path_and_wrong_method_are_json(client: httpx.AsyncClient) -> None:
    assert error_of(await client.get("/nowhere")) == (404, "not_found")
    wrong_method = await client.get("/api/v1/accounts")
    assert error_of(wrong_method) == (405, "method_not_allowed")
    assert wrong_method.headers["allow"] == "POST"


async def test_unexpected_failure_is_a_json_500_without_details(
    running: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(running.world.accounts, "register", broken)
    response = await register(running.client, name="x", password=PASSWORD, born=ADULT)
    assert error_of(response) == (500, "internal_error")
    assert "secret" not in response.text


class _Signal(logging.Handler):
    """Sets ``seen`` when a log record containing ``text`` is emitted."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self.seen = asyncio.Event()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        if self.text in record.getMessage():
            self.seen.set()


async def test_client_hanging_up_mid_body_is_no_server_error(
    running: Running, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    watcher = _Signal("client disconnected")
    root = logging.getLogger()
    root.addHandler(watcher)
    try:
        host, port = running.url.removeprefix("http://").split(":")
        _, writer = await asyncio.open_connection(host, int(port))
        writer.write(
            b"POST /api/v1/accounts HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"name"'
        )
        await writer.drain()
        writer.close()
        await writer.wait_closed()
        async with asyncio.timeout(10):
            await watcher.seen.wait()
    finally:
        root.removeHandler(watcher)
    assert not [r for r in watcher.records if r.levelno >= logging.ERROR]


async def test_failures_from_one_address_are_throttled_across_names() -> None:
    # A server of its own: this test uses up 127.0.0.1's allowance.
    async with serve() as site:
        client = site.client
        assert (await register(client, name="real", password=PASSWORD, born=ADULT)).is_success
        client.cookies.clear()
        for number in range(FREE_ADDRESS_FAILURES + 1):
            guess = {"name": f"guess{number}", "password": PASSWORD}
            assert (await client.post("/api/v1/session", json=guess)).status_code == 401
        right = {"name": "real", "password": PASSWORD}
        throttled = await client.post("/api/v1/session", json=right)
        assert error_of(throttled) == (429, "throttled")
        assert throttled.headers["retry-after"].isdigit()


@contextlib.asynccontextmanager
async def browser_at(site: Running, address: str) -> AsyncIterator[httpx.AsyncClient]:
    """A browser on another machine: connections from ``address`` (one of 127.0.0.0/8)."""
    transport = httpx.AsyncHTTPTransport(local_address=address)
    async with httpx.AsyncClient(base_url=site.url, timeout=10, transport=transport) as client:
        yield client


async def test_alice_logs_in_while_someone_guesses_at_her_password() -> None:
    async with serve() as site, browser_at(site, "127.0.0.2") as attacker:
        assert (await register(site.client, name="alice", password=PASSWORD, born=ADULT)).is_success
        waits = []
        for number in range(12):
            guess = {"name": "alice", "password": f"guess {number}"}
            answer = await attacker.post("/api/v1/session", json=guess)
            if answer.status_code == 429:
                waits.append(int(answer.headers["retry-after"]))
        assert waits  # the attacker is held back...
        site.client.cookies.clear()
        right = {"name": "alice", "password": PASSWORD}
        assert (await site.client.post("/api/v1/session", json=right)).status_code == 200
        # ...and alice, from her own machine, is not.


async def test_sign_ups_are_limited_per_address_with_a_clear_error() -> None:
    world = World(MemoryStore(), Argon2Hasher(FAST_HASHING))
    world.accounts.signups = SignupThrottle(per_address_per_hour=2, per_minute=10)
    async with serve(world) as site, browser_at(site, "127.0.0.2") as elsewhere:
        for name in ("first", "second"):
            assert (
                await register(site.client, name=name, password=PASSWORD, born=ADULT)
            ).is_success
            site.client.cookies.clear()  # signed up and logged in: sign out
        refused = await register(site.client, name="third", password=PASSWORD, born=ADULT)
        assert error_of(refused) == (429, "throttled")
        assert refused.json()["error"]["message"] == (
            "Too many sign-ups from your address; try again in 60 minutes."
        )
        assert int(refused.headers["retry-after"]) > 3500
        # Nothing was made, and another address may still sign up.
        assert await world.store.accounts.find_by_name("third") is None
        assert (await register(elsewhere, name="third", password=PASSWORD, born=ADULT)).is_success


async def test_a_request_path_cannot_forge_a_log_line_or_reach_the_terminal(
    running: Running, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="boudoir.gateways.web.app")
    response = await running.client.get("/x%0a2026-01-01T00:00:00Z%20INFO%20FAKE%1b[31m")
    assert response.status_code == 404
    (line,) = [r.getMessage() for r in caplog.records if "FAKE" in r.getMessage()]
    assert "\n" not in line
    assert "\x1b" not in line
    assert line.startswith("GET /x\\n2026-01-01T00:00:00Z INFO FAKE\\x1b[31m -> 404")
