"""One browser's WebSocket connection: ``WebSession``, the core's ``Session`` for it, on the
connection glue every gateway shares (``gateways.stream``), and the close codes it uses.
``socket.SocketEndpoint`` accepts the connection and serves it.

Imports ``boudoir.core``, ``boudoir.domain``, ``boudoir.wire`` and Starlette.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final, cast

from starlette.websockets import WebSocket

from boudoir.core.ports import Session
from boudoir.core.registry import Connection
from boudoir.domain.errors import BoudoirError
from boudoir.domain.events import Event, PresenceChanged, SessionClosed
from boudoir.domain.ids import AccountId, ConnectionId
from boudoir.gateways import new_connection_id
from boudoir.gateways.outbox import Outbox, SendQueue
from boudoir.gateways.pacing import CommandPacer
from boudoir.gateways.stream import StreamClient, Work
from boudoir.gateways.variants import VariantCache
from boudoir.gateways.web import socket_commands
from boudoir.gateways.web.wsprotocol import FrameWriter
from boudoir.wire.webjson import (
    FRAMED,
    UNFRAMED,
    BadMessage,
    Received,
    parse_command,
    render,
    render_error,
    render_ok,
    text_frame,
)

if TYPE_CHECKING:
    from boudoir.gateways.web.socket import SocketEndpoint

logger = logging.getLogger("boudoir.web")

MAX_WAITING_COMMANDS: Final = 100
"""Commands read but not yet run (the token bucket holds them back); past this the client is
flooding, and is closed with 1008 rather than have the server's memory grow."""

CLOSE_NORMAL: Final = 1000
CLOSE_GOING_AWAY: Final = 1001
CLOSE_UNSUPPORTED: Final = 1003
CLOSE_POLICY: Final = 1008
CLOSE_INTERNAL: Final = 1011
CLOSE_ENDED: Final = 4000
CLOSE_NOT_AUTHENTICATED: Final = 4001
CLOSE_TOO_SLOW: Final = 4008

TOO_SLOW: Final = "Reading too slowly"
FLOODED: Final = "Too many commands at once"
BINARY: Final = "Binary frames are not accepted"
INTERNAL: Final = "Internal error"
GONE: Final = "Connection closed"

PRESENCE_HOLD_SECONDS: Final = 0.25
"""How long a browser's presence changes (who came, went or changed status) may wait to be
written together. A browser keeps a live list of everyone online, so when thousands log in at
once (a restart) each arrival would otherwise cost every browser a write of its own; held, a
browser gets at most four such writes a second. Anything else it is sent meanwhile goes out at
once, behind the changes held (``FlushAfter``): nothing is reordered."""


class WebSession(StreamClient["str | Received"]):
    """One browser connection: the core's ``Session``."""

    __slots__ = (
        "account_id", "address", "close_code", "conn", "detached", "ended", "endpoint",
        "finished", "gateway", "held", "login_id", "outbox", "output", "quit_reason", "tasks",
        "told_closed", "unsent", "wake_sender", "websocket", "writer",
    )  # fmt: skip

    logger = logger
    internal_error = INTERNAL

    def __init__(
        self,
        endpoint: SocketEndpoint,
        websocket: WebSocket | None,
        writer: FrameWriter | None,
        login_id: str,
    ) -> None:
        options = endpoint.options
        super().__init__(
            endpoint.flusher,
            CommandPacer(options.command_burst, options.command_rate, time.monotonic()),
            MAX_WAITING_COMMANDS,
        )
        self.endpoint = endpoint
        self.websocket = websocket
        self.writer = writer
        """None on an ASGI server without ``boudoir.frames``: output goes through ``send``."""
        self.login_id = login_id
        self.connection_id = ConnectionId(new_connection_id("web"))
        self.gateway = "web"
        self.conn: Connection | None = None
        self.address = ""
        """The client's address and the account, as ``SocketLimits`` counted them."""
        self.account_id: AccountId | None = None
        self.detached = False
        """True once the protocol hands this session its input directly and the ASGI task has
        returned (``detach``): an idle browser then costs no task."""
        self.finished = False
        self.output: list[bytes] = []
        """Frames (payloads without a writer) waiting for this loop turn's flush."""
        self.held = False
        """Marked on the endpoint's ``FlushAfter`` for presence changes held in ``output``."""
        self.told_closed = False
        self.quit_reason = GONE
        self.tasks: asyncio.TaskGroup | None = None
        """Without a writer: the connection's task group, where its commands' workers run."""
        self.unsent: SendQueue | None = None
        """Without a writer only: what the sender task passes to ``send``."""
        self.ended: asyncio.Event | None = None
        self.wake_sender: asyncio.Event | None = None
        if writer is None:
            self.unsent = SendQueue()
            self.outbox = Outbox(self.unsent, options.outbox_bytes)
            self.ended = asyncio.Event()
            self.wake_sender = asyncio.Event()
        else:
            self.outbox = Outbox(writer, options.outbox_bytes)
        self.close_code: tuple[int, str] | None = None

    # --- core Session -------------------------------------------------------------------------

    def deliver(self, event: Event) -> None:
        if self.closing:
            return
        data = rendered(self.endpoint.cache, event, self.writer is not None)
        if data is None:
            return
        self.output.append(data)
        if type(event) is PresenceChanged:
            if not self.dirty and not self.held:
                self.held = True
                self.endpoint.held_flusher.mark(self)
            return
        if type(event) is SessionClosed:
            self.told_closed = True
        if not self.dirty:
            self.dirty = True
            self.flusher.mark(self)

    @staticmethod
    def deliver_to_all(sessions: Sequence[Session], event: Event, exclude: Session | None) -> None:
        """Room speech to the browsers in a room that hear it (``Session.deliver_to_all``):
        rendered and framed once; each browser costs an append."""
        frame = rendered(cast(WebSession, sessions[0]).endpoint.cache, event, True)
        if frame is None:
            return  # not for browsers
        browsers = cast("Sequence[WebSession]", sessions)
        marked: list[WebSession] = []
        for session in browsers:
            if session is exclude or session.closing:
                continue
            if session.writer is None:  # the JSON alone, for an ASGI server's send
                session.deliver(event)
                continue
            session.output.append(frame)
            if not session.dirty:
                session.dirty = True
                marked.append(session)
        if marked:
            # Any flusher flushes within this loop turn: one call for the lot.
            browsers[0].flusher.mark_all(marked)

    def close(self, reason: str) -> None:
        """The server ends this session: ``closed`` (unless the ``SessionClosed`` event said
        it already), then close 4000."""
        if self.closing:
            return
        if not self.told_closed:
            self.deliver(SessionClosed(self.endpoint.world.clock(), reason))
        # A server shutting down ends every session too, but the browser should come back
        # when the server does: 1001 (going away) rather than 4000 (your session is over).
        self.end(CLOSE_GOING_AWAY if self.endpoint.is_going_away else CLOSE_ENDED, reason)

    # --- output -------------------------------------------------------------------------------

    def send_payload(self, payload: bytes) -> None:
        """Queue one message of this session's own (a reply) behind its deliveries."""
        if self.closing:
            return
        self.output.append(text_frame(payload) if self.writer is not None else payload)
        if not self.dirty:
            self.dirty = True
            self.flusher.mark(self)

    def flush(self) -> None:
        """Write the output gathered this loop turn; drop a reader too slow for its outbox."""
        self.dirty = False
        if not self.output:
            return
        output, self.output = self.output, []
        outbox, writer = self.outbox, self.writer
        if writer is not None:
            # ``Outbox.send`` written out: this runs for every browser with output, every turn.
            writer.write(b"".join(output) if len(output) > 1 else output[0])
            if writer.get_write_buffer_size() > outbox.limit:
                self.drop_slow_reader()
            return
        # One ASGI message each; the queue only grows, so the last answer is the one to heed.
        within = True
        for data in output:
            within = outbox.send(data)
        if within:
            assert self.wake_sender is not None
            self.wake_sender.set()
        else:
            self.drop_slow_reader()

    def flush_held(self) -> None:
        """The presence changes held (``PRESENCE_HOLD_SECONDS``) are due: write them, unless
        this turn's flush will, or the connection has closed."""
        self.held = False
        if not self.dirty and not self.closing:
            self.flush()

    def drop_slow_reader(self) -> None:
        # What is already written stays queued ahead of the close frame: the client sees
        # 4008 if it reads on, and the socket is cut if it does not (uvicorn's close timeout).
        self.output.clear()
        if self.unsent is not None:
            self.unsent.clear()
        self.end(CLOSE_TOO_SLOW, TOO_SLOW)

    def end(self, code: int, reason: str) -> None:
        """Send what is queued, then close with ``code``. Nothing is sent after."""
        if self.closing:
            return
        if code not in (CLOSE_ENDED, CLOSE_NORMAL, CLOSE_GOING_AWAY):
            self.quit_reason = reason
        self.flush()
        self.closing = True
        if self.writer is not None:
            self.writer.close(code, reason)
            if self.detached:
                # Logged out a turn later, as when a task saw the close: not in the middle
                # of whatever delivery or command ended it.
                asyncio.get_running_loop().call_soon(self.lost)
        else:
            assert self.wake_sender is not None
            self.close_code = (code, reason)
            self.wake_sender.set()

    # --- a detached connection (``FrameWriter.detach``) --------------------------------------

    def detach(self) -> None:
        """Take the connection's input from its protocol from now on; the ASGI task may end."""
        assert self.writer is not None
        self.detached = True
        self.websocket = None
        self.writer.detach(self)

    def receive_binary(self) -> None:
        self.end(CLOSE_UNSUPPORTED, BINARY)

    def lost(self) -> None:
        """The socket has closed (or this side closed it): log out, once."""
        if self.finished:
            return
        self.finished = True
        self.closing = True
        if self.worker is not None:
            self.worker.cancel()
        self.endpoint.finish(self)

    # --- tasks --------------------------------------------------------------------------------

    async def read(self) -> None:
        """Without a writer: read messages into the queue until the socket closes."""
        assert self.websocket is not None
        assert self.ended is not None
        try:
            while not self.closing:
                message = await self.websocket.receive()
                if message["type"] == "websocket.disconnect":
                    break
                text = message.get("text")
                if text is None:
                    self.end(CLOSE_UNSUPPORTED, BINARY)
                    break
                # Only before ``receive_now`` takes over (a message sent before the welcome).
                self.enqueue(text)
                if self.closing:
                    break
        finally:
            self.ended.set()

    def receive_now(self, text: str) -> None:
        """A message, as it arrives (called by ``BoudoirWSProtocol``, outside any task).

        The hot path, as on IRC: when nothing waits or runs before it and the bucket has a
        token, a command that needs nothing from the store (speech, typing) runs here and now,
        with no task switch. Anything else joins the queue for the worker, in order."""
        if self.closing:
            return
        if self.queue or self.worker is not None or not self.pacer.take(time.monotonic()):
            self.enqueue(text)
            return
        conn = self.conn
        assert conn is not None
        try:
            received = parse_command(text)
        except BadMessage as error:
            self.send_payload(render_error(error.ref, error.code, error.message))
            return
        ref = received.ref
        try:
            fields = socket_commands.run_now(self.endpoint.world, self, conn, received.command)
        except BoudoirError as error:
            self.send_payload(render_error(ref, error.code, error.message))
            return
        except Exception:
            # Not in a task: this connection's catch-all cannot see it.
            logger.exception("error on a WebSocket connection")
            self.quit_reason = INTERNAL
            self.end(CLOSE_INTERNAL, INTERNAL)
            return
        if fields is None:
            # Needs the store: the worker runs it (its token is spent).
            self.queue.append(received)
            self.input_arrived()
        elif ref is not None and fields is not socket_commands.NO_REPLY:
            self.send_payload(render_ok(ref, fields))

    def enqueue(self, message: str | Received) -> None:
        self.queue.append(message)
        if len(self.queue) > MAX_WAITING_COMMANDS:
            # A browser's messages are already read whole: past the limit it is flooding, and
            # is closed rather than have the queue grow.
            self.queue.clear()
            self.end(CLOSE_POLICY, FLOODED)
            return
        self.input_arrived()

    # --- the worker (``StreamClient``) ----------------------------------------------------------

    def paced(self, item: str | Received) -> bool:
        # A parsed command spent its token in ``receive_now``.
        return isinstance(item, str)

    def dispatch(self, item: str | Received) -> Work:
        return self.run(item)

    def spawn(self, work: Work) -> asyncio.Task[None] | None:
        if self.detached and not self.finished:
            return self.endpoint.spawn(work)
        if self.tasks is None:
            work.close()
            return None
        return self.tasks.create_task(work)

    def describe(self, item: str | Received) -> str:
        return "a WebSocket command"

    def abort(self, reason: str) -> None:
        self.quit_reason = reason
        self.end(CLOSE_INTERNAL, reason)

    async def run(self, message: str | Received) -> None:
        """Run one command (as received, or already parsed) and answer it."""
        conn = self.conn
        assert conn is not None
        try:
            received = parse_command(message) if isinstance(message, str) else message
        except BadMessage as error:
            self.send_payload(render_error(error.ref, error.code, error.message))
            return
        ref = received.ref
        try:
            fields = await socket_commands.run(self.endpoint.world, self, conn, received.command)
        except BoudoirError as error:
            # Never str(error): its message is the one meant for people.
            self.send_payload(render_error(ref, error.code, error.message))
            return
        if ref is not None and fields is not socket_commands.NO_REPLY:
            self.send_payload(render_ok(ref, fields))

    async def send_unsent(self) -> None:
        """Without a writer: pass output to ASGI ``send``, then the close."""
        websocket = self.websocket
        assert websocket is not None
        assert self.wake_sender is not None
        assert self.ended is not None
        while True:
            await self.wake_sender.wait()
            self.wake_sender.clear()
            unsent = self.unsent
            while unsent:
                data = unsent.popleft()
                await websocket.send_text(data.decode())
            if self.close_code is not None:
                code, reason = self.close_code
                await websocket.close(code, reason)
                self.ended.set()
                return


def rendered(cache: VariantCache[bool, bytes | None], event: Event, framed: bool) -> bytes | None:
    """``event`` framed or not, rendered once per event; None when browsers are not sent it.
    Called once per event and recipient class, so written out rather than through
    ``VariantCache.get`` and a closure."""
    if event is cache.event:
        renderings = cache.rendered
        if framed in renderings:
            return renderings[framed]
    else:
        cache.event = event
        cache.rendered = renderings = {}
    data = renderings[framed] = render(event, FRAMED if framed else UNFRAMED)
    return data
