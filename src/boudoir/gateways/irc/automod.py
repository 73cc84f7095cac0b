"""AutoMod on IRC: ``/msg AutoMod <command>`` reads and manages the automod rules.

Operators add, change and remove rules; server moderators list them, test text against them
and clear a false positive. The commands are a table (``wire.irc.services.automod``); this
module runs the intent through the core and answers with notices from ``AutoMod``. ``run``
takes a verb and its words, so that ModServ can hand ``RULES`` and ``RULE ...`` over to it.
"""

from __future__ import annotations

import shlex
from typing import Final

from boudoir.domain.errors import BoudoirError
from boudoir.gateways.irc.client import IrcClient
from boudoir.gateways.irc.commands import Work, service
from boudoir.gateways.irc.services import run_service_intent
from boudoir.wire.irc import Message
from boudoir.wire.irc.replies.automod import describe
from boudoir.wire.irc.services import AUTOMOD
from boudoir.wire.irc.services.automod import HELP

SERVICE: Final = "AutoMod"
MASK: Final = "AutoMod!services@services"


def reply(client: IrcClient, text: str) -> None:
    for line in text.split("\n"):
        client.machine.send_message(Message("NOTICE", (client.nick, line or " "), source=MASK))


@service(SERVICE)
def automod(client: IrcClient, text: str) -> Work | None:
    """``/msg AutoMod <text>``."""
    try:
        words = shlex.split(text)
    except ValueError:
        words = text.split()
    if not words or words[0].upper() == "HELP":
        reply(client, HELP)
        return None
    if client.conn is None:
        reply(client, "Log in first: /msg NickServ IDENTIFY <name> <password>.")
        return None
    return run(client, words[0].upper(), words[1:])


async def run(client: IrcClient, verb: str, args: list[str]) -> None:
    """Answer ``RULES`` or ``RULE ...`` (any other verb is taken as ``RULE``, as AutoMod
    always did); errors are told as notices."""
    known = verb if AUTOMOD.get(verb) is not None else "RULE"
    try:
        await run_service_intent(client, AUTOMOD, known, args, say=lambda t: reply(client, t))
    except BoudoirError as error:
        reply(client, error.message)


__all__ = ["describe", "run"]
