"""NickServ: accounts, characters, settings, friends, blocks and message requests on IRC.

A service in name only: ``/msg NickServ <verb>`` looks the verb up in NickServ's table
(``wire.irc.services.nickserv``: the verb's words become an intent, run in the core and
answered with notices from ``NickServ``), or in this module's own verb tables: ``LOGIN_VERBS``
(HELP, REGISTER, IDENTIFY) and ``OWN_VERBS`` (SWITCH, a change of nick). Also the IRCv3
setname command (the description), and the IRCv3 draft/account-registration ``REGISTER``
command, whose email slot carries the date of birth (Boudoir never asks for an email address).
"""

from __future__ import annotations

import shlex
from collections.abc import Callable

from boudoir.core.commands import Context, run
from boudoir.domain.errors import BoudoirError, InvalidInput
from boudoir.domain.intents import Describe
from boudoir.gateways.irc.client import IrcClient
from boudoir.gateways.irc.commands import Work, command, enter, login, service, switch_character
from boudoir.gateways.irc.services import run_service_intent
from boudoir.wire.irc import Message
from boudoir.wire.irc.registration import (
    AWAITING_APPROVAL,
    AWAITING_APPROVAL_SHORT,
    REGISTER_USAGE,
    REGISTER_USAGE_WITH_CODE,
    REGISTRATION_CODES,
    after_verb,
    birth_date,
    identify_arguments,
    register_arguments,
)
from boudoir.wire.irc.services import NICKSERV
from boudoir.wire.irc.services.nickserv import HELP


@service("NickServ")
def nickserv(client: IrcClient, text: str) -> Work | None:
    try:
        words = shlex.split(text)
    except ValueError:
        words = text.split()
    if not words:
        client.service(HELP)
        return None
    verb, args = words[0].upper(), words[1:]
    login_verb = LOGIN_VERBS.get(verb)
    if login_verb is not None:
        return login_verb(client, after_verb(text))
    if client.conn is None:
        client.service("Log in first: IDENTIFY <name> <password>, or REGISTER. HELP for more.")
        return None
    return _logged_in(client, verb, args)


async def _logged_in(client: IrcClient, verb: str, args: list[str]) -> None:
    try:
        own = OWN_VERBS.get(verb)
        if own is not None:
            await own(client, args)
        elif not await run_service_intent(client, NICKSERV, verb, args):
            client.service(f"Unknown command {verb}. HELP lists them.")
    except BoudoirError as error:
        client.service(error.message)


def _help(client: IrcClient, line: str) -> None:
    client.service(HELP)


async def _switch(client: IrcClient, args: list[str]) -> None:
    """``SWITCH <name>``: as ``/nick <name>`` (the client is told with a NICK)."""
    if len(args) != 1:
        raise InvalidInput("Use: SWITCH <name> (or /nick <name>)")
    await switch_character(client, args[0])


async def _register(client: IrcClient, line: str) -> None:
    """``REGISTER <password> <date of birth> [<invitation code>]``."""
    if client.conn is not None:
        client.service("You are already logged in.")
        return
    parsed = register_arguments(line)
    if parsed is None:
        client.service(f"Use: {REGISTER_USAGE}")
        return
    password, born_text, invitation = parsed
    world = client.server.world
    try:
        born = birth_date(born_text)
        account = await world.accounts.register(
            client.nick,
            password,
            born,
            address=client.address,
            invitation=invitation,
            told=client.signup_waiting,
        )
    except BoudoirError as error:
        if error.code == "invitation_required":
            client.service(f"{error.message}\nUse: {REGISTER_USAGE_WITH_CODE}")
        else:
            client.service(error.message)
        return
    if account.awaiting_approval:
        client.service(f"Account {account.name} created. {AWAITING_APPROVAL}")
        return
    client.service(f"Account {account.name} created. ATTEST when you want rooms above general.")
    await enter(client, account, client.nick, registering=False)


async def _identify(client: IrcClient, line: str) -> None:
    """``IDENTIFY [name] <password>`` (``wire.irc.registration``)."""
    if client.conn is not None:
        client.service("You are already logged in.")
        return
    parsed = identify_arguments(line, client.nick)
    if parsed is None:
        client.service("Use: IDENTIFY [name] <password>")
        return
    name, password = parsed
    try:
        account = await login(client, name, password)
        await enter(client, account, client.nick, registering=False)
    except BoudoirError as error:
        client.service(error.message)


LoginVerb = Callable[[IrcClient, str], Work | None]
"""A verb answered before log-in, given the rest of the line as typed."""
OwnVerb = Callable[[IrcClient, list[str]], Work]
"""A verb of a logged-in client that the gateway answers itself, given the words."""

LOGIN_VERBS: dict[str, LoginVerb] = {
    "HELP": _help,
    "REGISTER": _register,
    "IDENTIFY": _identify,
    "LOGIN": _identify,
}
"""NickServ's verbs that log in (or help to): the rest are NickServ's table
(``wire.irc.services.nickserv``) or ``OWN_VERBS``."""

OWN_VERBS: dict[str, OwnVerb] = {
    "SWITCH": _switch,
}
"""Verbs of a logged-in client that need the gateway: SWITCH changes the nick."""


# --- IRCv3 setname ------------------------------------------------------------------------------


@command("SETNAME", min_params=1)
def setname(client: IrcClient, message: Message) -> Work:
    return _setname(client, message.params[0])


async def _setname(client: IrcClient, text: str) -> None:
    """IRCv3 setname: the realname is the character's short description, seen in WHO and
    WHOIS by everyone who may see the character (``SET DESCRIPTION`` sets it too)."""
    conn = client.conn
    assert conn is not None
    await run(Context.of(client.server.world, conn), Describe(text))
    if "setname" in client.machine.caps:
        client.emit("SETNAME", text)
    else:
        client.server_notice("Your description is now: " + text)


# --- IRCv3 draft/account-registration ---------------------------------------------------------


@command("REGISTER", min_params=3, login=False)
def register_command(client: IrcClient, message: Message) -> Work:
    name, born, password, *rest = message.params
    return _account_registration(client, name, born, password, rest[0] if rest else None)


async def _account_registration(
    client: IrcClient, name: str, born: str, password: str, invitation: str | None
) -> None:
    """``REGISTER <account> <date of birth> <password> [<invitation code>]``: the spec's email
    parameter carries the date of birth, which Boudoir needs and an email address it does not;
    a fourth parameter, which the spec does not have, carries an invitation code where the
    server asks for one."""
    if client.conn is not None or client.account is not None:
        client.fail("REGISTER", "ALREADY_AUTHENTICATED", "You are already logged in", name)
        return
    if name == "*":
        # draft/account-registration: "*" is the current nick; before registration completes,
        # the one asked for with NICK. Without one there is no name to register.
        machine = client.machine
        nick = machine.nick or machine.requested_nick
        if nick is None:
            client.fail("REGISTER", "NEED_NICK", "Send NICK first, or name the account", name)
            return
        name = nick
    try:
        date = birth_date(born)
    except InvalidInput:
        client.fail(
            "REGISTER",
            "INVALID_EMAIL",
            "Boudoir asks for your date of birth (YYYY-MM-DD) in place of an email",
            name,
        )
        return
    world = client.server.world
    # Before registration completes its timeout runs; while the new account waits its turn in
    # the core's login queue and its password is hashed, it waits (as a SASL login's does).
    client.hold_registration_timer()
    try:
        account = await world.accounts.register(
            name,
            password,
            date,
            address=client.address,
            invitation=invitation,
            told=client.signup_waiting,
        )
    except BoudoirError as error:
        code = REGISTRATION_CODES.get(error.code, "UNACCEPTABLE_PASSWORD")
        client.fail("REGISTER", code, error.message, name)
        return
    finally:
        client.restart_registration_timer()
    # draft/account-registration: VERIFICATION_REQUIRED says the account exists but cannot be
    # logged in to yet; here an operator, not a code sent by email, completes it.
    waits = account.awaiting_approval
    outcome = (
        ("VERIFICATION_REQUIRED", AWAITING_APPROVAL_SHORT)
        if waits
        else ("SUCCESS", "Account created")
    )
    params = (outcome[0], account.name, outcome[1])
    client.machine.send_message(Message("REGISTER", params, source=client.server.server_name))
    if waits:
        return
    if client.machine.registered:
        await enter(client, account, client.nick, registering=False)
    else:
        client.account = account
