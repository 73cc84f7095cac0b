"""The settings page: the age statement made later, where you are logged in, export and
erasure."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.async_api import expect

from .people import BORN, PASSWORD, Crowd, Person

pytestmark = pytest.mark.slow


async def log_in(person: Person, name: str, password: str = PASSWORD) -> None:
    """Log in through the page as ``name`` (not necessarily ``person.name``)."""
    page = person.page
    await page.goto("/#/login")
    await page.get_by_label("Character or account name").fill(name)
    await page.get_by_label("Password", exact=True).fill(password)
    await page.get_by_role("button", name="Log in").click()


async def test_the_age_statement_made_later_opens_the_ratings(crowd: Crowd) -> None:
    person = await crowd.person("Late")
    # An account made without the statement, as a program (or the IRC gateway) may.
    answer = await person.context.request.post(
        "/api/v1/accounts",
        data={"name": person.name, "password": PASSWORD, "born": BORN, "attest": False},
    )
    assert answer.status == 201, await answer.text()
    await person.context.clear_cookies()
    await log_in(person, person.name)
    await person.wait_lobby()

    page = person.page
    await page.goto("/#/settings")
    adult = page.get_by_label("Adult", exact=True)
    await expect(adult).to_be_disabled()
    await expect(page.locator("blockquote")).to_contain_text("I am at least 18 years old")
    await page.get_by_role("button", name="I confirm this statement").click()
    await expect(adult).to_be_enabled()
    await expect(page.get_by_role("button", name="I confirm this statement")).to_have_count(0)
    await adult.check()
    await page.get_by_role("button", name="Save privacy settings").click()
    await expect(page.get_by_text("Saved.", exact=True)).to_be_visible()
    await page.reload()
    await expect(page.get_by_label("Adult", exact=True)).to_be_checked()


async def test_logging_out_another_browser_closes_it(crowd: Crowd) -> None:
    alice = await crowd.signed_up("Alice")
    elsewhere = await crowd.person("Elsewhere")
    await log_in(elsewhere, alice.name)
    await elsewhere.wait_lobby()

    page = alice.page
    await page.goto("/#/settings")
    sessions = page.locator(".session")
    await expect(sessions).to_have_count(2)
    await expect(sessions.filter(has_text="This browser")).to_have_count(1)
    other = sessions.filter(has_not_text="This browser")
    await other.get_by_role("button", name="Log out").click()
    await expect(page.get_by_text("That session is logged out.")).to_be_visible()
    await expect(sessions).to_have_count(1)

    # The other browser's socket is closed by the server; its page says so and signs out.
    await expect(elsewhere.page.get_by_role("heading", name="Log in to Boudoir")).to_be_visible()
    await expect(elsewhere.page.locator("#toast")).to_contain_text("ended this session")
    await expect(elsewhere.sidebar).to_be_hidden()
    # Its cookie no longer works: a reload still asks to log in.
    await elsewhere.page.reload()
    await expect(elsewhere.page.get_by_role("heading", name="Log in to Boudoir")).to_be_visible()
    # The first browser goes on.
    await alice.join("after-logout")
    await alice.send("still here")


async def test_export_downloads_the_accounts_data(crowd: Crowd, tmp_path: Path) -> None:
    alice = await crowd.signed_up("Alice")
    page = alice.page
    await page.goto("/#/settings")
    async with page.expect_download() as waiting:
        await page.get_by_role("link", name="Download my data (JSON)").click()
    download = await waiting.value
    assert download.suggested_filename.endswith(".json")
    saved = tmp_path / "export.json"
    await download.save_as(saved)
    document = json.loads(saved.read_text(encoding="utf-8"))
    assert alice.name in json.dumps(document)


async def test_erasing_the_account_asks_first_and_returns_to_sign_up(crowd: Crowd) -> None:
    alice = await crowd.signed_up("Alice")
    page = alice.page
    await page.goto("/#/settings")
    password = page.get_by_label("Password, to confirm")
    erase = page.get_by_role("button", name="Erase my account now")

    # A wrong password: asked, refused with the server's words, nothing erased.
    await password.fill("not-my-password")
    await erase.click()
    await page.get_by_role("button", name="Yes, erase everything").click()
    await expect(page.locator(".form-message.error")).not_to_be_empty()
    await expect(erase).to_be_focused()

    # Changing one's mind: Escape (or "Keep my account") goes back.
    await password.fill(PASSWORD)
    await erase.click()
    confirm = page.get_by_role("button", name="Yes, erase everything")
    await expect(confirm).to_be_focused()
    await expect(page.get_by_role("group", name=re.compile(f"Erase {alice.name}"))).to_be_visible()
    await page.keyboard.press("Escape")
    await expect(confirm).to_have_count(0)
    await expect(erase).to_be_focused()

    await erase.click()
    await page.get_by_role("button", name="Yes, erase everything").click()
    await expect(page.get_by_role("heading", name="Join Boudoir")).to_be_visible()
    await expect(alice.sidebar).to_be_hidden()

    # The name no longer logs in; the page shows the server's own refusal.
    refusal = await alice.context.request.post(
        "/api/v1/session", data={"name": alice.name, "password": PASSWORD}
    )
    expected = (await refusal.json())["error"]["message"]
    await log_in(alice, alice.name)
    await expect(page.locator("#main").get_by_role("alert")).to_have_text(expected)
