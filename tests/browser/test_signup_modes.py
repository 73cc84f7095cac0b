"""The sign-up page on a server that makes accounts by invitation, then one that needs
approval: the form shows an "Invitation code" field only where a code is needed, a wrong code
is refused in words, the right one signs up; with approval the page says the account waits."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator

import pytest
from playwright.async_api import Browser, expect

from integration.server import Servers, boudoir_command, boudoir_environment

from .conftest import LOOPBACK_LIMITS, _require_chromium
from .people import BORN, PASSWORD, BrowserServer, Crowd, Person


def _serve(tmp_path_factory: pytest.TempPathFactory, mode: str) -> Iterator[BrowserServer]:
    _require_chromium()
    scratch = tmp_path_factory.mktemp(f"signup-{mode}")
    servers = Servers(scratch)
    try:
        process = servers.start(
            scratch / "data",
            *("--signup-mode", mode),
            environment=boudoir_environment(**LOOPBACK_LIMITS),
        )
        yield BrowserServer(process, scratch / "data")
    finally:
        servers.close_all()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserServer]:
    yield from _serve(tmp_path_factory, "invitation")


def invitation_code(server: BrowserServer) -> str:
    command = boudoir_command("invite", "create", "--data-dir", str(server.data_dir))
    made = subprocess.run(
        command, capture_output=True, text=True, env=boudoir_environment(), timeout=60, check=True
    )
    return made.stdout.strip()


async def fill_sign_up(person: Person, code: str | None) -> None:
    page = person.page
    await page.goto("/#/signup")
    field = page.get_by_label("Invitation code")
    if code is None:
        await expect(page.get_by_text("New accounts here wait")).to_be_visible()
        await expect(field).to_be_hidden()
    else:
        await expect(field).to_be_visible()
        await field.fill(code)
    await page.get_by_label("Name", exact=True).fill(person.name)
    await page.get_by_label("Password", exact=True).fill(PASSWORD)
    await page.get_by_label("Date of birth").fill(BORN)
    await page.get_by_label(re.compile("I am at least 18 years old")).check()
    await page.get_by_role("button", name="Create account").click()


async def test_the_form_asks_for_the_code_and_signs_up_with_it(
    crowd: Crowd, server: BrowserServer
) -> None:
    wrong = await crowd.person("wren")
    await fill_sign_up(wrong, "AAAA-BBBB-CCCC-DDDD")
    await expect(wrong.page.get_by_role("alert")).to_have_text(
        "That invitation code is not known here: check that it is typed right."
    )
    right = await crowd.person("rook")
    await fill_sign_up(right, invitation_code(server))
    await right.wait_lobby()
    crowd.check_clean_except("403")


@pytest.fixture(scope="module")
def approval_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserServer]:
    yield from _serve(tmp_path_factory, "approval")


async def test_with_approval_the_page_says_the_account_waits(
    approval_server: BrowserServer, browser: Browser
) -> None:
    crowd = Crowd(approval_server, browser)
    try:
        person = await crowd.person("moss")
        page = person.page
        await fill_sign_up(person, None)
        await expect(page.locator("form [role=status]")).to_have_text(
            "Your account is made. It waits for an operator's approval: you can log in once "
            "it is approved."
        )
        await page.goto("/#/login")
        await page.get_by_label("Character or account name").fill(person.name)
        await page.get_by_label("Password", exact=True).fill(PASSWORD)
        await page.get_by_role("button", name="Log in").click()
        await expect(page.get_by_role("alert")).to_have_text(
            "Your account is waiting for an operator's approval: you can log in once it is "
            "approved."
        )
        crowd.check_clean_except("403")
    finally:
        await crowd.close_all()
