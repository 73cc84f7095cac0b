"""Reports, moderation and automod on IRC: the ``REPORT`` command, ``/msg ModServ <command>``
for staff (the queue, actions, the audit log, approvals, invitations), and ``/msg AutoMod
<command>`` (the rules: operators add, change and remove them; server moderators list them,
test text against them and clear a false positive). ModServ hands ``RULES`` and ``RULE ...``
over to AutoMod.

The commands are tables (``wire.irc.services.modserv``, ``wire.irc.services.automod``,
``wire.irc.reports``); this module finds the verb, runs the intent through the core and sends
the reply as the service's notices.

Imports ``core``, ``domain``, ``wire.irc`` and the gateway's own modules.
"""

from __future__ import annotations

import shlex
from typing import Final

from boudoir.core.commands import Context, run
from boudoir.domain.intents import Report
from boudoir.domain.replies import ReportFiled
from boudoir.gateways.irc.client import IrcClient
from boudoir.gateways.irc.commands import Work, command, service
from boudoir.gateways.irc.services import LOG_IN_FIRST, run_table_verb, tell
from boudoir.wire.irc import Message
from boudoir.wire.irc.replies.moderation import service_text
from boudoir.wire.irc.reports import report_intent
from boudoir.wire.irc.services import AUTOMOD, MODSERV
from boudoir.wire.irc.services.automod import HELP as AUTOMOD_HELP
from boudoir.wire.irc.services.modserv import HELP as MODSERV_HELP

MODSERV_MASK: Final = "ModServ!services@services"
AUTOMOD_MASK: Final = "AutoMod!services@services"


@command("REPORT", min_params=2)
def report(client: IrcClient, message: Message) -> Work:
    return _report(client, report_intent(message.params, message.tags))


async def _report(client: IrcClient, intent: Report) -> None:
    conn = client.conn
    assert conn is not None  # REPORT needs a login (the command table's rule)
    filed = await run(Context.of(client.server.world, conn), intent)
    assert isinstance(filed, ReportFiled)  # the one reply to a report
    text = service_text(filed)
    # A standard reply for clients that show them, and a notice for those that do not.
    client.machine.note("REPORT", "FILED", text, filed.item_id)
    tell(client, MODSERV_MASK, text)


def _staff_words(client: IrcClient, words: list[str], mask: str, help_text: str) -> bool:
    """Answer HELP (or nothing) and a guest here; True when ``words`` are left to run."""
    if not words or words[0].upper() == "HELP":
        tell(client, mask, help_text)
        return False
    if client.conn is None:
        tell(client, mask, LOG_IN_FIRST)
        return False
    return True


@service("ModServ")
def modserv(client: IrcClient, text: str) -> Work | None:
    """``/msg ModServ <text>``."""
    words = text.split()
    if not _staff_words(client, words, MODSERV_MASK, MODSERV_HELP):
        return None
    verb, args = words[0].upper(), words[1:]
    if AUTOMOD.get(verb) is not None:
        return _automod(client, verb, args)
    unknown = f"Unknown command {verb}. /msg ModServ HELP for the list."
    return run_table_verb(client, MODSERV, verb, args, MODSERV_MASK, unknown)


@service("AutoMod")
def automod(client: IrcClient, text: str) -> Work | None:
    """``/msg AutoMod <text>``."""
    try:
        words = shlex.split(text)
    except ValueError:
        words = text.split()
    if not _staff_words(client, words, AUTOMOD_MASK, AUTOMOD_HELP):
        return None
    return _automod(client, words[0].upper(), words[1:])


def _automod(client: IrcClient, verb: str, args: list[str]) -> Work:
    """Answer ``RULES`` or ``RULE ...`` (any other verb is taken as ``RULE``, as AutoMod
    always did); errors are told as notices."""
    known = verb if AUTOMOD.get(verb) is not None else "RULE"
    return run_table_verb(client, AUTOMOD, known, args, AUTOMOD_MASK, "")
