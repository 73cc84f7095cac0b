"""Telnet commands: the table from a MUCK command word to its handler, usage and help, and
dispatch. Lines are parsed by ``wire.telnet.commands``; a command that is an intent (``SPECS``
and the gateway's own tables) is run through the core and its reply told
(``wire.telnet.replies``), with this gateway's hooks around the words. A handler gets the client
and the parsed ``Line``; a coroutine it returns runs in the client's worker. Errors from the core
go through errors.py's one table.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from dataclasses import dataclass
from typing import Any

from boudoir.core.commands import Context, run
from boudoir.core.registry import Connection
from boudoir.core.world import World
from boudoir.domain.errors import BoudoirError, InvalidInput
from boudoir.domain.events import LogStateChanged
from boudoir.domain.intents import Intent
from boudoir.domain.intents.building import BuilderIntent
from boudoir.domain.replies import LogState, Reply
from boudoir.gateways.telnet.client import TelnetClient
from boudoir.wire.telnet.commands import SPECS, Line, Spec, Usage, parse_line
from boudoir.wire.telnet.commands.spec import Doc
from boudoir.wire.telnet.render import render as render_event
from boudoir.wire.telnet.replies import Screen, Told, render_reply
from boudoir.wire.telnet.replies.world import ROOM_PEOPLE_SHOWN
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
    topic: str = "general"
    """The help index section: speech, world, building, social, consent, account..."""
    switches: tuple[str, ...] = ()


COMMANDS: dict[str, Command] = {}
"""Command word (lower case, aliases included) -> command."""


def documented(doc: Doc | Spec) -> Callable[[Handler], Handler]:
    """Register a command under the word, usage and help ``wire.telnet.commands`` gives it."""

    def register(handler: Handler) -> Handler:
        entry = Command(
            doc.name, handler, doc.usage, doc.help, doc.aliases, doc.topic, doc.switches
        )
        for word in (doc.name, *doc.aliases):
            if word.lower() in COMMANDS:
                raise ValueError(f"telnet command {word!r} registered twice")
            COMMANDS[word.lower()] = entry
        return handler

    return register


Parse = Callable[[TelnetClient, Line], Intent | tuple[Intent, ...]]
Fill = Callable[[TelnetClient, Intent], Intent]


def by_line(parse: Callable[[Line], Intent | tuple[Intent, ...]]) -> Parse:
    """A parse that needs only the line."""
    return lambda client, line: parse(line)


def intents(name: str, parse: Parse, fill: Fill | None = None) -> Handler:
    """The handler of a command that is one intent or several: parse the line (its usage when
    it does not fit), then run each intent in the core, ``fill`` completing it at its turn, and
    tell each reply. One intent refused does not stop the next (each is answered on its own),
    but invalid input is the same for all and said once."""

    def handle(client: TelnetClient, line: Line) -> Work | None:
        try:
            parsed = parse(client, line)
        except Usage:
            usage(client, name)
            return None
        return _run_each(client, parsed if isinstance(parsed, tuple) else (parsed,), fill)

    return handle


async def _run_each(client: TelnetClient, each: Sequence[Intent], fill: Fill | None) -> None:
    from boudoir.gateways.telnet.world import as_builder

    for intent in each:
        if fill is not None:
            intent = fill(client, intent)
        work = run_intent(client, intent)
        try:
            await (as_builder(client, work) if isinstance(intent, BuilderIntent) else work)
        except InvalidInput:
            raise
        except BoudoirError as error:
            report_error(client, error)


async def perform(client: TelnetClient, intent: Intent) -> Reply | None:
    """Run ``intent`` as the client's character: its reply (refusals raise)."""
    conn = client.conn
    if conn is None:  # commands run only once logged in
        return None
    return await run(telnet_context(client.server.world, conn), intent)


def telnet_context(world: World, conn: Connection) -> Context:
    """The context this gateway's commands run in: a room's look names at most
    ``ROOM_PEOPLE_SHOWN`` people (``people`` lists them all)."""
    return Context.of(world, conn, people_shown=ROOM_PEOPLE_SHOWN)


async def run_intent(client: TelnetClient, intent: Intent) -> None:
    """Run ``intent`` as the client's character and answer with its reply (errors go through
    the caller's one error table)."""
    reply = await perform(client, intent)
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
    told = told_for(client, reply)
    if told is not None:
        client.tell(told.text, told.style)
    await _hooks(AFTER_TELLING, client, reply)


def told_for(client: TelnetClient, reply: Reply) -> Told | None:
    """The words of ``reply`` on this screen; a room's log state in its event's words."""
    if isinstance(reply, LogState) and isinstance(reply.state, LogStateChanged):
        text = render_event(reply.state, client.view)
        if text is not None:
            return Told(text)
    return render_reply(reply, Screen(client.width, client.screen_reader))


async def _hooks(table: dict[type, list[ReplyHook]], client: TelnetClient, reply: Reply) -> None:
    for kind in type(reply).__mro__:
        for hook in table.get(kind, ()):
            done = hook(client, reply)
            if done is not None:
                await done


for _spec in SPECS:
    documented(_spec)(intents(_spec.name, by_line(_spec.parse)))


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
        if not line.switch:
            return _walk_or_unknown(client, line)
        _unknown(client, line)
        return None
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
    return None if work is None else _guarded(client, work)


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


async def _walk_or_unknown(client: TelnetClient, line: Line) -> None:
    from boudoir.gateways.telnet.world import try_exit

    if not await try_exit(client, line.raw.strip()):
        _unknown(client, line)


def _unknown(client: TelnetClient, line: Line) -> None:
    client.tell(f'Huh? "{line.word}" is not a command or an exit here. Type "help".', Style.ERROR)
