"""``REDACT``: delete one's own message, or as a moderator remove a line, from IRC (IRCv3
``draft/message-redaction``). The core tells everyone who heard it, this client included,
as ``MessageDeleted`` (``wire.irc.render_changes``).

Imports ``core``, ``domain``, ``wire.irc`` and the gateway's own modules.
"""

from __future__ import annotations

from boudoir.core.commands import Context, run
from boudoir.domain.errors import BoudoirError, ConsentRefused, NotFound
from boudoir.domain.intents import DeleteMessage
from boudoir.gateways.irc.client import IrcClient
from boudoir.gateways.irc.commands import Work, command
from boudoir.wire.irc import Message
from boudoir.wire.irc import numerics as n
from boudoir.wire.irc.redaction import parse_redact


@command("REDACT", min_params=2)
def redact(client: IrcClient, message: Message) -> Work | None:
    request = parse_redact(message.params)
    conn = client.conn
    if request is None or conn is None:
        client.reply(n.ERR_NEEDMOREPARAMS, "REDACT", "Not enough parameters")
        return None
    return _redact(client, Context.of(client.server.world, conn), request.target, request.msgid)


async def _redact(client: IrcClient, context: Context, target: str, msgid: str) -> None:
    try:
        await run(context, DeleteMessage(msgid))
    except NotFound as error:
        client.fail("REDACT", "UNKNOWN_MSGID", error.message, target, msgid)
    except ConsentRefused:
        client.fail("REDACT", "REDACT_FORBIDDEN", "You may not delete that message", target, msgid)
    except BoudoirError as error:
        client.handle_error("REDACT", error, target)
