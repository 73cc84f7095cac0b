"""``Spec``: one telnet command that becomes an intent, declared as data.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from boudoir.domain.intents import Intent
from boudoir.wire.telnet.commands.lines import Line


class Usage(Exception):
    """The line does not fit the command: the gateway shows its usage line."""


class Invalid(Exception):
    """The line fits the command but cannot be done as it is: the words say why."""


@dataclass(frozen=True, slots=True)
class Spec:
    """A command: its word, usage line, help text (``help <name>``), aliases, help topic
    (speech, world, building, social, consent, account...), allowed switches, and ``parse``,
    which makes the intent from the line or raises ``Usage``."""

    name: str
    usage: str
    help: str
    parse: Callable[[Line], Intent]
    aliases: tuple[str, ...] = ()
    topic: str = "general"
    switches: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Doc:
    """A command the gateway carries out itself, for it needs the connection's own state (its
    channels, its display, whom it watches): its word, usage, help, aliases, topic, switches."""

    name: str
    usage: str
    help: str
    aliases: tuple[str, ...] = ()
    topic: str = "general"
    switches: tuple[str, ...] = ()


LINE_BREAK: Final = "%r"
"""MUCK's line break in a typed text."""


def line_breaks(text: str) -> str:
    """MUCK's ``%r`` as a line break (``%%r`` keeps a literal ``%r``)."""
    return "%".join(part.replace(LINE_BREAK, "\n") for part in text.split("%%"))


def one_name(line: Line) -> str:
    """The one name a command takes; ``Usage`` when it has none, or more than one word."""
    wanted = line.args.strip()
    if not wanted or " " in wanted:
        raise Usage
    return wanted
