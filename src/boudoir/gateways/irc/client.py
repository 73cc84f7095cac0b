"""One IRC client: a ``TcpClient`` around the sans-I/O ``IrcConnection``, and the core's
``Session`` for it. No task runs per idle connection; the command queue and its worker, the
pacing, the outbox (a reader past SendQ is cut with "SendQ exceeded") and the flush once per
loop turn are the glue every gateway shares (``gateways.stream``, ``gateways.tcp_client``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, cast

from boudoir.core.ports import Session, deliver_each
from boudoir.core.registry import Connection
from boudoir.domain import consent
from boudoir.domain.entities import Account, Status
from boudoir.domain.errors import BoudoirError
from boudoir.domain.events import (
    CharacterRef,
    CharacterRenamed,
    DirectMessageSent,
    Event,
    InvitationSent,
    LogStateChanged,
    MemberJoined,
    MemberLeft,
    MessageRequestReceived,
    PresenceChanged,
    ProfileChanged,
    RoomInvitationReceived,
    RoomMessageSent,
    ServerNotice,
    SessionClosed,
    SignalSent,
    TopicChanged,
)
from boudoir.domain.ids import AccountId, CharacterId, ConnectionId
from boudoir.gateways import new_connection_id
from boudoir.gateways.irc import render
from boudoir.gateways.irc.render import channel, mask_of, server_time
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

if TYPE_CHECKING:
    from boudoir.gateways.irc.server import IrcGateway

logger = logging.getLogger("boudoir.irc")

MAX_QUEUED_COMMANDS = 64
"""Commands parsed but not yet run (with the lines the wire machine holds while registration
is decided, run in order after it); past this the client's socket is not read until the
queue drains (TCP then pushes back on the sender). Bounded: a flood never grows memory."""


class IrcClient(TcpClient[IrcEvent]):
    """The server side of one IRC connection."""

    __slots__ = (
        "_conn", "account", "acting", "gateway", "invisible", "last_quit", "machine",
        "monitoring", "oper", "output", "realname", "registration_timer", "renderer", "server",
        "tags", "unregistered",
    )  # fmt: skip

    machine: IrcConnection
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
            server.server_name, capabilities=server.capabilities, host=render.HOST
        )
        self.output = self.machine.output
        self.renderer = server.renderer
        self._conn: Connection | None = None
        self.account: Account | None = None
        """Set by SASL before registration completes; used to log in at registration."""
        self.realname = ""
        self.invisible = True
        self.oper = False
        """OPER succeeded (user mode +o): staff shown as an IRC operator (``oper``)."""
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
        self.server.world.registry.unregistered += 1
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
        if self.conn is not None:
            conn, self.conn = self.conn, None
            self.server.world.disconnect(conn, self.quit_reason or "Connection closed")
        else:
            self.server.world.release_guest_nick(self.connection_id)
        self.server.forget(self)

    # --- core Session -------------------------------------------------------------------------

    def deliver(self, event: Event) -> None:
        # The hot path: a room message whose bytes for this tag variant are already rendered
        # costs a dictionary lookup and a list append.
        if self.closing:
            return
        if type(event) is RoomMessageSent:
            renderer = self.renderer
            data = renderer.variants.get(self.tags) if event is renderer.event else None
            if data is None:
                data = renderer.room_message(event, self.tags)
        elif type(event) is DirectMessageSent:
            if self.conn is None:
                return
            data = self.renderer.direct_message(event, self.tags)
        else:
            self._deliver_other(event)
            self.schedule_flush()
            return
        self.output.append(data)
        if not self.dirty:
            self.dirty = True
            self.flusher.mark(self)

    @staticmethod
    def deliver_to_all(
        sessions: Sequence[Session],
        accounts: Sequence[AccountId],
        event: Event,
        exclude: Session | None,
        blocked: Collection[AccountId] | None,
    ) -> None:
        """Room speech to the IRC clients of a room that hear it (``Session.deliver_to_all``):
        the bytes of each tag variant are rendered once, and each client costs a lookup and
        an append to its output."""
        if type(event) is not RoomMessageSent:
            deliver_each(sessions, accounts, event, exclude, blocked)
            return
        first = cast(IrcClient, sessions[0])
        renderer = first.renderer
        renderer.room_message(event, first.tags)
        variants = renderer.variants
        for client in cast("Sequence[IrcClient]", consent.hearing(sessions, accounts, blocked)):
            if client is exclude or client.closing:
                continue
            data = variants.get(client.tags)
            if data is None:
                data = renderer.room_message(event, client.tags)
            client.output.append(data)
            if not client.dirty:
                client.dirty = True
                client.flusher.mark(client)

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
    def conn(self) -> Connection | None:
        """The core's connection once logged in; ``None`` for a guest."""
        return self._conn

    @conn.setter
    def conn(self, conn: Connection | None) -> None:
        # The gateway counts logged-in clients, so LUSERS costs nothing per registration.
        self.server.logged_in += (conn is not None) - (self._conn is not None)
        self._conn = conn

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
            send(Message("NOTICE", (self.nick, line or " "), source=render.SERVICE_MASK))

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

    def _deliver_other(self, event: Event) -> None:
        machine = self.machine
        tags = self.time_tags(event.at)
        if isinstance(event, MemberJoined):
            name = event.character.name
            if "extended-join" in machine.caps:
                params: tuple[str, ...] = (channel(event.room.name), name, name)
            else:
                params = (channel(event.room.name),)
            self.push(Message("JOIN", params, source=mask_of(name), tags=tags))
            self._away_on_join(event, tags)
        elif isinstance(event, MemberLeft):
            self._member_left(event, tags)
        elif isinstance(event, TopicChanged):
            source = mask_of(event.by.name) if event.by else self.server.server_name
            from boudoir.gateways.irc.history import LOGGED_TAG

            topic = render.hidden_topic(event.room.name) if event.hidden else event.topic
            if self.server.world.logs.is_on(event.room.id):
                topic = f"{LOGGED_TAG} {topic}".rstrip()
            message = Message("TOPIC", (channel(event.room.name), topic), source, tags)
            self.push_change(message, event.by)
        elif isinstance(event, PresenceChanged):
            self._presence(event, tags)
        elif isinstance(event, CharacterRenamed):
            self._renamed(event, tags)
        elif isinstance(event, MessageRequestReceived):
            self._message_request(event)
        elif isinstance(event, RoomInvitationReceived):
            self.push(
                Message(
                    "INVITE",
                    (self.nick, channel(event.room.name)),
                    source=mask_of(event.by.name),
                    tags=tags,
                )
            )
        elif isinstance(event, SignalSent):
            # IRCv3 TAGMSG, for clients that read message tags.
            if "message-tags" in machine.caps:
                target = channel(event.room.name) if event.room is not None else self.nick
                signal_tags = {**tags, **dict(event.client_tags), "msgid": event.id}
                source = mask_of(event.sender.name)
                self.push(Message("TAGMSG", (target,), source=source, tags=signal_tags))
        elif isinstance(event, InvitationSent):
            # IRCv3 invite-notify: managers present see who was invited, by whom.
            if "invite-notify" in machine.caps:
                params = (event.invitee.name, channel(event.room.name))
                self.push(Message("INVITE", params, source=mask_of(event.by.name), tags=tags))
        elif isinstance(event, ProfileChanged):
            # IRCv3 setname: the realname is the character's short description.
            if "setname" in machine.caps:
                source = mask_of(event.character.name)
                self.push(Message("SETNAME", (event.description,), source=source, tags=tags))
        elif isinstance(event, LogStateChanged):
            from boudoir.gateways.irc.history import deliver_log_state

            deliver_log_state(self, event, tags)
        elif isinstance(event, ServerNotice):
            self.push(Message("NOTICE", (self.nick, event.text), source=self.server.server_name))
        elif isinstance(event, SessionClosed):
            machine.close(event.reason)
        else:
            from boudoir.gateways.irc.modes import deliver_room_change
            from boudoir.gateways.irc.scenes import deliver_scene_event

            if not deliver_scene_event(self, event):
                deliver_room_change(self, event, tags)

    def _member_left(self, event: MemberLeft, tags: dict[str, str]) -> None:
        name = event.character.name
        params: tuple[str, ...] = (channel(event.room.name),)
        if event.reason:
            params += (event.reason,)
        if self.conn is not None and event.character.id == self.conn.character.id:
            # The core took us out (a ban, a rating withdrawn, the room closed): say so as a
            # KICK from the server, which every client shows and understands.
            self.push(
                Message(
                    "KICK",
                    (channel(event.room.name), name, event.reason or "removed"),
                    source=self.server.server_name,
                    tags=tags,
                )
            )
            return
        if event.quit:
            # One QUIT per character, however many shared rooms it left (Modern IRC, QUIT).
            if self.last_quit == (event.character.id, event.at):
                return
            self.last_quit = (event.character.id, event.at)
            reason = event.reason or "Quit"
            self.push(Message("QUIT", (reason,), source=mask_of(name), tags=tags))
            return
        self.push(Message("PART", params, source=mask_of(name), tags=tags))

    def _renamed(self, event: CharacterRenamed, tags: dict[str, str]) -> None:
        """A character's name in another case: one NICK line from the old name (RFC 1459
        4.1.2; Modern IRC, NICK). The core tells each connection once, however many channels
        it shares with the character. For the character's own connections it is their nick
        that changed: the reply to this client's own NICK while it runs, news otherwise."""
        message = Message(
            "NICK", (event.character.name,), source=mask_of(event.old_name), tags=tags
        )
        conn = self.conn
        if conn is not None and event.character.id == conn.character.id:
            self.push_change(message, event.character)
            self.machine.set_nick(event.character.name)
            return
        self.push(message)

    def _presence(self, event: PresenceChanged, tags: dict[str, str]) -> None:
        if self.monitoring:
            from boudoir.gateways.irc.monitor import presence_changed

            presence_changed(self, event)
        # IRC has no presence of its own; away-notify (IRCv3) carries status changes, to
        # those who share a channel with whoever changed (the core sent this event only to
        # those who may see their presence: never across a block).
        conn = self.conn
        if "away-notify" not in self.machine.caps or not event.online or conn is None:
            return
        if self.server.world.presence.shares_a_room(conn, event.character.id):
            self._away(event.character.name, event.status, event.message, tags)

    def _away_on_join(self, event: MemberJoined, tags: dict[str, str]) -> None:
        """IRCv3 away-notify: someone away who joins a channel is announced away, after the
        JOIN, to whoever there may see their presence."""
        conn = self.conn
        if "away-notify" not in self.machine.caps or conn is None:
            return
        seen = self.server.world.presence.status_seen(conn, event.character.id)
        if seen is not None and seen.status is not Status.ONLINE:
            self._away(event.character.name, seen.status, seen.message, tags)

    def _away(self, name: str, status: Status, message: str, tags: dict[str, str]) -> None:
        source = mask_of(name)
        if status is Status.ONLINE:
            self.push(Message("AWAY", (), source=source, tags=tags))
        else:
            text = message or status.value.replace("_", " ")
            self.push(Message("AWAY", (text,), source=source, tags=tags))

    def _message_request(self, event: MessageRequestReceived) -> None:
        sender = event.sender.name
        if event.letter_subject is not None:
            first = f"they wrote you a letter: {event.letter_subject or '(no subject)'}"
        else:
            first = f"their first message:\n<{sender}> {event.text}"
        self.service(
            f"{sender} would like to message you; {first}\n"
            f"Accept: /msg NickServ ACCEPT {sender}   Decline: /msg NickServ DECLINE {sender}"
            f"   Block: /msg NickServ BLOCK {sender}",
            delivery=True,
        )

    # --- commands -----------------------------------------------------------------------------

    def refill(self) -> None:
        """Move the machine's new events to the command queue. Called only when the queue is
        empty and no command runs: asking the machine for events tells it that those it gave
        before have run, and it then handles the lines that waited behind them (answering a
        PING itself), so asking earlier would put that answer ahead of theirs."""
        while True:
            events = self.machine.events_received()
            for event in events:
                if not isinstance(event, ConnectionLost):
                    self.queue.append(event)
            # An end of file alone does not release the lines held behind it: ask again.
            if self.queue or not events or not self.machine.held_lines:
                return

    def waiting(self) -> int:
        return len(self.queue) + self.machine.held_lines

    def paced(self, item: IrcEvent) -> bool:
        return isinstance(item, CommandReceived)

    def dispatch(self, item: IrcEvent) -> Work | None:
        from boudoir.gateways.irc.commands import dispatch

        return dispatch(self, item)

    def spawn(self, work: Work) -> asyncio.Task[None] | None:
        return self.server.spawn(work)

    def resume_queue(self) -> None:
        self.tags = render.tag_mask(self.machine.caps)
        self.run_queue()

    def take_events(self) -> None:
        # The machine gives one command at a time and holds the lines after it; new input
        # only joins them. The next is collected when the command still running finishes.
        if self.worker is None and not self.queue:
            self.refill()
        self.tags = render.tag_mask(self.machine.caps)
        self.input_arrived()

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
            self.server.world.registry.unregistered -= 1

    def handle_error(
        self, command: str, error: BoudoirError, target: str = "", *, room: str = ""
    ) -> None:
        """Answer ``error`` (errors.py); ``room`` when ``target`` is a person in it."""
        from boudoir.gateways.irc.errors import reply_error

        reply_error(self, command, error, target, room)
