"""Logs kept by consent on IRC: ``LOG PROPOSE|YES|WITHDRAW #room`` (and ``/msg LogServ``), the
notice and the ``[logged]`` topic tag that show a log is on, and IRCv3 ``CHATHISTORY``
(https://ircv3.net/specs/extensions/chathistory), which serves exactly those logs and nothing
else: a client reads the lines of the log segments its account was present and consenting
for, and an empty batch anywhere else.

Imports ``core``, ``wire.irc``, ``domain`` and the standard library.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Final

from boudoir.core import commands
from boudoir.core.logs import HISTORY_LIMIT
from boudoir.core.ports import LogLine
from boudoir.core.registry import LiveRoom
from boudoir.domain.errors import BoudoirError, InvalidInput
from boudoir.domain.events import MessageKind
from boudoir.domain.intents import Intent
from boudoir.gateways.irc.client import IrcClient
from boudoir.gateways.irc.commands import Work, command, service
from boudoir.gateways.irc.render import (
    EMIT_MARK,
    channel,
    hidden_topic,
    mask_of,
    server_time,
    split_text,
)
from boudoir.wire.irc import Message
from boudoir.wire.irc.render_events import LOGSERV_MASK
from boudoir.wire.irc.replies import service_text
from boudoir.wire.irc.services import LOGSERV as LOGSERV_TABLE
from boudoir.wire.irc.services import Usage
from boudoir.wire.irc.services.logserv import HELP as LOGSERV_HELP

CAPABILITY: Final = "draft/chathistory"
ISUPPORT: Final = (f"CHATHISTORY={HISTORY_LIMIT}", "MSGREFTYPES=msgid,timestamp")
"""RPL_ISUPPORT tokens of the chathistory spec: the most lines one request returns, and the
kinds of reference a client may give."""
TEXT_BUDGET: Final = 400
"""Bytes of text per history line: room for the prefix and the command in 512."""

# --- what clients see ------------------------------------------------------------------------


# --- consent commands ------------------------------------------------------------------------


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
    return _consent(client, entry.parse(message.params[1:]))


async def _consent(client: IrcClient, intent: Intent) -> None:
    conn = client.conn
    if conn is None:  # LOG and LogServ's verbs need a login
        return
    reply = await commands.run(commands.Context.of(client.server.world, conn), intent)
    text = None if reply is None else service_text(reply)
    if text is not None:
        _tell(client, text)


def is_logserv(target: str) -> bool:
    return target.lower() == "logserv"


@service("LogServ")
def logserv(client: IrcClient, text: str) -> Work | None:
    """``/msg LogServ PROPOSE|YES|WITHDRAW #room`` and ``HELP``."""
    words = text.split()
    entry = LOGSERV_TABLE.get(words[0]) if words else None
    if client.conn is None:
        _tell(client, "Log in first: /msg NickServ IDENTIFY <name> <password>.")
        return None
    try:
        intent = None if entry is None else entry.parse(words[1:])
    except Usage:
        intent = None
    if intent is None:
        _tell(client, LOGSERV_HELP)
        return None
    return _answered(client, intent)


async def _answered(client: IrcClient, intent: Intent) -> None:
    try:
        await _consent(client, intent)
    except BoudoirError as error:
        _tell(client, error.message)


def _tell(client: IrcClient, text: str) -> None:
    for line in text.split("\n"):
        client.machine.send_message(Message("NOTICE", (client.nick, line), LOGSERV_MASK))


# --- CHATHISTORY -------------------------------------------------------------------------


class _BadReference(Exception):
    pass


def _timestamp(value: str) -> dt.datetime:
    try:
        at = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise _BadReference from None
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    return at


async def _reference(
    client: IrcClient, value: str, *, star: bool = False
) -> tuple[dt.datetime | None, LogLine | None]:
    """A ``timestamp=`` or ``msgid=`` reference as a time (and the line a msgid names). A msgid
    the asker may not read is as unknown as one that never existed."""
    if star and value == "*":
        return None, None
    kind, _, rest = value.partition("=")
    if kind == "timestamp" and rest:
        return _timestamp(rest), None
    if kind == "msgid" and rest:
        conn = client.conn
        assert conn is not None
        line = await client.server.world.logs.find_line(conn.account.id, rest)
        if line is None:
            raise _BadReference
        return line.at, line
    raise _BadReference


def _limit(value: str) -> int:
    try:
        limit = int(value)
    except ValueError:
        raise InvalidInput("bad limit") from None
    if limit < 0:
        raise InvalidInput("bad limit")
    return min(limit, HISTORY_LIMIT) if limit else HISTORY_LIMIT


@command("CHATHISTORY", min_params=3)
def chathistory(client: IrcClient, message: Message) -> Work | None:
    subcommand = message.params[0].upper()
    if subcommand not in ("LATEST", "BEFORE", "AFTER", "AROUND", "BETWEEN", "TARGETS"):
        client.fail("CHATHISTORY", "INVALID_PARAMS", "Unknown subcommand", message.params[0])
        return None
    needed = 5 if subcommand == "BETWEEN" else 4
    if len(message.params) < needed:
        client.fail("CHATHISTORY", "INVALID_PARAMS", "Not enough parameters", subcommand)
        return None
    return _chathistory(client, subcommand, message.params[1:])


async def _chathistory(client: IrcClient, subcommand: str, params: tuple[str, ...]) -> None:
    conn = client.conn
    assert conn is not None
    try:
        limit = _limit(params[-1])
    except InvalidInput:
        client.fail("CHATHISTORY", "INVALID_PARAMS", "The limit is a number", subcommand)
        return
    if subcommand == "TARGETS":
        await _targets(client, params, limit)
        return
    target = params[0]
    try:
        lines = await _select(client, subcommand, target, params[1:-1], limit)
    except _BadReference:
        client.fail("CHATHISTORY", "INVALID_PARAMS", "Unknown message reference", subcommand)
        return
    _send_batch(client, target, lines)


async def _select(
    client: IrcClient, subcommand: str, target: str, refs: tuple[str, ...], limit: int
) -> list[LogLine]:
    """The lines a subcommand asks for, oldest first. Only rooms are ever logged: a nick as
    target, like a room the asker read no log of, gets none."""
    conn = client.conn
    assert conn is not None
    if not target.startswith("#"):
        for ref in refs:
            await _reference(client, ref, star=subcommand == "LATEST")
        return []
    history = client.server.world.logs.history
    account = conn.account.id
    if subcommand == "LATEST":
        after, _ = await _reference(client, refs[0], star=True)
        return await history(account, target, after=after, limit=limit, newest=True)
    at, line = await _reference(client, refs[0])
    if subcommand == "BEFORE":
        return await history(account, target, before=at, limit=limit, newest=True)
    if subcommand == "AFTER":
        return await history(account, target, after=at, limit=limit)
    if subcommand == "AROUND":
        before = await history(account, target, before=at, limit=limit // 2, newest=True)
        middle = [line] if line is not None else []
        rest = limit - len(before) - len(middle)
        later = await history(account, target, after=at, limit=rest) if rest > 0 else []
        return [*before, *middle, *later]
    # BETWEEN: the order of the references sets the direction (spec, "BETWEEN").
    other, _ = await _reference(client, refs[1])
    assert at is not None
    assert other is not None
    if at <= other:
        return await history(account, target, after=at, before=other, limit=limit)
    return await history(account, target, after=other, before=at, limit=limit, newest=True)


def _open_batch(client: IrcClient, kind: str, *params: str) -> str | None:
    if "batch" not in client.machine.caps:
        return None
    reference = secrets.token_hex(6)
    client.machine.send_message(
        Message("BATCH", (f"+{reference}", kind, *params), client.server.server_name)
    )
    return reference


def _close_batch(client: IrcClient, reference: str | None) -> None:
    if reference is not None:
        client.machine.send_message(Message("BATCH", (f"-{reference}",), client.server.server_name))


def _send_batch(client: IrcClient, target: str, lines: list[LogLine]) -> None:
    """A ``chathistory`` batch: each line as it was said, with its time and msgid."""
    caps = client.machine.caps
    reference = _open_batch(client, "chathistory", target)
    name = channel(_room_of(client, target)) if lines else target
    for line in lines:
        kind = MessageKind(line.kind)
        command_name = "NOTICE" if kind is MessageKind.NOTICE else "PRIVMSG"
        pieces = split_text(line.text, TEXT_BUDGET)
        for number, piece in enumerate(pieces):
            tags: dict[str, str] = {}
            if reference is not None:
                tags["batch"] = reference
            if "server-time" in caps:
                tags["time"] = server_time(line.at)
            if "message-tags" in caps:
                tags["msgid"] = line.message_id if number == 0 else f"{line.message_id}-{number}"
            if kind is MessageKind.POSE:
                piece = f"\x01ACTION {piece}\x01"
            elif kind is MessageKind.OOC:
                piece = f"(({piece}))"
            elif kind is MessageKind.EMIT:
                piece = EMIT_MARK + piece
            client.machine.send_message(
                Message(command_name, (name, piece), mask_of(line.sender_name), tags)
            )
    _close_batch(client, reference)


def _room_of(client: IrcClient, target: str) -> str:
    """The room's name as it is spelled (``#Den`` for ``#den``) when it is live here."""
    from boudoir.domain.names import name_key

    key = name_key(target.removeprefix("#"))
    for live in client.server.world.registry.rooms.values():
        if name_key(live.room.name) == key:
            return live.room.name
    return target.removeprefix("#")


async def _targets(client: IrcClient, params: tuple[str, ...], limit: int) -> None:
    """``TARGETS``: the rooms with lines this account may read between two timestamps, each
    with the time of its latest such line."""
    conn = client.conn
    assert conn is not None
    try:
        first, _ = await _reference(client, params[0])
        second, _ = await _reference(client, params[1])
    except _BadReference:
        client.fail("CHATHISTORY", "INVALID_PARAMS", "Targets take two timestamps", "TARGETS")
        return
    assert first is not None
    assert second is not None
    low, high = min(first, second), max(first, second)
    latest: dict[str, dt.datetime] = {}
    logs = client.server.world.logs
    for segment in await logs.segments(conn.account.id):
        lines = await logs.history(
            conn.account.id, segment.room_name, after=low, before=high, limit=1, newest=True
        )
        if lines:
            room = channel(segment.room_name)
            latest[room] = max(latest.get(room, lines[-1].at), lines[-1].at)
    reference = _open_batch(client, "draft/chathistory-targets")
    ordered = sorted(latest.items(), key=lambda item: item[1])[:limit]
    for room, at in ordered:
        tags = {"batch": reference} if reference is not None else {}
        client.machine.send_message(
            Message(
                "CHATHISTORY",
                ("TARGETS", room, server_time(at)),
                client.server.server_name,
                tags,
            )
        )
    _close_batch(client, reference)
