"""Speech: say, pose, semipose, OOC, ``@emit``, whisper, page and think, the MUCK way
(``wire.telnet.commands.speech``).

Each command becomes a speech intent carried out by the core's ``run_now`` as the line
arrives (a first page to a stranger waits for the store in the client's worker), which
decides who hears what; this module fills in where the character stands and whom it pages,
and echoes to the speaker, since the core does not send a speaker their own line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Sequence
from dataclasses import replace

from boudoir.core.commands import Context, run, run_now
from boudoir.domain.errors import BoudoirError, NotInRoom
from boudoir.domain.events import DirectMessageSent, Event, MessageKind, RoomMessageSent
from boudoir.domain.intents import Direct, RollDice, Say, Whisper
from boudoir.domain.replies import Recalled, Said, Sent, Whispered
from boudoir.gateways.telnet.client import TelnetClient, on_event
from boudoir.gateways.telnet.commands import (
    Handler,
    Work,
    documented,
    report_error,
    telnet_context,
    usage,
)
from boudoir.gateways.telnet.edit_commands import remember
from boudoir.wire.telnet.commands import Line, Spec, Usage
from boudoir.wire.telnet.commands.spec import Invalid
from boudoir.wire.telnet.commands.speech import (
    PAGE,
    RECALL,
    SPEAKING_SPECS,
    THINK,
    parse_page,
    parse_recall,
)
from boudoir.wire.telnet.render import render as render_event
from boudoir.wire.telnet.replies.presence import away_text
from boudoir.wire.telnet.replies.speech import recalled_text
from boudoir.wire.telnet.text import Style, clean


def here(client: TelnetClient) -> str:
    """The name of the room the character stands in; ``NotInRoom`` when nowhere."""
    conn = client.conn
    assert conn is not None
    live = client.server.world.rooms.live_by_id(client.location) if client.location else None
    if live is None or live.room.id not in conn.rooms:
        raise NotInRoom('You are not in a room. Type "home" or "jump <room>".')
    return live.room.name


def echo(client: TelnetClient, event: RoomMessageSent | DirectMessageSent) -> None:
    text = render_event(event, client.view)
    if text is not None:
        client.tell(text)


def paged(client: TelnetClient, sent: Sent) -> None:
    """Echo a page, and say so when its recipient is away (as IRC answers RPL_AWAY): the core
    tells only a delivered page's sender, and only what they may see of the status."""
    echo(client, sent.event)
    away = sent.away
    if away is not None:
        client.tell(away_text(sent.event.recipient.name, away.status, away.message))


def acknowledge(client: TelnetClient, event: RoomMessageSent) -> Work | None:
    """Show the speaker their own line: at once, or in a logged room once it is stored."""
    written = client.server.world.logs.written(event)
    if written is None:
        echo(client, event)
        return None
    return _echo_when(client, event, written)


async def _echo_when(
    client: TelnetClient, event: RoomMessageSent, written: Awaitable[None]
) -> None:
    await written
    echo(client, event)


def context(client: TelnetClient) -> Context:
    """The client's character acting in the world (dispatch runs commands once logged in)."""
    conn = client.conn
    assert conn is not None
    return telnet_context(client.server.world, conn)


def _speaking(spec: Spec) -> Handler:
    """Say (or whisper) in the room the character stands in, at once; then the echo."""

    def handle(client: TelnetClient, line: Line) -> Work | None:
        try:
            intent = spec.parse(line)
        except Usage:
            usage(client, spec.name)
            return None
        if isinstance(intent, Whisper):
            whispered = run_now(context(client), replace(intent, room=here(client)))
            assert isinstance(whispered, Whispered)
            remember(client, whispered.event)
            echo(client, whispered.event)
            return None
        if isinstance(intent, RollDice):
            # No echo: the roll reaches the roller as it reaches the room.
            run_now(context(client), replace(intent, room=here(client)))
            return None
        assert isinstance(intent, Say)
        done = run_now(context(client), replace(intent, room=here(client)))
        assert isinstance(done, Said)
        remember(client, done.event)
        if done.event.kind is MessageKind.EMIT:
            client.keep_emit(done.event)
        return acknowledge(client, done.event)

    return handle


for _spec in SPEAKING_SPECS:
    documented(_spec)(_speaking(_spec))


@documented(RECALL)
def recall(client: TelnetClient, line: Line) -> None:
    try:
        intent = parse_recall(line)
    except Usage:
        usage(client, "recall")
        return
    if intent.room == "":
        intent = replace(intent, room=here(client))
    reply = run_now(context(client), intent)
    assert isinstance(reply, Recalled)
    today = client.server.world.clock().astimezone(dt.UTC).date()
    client.tell(recalled_text(reply, lambda event: render_event(event, client.view), today))


@documented(THINK)
def think(client: TelnetClient, line: Line) -> None:
    client.tell(clean(line.args))


@documented(PAGE)
def page(client: TelnetClient, line: Line) -> Work | None:
    try:
        client.last_paged, intents = parse_page(line, client.last_pager, client.last_paged)
    except Usage:
        usage(client, "page")
        return None
    except Invalid as invalid:
        client.tell(str(invalid), Style.ERROR)
        return None
    acting = context(client)
    waiting = []
    for intent in intents:
        try:
            sent = run_now(acting, intent)
        except BoudoirError as error:
            report_error(client, error)
            continue
        if isinstance(sent, Sent):
            paged(client, sent)
        else:
            waiting.append(intent)
    return _page_later(client, waiting) if waiting else None


async def _page_later(client: TelnetClient, intents: Sequence[Direct]) -> None:
    """The pages that write to the store first (to a stranger, or answering one)."""
    if client.conn is None:
        return
    acting = context(client)
    for intent in intents:
        try:
            sent = await run(acting, intent)
        except BoudoirError as error:
            report_error(client, error)
            continue
        assert isinstance(sent, Sent)
        paged(client, sent)


@on_event(DirectMessageSent)
def _remember_pager(client: TelnetClient, event: Event) -> None:
    conn = client.conn
    if (
        type(event) is DirectMessageSent
        and conn is not None
        and event.sender.id != conn.character.id
    ):
        client.last_pager = event.sender.name
