"""NickServ: accounts, characters, settings, friends, blocks and message requests on IRC.

A service in name only: ``/msg NickServ <command>`` is handled here, in the gateway, by
calling the core, and answered with notices from ``NickServ``. Also the IRCv3
draft/account-registration ``REGISTER`` command, whose email slot carries the date of birth
(Boudoir never asks for an email address).
"""

from __future__ import annotations

import datetime as dt
import shlex

from boudoir.domain.entities import (
    ATTESTATION_STATEMENT,
    Account,
    DirectMessagePolicy,
    PresenceVisibility,
    parse_choice,
)
from boudoir.domain.errors import BoudoirError, InvalidInput
from boudoir.domain.ratings import Rating
from boudoir.gateways.irc.client import IrcClient
from boudoir.gateways.irc.commands import Work, command, enter, login, service, switch_character
from boudoir.gateways.irc.services import run_service_intent
from boudoir.wire.irc import Message
from boudoir.wire.irc.services import NICKSERV

REGISTER_USAGE = "REGISTER <password> <date of birth YYYY-MM-DD>"
REGISTER_USAGE_WITH_CODE = "REGISTER <password> <date of birth YYYY-MM-DD> <invitation code>"
AWAITING_APPROVAL = (
    "It waits for an operator's approval: log in (IDENTIFY or SASL) once it is approved."
)

AWAITING_APPROVAL_SHORT = (
    "Account created; it waits for an operator's approval before you can log in"
)

HELP = """\
NickServ commands (/msg NickServ <command>):
  REGISTER <password> <date of birth YYYY-MM-DD> [invitation code]
                                  create an account named as your nick (the code where
                                  the server makes accounts by invitation)
  IDENTIFY [name] <password>      log in (or use SASL PLAIN in your client); a password
                                  with spaces: IDENTIFY <name> <the whole password>
  ATTEST                          read the adult statement; ATTEST YES to affirm it
  CHARACTERS                      your characters
  SWITCH <name>                   act as another of them (or /nick <name>)
  CHARACTER CREATE <name>         a new character
  SET AGE <years>                 your character's declared age (adult rooms need 18+)
  SET PRONOUNS <text> | SET DESCRIPTION <text>
  SET DMPOLICY anyone|shared-room|friends|nobody   who may message you
  SET RATINGS general[,mature][,adult]             what you want to see
  SET PRESENCE everyone|friends|nobody             who sees you online
  SETTINGS                        show your settings
  FRIEND ADD|DEL <name>, FRIENDS  your friend list
  BLOCK <name>, UNBLOCK <name>, BLOCKS   blocks hold across all their characters
  REQUESTS                        message requests from strangers
  ACCEPT <name>, DECLINE <name>   answer a message request"""


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
    if verb == "HELP":
        client.service(HELP)
        return None
    if verb == "REGISTER":
        return _register(client, _after_verb(text))
    if verb == "IDENTIFY" or verb == "LOGIN":
        return _identify(client, _after_verb(text))
    if client.conn is None:
        client.service("Log in first: IDENTIFY <name> <password>, or REGISTER. HELP for more.")
        return None
    return _logged_in(client, verb, args)


def _after_verb(text: str) -> str:
    """The line after its first word, as typed: a password may hold spaces, quotes and
    backslashes (made on the web or by telnet), so it is never split or unquoted."""
    parts = text.lstrip().split(None, 1)
    return parts[1] if len(parts) == 2 else ""


async def _logged_in(client: IrcClient, verb: str, args: list[str]) -> None:
    try:
        if not await run_service_intent(client, NICKSERV, verb, args):
            await _run(client, verb, args)
    except BoudoirError as error:
        client.service(error.message)


async def _run(client: IrcClient, verb: str, args: list[str]) -> None:
    conn = client.conn
    assert conn is not None
    world = client.server.world
    me = conn.account.id
    if verb == "ATTEST":
        if [a.upper() for a in args] != ["YES"]:
            client.service(
                f'The statement: "{ATTESTATION_STATEMENT}"\nIf it is true, send: ATTEST YES'
            )
            return
        await world.accounts.attest(me)
        client.service("Thank you: your attestation is recorded. SET RATINGS to opt in.")
    elif verb == "CHARACTERS":
        owned = await world.characters.of_account(me)
        client.service("Your characters: " + ", ".join(c.name for c in owned))
    elif verb == "SWITCH":
        if len(args) != 1:
            raise InvalidInput("Use: SWITCH <name> (or /nick <name>)")
        await switch_character(client, args[0])
    elif verb == "CHARACTER":
        if len(args) != 2 or args[0].upper() != "CREATE":
            raise InvalidInput("Use: CHARACTER CREATE <name>")
        character = await world.characters.create(me, args[1])
        client.service(f"Created {character.name}. /nick {character.name} to use it.")
    elif verb == "SET":
        await _set(client, args)
    elif verb == "SETTINGS":
        account = await world.accounts.get(me)
        client.service(_settings(account) + f"\nCharacter age: {conn.character.declared_age}")
    elif verb in ("FRIEND", "FRIENDS"):
        if verb == "FRIENDS" or not args or args[0].upper() == "LIST":
            friends = await world.relations.friends(conn)
            client.service("Friends: " + (", ".join(friends) or "none"))
        elif len(args) == 2 and args[0].upper() == "ADD":
            shown = await world.relations.add_friend(conn, args[1])
            client.service(f"{shown} is on your friend list.")
        elif len(args) == 2 and args[0].upper() in ("DEL", "REMOVE"):
            await world.relations.remove_friend(conn, args[1])
            client.service(f"{args[1]} is off your friend list.")
        else:
            raise InvalidInput("Use: FRIEND ADD <name>, FRIEND DEL <name>, FRIENDS")
    else:
        client.service(f"Unknown command {verb}. HELP lists them.")


async def _set(client: IrcClient, args: list[str]) -> None:
    conn = client.conn
    assert conn is not None
    world = client.server.world
    if len(args) < 2:
        raise InvalidInput("Use: SET <AGE|PRONOUNS|DESCRIPTION|DMPOLICY|RATINGS|PRESENCE> <value>")
    what, value = args[0].upper(), " ".join(args[1:])
    me = conn.account.id
    if what == "DMPOLICY":
        await world.accounts.update_settings(me, dm_policy=parse_choice(DirectMessagePolicy, value))
    elif what == "PRESENCE":
        await world.accounts.update_settings(
            me, presence_visibility=parse_choice(PresenceVisibility, value)
        )
    elif what == "RATINGS":
        chosen = [Rating.parse(r) for r in value.replace(",", " ").split()]
        await world.accounts.update_settings(me, ratings=chosen)
    elif what == "AGE":
        if not value.isdigit():
            raise InvalidInput("Use: SET AGE <years>")
        conn.character = await world.characters.update_profile(
            conn.character, writer=conn, declared_age=int(value)
        )
    elif what == "PRONOUNS":
        conn.character = await world.characters.update_profile(
            conn.character, writer=conn, pronouns=value
        )
    elif what == "DESCRIPTION":
        conn.character = await world.characters.update_profile(
            conn.character, writer=conn, short_description=value
        )
    else:
        raise InvalidInput(f"Unknown setting {what}. HELP lists them.")
    client.service(f"{what} set.")


def _settings(account: Account) -> str:
    ratings = ",".join(r.name.lower() for r in sorted(account.ratings))
    return (
        f"Account {account.name}: attested {'yes' if account.attested else 'no'}; "
        f"ratings {ratings}; direct messages from {account.dm_policy.value.replace('_', '-')}; "
        f"presence shown to {account.presence_visibility.value}"
    )


def _birth_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput("Give your date of birth as YYYY-MM-DD.") from None


def _register_arguments(line: str) -> tuple[str, str, str | None] | None:
    """``<password> <date of birth> [<invitation code>]`` -> (password, date, code): the
    password is all before the date, and may hold spaces. A code is never a date, so the last
    word tells whether one was given."""
    words = line.rsplit(None, 1)
    if len(words) != 2:
        return None
    if _looks_like_date(words[1]):
        return words[0], words[1], None
    before = words[0].rsplit(None, 1)
    if len(before) != 2 or not _looks_like_date(before[1]):
        # No date where one belongs: let the date's own check say so (a typo in it, most
        # likely), rather than take the last word for a code.
        return words[0], words[1], None
    return before[0], before[1], words[1]


def _looks_like_date(word: str) -> bool:
    return len(word) == 10 and word[4] == "-" and word[7] == "-"


async def _register(client: IrcClient, line: str) -> None:
    """``REGISTER <password> <date of birth> [<invitation code>]``."""
    if client.conn is not None:
        client.service("You are already logged in.")
        return
    parsed = _register_arguments(line)
    if parsed is None:
        client.service(f"Use: {REGISTER_USAGE}")
        return
    password, born_text, invitation = parsed
    world = client.server.world
    try:
        born = _birth_date(born_text)
        account = await world.accounts.register(
            client.nick, password, born, address=client.address, invitation=invitation
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
    """``IDENTIFY <password>`` (one word: the nick is the name) or ``IDENTIFY <name>
    <password>``, the password being the rest of the line (as Atheme reads it)."""
    if client.conn is not None:
        client.service("You are already logged in.")
        return
    args = line.split(None, 1)
    if len(args) == 1:
        name, password = client.nick, args[0]
    elif len(args) == 2:
        name, password = args
    else:
        client.service("Use: IDENTIFY [name] <password>")
        return
    try:
        account = await login(client, name, password)
        await enter(client, account, client.nick, registering=False)
    except BoudoirError as error:
        client.service(error.message)


# --- IRCv3 draft/account-registration ---------------------------------------------------------

REGISTRATION_CODES = {
    "name_taken": "ACCOUNT_EXISTS",
    "name_confusable": "ACCOUNT_EXISTS",
    "name_reserved": "BAD_ACCOUNT_NAME",
    "invalid_name": "BAD_ACCOUNT_NAME",
    "too_young": "UNACCEPTABLE_EMAIL",
    "throttled": "TEMPORARILY_UNAVAILABLE",
    "invitation_required": "INVITATION_REQUIRED",
    "invitation_invalid": "INVITATION_INVALID",
}
"""Core error codes as draft/account-registration FAIL codes; the rest are password
problems (too short, too long). A birth date too recent is reported in the email slot's
code, as that is where it was given. The spec has no code for invitations: ours are named as
its own are, and carry the core's words."""


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
        date = _birth_date(born)
    except InvalidInput:
        client.fail(
            "REGISTER",
            "INVALID_EMAIL",
            "Boudoir asks for your date of birth (YYYY-MM-DD) in place of an email",
            name,
        )
        return
    world = client.server.world
    try:
        account = await world.accounts.register(
            name, password, date, address=client.address, invitation=invitation
        )
    except BoudoirError as error:
        code = REGISTRATION_CODES.get(error.code, "UNACCEPTABLE_PASSWORD")
        client.fail("REGISTER", code, error.message, name)
        return
    if account.awaiting_approval:
        # draft/account-registration: VERIFICATION_REQUIRED says the account exists but cannot
        # be logged in to yet; here an operator, not a code sent by email, completes it.
        client.machine.send_message(
            Message(
                "REGISTER",
                ("VERIFICATION_REQUIRED", account.name, AWAITING_APPROVAL_SHORT),
                source=client.server.server_name,
            )
        )
        return
    client.machine.send_message(
        Message(
            "REGISTER",
            ("SUCCESS", account.name, "Account created"),
            source=client.server.server_name,
        )
    )
    if client.machine.registered:
        await enter(client, account, client.nick, registering=False)
    else:
        client.account = account
