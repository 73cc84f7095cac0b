"""Handlers of speech and direct messages: the hot path.

``run_now`` carries out an intent at once, synchronously, when it needs nothing from the
store (room speech, whispers, signals, direct messages between people in touch) and answers
its reply; None when it must go through ``run`` (a first message to a stranger, answering a
request), which it has then not begun. A gateway calls it as a message arrives, with no task
switch, and runs the rest in its worker. ``run`` answers a line said in a logged room only
once it is stored.

The core sends nobody their own message: the reply carries the event so that each gateway
echoes it as its protocol wants. In a logged room the room hears a line at once and it is
stored after (``world.logs.written``): on the hot path a gateway acknowledges it when its
protocol wants (IRC and telnet echo it once stored; the browser gets its copy at once and
the ``ok`` once stored).

Imports ``boudoir.core`` and ``boudoir.domain``.
"""

from __future__ import annotations

from typing import assert_never

from boudoir.core.commands.context import Context
from boudoir.domain.events import DiceRolled, DirectMessageSent, RoomMessageSent
from boudoir.domain.intents.speech import (
    AcceptRequest,
    DeclineRequest,
    DeleteMessage,
    Direct,
    EditMessage,
    ListRequests,
    Recall,
    RollDice,
    Say,
    SetStatus,
    Signal,
    SpeechIntents,
    Whisper,
)
from boudoir.domain.replies.speech import (
    MessageChanged,
    Recalled,
    RequestAccepted,
    RequestDeclined,
    RequestList,
    Rolled,
    Said,
    Signalled,
    SpeechReplies,
    StatusSet,
    WaitingRequest,
    Whispered,
)


def run_now(context: Context, intent: SpeechIntents) -> SpeechReplies | None:
    """Carry out ``intent`` now: its reply; None (and nothing done) when it needs the store.
    Refusals raise."""
    world = context.world
    # Room speech and direct messages, nearly all the traffic: ahead of the match.
    if isinstance(intent, Say):
        say = world.messages.say
        return Said(say(context.conn, intent.room, intent.text, intent.kind, intent.client_tags))
    if isinstance(intent, Direct):
        direct = world.messages.direct_now
        return direct(context.conn, intent.to, intent.text, intent.kind, intent.client_tags)
    match intent:
        case Whisper(room, to, text):
            return Whispered(world.messages.whisper(context.conn, room, to, text))
        case RollDice(room, dice):
            return Rolled(world.messages.roll(context.conn, room, dice))
        case Signal(target, client_tags):
            return Signalled(world.messages.signal(context.conn, target, client_tags))
        case ListRequests():
            return RequestList(
                tuple(
                    WaitingRequest(
                        request.sender.name,
                        request.first,
                        len(request.waiting),
                        len(request.letters),
                    )
                    for request in world.messages.requests(context.conn)
                )
            )
        case SetStatus(status, message):
            world.presence.set_status(context.conn, status, message)
            return StatusSet(status, message)
        case Recall(room, limit):
            return recall(context, room, limit)
        case AcceptRequest() | DeclineRequest() | EditMessage() | DeleteMessage():
            return None
        case _:
            assert_never(intent)


def recall(context: Context, room: str | None, limit: int | None) -> Recalled:
    """The replay (``core.replay``) of ``room``, or of one's direct conversations: only what
    reached one. A room one has no replay of, or never heard of, is as empty."""
    replay = context.world.replay
    lines: list[RoomMessageSent | DirectMessageSent | DiceRolled]
    if room is None:
        lines = list(replay.conversations(context.conn))
    else:
        found = replay.room_named(room)
        lines = list(replay.room_lines(context.account_id, found)) if found is not None else []
        last = lines[-1] if lines else None
        room = (
            last.room.name
            if isinstance(last, RoomMessageSent | DiceRolled)
            else room.removeprefix("#")
        )
    if limit is not None:
        lines = lines[-limit:] if limit > 0 else []
    return Recalled(room, tuple(lines))


async def run(context: Context, intent: SpeechIntents) -> SpeechReplies:
    """Carry out ``intent``, waiting for the store where it must."""
    messages = context.world.messages
    match intent:
        case Direct(to, text, kind, client_tags):
            return await messages.direct(context.conn, to, text, kind, client_tags)
        case AcceptRequest(sender):
            request = await messages.accept(context.conn, sender)
            return RequestAccepted(request.sender.name)
        case DeclineRequest(sender, block):
            request = messages.decline(context.conn, sender)
            if not block:
                return RequestDeclined(request.sender.name)
            blocked = await context.world.relations.block(context.conn, request.sender.name)
            return RequestDeclined(request.sender.name, blocked)
        case EditMessage(message_id, text):
            return MessageChanged(await context.world.edits.edit(context.conn, message_id, text))
        case DeleteMessage(message_id):
            return MessageChanged(await context.world.edits.delete(context.conn, message_id))
    done = run_now(context, intent)
    assert done is not None  # the rest need nothing from the store
    if isinstance(done, Said):
        written = context.world.logs.written(done.event)
        if written is not None:
            await written
    return done
