"""IRCv3 ``CHATHISTORY`` (https://ircv3.net/specs/extensions/chathistory), sans-I/O: the
command's parameters into a query (``domain.history``), and a page of lines, or the targets,
into the batch a client reads. What may be read is the core's (``core.chathistory``).

Imports the standard library, ``boudoir.domain`` and ``wire.irc``.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from typing import Final, get_args

from boudoir.domain.dice import LOGGED_KIND
from boudoir.domain.events import DiceRolled, MessageKind, RoomMessageSent
from boudoir.domain.history import Direction, HistoryPage, HistoryQuery, LineRef, TargetsQuery
from boudoir.domain.times import utc_millis as server_time
from boudoir.wire.irc.event_lines import EMIT_MARK, mask_of, split_text, tag_mask
from boudoir.wire.irc.masks import channel
from boudoir.wire.irc.message import Message, parse_message
from boudoir.wire.irc.render_events import message_bytes, roll_notice

TEXT_BUDGET: Final = 400
"""Bytes of text per history line: room for the prefix and the command in 512."""
DIRECTIONS: Final[tuple[Direction, ...]] = get_args(Direction)


class Refused(Exception):
    """A request answered with ``FAIL CHATHISTORY INVALID_PARAMS <description> <context>``."""

    def __init__(self, description: str, context: str) -> None:
        super().__init__(description)
        self.description = description
        self.context = context


def parse_request(params: Sequence[str], history_limit: int) -> HistoryQuery | TargetsQuery:
    """``CHATHISTORY <subcommand> <target> <reference>... <limit>`` (at least three
    parameters, as the command table requires) as a query; ``Refused`` says why not."""
    subcommand = params[0].upper()
    if subcommand != "TARGETS" and subcommand not in DIRECTIONS:
        raise Refused("Unknown subcommand", params[0])
    if len(params) < (5 if subcommand == "BETWEEN" else 4):
        raise Refused("Not enough parameters", subcommand)
    limit = _limit(params[-1], history_limit)
    if limit is None:
        raise Refused("The limit is a number", subcommand)
    if subcommand == "TARGETS":
        first, second = _ref(params[1]), _ref(params[2])
        if first is None or second is None:
            raise Refused("Targets take two timestamps", subcommand)
        return TargetsQuery(first, second, limit)
    direction = next(d for d in DIRECTIONS if d == subcommand)
    target, words = params[1], params[2:-1]
    if target.startswith("#"):  # only the references the subcommand reads
        words = words[: 2 if direction == "BETWEEN" else 1]
    refs = tuple(_ref(word, star=direction == "LATEST") for word in words)
    if None in refs:
        raise Refused("Unknown message reference", subcommand)
    return HistoryQuery(direction, target, tuple(r for r in refs if r is not None), limit)


def _limit(value: str, most: int) -> int | None:
    try:
        limit = int(value)
    except ValueError:
        return None
    if limit < 0:
        return None
    return min(limit, most) if limit else most


def _ref(value: str, *, star: bool = False) -> LineRef | None:
    """A ``timestamp=`` or ``msgid=`` reference (``*`` where ``star``), or None."""
    if star and value == "*":
        return LineRef()
    kind, _, rest = value.partition("=")
    if kind == "msgid" and rest:
        return LineRef(message_id=rest)
    if kind != "timestamp" or not rest:
        return None
    try:
        at = dt.datetime.fromisoformat(rest.replace("Z", "+00:00"))
    except ValueError:
        return None
    return LineRef(at=at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC))


def batch_reference(caps: frozenset[str] | set[str]) -> str | None:
    """A new batch's reference for a client with IRCv3 batch, None for one without."""
    return secrets.token_hex(6) if "batch" in caps else None


def _batch(
    server: str, reference: str | None, head: tuple[str, ...], body: list[Message]
) -> list[Message]:
    if reference is None:
        return body
    start = Message("BATCH", (f"+{reference}", *head), server)
    return [start, *body, Message("BATCH", (f"-{reference}",), server)]


def history_lines(
    server: str, target: str, page: HistoryPage, caps: frozenset[str] | set[str]
) -> list[Message]:
    """A ``chathistory`` batch: each line as it was said, with its time and msgid."""
    reference = batch_reference(caps)
    name = channel(page.room) if page.room is not None else target
    body = []
    for line in page.lines:
        if line.kind == LOGGED_KIND:  # a roll of dice: the server's line, as it was live
            body.append(
                _roll(server, name, line.sender, line.text, line.at, line.id, reference, caps)
            )
            continue
        kind = MessageKind(line.kind)
        command = "NOTICE" if kind is MessageKind.NOTICE else "PRIVMSG"
        for number, piece in enumerate(split_text(line.text, TEXT_BUDGET)):
            tags: dict[str, str] = {}
            if reference is not None:
                tags["batch"] = reference
            if "server-time" in caps:
                tags["time"] = server_time(line.at)
            if "message-tags" in caps:
                tags["msgid"] = line.id if number == 0 else f"{line.id}-{number}"
            if kind is MessageKind.POSE:
                piece = f"\x01ACTION {piece}\x01"
            elif kind is MessageKind.OOC:
                piece = f"(({piece}))"
            elif kind is MessageKind.EMIT:
                piece = EMIT_MARK + piece
            body.append(Message(command, (name, piece), mask_of(line.sender), tags))
    return _batch(server, reference, ("chathistory", target), body)


def _roll(
    server: str,
    target: str,
    roller: str,
    summary: str,
    at: dt.datetime,
    message_id: str,
    reference: str | None,
    caps: frozenset[str] | set[str],
) -> Message:
    """A roll of dice read back: the server's NOTICE, as it was live, with its time and msgid
    as the client reads tags."""
    tags = {} if reference is None else {"batch": reference}
    if "server-time" in caps:
        tags["time"] = server_time(at)
    if "message-tags" in caps:
        tags["msgid"] = message_id
    return roll_notice(server, target, roller, summary, tags)


def target_lines(
    server: str, targets: Sequence[tuple[str, dt.datetime]], caps: frozenset[str] | set[str]
) -> list[Message]:
    """A ``draft/chathistory-targets`` batch: each room and the time of its latest line."""
    reference = batch_reference(caps)
    tags = {"batch": reference} if reference is not None else {}
    body = [
        Message("CHATHISTORY", ("TARGETS", channel(room), server_time(at)), server, dict(tags))
        for room, at in targets
    ]
    return _batch(server, reference, ("draft/chathistory-targets",), body)


def replay_lines(
    server: str,
    room: str,
    events: Sequence[RoomMessageSent | DiceRolled],
    caps: frozenset[str] | set[str],
) -> list[Message]:
    """What was said in ``room`` lately that reached this client's person (the replay, shown
    on JOIN): each line exactly as it was delivered live (a whisper as a whisper), with its
    time and msgid as the client reads tags, in a ``chathistory`` batch for a client with
    IRCv3 batch; nothing when there is nothing."""
    if not events:
        return []
    reference = batch_reference(caps)
    body = []
    for event in events:
        if isinstance(event, DiceRolled):
            roller, summary = event.roller.name, event.summary()
            body.append(
                _roll(server, channel(room), roller, summary, event.at, event.id, reference, caps)
            )
            continue
        for raw in message_bytes(event, tag_mask(caps)).split(b"\r\n"):
            if raw:
                line = parse_message(raw)
                tags = {"batch": reference, **line.tags} if reference is not None else line.tags
                body.append(Message(line.command, line.params, line.source, tags))
    return _batch(server, reference, ("chathistory", channel(room)), body)
