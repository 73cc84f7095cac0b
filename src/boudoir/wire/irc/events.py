"""What an ``IrcConnection`` hands to its gateway: facts about the client, in the past tense.

Frozen values, no behaviour. Passwords are left out of ``repr`` so that logging an event never
logs a secret. Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeAlias

from boudoir.wire.irc.message import Message


@dataclass(frozen=True, slots=True)
class RegistrationRequested:
    """NICK and USER have both arrived and nothing holds registration back (no CAP
    negotiation without CAP END, no SASL verdict pending).

    The gateway validates and calls ``complete_registration``, or replies with an error (433
    and the like) and waits: a later NICK before registration requests registration again.
    """

    nick: str
    username: str
    realname: str
    password: str | None = field(default=None, repr=False)
    """From PASS, if the client sent one."""


@dataclass(frozen=True, slots=True)
class SaslPlainReceived:
    """A complete AUTHENTICATE PLAIN exchange (RFC 4616 fields, already decoded).

    The gateway verifies the password and answers with ``sasl_succeeded`` or ``sasl_failed``.
    ``authzid`` is ``""`` when the client did not ask to act as someone else.
    """

    authzid: str
    authcid: str
    password: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class CommandReceived:
    """A command for the gateway: anything after registration that the machine does not
    handle itself, and before registration the ``pre_registration_commands``."""

    message: Message


@dataclass(frozen=True, slots=True)
class QuitRequested:
    """The client sent QUIT. The machine has already queued ``ERROR`` and is closing."""

    reason: str | None


@dataclass(frozen=True, slots=True)
class ConnectionLost:
    """The transport reached end of file (``receive_eof``)."""


IrcEvent: TypeAlias = (
    RegistrationRequested | SaslPlainReceived | CommandReceived | QuitRequested | ConnectionLost
)
