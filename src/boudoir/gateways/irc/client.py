"""One IRC client: a ``TcpClient`` around the sans-I/O ``IrcConnection``, and the core's
``Session`` for it. No task runs per idle connection; the command queue and its worker, the
pacing, the outbox (a reader past SendQ is cut with "SendQ exceeded") and the flush once per
loop turn are the glue every gateway shares (``gateways.stream``, ``gateways.tcp_client``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, cast

from boudoir.core.ports import Session, deliver_each
from boudoir.core.presence_interest import Shows
from boudoir.domain.entities import Account
from boudoir.domain.errors import BoudoirError
from boudoir.domain.events import (
    CharacterRef,
    CharacterRenamed,
    DirectMessageSent,
    Event,
    LogStateChanged,
    MemberJoined,
    MemberKicked,
    MemberLeft,
    PresenceChanged,
    RoomMessageSent,
    RoomSettingChanged,
    SessionClosed,
    TopicChanged,
)
from boudoir.domain.ids import CharacterId, ConnectionId
from boudoir.domain.times import utc_millis as server_time
from boudoir.gateways import new_connection_id
from boudoir.gateways.stream import Work
from boudoir.gateways.tcp_client import TcpClient
from boudoir.wire.irc import (
    CommandReceived,
    ConnectionLost,
    IrcConnection,
    IrcEvent,
    Message,
    render_message,
)
from boudoir.wire.irc.event_lines import HOST, SERVICE_MASK, mask_of, tag_mask
from boudoir.wire.irc.render_events import IrcVariant, message_bytes, render

if TYPE_CHECKING:
    from boudoir.gateways.irc.server import IrcGateway


def _changed_by(event: Event) -> CharacterRef | None:
    """Who made the room change or rename ``event`` tells: when it is this client, while its
    own MODE, TOPIC, KICK or NICK runs, the lines are that command's (labeled) response."""
    if isinstance(event, TopicChanged | MemberKicked | RoomSettingChanged):
        return event.by
    if isinstance(event, CharacterRenamed):
        return event.character
    return None


logger = logging.getLogger("boudoir.irc")

MAX_QUEUED_COMMANDS = 64
"""Commands parsed but not yet run (with the lines the wire machine holds while registration
is decided, run in order after it); past this the client's socket is not read until the
queue drains (TCP then pushes back on the sender). Bounded: a flood never grows memory."""


def use_commands(dispatch: Callable[[IrcClient, IrcEvent], Work | None]) -> None:
    """Make ``dispatch`` (``gateways.irc.commands.dispatch``, which calls this when it is
    imported: it imports this module, so this one cannot import it) ``IrcClient.dispatch``.
    It becomes the method itself, so that every command costs no call in between."""
    IrcClient.dispatch = dispatch  # type: ignore[method-assign,assignment]


class IrcClient(TcpClient[IrcEvent]):
    """The server side of one IRC connection."""

    __slots__ = (
        "account", "acting", "cache", "gateway", "invisible", "last_quit", "machine",
        "monitoring", "output", "realname", "registration_timer", "server", "tags",
        "unregistered",
    )  # fmt: skip

    machine: IrcConnection
    server: IrcGateway
    logger = logger
    close_when_expected = True
    """The machine answers QUIT (or EOF) at once; commands queued before it still run (a last
    message, a block), and then the connection closes."""

    def __init__(self, server: IrcGateway) -> None:
        super().__init__(server.flusher, server.limits, MAX_QUEUED_COMMANDS)
        self.server = server
        self.connection_id = ConnectionId(new_connection_id(server.name))
        self.gateway = "irc"
        self.machine = IrcConnection(
            server.server_name, capabilities=server.capabilities, host=HOST
        )
        self.output = self.machine.output
        self.cache = server.cache
        self.account: Account | None = None
        """Set by SASL before registration completes; used to log in at registration."""
        self.realname = ""
        self.invisible = True
        self.tags = 0
        self.registration_timer: asyncio.TimerHandle | None = None
        self.unregistered = False
        """Open and not yet welcomed: counted in the core's ``Registry.unregistered``."""
        self.last_quit: tuple[CharacterId, dt.datetime] | None = None
        self.acting = False
        """True while this client's MODE, TOPIC or KICK runs: the change it causes comes back
        as that command's (labeled) response rather than as news."""
        self.monitoring: dict[str, tuple[str, bool]] = {}
        """IRCv3 MONITOR: by name key, each name as last shown and whether it was reported
        online (see ``monitor``)."""

    # --- asyncio.Protocol ---------------------------------------------------------------------

    def admit(self) -> str | None:
        return self.server.admit(self)

    def connected(self) -> None:
        self.unregistered = True
        self.server.world.presence.opened_unregistered()
        self.registration_timer = asyncio.get_running_loop().call_later(
            self.server.limits.registration_timeout, self._registration_timed_out
        )

    def last_words(self, reason: str, *, refused: bool) -> bytes:
        if refused:
            return f"ERROR :{reason}\r\n".encode()
        return f"ERROR :Closing link: {reason}\r\n".encode()

    def connection_lost(self, exc: Exception | None) -> None:
        if self.registration_timer is not None:
            self.registration_timer.cancel()
            self.registration_timer = None
        self.closing = True
        self._count_registered()
        if not self.log_out():
            self.server.world.release_guest_nick(self.connection_id)
        self.server.forget(self)

    # --- core Session -------------------------------------------------------------------------

    def deliver(self, event: Event) -> None:
        # The hot path: a room message whose bytes for this tag variant are already rendered
        # costs a dictionary lookup and a list append.
        if self.closing:
            return
        if type(event) is RoomMessageSent:
            cache = self.cache
            data = cache.rendered.get(self.tags) if event is cache.event else None
            if data is None:
                data = cache.get(event, self.tags, lambda: message_bytes(event, self.tags))
        elif type(event) is DirectMessageSent:
            if self._conn is None:
                return
            data = message_bytes(event, self.tags)
        else:
            self._deliver_other(event)
            self.schedule_flush()
            return
        self.output.append(data)
        if not self.dirty:
            self.dirty = True
            self.flusher.mark(self)

    @staticmethod
    def deliver_to_all(sessions: Sequence[Session], event: Event, exclude: Session | None) -> None:
        """Room speech to the IRC clients of a room that hear it (``Session.deliver_to_all``):
        the bytes of each tag variant are rendered once, and each client costs a lookup and
        an append to its output."""
        if type(event) is not RoomMessageSent:
            deliver_each(sessions, event, exclude)
            return
        clients = cast("Sequence[IrcClient]", sessions)
        first = clients[0]
        rendered = first.cache.renderings(event)
        marked: list[IrcClient] = []
        for client in clients:
            if client is exclude or client.closing:
                continue
            tags = client.tags
            data = rendered.get(tags)
            if data is None:
                data = rendered[tags] = message_bytes(event, tags)
            client.output.append(data)
            if not client.dirty:
                client.dirty = True
                marked.append(client)
        if marked:
            # Any flusher flushes within this loop turn (each listener has one): one call.
            first.flusher.mark_all(marked)

    def flush(self) -> None:
        """``TcpClient.flush`` with the machine's output taken here: at a low rate nearly
        every delivery is a flush of its own, one line long, which needs no join."""
        self.dirty = False
        transport = self.transport
        if transport is None:
            return
        output = self.output
        if output:
            data = output[0] if len(output) == 1 else b"".join(output)
            output.clear()
            if not transport.is_closing():
                transport.write(data)
                if transport.get_write_buffer_size() > self.sendq:
                    self.abort(self.too_slow)
                    return
        if (
            self.worker is None
            and not self.queue
            and self.machine.close_expected()
            and not transport.is_closing()
        ):
            self.closing = True
            transport.close()

    def close(self, reason: str) -> None:
        """The core ends this session (the ``SessionClosed`` event already said why)."""
        if self.closing:
            return
        self.closing = True
        self.quit_reason = reason
        self.flush()
        if self.transport is not None:
            self.transport.close()

    # --- output helpers -----------------------------------------------------------------------

    @property
    def oper(self) -> bool:
        """OPER succeeded (user mode +o): staff on duty, shown as an IRC operator. Kept on the
        core's connection (``on_duty``), so WHO and WHOIS from every gateway agree."""
        conn = self._conn
        return conn is not None and conn.on_duty

    @oper.setter
    def oper(self, value: bool) -> None:
        if self._conn is not None:
            self._conn.on_duty = value

    @property
    def nick(self) -> str:
        return self.machine.nick or "*"

    def time_tags(self, at: dt.datetime | None = None) -> dict[str, str]:
        if "server-time" in self.machine.caps:
            return {"time": server_time(at or dt.datetime.now(dt.UTC))}
        return {}

    def emit(self, command: str, *params: str, source: str | None = None) -> None:
        """Send a message about this client's own doing (its JOIN, NICK...) as a response."""
        self.machine.send_message(
            Message(command, params, source=source or mask_of(self.nick), tags=self.time_tags())
        )

    def reply(self, numeric: str, *params: str) -> None:
        self.machine.reply(numeric, *params)

    def fail(self, command: str, code: str, description: str, *context: str) -> None:
        self.machine.fail(command, code, description, *context)

    def server_notice(self, text: str) -> None:
        self.machine.send_message(
            Message("NOTICE", (self.nick, text), source=self.server.server_name)
        )

    def service(self, text: str, *, delivery: bool = False) -> None:
        """A notice from NickServ, one line per line of ``text``: a reply to the running
        command, or (``delivery``) news that is never held inside a labeled response."""
        send = self.push if delivery else self.machine.send_message
        for line in text.split("\n"):
            send(Message("NOTICE", (self.nick, line or " "), source=SERVICE_MASK))

    # --- events from the core other than messages ---------------------------------------------

    def push(self, message: Message) -> None:
        """A delivery: straight to the output, never held inside a labeled response of a
        command that is still running."""
        self.machine.send(render_message(message))

    def push_change(self, message: Message, by: CharacterRef | None) -> None:
        """A room change: the reply to this client's own MODE/TOPIC/KICK while it runs (so it
        carries that command's label), news otherwise."""
        conn = self.conn
        if self.acting and by is not None and conn is not None and by.id == conn.character.id:
            self.machine.send_message(message)
            return
        self.push(message)

    def presence_shows(self) -> Shows:
        """What this client shows of others' presence (``core.presence_interest``): IRC has no
        list of everyone online, only MONITOR's names and, with away-notify, the status of
        those sharing a channel (``render``; the capability may come later, so room mates are
        always visited and the capability decides here)."""
        return Shows(everyone=False, names=frozenset(self.monitoring), room_mates=True)

    def variant(self, event: Event | None = None) -> IrcVariant:
        """What ``render`` needs to show ``event`` to this client: its capabilities, nick and
        character, and the fact of live state that ``event`` depends on, looked up here."""
        caps = self.machine.caps
        conn = self.conn
        me = None if conn is None else CharacterRef(conn.character.id, conn.character.name)
        variant = IrcVariant(
            self.server.server_name, tag_mask(caps), frozenset(caps), self.nick, me
        )
        if conn is None:
            return variant
        world = self.server.world
        match event:
            case TopicChanged():
                return replace(variant, logged=world.logs.is_on(event.room.id))
            case LogStateChanged(switched=True):
                from boudoir.gateways.irc.history import topic_text

                live = world.rooms.live_by_id(event.room.id)
                return replace(variant, topic=topic_text(self, live) if live is not None else "")
            case PresenceChanged(online=True) if "away-notify" in caps:
                shares = world.presence.shares_a_room(conn, event.character.id)
                return replace(variant, shares_room=shares)
            case MemberJoined() if "away-notify" in caps:
                seen = world.presence.status_seen(conn, event.character.id)
                if seen is not None:
                    return replace(variant, seen=(seen.status, seen.message))
        return variant

    def _deliver_other(self, event: Event) -> None:
        """Every event but room and direct messages: rendered for this client alone, with the
        live state the gateway keeps (MONITOR, the last QUIT, the nick) updated here."""
        if isinstance(event, SessionClosed):
            self.machine.close(event.reason)
            return
        conn = self.conn
        if isinstance(event, MemberLeft) and event.quit:
            own = conn is not None and event.character.id == conn.character.id
            if not own:
                # One QUIT per character, however many shared rooms it left (Modern IRC, QUIT).
                if self.last_quit == (event.character.id, event.at):
                    return
                self.last_quit = (event.character.id, event.at)
        elif isinstance(event, PresenceChanged) and self.monitoring:
            from boudoir.gateways.irc.monitor import presence_changed

            presence_changed(self, event)
        lines = render(event, self.variant(event))
        assert not isinstance(lines, bytes), "messages are delivered by deliver()"
        by = _changed_by(event)
        for message in lines:
            if by is None:
                self.push(message)
            else:
                self.push_change(message, by)
        if (
            isinstance(event, CharacterRenamed)
            and conn is not None
            and event.character.id == conn.character.id
        ):
            self.machine.set_nick(event.character.name)

    # --- commands -----------------------------------------------------------------------------

    def refill(self) -> None:
        """Move the machine's new events to the command queue. Called only when the queue is
        empty and no command runs: asking the machine for events tells it that those it gave
        before have run, and it then handles the lines that waited behind them (answering a
        PING itself), so asking earlier would put that answer ahead of theirs."""
        while True:
            events = self.machine.events_received()
            queue = self.queue
            for event in events:
                if type(event) is not ConnectionLost:
                    queue.append(event)
            # An end of file alone does not release the lines held behind it: ask again.
            if self.queue or not events or not self.machine.held_lines:
                return

    def waiting(self) -> int:
        return len(self.queue) + self.machine.held_lines

    def paced(self, item: IrcEvent) -> bool:
        return type(item) is CommandReceived

    def dispatch(self, item: IrcEvent) -> Work | None:
        """Replaced by ``gateways.irc.commands.dispatch`` once that is imported
        (``use_commands``)."""
        raise NotImplementedError

    def spawn(self, work: Work) -> asyncio.Task[None] | None:
        return self.server.spawn(work)

    def resume_queue(self) -> None:
        self.tags = tag_mask(self.machine.caps)
        self.run_queue()

    def take_events(self) -> None:
        # The machine gives one command at a time and holds the lines after it; new input
        # only joins them. The next is collected when the command still running finishes.
        if self.worker is None and not self.queue:
            self.refill()
        self.tags = tag_mask(self.machine.caps)
        self.input_arrived()

    def hold_registration_timer(self) -> None:
        """A login is being checked: the registration timeout waits for it."""
        if self.registration_timer is not None:
            self.registration_timer.cancel()
            self.registration_timer = None

    def restart_registration_timer(self) -> None:
        """The login was checked: the client has the whole timeout again to finish."""
        if self.machine.registered or self.closing or self.registration_timer is not None:
            return
        self.registration_timer = asyncio.get_running_loop().call_later(
            self.server.limits.registration_timeout, self._registration_timed_out
        )

    def login_waiting(self, ahead: int) -> None:
        """Told by the core's login queue while this client's login waits its turn."""
        self._waiting(f"Logging you in: {ahead} ahead of you")

    def signup_waiting(self, ahead: int) -> None:
        """Told by the core's login queue while this client's new account waits its turn to
        have its password hashed."""
        self._waiting(f"Making your account: {ahead} ahead of you")

    def _waiting(self, text: str) -> None:
        if self.closing:
            return
        self.push(Message("NOTICE", (self.nick, text), source=self.server.server_name))
        self.schedule_flush()

    def _registration_timed_out(self) -> None:
        self.registration_timer = None
        if not self.machine.registered and not self.closing:
            self.machine.close("Registration timed out")
            self.flush()

    def registered(self) -> None:
        if self.registration_timer is not None:
            self.registration_timer.cancel()
            self.registration_timer = None
        self._count_registered()

    def _count_registered(self) -> None:
        """Welcomed, or gone before: no longer an unregistered connection."""
        if self.unregistered:
            self.unregistered = False
            self.server.world.presence.closed_unregistered()

    def handle_error(
        self, command: str, error: BoudoirError, target: str = "", *, room: str = ""
    ) -> None:
        """Answer ``error`` (errors.py); ``room`` when ``target`` is a person in it."""
        from boudoir.gateways.irc.errors import reply_error

        reply_error(self, command, error, target, room)
