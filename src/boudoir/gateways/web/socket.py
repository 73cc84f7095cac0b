"""The WebSocket endpoint (``boudoir.v1``, docs/websocket.md) and the core's ``Session`` for
each browser connection.

Per connection: the ASGI task checks the handshake (Origin, subprotocol, session cookie), logs
the browser in and sends ``welcome``. Then, as on IRC, a message that arrives with nothing
waiting before it and a token in the bucket runs at once, in the protocol's ``data_received``,
when it needs nothing from the store (speech, typing: ``WebSession.receive_now``); anything
else waits in ``pending`` for the connection's worker task, which runs commands in order, paced
by the token bucket (excess waits; more than ``MAX_WAITING_COMMANDS`` waiting closes with
1008). A reader task waits for the disconnect.

Output never awaits: ``deliver`` appends an encoded frame to the session's output, and the
endpoint flushes every session with output once per loop turn, one ``write`` each. On uvicorn
with ``BoudoirWSProtocol`` the frames go straight to the transport (``FrameWriter``), rendered
and encoded once per event for every recipient; on other ASGI servers a sender task per
connection passes them to ``send``. A browser whose unsent output passes ``outbox_bytes`` is
disconnected (4008).

Imports ``boudoir.core``, ``boudoir.domain``, ``boudoir.wire`` and Starlette.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Collection, Sequence
from typing import Final, cast

from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket

from boudoir.core.ports import Session
from boudoir.core.registry import Connection
from boudoir.core.world import World
from boudoir.domain.entities import MAX_MESSAGE, MAX_TOPIC, Account
from boudoir.domain.errors import BoudoirError
from boudoir.domain.events import Event, SessionClosed
from boudoir.domain.ids import AccountId, ConnectionId
from boudoir.gateways import FlushEachTurn, new_connection_id
from boudoir.gateways import connection_id as current_connection_id
from boudoir.gateways.variants import VariantCache
from boudoir.gateways.web import socket_commands
from boudoir.gateways.web.errors import error_response
from boudoir.gateways.web.options import WebOptions, host_allowed, origin_allowed
from boudoir.gateways.web.socket_limits import CLOSE_TOO_MANY, SocketLimits
from boudoir.gateways.web.wsprotocol import FRAMES_EXTENSION, FrameWriter
from boudoir.wire.webjson import (
    FRAMED,
    PROTOCOL,
    UNFRAMED,
    BadMessage,
    Received,
    dumps,
    parse_command,
    render,
    render_error,
    render_ok,
    text_frame,
)

logger = logging.getLogger("boudoir.web")

LoginResolver = Callable[[str], Awaitable[tuple[str, Account] | None]]
"""The session cookie's value -> (the login session's id, its account), or None when the cookie
names no live login session."""

SESSION_COOKIE: Final = "boudoir_session"
MAX_MESSAGE_BYTES: Final = 32768
"""One client message, in UTF-8 bytes (uvicorn's ``ws_max_size``): a 4,000-character message of
4-byte characters with its JSON around it fits."""
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

NOT_AUTHENTICATED: Final = "Log in first."
TOO_SLOW: Final = "Reading too slowly"
FLOODED: Final = "Too many commands at once"
BINARY: Final = "Binary frames are not accepted"
INTERNAL: Final = "Internal error"
GONE: Final = "Connection closed"


class WebSession:
    """One browser connection: the core's ``Session``."""

    __slots__ = (
        "close_code", "closing", "conn", "connection_id", "dirty", "ended", "endpoint",
        "gateway", "login_id", "output", "pending", "quit_reason", "refilled", "tokens",
        "told_closed", "unsent", "unsent_bytes", "wake_sender", "wake_worker", "websocket",
        "writer",
    )  # fmt: skip

    def __init__(
        self,
        endpoint: SocketEndpoint,
        websocket: WebSocket,
        writer: FrameWriter | None,
        login_id: str,
    ) -> None:
        self.endpoint = endpoint
        self.websocket = websocket
        self.writer = writer
        """None on an ASGI server without ``boudoir.frames``: output goes through ``send``."""
        self.login_id = login_id
        self.connection_id = ConnectionId(new_connection_id("web"))
        self.gateway = "web"
        self.conn: Connection | None = None
        self.output: list[bytes] = []
        """Frames (payloads without a writer) waiting for this loop turn's flush."""
        self.dirty = False
        self.closing = False
        self.told_closed = False
        self.quit_reason = GONE
        self.pending: deque[str | Received] = deque()
        """Commands waiting for the worker: as received, or parsed when ``receive_now`` found
        that they need the store."""
        self.tokens = float(endpoint.options.command_burst)
        self.refilled = asyncio.get_running_loop().time()
        self.wake_worker = asyncio.Event()
        self.ended = asyncio.Event()
        # Without a writer only: what the sender task passes to ``send``.
        self.unsent: deque[bytes] = deque()
        self.unsent_bytes = 0
        self.wake_sender = asyncio.Event()
        self.close_code: tuple[int, str] | None = None

    # --- core Session -------------------------------------------------------------------------

    def deliver(self, event: Event) -> None:
        if self.closing:
            return
        data = rendered(self.endpoint.cache, event, framed=self.writer is not None)
        if data is None:
            return
        if type(event) is SessionClosed:
            self.told_closed = True
        self.output.append(data)
        if not self.dirty:
            self.dirty = True
            self.endpoint.mark_dirty(self)

    @staticmethod
    def deliver_to_all(
        sessions: Sequence[Session],
        accounts: Sequence[AccountId],
        event: Event,
        exclude: Session | None,
        blocked: Collection[AccountId] | None,
    ) -> None:
        """Room speech to every browser in a room (see ``core.ports.deliver_each``): rendered
        and framed once; each browser costs a lookup and an append."""
        browsers = cast("Sequence[WebSession]", sessions)
        endpoint = browsers[0].endpoint
        frame = rendered(endpoint.cache, event, framed=True)
        if frame is None:
            return  # not for browsers
        for session, account in zip(browsers, accounts, strict=True):
            if session is exclude or session.closing or (blocked and account in blocked):
                continue
            if session.writer is None:  # the JSON alone, for an ASGI server's send
                session.deliver(event)
                continue
            session.output.append(frame)
            if not session.dirty:
                session.dirty = True
                endpoint.mark_dirty(session)

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
            self.endpoint.mark_dirty(self)

    def flush(self) -> None:
        """Write the output gathered this loop turn; drop a reader too slow for its outbox."""
        self.dirty = False
        if not self.output:
            return
        output, self.output = self.output, []
        limit = self.endpoint.options.outbox_bytes
        writer = self.writer
        if writer is not None:
            writer.write(b"".join(output) if len(output) > 1 else output[0])
            if writer.buffered > limit:
                self.drop_slow_reader()
            return
        self.unsent.extend(output)
        self.unsent_bytes += sum(len(data) for data in output)
        if self.unsent_bytes > limit:
            self.drop_slow_reader()
        else:
            self.wake_sender.set()

    def drop_slow_reader(self) -> None:
        # What is already written stays queued ahead of the close frame: the client sees
        # 4008 if it reads on, and the socket is cut if it does not (uvicorn's close timeout).
        self.output.clear()
        self.unsent.clear()
        self.unsent_bytes = 0
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
        else:
            self.close_code = (code, reason)
            self.wake_sender.set()

    # --- tasks --------------------------------------------------------------------------------

    async def read(self) -> None:
        """Read messages into ``pending`` until the socket closes."""
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

    def take_token(self) -> bool:
        """Spend one token of the bucket if there is one."""
        options = self.endpoint.options
        now = asyncio.get_running_loop().time()
        self.tokens = min(
            options.command_burst, self.tokens + (now - self.refilled) * options.command_rate
        )
        self.refilled = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True

    def receive_now(self, text: str) -> None:
        """A message, as it arrives (called by ``BoudoirWSProtocol``, outside any task).

        The hot path, as on IRC: when nothing waits before it and the bucket has a token, a
        command that needs nothing from the store (speech, typing) runs here and now, with no
        task switch. Anything else joins ``pending`` for the worker, in order."""
        if self.closing:
            return
        if self.pending or not self.take_token():
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
            self.pending.append(received)
            self.wake_worker.set()
        elif ref is not None and fields is not socket_commands.NO_REPLY:
            self.send_payload(render_ok(ref, fields))

    def enqueue(self, message: str | Received) -> None:
        self.pending.append(message)
        if len(self.pending) > MAX_WAITING_COMMANDS:
            self.pending.clear()
            self.end(CLOSE_POLICY, FLOODED)
            return
        self.wake_worker.set()

    async def work(self) -> None:
        """Run the pending commands in order, as the token bucket allows."""
        options = self.endpoint.options
        while not self.closing:
            if not self.pending:
                self.wake_worker.clear()
                await self.wake_worker.wait()
                continue
            waiting = self.pending[0]
            if isinstance(waiting, str) and not self.take_token():
                # Like an ircd's fakelag: the command waits for its token, none is dropped.
                await asyncio.sleep((1 - self.tokens) / options.command_rate)
                continue
            await self.run(self.pending.popleft())

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
        while True:
            await self.wake_sender.wait()
            self.wake_sender.clear()
            while self.unsent:
                data = self.unsent.popleft()
                self.unsent_bytes -= len(data)
                await websocket.send_text(data.decode())
            if self.close_code is not None:
                code, reason = self.close_code
                await websocket.close(code, reason)
                self.ended.set()
                return


def rendered(
    cache: VariantCache[bool, bytes | None], event: Event, *, framed: bool
) -> bytes | None:
    """``event`` framed or not, rendered once per event; None when browsers are not sent it."""
    return cache.get(event, framed, lambda: render(event, FRAMED if framed else UNFRAMED))


class SocketEndpoint:
    """The ASGI app behind ``WebSocketRoute("/api/v1/socket", ...)``."""

    def __init__(self, world: World, resolve_login: LoginResolver, options: WebOptions) -> None:
        self.world = world
        self._resolve_login = resolve_login
        self.options = options
        self.cache: VariantCache[bool, bytes | None] = VariantCache()
        """The last event's frame and payload (by ``framed``), shared by every session."""
        self._sessions: set[WebSession] = set()
        self.limits = SocketLimits(options.max_sockets_per_address, options.max_sockets_per_account)
        self._flusher = FlushEachTurn()
        self.is_going_away = False

    def going_away(self) -> None:
        """The server is shutting down: sessions ended from now on close with 1001, which
        browsers answer by reconnecting later, not 4000."""
        self.is_going_away = True

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        current_connection_id.set(new_connection_id("web"))
        websocket = WebSocket(scope, receive, send)
        if not host_allowed(self.options, websocket.headers):
            await _deny(websocket, 421, "host_refused", "This server does not answer to that name.")
            return
        if not origin_allowed(self.options, scope.get("scheme", "ws"), websocket.headers):
            await _deny(websocket, 403, "origin_refused", "This origin may not open a socket.")
            return
        if PROTOCOL not in scope.get("subprotocols", ()):
            await _deny(
                websocket, 400, "subprotocol_required", f"Offer the subprotocol {PROTOCOL}."
            )
            return
        token = websocket.cookies.get(SESSION_COOKIE)
        login = await self._resolve_login(token) if token else None
        await websocket.accept(subprotocol=PROTOCOL)
        writer = scope.get("extensions", {}).get(FRAMES_EXTENSION)
        session = WebSession(
            self,
            websocket,
            writer if isinstance(writer, FrameWriter) else None,
            login[0] if login is not None else "",
        )
        current_connection_id.set(session.connection_id)
        if login is None:
            await _refuse(
                session,
                "not_authenticated",
                NOT_AUTHENTICATED,
                CLOSE_NOT_AUTHENTICATED,
                "not authenticated",
            )
            return
        client = scope.get("client")
        address = str(client[0]) if client else "local"
        refusal = self.limits.admit(address, login[1].id)
        if refusal is not None:
            await _refuse(session, "too_many_connections", refusal, CLOSE_TOO_MANY, refusal)
            return
        self._sessions.add(session)
        try:
            await self._serve(session, login[1], websocket.query_params.get("character"))
        except Exception:
            # The one catch-all of this connection.
            logger.exception("error on a WebSocket connection")
            session.quit_reason = INTERNAL
            session.end(CLOSE_INTERNAL, INTERNAL)
            if session.writer is None:
                await session.send_unsent()
        finally:
            self.limits.release(address, login[1].id)
            self._sessions.discard(session)
            session.closing = True
            if session.conn is not None:
                self.world.disconnect(session.conn, session.quit_reason)

    async def _serve(self, session: WebSession, account: Account, character: str | None) -> None:
        # Read before logging in: once in, events may arrive, and ``welcome`` comes first.
        characters = await self.world.characters.of_account(account.id)
        try:
            session.conn = await self.world.connect(session, account, character=character)
        except BoudoirError as error:
            session.send_payload(render_error(None, error.code, error.message))
            session.close(error.message)
            if session.writer is None:
                await session.send_unsent()
            return
        session.send_payload(self._welcome(session.conn, [c.name for c in characters]))
        if session.writer is not None:
            session.writer.receive_with(session.receive_now)
        async with asyncio.TaskGroup() as tasks:
            worker = tasks.create_task(session.work())
            reader = tasks.create_task(session.read())
            sender = tasks.create_task(session.send_unsent()) if session.writer is None else None
            await session.ended.wait()
            for task in (worker, reader, sender):
                if task is not None:
                    task.cancel()

    def _welcome(self, conn: Connection, characters: list[str]) -> bytes:
        account = conn.account
        return dumps(
            {
                "type": "welcome",
                "protocol": PROTOCOL,
                "server": self.options.server_name,
                "account": {
                    "name": account.name,
                    "attested": account.attested,
                    "ratings": [rating.label for rating in sorted(account.ratings)],
                    "role": account.role.value,
                    "dm_policy": account.dm_policy.value,
                    "presence_visibility": account.presence_visibility.value,
                },
                "character": {"name": conn.character.name},
                "characters": characters,
                "limits": {
                    "message_chars": MAX_MESSAGE,
                    "message_bytes": MAX_MESSAGE_BYTES,
                    "topic_chars": MAX_TOPIC,
                },
            }
        )

    def close_login(self, login_id: str, reason: str) -> None:
        """End every socket opened with the login session ``login_id`` (logged out): each is
        sent ``closed`` and closed with 1000."""
        for session in [s for s in self._sessions if s.login_id == login_id]:
            session.deliver(SessionClosed(self.world.clock(), reason))
            session.end(CLOSE_NORMAL, reason)

    def mark_dirty(self, session: WebSession) -> None:
        self._flusher.mark(session)


async def _refuse(
    session: WebSession, code: str, message: str, close_code: int, reason: str
) -> None:
    """Tell an accepted socket why it cannot stay (an ``error`` message), then close it."""
    session.send_payload(render_error(None, code, message))
    session.end(close_code, reason)
    if session.writer is None:
        await session.send_unsent()


async def _deny(websocket: WebSocket, status: int, code: str, message: str) -> None:
    """Refuse the handshake with an HTTP ``status`` and the API's error shape; on a server
    without the denial-response extension, a plain refusal (uvicorn: 403)."""
    if "websocket.http.response" in websocket.scope.get("extensions", {}):
        await websocket.send_denial_response(error_response(status, code, message))
    else:
        await websocket.close()
