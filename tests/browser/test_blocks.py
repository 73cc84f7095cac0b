"""A topic set by someone you block shows as hidden, and a Show button reads it on purpose."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from .people import Crowd, Person, unique
from .screenshots import screenshot

pytestmark = pytest.mark.slow


async def block(person: Person, name: str) -> None:
    """``person`` blocks ``name`` through the HTTP API, as the profile's Block button does."""
    request = person.page.request
    session = await (await request.get("/api/v1/session")).json()
    answer = await request.put(
        f"/api/v1/blocks/{name}", headers={"X-CSRF-Token": session["csrf_token"]}
    )
    assert answer.ok, await answer.text()


async def test_a_topic_by_someone_blocked_is_hidden_until_shown(crowd: Crowd) -> None:
    frank = await crowd.signed_up("Frank")
    grace = await crowd.signed_up("Grace")
    room = unique("den")
    await frank.join(room)
    await frank.send("/topic Frank was here")
    await expect(frank.page.locator("#room-topic")).to_have_text("Frank was here")
    await block(grace, frank.name)

    await grace.join(room)
    topic = grace.page.locator("#room-topic")
    await expect(topic).to_contain_text("Topic hidden, set by someone you block.")
    await expect(grace.page.get_by_text("Frank was here")).to_have_count(0)
    await screenshot(grace.page, "room-topic-hidden-by-block")

    await topic.get_by_role("button", name="Show").click()
    await expect(topic).to_have_text("Frank was here")

    # A new topic arrives hidden again: nothing of it shows until asked for.
    await frank.send("/topic still here")
    await expect(topic).to_contain_text("Topic hidden, set by someone you block.")
    await expect(
        grace.message("The topic changed: hidden, set by someone you block.")
    ).to_be_visible()
    await expect(grace.page.get_by_text("still here")).to_have_count(0)
