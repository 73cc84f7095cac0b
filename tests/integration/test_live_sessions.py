"""What a running server does with live sessions: it notices changes the CLI makes to their
accounts (an erase ends them), and tells and ends them when it shuts down.

The server side runs in the test's loop over the real SQLite store; the CLI runs as its own
process against the same data directory, as an operator would run it.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import time
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import pytest_asyncio

from boudoir.app import Core, open_core, sync_accounts_forever
from boudoir.core.account_sync import ACCOUNT_ERASED, PASSWORD_CHANGED
from boudoir.core.registry import Connection
from boudoir.domain.errors import AwaitingApproval
from boudoir.domain.events import SessionClosed
from boudoir.domain.invitations import SignupMode
from boudoir.gateways.telnet import TelnetGateway, TelnetLimits
from boudoir.settings import Settings
from boudoir.testing.harness import RecordingSession

from .server import boudoir_command, boudoir_environment

SYNC_SECONDS = 0.2
PASSWORD = "correct horse battery"
CLI_TIMEOUT = 60.0


@pytest_asyncio.fixture
async def core(tmp_path: Path) -> AsyncIterator[Core]:
    async with open_core(Settings(data_dir=tmp_path / "data"), migrate=True) as opened:
        yield opened


async def log_in(core: Core, name: str) -> tuple[RecordingSession, Connection]:
    world = core.world
    await world.accounts.register(name, PASSWORD, dt.date(1990, 5, 17))
    account = await world.accounts.authenticate(name, PASSWORD)
    session = RecordingSession()
    return session, await world.connect(session, account)


async def cli(core: Core, *arguments: str) -> None:
    command = boudoir_command(*arguments, "--data-dir", str(core.settings.data_dir))
    process = await asyncio.create_subprocess_exec(
        *command,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=boudoir_environment(),
    )
    _, stderr = await asyncio.wait_for(process.communicate(), CLI_TIMEOUT)
    assert process.returncode == 0, stderr.decode()


def account_changes(core: Core) -> asyncio.Event:
    """Set when the server learns of a change to a live account (after it has acted on it)."""
    changed = asyncio.Event()
    core.world.accounts.add_listener(lambda account_id, account: changed.set())
    return changed


@pytest.mark.slow
async def test_erase_from_the_cli_ends_live_sessions_within_the_sync_interval(
    core: Core,
) -> None:
    session, connection = await log_in(core, "alice")
    changed = account_changes(core)
    async with asyncio.TaskGroup() as tasks:
        sync = tasks.create_task(sync_accounts_forever(core.world, SYNC_SECONDS))
        await cli(core, "account", "erase", "alice", "--yes")
        erased_at = time.monotonic()
        async with asyncio.timeout(10 * SYNC_SECONDS):
            await changed.wait()
        waited = time.monotonic() - erased_at
        sync.cancel()
    assert waited < SYNC_SECONDS + 0.5, "one sync interval, and the sync itself"
    assert session.closed == ACCOUNT_ERASED
    assert any(isinstance(e, SessionClosed) for e in session.events)
    assert connection.id not in core.world.registry.connections


@pytest.mark.slow
async def test_a_password_set_from_the_cli_ends_every_session_within_the_sync_interval(
    core: Core, tmp_path: Path
) -> None:
    session, connection = await log_in(core, "alice")
    token, _ = await core.world.logins.start(connection.account.id, "Firefox on Linux")
    password_file = tmp_path / "new-password"
    password_file.write_text("a brand new secret\n", encoding="utf-8")
    changed = account_changes(core)
    async with asyncio.TaskGroup() as tasks:
        sync = tasks.create_task(sync_accounts_forever(core.world, SYNC_SECONDS))
        await cli(core, "account", "set-password", "alice", "--password-file", str(password_file))
        async with asyncio.timeout(10 * SYNC_SECONDS):
            await changed.wait()
        sync.cancel()
    assert session.closed == PASSWORD_CHANGED
    assert connection.id not in core.world.registry.connections
    assert await core.world.logins.resolve(token) is None, "the browser is logged out"


@pytest.mark.slow
async def test_attest_from_the_cli_reaches_the_live_connection(core: Core) -> None:
    _, connection = await log_in(core, "alice")
    assert not connection.account.attested
    changed = account_changes(core)
    async with asyncio.TaskGroup() as tasks:
        sync = tasks.create_task(sync_accounts_forever(core.world, SYNC_SECONDS))
        await cli(core, "account", "attest", "alice")
        async with asyncio.timeout(10 * SYNC_SECONDS):
            await changed.wait()
        sync.cancel()
    assert connection.account.attested


async def test_shutdown_tells_and_ends_every_session(core: Core) -> None:
    alice, _ = await log_in(core, "alice")
    bob, _ = await log_in(core, "bob")
    core.world.end_sessions("The server is shutting down.")
    for session in (alice, bob):
        assert session.closed == "The server is shutting down."
        closing = [e for e in session.events if isinstance(e, SessionClosed)]
        assert [e.reason for e in closing] == ["The server is shutting down."]
    assert core.world.registry.connections == {}


async def test_sync_keeps_going_after_a_failure(
    core: Core, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    calls = 0
    recovered = asyncio.Event()

    async def flaky() -> None:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise OSError("database briefly away")
        recovered.set()

    monkeypatch.setattr(core.world, "sync_accounts", flaky)
    with caplog.at_level(logging.ERROR, logger="boudoir.app"):
        async with asyncio.TaskGroup() as tasks:
            sync = tasks.create_task(sync_accounts_forever(core.world, 0.01))
            async with asyncio.timeout(5):
                await recovered.wait()
            sync.cancel()
    assert "account sync failed" in caplog.text


@contextlib.asynccontextmanager
async def telnet_over(core: Core) -> AsyncIterator[int]:
    """A telnet gateway on a free port of 127.0.0.1 over the server's world: its port."""
    gateway = TelnetGateway(
        core.world,
        host="127.0.0.1",
        port=0,
        server_name="boudoir.local",
        welcome="Welcome.",
        limits=TelnetLimits(),
        shutdown_timeout_seconds=1,
    )
    port = urlsplit(await gateway.start()).port
    assert port is not None
    running = asyncio.create_task(gateway.run())
    try:
        yield port
    finally:
        gateway.close("test over")
        await running


async def cli_output(core: Core, *arguments: str) -> str:
    command = boudoir_command(*arguments, "--data-dir", str(core.settings.data_dir))
    process = await asyncio.create_subprocess_exec(
        *command,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=boudoir_environment(),
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(), CLI_TIMEOUT)
    assert process.returncode == 0, stderr.decode()
    return stdout.decode()


@pytest.mark.slow
async def test_codes_made_and_approvals_given_by_the_cli_work_on_the_running_server(
    core: Core,
) -> None:
    from .telnet.harness import TelnetPerson

    async with telnet_over(core) as port:

        async def create(name: str, code: str | None = None) -> str:
            person = await TelnetPerson.connect(port, name)
            try:
                await person.expect("connect <name> <password>")
                person.send(f"create {name} {PASSWORD}")
                if code is not None:
                    await person.command(code, "Your date of birth")
                else:
                    await person.expect("Your date of birth")
                await person.command("1990-05-17", 'Type "I agree"')
                person.send("I agree")
                said = await person.expect(r"is made\.[\s\S]*?\n", regex=True)
                return " ".join(said.split())
            finally:
                person.writer.close()

        async def connect(name: str) -> str:
            person = await TelnetPerson.connect(port, name)
            try:
                await person.expect("connect <name> <password>")
                person.send(f"connect {name} {PASSWORD}")
                said = await person.expect(rf"You are {name}\.|approved\.", regex=True)
                return " ".join(said.split())
            finally:
                person.writer.close()

        core.world.accounts.signup_mode = SignupMode.INVITATION
        code = (await cli_output(core, "invite", "create")).strip()
        assert "Welcome, alice. Your account is made." in await create("alice", code)

        core.world.accounts.signup_mode = SignupMode.APPROVAL
        assert "waits for an operator's approval" in await create("bob")
        assert (await connect("bob")).endswith(AwaitingApproval.default_message)
        assert "bob" in await cli_output(core, "account", "list", "--pending")
        await cli(core, "account", "approve", "bob")
        assert (await connect("bob")).endswith("You are bob.")
