"""The ``boudoir`` command: ``serve``, ``init``, ``migrate``, ``account ...``, ``character ...``,
``invite ...``, ``moderation ...``, ``automod ...``.

Every command takes ``--config``, ``--data-dir`` and ``--database-url``; ``serve`` also takes
the listener flags. Settings are loaded once per command (``settings.load_settings``): flags,
then ``BOUDOIR_*`` variables, then the TOML file.

Commands work while a server runs on the same data: every change is committed at once, so an
account created here can log in right away, and the server notices changes to logged-in
accounts (an erase ends their sessions) within ``account_sync_seconds``.

Errors: an expected failure (a domain error, a database that cannot be opened, a port in use)
is one red line on standard error and exit status 1; a bad flag is click's usage error, exit
status 2. Heavy modules (storage, the web server, rich) are imported only by the commands that
use them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, TypeVar

import click

from boudoir import __version__
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


def _load_settings() -> Settings:
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


def _run(main: Coroutine[Any, Any, T]) -> T:
    """Run ``main`` on the event loop; expected failures become one red line, exit status 1."""
    from boudoir import app

    try:
        return app.run(main)
    except (BoudoirError, app.AppError) as error:
        raise CommandFailed(error.message) from None


def _configure_command_logging(settings: Settings) -> None:
    # Commands other than serve stay quiet unless asked for debug output.
    from boudoir import app

    app.configure_logging("debug" if settings.log_level == "debug" else "warning")


def _ensure_certificate(settings: Settings) -> tuple[Path, Path] | None:
    """Make sure the TLS listeners have a certificate (``gateways.tls.ensure_certificate``):
    the paths of one generated by this call, else None."""
    from boudoir.gateways import tls

    try:
        certificate = tls.certificate_paths(settings)[0]
        before = _file_identity(certificate)
        paths = tls.ensure_certificate(settings)
    except tls.CertificateError as error:
        raise CommandFailed(error.message) from None
    if paths is None or _file_identity(certificate) == before:
        return None
    return paths


def _file_identity(path: Path) -> tuple[int, int] | None:
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_ino, found.st_mtime_ns


def _with_core(settings: Settings, action: Callable[[Core], Coroutine[Any, Any, T]]) -> T:
    """Run ``action`` over the core of an existing, current database."""
    from boudoir import app

    async def main() -> T:
        async with app.open_core(settings, migrate=False) as core:
            return await action(core)

    _configure_command_logging(settings)
    return _run(main())


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


def _checked_password(value: str, names: tuple[str, ...] = ()) -> str:
    from boudoir.core.accounts import check_password

    try:
        return check_password(value, names)
    except BoudoirError as error:
        raise click.UsageError(error.message) from None


def _read_password(
    password_file: Path | None, prompt: str = "Password", names: tuple[str, ...] = ()
) -> str:
    """The password, from ``password_file`` or asked for (again until the core would take it
    for an account named ``names``; from a file, the core's refusal ends the command)."""
    if password_file is None:
        password: str = click.prompt(
            prompt,
            hide_input=True,
            confirmation_prompt=True,
            value_proc=lambda value: _checked_password(value, names),
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


def _born(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value is not None else None


# --- Commands ------------------------------------------------------------------------------


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="boudoir")
def main() -> None:
    """Boudoir: a consent-first chat server for text roleplay between consenting adults."""


@main.command()
@data_options
@listen_options
def serve() -> None:
    """Run the server until SIGTERM or Ctrl-C.

    On a fresh data directory, creates and migrates the database first, and generates a
    self-signed TLS certificate unless tls_certificate is configured. Once every listener is
    bound, prints one line to standard output, e.g. `boudoir ready web=http://127.0.0.1:8080`
    (one NAME=URL per listener); logs go to standard error. Replaced certificate files are
    picked up on the next TLS connection, without a restart or a signal.
    """
    import asyncio

    from boudoir import app

    settings = _load_settings()
    app.configure_logging(settings.log_level)
    _ensure_certificate(settings)  # logs where, and the fingerprint, if it generated one
    try:
        _run(app.serve(settings))
    except asyncio.CancelledError:
        raise CommandFailed("Stopped at once on a second signal.") from None


@main.command()
@data_options
def migrate() -> None:
    """Create the database if need be and bring its schema up to date."""
    from boudoir import app
    from boudoir.storage import head_revision

    settings = _load_settings()

    async def main() -> None:
        async with app.open_core(settings, migrate=True):
            pass

    _configure_command_logging(settings)
    _run(main())
    where = app.describe_database(settings)
    click.echo(f"The database in {where} is at schema revision {head_revision()}.")


@main.command(short_help="Create the data directory, database, TLS certificate, first operator.")
@data_options
@click.option("--name", help="Login name of the first operator account (asked if not given).")
@click.option("--born", type=DATE, metavar="YYYY-MM-DD", help="Their date of birth (asked).")
@password_file_option
@click.option("--attest", is_flag=True, help="Record that they attested being an adult.")
def init(
    name: str | None, born: dt.datetime | None, password_file: Path | None, attest: bool
) -> None:
    """Create the data directory and database, a self-signed TLS certificate (unless
    tls_certificate is configured), and the first operator account.

    Does nothing if an operator account exists already.
    """
    from boudoir import app

    settings = _load_settings()

    async def operators() -> list[Account]:
        async with app.open_core(settings, migrate=True) as core:
            accounts = await core.world.accounts.list_all()
            return [a for a in accounts if a.role is Role.OPERATOR]

    _configure_command_logging(settings)
    where = app.describe_database(settings)
    existing = _run(operators())
    generated = _ensure_certificate(settings)
    if generated is not None:
        from boudoir.gateways.tls import fingerprint

        certificate, private_key = generated
        click.echo(
            f"Generated a self-signed TLS certificate for {settings.server_name}: {certificate} "
            f"(key {private_key}), SHA-256 fingerprint {fingerprint(certificate.read_bytes())}."
        )
    if existing:
        names = ", ".join(a.name for a in existing)
        click.echo(f"{where} is set up already; operator accounts: {names}.")
        return
    chosen_name = name or click.prompt("Operator account name")
    chosen_born = _born(born) or _born(click.prompt("Date of birth (YYYY-MM-DD)", type=DATE))
    assert chosen_born is not None
    password = _read_password(password_file, names=(chosen_name,))

    async def create(core: Core) -> Account:
        return await _register(core, chosen_name, password, chosen_born, Role.OPERATOR, attest)

    account = _with_core(settings, create)
    click.echo(f"Initialised {where} with the operator account {account.name}.")


async def _register(
    core: Core, name: str, password: str, born: dt.date, role: Role, attest: bool
) -> Account:
    account = await core.world.accounts.register(name, password, born, role=role)
    if attest:
        # Recorded as vouched for by the operator who ran the command.
        account = await core.world.accounts.attest(account.id, method="operator")
    return account


@main.group()
def account() -> None:
    """Create, list, attest, export and erase accounts."""


@account.command("create")
@data_options
@click.argument("name")
@click.option("--born", type=DATE, required=True, metavar="YYYY-MM-DD", help="Date of birth.")
@password_file_option
@click.option("--operator", is_flag=True, help="Make it an operator account.")
@click.option("--attest", is_flag=True, help="Record that they attested being an adult.")
def account_create(
    name: str, born: dt.datetime, password_file: Path | None, operator: bool, attest: bool
) -> None:
    """Create the account NAME, with a first character of the same name."""
    settings = _load_settings()
    password = _read_password(password_file, names=(name,))
    role = Role.OPERATOR if operator else Role.MEMBER

    async def create(core: Core) -> Account:
        return await _register(core, name, password, born.date(), role, attest)

    created = _with_core(settings, create)
    attested = ", attested" if created.attested else ""
    click.echo(f"Created the account {created.name} ({created.role.value}{attested}).")


@account.command("list")
@data_options
@click.option(
    "--pending", is_flag=True, help="Only the accounts waiting for an operator's approval."
)
def account_list(pending: bool) -> None:
    """List every account (or those waiting for approval)."""
    settings = _load_settings()

    async def list_all(core: Core) -> list[Account]:
        if pending:
            return await core.world.accounts.awaiting_approval()
        return await core.world.accounts.list_all()

    accounts = _with_core(settings, list_all)
    if not accounts:
        click.echo("No account is waiting for approval." if pending else "No accounts yet.")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("Name", "Role", "Attested", "Ratings", "Created (UTC)", "Approved")
    for each in accounts:
        table.add_row(
            each.name,
            each.role.value,
            "yes" if each.attested else "no",
            ", ".join(r.label for r in sorted(each.ratings)),
            each.created_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M"),
            "no (waiting)" if each.awaiting_approval else "yes",
        )
    Console().print(table)


@account.command("approve")
@data_options
@click.argument("name")
def account_approve(name: str) -> None:
    """Let NAME, signed up while the sign-up mode was approval, log in (at once, on a running
    server too)."""
    settings = _load_settings()

    async def approve(core: Core) -> tuple[Account, bool]:
        found = await core.world.accounts.find(name)
        return await core.world.accounts.approve(found.id), found.awaiting_approval

    done, was_waiting = _with_core(settings, approve)
    if was_waiting:
        click.echo(f"Approved the account {done.name}: it can log in now.")
    else:
        click.echo(f"The account {done.name} was not waiting for approval.")


@account.command("attest")
@data_options
@click.argument("name")
@click.option(
    "--method",
    default="operator",
    show_default=True,
    help="How the age was vouched for, recorded with the attestation.",
)
def account_attest(name: str, method: str) -> None:
    """Record that the holder of NAME attested being an adult."""
    settings = _load_settings()

    async def attest(core: Core) -> Account:
        found = await core.world.accounts.find(name)
        return await core.world.accounts.attest(found.id, method=method)

    done = _with_core(settings, attest)
    click.echo(f"Recorded the attestation of {done.name}.")


@account.command("builder")
@data_options
@click.argument("name")
@click.option("--revoke", is_flag=True, help="Take the builder role away instead.")
def account_builder(name: str, revoke: bool) -> None:
    """Let the account NAME build the walkable world (dig rooms, open exits, create things)."""
    settings = _load_settings()

    async def grant(core: Core) -> Account:
        found = await core.world.accounts.find(name)
        await core.world.building.set_builder(found.name, not revoke)
        return found

    done = _with_core(settings, grant)
    if revoke:
        click.echo(f"{done.name} is no longer a builder.")
    else:
        click.echo(f"{done.name} is now a builder.")


@account.command("set-password")
@data_options
@click.argument("name")
@password_file_option
def account_set_password(name: str, password_file: Path | None) -> None:
    """Set a new password for NAME."""
    settings = _load_settings()

    async def find(core: Core) -> Account:
        return await core.world.accounts.find(name)

    found = _with_core(settings, find)  # before asking for a password for nobody
    password = _read_password(password_file, f"New password for {found.name}", names=(found.name,))

    async def change(core: Core) -> Account:
        changed = await core.world.accounts.change_password(found.id, password)
        # Every browser login ends here; a running server ends the connections when it
        # notices the change.
        await core.world.end_other_sessions(found.id)
        return changed

    _with_core(settings, change)
    click.echo(f"Changed the password of {found.name}.")


@account.command("export")
@data_options
@click.argument("name")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    default=Path("-"),
    metavar="FILE",
    help="Write to FILE (created readable by its owner only) instead of standard output.",
)
def account_export(name: str, output: Path) -> None:
    """Export everything held about NAME as one JSON document."""
    settings = _load_settings()

    async def export(core: Core) -> dict[str, Any]:
        found = await core.world.accounts.find(name)
        return await core.world.accounts.export(found.id)

    document = json.dumps(_with_core(settings, export), indent=2, ensure_ascii=False) + "\n"
    if str(output) == "-":
        click.echo(document, nl=False)
        return
    try:
        # The export is personal data: create the file private, and replace any old one.
        descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with open(descriptor, "w", encoding="utf-8") as file:
            file.write(document)
    except OSError as error:
        raise CommandFailed(f"Cannot write {output}: {error.strerror}") from None
    click.echo(f"Exported the account {name} to {output}.", err=True)


@account.command("erase")
@data_options
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def account_erase(name: str, yes: bool) -> None:
    """Erase NAME and everything tied to it; its sessions on a running server end."""
    settings = _load_settings()

    async def find(core: Core) -> Account:
        return await core.world.accounts.find(name)

    found = _with_core(settings, find)
    if not yes:
        click.confirm(
            f"Erase the account {found.name}, its characters, friends, blocks and the rooms it "
            "owns? This cannot be undone",
            abort=True,
        )

    async def erase(core: Core) -> None:
        await core.world.accounts.erase(found.id)

    _with_core(settings, erase)
    click.echo(
        f"Erased the account {found.name}. A running server ends its sessions within "
        f"{settings.account_sync_seconds:g} s."
    )


@main.group()
def character() -> None:
    """Create characters."""


@character.command("create")
@data_options
@click.argument("account_name", metavar="ACCOUNT")
@click.argument("name")
def character_create(account_name: str, name: str) -> None:
    """Create the character NAME for the account ACCOUNT."""
    settings = _load_settings()

    async def create(core: Core) -> str:
        found = await core.world.accounts.find(account_name)
        created = await core.world.characters.create(found.id, name)
        return created.name

    created = _with_core(settings, create)
    click.echo(f"Created the character {created} for the account {account_name}.")


# --- Invitations -----------------------------------------------------------------------------


@main.group()
def invite() -> None:
    """Invitation codes, for the invitation sign-up mode."""


@invite.command("create")
@data_options
@click.option(
    "--uses", type=click.IntRange(min=1), default=1, show_default=True,
    help="How many accounts the code may make.",
)  # fmt: skip
@click.option(
    "--expires-in", "expires_in", type=click.FloatRange(min=0, min_open=True), metavar="DAYS",
    help="The code stops working after this many days. [never]",
)  # fmt: skip
def invite_create(uses: int, expires_in: float | None) -> None:
    """Make an invitation code and print it. Only its hash is kept: note it now."""
    from boudoir.domain.invitations import Invitation

    settings = _load_settings()

    async def create(core: Core) -> tuple[Invitation, str]:
        return await core.world.invitations.create(uses=uses, expires_in_days=expires_in)

    invitation, code = _with_core(settings, create)
    click.echo(code)
    expires = f", until {_at(invitation.expires_at)} UTC" if invitation.expires_at else ""
    times = "once" if uses == 1 else f"{uses} times"
    click.echo(f"Invitation {invitation.id}: usable {times}{expires}.", err=True)


@invite.command("list")
@data_options
def invite_list() -> None:
    """List the invitations (never their codes), oldest first."""
    from boudoir.domain.invitations import Invitation

    settings = _load_settings()

    async def listed(core: Core) -> tuple[list[Invitation], dt.datetime]:
        return await core.world.invitations.list_all(), core.world.clock()

    invitations, now = _with_core(settings, listed)
    if not invitations:
        click.echo("No invitations yet.")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("Id", "Created (UTC)", "Used", "Expires (UTC)", "Status")
    for each in invitations:
        table.add_row(
            each.id,
            _at(each.created_at),
            f"{each.uses} of {each.max_uses}",
            _at(each.expires_at),
            each.status(now),
        )
    Console().print(table)


@invite.command("revoke")
@data_options
@click.argument("code_or_id", metavar="CODE-OR-ID")
def invite_revoke(code_or_id: str) -> None:
    """Revoke an invitation, named by its id (from `invite list`) or its code."""
    from boudoir.domain.invitations import Invitation

    settings = _load_settings()

    async def revoke(core: Core) -> Invitation:
        return await core.world.invitations.revoke(code_or_id)

    done = _with_core(settings, revoke)
    click.echo(f"Revoked the invitation {done.id}.")


# --- Moderation ------------------------------------------------------------------------------


@main.group()
def moderation() -> None:
    """The moderators' queue, actions and the audit log, as the server's operator."""


def _at(value: dt.datetime | None) -> str:
    return "-" if value is None else value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M")


@moderation.command("queue")
@data_options
@click.option(
    "--status",
    type=click.Choice(["open", "resolved", "all"]),
    default="open",
    show_default=True,
    help="Which items.",
)
@click.option("--evidence", is_flag=True, help="Print each item's evidence as JSON.")
def moderation_queue(status: str, evidence: bool) -> None:
    """List the moderators' queue, oldest first."""
    from boudoir.core.moderation import Actor
    from boudoir.domain.moderation import QueueItem, QueueStatus

    settings = _load_settings()
    wanted = None if status == "all" else QueueStatus(status)

    async def listed(core: Core) -> list[QueueItem]:
        return await core.world.moderation.queue(Actor.operator(), wanted)

    items = _with_core(settings, listed)
    if not items:
        click.echo("The queue is empty.")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("Id", "Created (UTC)", "Kind", "Subject", "Place", "Status", "Summary")
    for item in items:
        state = item.resolution.value if item.resolution else item.status.value
        table.add_row(
            item.id,
            _at(item.created_at),
            item.kind.value,
            item.subject_name,
            item.place,
            state,
            item.summary,
        )
    Console().print(table)
    if evidence:
        for item in items:
            click.echo(json.dumps({"id": item.id, "evidence": item.evidence}, ensure_ascii=False))


@moderation.command("resolve")
@data_options
@click.argument("item_id", metavar="ID")
@click.argument("resolution", type=click.Choice(["release", "drop", "dismiss", "actioned"]))
@click.option("--note", default="", help="Why, for the other moderators.")
def moderation_resolve(item_id: str, resolution: str, note: str) -> None:
    """Resolve the queue item ID."""
    from boudoir.core.moderation import Actor

    settings = _load_settings()

    async def resolve(core: Core) -> None:
        await core.world.moderation.resolve(Actor.operator(), item_id, resolution, note)

    _with_core(settings, resolve)
    click.echo(f"Resolved {item_id}: {resolution}.")


_ACTIONS: Final = (
    "warn", "mute", "kick", "room_ban", "suspend", "account_ban", "unsuspend", "unban", "clear",
)  # fmt: skip


@moderation.command("act")
@data_options
@click.argument("kind", type=click.Choice(_ACTIONS))
@click.argument("target")
@click.option("--room", default="", help="The room, for mute, kick, room_ban and clear.")
@click.option("--reason", default="", help="Why; shown to them for a warning or a suspension.")
@click.option("--hours", type=float, default=None, help="Expires after this many hours.")
@click.option("--item", "item_id", default="", help="The queue item this answers.")
def moderation_act(
    kind: str, target: str, room: str, reason: str, hours: float | None, item_id: str
) -> None:
    """Take the action KIND against the character TARGET (logged in the audit log).

    A suspension or ban refuses logins at once, and a running server ends the live sessions at
    its next account sync; mutes, room bans and their lifting reach it then too. A warning or a
    kick is something said to someone online: give those through the running server (ModServ
    on IRC or the browser's moderator view)."""
    from boudoir.core.moderation import Actor

    if kind in ("warn", "kick"):
        raise click.UsageError(
            f"{kind} reaches people online: give it through the running server"
            " (/msg ModServ on IRC, or the browser's moderator view)."
        )
    settings = _load_settings()

    async def act(core: Core) -> str:
        expires = None
        if hours is not None:
            expires = core.world.clock() + dt.timedelta(hours=hours)
        action = await core.world.moderation.act(
            Actor.operator(), kind, target, room, reason, expires, item_id=item_id
        )
        return action.id

    action_id = _with_core(settings, act)
    click.echo(f"Done ({action_id}): {kind} {target}.")


@moderation.command("audit")
@data_options
def moderation_audit() -> None:
    """Print the audit log, newest first."""
    from boudoir.core.moderation import Actor
    from boudoir.domain.moderation import Action

    settings = _load_settings()

    async def audit(core: Core) -> list[Action]:
        return await core.world.moderation.audit(Actor.operator())

    actions = _with_core(settings, audit)
    if not actions:
        click.echo("The audit log is empty.")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("At (UTC)", "Actor", "Action", "Target", "Room", "Expires", "Reason")
    for action in actions:
        table.add_row(
            _at(action.at),
            action.actor,
            action.kind.value,
            action.target,
            action.room,
            _at(action.expires_at),
            action.reason,
        )
    Console().print(table)


# --- Automod ---------------------------------------------------------------------------------


@main.group()
def automod() -> None:
    """Automod rules, as the server's operator (a running server picks changes up within
    its account sync interval)."""


def _with_rules(settings: Settings, action: Callable[[Any], Coroutine[Any, Any, T]]) -> T:
    async def run(core: Core) -> T:
        await core.world.automod.start()
        return await action(core.world.automod)

    return _with_core(settings, run)


@automod.command("rules")
@data_options
def automod_rules() -> None:
    """List every rule, oldest first."""
    from boudoir.core.automod import OPERATOR
    from boudoir.gateways.irc.automod import describe

    async def listed(service: Any) -> list[Any]:
        return list(service.rules(OPERATOR))

    for rule in _with_rules(_load_settings(), listed):
        click.echo(describe(rule))
        click.echo(f"    {rule.kind.value}: {rule.pattern}")


@automod.command("add")
@data_options
@click.argument("name")
@click.argument("pattern")
@click.option("--regex", is_flag=True, help="PATTERN is a regular expression, not words.")
@click.option(
    "--action", type=click.Choice(["flag", "hold", "block"]), default="flag", show_default=True
)
@click.option("--in", "places", default="room,scene,direct", show_default=True,
              help="Where it applies: room, scene, direct, comma-separated.")  # fmt: skip
@click.option("--rating", default="general", show_default=True,
              help="Lowest room or scene rating it applies in.")  # fmt: skip
@click.option("--message", default="", help="Told to the sender of a blocked message.")
def automod_add(
    name: str, pattern: str, regex: bool, action: str, places: str, rating: str, message: str
) -> None:
    """Add a rule NAME matching PATTERN (comma-separated words or phrases, or --regex)."""
    from boudoir.core.automod import OPERATOR, rule_fields
    from boudoir.gateways.irc.automod import describe

    fields = rule_fields(
        name, action, "regex" if regex else "words", pattern, places, rating, message
    )

    async def add(service: Any) -> Any:
        return await service.add_rule(OPERATOR, **fields)

    click.echo("Added " + describe(_with_rules(_load_settings(), add)))


@automod.command("remove")
@data_options
@click.argument("rule")
def automod_remove(rule: str) -> None:
    """Remove RULE (an id or a name); a default pack's rule is disabled instead."""
    from boudoir.core.automod import OPERATOR

    async def remove(service: Any) -> Any:
        return await service.remove_rule(OPERATOR, rule)

    click.echo(f"Removed {_with_rules(_load_settings(), remove).name!r}.")


@automod.command("enable")
@data_options
@click.argument("rule")
def automod_enable(rule: str) -> None:
    """Turn RULE (an id or a name) on."""
    _automod_switch(rule, enabled=True)


@automod.command("disable")
@data_options
@click.argument("rule")
def automod_disable(rule: str) -> None:
    """Turn RULE (an id or a name) off."""
    _automod_switch(rule, enabled=False)


def _automod_switch(rule: str, *, enabled: bool) -> None:
    from boudoir.core.automod import OPERATOR
    from boudoir.gateways.irc.automod import describe

    async def switch(service: Any) -> Any:
        return await service.change_rule(OPERATOR, rule, enabled=enabled)

    click.echo(describe(_with_rules(_load_settings(), switch)))


@automod.command("test")
@data_options
@click.argument("text")
def automod_test(text: str) -> None:
    """Show which rules TEXT hits, enabled or not."""
    from boudoir.core.automod import OPERATOR

    async def test(service: Any) -> list[Any]:
        return list(service.test(OPERATOR, text))

    hits = _with_rules(_load_settings(), test)
    if not hits:
        click.echo("No rule hits that text.")
    for hit in hits:
        state = "" if hit.rule.enabled else " (disabled)"
        click.echo(
            f"{hit.rule.id} ({hit.rule.name}, {hit.rule.action.value}{state}): {hit.matched!r}"
        )
