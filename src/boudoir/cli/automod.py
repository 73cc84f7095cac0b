"""``boudoir automod ...``: the automod rules (list, add, remove, enable, disable) and testing
a text against them.

Imports click, ``boudoir.cli.options`` and ``boudoir.domain``; ``boudoir.app`` and the core
only inside the commands.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

import click

from boudoir.cli.options import command_settings, data_options, with_core
from boudoir.settings import Settings

if TYPE_CHECKING:
    from boudoir.app import Core

T = TypeVar("T")


@click.group()
def automod() -> None:
    """Automod rules, as the server's operator (a running server picks changes up within
    its account sync interval)."""


def _with_rules(settings: Settings, action: Callable[[Any], Coroutine[Any, Any, T]]) -> T:
    async def run(core: Core) -> T:
        await core.world.automod.start()
        return await action(core.world.automod)

    return with_core(settings, run)


@automod.command("rules")
@data_options
def automod_rules() -> None:
    """List every rule, oldest first."""
    from boudoir.core.automod import OPERATOR
    from boudoir.wire.irc.replies.automod import describe

    async def listed(service: Any) -> list[Any]:
        return list(service.rules(OPERATOR))

    for rule in _with_rules(command_settings(), listed):
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
    from boudoir.wire.irc.replies.automod import describe

    fields = rule_fields(
        name, action, "regex" if regex else "words", pattern, places, rating, message
    )

    async def add(service: Any) -> Any:
        return await service.add_rule(OPERATOR, **fields)

    click.echo("Added " + describe(_with_rules(command_settings(), add)))


@automod.command("remove")
@data_options
@click.argument("rule")
def automod_remove(rule: str) -> None:
    """Remove RULE (an id or a name); a default pack's rule is disabled instead."""
    from boudoir.core.automod import OPERATOR

    async def remove(service: Any) -> Any:
        return await service.remove_rule(OPERATOR, rule)

    click.echo(f"Removed {_with_rules(command_settings(), remove).name!r}.")


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
    from boudoir.wire.irc.replies.automod import describe

    async def switch(service: Any) -> Any:
        return await service.change_rule(OPERATOR, rule, enabled=enabled)

    click.echo(describe(_with_rules(command_settings(), switch)))


@automod.command("test")
@data_options
@click.argument("text")
def automod_test(text: str) -> None:
    """Show which rules TEXT hits, enabled or not."""
    from boudoir.core.automod import OPERATOR

    async def test(service: Any) -> list[Any]:
        return list(service.test(OPERATOR, text))

    hits = _with_rules(command_settings(), test)
    if not hits:
        click.echo("No rule hits that text.")
    for hit in hits:
        state = "" if hit.rule.enabled else " (disabled)"
        click.echo(
            f"{hit.rule.id} ({hit.rule.name}, {hit.rule.action.value}{state}): {hit.matched!r}"
        )
