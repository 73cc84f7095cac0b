"""``boudoir moderation ...``: the moderation queue (list, resolve), actions and the audit
log, run over the core as the server.

Imports click, ``boudoir.cli.options`` and ``boudoir.domain``; ``boudoir.app`` and the core
only inside the commands.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Final

import click

from boudoir.cli.options import command_settings, data_options, shown_at, with_core

if TYPE_CHECKING:
    from boudoir.app import Core


@click.group()
def moderation() -> None:
    """The moderators' queue, actions and the audit log, as the server's operator."""


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

    settings = command_settings()
    wanted = None if status == "all" else QueueStatus(status)

    async def listed(core: Core) -> list[QueueItem]:
        return await core.world.moderation.queue(Actor.operator(), wanted)

    items = with_core(settings, listed)
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
            shown_at(item.created_at),
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

    settings = command_settings()

    async def resolve(core: Core) -> None:
        await core.world.moderation.resolve(Actor.operator(), item_id, resolution, note)

    with_core(settings, resolve)
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
    its next account sync; mutes, room bans and their lifting reach it then too. With
    --redis-url, every node of the cluster is told at once instead. A warning or a
    kick is something said to someone online: give those through the running server (ModServ
    on IRC or the browser's moderator view)."""
    from boudoir.core.moderation import Actor

    if kind in ("warn", "kick"):
        raise click.UsageError(
            f"{kind} reaches people online: give it through the running server"
            " (/msg ModServ on IRC, or the browser's moderator view)."
        )
    settings = command_settings()

    async def act(core: Core) -> str:
        expires = None
        if hours is not None:
            expires = core.world.clock() + dt.timedelta(hours=hours)
        action = await core.world.moderation.act(
            Actor.operator(), kind, target, room, reason, expires, item_id=item_id
        )
        return action.id

    action_id = with_core(settings, act)
    click.echo(f"Done ({action_id}): {kind} {target}.")


@moderation.command("audit")
@data_options
def moderation_audit() -> None:
    """Print the audit log, newest first."""
    from boudoir.core.moderation import Actor
    from boudoir.domain.moderation import Action

    settings = command_settings()

    async def audit(core: Core) -> list[Action]:
        return await core.world.moderation.audit(Actor.operator())

    actions = with_core(settings, audit)
    if not actions:
        click.echo("The audit log is empty.")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("At (UTC)", "Actor", "Action", "Target", "Room", "Expires", "Reason")
    for action in actions:
        table.add_row(
            shown_at(action.at),
            action.actor,
            action.kind.value,
            action.target,
            action.room,
            shown_at(action.expires_at),
            action.reason,
        )
    Console().print(table)


# --- Automod ---------------------------------------------------------------------------------
