"""ModServ's table: the moderators' queue, actions, the audit log, approvals and invitations.

Its words are split on spaces (no quoting: reasons are the rest of the line). A command whose
words do not fit is refused with its ``Usage: ...`` line (an ``InvalidInput``), as ModServ
always answered. ``RULES`` and ``RULE ...`` belong to AutoMod's table (``automod.py``).

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Final

from boudoir.domain.errors import InvalidInput
from boudoir.domain.intents.moderation import (
    ApproveAccount,
    CreateInvitation,
    ListPendingAccounts,
    ResolveItem,
    ShowAudit,
    ShowItem,
    ShowQueue,
    TakeAction,
)
from boudoir.domain.moderation import QueueStatus
from boudoir.wire.irc.services.table import ServiceCommand, ServiceTable

HELP: Final = """\
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
"""ModServ's HELP, as one text: its rows group verbs (``UNSUSPEND | UNBAN``) and say who may
use them, which a line per table row would not."""

_DURATION: Final = re.compile(r"^(\d{1,6})([mhd])$")
_UNITS: Final = {"m": 60, "h": 3600, "d": 86400}
_STATUSES: Final = {"open": QueueStatus.OPEN, "resolved": QueueStatus.RESOLVED}
"""``QUEUE``'s word; any other (``all``) lists every item."""
INVITE_USAGE: Final = "INVITE [uses] [days]"


def _need(words: Sequence[str], count: int, usage: str) -> None:
    if len(words) < count:
        raise InvalidInput(f"Usage: {usage}")


def duration(word: str) -> dt.timedelta | None:
    """``10m``, ``2h``, ``7d`` as a length of time; None for any other word."""
    found = _DURATION.match(word.lower())
    if found is None:
        return None
    return dt.timedelta(seconds=int(found.group(1)) * _UNITS[found.group(2)])


def _queue(words: Sequence[str]) -> ShowQueue:
    return ShowQueue(_STATUSES.get((words[0] if words else "open").lower()))


def _item(words: Sequence[str]) -> ShowItem:
    _need(words, 1, "ITEM <id>")
    return ShowItem(words[0])


def _resolve(words: Sequence[str]) -> ResolveItem:
    _need(words, 2, "RESOLVE <id> <release|drop|dismiss|actioned> [note]")
    return ResolveItem(words[0], words[1].lower(), " ".join(words[2:]))


def _approve(words: Sequence[str]) -> ApproveAccount:
    _need(words, 1, "APPROVE <name>")
    return ApproveAccount(words[0])


def _invite(words: Sequence[str]) -> CreateInvitation:
    usage = f"Usage: {INVITE_USAGE}"
    if len(words) > 2:
        raise InvalidInput(usage)
    try:
        uses = int(words[0]) if words else 1
        days = float(words[1]) if len(words) == 2 else None
    except ValueError:
        raise InvalidInput(usage) from None
    return CreateInvitation(uses, days)


def _action(
    verb: str, kind: str, *, in_room: bool = False, timed: bool = False
) -> Callable[[Sequence[str]], TakeAction]:
    """The parser of an action verb: ``<#room> <nick>`` (a room's tools) or ``<nick>``, then
    a duration where the action can lapse (``timed``), then the reason."""

    def parse(words: Sequence[str]) -> TakeAction:
        room = ""
        if in_room:
            _need(words, 2, f"{verb} <#room> <nick> ...")
            room, words = words[0].removeprefix("#"), words[1:]
        else:
            _need(words, 1, f"{verb} <nick> ...")
        target, rest = words[0], words[1:]
        lasting = duration(rest[0]) if timed and rest else None
        if lasting is not None:
            rest = rest[1:]
        return TakeAction(kind, target, room, " ".join(rest), lasting=lasting)

    return parse


MODSERV = ServiceTable(
    "ModServ",
    (
        ServiceCommand("QUEUE", "QUEUE [open|resolved|all]", "the moderators' queue", _queue),
        ServiceCommand("ITEM", "ITEM <id>", "one item with its evidence", _item),
        ServiceCommand(
            "RESOLVE",
            "RESOLVE <id> <release|drop|dismiss|actioned> [note]",
            "resolve an item",
            _resolve,
        ),
        ServiceCommand(
            "WARN", "WARN <nick> [reason]", "a notice from the moderators", _action("WARN", "warn")
        ),
        ServiceCommand(
            "MUTE",
            "MUTE <#room> <nick> [duration] [reason]",
            "they cannot speak there",
            _action("MUTE", "mute", in_room=True, timed=True),
        ),
        ServiceCommand(
            "KICK",
            "KICK <#room> <nick> [reason]",
            "out of the room",
            _action("KICK", "kick", in_room=True),
        ),
        ServiceCommand(
            "BAN",
            "BAN <#room> <nick> [duration] [reason]",
            "ban from the room",
            _action("BAN", "room_ban", in_room=True, timed=True),
        ),
        ServiceCommand(
            "CLEAR",
            "CLEAR <#room> <nick>",
            "lift a mute and a room ban",
            _action("CLEAR", "clear", in_room=True),
        ),
        ServiceCommand(
            "SUSPEND",
            "SUSPEND <nick> [duration] [reason]",
            "every session ends, no login until it lapses",
            _action("SUSPEND", "suspend", timed=True),
        ),
        ServiceCommand(
            "ACCOUNTBAN",
            "ACCOUNTBAN <nick> [reason]",
            "the same, until lifted",
            _action("ACCOUNTBAN", "account_ban"),
        ),
        ServiceCommand(
            "UNSUSPEND", "UNSUSPEND <nick>", "lift a suspension", _action("UNSUSPEND", "unsuspend")
        ),
        ServiceCommand("UNBAN", "UNBAN <nick>", "lift an account ban", _action("UNBAN", "unban")),
        ServiceCommand(
            "PENDING", "PENDING", "accounts waiting for approval", lambda _: ListPendingAccounts()
        ),
        ServiceCommand("APPROVE", "APPROVE <name>", "let a waiting account log in", _approve),
        ServiceCommand("INVITE", INVITE_USAGE, "a new invitation code", _invite),
        ServiceCommand("AUDIT", "AUDIT", "the audit log, newest first", lambda _: ShowAudit()),
    ),
)
