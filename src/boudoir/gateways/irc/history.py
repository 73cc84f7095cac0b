"""Logs kept by consent on IRC: ``LOG PROPOSE|YES|WITHDRAW #room`` (and ``/msg LogServ``), the
notice and the ``[logged]`` topic tag that show a log is on, and IRCv3 ``CHATHISTORY``, which
serves exactly those logs and nothing else (``core.chathistory``; the request and its batch:
``wire.irc.chathistory``).

Imports ``core``, ``wire.irc``, ``domain`` and the standard library.
"""

from __future__ import annotations

from boudoir.core.chathistory import read_history, read_targets
from boudoir.core.logs import HISTORY_LIMIT
from boudoir.core.registry import LiveRoom
from boudoir.domain.errors import BoudoirError
from boudoir.domain.history import HistoryQuery, TargetsQuery, UnknownReference
from boudoir.domain.intents import Intent
from boudoir.gateways.irc.client import IrcClient
from boudoir.gateways.irc.commands import Work, command, service
from boudoir.gateways.irc.services import LOG_IN_FIRST, run_and_tell, teller
from boudoir.wire.irc import Message
from boudoir.wire.irc.chathistory import Refused, history_lines, parse_request, target_lines
from boudoir.wire.irc.event_lines import hidden_topic
from boudoir.wire.irc.render_events import LOGSERV_MASK
from boudoir.wire.irc.services import LOGSERV as LOGSERV_TABLE
from boudoir.wire.irc.services import Usage
from boudoir.wire.irc.services.logserv import HELP as LOGSERV_HELP


def topic_text(client: IrcClient, live: LiveRoom, reveal: bool = False) -> str:
    """The topic as this IRC client sees it, without the ``[logged]`` tag."""
    conn = client.conn
    if conn is None:
        return ""
    topic = client.server.world.authored.topic(conn, live, reveal=reveal)
    return hidden_topic(live.room.name) if topic.hidden and not reveal else topic.text


@command("LOG", min_params=2)
def log_command(client: IrcClient, message: Message) -> Work | None:
    """``LOG PROPOSE|YES|WITHDRAW #room``: everyone present, this client too, is told with a
    notice from LogServ."""
    entry = LOGSERV_TABLE.get(message.params[0])
    if entry is None:
        client.fail("LOG", "INVALID_PARAMS", "Use LOG PROPOSE, LOG YES or LOG WITHDRAW #room")
        return None
    return run_and_tell(client, entry.parse(message.params[1:]), teller(client, LOGSERV_MASK))


@service("LogServ")
def logserv(client: IrcClient, text: str) -> Work | None:
    """``/msg LogServ PROPOSE|YES|WITHDRAW #room`` and ``HELP``."""
    words = text.split()
    entry = LOGSERV_TABLE.get(words[0]) if words else None
    say = teller(client, LOGSERV_MASK)
    if client.conn is None:
        say(LOG_IN_FIRST)
        return None
    try:
        intent = None if entry is None else entry.parse(words[1:])
    except Usage:
        intent = None
    if intent is None:
        say(LOGSERV_HELP)
        return None
    return _answered(client, intent)


async def _answered(client: IrcClient, intent: Intent) -> None:
    say = teller(client, LOGSERV_MASK)
    try:
        await run_and_tell(client, intent, say)
    except BoudoirError as error:
        say(error.message)


@command("CHATHISTORY", min_params=3)
def chathistory(client: IrcClient, message: Message) -> Work | None:
    try:
        query = parse_request(message.params, HISTORY_LIMIT)
    except Refused as refused:
        client.fail("CHATHISTORY", "INVALID_PARAMS", refused.description, refused.context)
        return None
    return _chathistory(client, query)


async def _chathistory(client: IrcClient, query: HistoryQuery | TargetsQuery) -> None:
    conn = client.conn
    assert conn is not None
    world, server, caps = client.server.world, client.server.server_name, client.machine.caps
    try:
        if isinstance(query, HistoryQuery):
            page = await read_history(world, conn.account.id, query)
            lines = history_lines(server, query.target, page, caps)
        else:
            lines = target_lines(server, await read_targets(world, conn.account.id, query), caps)
    except UnknownReference:
        if isinstance(query, HistoryQuery):
            client.fail(
                "CHATHISTORY", "INVALID_PARAMS", UnknownReference.default_message, query.direction
            )
        else:
            client.fail("CHATHISTORY", "INVALID_PARAMS", "Targets take two timestamps", "TARGETS")
        return
    for line in lines:
        client.machine.send_message(line)
