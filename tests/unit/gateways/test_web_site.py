"""The browser client's files, the security headers, and the Origin and CSRF checks, in
memory (httpx over the ASGI app); the client's files come from a temporary directory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import pytest_asyncio

from boudoir.core.passwords import Argon2Hasher
from boudoir.core.world import World
from boudoir.gateways.web import create_app
from boudoir.gateways.web.sessions import SECURITY_HEADERS
from boudoir.gateways.web.static import IMMUTABLE, directory_version
from boudoir.testing.fakes import MemoryStore
from boudoir.testing.harness import FAST_HASHING
from boudoir.wire.webjson.user_agents import describe_client

SITE = "http://boudoir.localhost"
INDEX = """<!doctype html>
<link rel="stylesheet" href="/static/app.css">
<script type="module" src='/static/js/app.js'></script>
<a href="https://example.org/static/elsewhere.js">not ours</a>
"""


@pytest.fixture
def web_root(tmp_path: Path) -> Path:
    (tmp_path / "static" / "js").mkdir(parents=True)
    (tmp_path / "index.html").write_text(INDEX)
    (tmp_path / "static" / "app.css").write_text("body { margin: 0 }")
    (tmp_path / "static" / "js" / "app.js").write_text("export {};")
    (tmp_path / "static" / ".secret.swp").write_text("editor junk")
    (tmp_path / "outside.txt").write_text("not served")
    return tmp_path


@pytest_asyncio.fixture
async def client(web_root: Path) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(World(MemoryStore(), Argon2Hasher(FAST_HASHING)), web_root=web_root)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=SITE) as http:
        yield http


async def test_the_index_points_at_versioned_static_files(
    client: httpx.AsyncClient, web_root: Path
) -> None:
    version = directory_version(web_root / "static")
    response = await client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.headers["cache-control"] == "no-cache"
    assert f'href="/static/{version}/app.css"' in response.text
    assert f"src='/static/{version}/js/app.js'" in response.text
    assert "https://example.org/static/elsewhere.js" in response.text


async def test_the_version_changes_with_any_static_file(web_root: Path) -> None:
    before = directory_version(web_root / "static")
    (web_root / "static" / "app.css").write_text("body { margin: 1px }")
    assert directory_version(web_root / "static") != before


async def test_a_versioned_file_is_cached_for_a_year_an_unversioned_one_revalidated(
    client: httpx.AsyncClient, web_root: Path
) -> None:
    version = directory_version(web_root / "static")
    current = await client.get(f"/static/{version}/js/app.js")
    assert current.status_code == 200
    assert current.text == "export {};"
    assert current.headers["content-type"] == "text/javascript; charset=utf-8"
    assert current.headers["cache-control"] == IMMUTABLE
    # A module imported by relative URL from a versioned page is versioned the same way.
    sibling = await client.get(f"/static/{version}/app.css")
    assert sibling.headers["cache-control"] == IMMUTABLE
    stale = await client.get("/static/0123456789abcdef/js/app.js")
    assert stale.status_code == 200
    assert stale.headers["cache-control"] == "no-cache"
    bare = await client.get("/static/app.css")
    assert bare.headers["cache-control"] == "no-cache"
    assert bare.headers["content-type"] == "text/css; charset=utf-8"


async def test_an_etag_match_answers_not_modified(client: httpx.AsyncClient) -> None:
    first = await client.get("/static/app.css")
    etag = first.headers["etag"]
    again = await client.get("/static/app.css", headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    other = await client.get("/static/app.css", headers={"if-none-match": '"stale"'})
    assert other.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/static/missing.js",
        "/static/.secret.swp",
        "/static/../outside.txt",
        "/static/%2e%2e/outside.txt",
        "/static/js",
        "/rooms",
        "/index.html",
    ],
)
async def test_unknown_files_and_paths_are_404(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert "not served" not in response.text


async def test_no_index_yet_is_a_404(tmp_path: Path) -> None:
    app = create_app(World(MemoryStore(), Argon2Hasher(FAST_HASHING)), web_root=tmp_path)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=SITE) as http:
        assert (await http.get("/")).status_code == 404


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/"), ("GET", "/static/app.css"), ("GET", "/healthz"), ("GET", "/nowhere"),
     ("POST", "/api/v1/session"), ("GET", "/api/v1/account")],
)  # fmt: skip
async def test_every_answer_carries_the_security_headers(
    client: httpx.AsyncClient, method: str, path: str
) -> None:
    response = await client.request(method, path)
    for name, value in SECURITY_HEADERS:
        assert response.headers[name.decode()] == value.decode()
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


@pytest.mark.parametrize(
    "origin", ["https://evil.example", "http://boudoir.localhost.evil.example"]
)
async def test_a_foreign_origin_is_refused(client: httpx.AsyncClient, origin: str) -> None:
    response = await client.post(
        "/api/v1/session", json={"name": "a", "password": "b"}, headers={"origin": origin}
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "origin_refused"


async def test_the_sites_own_origin_passes(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/session", json={"name": "a", "password": "b"}, headers={"origin": SITE}
    )
    assert response.json()["error"]["code"] == "authentication_failed"


@pytest.mark.parametrize(
    ("user_agent", "label"),
    [
        ("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
         "Firefox on Linux"),
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0", "Edge on Windows"),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
         "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", "Safari on iOS"),
        ("Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) "
         "Chrome/126.0.0.0 Mobile Safari/537.36", "Chrome on Android"),
        ("curl/8.5.0", "curl"),
        ("", "Unknown client"),
    ],
)  # fmt: skip
def test_the_client_label_keeps_the_browser_and_system_only(user_agent: str, label: str) -> None:
    assert describe_client(user_agent) == label
