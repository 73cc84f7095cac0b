"""Handlers of speech and direct messages: the hot path.

``run_now`` carries out an intent at once, synchronously, when it needs nothing from the
store (room speech, whispers, signals, direct messages between people in touch): its reply,
or an awaitable of it when it must wait for the store (a first message to a stranger,
answering a request). A gateway calls it as a message arrives, with no task switch, and awaits
the rest in its worker. ``run`` is the same for the dispatcher, and answers a line said in a
logged room only once it is stored.

The core sends nobody their own message: the reply carries the event so that each gateway
echoes it as its protocol wants; in a logged room the room hears the line at once and it is
stored after (``world.logs.written``), so a gateway on the hot path acknowledges it when
its protocol wants (IRC and telnet echo it once stored, the browser gets its copy at once
and the ``ok`` once stored).

Imports ``boudoir.core`` and ``boudoir.domain``.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import assert_never

from boudoir.core.commands.context import Context
from boudoir.domain.intents.speech import (
    AcceptRequest,
    DeclineRequest,
    Direct,
    ListRequests,
    Say,
    Signal,
    SpeechIntents,
    Whisper,
)
from boudoir.domain.replies.speech import (
    RequestAccepted,
    RequestDeclined,
    RequestList,
    Said,
    Sent,
    Signalled,
    SpeechReplies,
    SpeechReply,
    WaitingRequest,
    Whispered,
)


def run_now(context: Context, intent: SpeechIntents) -> SpeechReplies | Awaitable[SpeechReplies]:
    """Carry out ``intent``: its reply, or (what is left waits for the store) an awaitable
    of it. Refusals raise, here or from the awaitable."""
    world = context.world
    match intent:
        case Say(room, text, kind, client_tags):
            return Said(world.messages.say(context.conn, room, text, kind, client_tags))
        case Whisper(room, to, text):
            return Whispered(world.messages.whisper(context.conn, room, to, text))
        case Direct(to, text, kind, client_tags):
            sent = world.messages.direct_now(context.conn, to, text, kind, client_tags)
            if sent is None:
                return _direct(context, intent)
            return Sent(sent)
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
        case AcceptRequest() | DeclineRequest():
            return _answer(context, intent)
        case _:
            assert_never(intent)


async def run(context: Context, intent: SpeechIntents) -> SpeechReplies:
    """``run_now``, waiting for what is left: in a logged room, for the line to be stored."""
    done = run_now(context, intent)
    if not isinstance(done, SpeechReply):
        return await done
    if isinstance(done, Said):
        written = context.world.logs.written(done.event)
        if written is not None:
            await written
    return done


async def _direct(context: Context, intent: Direct) -> Sent:
    """A direct message that writes to the store first: to a stranger (a request), or an
    answer to one."""
    return Sent(
        await context.world.messages.direct(
            context.conn, intent.to, intent.text, intent.kind, intent.client_tags
        )
    )


async def _answer(context: Context, intent: AcceptRequest | DeclineRequest) -> SpeechReplies:
    messages = context.world.messages
    if isinstance(intent, AcceptRequest):
        request = await messages.accept(context.conn, intent.sender)
        return RequestAccepted(request.sender.name)
    request = messages.decline(context.conn, intent.sender)
    if not intent.block:
        return RequestDeclined(request.sender.name)
    blocked = await context.world.relations.block(context.conn, request.sender.name)
    return RequestDeclined(request.sender.name, blocked)
