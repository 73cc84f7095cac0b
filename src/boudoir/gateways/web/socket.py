"""The WebSocket endpoint (``boudoir.v1``, docs/websocket.md). Each browser connection is a
``browser.WebSession``, the core's ``Session`` for it.

Per connection: the ASGI task checks the handshake (Origin, subprotocol, session cookie), logs
the browser in and sends ``welcome``; then, on uvicorn with ``BoudoirWSProtocol``, it hands the
connection to the session (``FrameWriter.detach``) and ends, so an idle browser costs no task,
as on IRC. A message that arrives with nothing waiting before it and a token in the bucket runs
at once, in the protocol's ``data_received``, when it needs nothing from the store (speech,
typing: ``WebSession.receive_now``); anything else waits in the queue and runs in order, paced
by the token bucket, a command that needs the store in a worker task the endpoint owns: the
glue every gateway shares (``gateways.stream``). More than ``MAX_WAITING_COMMANDS`` waiting
closes with 1008. The session is logged out when its socket closes or it closes it
(``SocketEndpoint.finish``). On other ASGI servers the ASGI task stays, with a reader task and a
task group for the workers.

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
from collections.abc import Awaitable, Callable
from typing import Final

from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket

from boudoir.core.commands import Context, run_now
from boudoir.core.world import World
from boudoir.domain.entities import Account
from boudoir.domain.errors import BoudoirError, StoreUnavailable
from boudoir.domain.events import SessionClosed
from boudoir.domain.intents import Recall
from boudoir.domain.replies import Recalled
from boudoir.gateways import connection_id as current_connection_id
from boudoir.gateways import new_connection_id
from boudoir.gateways.stream import FlushAfter, FlushEachTurn, Work
from boudoir.gateways.variants import VariantCache
from boudoir.gateways.web.browser import (
    CLOSE_INTERNAL,
    CLOSE_NORMAL,
    CLOSE_NOT_AUTHENTICATED,
    INTERNAL,
    PRESENCE_HOLD_SECONDS,
    WebSession,
)
from boudoir.gateways.web.errors import error_response
from boudoir.gateways.web.options import WebOptions, host_allowed, origin_allowed
from boudoir.gateways.web.sessions import COOKIE_NAME
from boudoir.gateways.web.socket_limits import CLOSE_TOO_MANY, SocketLimits
from boudoir.gateways.web.wsprotocol import FRAMES_EXTENSION, FrameWriter
from boudoir.wire.webjson import PROTOCOL, render_error
from boudoir.wire.webjson.render import render_replay
from boudoir.wire.webjson.welcome import render_welcome

logger = logging.getLogger("boudoir.web")

LoginResolver = Callable[[str], Awaitable[tuple[str, Account] | None]]
"""The session cookie's value -> (the login session's id, its account), or None when the cookie
names no live login session."""

MAX_MESSAGE_BYTES: Final = 32768
"""One client message, in UTF-8 bytes (uvicorn's ``ws_max_size``): a 4,000-character message of
4-byte characters with its JSON around it fits."""
NOT_AUTHENTICATED: Final = "Log in first."


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
        self.flusher = FlushEachTurn()
        """Flushes the sessions with output once per loop turn."""
        self.held_flusher = FlushAfter(PRESENCE_HOLD_SECONDS)
        """Flushes the sessions holding only presence changes, together, a moment later."""
        self.is_going_away = False
        self._workers: set[asyncio.Task[None]] = set()
        """Detached sessions' commands that wait for the store (``spawn``)."""

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
        token = websocket.cookies.get(COOKIE_NAME)
        try:
            login = await self._resolve_login(token) if token else None
        except StoreUnavailable as error:
            await _deny(websocket, 503, error.code, error.message)
            return
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
        session.address, session.account_id = address, login[1].id
        self._sessions.add(session)
        try:
            await self._serve(session, login[1], websocket.query_params.get("character"))
        except Exception:
            # The one catch-all of this connection's ASGI task.
            logger.exception("error on a WebSocket connection")
            session.quit_reason = INTERNAL
            session.end(CLOSE_INTERNAL, INTERNAL)
            if session.writer is None:
                await session.send_unsent()
        finally:
            if not session.detached:
                session.lost()

    def finish(self, session: WebSession) -> None:
        """``session``'s socket has closed, or is closing: uncount it and log it out."""
        try:
            if session.account_id is not None:
                self.limits.release(session.address, session.account_id)
            self._sessions.discard(session)
            if session.conn is not None:
                self.world.disconnect(session.conn, session.quit_reason)
        except Exception:
            # Called from the protocol's callbacks, outside any task.
            logger.exception("error closing a WebSocket connection")

    def spawn(self, work: Work) -> asyncio.Task[None]:
        """Run a detached session's command that needs the store. The endpoint owns these
        tasks (a detached session has no task of its own); the session cancels its worker
        when its socket closes."""
        task = asyncio.get_running_loop().create_task(work)
        self._workers.add(task)
        task.add_done_callback(self._workers.discard)
        return task

    async def _serve(self, session: WebSession, account: Account, character: str | None) -> None:
        # Read before logging in: once in, events may arrive, and ``welcome`` comes first.
        try:
            characters = await self.world.characters.of_account(account.id)
            session.conn = await self.world.connect(session, account, character=character)
        except BoudoirError as error:
            session.send_payload(render_error(None, error.code, error.message))
            session.close(error.message)
            if session.writer is None:
                await session.send_unsent()
            return
        conn = session.conn
        names = [c.name for c in characters]
        edit_seconds = int(self.world.messages.recent.window.total_seconds())
        welcome = render_welcome(
            self.options.server_name,
            conn.account,
            conn.character.name,
            names,
            MAX_MESSAGE_BYTES,
            edit_seconds,
            calls=self.world.calls.enabled,
        )
        session.send_payload(welcome)
        # Then what reached this character in its direct conversations lately (``replay``);
        # each room's comes as it is joined.
        await self.world.replay_ready(conn)
        recalled = run_now(Context.of(self.world, conn), Recall(None))
        if isinstance(recalled, Recalled):
            session.send_payload(render_replay(None, recalled.lines))
        if session.writer is not None:
            # From here the protocol hands the session its input: no task waits for an idle
            # browser, and this ASGI task (with Starlette's frames and the scope) ends.
            session.detach()
            return
        assert session.ended is not None
        async with asyncio.TaskGroup() as tasks:
            session.tasks = tasks
            reader = tasks.create_task(session.read())
            sender = tasks.create_task(session.send_unsent())
            await session.ended.wait()
            session.tasks = None
            for task in (session.worker, reader, sender):
                if task is not None:
                    task.cancel()

    def close_login(self, login_id: str, reason: str) -> None:
        """End every socket opened with the login session ``login_id`` (logged out): each is
        sent ``closed`` and closed with 1000."""
        for session in [s for s in self._sessions if s.login_id == login_id]:
            session.deliver(SessionClosed(self.world.clock(), reason))
            session.end(CLOSE_NORMAL, reason)


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
