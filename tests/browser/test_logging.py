"""Logging by consent in the browser: on only once everyone present said yes, shown while on,
stopped (neutrally) when someone new arrives; the Logs page reads it and deletes your lines."""

from __future__ import annotations

import asyncio
import re

import pytest
from playwright.async_api import expect

from .people import Crowd, Person, unique
from .screenshots import screenshot

pytestmark = pytest.mark.slow

LOG_WRITE_WAIT = 10.0
"""Seconds to wait for a batch of log lines to reach the store (normally about one)."""


async def wait_until_logged(person: Person, text: str) -> None:
    """Ask the HTTP API, as ``person``, until one of their logs holds ``text``."""
    async with asyncio.timeout(LOG_WRITE_WAIT):
        while True:
            logs = await (await person.page.request.get("/api/v1/logs")).json()
            for segment in logs["logs"]:
                log = await (await person.page.request.get(f"/api/v1/logs/{segment['id']}")).json()
                if any(line["text"] == text for line in log["lines"]):
                    return
            await asyncio.sleep(0.1)  # polling the server, not timing: the deadline bounds it


async def start_logging(alice: Person, bob: Person) -> None:
    """Alice proposes logging the room both are in, bob says yes: it is on for both."""
    await alice.page.get_by_role("button", name="Propose logging").click()
    proposal = bob.page.get_by_role("status", name="Logging proposal")
    await expect(proposal).to_contain_text(f"Yes: {alice.name}")
    await expect(proposal).to_contain_text(f"Not yet: {bob.name}")
    # Not on until bob says yes: no indicator for either.
    await expect(alice.page.get_by_role("status", name="Logging proposal")).to_be_visible()
    await expect(alice.page.get_by_role("status", name="Logging", exact=True)).to_be_hidden()

    await proposal.get_by_role("button", name="Yes, log").click()
    for person in (alice, bob):
        indicator = person.page.get_by_role("status", name="Logging", exact=True)
        await expect(indicator).to_contain_text("● Logging")
        await expect(indicator).to_contain_text(f"consented: {alice.name}, {bob.name}")


async def test_logging_starts_with_every_yes_and_stops_when_someone_arrives(
    crowd: Crowd,
) -> None:
    alice = await crowd.signed_up("Alice")
    bob = await crowd.signed_up("Bob")
    carol = await crowd.signed_up("Carol")
    room = unique("library")
    await alice.join(room)
    await bob.join(room)
    await expect(alice.page.locator("li.member", has_text=bob.name)).to_be_visible()

    await start_logging(alice, bob)
    await alice.send("This line is kept.")
    await expect(bob.message("This line is kept.")).to_be_visible()
    await screenshot(alice.page, "logging-indicator")

    await carol.join(room)
    for person in (alice, bob):
        await expect(person.message("Logging stopped: someone new arrived.")).to_be_visible()
        await expect(person.page.get_by_role("status", name="Logging", exact=True)).to_be_hidden()
        await expect(person.page.get_by_role("button", name="Propose logging")).to_be_visible()
    await alice.send("This line is not kept.")

    # Lines are written in batches (about once a second): wait until the server has it.
    await wait_until_logged(alice, "This line is kept.")
    # The Logs page: the part alice was present and consenting for, her line deletable.
    await alice.page.goto("/#/logs")
    await alice.main.get_by_role("link", name=f"#{room}").click()
    lines = alice.page.get_by_role("list", name="Logged lines")
    await expect(lines).to_contain_text("This line is kept.")
    await expect(lines).not_to_contain_text("This line is not kept.")
    await expect(alice.page.get_by_role("link", name="Download as text")).to_be_visible()
    await lines.get_by_role("button", name="Delete your line: This line is kept.").click()
    await expect(lines).not_to_contain_text("This line is kept.")
    await alice.page.reload()
    await expect(alice.page.get_by_role("heading", name=f"Log of #{room}")).to_be_visible()
    await expect(alice.page.locator("#main")).not_to_contain_text("This line is kept.")


async def test_the_log_shows_poses_and_out_of_character_lines_as_the_chat_did(
    crowd: Crowd,
) -> None:
    alice = await crowd.signed_up("Alice")
    bob = await crowd.signed_up("Bob")
    room = unique("study")
    await alice.join(room)
    await bob.join(room)
    await expect(alice.page.locator("li.member", has_text=bob.name)).to_be_visible()
    await start_logging(alice, bob)
    await alice.send("((brb, the kettle))")
    await alice.send(":waves from the door.")
    await alice.send(":'s eyes glint.")
    await bob.send("Welcome back.")
    await expect(alice.message("Welcome back.")).to_be_visible()

    await wait_until_logged(bob, "Welcome back.")
    await bob.page.goto("/#/logs")
    await bob.main.get_by_role("link", name=f"#{room}").click()
    lines = bob.page.get_by_role("list", name="Logged lines")
    ooc = lines.locator("li.item", has_text="brb, the kettle")
    await expect(ooc).to_have_class(re.compile(r"\bkind-ooc\b"))
    await expect(ooc.get_by_text("OOC", exact=True)).to_be_visible()
    pose = lines.locator("li.item", has_text="waves from the door.")
    await expect(pose).to_have_class(re.compile(r"\bkind-pose\b"))
    await expect(pose.locator(".body")).to_have_text(f"{alice.name} waves from the door.")
    semipose = lines.locator("li.item", has_text="eyes glint.")
    await expect(semipose.locator(".body")).to_have_text(f"{alice.name}'s eyes glint.")
    speech = lines.locator("li.item", has_text="Welcome back.")
    await expect(speech).to_have_class(re.compile(r"\bkind-say\b"))
    await expect(speech.locator(".body")).to_contain_text(f"{bob.name}: Welcome back.")
    # A name opens the profile, as in the chat.
    await pose.get_by_role("button", name=alice.name).click()
    await expect(bob.page.get_by_role("complementary")).to_contain_text(alice.name)
    await screenshot(bob.page, "log-viewer-kinds")


async def test_the_log_shows_emits_and_notices_as_the_chat_did(crowd: Crowd) -> None:
    """Emits (telnet's @emit) and notices are logged too; no browser sends them, so the log
    comes from the route, in the server's shape (docs/http-api.md)."""
    alice = await crowd.signed_up("Alice")
    log = {
        "id": "log1",
        "room": "hall",
        "started_at": "2026-12-01T20:00:00+00:00",
        "ended_at": None,
        "readers": 2,
        "lines": [
            {
                "id": "m1",
                "at": "2026-12-01T20:00:01+00:00",
                "from": "Tess",
                "kind": "emit",
                "text": "The wind howls.",
            },
            {
                "id": "m2",
                "at": "2026-12-01T20:00:02+00:00",
                "from": "Tess",
                "kind": "notice",
                "text": "The hall closes soon.",
            },
        ],
    }
    await alice.page.route("**/api/v1/logs/log1", lambda route: route.fulfill(json=log))
    await alice.page.goto("/#/logs/log1")
    lines = alice.page.get_by_role("list", name="Logged lines")
    emit = lines.locator("li.item", has_text="The wind howls.")
    await expect(emit).to_have_class(re.compile(r"\bkind-emit\b"))
    await expect(emit.locator(".body")).to_have_text("The wind howls. (emit by Tess)")
    notice = lines.locator("li.item", has_text="The hall closes soon.")
    await expect(notice).to_have_class(re.compile(r"\bkind-notice\b"))
    await expect(notice.get_by_text("Notice", exact=True)).to_be_visible()
