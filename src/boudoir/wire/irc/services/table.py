"""``ServiceCommand`` and ``ServiceTable``: one service's commands, declared as data.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from boudoir.domain.intents import Intent


class Usage(Exception):
    """The words do not fit the command: the service answers with its usage line."""


@dataclass(frozen=True, slots=True)
class ServiceCommand:
    """One verb of a service: ``usage`` (``BLOCK <name>``, answered as ``Use: ...`` when the
    words do not fit), ``help`` (its line in the service's HELP), and ``parse``, which makes
    the intent from the words after the verb or raises ``Usage``."""

    verb: str
    usage: str
    help: str
    parse: Callable[[Sequence[str]], Intent]


class ServiceTable:
    """A service's commands by verb (upper case)."""

    __slots__ = ("commands", "name")

    def __init__(self, name: str, commands: Sequence[ServiceCommand]) -> None:
        self.name = name
        self.commands = {command.verb: command for command in commands}

    def get(self, verb: str) -> ServiceCommand | None:
        return self.commands.get(verb.upper())


def one(words: Sequence[str]) -> str:
    """The one argument a command takes; ``Usage`` otherwise."""
    if len(words) != 1:
        raise Usage
    return words[0]
