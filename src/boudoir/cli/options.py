"""What every ``boudoir`` command shares: the options for where the data lives and what the
server listens on (kept as given and parsed by ``settings.load_settings``), running a command
over the core with expected failures as one red line, and reading a password.

Imports click, ``boudoir.settings`` and ``boudoir.domain``; ``boudoir.app`` and the core only
inside the functions that need them.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, TypeVar

import click

from boudoir.domain.entities import Account, Role
from boudoir.domain.errors import BoudoirError
from boudoir.settings import Settings, SettingsError, flag_name, load_settings

if TYPE_CHECKING:
    from boudoir.app import Core

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])

_FLAGS: Final = "boudoir.flags"
_CONFIG: Final = "boudoir.config"
DATE: Final = click.DateTime(formats=["%Y-%m-%d"])


class CommandFailed(click.ClickException):
    """An expected failure: one red line on standard error, exit status 1."""

    def show(self, file: IO[Any] | None = None) -> None:
        click.secho(f"Error: {self.format_message()}", fg="red", err=True)


# --- Settings from flags ------------------------------------------------------------------


def _remember_flag(ctx: click.Context, param: click.Parameter, value: object) -> None:
    if value is not None and param.name is not None:
        ctx.meta.setdefault(_FLAGS, {})[param.name] = value


def _remember_config(ctx: click.Context, param: click.Parameter, value: Path | None) -> None:
    if value is not None:
        ctx.meta[_CONFIG] = value


def _setting(name: str, metavar: str, help_text: str) -> Callable[[F], F]:
    """A flag for the setting ``name``: kept as given, and parsed with the environment and the
    config file by ``settings.load_settings``, so that every source reports errors alike."""
    return click.option(
        flag_name(name),
        name,
        metavar=metavar,
        help=help_text,
        callback=_remember_flag,
        expose_value=False,
    )


def data_options(command: F) -> F:
    """``--config``, ``--data-dir``, ``--database-url``: where the data lives."""
    for option in reversed(
        [
            click.option(
                "--config",
                type=click.Path(dir_okay=False, path_type=Path),
                metavar="FILE",
                help="TOML file of settings (also BOUDOIR_CONFIG). Flags and BOUDOIR_* "
                "variables win over it.",
                callback=_remember_config,
                expose_value=False,
            ),
            _setting(
                "data_dir", "DIR", "Data directory, holding the SQLite database. [./boudoir-data]"
            ),
            _setting(
                "database_url",
                "URL",
                "postgresql://user@host/db to use PostgreSQL instead of SQLite in the data dir.",
            ),
            _setting(
                "redis_url",
                "URL",
                "redis://host:6379/0 to run as one node of a cluster sharing this Redis and the "
                "PostgreSQL database; changes made by a command reach every node at once.",
            ),
        ]
    ):
        command = option(command)
    return command


def listen_options(command: F) -> F:
    """The listeners' address and ports, and the log level: ``serve`` only."""
    options = [
        _setting("host", "HOST", "Address every listener binds to. [127.0.0.1]"),
        _setting("irc_port", "PORT", "IRC port; 0 turns it off. [6667]"),
        _setting("irc_tls_port", "PORT", "IRC over TLS port; 0 turns it off. [6697]"),
        _setting(
            "web_port",
            "PORT",
            "HTTP port; 0 turns it off; 'auto' picks a free one, shown in the readiness line. "
            "[8080]",
        ),
        _setting("telnet_port", "PORT", "Telnet port; 0 turns it off. [4201]"),
        _setting("telnet_tls_port", "PORT", "Telnet over TLS port; 0 turns it off. [4202]"),
        _setting(
            "node_id", "NAME", "This node's name in a cluster (with --redis-url). [generated]"
        ),
        _setting(
            "trusted_proxies",
            "ADDRESSES",
            "Balancers' addresses or networks, comma-separated: their connections begin with "
            "a PROXY header (IRC, telnet) or name the client in X-Forwarded-For (HTTP). [none]",
        ),
        _setting("log_level", "LEVEL", "debug, info, warning, error or critical. [info]"),
        _setting(
            "signup_mode",
            "MODE",
            "Who may sign up: open, invitation (with a code from `boudoir invite create`) or "
            "approval (logs in once `boudoir account approve` let it). [open]",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def command_settings() -> Settings:
    ctx = click.get_current_context()
    try:
        return load_settings(
            flags=ctx.meta.get(_FLAGS, {}), environ=os.environ, config_file=ctx.meta.get(_CONFIG)
        )
    except SettingsError as error:
        if error.origin.startswith("--"):
            raise click.BadParameter(error.message, param_hint=f"'{error.origin}'") from None
        raise CommandFailed(str(error)) from None


# --- Running -------------------------------------------------------------------------------


def run_command(main: Coroutine[Any, Any, T]) -> T:
    """Run ``main`` on the event loop; expected failures become one red line, exit status 1."""
    from boudoir import app

    try:
        return app.run(main)
    except (BoudoirError, app.AppError) as error:
        raise CommandFailed(error.message) from None


def configure_command_logging(settings: Settings) -> None:
    # Commands other than serve stay quiet unless asked for debug output.
    from boudoir import app

    app.configure_logging("debug" if settings.log_level == "debug" else "warning")


def with_core(settings: Settings, action: Callable[[Core], Coroutine[Any, Any, T]]) -> T:
    """Run ``action`` over the core of an existing, current database."""
    from boudoir import app

    async def main() -> T:
        async with app.open_core(settings, migrate=False) as core:
            return await action(core)

    configure_command_logging(settings)
    return run_command(main())


# --- Passwords -------------------------------------------------------------------------------


def password_file_option(command: F) -> F:
    return click.option(
        "--password-file",
        type=click.Path(exists=True, dir_okay=False, allow_dash=True, path_type=Path),
        metavar="FILE",
        help="Read the password from the first line of FILE ('-' for standard input) instead "
        "of asking. Passwords are never taken as flags: those end up in shell histories and "
        "process lists.",
    )(command)


def checked_password(value: str, names: tuple[str, ...] = ()) -> str:
    from boudoir.core.accounts import check_password

    try:
        return check_password(value, names)
    except BoudoirError as error:
        raise click.UsageError(error.message) from None


def read_password(
    password_file: Path | None, prompt: str = "Password", names: tuple[str, ...] = ()
) -> str:
    """The password, from ``password_file`` or asked for (again until the core would take it
    for an account named ``names``; from a file, the core's refusal ends the command)."""
    if password_file is None:
        password: str = click.prompt(
            prompt,
            hide_input=True,
            confirmation_prompt=True,
            value_proc=lambda value: checked_password(value, names),
        )
        return password
    try:
        if str(password_file) == "-":
            text = sys.stdin.read()
        else:
            text = password_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise click.BadParameter(
            f"cannot read {password_file}: {error}", param_hint="'--password-file'"
        ) from None
    lines = text.splitlines()
    if not lines or not lines[0]:
        raise click.BadParameter(
            f"{password_file} holds no password on its first line", param_hint="'--password-file'"
        )
    return lines[0]


def date_of(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value is not None else None


# --- Commands ------------------------------------------------------------------------------


async def register(
    core: Core, name: str, password: str, born: dt.date, role: Role, attest: bool
) -> Account:
    account = await core.world.accounts.register(name, password, born, role=role)
    if attest:
        # Recorded as vouched for by the operator who ran the command.
        account = await core.world.accounts.attest(account.id, method="operator")
    return account


def shown_at(value: dt.datetime | None) -> str:
    """A time as the tables show it: UTC, to the minute; ``-`` for none."""
    return "-" if value is None else value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M")
