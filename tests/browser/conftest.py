"""Fixtures for the browser tests: one real ``boudoir serve`` (web and plain IRC listeners)
per module, and Debian's Chromium driven by Playwright, one browser per test.

Playwright's own browser download does not work here, so the tests drive /usr/bin/chromium.
Without it they fail under CI=true and are skipped elsewhere, with the reason.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio
from playwright.async_api import Browser, async_playwright

from integration.server import Servers, boudoir_environment

from .people import BrowserServer, Crowd

CHROMIUM = Path("/usr/bin/chromium")

LOOPBACK_LIMITS = {
    "BOUDOIR_IRC_MAX_CONNECTIONS_PER_ADDRESS": "1000",
    "BOUDOIR_IRC_CONNECT_BURST": "1000",
    "BOUDOIR_SIGNUPS_PER_ADDRESS_PER_HOUR": "1000",
    "BOUDOIR_SIGNUPS_PER_MINUTE": "1000",
    "BOUDOIR_WEB_MAX_CONNECTIONS_PER_ADDRESS": "1000",
    "BOUDOIR_WEB_MAX_SOCKETS_PER_ADDRESS": "1000",
}
"""Every client here comes from 127.0.0.1: lift the per-address connection and sign-up
limits."""


CHROMIUM_ARGS = [
    "--no-sandbox",
    # Calls and cams: a synthetic camera and microphone (a test pattern and a beep), and the
    # browser's own permission prompt answered yes. Nothing asks for them unless a test's
    # person clicks Call, Accept or Broadcast, so every other test is unaffected.
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
]


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is missing: install Debian's chromium package (scripts/test does)"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserServer]:
    """A server shared by one module's tests; each test uses people and rooms of its own."""
    _require_chromium()
    scratch = tmp_path_factory.mktemp("browser")
    servers = Servers(scratch)
    try:
        process = servers.start(
            scratch / "data",
            *("--irc-port", "auto"),
            *("--telnet-port", "auto"),
            environment=boudoir_environment(**LOOPBACK_LIMITS),
        )
        yield BrowserServer(process, scratch / "data")
    finally:
        servers.close_all()


@pytest_asyncio.fixture
async def browser() -> AsyncIterator[Browser]:
    _require_chromium()
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            await launched.close()


@pytest_asyncio.fixture
async def crowd(server: BrowserServer, browser: Browser) -> AsyncIterator[Crowd]:
    """Opens people's browsers for one test and checks, at the end, that no page raised an
    error, broke the Content-Security-Policy or opened a dialog."""
    people = Crowd(server, browser)
    try:
        yield people
        people.check_clean()
    finally:
        await people.close_all()
