"""One MU* client: an asyncio ``Protocol`` around the sans-I/O ``TelnetConnection``, and the
core's ``Session`` for it.

As on IRC, no task runs per idle connection: bytes arrive in ``data_received``, the machine
turns them into lines, and a line runs at once unless it needs the store; then it runs in a
worker task owned by the gateway and the lines behind it wait in order (type-ahead). A token
bucket lets a client's auto-login burst through and makes a later flood wait its turn; past
``typeahead`` waiting lines the socket is not read, so nothing is dropped and nothing grows.
That glue is shared with the other gateways (``gateways.stream``).

Output is rendered by ``wire.telnet.render`` (text, once per variant for room speech) and
``wire.telnet.gmcp_events`` (GMCP), wrapped to the window (NAWS), written once per loop turn.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, cast

from boudoir.core.ports import Session, deliver_each
from boudoir.core.presence_interest import Shows
from boudoir.domain.entities import DirectMessagePolicy
from boudoir.domain.events import DirectMessageSent, Event, RoomMessageSent, SessionClosed
from boudoir.domain.ids import ConnectionId, MessageId, RoomId
from boudoir.gateways import new_connection_id
from boudoir.gateways.stream import Work
from boudoir.gateways.tcp_client import TcpClient
from boudoir.wire.telnet import (
    CapabilitiesChanged,
    ConnectionClosed,
    GmcpReceived,
    LineReceived,
    MsspRequested,
    ProtocolError,
    TelnetConnection,
    WindowResized,
    encode_text,
)
from boudoir.wire.telnet.gmcp_events import char_status, gmcp_messages, wanted
from boudoir.wire.telnet.render import View, render, render_bytes, speech_key
from boudoir.wire.telnet.text import Style, paint, wrap_block

if TYPE_CHECKING:
    from boudoir.gateways.telnet.login import LoginScreen
    from boudoir.gateways.telnet.server import TelnetGateway

logger = logging.getLogger("boudoir.telnet")

HEARD_LINES = 50
"""Messages from others kept per connection for ``report``: a report attaches at most
``domain.moderation.MAX_EVIDENCE_LINES`` (50) lines, and this bounds the memory per client."""
EMITS_KEPT = 20
"""Emits remembered per connection across its rooms (``emitters`` shows the last few of the
room here): bounded, so a busy evening never grows a client's memory."""

EventHook = Callable[["TelnetClient", Event], None]

EVENT_HOOKS: dict[type, list[EventHook]] = {}
"""Event class -> what command modules do on the gateway side when a client gets one (stand in
a scene, remember who paged...). Looked up by exact class: room speech, the hot path, costs one
dictionary lookup per recipient and only the hooks that asked for it."""


def on_event(*kinds: type) -> Callable[[EventHook], EventHook]:
    """Register a hook for events of the classes ``kinds``."""

    def register(hook: EventHook) -> EventHook:
        for kind in kinds:
            EVENT_HOOKS.setdefault(kind, []).append(hook)
        return hook

    return register


class TelnetClient(TcpClient[str]):
    """The server side of one telnet connection."""

    machine: TelnetConnection
    server: TelnetGateway
    logger = logger
    internal_error = "Internal error."
    too_slow = "Too much output waiting; your client is not reading it."

    def __init__(self, server: TelnetGateway) -> None:
        super().__init__(server.flusher, server.limits, server.limits.typeahead)
        self.server = server
        self.connection_id = ConnectionId(new_connection_id("telnet"))
        self.gateway = "telnet"
        self.machine = TelnetConnection(compression_allowed=not server.tls)
        self.login: LoginScreen | None = None
        self.location: RoomId | None = None
        """The room this character stands in; the other rooms it joined are its channels."""
        self.channels: dict[str, str] = {}
        """Channel alias (``pub``) -> room name, from ``addcom``."""
        self.screen_reader_setting: bool | None = None
        """``@set me=screenreader:yes|no``; None follows the client's MTTS bit."""
        self.colour_setting: bool | None = None
        self.watching: frozenset[str] = frozenset()
        """Name keys of the friends whose coming and going this user is told (``wf``)."""
        self.gmcp_packages: frozenset[str] | None = None
        """GMCP packages the client asked for (Core.Supports.Set/Add); None: not said."""
        self.gmcp_greeted = False
        self.view = View(viewer=None, location=None, colours=0, screen_reader=False)
        self.login_timer: asyncio.TimerHandle | None = None
        self.last_paged: list[str] = []
        """Who ``page =msg`` goes to: the last recipients."""
        self.last_pager = ""
        """Who ``page #r=msg`` answers."""
        self.spoofcheck = False
        """``@set me=spoofcheck:yes``: show who emitted each emit (``[emit by Alice]``)."""
        self.highlight = False
        """``@set me=highlight:yes``: your character's name stands out in others' room lines
        (only with colour, so never in screen reader mode)."""
        self.heard: deque[RoomMessageSent | DirectMessageSent] | None = None
        """The last messages others sent this user, with their seals: ``report`` attaches
        them as evidence, since a MU* client cannot send back what it received. Made on the
        first (``keep_heard``): an empty bounded deque costs a block of 64 slots, and an
        idle connection hears nothing."""
        self.own_lines: dict[RoomId, MessageId] = {}
        """This user's latest line in each room it spoke in, for ``edit last`` and
        ``delete last``."""
        self.emits: deque[RoomMessageSent] | None = None
        """The last emits heard (and made) in any room, for ``emitters``; made on the first
        (``keep_emit``), as ``heard`` is."""
        self.haven_restore: DirectMessagePolicy | None = None
        """The message policy ``haven`` replaced, to restore when it is turned off."""
        self.scene_return: dict[RoomId, RoomId | None] = {}
        """For each scene this user stands in or stood in: where they stood before it."""
        self.doing = ""
        """``@doing``: a line shown beside the name in WHO (kept while connected)."""
        self.last_input = time.monotonic()
        """When the user last sent a command (``commands.dispatch``): WHO's idle time."""

    # --- asyncio.Protocol ---------------------------------------------------------------------

    def admit(self) -> str | None:
        return self.server.admit(self)

    def connected(self) -> None:
        loop = asyncio.get_running_loop()
        self.login_timer = loop.call_later(self.server.limits.login_timeout, self._login_timed_out)
        from boudoir.gateways.telnet.login import LoginScreen

        self.machine.start()
        self.login = LoginScreen(self)
        self.login.welcome()
        self.schedule_flush()

    def last_words(self, reason: str, *, refused: bool) -> bytes:
        return encode_text(reason + "\n")

    def connection_lost(self, exc: Exception | None) -> None:
        if self.login_timer is not None:
            self.login_timer.cancel()
            self.login_timer = None
        self.closing = True
        self.log_out()
        self.server.forget(self)

    # --- state ---------------------------------------------------------------------------------

    def logged_in_changed(self) -> None:
        self.refresh_view()

    @property
    def screen_reader(self) -> bool:
        if self.screen_reader_setting is not None:
            return self.screen_reader_setting
        return self.machine.capabilities.screen_reader

    @property
    def colours(self) -> int:
        if self.colour_setting is False or self.screen_reader:
            return 0
        colours = self.machine.capabilities.colours
        if self.colour_setting and colours == 0:
            return 16
        return colours

    def keep_heard(self, event: RoomMessageSent | DirectMessageSent) -> None:
        if self.heard is None:
            self.heard = deque(maxlen=HEARD_LINES)
        self.heard.append(event)

    def keep_emit(self, event: RoomMessageSent) -> None:
        if self.emits is None:
            self.emits = deque(maxlen=EMITS_KEPT)
        self.emits.append(event)

    @property
    def width(self) -> int:
        return self.machine.capabilities.width

    def refresh_view(self) -> None:
        conn = self._conn
        self.view = View(
            viewer=conn.character.id if conn is not None else None,
            location=self.location,
            colours=self.colours,
            screen_reader=self.screen_reader,
            watching=self.watching,
            show_emitter=self.spoofcheck,
            width=self.width,
            ascii_only=self.machine.capabilities.ascii_only,
            highlight=conn.character.name
            if conn is not None and self.highlight and self.colours
            else "",
        )
        self.declare_presence()

    def presence_shows(self) -> Shows:
        """What this client shows of others' presence (``core.presence_interest``): the
        friends it watches (``View.watching``, ``wf``), and everyone's when its GMCP takes
        ``Boudoir.Event`` (which carries every event it is sent, ``gmcp_messages``)."""
        names = self.view.watching
        everyone = self.machine.gmcp_enabled and wanted("Boudoir.Event", self.gmcp_packages)
        return Shows(everyone=everyone, names=names)

    def declare_presence(self) -> None:
        """Tell the core what this client shows of presence now (see ``presence_shows``)."""
        conn = self._conn
        if conn is not None:
            self.server.world.presence.shows(conn, self.presence_shows())

    def set_location(self, room: RoomId | None) -> None:
        self.location = room
        self.refresh_view()
        self.send_char_status()

    def send_char_status(self) -> None:
        """GMCP Char.Status: who this user acts as, their status and where they stand."""
        conn = self._conn
        if conn is None or not self.machine.gmcp_enabled:
            return
        world = self.server.world
        status = world.presence.own_status(conn)
        live = world.rooms.live_by_id(self.location) if self.location is not None else None
        room = live.room.name if live is not None else None
        self.machine.send_gmcp(*char_status(conn.character.name, status, room))

    # --- core Session --------------------------------------------------------------------------

    def deliver(self, event: Event) -> None:
        if self.closing:
            return
        cache = self.server.cache
        if type(event) is RoomMessageSent and cache.event is event:
            view = self.view
            data = cache.get(event, speech_key(view, event), lambda: render_bytes(event, view))
            if data is not None:
                self._append(data)
                self._gmcp(event)
                self.after_event(event)
                return
        if isinstance(event, SessionClosed):
            self.tell(event.reason, Style.ALERT)
            self.closing = True
            self.flush_and_close()
            return
        text = render(event, self.view)
        if text is not None:
            self.tell(text)
        self._gmcp(event)
        self.after_event(event)

    @staticmethod
    def deliver_to_all(sessions: Sequence[Session], event: Event, exclude: Session | None) -> None:
        """Room speech to the telnet clients of a room that hear it (``Session.deliver_to_all``):
        each variant (``speech_key``: colours, screen reader, here or a channel, window width) is
        rendered, wrapped and encoded once."""
        if type(event) is not RoomMessageSent:
            deliver_each(sessions, event, exclude)
            return
        clients = cast("Sequence[TelnetClient]", sessions)
        rendered = clients[0].server.cache.renderings(event)
        hooks = EVENT_HOOKS.get(RoomMessageSent)  # ``after_event``, looked up once
        marked: list[TelnetClient] = []
        for client in clients:
            if client is exclude or client.closing:
                continue
            view = client.view
            key = speech_key(view, event)
            try:
                data = rendered[key]
            except KeyError:
                data = rendered[key] = render_bytes(event, view)
            if data is None:
                continue
            client.machine.send_encoded(data)
            if not client.dirty:
                client.dirty = True
                marked.append(client)
            if client.machine.gmcp_enabled:
                client._gmcp(event)
            if hooks is not None:
                for hook in hooks:
                    hook(client, event)
        if marked:
            # Any flusher flushes within this loop turn: one call for the lot.
            clients[0].flusher.mark_all(marked)

    def close(self, reason: str) -> None:
        """The core (or the gateway) ends this session, telling the user ``reason``."""
        if self.transport is None or self.transport.is_closing():
            return
        if not self.closing:
            self.tell(reason, Style.ALERT)
        self.closing = True
        self.quit_reason = self.quit_reason or reason
        self.flush_and_close()

    def flush_and_close(self) -> None:
        self.machine.close()
        self.flush()
        if self.transport is not None:
            self.transport.close()

    def after_event(self, event: Event) -> None:
        """Gateway-side effects of an event for this client (a location change...)."""
        hooks = EVENT_HOOKS.get(type(event))
        if hooks is not None:
            for hook in hooks:
                hook(self, event)

    # --- output ------------------------------------------------------------------------------

    def _append(self, data: bytes) -> None:
        self.machine.send_encoded(data)
        if not self.dirty:
            self.dirty = True
            self.flusher.mark(self)

    def _gmcp(self, event: Event) -> None:
        if not self.machine.gmcp_enabled:
            return
        for package, payload in gmcp_messages(event, self.view, self.gmcp_packages):
            self.machine.send_gmcp(package, payload)
        self.schedule_flush()

    def tell(self, text: str, style: Style | None = None) -> None:
        """Send ``text`` (already safe: our own words, or user text passed through
        ``clean``), painted in ``style`` when the client shows colour, wrapped to its window."""
        if style is not None and self.colours:
            text = "\n".join(paint(line, style, self.colours) for line in text.split("\n"))
        ascii_only = self.machine.capabilities.ascii_only
        self._append(encode_text(self.wrapped(text), ascii_only=ascii_only))

    def wrapped(self, text: str) -> str:
        """``text`` wrapped to the window (``wire.telnet.text.wrap_block``)."""
        return wrap_block(text, self.width)

    def prompt(self, text: str) -> None:
        """A prompt the user answers on the same line, ended by EOR or GA."""
        self.machine.send_prompt(text)
        self.schedule_flush()

    # --- input -------------------------------------------------------------------------------

    def take_events(self) -> None:
        for event in self.machine.events_received():
            if isinstance(event, LineReceived):
                self.queue.append(event.text)
            elif isinstance(event, WindowResized | CapabilitiesChanged):
                self.refresh_view()
                if self.machine.gmcp_enabled and not self.gmcp_greeted:
                    self._greet_gmcp()
            elif isinstance(event, GmcpReceived):
                self._gmcp_received(event)
            elif isinstance(event, MsspRequested):
                self.machine.send_mssp(self.server.mssp())
            elif isinstance(event, ProtocolError):
                self.tell(event.message, Style.ERROR)
            elif isinstance(event, ConnectionClosed):
                self.closing = True
        # GMCP may have been turned on or off (it carries every event: ``presence_shows``).
        self.declare_presence()
        self.input_arrived()

    def _greet_gmcp(self) -> None:
        """GMCP is on: offer Mudlet's GMCP login (Char.Login.Default) while at the login
        screen."""
        self.gmcp_greeted = True
        if self.conn is None:
            self.machine.send_gmcp("Char.Login.Default", {"type": ["password-credentials"]})

    def _gmcp_received(self, event: GmcpReceived) -> None:
        from boudoir.gateways.telnet.login import gmcp_received

        work = gmcp_received(self, event.package, event.data)
        if work is not None:
            self.queue_work(work)

    def queue_work(self, work: Work) -> None:
        """Run ``work`` now if nothing is running, else after what is queued (rare: GMCP)."""
        if self.worker is None:
            self.worker = self.spawn(self._work(work, ""))
        else:
            work.close()

    def dispatch(self, item: str) -> Work | None:
        from boudoir.gateways.telnet.commands import dispatch

        return dispatch(self, item)

    def spawn(self, work: Work) -> asyncio.Task[None] | None:
        return self.server.spawn(work)

    def describe(self, item: str) -> str:
        return "a command"

    def hold_login_timer(self) -> None:
        """A login is being checked: the login timeout waits for it."""
        if self.login_timer is not None:
            self.login_timer.cancel()
            self.login_timer = None

    def restart_login_timer(self) -> None:
        """The login was checked (and failed): the whole timeout again to try."""
        if self.conn is not None or self.closing or self.login is None:
            return
        if self.login_timer is None:
            self.login_timer = asyncio.get_running_loop().call_later(
                self.server.limits.login_timeout, self._login_timed_out
            )

    def login_waiting(self, ahead: int) -> None:
        """Told by the core's login queue while this client's login waits its turn."""
        if not self.closing:
            self.tell(f"Logging you in: {ahead} ahead of you.")

    def password_waiting(self, ahead: int) -> None:
        """Told by the core's login queue while this client's new password waits its turn to
        be checked and hashed."""
        if not self.closing:
            self.tell(f"Changing your password: {ahead} ahead of you.")

    def signup_waiting(self, ahead: int) -> None:
        """Told by the core's login queue while this client's new account waits its turn to
        have its password hashed."""
        if not self.closing:
            self.tell(f"Making your account: {ahead} ahead of you.")

    def _login_timed_out(self) -> None:
        self.login_timer = None
        if self.conn is None and not self.closing:
            self.close("You did not log in in time. Goodbye.")

    def logged_in(self) -> None:
        if self.login_timer is not None:
            self.login_timer.cancel()
            self.login_timer = None
        self.login = None
