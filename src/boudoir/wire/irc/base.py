"""The state of one IRC client connection and everything it sends, without I/O: replies,
numerics, standard replies, labeled responses and closing. ``IrcConnection``
(``connection.py``) is built on it: ``negotiation.py`` adds CAP and SASL, ``connection.py``
the lines received and registration.

Standard library only; no sockets, no asyncio.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from boudoir.wire.irc import numerics
from boudoir.wire.irc.capabilities import CAP_VERSION_LEGACY
from boudoir.wire.irc.events import CommandReceived, IrcEvent, RegistrationRequested
from boudoir.wire.irc.framing import LineSplitter
from boudoir.wire.irc.message import Message, render, render_message
from boudoir.wire.irc.responses import MAX_LABEL, render_labeled
from boudoir.wire.irc.sasl import SUPPORTED_MECHANISMS, SaslResponse

MAX_ERROR_REASON = 400
"""Bytes of a QUIT reason echoed in ``ERROR``, so that the line stays under 512 bytes."""

MAX_HELD_LINES = 100
"""Lines a client may send after its part of registration (NICK, USER, CAP END) while the
gateway still decides it (a password or SASL check, the nick): they wait and are handled in
order once it is decided, as a server that registers at once would handle them. A pipelining
client sends a handful (autojoin waits for 001); past this many the connection closes."""

DEFAULT_PRE_REGISTRATION_COMMANDS = frozenset({"REGISTER", "VERIFY"})
_NO_CAPS: frozenset[str] = frozenset()
"""IRCv3 draft/account-registration: REGISTER and VERIFY may come before registration."""


class SaslState(enum.Enum):
    IDLE = enum.auto()
    AWAITING_CLIENT = enum.auto()
    """We sent ``AUTHENTICATE +``; the client's response chunks are due."""
    AWAITING_VERDICT = enum.auto()
    """``SaslPlainReceived`` is out; the gateway calls ``sasl_succeeded`` or ``sasl_failed``."""


@dataclass(slots=True)
class _Response:
    label: str | None
    messages: list[Message] = field(default_factory=list)


_UNLABELED = _Response(None)
"""The response to a command without a usable label: its messages go out at once, never held
here (``send_message``)."""


class IrcConnectionBase:
    """One client connection, server side: its state and its output (``IrcConnection`` is the
    whole machine).

    ``capabilities`` maps each capability to advertise to its CAP LS 302 value (``None`` for
    none), e.g. ``{"sasl": "PLAIN", "message-tags": None}``. ``host`` is the host shown in
    ``nick!user@host`` masks (RPL_LOGGEDIN). ``pre_registration_commands`` are passed to the
    gateway as ``CommandReceived`` before registration instead of being refused with 451.

    State the gateway reads: ``nick`` (``None`` until ``complete_registration``), ``username``,
    ``realname``, ``password`` (from PASS), ``caps`` (enabled capabilities), ``cap_version``
    (301 or 302), ``registered``, ``account`` (after SASL), ``lines_received``.
    """

    __slots__ = (
        "_batches",
        "_cap_negotiating",
        "_close_reason",
        "_closing",
        "_command_out",
        "_eof",
        "_error_sent",
        "_events",
        "_held",
        "_registration_awaited",
        "_registration_requested",
        "_replies",
        "_requested_nick",
        "_response",
        "_sasl",
        "_sasl_failures",
        "_sasl_label",
        "_sasl_response",
        "_splitter",
        "account",
        "advertised_caps",
        "cap_version",
        "caps",
        "host",
        "nick",
        "output",
        "password",
        "pre_registration_commands",
        "realname",
        "registered",
        "sasl_mechanisms",
        "server_name",
        "username",
    )

    def __init__(
        self,
        server_name: str,
        *,
        capabilities: Mapping[str, str | None],
        sasl_mechanisms: Sequence[str] = ("PLAIN",),
        host: str = "boudoir",
        pre_registration_commands: Iterable[str] = DEFAULT_PRE_REGISTRATION_COMMANDS,
    ) -> None:
        for name, value in capabilities.items():
            if not name or name.startswith("-") or " " in name or (value and " " in value):
                raise ValueError(f"invalid capability {name!r}={value!r}")
        mechanisms = tuple(mechanism.upper() for mechanism in sasl_mechanisms)
        if not set(mechanisms) <= set(SUPPORTED_MECHANISMS):
            raise ValueError(f"only {', '.join(SUPPORTED_MECHANISMS)} can be offered")
        self.server_name = server_name
        self.host = host
        self.advertised_caps: Mapping[str, str | None] = capabilities
        """What CAP LS offers; ``cap_notify`` changes it. Shared with every connection given
        the same mapping (never mutated in place): a connection costs little memory."""
        self.sasl_mechanisms = mechanisms
        self.pre_registration_commands = (
            pre_registration_commands
            if pre_registration_commands is DEFAULT_PRE_REGISTRATION_COMMANDS
            else frozenset(c.upper() for c in pre_registration_commands)
        )

        self.nick: str | None = None
        self.username: str | None = None
        self.realname: str | None = None
        self.password: str | None = None
        self.caps: frozenset[str] = _NO_CAPS
        """Enabled capabilities; replaced, never changed in place, so the many connections
        that enable none share one empty set."""
        self.cap_version = CAP_VERSION_LEGACY
        self.registered = False
        self.account: str | None = None

        self._splitter = LineSplitter()
        self._events: list[IrcEvent] = []
        self.output: list[bytes] = []
        """Rendered bytes waiting for ``data_to_send``. A gateway's delivery hot path may append
        to it directly (the same as ``send``, without the call); the list is never replaced."""
        self._replies: list[Message] = []
        """The machine's own answers to the line being handled, flushed with its label."""
        self._response: _Response | None = None
        """The gateway's open response (``start_response``), if any."""
        self._batches = 0

        self._requested_nick: str | None = None
        self._cap_negotiating = False
        self._registration_requested = False
        self._registration_awaited = False
        """A ``RegistrationRequested`` is out and the gateway has not answered it yet."""
        self._held: list[bytes | None] = []
        """Lines received while registration is being decided or a command is out (see
        ``_command_out``), oldest first; ``None`` stands for a line that was too long."""
        self._command_out = False
        """A ``CommandReceived`` is out and the gateway has not called ``events_received``
        since: the lines after it wait, so that every reply leaves in the order of the
        client's lines (a PONG after the replies to the JOIN sent before the PING)."""
        self._sasl = SaslState.IDLE
        self._sasl_response: SaslResponse | None = None
        self._sasl_label: str | None = None
        self._sasl_failures = 0

        self._eof = False
        self._closing = False
        self._close_reason: str | None = None
        self._error_sent = False

    def data_to_send(self) -> bytes:
        """Bytes to write to the client since the last call (``b""`` if none)."""
        if not self.output:
            return b""
        data = b"".join(self.output)
        self.output.clear()
        return data

    def close_expected(self) -> bool:
        """Whether the connection is ending (ERROR queued, or end of file): write what
        ``data_to_send`` returns, then close the transport."""
        return self._closing

    @property
    def held_lines(self) -> int:
        """Lines received and not yet handled because registration was being decided, for
        the gateway's flow control (see ``events_received``)."""
        return len(self._held)

    @property
    def requested_nick(self) -> str | None:
        """The nick asked for with ``NICK``: before registration completes, the nick a command
        such as ``REGISTER *`` stands for; ``None`` until one is sent."""
        return self._requested_nick

    @property
    def lines_received(self) -> int:
        """Lines received so far (every line feed, blank and refused lines too), for the
        gateway's flood control."""
        return self._splitter.lines_received

    def send(self, data: bytes) -> None:
        """Queue bytes already rendered (a delivery rendered once for many connections).
        Never part of a labeled response. Dropped once ``ERROR`` is queued."""
        if not self._error_sent:
            self.output.append(data)

    def reply(self, numeric: str, *params: str) -> None:
        """Queue ``:server_name <numeric> <nick or *> <params…>``, inside the open response.

        Safe for echoed client input: a parameter before the last that could not stand there
        (empty, with a space, or starting with ``:``) is sent as ``*``."""
        self.send_message(self._numeric(numeric, params))

    def send_message(self, message: Message) -> None:
        """Queue ``message`` with its own tags, inside the open response if there is one.
        Raises ``ValueError`` if it cannot be rendered."""
        if self._error_sent:
            return
        response = self._response
        if response is not None and response.label is not None:
            render_message(message)  # a mistake shows here, not at finish_response
            response.messages.append(message)
        else:
            self.output.append(render_message(message))

    def fail(self, command: str, code: str, description: str, *context: str) -> None:
        """IRCv3 standard-replies ``FAIL <command> <code> [context…] :<description>``. Sent
        whether or not the client enabled standard-replies (the spec allows it)."""
        self.send_message(self._standard_reply("FAIL", command, code, description, context))

    def warn(self, command: str, code: str, description: str, *context: str) -> None:
        """IRCv3 standard-replies ``WARN``, like ``fail``."""
        self.send_message(self._standard_reply("WARN", command, code, description, context))

    def note(self, command: str, code: str, description: str, *context: str) -> None:
        """IRCv3 standard-replies ``NOTE``, like ``fail``."""
        self.send_message(self._standard_reply("NOTE", command, code, description, context))

    def start_response(self, label: str | None) -> None:
        """Begin answering one ``CommandReceived``; pass its ``label`` tag (or ``None``).

        IRCv3 labeled-response: until ``finish_response``, what ``reply``, ``send_message``,
        ``fail``, ``warn`` and ``note`` queue is held and then sent as one labeled response
        (ACK when empty, the single message labeled, or a ``labeled-response`` batch). Without
        a usable label (none, too long, or the client lacks the capability) messages go out
        at once. ``send`` is never held. Raises ``RuntimeError`` if a response is open.
        """
        if self._response is not None:
            raise RuntimeError("a response is already open")
        usable = self._usable_label(label)
        # Nearly every command has no label: one shared response that never holds anything.
        self._response = _UNLABELED if usable is None else _Response(usable)

    def finish_response(self) -> None:
        """Send the response opened by ``start_response``. Does nothing once the connection
        has sent ERROR (``close`` sends the open response first)."""
        response, self._response = self._response, None
        if response is None:
            if self._error_sent:
                return
            raise RuntimeError("no response is open")
        if response.label is not None:
            self._deliver(response.messages, response.label)

    def set_nick(self, nick: str) -> None:
        """The gateway accepted a NICK change after registration."""
        self.nick = nick

    def close(self, reason: str) -> None:
        """Send ``ERROR :<reason>`` (after the open response, if any) and stop: further input
        is ignored and nothing more is sent. Idempotent."""
        self._begin_close(reason)
        self._flush_replies(None)

    def _command(self, message: Message) -> None:
        """Hand ``message`` to the gateway; the lines after it wait until it has run."""
        self._events.append(CommandReceived(message))
        self._command_out = True

    @property
    def _client(self) -> str:
        # Modern IRC: replies name the client's nick, or "*" before it has one.
        return self.nick or "*"

    def _queue_numeric(self, numeric: str, *params: str) -> None:
        self._replies.append(self._numeric(numeric, params))

    def _numeric(self, numeric: str, params: tuple[str, ...]) -> Message:
        # Numerics echo what the client sent (a nick, a channel, a target); only the last
        # parameter may hold anything, so the others go through ``middle_param``, as Ergo's
        # SafeErrorParam does: a reply built from client input can always be rendered.
        if len(params) > 1:
            params = (*map(middle_param, params[:-1]), params[-1])
        return Message(numeric, (self._client, *params), self.server_name)

    def _need_more_params(self, command: str) -> None:
        self._queue_numeric(numerics.ERR_NEEDMOREPARAMS, command, "Not enough parameters")

    def _standard_reply(
        self, kind: str, command: str, code: str, description: str, context: tuple[str, ...]
    ) -> Message:
        # IRCv3 standard-replies: <kind> <command> <code> [<context>...] <description>; the
        # context often echoes the client's input, so it goes through ``middle_param``.
        context = tuple(map(middle_param, context))
        return Message(kind, (command, code, *context, description), self.server_name)

    def _usable_label(self, label: str | None) -> str | None:
        if label is None or "labeled-response" not in self.caps:
            return None
        if not label or len(label.encode()) > MAX_LABEL:
            return None
        return label

    def _label_of(self, message: Message) -> str | None:
        return self._usable_label(message.tags.get("label"))

    def _begin_close(self, reason: str) -> None:
        if self._close_reason is None:
            self._close_reason = reason
            self._closing = True

    def _flush_replies(self, label: str | None) -> None:
        """Send the machine's queued replies (labeled if ``label``), then ERROR if closing."""
        messages = self._replies
        if messages or label is not None:  # nothing to send for most lines
            self._replies = []
            self._deliver(messages, label)
        if self._close_reason is not None and not self._error_sent:
            response, self._response = self._response, None
            if response is not None and response.label is not None:
                self._deliver(response.messages, response.label)
            self.output.append(render("ERROR", self._close_reason))
            self._error_sent = True

    def _deliver(self, messages: list[Message], label: str | None) -> None:
        """Render ``messages``; with a label, as one labeled response."""
        if self._error_sent:
            return
        if label is None:
            self.output.extend(render_message(message) for message in messages)
        else:
            if len(messages) > 1:
                self._batches += 1  # a batch reference, unique on this connection
            self.output += render_labeled(
                messages, label, server_name=self.server_name, batch_reference=f"L{self._batches}"
            )

    def _maybe_request_registration(self) -> None:
        if (
            self.registered
            or self._registration_requested
            or self._closing
            or self._requested_nick is None
            or self.username is None
            or self._cap_negotiating
            # CAP END aborts an exchange still awaiting the client.
            or self._sasl is not SaslState.IDLE
        ):
            return
        self._registration_requested = True
        self._registration_awaited = True
        self._events.append(
            RegistrationRequested(
                self._requested_nick, self.username, self.realname or "", self.password
            )
        )


def middle_param(text: str) -> str:
    """``text`` if it can be a middle parameter, else ``*``: echoing a client's word must not
    break our line."""
    if not text or " " in text or text.startswith(":"):
        return "*"
    return text


def truncate_utf8(text: str, limit: int) -> str:
    return text.encode()[:limit].decode("utf-8", "ignore")
