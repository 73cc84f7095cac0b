"""OPER (Modern IRC, "OPER message"): server staff show their role to IRC.

``OPER <name> <password>`` takes the staff role of the account one is logged in to: ``name``
is that account's name or one of its characters', ``password`` its password, checked by the
core as a login is (the ``ConfirmStaff`` intent: ``World.confirm_staff``, throttled). A
moderator or an operator is then an IRC operator on this connection: 381 RPL_YOUREOPER and
``MODE <nick> +o``, ``*`` in WHO's flags and 313 RPL_WHOISOPERATOR in WHOIS, until
``MODE <nick> -o`` or the role is taken away. What staff may do (ModServ, AutoMod, room
tools) follows the account's role alone, OPER or not: OPER only shows it, as IRC users
expect of their server's staff.

Imports ``core``, ``domain``, ``wire.irc`` and the gateway's own modules.
"""

from __future__ import annotations

from boudoir.core.commands import Context, run
from boudoir.domain.errors import AuthenticationFailed, BoudoirError, NotAllowed
from boudoir.domain.intents import ConfirmStaff
from boudoir.domain.replies import StaffConfirmed
from boudoir.gateways.irc.client import IrcClient
from boudoir.gateways.irc.commands import Work, command
from boudoir.wire.irc import Message
from boudoir.wire.irc import numerics as n
from boudoir.wire.irc.replies.moderation import service_text


@command("OPER", min_params=2, login=False)
def oper(client: IrcClient, message: Message) -> Work | None:
    if client.conn is None:
        # Modern IRC: 491 ERR_NOOPERHOST when the client may not be an operator at all.
        client.reply(n.ERR_NOOPERHOST, "Log in first: OPER takes your own account's staff role")
        return None
    return _oper(client, message.params[0], message.params[1])


async def _oper(client: IrcClient, name: str, password: str) -> None:
    conn = client.conn
    assert conn is not None  # checked by ``oper`` before the password is
    try:
        confirmed = await run(Context.of(client.server.world, conn), ConfirmStaff(name, password))
    except AuthenticationFailed:
        client.reply(n.ERR_PASSWDMISMATCH, "Password incorrect")
        return
    except BoudoirError as error:
        if type(error) is NotAllowed:
            client.reply(n.ERR_NOOPERHOST, "Your account has no staff role")
            return
        # Throttled, suspended: refused as a wrong password, with the core's reason.
        client.reply(n.ERR_PASSWDMISMATCH, "Password incorrect")
        client.fail("OPER", error.code.upper(), error.message)
        return
    if client.conn is not conn or not isinstance(confirmed, StaffConfirmed):
        return  # logged out while the password was checked
    client.reply(n.RPL_YOUREOPER, service_text(confirmed))
    if not client.oper:
        client.oper = True
        client.emit("MODE", client.nick, "+o")
