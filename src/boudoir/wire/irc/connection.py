"""The server side of one IRC client connection, without I/O.

Shaped after websockets' protocol core: the gateway feeds bytes with ``receive_data`` and
``receive_eof``, takes ``events_received()`` and writes ``data_to_send()``. The machine itself
handles registration (PASS, NICK, USER), capability negotiation (CAP), SASL PLAIN
(AUTHENTICATE), PING and PONG, line limits, and labeled responses; everything else becomes an
event for the gateway. A peer's garbage never raises out of ``receive_data``: it becomes a reply
and, where needed, a closing state. ``_HANDLERS`` at the bottom is the table of what the machine
answers itself.

Standard library only; no sockets, no asyncio.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from boudoir.wire.irc import numerics
from boudoir.wire.irc.capabilities import (
    CAP_VERSION_302,
    CAP_VERSION_LEGACY,
    cap_tokens,
    decide_request,
    pack,
    parse_cap_version,
    split_list,
)
from boudoir.wire.irc.events import (
    CommandReceived,
    ConnectionLost,
    IrcEvent,
    QuitRequested,
    RegistrationRequested,
    SaslPlainReceived,
)
from boudoir.wire.irc.framing import LineSplitter
from boudoir.wire.irc.message import (
    IrcSyntaxError,
    Message,
    is_valid_command,
    parse_message,
    render,
    render_message,
)
from boudoir.wire.irc.responses import MAX_LABEL, render_labeled
from boudoir.wire.irc.sasl import (
    MAX_SASL_ATTEMPTS,
    SUPPORTED_MECHANISMS,
    SaslMalformed,
    SaslResponse,
    SaslTooLong,
    decode_plain,
)

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


class _Sasl(enum.Enum):
    IDLE = enum.auto()
    AWAITING_CLIENT = enum.auto()
    """We sent ``AUTHENTICATE +``; the client's response chunks are due."""
    AWAITING_VERDICT = enum.auto()
    """``SaslPlainReceived`` is out; the gateway calls ``sasl_succeeded`` or ``sasl_failed``."""


@dataclass(slots=True)
class _Response:
    label: str | None
    messages: list[Message] = field(default_factory=list)


class IrcConnection:
    """One client connection, server side.

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
        self._sasl = _Sasl.IDLE
        self._sasl_response: SaslResponse | None = None
        self._sasl_label: str | None = None
        self._sasl_failures = 0

        self._eof = False
        self._closing = False
        self._close_reason: str | None = None
        self._error_sent = False

    # --- I/O --------------------------------------------------------------------------------

    def receive_data(self, data: bytes) -> None:
        """Feed bytes read from the client. Ignored once the connection is closing."""
        if self._closing:
            return
        for line in self._splitter.feed(data):
            if self._closing:
                break  # QUIT, or too many SASL failures: the rest is not read
            if self._held or self._command_out or self._deciding_registration():
                self._hold(line)
            else:
                self._take_line(line)

    def receive_eof(self) -> None:
        """The client closed its side. Queues ``ConnectionLost`` once."""
        if self._eof:
            return
        self._eof = True
        self._closing = True
        self._events.append(ConnectionLost())

    def events_received(self) -> list[IrcEvent]:
        """Events since the last call, oldest first. Also call it after ``sasl_succeeded``,
        ``sasl_failed``, ``complete_registration`` and ``refuse_registration``: they may
        release a held ``RegistrationRequested``, or lines that waited for registration.

        Calling it says that the events returned before have run. Once a ``CommandReceived``
        is out, the lines after it wait (even those the machine answers itself: PING, CAP,
        labeled PONG, errors); they are handled here, in order, until one becomes an event.
        So the PONG to a PING sent after a JOIN comes after the JOIN's replies, as clients
        that use PING as a barrier expect. Call it again once that event has run."""
        if not self._events:
            self._command_out = False
            if self._held:
                self._release_held()
        events, self._events = self._events, []
        return events

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

    # --- gateway to machine -----------------------------------------------------------------

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
        self._response = _Response(self._usable_label(label))

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

    def sasl_succeeded(self, account: str) -> None:
        """The password of the last ``SaslPlainReceived`` is right: 900 RPL_LOGGEDIN and 903
        RPL_SASLSUCCESS (labeled if the AUTHENTICATE was). Ignored if the client aborted the
        exchange meanwhile (then ``account`` stays unset)."""
        if self._sasl is not _Sasl.AWAITING_VERDICT:
            return
        self._sasl = _Sasl.IDLE
        self.account = account
        mask = f"{self.nick or '*'}!{self.username or '*'}@{self.host}"
        self._queue_numeric(
            numerics.RPL_LOGGEDIN, mask, account, f"You are now logged in as {account}"
        )
        self._queue_numeric(numerics.RPL_SASLSUCCESS, "SASL authentication successful")
        label, self._sasl_label = self._sasl_label, None
        self._flush_replies(label)
        self._maybe_request_registration()

    def sasl_failed(self) -> None:
        """The credentials of the last ``SaslPlainReceived`` are wrong: 904 ERR_SASLFAIL; the
        client may retry, and after ``MAX_SASL_ATTEMPTS`` failures the connection closes.
        Ignored if the client aborted the exchange meanwhile."""
        if self._sasl is not _Sasl.AWAITING_VERDICT:
            return
        self._sasl = _Sasl.IDLE
        self._count_sasl_failure()
        label, self._sasl_label = self._sasl_label, None
        self._flush_replies(label)
        self._maybe_request_registration()

    def complete_registration(self, nick: str) -> None:
        """The gateway accepted a ``RegistrationRequested``; it then sends 001-005 itself.

        Raises ``RuntimeError`` if already registered: a second ``RegistrationRequested``
        (the client sent NICK twice quickly) must be skipped when ``registered`` is true.
        """
        if self.registered:
            raise RuntimeError("already registered")
        self._registration_awaited = False
        if self._closing:
            return
        self.registered = True
        self.nick = nick
        self._cap_negotiating = False

    def refuse_registration(self) -> None:
        """The gateway refused the last ``RegistrationRequested`` (it answered 432, 433...):
        the lines held meanwhile are handled (call ``events_received``), and a new NICK asks
        again."""
        self._registration_awaited = False

    def set_nick(self, nick: str) -> None:
        """The gateway accepted a NICK change after registration."""
        self.nick = nick

    def close(self, reason: str) -> None:
        """Send ``ERROR :<reason>`` (after the open response, if any) and stop: further input
        is ignored and nothing more is sent. Idempotent."""
        self._begin_close(reason)
        self._flush_replies(None)

    def cap_notify(self, added: Mapping[str, str | None], removed: Iterable[str]) -> None:
        """Change what the server offers: ``CAP NEW`` and ``CAP DEL`` to a client with
        cap-notify (or CAP LS 302). Removed capabilities are disabled for this client."""
        gone = [name for name in removed if name in self.advertised_caps]
        advertised = dict(self.advertised_caps)
        for name in gone:
            del advertised[name]
            self.caps = self.caps - {name}
        advertised.update(added)
        self.advertised_caps = advertised
        if self._error_sent:
            return
        if self.cap_version < CAP_VERSION_302 and "cap-notify" not in self.caps:
            return
        if added:
            values = self.cap_version >= CAP_VERSION_302
            self._queue_cap_list("NEW", cap_tokens(added, with_values=values), continued=False)
        if gone:
            self._queue_cap_list("DEL", gone, continued=False)
        # Unsolicited: never part of a labeled response.
        messages, self._replies = self._replies, []
        self._deliver(messages, None)

    # --- lines ------------------------------------------------------------------------------

    def _deciding_registration(self) -> bool:
        """Whether the client has done its part of registration and the gateway is deciding it
        (the nick, a password, SASL credentials): the lines that follow wait for the verdict,
        so that they are answered as after a registration that completed at once."""
        if self.registered:
            return False
        if self._registration_awaited:
            return True
        return (
            self._sasl is _Sasl.AWAITING_VERDICT
            and self._requested_nick is not None
            and self.username is not None
            and not self._cap_negotiating
        )

    def _hold(self, line: bytes | None) -> None:
        if not self.registered and len(self._held) >= MAX_HELD_LINES:
            self._held.clear()
            self._begin_close("Too many commands before registration completed")
            self._flush_replies(None)
            return
        self._held.append(line)

    def _release_held(self) -> None:
        held = self._held
        # After end of file a registered client's last lines still run (a message, then
        # hanging up); once ERROR is sent nothing more is read.
        while held and not self._events and (self.registered or not self._closing):
            if self._deciding_registration() or self._error_sent:
                break
            self._take_line(held.pop(0))
        if self._error_sent or (self._closing and not self.registered):
            held.clear()

    def _take_line(self, line: bytes | None) -> None:
        if line is None:
            # IRCv3 message-tags "Size limit" and Modern IRC: drop the line, stay open.
            self._queue_numeric(numerics.ERR_INPUTTOOLONG, "Input line was too long")
            self._flush_replies(None)
        else:
            self._process_line(line)

    def _process_line(self, line: bytes) -> None:
        if b"\0" in line:
            self._queue_numeric(
                numerics.ERR_UNKNOWNERROR, _command_of(line), "NUL is not allowed in a line"
            )
            self._flush_replies(None)
            return
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            # IRCv3 UTF8ONLY: refuse the line with FAIL <command> INVALID_UTF8.
            self._replies.append(
                self._standard_reply(
                    "FAIL",
                    _command_of(line),
                    "INVALID_UTF8",
                    "Message rejected, your IRC software MUST use UTF-8",
                    (),
                )
            )
            self._flush_replies(None)
            return
        try:
            message = parse_message(text)
        except IrcSyntaxError:
            self._queue_numeric(numerics.ERR_UNKNOWNERROR, _command_of(line), "Malformed message")
            self._flush_replies(None)
            return
        handler = _HANDLERS.get(message.command)
        if handler is not None:
            answered = handler(self, message)
        elif self.registered or message.command in self.pre_registration_commands:
            self._command(message)
            answered = False
        else:
            self._queue_numeric(numerics.ERR_NOTREGISTERED, "You have not registered")
            answered = True
        # A line the machine answered gets its label here; the gateway labels its own.
        self._flush_replies(self._label_of(message) if answered else None)

    # Each handler returns True when the machine has answered the line (its replies, or ACK,
    # carry the label), False when the answer belongs to the gateway or to a later verdict.

    def _on_pass(self, message: Message) -> bool:
        if self.registered:
            self._queue_numeric(numerics.ERR_ALREADYREGISTERED, "You may not reregister")
        elif not message.params:
            self._need_more_params("PASS")
        else:
            self.password = message.params[0]
        return True

    def _on_nick(self, message: Message) -> bool:
        if not message.params or not message.params[0]:
            self._queue_numeric(numerics.ERR_NONICKNAMEGIVEN, "No nickname given")
            return True
        if self.registered:
            self._command(message)
            return False
        # The gateway judges the nick; a new NICK after a refusal asks again.
        self._requested_nick = message.params[0]
        self._registration_requested = False
        self._maybe_request_registration()
        return True

    def _on_user(self, message: Message) -> bool:
        if self.registered:
            self._queue_numeric(numerics.ERR_ALREADYREGISTERED, "You may not reregister")
        elif len(message.params) < 4 or not all(message.params[:4]):
            # Modern IRC "USER": USER <username> 0 * <realname>; an empty username or
            # realname is refused with 461 like a missing one.
            self._need_more_params("USER")
        else:
            self.username = message.params[0]
            self.realname = message.params[3]
            self._maybe_request_registration()
        return True

    def _on_ping(self, message: Message) -> bool:
        if not message.params:
            self._need_more_params("PING")
        else:
            # Modern IRC "PING": answer PONG <server> <token>.
            self._replies.append(
                Message("PONG", (self.server_name, message.params[0]), self.server_name)
            )
        return True

    def _on_pong(self, message: Message) -> bool:
        return True  # swallowed; labeled-response answers a labeled PONG with ACK

    def _on_quit(self, message: Message) -> bool:
        reason = message.params[0] if message.params else None
        self._events.append(QuitRequested(reason))
        # Modern IRC "QUIT": the server acknowledges with ERROR and closes.
        self._begin_close(f"Quit: {_truncate(reason, MAX_ERROR_REASON)}" if reason else "Quit")
        return False

    def _on_cap(self, message: Message) -> bool:
        params = message.params
        if not params:
            self._need_more_params("CAP")
            return True
        subcommand = params[0].upper()
        if subcommand == "LS":
            version = parse_cap_version(params[1] if len(params) > 1 else None)
            # "If a client sends a higher CAP version at any time, the server MUST store it."
            self.cap_version = max(self.cap_version, version)
            if self.cap_version >= CAP_VERSION_302 and "cap-notify" in self.advertised_caps:
                self.caps = self.caps | {"cap-notify"}  # cap-notify: implicit with 302
            if not self.registered:
                self._cap_negotiating = True  # "MUST suspend registration until CAP END"
            # "servers SHOULD return a CAP LS reply consistent with the request's version"
            modern = version >= CAP_VERSION_302
            tokens = cap_tokens(self.advertised_caps, with_values=modern)
            self._queue_cap_list("LS", tokens, continued=modern, split=modern)
        elif subcommand == "LIST":
            modern = self.cap_version >= CAP_VERSION_302
            self._queue_cap_list("LIST", sorted(self.caps), continued=modern, split=modern)
        elif subcommand == "REQ":
            if len(params) < 2:
                self._invalid_cap_command(subcommand)
                return True
            if not self.registered:
                self._cap_negotiating = True
            sticky = ("cap-notify",) if self.cap_version >= CAP_VERSION_302 else ()
            change = decide_request(params[1], self.advertised_caps, sticky=sticky)
            if change is None:
                self._queue_cap_list("NAK", split_list(params[1]), continued=False)
            else:
                caps = set(self.caps)
                for name, enable in change.changes:
                    if enable:
                        caps.add(name)
                    else:
                        caps.discard(name)
                self.caps = frozenset(caps)
                self._queue_cap_list("ACK", split_list(params[1]), continued=False)
        elif subcommand == "END":
            if not self.registered:  # "If the client is already registered, ... ignored"
                if self._sasl is _Sasl.AWAITING_CLIENT:
                    # sasl-3.1: registration completed mid-exchange: abort it with 906.
                    self._abort_sasl()
                self._cap_negotiating = False
                self._maybe_request_registration()
        else:
            self._invalid_cap_command(subcommand)
        return True

    def _on_authenticate(self, message: Message) -> bool:
        if not message.params:
            self._need_more_params("AUTHENTICATE")
            return True
        argument = message.params[0]
        if self.account is not None:
            self._queue_numeric(
                numerics.ERR_SASLALREADY, "You have already authenticated using SASL"
            )
            return True
        if "sasl" not in self.caps:
            # sasl-3.1: "The client MUST enable the sasl capability before using AUTHENTICATE".
            self._count_sasl_failure()
            return True
        if argument == "*":
            self._abort_sasl()
            return True
        if self._sasl is _Sasl.IDLE:
            mechanism = argument.upper()
            if mechanism not in self.sasl_mechanisms:
                self._queue_numeric(
                    numerics.RPL_SASLMECHS,
                    ",".join(self.sasl_mechanisms),
                    "are available SASL mechanisms",
                )
                self._count_sasl_failure()
                return True
            # PLAIN is client-first: an empty server challenge.
            self._sasl = _Sasl.AWAITING_CLIENT
            self._sasl_response = SaslResponse()
            self._replies.append(Message("AUTHENTICATE", ("+",)))
            return True
        if self._sasl is _Sasl.AWAITING_VERDICT:
            # A new attempt before the last was answered: fail it, forget the pending one.
            self._sasl = _Sasl.IDLE
            self._sasl_label = None
            self._count_sasl_failure()
            return True
        if self._sasl_response is None:
            self._sasl_response = SaslResponse()
        try:
            response = self._sasl_response.add(argument)
            if response is None:
                return True  # more chunks are due (labeled: ACK)
            authzid, authcid, password = decode_plain(response)
        except SaslTooLong:
            self._sasl = _Sasl.IDLE
            self._queue_numeric(numerics.ERR_SASLTOOLONG, "SASL message too long")
            return True
        except SaslMalformed:
            self._sasl = _Sasl.IDLE
            self._count_sasl_failure()
            return True
        self._sasl = _Sasl.AWAITING_VERDICT
        self._sasl_label = self._label_of(message)  # 900/903 or 904 will carry it
        self._events.append(SaslPlainReceived(authzid, authcid, password))
        return False

    # --- helpers ----------------------------------------------------------------------------

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
        # parameter may hold anything, so the others go through ``_token``, as Ergo's
        # SafeErrorParam does: a reply built from client input can always be rendered.
        if len(params) > 1:
            params = (*map(_token, params[:-1]), params[-1])
        return Message(numeric, (self._client, *params), self.server_name)

    def _need_more_params(self, command: str) -> None:
        self._queue_numeric(numerics.ERR_NEEDMOREPARAMS, command, "Not enough parameters")

    def _invalid_cap_command(self, subcommand: str) -> None:
        self._queue_numeric(numerics.ERR_INVALIDCAPCMD, _token(subcommand), "Invalid CAP command")

    def _standard_reply(
        self, kind: str, command: str, code: str, description: str, context: tuple[str, ...]
    ) -> Message:
        # IRCv3 standard-replies: <kind> <command> <code> [<context>...] <description>; the
        # context often echoes the client's input, so it goes through ``_token``.
        context = tuple(map(_token, context))
        return Message(kind, (command, code, *context, description), self.server_name)

    def _queue_cap_list(
        self, subcommand: str, tokens: Sequence[str], *, continued: bool, split: bool = True
    ) -> None:
        """``CAP <client> <subcommand> :<tokens>``, over as many lines as 512 bytes need.
        CAP 302 "Multiline replies": all lines but the last carry a ``*`` before the list."""
        client = self._client
        if split:
            overhead = len(render("CAP", client, subcommand, "*", "", source=self.server_name))
            chunks = pack(tokens, overhead)
        else:
            chunks = [" ".join(tokens)]
        last = len(chunks) - 1
        for index, chunk in enumerate(chunks):
            params = (client, subcommand, "*", chunk) if continued and index < last else None
            self._replies.append(
                Message("CAP", params or (client, subcommand, chunk), self.server_name)
            )

    def _abort_sasl(self) -> None:
        # sasl-3.1: "The client can abort an authentication by sending an asterisk ... The
        # server will send a 906 numeric." A pending verdict is then ignored.
        self._sasl = _Sasl.IDLE
        self._sasl_label = None
        self._queue_numeric(numerics.ERR_SASLABORTED, "SASL authentication aborted")
        self._maybe_request_registration()

    def _count_sasl_failure(self) -> None:
        self._sasl_failures += 1
        self._queue_numeric(numerics.ERR_SASLFAIL, "SASL authentication failed")
        if self._sasl_failures >= MAX_SASL_ATTEMPTS:
            self._begin_close("Too many failed SASL attempts")

    def _maybe_request_registration(self) -> None:
        if (
            self.registered
            or self._registration_requested
            or self._closing
            or self._requested_nick is None
            or self.username is None
            or self._cap_negotiating
            or self._sasl is not _Sasl.IDLE  # CAP END aborts an exchange still awaiting the client
        ):
            return
        self._registration_requested = True
        self._registration_awaited = True
        self._events.append(
            RegistrationRequested(
                self._requested_nick, self.username, self.realname or "", self.password
            )
        )

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
        messages, self._replies = self._replies, []
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


def _command_of(line: bytes) -> str:
    """The command of a line that could not be decoded or parsed, or ``*``: for FAIL and 400."""
    rest = line
    if rest.startswith(b"@"):
        space = rest.find(b" ")
        rest = b"" if space == -1 else rest[space + 1 :]
    rest = rest.lstrip(b" ")
    if rest.startswith(b":"):
        space = rest.find(b" ")
        rest = b"" if space == -1 else rest[space + 1 :].lstrip(b" ")
    token = rest.split(b" ", 1)[0]
    try:
        command = token.decode("ascii")
    except UnicodeDecodeError:
        return "*"
    return command.upper() if is_valid_command(command) else "*"


def _token(text: str) -> str:
    """``text`` if it can be a middle parameter, else ``*``: echoing a client's word must not
    break our line."""
    if not text or " " in text or text.startswith(":"):
        return "*"
    return text


def _truncate(text: str, limit: int) -> str:
    return text.encode()[:limit].decode("utf-8", "ignore")


_HANDLERS: dict[str, Callable[[IrcConnection, Message], bool]] = {
    # Commands the machine answers itself, before and after registration.
    "CAP": IrcConnection._on_cap,
    "AUTHENTICATE": IrcConnection._on_authenticate,
    "PASS": IrcConnection._on_pass,
    "NICK": IrcConnection._on_nick,
    "USER": IrcConnection._on_user,
    "PING": IrcConnection._on_ping,
    "PONG": IrcConnection._on_pong,
    "QUIT": IrcConnection._on_quit,
}
