"""People using Boudoir in a browser (one Playwright context each), and one on IRC.

A test reads like the session it checks: alice signs up, joins "parlour", says hello; bob
sees "Alice: hello". Every wait is Playwright's auto-waiting ``expect`` (or an IRC line with
a deadline); nothing sleeps.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from playwright.async_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Dialog,
    Locator,
    Page,
    ViewportSize,
    expect,
)

from integration.server import ServerProcess

ColorScheme = Literal["light", "dark"]
DESKTOP = ViewportSize(width=1280, height=720)
"""Playwright's default window; the screenshots are made at this size."""

PASSWORD = "correct-horse-battery-staple"
BORN = "1990-01-01"
IRC_WAIT = 10.0
"""Seconds to wait for an IRC line: milliseconds normally; only a failing test waits this long."""

_serial = itertools.count(1)

API_CALL = """
async ([method, path, body]) => {
  const session = await (await fetch("/api/v1/session")).json();
  const headers = { "X-CSRF-Token": session.csrf_token };
  if (body !== null) headers["Content-Type"] = "application/json";
  const payload = body === null ? undefined : JSON.stringify(body);
  const response = await fetch(path, { method, headers, body: payload });
  return response.status;
}
"""
"""A request from inside the page: the cookie and the session's CSRF token, as the client sends."""


def unique(prefix: str) -> str:
    """A name no other test of this server uses (names are 2 to 24 characters)."""
    return f"{prefix}{next(_serial)}"


@dataclass(frozen=True, slots=True)
class BrowserServer:
    process: ServerProcess
    data_dir: Path | None = None
    """The server's data directory, for the CLI (``boudoir account create --operator``)."""

    @property
    def url(self) -> str:
        return self.process.web

    @property
    def irc_port(self) -> int:
        port = urlsplit(self.process.listeners["irc"]).port
        assert port is not None
        return port

    @property
    def telnet_port(self) -> int:
        port = urlsplit(self.process.listeners["telnet"]).port
        assert port is not None
        return port


@dataclass
class Person:
    """One person in their own browser context (own cookies), with one page."""

    name: str
    context: BrowserContext
    page: Page
    problems: list[str] = field(default_factory=list)
    """Page errors, console errors (a CSP violation is one) and dialogs: all must stay empty."""

    def watch(self) -> None:
        def on_console(message: ConsoleMessage) -> None:
            # Chromium logs every 4xx answer, and the page shows each refusal to its reader
            # (a 401 is the page asking "am I logged in?"); 5xx and script errors count.
            if message.type == "error" and "with a status of 4" not in message.text:
                self.problems.append(f"console error: {message.text}")

        async def on_dialog(dialog: Dialog) -> None:
            self.problems.append(f"dialog {dialog.type}: {dialog.message}")
            await dialog.dismiss()

        self.page.on("console", on_console)
        self.page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        self.page.on("dialog", on_dialog)

    # --- places ---------------------------------------------------------------------------

    @property
    def main(self) -> Locator:
        return self.page.locator("#main")

    @property
    def log(self) -> Locator:
        return self.page.get_by_role("log")

    @property
    def sidebar(self) -> Locator:
        return self.page.get_by_role("navigation", name="Rooms and conversations")

    @property
    def composer(self) -> Locator:
        return self.page.locator("#composer")

    def message(self, text: str) -> Locator:
        """The message list's entries holding ``text``."""
        return self.log.locator("li.item", has_text=text)

    # --- actions --------------------------------------------------------------------------

    async def sign_up(self) -> None:
        page = self.page
        await page.goto("/#/signup")
        await page.get_by_label("Name", exact=True).fill(self.name)
        await page.get_by_label("Password", exact=True).fill(PASSWORD)
        await page.get_by_label("Date of birth").fill(BORN)
        await page.get_by_label(re.compile("I am at least 18 years old")).check()
        await page.get_by_role("button", name="Create account").click()
        await self.wait_lobby()

    async def log_in(self) -> None:
        """Log in with the name and the tests' password (an account made elsewhere)."""
        page = self.page
        await page.goto("/#/login")
        await page.get_by_label("Character or account name").fill(self.name)
        await page.get_by_label("Password", exact=True).fill(PASSWORD)
        await page.get_by_role("button", name="Log in").click()
        await self.wait_lobby()

    async def wait_lobby(self) -> None:
        await expect(self.page.get_by_role("heading", name="Lobby", exact=True)).to_be_visible()
        await expect(self.page.locator("#connection")).to_have_text("")

    async def join(self, room: str) -> None:
        """Join (or create) ``room`` from the lobby and wait for its view."""
        await self.page.goto("/#/lobby")
        await self.wait_lobby()
        await self.page.get_by_label("Room name").fill(room)
        await self.page.get_by_role("button", name="Join or create").click()
        await expect(self.page.get_by_role("heading", name=f"#{room}")).to_be_visible()

    async def send(self, text: str, *, refused: bool = False) -> None:
        """Type ``text`` into the composer and press Enter; unless ``refused``, wait until it
        has left the box."""
        await self.composer.fill(text)
        await self.composer.press("Enter")
        if not refused:
            await expect(self.composer).to_have_value("")

    async def api(self, method: str, path: str, body: object = None) -> int:
        """Call the HTTP API from this person's page, with its session and CSRF token, for
        what a test only sets up (a friend, a block); returns the status, failing on 5xx."""
        status = await self.page.evaluate(API_CALL, [method, path, body])
        assert isinstance(status, int), (method, path, status)
        assert status < 500, (method, path, status)
        return status

    async def set_dm_policy(self, label: str) -> None:
        page = self.page
        await page.goto("/#/settings")
        await page.get_by_label("Who may send me direct messages").select_option(label=label)
        await page.get_by_role("button", name="Save privacy settings").click()
        await expect(page.get_by_text("Saved.", exact=True)).to_be_visible()


async def tab_to(page: Page, target: Locator, *, most: int) -> None:
    """Press Tab until ``target`` has the focus, at most ``most`` times, as a keyboard user
    would; fail if it never gets it."""
    for _ in range(most):
        await page.keyboard.press("Tab")
        if await target.evaluate("element => element === document.activeElement"):
            return
    await expect(target).to_be_focused(timeout=1)


class Crowd:
    """Opens people's browsers for one test; closes them all at the end."""

    def __init__(self, server: BrowserServer, browser: Browser) -> None:
        self.server = server
        self.browser = browser
        self.people: list[Person] = []

    async def person(
        self,
        prefix: str,
        *,
        viewport: ViewportSize | None = None,
        color_scheme: ColorScheme | None = None,
        name: str | None = None,
        touch: bool = False,
    ) -> Person:
        """A new person named ``prefix`` plus a number (or exactly ``name``), with a fresh
        context, not signed up: a desktop window (or ``viewport``), the system's theme
        ``color_scheme``; with ``touch``, a phone's touch screen (no hover)."""
        context = await self.browser.new_context(
            base_url=self.server.url,
            locale="en-US",
            timezone_id="UTC",
            viewport=viewport or DESKTOP,
            color_scheme=color_scheme or "light",
            has_touch=touch,
            is_mobile=touch,
        )
        context.set_default_timeout(10_000)
        page = await context.new_page()
        person = Person(name or unique(prefix), context, page)
        person.watch()
        self.people.append(person)
        return person

    async def signed_up(
        self,
        prefix: str,
        *,
        viewport: ViewportSize | None = None,
        color_scheme: ColorScheme | None = None,
    ) -> Person:
        person = await self.person(prefix, viewport=viewport, color_scheme=color_scheme)
        await person.sign_up()
        return person

    def check_clean(self) -> None:
        self.check_clean_except()

    def check_clean_except(self, *expected: str) -> None:
        """Fail on any page problem, except those holding one of ``expected``."""
        problems = [
            f"{person.name}: {problem}"
            for person in self.people
            for problem in person.problems
            if not any(text in problem for text in expected)
        ]
        assert not problems, "\n".join(problems)

    async def close_all(self) -> None:
        for person in self.people:
            await person.context.close()


class IrcPerson:
    """Someone on plain IRC: a raw asyncio stream, registered through NickServ."""

    def __init__(
        self, name: str, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self.name = name
        self._reader = reader
        self._writer = writer
        self.lines: list[str] = []

    @classmethod
    async def register(cls, port: int, name: str) -> IrcPerson:
        """Connect, register the nick ``name`` and make it an account with NickServ REGISTER."""
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        person = cls(name, reader, writer)
        person.send(f"NICK {name}", f"USER {name} 0 * :{name}")
        await person.expect(" 001 ")
        person.send(f"PRIVMSG NickServ :REGISTER {PASSWORD} {BORN}")
        await person.expect("created")
        return person

    def send(self, *lines: str) -> None:
        self._writer.write(b"".join(line.encode() + b"\r\n" for line in lines))

    async def expect(self, fragment: str) -> str:
        """Read lines until one holds ``fragment`` (answering PINGs); fail after IRC_WAIT."""
        try:
            async with asyncio.timeout(IRC_WAIT):
                while True:
                    raw = await self._reader.readline()
                    if not raw:
                        break
                    line = raw.decode("utf-8", "replace").rstrip("\r\n")
                    self.lines.append(line)
                    if line.startswith("PING "):
                        self.send("PONG " + line[5:])
                    if fragment in line:
                        return line
        except TimeoutError:
            pass
        shown = "\n".join(self.lines[-20:])
        raise AssertionError(f"{self.name} never got {fragment!r}; last lines:\n{shown}")

    async def close(self) -> None:
        self.send("QUIT :bye")
        self._writer.close()
        with contextlib.suppress(ConnectionError):
            await self._writer.wait_closed()
