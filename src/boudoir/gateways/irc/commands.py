"""IRC commands: the table from command to handler, registration and login, and messages.

A handler takes the client and the parsed message. Synchronous handlers run at once; those
that need the store are coroutines, run in the client's worker in order (see client.py).
Each command's replies follow Modern IRC (modern.ircdocs.horse) and RFC 2812; errors from the
core go through errors.py's one table.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from boudoir.core.registry import Connection
from boudoir.core.sign_in import authenticate, character_to_enter
from boudoir.domain.entities import Account
from boudoir.domain.errors import (
    AwaitingApproval,
    BoudoirError,
    NameConfusable,
    NameRegistered,
    NameTaken,
    StoreUnavailable,
)
from boudoir.domain.names import name_key
from boudoir.gateways.irc.client import IrcClient, use_commands
from boudoir.wire.irc import (
    CommandReceived,
    Message,
    QuitRequested,
    RegistrationRequested,
    SaslPlainReceived,
)
from boudoir.wire.irc import numerics as n
from boudoir.wire.irc.event_lines import mask_of
from boudoir.wire.irc.registration import GUEST_WELCOME, valid_nick

Work = Coroutine[Any, Any, None]
Handler = Callable[[IrcClient, Message], Work | None]


@dataclass(frozen=True, slots=True)
class Command:
    handler: Handler
    min_params: int = 0
    login: bool = True
    """Needs a logged-in character (guests may only log in or register)."""


COMMANDS: dict[str, Command] = {}

ServiceHandler = Callable[["IrcClient", str], "Work | None"]

SERVICES: dict[str, ServiceHandler] = {}
"""Service nicks (lower case) -> what answers ``/msg <service> <text>``, in the gateway."""


def service(nick: str) -> Callable[[ServiceHandler], ServiceHandler]:
    """Register the handler of ``/msg <nick> ...`` (NickServ, SceneServ, LogServ...)."""

    def register(handler: ServiceHandler) -> ServiceHandler:
        SERVICES[nick.lower()] = handler
        return handler

    return register


def service_of(target: str) -> ServiceHandler | None:
    # ASCII targets (nearly all) skip Unicode normalization; a look-alike of a service's name
    # (reserved, so nobody holds it) still reaches the service.
    if target.isascii():
        return SERVICES.get(target.lower())
    return next((h for nick, h in SERVICES.items() if same_name(target, nick)), None)


def command(name: str, *, min_params: int = 0, login: bool = True) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        COMMANDS[name] = Command(handler, min_params, login)
        return handler

    return register


def dispatch(client: IrcClient, event: object) -> Work | None:
    """Run one event from the wire machine; a coroutine when it must wait for the store."""
    if type(event) is not CommandReceived:  # commands are nearly every event: checked first
        if isinstance(event, RegistrationRequested):
            return register(client, event)
        if isinstance(event, SaslPlainReceived):
            return sasl_plain(client, event)
        if isinstance(event, QuitRequested):
            quit_command(client, Message("QUIT", (event.reason,) if event.reason else ()))
        return None
    message = event.message
    label = message.tags.get("label") if "labeled-response" in client.machine.caps else None
    entry = COMMANDS.get(message.command)
    client.machine.start_response(label)
    work = None
    if entry is None:
        client.reply(n.ERR_UNKNOWNCOMMAND, message.command, "Unknown command")
    elif len(message.params) < entry.min_params:
        client.reply(n.ERR_NEEDMOREPARAMS, message.command, "Not enough parameters")
    elif entry.login and client.conn is None:
        refuse_guest(client, message.command)
    else:
        client.acting = message.command in ACTING
        try:
            work = entry.handler(client, message)
        except BoudoirError as error:
            client.handle_error(message.command, error)
    if work is None:
        _finish(client)
        return None
    return _finish_after(client, message.command, work, client.conn)


use_commands(dispatch)

ACTING = frozenset({"MODE", "TOPIC", "KICK"})
"""Commands whose effect the core announces to the room, the actor included: the actor's copy
is the command's reply (labeled-response)."""


def _finish(client: IrcClient) -> None:
    client.acting = False
    client.machine.finish_response()


async def _finish_after(client: IrcClient, name: str, work: Work, conn: Connection | None) -> None:
    if conn is not None and client.conn is not conn:
        # The client hung up (or logged out) between reading the command and running it: the
        # character has already left the world, so the command has no one to act for.
        work.close()
        _finish(client)
        return
    try:
        await work
    except BoudoirError as error:
        client.handle_error(name, error)
    finally:
        _finish(client)


def refuse_guest(client: IrcClient, name: str) -> None:
    client.fail(name, "ACCOUNT_REQUIRED", "Log in first: /msg NickServ HELP")
    if name == "JOIN":
        client.reply(n.ERR_NEEDREGGEDNICK, "*", "You need to log in to join rooms")
    else:
        client.server_notice("Log in first: /msg NickServ IDENTIFY <name> <password>, or HELP.")


# --- registration and login ----------------------------------------------------------------


async def register(client: IrcClient, event: RegistrationRequested) -> None:
    """NICK and USER are in: log in (SASL earlier, or PASS) and send the welcome burst."""
    if client.machine.registered:
        return  # a second NICK sent before the first was answered
    nick = event.nick
    account = client.account
    if account is None and event.password:
        login_name, _, password = event.password.partition(":")
        if not password:
            login_name, password = nick, event.password
        try:
            account = await login(client, login_name, password)
        except BoudoirError as error:
            client.reply(n.ERR_PASSWDMISMATCH, "Password incorrect")
            if isinstance(error, AwaitingApproval):
                # The password was right: the closing ERROR says why, which every client shows.
                client.fail("PASS", "ACCOUNT_AWAITING_APPROVAL", error.message)
                client.machine.close(error.message)
                return
            client.fail("PASS", "ACCOUNT_REQUIRED", error.message)
            client.machine.close("Password incorrect")
            return
    client.realname = event.realname
    if account is None:
        if not await guest_nick_allowed(client, nick):
            client.machine.refuse_registration()  # what was sent after NICK is answered now
            return
        complete(client, nick)
        client.service(GUEST_WELCOME)
        return
    await enter(client, account, nick, registering=True)


async def guest_nick_allowed(client: IrcClient, nick: str) -> bool:
    """Let a guest hold ``nick``, if it is valid IRC (Modern IRC, "Clients") and passes for
    nobody (the core's rule, ``World.claim_guest_nick``): not a service, staff or the server,
    nor a registered name, online or not, nor another guest's nick, nor a look-alike of any.
    A nick in use or registered gets 433 ERR_NICKNAMEINUSE (Modern IRC, "NICK message"); a
    reserved or look-alike one 432 or 433, each saying why in its text. The client then sends
    another NICK; before registration it stays unregistered until one is free."""
    if not valid_nick(nick):
        client.reply(n.ERR_ERRONEUSNICKNAME, nick, "Erroneous nickname")
        return False
    world = client.server.world
    try:
        await world.claim_guest_nick(client.connection_id, nick)
    except NameConfusable as error:  # a NameTaken too: worded as the core says
        client.handle_error("NICK", error, nick)
        return False
    except NameRegistered as error:
        client.reply(n.ERR_NICKNAMEINUSE, nick, error.message)
        return False
    except NameTaken:
        client.reply(n.ERR_NICKNAMEINUSE, nick, "Nickname is already in use")
        return False
    except BoudoirError as error:
        client.handle_error("NICK", error, nick)
        return False
    if client.closing:
        world.release_guest_nick(client.connection_id)  # hung up while the store answered
        return False
    return True


async def login(client: IrcClient, name: str, password: str) -> Account:
    """Check a login; while it waits its turn in the core's login queue and is verified, the
    registration timeout does not run (a storm of reconnections after a restart must not cut
    people for the server's slowness), and the client is told where it stands."""
    world = client.server.world
    client.hold_registration_timer()
    try:
        return await authenticate(
            world.accounts,
            world.characters,
            name,
            password,
            address=client.address,
            told=client.login_waiting,
        )
    finally:
        client.restart_registration_timer()


async def enter(client: IrcClient, account: Account, nick: str, *, registering: bool) -> None:
    """Connect ``client`` to the world as one of ``account``'s characters: the one named
    ``nick`` if it is theirs, otherwise their first."""
    world = client.server.world
    # Entering reads the store; after a restart everyone does at once, and a person whose
    # password was right must not be cut by the registration timeout while the store answers.
    client.hold_registration_timer()
    try:
        chosen, owned = await character_to_enter(world.characters, account, nick)
        old_nick = client.nick
        conn = await world.connect(
            client,
            account,
            character=chosen.name,
            address=client.address,
            shows=client.presence_shows(),
        )
    finally:
        client.restart_registration_timer()
    if client.closing:
        # Hung up while the store answered: ``connection_lost`` had nobody to log out.
        world.disconnect(conn, client.quit_reason or "Connection closed")
        return
    client.conn = conn
    client.account = account
    if registering:
        complete(client, chosen.name)
    elif chosen.name != old_nick:
        client.emit("NICK", chosen.name, source=mask_of(old_nick))
        client.machine.set_nick(chosen.name)
    logged_in = f"You are now logged in as {chosen.name}"
    client.reply(n.RPL_LOGGEDIN, mask_of(chosen.name), chosen.name, logged_in)
    others = [c.name for c in owned if c.name != chosen.name]
    text = f"You are {chosen.name}."
    if others:
        text += " Your other characters: " + ", ".join(others) + " (/nick to switch)."
    client.service(text)
    waiting = world.messages.requests(conn)
    if waiting:
        names = ", ".join(r.sender.name for r in waiting)
        client.service(f"Message requests waiting: {names}. /msg NickServ REQUESTS to read them.")


def same_name(a: str, b: str) -> bool:
    return a == b or name_key(a) == name_key(b)


def complete(client: IrcClient, nick: str) -> None:
    """Registration done: the welcome burst (``queries.welcome_burst``)."""
    from boudoir.gateways.irc.queries import welcome_burst

    client.machine.complete_registration(nick)
    client.registered()
    welcome_burst(client, nick)


async def sasl_plain(client: IrcClient, event: SaslPlainReceived) -> None:
    """IRCv3 SASL PLAIN: authzid may be empty or name the same account."""
    if client.conn is not None or client.account is not None:
        client.reply(n.ERR_SASLALREADY, "You have already authenticated using SASL")
        return
    if event.authzid and not same_name(event.authzid, event.authcid):
        client.machine.sasl_failed()
        return
    try:
        account = await login(client, event.authcid, event.password)
    except (AwaitingApproval, StoreUnavailable) as error:
        # The password was right (the core checks it first), or could not be checked: say
        # why, as a FAIL (IRCv3 standard-replies) and a notice every client shows, before
        # 904 ERR_SASLFAIL.
        code = (
            "ACCOUNT_AWAITING_APPROVAL"
            if isinstance(error, AwaitingApproval)
            else "TEMPORARILY_UNAVAILABLE"
        )
        client.fail("AUTHENTICATE", code, error.message)
        client.server_notice(error.message)
        client.machine.sasl_failed()
        return
    except BoudoirError:
        client.machine.sasl_failed()
        return
    client.machine.sasl_succeeded(account.name)
    if client.machine.account is None:
        return  # the client aborted the exchange while the password was being checked
    if client.machine.registered:
        # SASL after registration (IRCv3 allows it): log in now.
        await enter(client, account, client.nick, registering=False)
        return
    client.account = account


# --- simple commands --------------------------------------------------------------------------


@command("QUIT", login=False)
def quit_command(client: IrcClient, message: Message) -> None:
    reason = message.params[0] if message.params else ""
    client.quit_reason = f"Quit: {reason}" if reason else "Quit"
    if client.conn is not None:
        conn, client.conn = client.conn, None
        client.server.world.disconnect(conn, client.quit_reason)
    client.machine.close(client.quit_reason)


@command("NICK", min_params=1, login=False)
def nick_command(client: IrcClient, message: Message) -> Work | None:
    wanted = message.params[0]
    if client.conn is None:
        return _guest_nick(client, wanted)
    name = client.conn.character.name
    if wanted == name:
        return None  # no change, no reply (as Ergo and irctest's testCaseChanges expect)
    if same_name(wanted, name):
        # The same name in another case ("alice" to "Alice"): the character's name is shown so
        # from now on, everywhere. The NICK line comes back as the core's CharacterRenamed,
        # to this client and to everyone who sees the character (RFC 1459 4.1.2; Modern IRC,
        # NICK).
        return _recase(client, wanted)
    return switch_character(client, wanted)


async def _recase(client: IrcClient, wanted: str) -> None:
    conn = client.conn
    assert conn is not None
    try:
        await client.server.world.recase_character(conn.account.id, conn.character.name, wanted)
    except BoudoirError as error:
        client.handle_error("NICK", error, wanted)


async def _guest_nick(client: IrcClient, wanted: str) -> None:
    if await guest_nick_allowed(client, wanted):
        client.emit("NICK", wanted)
        client.machine.set_nick(wanted)


async def switch_character(client: IrcClient, wanted: str) -> None:
    """NICK to another of one's own characters switches to it; the old one leaves its rooms
    (a character is what others see, so it does not carry the rooms over)."""
    conn = client.conn
    assert conn is not None
    world = client.server.world
    owned = await world.characters.of_account(conn.account.id)
    target = next((c for c in owned if same_name(c.name, wanted)), None)
    if target is None:
        try:
            await world.characters.find(wanted)
        except BoudoirError:
            if world.guest_holds(wanted):
                client.reply(n.ERR_NICKNAMEINUSE, wanted, "Nickname is already in use")
                return
            client.reply(
                n.ERR_ERRONEUSNICKNAME,
                wanted,
                "That is not one of your characters; create it with "
                f"/msg NickServ CHARACTER CREATE {wanted}",
            )
            return
        client.reply(n.ERR_NICKNAMEINUSE, wanted, "Nickname is already in use")
        return
    old = conn.character.name
    for live in world.rooms.rooms_of(conn):
        client.emit("PART", "#" + live.room.name, "switching character", source=mask_of(old))
    await world.switch_character(conn, target.name)
    client.emit("NICK", target.name, source=mask_of(old))
    client.machine.set_nick(target.name)


@command("USER", login=False)
def user_command(client: IrcClient, message: Message) -> None:
    client.reply(n.ERR_ALREADYREGISTERED, "You may not reregister")


@command("PASS", login=False)
def pass_command(client: IrcClient, message: Message) -> None:
    client.reply(n.ERR_ALREADYREGISTERED, "You may not reregister")


@command("PONG", login=False)
def pong_command(client: IrcClient, message: Message) -> None:
    return None


@command("PING", min_params=1, login=False)
def ping_command(client: IrcClient, message: Message) -> None:
    client.machine.send_message(
        Message(
            "PONG", (client.server.server_name, message.params[0]), source=client.server.server_name
        )
    )
