"""The profile endpoints of the HTTP API (docs/http-api.md, "Profiles, kinks and partner
search"), in memory: the kink list, profile sections as each viewer may see them, images,
compare and search. Every success is checked against its OpenAPI schema."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Mapping
from typing import Any

import httpx
import pytest
import pytest_asyncio
from PIL import Image

from boudoir.core.commands import Context, run
from boudoir.core.passwords import Argon2Hasher
from boudoir.core.world import World
from boudoir.domain.entities import Role
from boudoir.domain.intents import Report
from boudoir.gateways.web import create_app
from boudoir.gateways.web.options import WebOptions
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


class Browser:
    def __init__(self, app: Any) -> None:
        self.http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=SITE)
        self.csrf = ""

    async def call(
        self, method: str, path: str, body: Mapping[str, object] | None = None
    ) -> httpx.Response:
        headers = {"x-csrf-token": self.csrf} if self.csrf else {}
        response = await self.http.request(method, path, json=body, headers=headers)
        if path == "/api/v1/accounts" and response.is_success:
            self.csrf = response.json()["csrf_token"]
        return response

    async def upload(self, name: str, data: bytes, media: str = "image/png") -> httpx.Response:
        headers = {"x-csrf-token": self.csrf, "content-type": media}
        return await self.http.put(
            f"/api/v1/characters/{name}/image", content=data, headers=headers
        )

    async def profile(self, name: str) -> dict[str, Any]:
        response = await self.call("GET", f"/api/v1/profiles/{name}")
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        check("Profile", body)
        return body


class Site:
    def __init__(self, options: WebOptions | None = None) -> None:
        self.world = World(MemoryStore(), Argon2Hasher(FAST_HASHING))
        self.app = create_app(self.world, options=options) if options else create_app(self.world)
        self.browsers: list[Browser] = []

    async def person(self, name: str) -> Browser:
        browser = Browser(self.app)
        self.browsers.append(browser)
        body = {"name": name, "password": PASSWORD, "born": "1990-05-17", "attest": True}
        assert (await browser.call("POST", "/api/v1/accounts", body)).status_code == 201
        return browser


@pytest_asyncio.fixture
async def site() -> AsyncIterator[Site]:
    made = Site()
    yield made
    for browser in made.browsers:
        await browser.http.aclose()


def error_of(response: httpx.Response) -> tuple[int, str]:
    return response.status_code, response.json()["error"]["code"]


def png(width: int = 900, height: int = 600, **info: Any) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 90)).save(out, "PNG", **info)
    return out.getvalue()


FULL = {
    "species": "half-elf",
    "gender": "woman",
    "orientation": "bi",
    "body_description": "Tall.",
    "personality_description": "Wry.",
    "post_length": "paragraph",
    "rp_style": "literate",
    "timezone": "Europe/Paris",
    "languages": ["en-gb", "fr"],
    "kinks": {"rope": "favourite", "praise": "yes", "wax": "no"},
    "custom_kinks": [{"name": "Old books", "description": "", "level": "maybe"}],
    "hard_limits": ["gore"],
}


async def test_the_kink_list_is_served_without_a_session(site: Site) -> None:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=site.app), base_url=SITE
    ) as anonymous:
        response = await anonymous.get("/api/v1/kinks")
    assert response.status_code == 200
    body = response.json()
    check("KinkList", body)
    assert body["version"]
    ids = [k["id"] for c in body["categories"] for k in c["kinks"]]
    assert "rope" in ids
    assert len(ids) == len(set(ids)) >= 150


async def test_a_character_holds_every_new_field_and_normalises_them(site: Site) -> None:
    alice = await site.person("alice")
    response = await alice.call(
        "PATCH",
        "/api/v1/characters/alice",
        {**FULL, "findable": True, "visibility": {"kinks": "everyone"}},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    check("Character", body)
    assert body["languages"] == ["en-GB", "fr"]
    assert body["kinks"] == FULL["kinks"]
    assert body["visibility"] == {
        "details": "friends",
        "kinks": "everyone",
        "limits": "friends",
        "image": "friends",
    }
    assert (body["findable"], body["has_image"]) == (True, False)
    # A character sent back whole is taken as it is.
    again = await alice.call("PATCH", "/api/v1/characters/alice", body)
    assert again.json() == body


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"kinks": {"not-a-kink": "yes"}}, 422),
        ({"kinks": {"rope": "sometimes"}}, 400),
        ({"timezone": "Mars/Olympus"}, 422),
        ({"languages": ["english!"]}, 422),
        ({"languages": ["en"] * 11}, 422),
        ({"post_length": "epic"}, 422),
        ({"species": "x" * 65}, 422),
        ({"visibility": {"kinks": "strangers"}}, 400),
        ({"visibility": {"soul": "everyone"}}, 400),
        ({"custom_kinks": [{"name": "a", "level": "yes"}] * 51}, 422),
        ({"custom_kinks": [{"name": "a", "level": "yes"}, {"name": "A", "level": "no"}]}, 422),
    ],
)
async def test_bad_profile_fields_are_refused_and_change_nothing(
    site: Site, change: dict[str, object], status: int
) -> None:
    alice = await site.person("alice")
    before = (await alice.call("GET", "/api/v1/characters")).json()
    response = await alice.call("PATCH", "/api/v1/characters/alice", change)
    assert response.status_code == status
    assert response.json()["error"]["message"]
    assert (await alice.call("GET", "/api/v1/characters")).json() == before


async def test_each_section_shows_as_its_visibility_says(site: Site) -> None:
    alice = await site.person("alice")
    bob = await site.person("bob")
    carol = await site.person("carol")
    visibility = {
        "details": "everyone",
        "kinks": "friends",
        "limits": "nobody",
        "image": "everyone",
    }
    await alice.call("PATCH", "/api/v1/characters/alice", {**FULL, "visibility": visibility})
    await alice.call("PUT", "/api/v1/friends/bob")

    to_bob = await bob.profile("alice")
    assert to_bob["species"] == "half-elf"
    assert to_bob["kinks"] == FULL["kinks"]
    assert "hard_limits" not in to_bob
    to_carol = await carol.profile("alice")
    assert to_carol["species"] == "half-elf"
    for hidden in ("kinks", "custom_kinks", "interests", "hard_limits"):
        assert hidden not in to_carol
    mine = await alice.profile("alice")
    assert mine["hard_limits"] == ["gore"]

    # The older switch still works: both kinks and limits.
    await alice.call("PATCH", "/api/v1/characters/alice", {"profile_audience": "everyone"})
    assert (await carol.profile("alice"))["hard_limits"] == ["gore"]


async def test_an_image_is_reencoded_stripped_and_served_as_visibility_allows(
    site: Site,
) -> None:
    alice = await site.person("alice")
    bob = await site.person("bob")
    carol = await site.person("carol")
    await alice.call("PUT", "/api/v1/friends/bob")
    uploaded = png(900, 600, pnginfo=_text_chunk("Comment", "secret location"))
    response = await alice.upload("alice", uploaded)
    assert response.status_code == 200, response.text
    assert response.json()["has_image"] is True

    served = await bob.call("GET", "/api/v1/profiles/alice/image")
    assert served.status_code == 200
    assert served.headers["content-type"] in ("image/webp", "image/png")
    assert b"secret location" not in served.content
    with Image.open(io.BytesIO(served.content)) as stored:
        assert max(stored.size) == 512
        assert stored.size == (512, 341)
    assert (await bob.profile("alice"))["has_image"] is True
    # Carol is no friend: the image is absent to her, exactly like no image at all.
    hidden = await carol.call("GET", "/api/v1/profiles/alice/image")
    none = await alice.call("GET", "/api/v1/profiles/bob/image")
    assert error_of(hidden) == error_of(none) == (404, "not_found")
    assert (await carol.profile("alice"))["has_image"] is False

    assert (await alice.call("DELETE", "/api/v1/characters/alice/image")).status_code == 204
    gone = await bob.call("GET", "/api/v1/profiles/alice/image")
    assert error_of(gone) == (404, "not_found")


def _text_chunk(key: str, value: str) -> Any:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text(key, value)
    return info


@pytest.mark.parametrize(
    ("data", "media", "status"),
    [
        (b"GIF89a not really", "image/png", 422),
        (b"%PDF-1.4 a document", "image/jpeg", 422),
        (b"", "image/webp", 422),
        (png(10, 10), "image/gif", 415),
        (png(10, 10), "application/octet-stream", 415),
    ],
)
async def test_what_is_not_an_accepted_image_is_refused_clearly(
    site: Site, data: bytes, media: str, status: int
) -> None:
    alice = await site.person("alice")
    response = await alice.upload("alice", data, media)
    assert response.status_code == status
    assert response.json()["error"]["message"]
    assert (await alice.profile("alice"))["has_image"] is False


async def test_an_image_over_two_mebibytes_is_refused(site: Site) -> None:
    alice = await site.person("alice")
    response = await alice.upload("alice", b"\x89PNG" + b"\0" * (2 * 1024 * 1024))
    assert error_of(response) == (413, "body_too_large")


async def test_uploads_are_refused_when_the_operator_turns_images_off() -> None:
    site = Site(WebOptions(profile_images=False))
    alice = await site.person("alice")
    response = await alice.upload("alice", png(10, 10))
    assert error_of(response) == (403, "images_disabled")
    await alice.http.aclose()


async def test_nobody_uploads_for_a_character_not_theirs(site: Site) -> None:
    await site.person("alice")
    bob = await site.person("bob")
    response = await bob.upload("alice", png(10, 10))
    assert error_of(response) == (404, "not_found")


async def test_compare_lists_limits_and_conflicts_first_from_what_one_may_see(
    site: Site,
) -> None:
    alice = await site.person("alice")
    bob = await site.person("bob")
    await alice.call("PATCH", "/api/v1/characters/alice", {**FULL, "profile_audience": "everyone"})
    await bob.call(
        "PATCH",
        "/api/v1/characters/bob",
        {
            "kinks": {"rope": "yes", "praise": "no"},
            "hard_limits": ["Old books"],
        },
    )
    response = await bob.call("GET", "/api/v1/profiles/alice/compare?as=bob")
    assert response.status_code == 200, response.text
    body = response.json()
    check("Comparison", body)
    verdicts = [(r["name"], r["verdict"]) for r in body["rows"]]
    assert verdicts[:3] == [("Old books", "limit"), ("Praise", "conflict"), ("Rope", "match")]
    # Bob's kinks are for friends only: Alice sees her side, nothing of his.
    back = (await alice.call("GET", "/api/v1/profiles/bob/compare?as=alice")).json()
    assert all(row["theirs"] is None for row in back["rows"])
    assert {row["verdict"] for row in back["rows"]} == {"neither"}

    await alice.call("PUT", "/api/v1/blocks/bob")
    blocked = await bob.call("GET", "/api/v1/profiles/alice/compare?as=bob")
    assert error_of(blocked) == (404, "not_found")
    not_mine = await bob.call("GET", "/api/v1/profiles/alice/compare?as=alice")
    assert error_of(not_mine) == (404, "not_found")


async def test_search_finds_only_who_asked_and_ranks_soft_matches(site: Site) -> None:
    seeker = await site.person("seeker")
    await seeker.call(
        "PATCH", "/api/v1/characters/seeker", {"kinks": {"rope": "favourite", "praise": "yes"}}
    )
    everyone = {"visibility": {"kinks": "everyone", "details": "everyone"}}
    people = {
        "great": {"kinks": {"rope": "favourite", "praise": "favourite"}, "findable": True},
        "fine": {"kinks": {"praise": "yes"}, "findable": True},
        "limited": {"kinks": {"rope": "favourite"}, "hard_limits": ["Praise"], "findable": True},
        "hidden": {"kinks": {"rope": "favourite"}, "findable": False},
        "excluded": {"kinks": {"praise": "yes"}, "hard_limits": ["rope"], "findable": True},
        "private": {
            "kinks": {"rope": "favourite"},
            "findable": True,
            "visibility": {"kinks": "nobody"},
        },
        "blocker": {"kinks": {"rope": "favourite"}, "findable": True},
    }
    for name, change in people.items():
        browser = await site.person(name)
        body = {**everyone, **change, "species": "fox"}
        assert (await browser.call("PATCH", f"/api/v1/characters/{name}", body)).status_code == 200
        if name == "blocker":
            await browser.call("PUT", "/api/v1/blocks/seeker")

    response = await seeker.call("GET", "/api/v1/search?as=seeker")
    assert response.status_code == 200, response.text
    body = response.json()
    check("SearchResults", body)
    names = [r["name"] for r in body["results"]]
    assert names == ["great", "fine", "limited"]
    great = body["results"][0]
    assert (great["score"], great["shared"], great["species"]) == (1.0, ["Rope"], "fox")
    assert great["status"] is None  # offline

    limited = await seeker.call("GET", "/api/v1/search?as=seeker&limit=1")
    assert [r["name"] for r in limited.json()["results"]] == ["great"]
    for bad in ("limit=0", "limit=51", "rating=xxx", "looking=maybe", "colour=red"):
        refused = await seeker.call("GET", f"/api/v1/search?as=seeker&{bad}")
        assert refused.status_code in (400, 422), bad
    # Only adults who take part in adult content, and only for a seeker who does.
    adult = await seeker.call("GET", "/api/v1/search?as=seeker&rating=adult")
    assert error_of(adult) == (403, "consent_refused")


async def test_search_by_language_keeps_those_who_list_none(site: Site) -> None:
    seeker = await site.person("seeker")
    await seeker.call("PATCH", "/api/v1/characters/seeker", {"kinks": {"rope": "yes"}})
    for name, languages in (("anglo", ["en-GB"]), ("franco", ["fr"]), ("anyone", [])):
        browser = await site.person(name)
        await browser.call(
            "PATCH",
            f"/api/v1/characters/{name}",
            {
                "kinks": {"rope": "yes"},
                "findable": True,
                "languages": languages,
                "visibility": {"kinks": "everyone"},
            },
        )
    found = (await seeker.call("GET", "/api/v1/search?as=seeker&language=en")).json()
    assert sorted(r["name"] for r in found["results"]) == ["anglo", "anyone"]


async def test_the_export_holds_the_whole_profile_and_its_image(site: Site) -> None:
    alice = await site.person("alice")
    await alice.call("PATCH", "/api/v1/characters/alice", FULL)
    await alice.upload("alice", png(40, 40))
    export = (await alice.call("GET", "/api/v1/account/export")).json()
    (character,) = export["characters"]
    assert character["kinks"] == FULL["kinks"]
    assert character["details"]["species"] == "half-elf"
    assert character["visibility"]["kinks"] == "friends"
    import base64

    image = base64.b64decode(character["image"]["data"])
    assert character["image"]["type"] in ("image/webp", "image/png")
    with Image.open(io.BytesIO(image)) as decoded:
        assert decoded.size == (40, 40)


async def test_a_moderator_removes_a_reported_image_and_the_audit_log_says_so(site: Site) -> None:
    alice = await site.person("alice")
    await site.person("bob")
    opal = await site.person("opal")
    opal_account = await site.world.accounts.find("opal")
    await site.world.accounts.set_role(opal_account.id, Role.OPERATOR)
    await alice.upload("alice", png(20, 20))
    # Bob reports the image (the WebSocket's report with image: true).
    bob_account = await site.world.accounts.find("bob")
    connection = await site.world.connect(RecordingSession(), bob_account)
    await run(Context.of(site.world, connection), Report("alice", "not a person", image=True))
    queue = (await opal.call("GET", "/api/v1/moderation/queue")).json()["items"]
    assert queue[0]["evidence"]["image"] is True

    refused = await alice.call("DELETE", "/api/v1/moderation/images/alice", {})
    assert refused.status_code == 403
    removed = await opal.call("DELETE", "/api/v1/moderation/images/alice", {"reason": "not you"})
    assert removed.status_code == 204
    assert (await alice.profile("alice"))["has_image"] is False
    audit = (await opal.call("GET", "/api/v1/moderation/audit")).json()["actions"]
    assert (audit[0]["kind"], audit[0]["target"], audit[0]["reason"]) == (
        "remove_image",
        "alice",
        "not you",
    )
