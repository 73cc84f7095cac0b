"""The socket comes back by itself after the server goes away, and rejoins the open rooms."""

from __future__ import annotations

import re
import signal
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.async_api import Browser, expect

from integration.server import Servers, boudoir_environment

from .conftest import LOOPBACK_LIMITS
from .people import BrowserServer, Crowd, unique

pytestmark = pytest.mark.slow

RECONNECTED_WITHIN_MS = 15_000
"""The first retry comes after 1 to 1.25 s and the next after 2 to 2.5 s; the server takes
about a second to start again. Only a failing test waits this long."""


@pytest.fixture
def own_servers(tmp_path: Path) -> Iterator[Servers]:
    started = Servers(tmp_path)
    try:
        yield started
    finally:
        started.close_all()


async def test_the_browser_reconnects_and_rejoins_its_room(
    own_servers: Servers, browser: Browser, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    environment = boudoir_environment(**LOOPBACK_LIMITS)
    first = own_servers.start(data, "--irc-port", "auto", environment=environment)
    crowd = Crowd(BrowserServer(first), browser)
    try:
        alice = await crowd.signed_up("Alice")
        room = unique("hearth")
        await alice.join(room)
        await alice.send("before the outage")
        # Delivered (echoed) before the crash: a line still in flight would rightly be "Not sent".
        await expect(alice.message("before the outage")).to_be_visible()

        # A crash, not a shutdown: the socket just drops.
        first.stop(signal.SIGKILL)
        indicator = alice.page.locator("#connection")
        await expect(indicator).to_have_text(re.compile("Reconnecting"))

        port = str(urlsplit(first.web).port)
        own_servers.start(data, "--web-port", port, environment=environment)
        await expect(indicator).to_have_text("", timeout=RECONNECTED_WITHIN_MS)
        members = alice.page.locator(".members")
        await expect(members).to_contain_text(alice.name)
        await alice.send("after the outage")
        await expect(alice.message("after the outage")).to_be_visible()
        await expect(alice.message("before the outage")).to_be_visible()
        # Chromium logs the refused retries while the server is down.
        crowd.check_clean_except("WebSocket connection to")
    finally:
        await crowd.close_all()
