"""Capability negotiation (CAP, IRCv3 capability negotiation 3.2) and SASL PLAIN
(AUTHENTICATE, IRCv3 SASL 3.1) for one IRC client connection, without I/O.

Standard library only; no sockets, no asyncio.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from boudoir.wire.irc import numerics
from boudoir.wire.irc.base import IrcConnectionBase, SaslState, middle_param
from boudoir.wire.irc.capabilities import (
    CAP_VERSION_302,
    cap_tokens,
    decide_request,
    pack,
    parse_cap_version,
    shared_caps,
    split_list,
)
from boudoir.wire.irc.events import SaslPlainReceived
from boudoir.wire.irc.message import Message, render
from boudoir.wire.irc.sasl import (
    MAX_SASL_ATTEMPTS,
    SaslMalformed,
    SaslResponse,
    SaslTooLong,
    decode_plain,
)


class IrcNegotiation(IrcConnectionBase):
    """CAP and SASL, over the connection's state."""

    __slots__ = ()

    def sasl_succeeded(self, account: str) -> None:
        """The password of the last ``SaslPlainReceived`` is right: 900 RPL_LOGGEDIN and 903
        RPL_SASLSUCCESS (labeled if the AUTHENTICATE was). Ignored if the client aborted the
        exchange meanwhile (then ``account`` stays unset)."""
        if self._sasl is not SaslState.AWAITING_VERDICT:
            return
        self._sasl = SaslState.IDLE
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
        if self._sasl is not SaslState.AWAITING_VERDICT:
            return
        self._sasl = SaslState.IDLE
        self._count_sasl_failure()
        label, self._sasl_label = self._sasl_label, None
        self._flush_replies(label)
        self._maybe_request_registration()

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
                self.caps = shared_caps(frozenset(caps))
                self._queue_cap_list("ACK", split_list(params[1]), continued=False)
        elif subcommand == "END":
            if not self.registered:  # "If the client is already registered, ... ignored"
                if self._sasl is SaslState.AWAITING_CLIENT:
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
        if self._sasl is SaslState.IDLE:
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
            self._sasl = SaslState.AWAITING_CLIENT
            self._sasl_response = SaslResponse()
            self._replies.append(Message("AUTHENTICATE", ("+",)))
            return True
        if self._sasl is SaslState.AWAITING_VERDICT:
            # A new attempt before the last was answered: fail it, forget the pending one.
            self._sasl = SaslState.IDLE
            self._sasl_label = None
            self._count_sasl_failure()
            return True
        if self._sasl_response is None:
            self._sasl_response = SaslResponse()
        try:
            response = self._sasl_response.add(argument)
            if response is None:
                return True  # more chunks are due (labeled: ACK)
            # Complete: the chunks (the password among them) need not stay with the connection.
            self._sasl_response = None
            authzid, authcid, password = decode_plain(response)
        except SaslTooLong:
            self._sasl_response = None
            self._sasl = SaslState.IDLE
            self._queue_numeric(numerics.ERR_SASLTOOLONG, "SASL message too long")
            return True
        except SaslMalformed:
            self._sasl_response = None
            self._sasl = SaslState.IDLE
            self._count_sasl_failure()
            return True
        self._sasl = SaslState.AWAITING_VERDICT
        self._sasl_label = self._label_of(message)  # 900/903 or 904 will carry it
        self._events.append(SaslPlainReceived(authzid, authcid, password))
        return False

    def _invalid_cap_command(self, subcommand: str) -> None:
        self._queue_numeric(
            numerics.ERR_INVALIDCAPCMD, middle_param(subcommand), "Invalid CAP command"
        )

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
        self._sasl = SaslState.IDLE
        self._sasl_label = None
        self._queue_numeric(numerics.ERR_SASLABORTED, "SASL authentication aborted")
        self._maybe_request_registration()

    def _count_sasl_failure(self) -> None:
        self._sasl_failures += 1
        self._queue_numeric(numerics.ERR_SASLFAIL, "SASL authentication failed")
        if self._sasl_failures >= MAX_SASL_ATTEMPTS:
            self._begin_close("Too many failed SASL attempts")
