"""Reports and moderation on IRC: the ``REPORT`` command, and ``/msg ModServ <command>`` for
staff (the queue, actions, the audit log, approvals, invitations; ``RULES`` and ``RULE`` go to
AutoMod).

The commands are tables (``wire.irc.services.modserv``, ``wire.irc.reports``); this module
finds the verb, runs the intent through the core and sends the reply as ModServ's notices.

Imports ``core``, ``domain``, ``wire.irc`` and the gateway's own modules.
"""

from __future__ import annotations

from typing import Final

from boudoir.core.commands import Context, run
from boudoir.domain.errors import BoudoirError
from boudoir.domain.intents import Report
from boudoir.domain.replies import ReportFiled
from boudoir.gateways.irc import automod
from boudoir.gateways.irc.client import IrcClient
from boudoir.gateways.irc.commands import Work, command, service
from boudoir.gateways.irc.services import run_service_intent
from boudoir.wire.irc import Message
from boudoir.wire.irc.replies.moderation import service_text
from boudoir.wire.irc.reports import report_intent
from boudoir.wire.irc.services import AUTOMOD, MODSERV
from boudoir.wire.irc.services.modserv import HELP

SERVICE: Final = "ModServ"
MASK: Final = "ModServ!services@services"


def reply(client: IrcClient, text: str) -> None:
    for line in text.split("\n"):
        client.machine.send_message(Message("NOTICE", (client.nick, line or " "), source=MASK))


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
    reply(client, text)


@service(SERVICE)
def modserv(client: IrcClient, text: str) -> Work | None:
    """``/msg ModServ <text>``."""
    words = text.split()
    if not words or words[0].upper() == "HELP":
        reply(client, HELP)
        return None
    if client.conn is None:
        reply(client, "Log in first: /msg NickServ IDENTIFY <name> <password>.")
        return None
    verb, args = words[0].upper(), words[1:]
    if AUTOMOD.get(verb) is not None:
        return automod.run(client, verb, args)
    return _run(client, verb, args)


async def _run(client: IrcClient, verb: str, args: list[str]) -> None:
    try:
        if not await run_service_intent(
            client, MODSERV, verb, args, say=lambda t: reply(client, t)
        ):
            reply(client, f"Unknown command {verb}. /msg ModServ HELP for the list.")
    except BoudoirError as error:
        reply(client, error.message)
