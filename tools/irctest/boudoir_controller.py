"""An irctest controller for Boudoir: `pytest --controller boudoir_controller` with this
folder on PYTHONPATH (scripts/irctest does both).

irctest (https://github.com/progval/irctest, the conformance suite Ergo and InspIRCd run) starts
a fresh server for every test. This controller runs `boudoir serve` on a new data directory
with only the IRC listener, on the port irctest chose, on 127.0.0.1, with the flood and sign-up
limits raised (irctest's clients connect often and send fast; Ergo's controller does the same).

Boudoir has no anonymous users: a connection that does not log in is a guest who may only log in
or register (docs/irc.md, "Logging in"). irctest's clients are plain NICK/USER clients, so:

- every nick a client asks for gets an account of that name (made with `boudoir account
  create`, the operator's command, before the server starts for the nicks irctest's tests use
  most, and at once for any other), all with one password;
- a client that neither sends PASS, starts SASL nor asks for draft/account-registration sends
  `PASS <that password>` just before its first NICK: Boudoir's PASS logs in with the nick as the
  login name (RFC 2812 section 3.1.1 puts PASS before NICK). A test that logs in or registers by
  itself is left alone.

`BOUDOIR_IRCTEST_GUESTS=1` turns the second part off, to see what irctest's clients meet as
guests. `registerUser` (irctest's hook for tests that need an account with a given password)
creates the account with `boudoir account create`, or sets the password of one made earlier; a
password Boudoir refuses (shorter than 8 characters, or guessable: irctest uses "sesame") fails
the test with Boudoir's reason.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from irctest import patma
from irctest.basecontrollers import (
    BaseServerController,
    DirectoryBasedController,
    NotImplementedByController,
)
from irctest.client_mock import ClientMock
from irctest.specifications import Capabilities, OptionalBehaviors

PASSWORD = "irctest-Plover-Quartz-Lantern-91"
"""The password of every account the controller makes (long, not guessable: Boudoir's checks
refuse weaker ones)."""

BORN = "1990-01-01"
OPER_NAME = "operuser"
OPER_PASSWORD = "operpassword"  # irctest's

COMMON_NICKS = (
    "foo", "bar", "baz", "qux", "chanop", "nick", "nick1", "nick2", "nick3", "alice", "bob",
    "carol", "charlie", "dave", "evan", "user", "user2", "user3", "user4", "nonweb", "shivaram",
    "joiner", "usernick", "schmoe", "otherNick", "mallory", "joe", "ircop", "userOne", "userTwo",
    "unrelated", "unprivileged", "sender", "second", "first", "root", "modegettr", "guest1",
    "guest2", "guest3", "curious", "chk", "check", "buzz", "Claire", "chkNS", "jilles",
    "testuser", "observer", "other", "val", "coolAcct", "carmen", "Scramtest",
)  # fmt: skip
"""Nicks irctest's server tests connect with most (from its `connectClient` calls): their
accounts are made once, in a template data directory that each test's server starts from."""

SETTINGS = """\
host = "127.0.0.1"
irc_port = {irc_port}
irc_tls_port = {irc_tls_port}
web_port = 0
telnet_port = 0
telnet_tls_port = 0
log_level = "{log_level}"
server_name = "My.Little.Server"
account_sync_seconds = 0.1
shutdown_timeout_seconds = 1.0
irc_command_burst = 100000
irc_command_rate = 100000.0
irc_max_connections_per_address = 1000
irc_connect_burst = 1000
irc_connect_rate = 1000.0
signups_per_address_per_hour = 1000
signups_per_minute = 1000
"""


def _boudoir(*arguments: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run Boudoir's CLI from this interpreter's environment. BOUDOIR_* variables are left out,
    so that an operator's own settings (a data directory, a database URL) never reach the test
    server."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("BOUDOIR_")}
    return subprocess.run(
        [sys.executable, "-m", "boudoir", *arguments],
        input=stdin,
        capture_output=True,
        text=True,
        env=environ,
        check=False,
    )


def _create_account(
    data_dir: Path, name: str, password: str, *options: str
) -> subprocess.CompletedProcess[str]:
    return _boudoir(
        "account",
        "create",
        name,
        *options,
        "--data-dir",
        str(data_dir),
        "--born",
        BORN,
        "--password-file",
        "-",
        stdin=password + "\n",
    )


def _make_template() -> tuple[Path, dict[str, bool]]:
    """A migrated data directory holding the accounts of COMMON_NICKS, and which of them
    Boudoir took (it refuses reserved names such as "root"). Made once, when irctest loads the
    controller: a minute of CLI runs that must not count against any one test's time limit."""
    root = Path(tempfile.mkdtemp(prefix="boudoir-irctest-template-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    data_dir = root / "data"
    done = _boudoir("migrate", "--data-dir", str(data_dir))
    if done.returncode != 0:
        raise RuntimeError(f"boudoir migrate failed: {done.stderr}")
    # irctest's tests become an operator with `OPER operuser operpassword`.
    done = _create_account(data_dir, OPER_NAME, OPER_PASSWORD, "--operator")
    if done.returncode != 0:
        raise RuntimeError(f"boudoir account create {OPER_NAME}: {done.stderr}")
    made: dict[str, bool] = {OPER_NAME: False}
    for name in COMMON_NICKS:
        if name.casefold() not in made:
            made[name.casefold()] = _create_account(data_dir, name, PASSWORD).returncode == 0
    return data_dir, made


_running: set[BoudoirController] = set()


@atexit.register
def _stop_leftovers() -> None:
    """Stop servers whose test never reached its tearDown: unittest skips tearDown when setUp
    raises, as irctest's does for a test it skips after starting the server, or when a time
    limit hits it. irctest runs one test at a time, so a new test stops them too."""
    for controller in list(_running):
        controller.kill()


class BoudoirController(BaseServerController, DirectoryBasedController):
    software_name = "Boudoir"
    _port_wait_interval = 0.05
    supported_sasl_mechanisms = {"PLAIN"}  # noqa: RUF012 (irctest's own attribute types)
    supports_sts = False

    capabilities = frozenset(
        {
            Capabilities.ACCOUNT_NOTIFY,
            Capabilities.ACCOUNT_TAG,
            Capabilities.AWAY_NOTIFY,
            Capabilities.BATCH,
            Capabilities.ECHO_MESSAGE,
            Capabilities.EXTENDED_JOIN,
            Capabilities.LABELED_RESPONSE,
            Capabilities.MESSAGE_TAGS,
            Capabilities.MULTI_PREFIX,
            Capabilities.SERVER_TIME,
            Capabilities.SETNAME,
        }
    )

    # What Boudoir advertises (CHANMODES=beI,..., ELIST=MNU, TARGMAX): irctest fails, rather
    # than skips, a test of one of these that the server does not do.
    optional_behaviors = frozenset(
        {
            OptionalBehaviors.BAN_EXCEPTION_MODE,
            OptionalBehaviors.INVITE_EXCEPTION_MODE,
            OptionalBehaviors.ELIST_M,
            OptionalBehaviors.ELIST_N,
            OptionalBehaviors.ELIST_U,
            OptionalBehaviors.MULTI_JOIN,
            OptionalBehaviors.MULTI_KICK,
            OptionalBehaviors.MULTI_PRIVMSG,
        }
    )

    isupport = {  # noqa: RUF012
        "CASEMAPPING": "rfc8265",
        "ELIST": "MNU",
        "INVEX": "I",
        "MONITOR": patma.ANYSTR,
        "MSGREFTYPES": "msgid,timestamp",
        "PREFIX": "(ov)@+",
        "TARGMAX": patma.ANYSTR,
        "UTF8ONLY": None,
        "WHOX": None,
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.data_dir: Path | None = None
        self.accounts: dict[str, bool] = {}
        """Casefolded names of accounts made in this server's data directory: True when their
        password is PASSWORD."""

    def run(
        self,
        hostname: str,
        port: int,
        *,
        password: str | None,
        ssl: bool,
        run_services: bool,
        faketime: str | None,
        websocket_hostname: str | None = None,
        websocket_port: int | None = None,
    ) -> None:
        if password is not None:
            raise NotImplementedByController(
                "server password (Boudoir's PASS is a login to an account)"
            )
        if websocket_port is not None:
            raise NotImplementedByController("IRC over WebSocket")
        assert self.proc is None
        _stop_leftovers()
        self.create_config()
        assert self.directory is not None
        self.port = port
        self.hostname = hostname
        self.data_dir = self.directory / "data"
        template, made = TEMPLATE
        shutil.copytree(template, self.data_dir)
        self.accounts = dict(made)
        config = self.directory / "boudoir.toml"
        config.write_text(
            SETTINGS.format(
                irc_port=0 if ssl else port,
                irc_tls_port=port if ssl else 0,
                log_level="debug" if self.debug_mode else "warning",
            ),
            encoding="utf-8",
        )
        environ = {k: v for k, v in os.environ.items() if not k.startswith("BOUDOIR_")}
        self.proc = self.execute(
            [
                sys.executable,
                "-m",
                "boudoir",
                "serve",
                "--config",
                str(config),
                "--data-dir",
                str(self.data_dir),
            ],
            proc_name="boudoir",
            env=environ,
        )
        _running.add(self)
        _Login.controller = self

    def kill(self) -> None:
        if _Login.controller is self:
            _Login.controller = None
        _running.discard(self)
        super().kill()

    def wait_for_services(self) -> None:
        """NickServ and the other services are part of the server: up once it listens."""

    def ensure_account(self, nick: str) -> bool:
        """Whether ``nick`` is an account whose password is PASSWORD, making it if need be."""
        key = nick.casefold()
        if key not in self.accounts:
            assert self.data_dir is not None
            done = _create_account(self.data_dir, nick, PASSWORD)
            # Refused (not a valid name, a look-alike of another): the client stays a guest.
            self.accounts[key] = done.returncode == 0
        return self.accounts[key]

    def registerUser(
        self,
        case: Any,
        username: str,
        password: str | None = None,
    ) -> None:
        assert password is not None
        assert self.data_dir is not None
        key = username.casefold()
        if key in self.accounts:
            done = _boudoir(
                "account",
                "set-password",
                username,
                "--data-dir",
                str(self.data_dir),
                "--password-file",
                "-",
                stdin=password + "\n",
            )
        else:
            done = _create_account(self.data_dir, username, password)
        if done.returncode != 0:
            raise AssertionError(
                f"Boudoir refused the account {username!r} with password {password!r}: "
                f"{done.stderr.strip()}"
            )
        self.accounts[key] = password == PASSWORD


class _Login:
    """Sends ``PASS`` before the first NICK of each irctest client that does not log in by
    itself (see the module's docstring)."""

    controller: BoudoirController | None = None
    original_send_line = ClientMock.sendLine

    @staticmethod
    def send_line(client: ClientMock, line: str | bytes) -> None:
        text = line.decode("utf-8", "replace") if isinstance(line, bytes) else line
        words = text.split(maxsplit=2)
        command = words[0].upper() if words else ""
        controller = _Login.controller
        state = getattr(client, "_boudoir_login", None)
        if command in {"PASS", "AUTHENTICATE"} or (
            command == "CAP" and "draft/account-registration" in text
        ):
            # Logging in by itself, or about to register an account: left a guest.
            client._boudoir_login = "own"  # type: ignore[attr-defined]
        elif (
            command == "NICK"
            and state is None
            and len(words) >= 2
            and controller is not None
            and os.environ.get("BOUDOIR_IRCTEST_GUESTS", "") in ("", "0")
        ):
            nick = words[1].removeprefix(":").strip()
            if controller.ensure_account(nick):
                client._boudoir_login = "pass"  # type: ignore[attr-defined]
                _Login.original_send_line(client, f"PASS {PASSWORD}")
        _Login.original_send_line(client, line)


ClientMock.sendLine = _Login.send_line  # type: ignore[method-assign]
TEMPLATE = _make_template()


def get_irctest_controller_class() -> type[BoudoirController]:
    return BoudoirController
