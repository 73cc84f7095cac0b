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

from collections.abc import Callable

from boudoir.wire.irc import numerics
from boudoir.wire.irc.base import (
    DEFAULT_PRE_REGISTRATION_COMMANDS,
    MAX_ERROR_REASON,
    MAX_HELD_LINES,
    SaslState,
    truncate_utf8,
)
from boudoir.wire.irc.events import ConnectionLost, IrcEvent, QuitRequested
from boudoir.wire.irc.message import IrcSyntaxError, Message, is_valid_command, parse_message
from boudoir.wire.irc.negotiation import IrcNegotiation

__all__ = ["DEFAULT_PRE_REGISTRATION_COMMANDS", "MAX_HELD_LINES", "IrcConnection"]


class IrcConnection(IrcNegotiation):
    """One client connection, server side.

    ``capabilities`` maps each capability to advertise to its CAP LS 302 value (``None`` for
    none), e.g. ``{"sasl": "PLAIN", "message-tags": None}``. ``host`` is the host shown in
    ``nick!user@host`` masks (RPL_LOGGEDIN). ``pre_registration_commands`` are passed to the
    gateway as ``CommandReceived`` before registration instead of being refused with 451.

    State the gateway reads: ``nick`` (``None`` until ``complete_registration``), ``username``,
    ``realname``, ``password`` (from PASS), ``caps`` (enabled capabilities), ``cap_version``
    (301 or 302), ``registered``, ``account`` (after SASL), ``lines_received``.
    """

    __slots__ = ()

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

    def _deciding_registration(self) -> bool:
        """Whether the client has done its part of registration and the gateway is deciding it
        (the nick, a password, SASL credentials): the lines that follow wait for the verdict,
        so that they are answered as after a registration that completed at once."""
        if self.registered:
            return False
        if self._registration_awaited:
            return True
        return (
            self._sasl is SaslState.AWAITING_VERDICT
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
        self._begin_close(f"Quit: {truncate_utf8(reason, MAX_ERROR_REASON)}" if reason else "Quit")
        return False


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
