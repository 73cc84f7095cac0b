"""``boudoir invite ...``: invitation codes for the ``invitation`` sign-up mode (create,
list, revoke), run over the core.

Imports click, ``boudoir.cli.options`` and ``boudoir.domain``; ``boudoir.app`` and the core
only inside the commands.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import click

from boudoir.cli.options import command_settings, data_options, shown_at, with_core

if TYPE_CHECKING:
    from boudoir.app import Core


@click.group()
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

    settings = command_settings()

    async def create(core: Core) -> tuple[Invitation, str]:
        return await core.world.invitations.create(uses=uses, expires_in_days=expires_in)

    invitation, code = with_core(settings, create)
    click.echo(code)
    expires = f", until {shown_at(invitation.expires_at)} UTC" if invitation.expires_at else ""
    times = "once" if uses == 1 else f"{uses} times"
    click.echo(f"Invitation {invitation.id}: usable {times}{expires}.", err=True)


@invite.command("list")
@data_options
def invite_list() -> None:
    """List the invitations (never their codes), oldest first."""
    from boudoir.domain.invitations import Invitation

    settings = command_settings()

    async def listed(core: Core) -> tuple[list[Invitation], dt.datetime]:
        return await core.world.invitations.list_all(), core.world.clock()

    invitations, now = with_core(settings, listed)
    if not invitations:
        click.echo("No invitations yet.")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("Id", "Created (UTC)", "Used", "Expires (UTC)", "Status")
    for each in invitations:
        table.add_row(
            each.id,
            shown_at(each.created_at),
            f"{each.uses} of {each.max_uses}",
            shown_at(each.expires_at),
            each.status(now),
        )
    Console().print(table)


@invite.command("revoke")
@data_options
@click.argument("code_or_id", metavar="CODE-OR-ID")
def invite_revoke(code_or_id: str) -> None:
    """Revoke an invitation, named by its id (from `invite list`) or its code."""
    from boudoir.domain.invitations import Invitation

    settings = command_settings()

    async def revoke(core: Core) -> Invitation:
        return await core.world.invitations.revoke(code_or_id)

    done = with_core(settings, revoke)
    click.echo(f"Revoked the invitation {done.id}.")


# --- Moderation ------------------------------------------------------------------------------
