"""Telnet commands: the table from a MUCK command word to its handler, usage and help, and
the line parser players expect.

A line is read the MUCK way (FuzzBall's conventions): ``"hi`` says, ``:waves`` poses,
``;'s eyes glint`` semiposes, ``((brb))`` is out of character; otherwise the first word
(up to a ``/switch``) names a command, or else an exit of the room the character stands in.
A handler gets the client and the parsed ``Line``; a coroutine runs in the client's worker.
Errors from the core go through errors.py's one table.

Command modules register themselves with ``@command`` and are imported at the bottom.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from boudoir.domain.errors import BoudoirError
from boudoir.gateways.telnet.client import TelnetClient
from boudoir.wire.telnet.text import Style

Work = Coroutine[Any, Any, None]


@dataclass(frozen=True, slots=True)
class Line:
    """One command line, parsed: ``page/accept Bob`` -> word ``page``, switch ``accept``,
    args ``Bob``; ``left``/``right`` split args at the first ``=`` (``page Bob=hi``)."""

    word: str
    switch: str
    args: str
    raw: str

    @property
    def has_equals(self) -> bool:
        return "=" in self.args

    @property
    def left(self) -> str:
        return self.args.partition("=")[0].strip()

    @property
    def right(self) -> str:
        return self.args.partition("=")[2].strip()


Handler = Callable[[TelnetClient, Line], Work | None]


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    handler: Handler
    usage: str
    help: str
    aliases: tuple[str, ...] = ()
    login: bool = True
    topic: str = "general"
    """The help index section: speech, world, building, social, consent, account..."""
    switches: tuple[str, ...] = field(default=())


COMMANDS: dict[str, Command] = {}
"""Command word (lower case, aliases included) -> command."""


def command(
    name: str,
    *,
    usage: str,
    help: str,
    aliases: tuple[str, ...] = (),
    login: bool = True,
    topic: str = "general",
    switches: tuple[str, ...] = (),
) -> Callable[[Handler], Handler]:
    """Register a command with its usage line and help text (shown by ``help <name>``)."""

    def register(handler: Handler) -> Handler:
        entry = Command(name, handler, usage, help, aliases, login, topic, switches)
        for word in (name, *aliases):
            if word.lower() in COMMANDS:
                raise ValueError(f"telnet command {word!r} registered twice")
            COMMANDS[word.lower()] = entry
        return handler

    return register


PREFIXES = {'"': "say", ":": "pose", ";": "semipose", "'": "say"}
"""One-character commands: the rest of the line is the argument (TinyMUCK, FuzzBall)."""


def parse(text: str) -> Line:
    """Split a line into command word, switch and arguments."""
    stripped = text.strip()
    if not stripped:
        return Line("", "", "", text)
    first = stripped[0]
    if first in PREFIXES:
        return Line(PREFIXES[first], "", stripped[1:], text)
    if stripped.startswith("((") and stripped.endswith("))") and len(stripped) > 4:
        return Line("ooc", "", stripped[2:-2].strip(), text)
    word, _, args = stripped.partition(" ")
    word, _, switch = word.partition("/")
    return Line(word.lower(), switch.lower(), args.strip(), text)


def dispatch(client: TelnetClient, text: str) -> Work | None:
    """Run one line: at the login screen it goes to the login screen; afterwards it is a
    command, an exit, or an error the user can act on."""
    if client.conn is None:
        if client.login is None:
            return None
        return client.login.line(text)
    line = parse(text)
    if not line.word:
        return None
    client.last_input = time.monotonic()
    entry = COMMANDS.get(line.word)
    if entry is None and line.word in client.channels:
        # A channel alias (``pub hello``), before the room's exits (MUCK comsys order).
        from boudoir.gateways.telnet.channels import CHANNEL_LINE

        entry = CHANNEL_LINE
    if entry is None:
        return _exit_or_unknown(client, line)
    if entry.switches and line.switch and line.switch not in entry.switches:
        client.tell(
            f"{entry.name} has no /{line.switch}; try: "
            + ", ".join(f"{entry.name}/{s}" for s in entry.switches)
            + f". Usage: {entry.usage}",
            Style.ERROR,
        )
        return None
    try:
        work = entry.handler(client, line)
    except BoudoirError as error:
        report_error(client, error)
        return None
    if work is None:
        return None
    return _guarded(client, work)


async def _guarded(client: TelnetClient, work: Work) -> None:
    try:
        await work
    except BoudoirError as error:
        report_error(client, error)


def report_error(client: TelnetClient, error: BoudoirError) -> None:
    from boudoir.gateways.telnet.errors import error_text

    client.tell(error_text(error), Style.ERROR)


def usage(client: TelnetClient, name: str) -> None:
    """Tell the user how to use ``name``."""
    entry = COMMANDS[name]
    client.tell(f"Usage: {entry.usage}  (help {entry.name} for more)", Style.ERROR)


def _exit_or_unknown(client: TelnetClient, line: Line) -> Work | None:
    if line.switch:
        _unknown(client, line)
        return None
    return _walk_or_unknown(client, line)


async def _walk_or_unknown(client: TelnetClient, line: Line) -> None:
    from boudoir.gateways.telnet.world_commands import try_exit

    if not await try_exit(client, line.raw.strip()):
        _unknown(client, line)


def _unknown(client: TelnetClient, line: Line) -> None:
    client.tell(f'Huh? "{line.word}" is not a command or an exit here. Type "help".', Style.ERROR)
