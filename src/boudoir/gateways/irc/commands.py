"""IRC commands: the table from command to handler, registration and login, and messages.

A handler takes the client and the parsed message. Synchronous handlers run at once; those
that need the store are coroutines, run in the client's worker in order (see client.py).
Each command's replies follow Modern IRC (modern.ircdocs.horse) and RFC 2812; errors from the
core go through errors.py's one table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from boudoir import __version__
from boudoir.core.commands import Context, run, run_now
from boudoir.core.registry import Connection
from boudoir.core.sign_in import authenticate
from boudoir.domain.entities import Account
from boudoir.domain.errors import (
    AwaitingApproval,
    BoudoirError,
    NameConfusable,
    NameRegistered,
    NameTaken,
)
from boudoir.domain.events import ClientTags, MessageKind, RoomMessageSent
from boudoir.domain.intents import Direct, Say, Signal, Whisper
from boudoir.domain.names import MAX_NAME
from boudoir.domain.replies import Said, Sent, Signalled
from boudoir.gateways.irc.client import IrcClient
from boudoir.gateways.irc.render import mask_of
from boudoir.wire.irc import (
    CommandReceived,
    Message,
    QuitRequested,
    RegistrationRequested,
    SaslPlainReceived,
)
from boudoir.wire.irc import numerics as n

Work = Coroutine[Any, Any, None]
Handler = Callable[[IrcClient, Message], Work | None]

TARGMAX = {"PRIVMSG": 4, "NOTICE": 4, "JOIN": 10, "PART": 10, "NAMES": 10, "WHOIS": 1, "KICK": 4}


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


def _service_of(target: str) -> ServiceHandler | None:
    # ASCII targets (nearly all) skip Unicode normalization; a look-alike of a service's name
    # (reserved, so nobody holds it) still reaches the service.
    if target.isascii():
        return SERVICES.get(target.lower())
    return next((h for nick, h in SERVICES.items() if _same(target, nick)), None)


def command(name: str, *, min_params: int = 0, login: bool = True) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        COMMANDS[name] = Command(handler, min_params, login)
        return handler

    return register


def dispatch(client: IrcClient, event: object) -> Work | None:
    """Run one event from the wire machine; a coroutine when it must wait for the store."""
    if isinstance(event, RegistrationRequested):
        return register(client, event)
    if isinstance(event, SaslPlainReceived):
        return sasl_plain(client, event)
    if isinstance(event, QuitRequested):
        quit_command(client, Message("QUIT", (event.reason,) if event.reason else ()))
        return None
    if not isinstance(event, CommandReceived):
        return None
    message = event.message
    label = message.tags.get("label") if "labeled-response" in client.machine.caps else None
    entry = COMMANDS.get(message.command)
    if entry is None:
        client.machine.start_response(label)
        client.reply(n.ERR_UNKNOWNCOMMAND, message.command, "Unknown command")
        client.machine.finish_response()
        return None
    if len(message.params) < entry.min_params:
        client.machine.start_response(label)
        client.reply(n.ERR_NEEDMOREPARAMS, message.command, "Not enough parameters")
        client.machine.finish_response()
        return None
    if entry.login and client.conn is None:
        client.machine.start_response(label)
        refuse_guest(client, message.command)
        client.machine.finish_response()
        return None
    client.machine.start_response(label)
    client.acting = message.command in ACTING
    try:
        work = entry.handler(client, message)
    except BoudoirError as error:
        client.handle_error(message.command, error)
        _finish(client)
        return None
    if work is None:
        _finish(client)
        return None
    return _finish_after(client, message.command, work, client.conn)


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
        client.service(
            "Welcome. Log in with SASL, or /msg NickServ IDENTIFY <name> <password>.\n"
            "New here? /msg NickServ REGISTER <password> <date of birth YYYY-MM-DD>\n"
            "Until then you can talk only to NickServ. /msg NickServ HELP for more."
        )
        return
    await enter(client, account, nick, registering=True)


async def guest_nick_allowed(client: IrcClient, nick: str) -> bool:
    """Let a guest hold ``nick``, if it is valid IRC (Modern IRC, "Clients") and passes for
    nobody (the core's rule, ``World.claim_guest_nick``): not a service, staff or the server,
    nor a registered name, online or not, nor another guest's nick, nor a look-alike of any.
    A nick in use or registered gets 433 ERR_NICKNAMEINUSE (Modern IRC, "NICK message"); a
    reserved or look-alike one 432 or 433, each saying why in its text. The client then sends
    another NICK; before registration it stays unregistered until one is free."""
    if not _plain_nick(nick):
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


def _plain_nick(nick: str) -> bool:
    """Valid IRC (Modern IRC, "Clients")."""
    return (
        0 < len(nick) <= MAX_NAME
        and not any(c in nick for c in " ,*?!@.:\x00\r\n")
        and nick[0] not in "$:#&0123456789-"
    )


async def login(client: IrcClient, name: str, password: str) -> Account:
    world = client.server.world
    return await authenticate(
        world.accounts, world.characters, name, password, address=client.address
    )


async def enter(client: IrcClient, account: Account, nick: str, *, registering: bool) -> None:
    """Connect ``client`` to the world as one of ``account``'s characters: the one named
    ``nick`` if it is theirs, otherwise their first."""
    world = client.server.world
    owned = await world.characters.of_account(account.id)
    if not owned:
        character = await world.characters.create(account.id, account.name)
        owned = [character]
    chosen = next((c for c in owned if _same(c.name, nick)), owned[0])
    old_nick = client.nick
    conn = await world.connect(client, account, character=chosen.name, address=client.address)
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
    client.reply(
        n.RPL_LOGGEDIN,
        mask_of(chosen.name),
        chosen.name,
        f"You are now logged in as {chosen.name}",
    )
    others = [c.name for c in owned if c.name != chosen.name]
    text = f"You are {chosen.name}."
    if others:
        text += " Your other characters: " + ", ".join(others) + " (/nick to switch)."
    client.service(text)
    waiting = world.messages.requests(conn)
    if waiting:
        names = ", ".join(r.sender.name for r in waiting)
        client.service(f"Message requests waiting: {names}. /msg NickServ REQUESTS to read them.")


def _same(a: str, b: str) -> bool:
    from boudoir.domain.names import name_key

    return name_key(a) == name_key(b)


def complete(client: IrcClient, nick: str) -> None:
    """Registration done: 001-005, LUSERS and the MOTD (Modern IRC, "Connection
    Registration")."""
    from boudoir.gateways.irc.queries import isupport_lines, send_lusers, send_motd

    client.machine.complete_registration(nick)
    client.registered()
    server = client.server
    client.reply(n.RPL_WELCOME, f"Welcome to the {server.network} IRC network, {nick}")
    client.reply(
        n.RPL_YOURHOST, f"Your host is {server.server_name}, running version {__version__}"
    )
    client.reply(n.RPL_CREATED, "This server is part of Boudoir, consent first")
    client.reply(n.RPL_MYINFO, server.server_name, __version__, "io", "RbeIiklmnost", "RbeIklov")
    for tokens in isupport_lines(client):
        client.reply(n.RPL_ISUPPORT, *tokens, "are supported by this server")
    send_lusers(client)
    send_motd(client)
    client.reply(n.RPL_UMODEIS, "+i" if client.invisible else "+")


async def sasl_plain(client: IrcClient, event: SaslPlainReceived) -> None:
    """IRCv3 SASL PLAIN: authzid may be empty or name the same account."""
    if client.conn is not None or client.account is not None:
        client.reply(n.ERR_SASLALREADY, "You have already authenticated using SASL")
        return
    if event.authzid and not _same(event.authzid, event.authcid):
        client.machine.sasl_failed()
        return
    try:
        account = await login(client, event.authcid, event.password)
    except AwaitingApproval as error:
        # The password was right (the core checks it first): say why, as a FAIL (IRCv3
        # standard-replies) and a notice every client shows, before 904 ERR_SASLFAIL.
        client.fail("AUTHENTICATE", "ACCOUNT_AWAITING_APPROVAL", error.message)
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
    if _same(wanted, name):
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
    target = next((c for c in owned if _same(c.name, wanted)), None)
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
    for room_id in sorted(conn.rooms):
        live = world.registry.rooms.get(room_id)
        if live is not None:
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


# --- messages ---------------------------------------------------------------------------------


def _kind(text: str) -> tuple[MessageKind, str]:
    """CTCP ACTION is a pose; text wrapped in double parentheses is out of character."""
    if text.startswith("\x01ACTION") and len(text) > 7 and text[7] in " \x01":
        return MessageKind.POSE, text[8:].rstrip("\x01")
    if text.startswith("\x01"):
        return MessageKind.NOTICE, ""  # another CTCP: not relayed (see _message)
    stripped = text.strip()
    if stripped.startswith("((") and stripped.endswith("))") and len(stripped) > 4:
        return MessageKind.OOC, stripped[2:-2].strip()
    return MessageKind.SAY, text


@command("PRIVMSG", login=False)
def privmsg(client: IrcClient, message: Message) -> Work | None:
    return _message(client, message, notice=False)


@command("NOTICE", login=False)
def notice(client: IrcClient, message: Message) -> Work | None:
    return _message(client, message, notice=True)


def _message(client: IrcClient, message: Message, *, notice: bool) -> Work | None:
    name = message.command
    if not message.params or not message.params[0]:
        if not notice:
            client.reply(n.ERR_NORECIPIENT, f"No recipient given ({name})")
        return None
    if len(message.params) < 2 or not message.params[1]:
        if not notice:
            client.reply(n.ERR_NOTEXTTOSEND, "No text to send")
        return None
    targets = message.params[0].split(",")
    if len(targets) > TARGMAX[name]:
        client.reply(n.ERR_TOOMANYTARGETS, message.params[0], "Too many targets")
        return None
    text = message.params[1]
    for target in targets:
        answer = _service_of(target)
        if answer is not None:
            return answer(client, text)
    if client.conn is None:
        refuse_guest(client, name)
        return None
    kind, body = _kind(text)
    if text.startswith("\x01") and kind is MessageKind.NOTICE:
        # CTCP other than ACTION (VERSION, PING, TIME...) would tell others what client and
        # clock someone uses: not relayed.
        if not notice:
            client.fail(name, "CTCP_NOT_RELAYED", "Only CTCP ACTION is relayed")
        return None
    if notice and kind is MessageKind.SAY:
        kind = MessageKind.NOTICE
    if not body.strip():
        if not notice:
            client.reply(n.ERR_NOTEXTTOSEND, "No text to send")
        return None
    client_tags = client_tags_of(client, message)
    context = Context.of(client.server.world, client.conn)
    stored = [
        said
        for target in targets
        if target.startswith("#")
        and (
            said := _say(client, context, name, Say(target, body, kind, client_tags), text, notice)
        )
    ]
    waiting = []
    for target in targets:
        if target.startswith("#"):
            continue
        intent = Direct(target, body, kind, client_tags)
        try:
            sent = run_now(context, intent)
        except BoudoirError as error:
            if not notice:
                client.handle_error(name, error, target)
            continue
        if isinstance(sent, Sent):
            _echo(client, name, target, text, sent.event.id, sent.event.at, client_tags)
        else:
            waiting.append(intent)  # a first message: the store is written, so it waits
    if not waiting and not stored:
        return None
    return _after_stored(stored, _direct(client, context, name, waiting, text, notice=notice))


async def _after_stored(stored: list[Awaitable[None]], then: Work) -> None:
    """Echo the logged rooms' lines once stored, then send what waits for the store."""
    for echoed in stored:
        await echoed
    await then


def client_tags_of(client: IrcClient, message: Message) -> ClientTags:
    """The client-only (``+``) tags of a message, from a client that negotiated
    message-tags (IRCv3: others' tags are not relayed)."""
    if "message-tags" not in client.machine.caps or not message.tags:
        return ()
    return tuple((k, v) for k, v in message.tags.items() if k.startswith("+"))


def _echo(
    client: IrcClient,
    name: str,
    target: str,
    text: str | None,
    msgid: str,
    at: dt.datetime,
    client_tags: ClientTags = (),
) -> None:
    """IRCv3 echo-message: the sender's copy, with the tags the others get (``text`` None:
    a TAGMSG). A message to one's own nick is also delivered back to the sender, as by any
    IRC server: with echo-message, the echo and the delivery. Only the echo carries the label
    (IRCv3 labeled-response: the delivery is "not a response, but a side effect")."""
    conn = client.conn
    if conn is None:
        return
    caps = client.machine.caps
    to_self = (
        not target.startswith("#")
        and (text is not None or "message-tags" in caps)
        and _same(target, conn.character.name)
    )
    if "echo-message" in caps:
        client.machine.send_message(_copy(client, name, target, text, msgid, at, client_tags))
    if to_self:
        # Delivered, as to the character's other connections: never labeled, echo-message or
        # not (a labeled command with no other reply gets ACK).
        client.push(_copy(client, name, conn.character.name, text, msgid, at, client_tags))


def _copy(
    client: IrcClient,
    name: str,
    target: str,
    text: str | None,
    msgid: str,
    at: dt.datetime,
    client_tags: ClientTags,
) -> Message:
    """The line a message reaches ``client`` as, from its own character."""
    conn = client.conn
    assert conn is not None
    tags = client.time_tags(at)
    if "message-tags" in client.machine.caps:
        tags.update(client_tags)
        tags["msgid"] = msgid
    if "account-tag" in client.machine.caps:
        tags["account"] = conn.character.name
    params = (target,) if text is None else (target, text)
    return Message(name, params, source=mask_of(conn.character.name), tags=tags)


def _say(
    client: IrcClient, context: Context, name: str, intent: Say, text: str, notice: bool
) -> Awaitable[None] | None:
    """Say it in one room; the echo at once, or (a logged room) the awaitable that echoes
    once the line is stored."""
    try:
        said = run_now(context, intent)
    except BoudoirError as error:
        if not notice:
            client.handle_error(name, error, intent.room)
        return None
    assert isinstance(said, Said)
    event = said.event
    written = context.world.logs.written(event)
    if written is None:
        _echo(client, name, intent.room, text, event.id, event.at, intent.client_tags)
        return None
    return _echo_when_written(client, written, name, intent.room, text, event, notice=notice)


async def _echo_when_written(
    client: IrcClient,
    written: Awaitable[None],
    name: str,
    target: str,
    text: str,
    event: RoomMessageSent,
    *,
    notice: bool,
) -> None:
    try:
        await written
    except BoudoirError as error:
        if not notice:
            client.handle_error(name, error, target)
        return
    _echo(client, name, target, text, event.id, event.at, event.client_tags)


async def _direct(
    client: IrcClient,
    context: Context,
    name: str,
    intents: list[Direct],
    text: str,
    *,
    notice: bool,
) -> None:
    for intent in intents:
        try:
            sent = await run(context, intent)
        except BoudoirError as error:
            if not notice:
                client.handle_error(name, error, intent.to)
            continue
        assert isinstance(sent, Sent)
        event = sent.event
        _echo(client, name, intent.to, text, event.id, event.at, intent.client_tags)


def _context(client: IrcClient) -> Context:
    conn = client.conn
    assert conn is not None  # dispatch runs login commands only for a logged-in client
    return Context.of(client.server.world, conn)


@command("TAGMSG", min_params=1)
def tagmsg(client: IrcClient, message: Message) -> None:
    """IRCv3 TAGMSG: client-only tags (typing, reactions) without text, to a room or a
    person, relayed to clients with message-tags."""
    target = message.params[0]
    client_tags = client_tags_of(client, message)
    if not client_tags:
        return  # nothing a recipient could read: accepted, as a no-op
    try:
        signalled = run_now(_context(client), Signal(target, client_tags))
    except BoudoirError as error:
        client.handle_error("TAGMSG", error, target)
        return
    assert isinstance(signalled, Signalled)
    event = signalled.event
    _echo(client, "TAGMSG", target, None, event.id, event.at, client_tags)


@command("WHISPER", min_params=3)
def whisper(client: IrcClient, message: Message) -> None:
    """``WHISPER #room nick :text`` (Boudoir): only ``nick`` in the room hears it."""
    room, target, text = message.params[0], message.params[1], message.params[2]
    if not text.strip():
        client.reply(n.ERR_NOTEXTTOSEND, "No text to send")
        return
    try:
        run_now(_context(client), Whisper(room, target, text))
    except BoudoirError as error:
        # A mute is the room's: refused as a PRIVMSG to the room is.
        client.handle_error("WHISPER", error, room if error.code == "muted" else target)
        return
    if "echo-message" in client.machine.caps:
        client.emit("NOTICE", room, f"(whispers to {target}) {text}")
    else:
        client.server_notice(f"You whisper to {target} in {room}: {text}")
