"""``boudoir account ...`` and ``boudoir character ...``: accounts (create, list, approve,
attest, builder, set-password, export, erase) and characters, run over the core.

Imports click, ``boudoir.cli.options`` and ``boudoir.domain``; ``boudoir.app`` and the core
only inside the commands.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from boudoir.cli.options import (
    DATE,
    CommandFailed,
    command_settings,
    data_options,
    password_file_option,
    read_password,
    register,
    with_core,
)
from boudoir.domain.entities import Account, Role

if TYPE_CHECKING:
    from boudoir.app import Core


@click.group()
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
    settings = command_settings()
    password = read_password(password_file, names=(name,))
    role = Role.OPERATOR if operator else Role.MEMBER

    async def create(core: Core) -> Account:
        return await register(core, name, password, born.date(), role, attest)

    created = with_core(settings, create)
    attested = ", attested" if created.attested else ""
    click.echo(f"Created the account {created.name} ({created.role.value}{attested}).")


@account.command("list")
@data_options
@click.option(
    "--pending", is_flag=True, help="Only the accounts waiting for an operator's approval."
)
def account_list(pending: bool) -> None:
    """List every account (or those waiting for approval)."""
    settings = command_settings()

    async def list_all(core: Core) -> list[Account]:
        if pending:
            return await core.world.accounts.awaiting_approval()
        return await core.world.accounts.list_all()

    accounts = with_core(settings, list_all)
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
    settings = command_settings()

    async def approve(core: Core) -> tuple[Account, bool]:
        found = await core.world.accounts.find(name)
        return await core.world.accounts.approve(found.id), found.awaiting_approval

    done, was_waiting = with_core(settings, approve)
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
    settings = command_settings()

    async def attest(core: Core) -> Account:
        found = await core.world.accounts.find(name)
        return await core.world.accounts.attest(found.id, method=method)

    done = with_core(settings, attest)
    click.echo(f"Recorded the attestation of {done.name}.")


@account.command("builder")
@data_options
@click.argument("name")
@click.option("--revoke", is_flag=True, help="Take the builder role away instead.")
def account_builder(name: str, revoke: bool) -> None:
    """Let the account NAME build the walkable world (dig rooms, open exits, create things)."""
    settings = command_settings()

    async def grant(core: Core) -> Account:
        found = await core.world.accounts.find(name)
        await core.world.building.set_builder(found.name, not revoke)
        return found

    done = with_core(settings, grant)
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
    settings = command_settings()

    async def find(core: Core) -> Account:
        return await core.world.accounts.find(name)

    found = with_core(settings, find)  # before asking for a password for nobody
    password = read_password(password_file, f"New password for {found.name}", names=(found.name,))

    async def change(core: Core) -> Account:
        changed = await core.world.accounts.change_password(found.id, password)
        # Every browser login ends here; a running server ends the connections when it
        # notices the change.
        await core.world.end_other_sessions(found.id)
        return changed

    with_core(settings, change)
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
    settings = command_settings()

    async def export(core: Core) -> dict[str, Any]:
        found = await core.world.accounts.find(name)
        return await core.world.accounts.export(found.id)

    document = json.dumps(with_core(settings, export), indent=2, ensure_ascii=False) + "\n"
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
    settings = command_settings()

    async def find(core: Core) -> Account:
        return await core.world.accounts.find(name)

    found = with_core(settings, find)
    if not yes:
        click.confirm(
            f"Erase the account {found.name}, its characters, friends, blocks and the rooms it "
            "owns? This cannot be undone",
            abort=True,
        )

    async def erase(core: Core) -> None:
        await core.world.accounts.erase(found.id)

    with_core(settings, erase)
    click.echo(
        f"Erased the account {found.name}. A running server ends its sessions within "
        f"{settings.account_sync_seconds:g} s."
    )


@click.group()
def character() -> None:
    """Create characters."""


@character.command("create")
@data_options
@click.argument("account_name", metavar="ACCOUNT")
@click.argument("name")
def character_create(account_name: str, name: str) -> None:
    """Create the character NAME for the account ACCOUNT."""
    settings = command_settings()

    async def create(core: Core) -> str:
        found = await core.world.accounts.find(account_name)
        created = await core.world.characters.create(found.id, name)
        return created.name

    created = with_core(settings, create)
    click.echo(f"Created the character {created} for the account {account_name}.")


# --- Invitations -----------------------------------------------------------------------------
