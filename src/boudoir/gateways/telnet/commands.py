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
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from boudoir.core.commands import Context, run
from boudoir.domain.errors import BoudoirError
from boudoir.domain.intents import Intent
from boudoir.domain.intents.building import BuilderIntent
from boudoir.domain.replies import Reply
from boudoir.gateways.telnet.client import TelnetClient
from boudoir.wire.telnet.commands import SPECS, Line, Spec, Usage, parse_line
from boudoir.wire.telnet.replies import Screen, render_reply
from boudoir.wire.telnet.text import Style

Work = Coroutine[Any, Any, None]


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


def _intent_handler(spec: Spec) -> Handler:
    """The handler of a command that is an intent: parse the line, run the intent in the
    core, print the reply."""

    def handle(client: TelnetClient, line: Line) -> Work | None:
        try:
            intent = spec.parse(line)
        except Usage:
            usage(client, spec.name)
            return None
        if isinstance(intent, BuilderIntent):
            from boudoir.gateways.telnet.world import as_builder

            return as_builder(client, run_intent(client, intent))
        return run_intent(client, intent)

    return handle


async def run_intent(client: TelnetClient, intent: Intent) -> None:
    """Run ``intent`` as the client's character and answer with its reply (errors go through
    the caller's one error table)."""
    conn = client.conn
    assert conn is not None  # dispatch sends lines here only once logged in
    reply = await run(Context.of(client.server.world, conn), intent)
    if reply is not None:
        await answer(client, reply)


ReplyHook = Callable[[TelnetClient, Reply], Awaitable[None] | None]
BEFORE_TELLING: dict[type, list[ReplyHook]] = {}
AFTER_TELLING: dict[type, list[ReplyHook]] = {}
"""Reply class -> what this gateway does besides the words (its location, GMCP for mappers),
before or after telling them. A subclass's hooks include its bases' (registered by base)."""


def on_reply(*kinds: type, before: bool = False) -> Callable[[ReplyHook], ReplyHook]:
    """Register ``hook`` for replies of the classes ``kinds`` (or their subclasses)."""

    def register(hook: ReplyHook) -> ReplyHook:
        for kind in kinds:
            (BEFORE_TELLING if before else AFTER_TELLING).setdefault(kind, []).append(hook)
        return hook

    return register


async def answer(client: TelnetClient, reply: Reply) -> None:
    """Tell ``reply``'s words on this client's screen, with its hooks around them."""
    await _hooks(BEFORE_TELLING, client, reply)
    told = render_reply(reply, Screen(client.width, client.screen_reader))
    if told is not None:
        client.tell(told.text, told.style)
    await _hooks(AFTER_TELLING, client, reply)


async def _hooks(table: dict[type, list[ReplyHook]], client: TelnetClient, reply: Reply) -> None:
    for kind in type(reply).__mro__:
        for hook in table.get(kind, ()):
            done = hook(client, reply)
            if done is not None:
                await done


for _spec in SPECS:
    command(
        _spec.name,
        usage=_spec.usage,
        help=_spec.help,
        aliases=_spec.aliases,
        topic=_spec.topic,
        switches=_spec.switches,
    )(_intent_handler(_spec))


def dispatch(client: TelnetClient, text: str) -> Work | None:
    """Run one line: at the login screen it goes to the login screen; afterwards it is a
    command, an exit, or an error the user can act on."""
    if client.conn is None:
        if client.login is None:
            return None
        return client.login.line(text)
    line = parse_line(text)
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
    from boudoir.gateways.telnet.world import try_exit

    if not await try_exit(client, line.raw.strip()):
        _unknown(client, line)


def _unknown(client: TelnetClient, line: Line) -> None:
    client.tell(f'Huh? "{line.word}" is not a command or an exit here. Type "help".', Style.ERROR)
