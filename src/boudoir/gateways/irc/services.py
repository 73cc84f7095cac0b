"""Running intents for the gateway's commands, and a service's table command: parse the
words into an intent, run it in the core, answer with numerics or the service's notices.

Imports ``boudoir.core``, ``boudoir.domain`` and ``boudoir.wire``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from boudoir.core.commands import Context, run
from boudoir.domain.errors import BoudoirError
from boudoir.domain.intents import Intent
from boudoir.domain.replies import Reply
from boudoir.gateways.irc.client import IrcClient
from boudoir.wire.irc.event_lines import notices
from boudoir.wire.irc.replies import service_text
from boudoir.wire.irc.services import ServiceTable, Usage

LOG_IN_FIRST = "Log in first: /msg NickServ IDENTIFY <name> <password>."


def send(client: IrcClient, numerics: Iterable[tuple[str, ...]]) -> None:
    """Numerics (each the numeric and its parameters after the nick) in reply."""
    for numeric in numerics:
        client.reply(*numeric)


def tell(client: IrcClient, mask: str, text: str) -> None:
    """``text`` as notices from the service ``mask``, in reply to the running command."""
    for message in notices(mask, client.nick, text, {}):
        client.machine.send_message(message)


def teller(client: IrcClient, mask: str) -> Callable[[str], None]:
    return lambda text: tell(client, mask, text)


async def run_intent(client: IrcClient, intent: Intent) -> Reply | None:
    """Run ``intent`` as the client's character; None once it is no longer logged in."""
    conn = client.conn
    if conn is None:
        return None
    return await run(Context.of(client.server.world, conn), intent)


def say_reply(say: Callable[[str], None], reply: Reply | None) -> None:
    text = None if reply is None else service_text(reply)
    if text is not None:
        say(text)


async def run_and_tell(client: IrcClient, intent: Intent, say: Callable[[str], None]) -> None:
    """Run ``intent`` for the logged-in ``client`` and ``say`` the reply's text, if any."""
    say_reply(say, await run_intent(client, intent))


async def run_service_intent(
    client: IrcClient,
    table: ServiceTable,
    verb: str,
    words: Sequence[str],
    *,
    say: Callable[[str], None] | None = None,
) -> bool:
    """Run ``verb`` from ``table`` for the logged-in ``client``; False when the table has no
    such verb. Errors from the core raise for the service's own error handling. ``say``
    sends the service's notices (NickServ's by default)."""
    tell = client.service if say is None else say
    entry = table.get(verb)
    if entry is None:
        return False
    try:
        intent = entry.parse(words)
    except Usage:
        tell(f"Use: {entry.usage}")
        return True
    await run_and_tell(client, intent, tell)
    return True


async def run_table_verb(
    client: IrcClient, table: ServiceTable, verb: str, args: Sequence[str], mask: str, unknown: str
) -> None:
    """``verb`` from ``table`` (``unknown`` told when it has none); errors told as notices."""
    say = teller(client, mask)
    try:
        if not await run_service_intent(client, table, verb, args, say=say):
            say(unknown)
    except BoudoirError as error:
        say(error.message)
