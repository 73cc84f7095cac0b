"""IRC messages: PRIVMSG and NOTICE (to a room, a person or a service), TAGMSG, WHISPER and ROLL,
run through the core's speech intents (``core.commands.run_now`` on the hot path), with the
echo each client asked for (IRCv3 echo-message, labeled-response).

Imports ``core``, ``domain``, ``wire.irc`` and the gateway's own modules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable

from boudoir.core.commands import Context, run, run_now
from boudoir.domain.errors import BoudoirError
from boudoir.domain.events import ClientTags, MessageKind, RoomMessageSent
from boudoir.domain.intents import Direct, RollDice, Say, Signal, Whisper
from boudoir.domain.replies import Said, Sent, Signalled
from boudoir.gateways.irc.client import IrcClient
from boudoir.gateways.irc.commands import Work, command, refuse_guest, same_name, service_of
from boudoir.wire.irc import Message, speech
from boudoir.wire.irc import numerics as n
from boudoir.wire.irc.replies.presence import away
from boudoir.wire.irc.server_info import TARGMAX

_SAY = MessageKind.SAY
_NOTICE = MessageKind.NOTICE
"""Looked up once: an enum member read through its class costs a lookup per message."""


@command("PRIVMSG", login=False)
def privmsg(client: IrcClient, message: Message) -> Work | None:
    return _message(client, message, notice=False)


@command("NOTICE", login=False)
def notice(client: IrcClient, message: Message) -> Work | None:
    return _message(client, message, notice=True)


def _message(
    client: IrcClient, message: Message, *, notice: bool, lean: bool = True
) -> Work | None:
    """PRIVMSG or NOTICE to each of the targets. ``lean``: a message to one person takes
    ``_to_one``; otherwise it goes the general way, through the core's intents, as in a list
    (which the differential test compares it with)."""
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
        answer = service_of(target)
        if answer is not None:
            return answer(client, text)
    if client.conn is None:
        refuse_guest(client, name)
        return None
    kind, body = speech.message_kind(text)
    if kind is _NOTICE and text.startswith("\x01"):
        # CTCP other than ACTION (VERSION, PING, TIME...) would tell others what client and
        # clock someone uses: not relayed.
        if not notice:
            client.fail(name, "CTCP_NOT_RELAYED", "Only CTCP ACTION is relayed")
        return None
    if notice and kind is _SAY:
        kind = _NOTICE
    if not body.strip():
        if not notice:
            client.reply(n.ERR_NOTEXTTOSEND, "No text to send")
        return None
    client_tags = speech.client_tags(client.machine.caps, message.tags)
    if lean and len(targets) == 1 and not targets[0].startswith("#"):
        return _to_one(client, name, targets[0], text, body, kind, client_tags, notice)
    context = Context.of(client.server.world, client.conn)
    stored = []
    for target in targets:
        if target.startswith("#"):
            said = _say(client, context, name, Say(target, body, kind, client_tags), text, notice)
            if said is not None:
                stored.append(said)
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
            event = sent.event
            # Whom it reached is known: no need to compare the names again.
            to_self = event.recipient.id == event.sender.id
            _echo(client, name, target, text, event.id, event.at, client_tags, to_self=to_self)
            if not notice:
                _tell_away(client, sent)
        else:
            waiting.append(intent)  # a first message: the store is written, so it waits
    if not waiting and not stored:
        return None
    return _after_stored(stored, _direct(client, context, name, waiting, text, notice=notice))


def _to_one(
    client: IrcClient,
    name: str,
    target: str,
    text: str,
    body: str,
    kind: MessageKind,
    client_tags: ClientTags,
    notice: bool,
) -> Work | None:
    """A message to one person, nearly every direct message: the core's ``direct_now`` asked
    straight, without the intent and reply around it, answered as ``_message`` answers the
    same target in a list (``tests/unit/gateways/irc/test_direct_lean.py`` holds them equal)."""
    conn = client.conn
    assert conn is not None  # _message refused a guest
    try:
        sent = client.server.world.messages.direct_now(conn, target, body, kind, client_tags)
    except BoudoirError as error:
        if not notice:
            client.handle_error(name, error, target)
        return None
    if sent is None:
        # A first message, or an answer to a request: the store is written, so it waits.
        context = Context.of(client.server.world, conn)
        return _direct(
            client, context, name, [Direct(target, body, kind, client_tags)], text, notice=notice
        )
    event = sent.event
    # Whom it reached is known: no need to compare the names again.
    to_self = event.recipient.id == event.sender.id
    _echo(client, name, target, text, event.id, event.at, client_tags, to_self=to_self)
    if sent.away is not None and not notice:
        _tell_away(client, sent)
    return None


def _tell_away(client: IrcClient, sent: Sent) -> None:
    """RPL_AWAY to the sender of a PRIVMSG whose recipient is away (Modern IRC, PRIVMSG: "the
    server MAY reply with an RPL_AWAY numeric"; never to a NOTICE, which is never answered
    automatically, RFC 2812 3.3.2), after the echo and within the command's labeled response,
    as Ergo sends it: on every such PRIVMSG. The core says whether (``Sent.away``): only for a
    message delivered, when the sender may see the recipient's presence."""
    told = sent.away
    if told is not None:
        client.reply(*away(sent.event.recipient.name, told.status, told.message))


async def _after_stored(stored: list[Awaitable[None]], then: Work) -> None:
    """Echo the logged rooms' lines once stored, then send what waits for the store."""
    for echoed in stored:
        await echoed
    await then


def _echo(
    client: IrcClient,
    name: str,
    target: str,
    text: str | None,
    msgid: str,
    at: dt.datetime,
    client_tags: ClientTags = (),
    *,
    to_self: bool | None = None,
) -> None:
    """IRCv3 echo-message: the sender's copy, with the tags the others get (``text`` None:
    a TAGMSG). A message to one's own nick is also delivered back to the sender, as by any
    IRC server: with echo-message, the echo and the delivery. Only the echo carries the label
    (IRCv3 labeled-response: the delivery is "not a response, but a side effect").
    ``to_self``: whether ``target`` is the sender's own character, when the caller knows."""
    conn = client.conn
    if conn is None:
        return
    caps = client.machine.caps
    me = conn.character.name
    if to_self is None:
        to_self = not target.startswith("#") and same_name(target, conn.character.name)
    to_self = to_self and (text is not None or "message-tags" in caps)
    if "echo-message" in caps:
        echo = speech.own_copy(caps, me, name, target, text, msgid, at, client_tags)
        client.machine.send_message(echo)
    if to_self:
        # Delivered, as to the character's other connections: never labeled, echo-message or
        # not (a labeled command with no other reply gets ACK).
        client.push(speech.own_copy(caps, me, name, me, text, msgid, at, client_tags))


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
        if not notice:
            _tell_away(client, sent)


def _context(client: IrcClient) -> Context:
    conn = client.conn
    assert conn is not None  # dispatch runs login commands only for a logged-in client
    return Context.of(client.server.world, conn)


@command("TAGMSG", min_params=1)
def tagmsg(client: IrcClient, message: Message) -> None:
    """IRCv3 TAGMSG: client-only tags (typing, reactions) without text, to a room or a
    person, relayed to clients with message-tags."""
    target = message.params[0]
    client_tags = speech.client_tags(client.machine.caps, message.tags)
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


@command("ROLL", min_params=1)
def roll(client: IrcClient, message: Message) -> None:
    """``ROLL [#room] <dice>`` (Boudoir): the server rolls ``2d6+1`` for the room, shown to
    everyone there (the roller too) as a NOTICE from the server. Clients send an unknown
    ``/roll 2d6+1`` to the server as ``ROLL 2d6+1`` (irssi, HexChat; WeeChat with
    ``/quote``): without a room it rolls in the one room the client is in."""
    params = message.params
    if len(params) > 1 and params[0][:1] in "#&":
        room, dice = params[0], " ".join(params[1:])
    else:
        room, dice = "", " ".join(params)
    try:
        run_now(_context(client), RollDice(room, dice))
    except BoudoirError as error:
        client.handle_error("ROLL", error, room)
