"""LogServ's table: saying yes or no to logging a room, as ``/msg LogServ <verb> #room`` or
``/LOG <verb> #room``. Words that fit no verb are answered with the ``HELP``.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from boudoir.domain.intents.logs import AgreeToLog, ProposeLog, WithdrawFromLog
from boudoir.wire.irc.services.table import ServiceCommand, ServiceTable, Usage

HELP: Final = (
    "LogServ keeps a room's log only while everyone present says yes.\n"
    "/msg LogServ PROPOSE #room   propose logging (your own yes)\n"
    "/msg LogServ YES #room       say yes to the proposal\n"
    "/msg LogServ WITHDRAW #room  say no: logging stops at once, for everyone\n"
    "The same as /LOG PROPOSE #room, /LOG YES #room, /LOG WITHDRAW #room (irssi and "
    "WeeChat: /quote LOG ...). Read what was logged with CHATHISTORY or on the web."
)


def _room(words: Sequence[str]) -> str:
    """The room the verb is about (words after it are ignored)."""
    if not words:
        raise Usage
    return words[0]


def _propose(words: Sequence[str]) -> ProposeLog:
    return ProposeLog(_room(words))


def _agree(words: Sequence[str]) -> AgreeToLog:
    return AgreeToLog(_room(words))


def _withdraw(words: Sequence[str]) -> WithdrawFromLog:
    return WithdrawFromLog(_room(words))


LOGSERV = ServiceTable(
    "LogServ",
    (
        ServiceCommand("PROPOSE", "PROPOSE #room", "propose logging (your own yes)", _propose),
        ServiceCommand("YES", "YES #room", "say yes to the proposal", _agree),
        ServiceCommand("AGREE", "AGREE #room", "say yes to the proposal", _agree),
        ServiceCommand(
            "WITHDRAW", "WITHDRAW #room", "say no: logging stops at once, for everyone", _withdraw
        ),
        ServiceCommand("NO", "NO #room", "the same as WITHDRAW", _withdraw),
        ServiceCommand("STOP", "STOP #room", "the same as WITHDRAW", _withdraw),
    ),
)
