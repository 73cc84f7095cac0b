"""``boudoir serve``, ``migrate`` and ``init``: running the server, bringing the database to
the current schema, and setting up a new data directory with its first operator.

Imports click, ``boudoir.cli.options``, ``boudoir.settings`` and ``boudoir.domain``;
``boudoir.app`` and the gateways only inside the commands.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from boudoir.cli.options import (
    DATE,
    CommandFailed,
    command_settings,
    configure_command_logging,
    data_options,
    date_of,
    listen_options,
    password_file_option,
    read_password,
    register,
    run_command,
    with_core,
)
from boudoir.domain.entities import Account, Role, Room
from boudoir.settings import Settings

if TYPE_CHECKING:
    from boudoir.app import Core


@click.command()
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

    settings = command_settings()
    app.configure_logging(settings.log_level)
    _ensure_certificate(settings)  # logs where, and the fingerprint, if it generated one
    try:
        run_command(app.serve(settings))
    except asyncio.CancelledError:
        raise CommandFailed("Stopped at once on a second signal.") from None


@click.command()
@data_options
def migrate() -> None:
    """Create the database if need be and bring its schema up to date."""
    from boudoir import app
    from boudoir.storage import head_revision

    settings = command_settings()

    async def main() -> None:
        async with app.open_core(settings, migrate=True):
            pass

    configure_command_logging(settings)
    run_command(main())
    where = app.describe_database(settings)
    click.echo(f"The database in {where} is at schema revision {head_revision()}.")


@click.command(short_help="Create the data directory, database, TLS certificate, first operator.")
@data_options
@click.option("--name", help="Login name of the first operator account (asked if not given).")
@click.option("--born", type=DATE, metavar="YYYY-MM-DD", help="Their date of birth (asked).")
@password_file_option
@click.option("--attest", is_flag=True, help="Record that they attested being an adult.")
def init(
    name: str | None, born: dt.datetime | None, password_file: Path | None, attest: bool
) -> None:
    """Create the data directory and database, a self-signed TLS certificate (unless
    tls_certificate is configured), the server's default rooms (default_rooms) that do not
    exist, and the first operator account.

    Safe to run again: a room that exists is left as it is, and no operator is added if one
    exists already.
    """
    from boudoir import app

    settings = command_settings()

    async def rooms_and_operators() -> tuple[list[Room], list[Account]]:
        async with app.open_core(settings, migrate=True) as core:
            made = await core.world.rooms.open_server_rooms(settings.default_rooms)
            await core.world.places.open_default_room()
            accounts = await core.world.accounts.list_all()
            return made, [a for a in accounts if a.role is Role.OPERATOR]

    configure_command_logging(settings)
    where = app.describe_database(settings)
    made, existing = run_command(rooms_and_operators())
    if made:
        names = ", ".join(f"{room.name} ({room.rating.label})" for room in made)
        click.echo(f"Created the server's rooms: {names}.")
    generated = _ensure_certificate(settings)
    if generated is not None:
        from boudoir.tls import fingerprint

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
    chosen_born = date_of(born) or date_of(click.prompt("Date of birth (YYYY-MM-DD)", type=DATE))
    assert chosen_born is not None
    password = read_password(password_file, names=(chosen_name,))

    async def create(core: Core) -> Account:
        return await register(core, chosen_name, password, chosen_born, Role.OPERATOR, attest)

    account = with_core(settings, create)
    click.echo(f"Initialised {where} with the operator account {account.name}.")


def _ensure_certificate(settings: Settings) -> tuple[Path, Path] | None:
    """Make sure the TLS listeners have a certificate (``tls.ensure_certificate``):
    the paths of one generated by this call, else None."""
    from boudoir import tls

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
