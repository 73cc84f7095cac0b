"""Reports and moderation on IRC: the ``REPORT`` command, and ``/msg ModServ <command>`` for
staff (the queue, actions, the audit log; ``RULES`` and ``RULE`` go to AutoMod).

``REPORT <nick> [msgid ...] :<reason>`` files a report. IRC clients cannot send back the text
of what they received, so message ids alone are kept as references, marked unverified; a client
or script that kept the lines (with message-tags they carry a ``boudoir.chat/seal`` tag) may
attach them in the ``boudoir.chat/evidence`` tag of the REPORT line, a JSON array of objects
shaped as the browser's (``id``, ``at``, ``room`` or ``to``, ``from``, ``kind``, ``text``,
``seal``), which the server verifies (docs/irc.md, "Reports").

Imports ``core``, ``domain``, ``wire.irc`` and the gateway's own modules.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Coroutine, Mapping
from typing import Any, Final

from boudoir.core.moderation import Actor
from boudoir.domain.errors import BoudoirError, InvalidInput
from boudoir.domain.moderation import MAX_EVIDENCE_LINES, Action, QueueItem, QueueStatus
from boudoir.gateways.irc import automod
from boudoir.gateways.irc.client import IrcClient
from boudoir.gateways.irc.commands import command, service
from boudoir.wire.irc import Message

SERVICE: Final = "ModServ"
MASK: Final = "ModServ!services@services"
EVIDENCE_TAG: Final = "boudoir.chat/evidence"

HELP = """\
ModServ commands (/msg ModServ <command>), for server moderators and operators
(room owners and moderators: WARN, MUTE, KICK, BAN and CLEAR in their own rooms):
  QUEUE [open|resolved|all]              the moderators' queue, oldest first
  ITEM <id>                              one item with its evidence
  RESOLVE <id> <release|drop|dismiss|actioned> [note]
  WARN <nick> [reason]                   a notice to them from the moderators
  MUTE <#room> <nick> [duration] [reason]   they cannot speak there (10m, 2h, 7d)
  KICK <#room> <nick> [reason]
  BAN <#room> <nick> [duration] [reason]    ban from the room
  CLEAR <#room> <nick>                   lift a mute and a room ban
  SUSPEND <nick> [duration] [reason]     every session ends, no login until it lapses
  ACCOUNTBAN <nick> [reason]             the same, until lifted
  UNSUSPEND <nick> | UNBAN <nick>
  PENDING                                accounts waiting for approval
  APPROVE <name>                         let a waiting account log in
  INVITE [uses] [days]                   a new invitation code (1 use, no expiry)
  AUDIT                                  the audit log, newest first (operators)
  RULES | RULE ...                       automod rules (/msg AutoMod HELP)
Anyone: REPORT <nick> [msgid ...] :<reason>  (a raw command: /quote in irssi and HexChat)"""

_DURATION = re.compile(r"^(\d{1,6})([mhd])$")
_UNITS = {"m": 60, "h": 3600, "d": 86400}
_SHOWN = 20
"""Queue items and audit entries shown per command; the browser view shows them all."""


def reply(client: IrcClient, text: str) -> None:
    for line in text.split("\n"):
        client.machine.send_message(Message("NOTICE", (client.nick, line or " "), source=MASK))


# --- REPORT ----------------------------------------------------------------------------------


@command("REPORT", min_params=2)
def report(client: IrcClient, message: Message) -> Coroutine[Any, Any, None]:
    subject, *ids = message.params[:-1]
    reason = message.params[-1]
    lines: list[Mapping[str, object]] = [{"id": msgid} for msgid in ids if msgid]
    attached = message.tags.get(EVIDENCE_TAG)
    if attached:
        lines = [*_attached(attached), *lines]
    return _report(client, subject, reason, lines[:MAX_EVIDENCE_LINES])


def _attached(value: str) -> list[Mapping[str, object]]:
    try:
        data = json.loads(value)
    except ValueError:
        raise InvalidInput(f"The {EVIDENCE_TAG} tag is not JSON.") from None
    if not isinstance(data, list) or not all(isinstance(line, dict) for line in data):
        raise InvalidInput(f"The {EVIDENCE_TAG} tag is a JSON array of message objects.")
    return data


async def _report(
    client: IrcClient, subject: str, reason: str, lines: list[Mapping[str, object]]
) -> None:
    conn = client.conn
    assert conn is not None
    item = await client.server.world.moderation.report(conn, subject, reason, lines)
    checked = item.evidence.get("lines")
    genuine = sum(1 for line in checked if line.get("genuine")) if isinstance(checked, list) else 0
    text = f"Report {item.id} filed; {genuine} line(s) verified."
    # A standard reply for clients that show them, and a notice for those that do not.
    client.machine.note("REPORT", "FILED", text, item.id)
    reply(client, text)


# --- ModServ ---------------------------------------------------------------------------------


@service("ModServ")
def modserv(client: IrcClient, text: str) -> Coroutine[Any, Any, None] | None:
    """``/msg ModServ <text>``."""
    words = text.split()
    if not words or words[0].upper() == "HELP":
        reply(client, HELP)
        return None
    if client.conn is None:
        reply(client, "Log in first: /msg NickServ IDENTIFY <name> <password>.")
        return None
    verb, args = words[0].upper(), words[1:]
    if verb in automod.VERBS:
        return automod.run(client, verb, args)
    return _run(client, verb, args)


async def _run(client: IrcClient, verb: str, args: list[str]) -> None:
    conn = client.conn
    assert conn is not None
    world = client.server.world
    actor = Actor.of(conn.account)
    try:
        if verb == "QUEUE":
            wanted = (args[0] if args else "open").lower()
            status = {"open": QueueStatus.OPEN, "resolved": QueueStatus.RESOLVED}.get(wanted)
            items = await world.moderation.queue(actor, status)
            shown = [_item_line(item) for item in items[:_SHOWN]]
            more = f"\n...and {len(items) - _SHOWN} more." if len(items) > _SHOWN else ""
            reply(client, "\n".join(shown) + more if shown else "The queue is empty.")
        elif verb == "ITEM":
            _need(args, 1, "ITEM <id>")
            items = await world.moderation.queue(actor, None)
            item = next((i for i in items if i.id == args[0]), None)
            reply(client, _item_full(item) if item else f"There is no item {args[0]}.")
        elif verb == "RESOLVE":
            _need(args, 2, "RESOLVE <id> <release|drop|dismiss|actioned> [note]")
            item = await world.moderation.resolve(
                actor, args[0], args[1].lower(), " ".join(args[2:])
            )
            reply(client, f"Resolved {item.id}: {args[1].lower()}.")
        elif verb == "PENDING":
            waiting = await world.accounts.awaiting_approval_as(actor)
            names = ", ".join(a.name for a in waiting)
            reply(client, f"Waiting for approval: {names}." if names else "Nobody is waiting.")
        elif verb == "APPROVE":
            _need(args, 1, "APPROVE <name>")
            approved = await world.accounts.approve_as(actor, args[0])
            reply(client, f"Approved {approved.name}: they can log in now.")
        elif verb == "INVITE":
            uses, days = _invite_arguments(args)
            invitation, code = await world.invitations.create_as(
                actor, uses=uses, expires_in_days=days
            )
            until = f", until {_time(invitation.expires_at)} UTC" if invitation.expires_at else ""
            reply(client, f"Invitation {invitation.id} (usable {uses}x{until}): {code}")
        elif verb == "AUDIT":
            actions = await world.moderation.audit(actor)
            lines = [_action_line(action) for action in actions[:_SHOWN]]
            reply(client, "\n".join(lines) or "The audit log is empty.")
        else:
            action = await _act(client, actor, verb, args)
            reply(client, f"Done: {_action_line(action)}")
    except BoudoirError as error:
        reply(client, error.message)


_ROOM_VERBS: Final = {"MUTE": "mute", "KICK": "kick", "BAN": "room_ban", "CLEAR": "clear"}
_ACCOUNT_VERBS: Final = {
    "WARN": "warn",
    "SUSPEND": "suspend",
    "ACCOUNTBAN": "account_ban",
    "UNSUSPEND": "unsuspend",
    "UNBAN": "unban",
}
_TIMED: Final = frozenset({"MUTE", "BAN", "SUSPEND"})


async def _act(client: IrcClient, actor: Actor, verb: str, args: list[str]) -> Action:
    moderation = client.server.world.moderation
    room = ""
    if verb in _ROOM_VERBS:
        _need(args, 2, f"{verb} <#room> <nick> ...")
        room, args = args[0].removeprefix("#"), args[1:]
        kind = _ROOM_VERBS[verb]
    elif verb in _ACCOUNT_VERBS:
        _need(args, 1, f"{verb} <nick> ...")
        kind = _ACCOUNT_VERBS[verb]
    else:
        raise InvalidInput(f"Unknown command {verb}. /msg ModServ HELP for the list.")
    target, rest = args[0], args[1:]
    expires = None
    if verb in _TIMED and rest:
        length = _duration(rest[0])
        if length is not None:
            expires = client.server.world.clock() + length
            rest = rest[1:]
    return await moderation.act(actor, kind, target, room, " ".join(rest), expires)


def _invite_arguments(args: list[str]) -> tuple[int, float | None]:
    usage = "Usage: INVITE [uses] [days]"
    if len(args) > 2:
        raise InvalidInput(usage)
    try:
        uses = int(args[0]) if args else 1
        days = float(args[1]) if len(args) == 2 else None
    except ValueError:
        raise InvalidInput(usage) from None
    return uses, days


def _need(args: list[str], count: int, usage: str) -> None:
    if len(args) < count:
        raise InvalidInput(f"Usage: {usage}")


def _duration(word: str) -> dt.timedelta | None:
    found = _DURATION.match(word.lower())
    if found is None:
        return None
    return dt.timedelta(seconds=int(found.group(1)) * _UNITS[found.group(2)])


def _time(at: dt.datetime | None) -> str:
    return "-" if at is None else f"{at:%Y-%m-%d %H:%M}"


def _item_line(item: QueueItem) -> str:
    state = item.resolution.value if item.resolution else item.status.value
    return f"{item.id} {_time(item.created_at)} {item.kind.value} [{state}] {item.summary}"


def _item_full(item: QueueItem) -> str:
    lines = [_item_line(item)]
    evidence = item.evidence.get("lines")
    for line in evidence if isinstance(evidence, list) else []:
        mark = "genuine" if line.get("genuine") else "unverified"
        where = line.get("room") or line.get("to") or "?"
        lines.append(
            f"  [{mark}] {line.get('at', '?')} {where} <{line.get('from', '?')}> "
            f"{line.get('text', '(no text: id ' + str(line.get('id', '?')) + ')')}"
        )
    if item.note:
        lines.append(f"  note: {item.note} ({item.resolved_by})")
    return "\n".join(lines)


def _action_line(action: Action) -> str:
    room = f" in {action.room}" if action.room else ""
    until = f" until {_time(action.expires_at)}" if action.expires_at else ""
    why = f": {action.reason}" if action.reason else ""
    return (
        f"{_time(action.at)} {action.actor} {action.kind.value} {action.target}{room}{until}{why}"
    )
