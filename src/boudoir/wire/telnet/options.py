"""Telnet commands, option codes, and the option negotiation table.

RFC 854 (commands) and RFC 855 (options): each side of each option is on or off, and the two
peers agree with WILL/WONT (the sender's side) and DO/DONT (the receiver's side). Naive
implementations answer every request and so can loop forever with a peer doing the same; this
table follows RFC 1143's Q method (without its queue bit), which never answers a message that
does not change state, and answers a refusal only once per option and side. Standard library
only.
"""

from __future__ import annotations

import enum

# RFC 854 command bytes (each follows IAC).
EOR_COMMAND = 239
"""RFC 885: ``IAC EOR`` ends a record (for MU* clients: a prompt). Not the option (25)."""
SE = 240
NOP = 241
DM = 242
BRK = 243
IP = 244
AO = 245
AYT = 246
EC = 247
"""Erase character: remove the last character of the line being typed."""
EL = 248
"""Erase line: forget the line being typed."""
GA = 249
SB = 250
WILL = 251
WONT = 252
DO = 253
DONT = 254
IAC = 255

# Options.
ECHO = 1
"""RFC 857. The server WILL ECHO to make the client stop echoing (password entry)."""
SGA = 3
"""RFC 858, suppress go-ahead."""
TTYPE = 24
"""RFC 1091 terminal type, cycled for MTTS (tintin.mudhalla.net/protocols/mtts)."""
EOR = 25
"""RFC 885 end of record: ``IAC EOR`` marks a prompt."""
NAWS = 31
"""RFC 1073 negotiate about window size."""
CHARSET = 42
"""RFC 2066."""
MSSP = 70
"""Mud Server Status Protocol (tintin.mudhalla.net/protocols/mssp)."""
MCCP2 = 86
"""Mud Client Compression Protocol v2 (tintin.mudhalla.net/protocols/mccp): server to client
zlib stream, started by ``IAC SB MCCP2 IAC SE``."""
GMCP = 201
"""Generic Mud Communication Protocol (tintin.mudhalla.net/protocols/gmcp)."""

# Subnegotiation verbs.
TTYPE_IS = 0
TTYPE_SEND = 1
CHARSET_REQUEST = 1
CHARSET_ACCEPTED = 2
CHARSET_REJECTED = 3
CHARSET_TTABLE_IS = 4
CHARSET_TTABLE_REJECTED = 5
MSSP_VAR = 1
MSSP_VAL = 2

LOCAL_OPTIONS = frozenset({SGA, EOR, CHARSET, MSSP, MCCP2, GMCP})
"""Options the server agrees to perform when the client asks first (DO answered with WILL).
MCCP2 is left out when compression is not allowed (TLS). ECHO is not here: the server only
echoes, that is hides input, when it offers to itself (``hide_input``)."""
REMOTE_OPTIONS = frozenset({SGA, TTYPE, NAWS, CHARSET})
"""Options the server agrees to let the client perform (WILL answered with DO). SGA both ways
is the usual character-at-a-time pairing (RFC 858); it costs the server nothing."""


class Side(enum.Enum):
    """RFC 1143 states of one side of one option."""

    NO = enum.auto()
    YES = enum.auto()
    WANT_NO = enum.auto()
    """We sent WONT/DONT and wait for the answer."""
    WANT_YES = enum.auto()
    """We sent WILL/DO and wait for the answer."""


class Negotiation:
    """Both sides of every option, and what to answer to WILL, WONT, DO and DONT.

    ``local`` is the server's side (WILL/WONT from us, DO/DONT from the client); ``remote`` is
    the client's side. Methods return the reply to queue, as bytes, ``b""`` for none, and a
    flag saying whether the option's state changed.
    """

    __slots__ = ("_local", "_local_supported", "_refused", "_remote", "_remote_supported")

    def __init__(self, *, local_supported: frozenset[int], remote_supported: frozenset[int]):
        self._local: dict[int, Side] = {}
        self._remote: dict[int, Side] = {}
        self._local_supported = local_supported
        self._remote_supported = remote_supported
        self._refused: set[tuple[int, int]] | None = None
        """(verb, option) refusals already sent: a client that keeps asking gets one answer.
        Made on the first refusal: most clients ask for nothing we refuse."""

    def local(self, option: int) -> Side:
        return self._local.get(option, Side.NO)

    def remote(self, option: int) -> Side:
        return self._remote.get(option, Side.NO)

    def local_enabled(self, option: int) -> bool:
        return self._local.get(option) is Side.YES

    def remote_enabled(self, option: int) -> bool:
        return self._remote.get(option) is Side.YES

    # --- requests from our side --------------------------------------------------------------

    def offer_local(self, option: int, enable: bool) -> bytes:
        """We want to start (WILL) or stop (WONT) performing ``option``."""
        state = self.local(option)
        if enable and state in (Side.NO, Side.WANT_NO):
            self._local[option] = Side.WANT_YES
            return bytes((IAC, WILL, option))
        if not enable and state in (Side.YES, Side.WANT_YES):
            self._local[option] = Side.WANT_NO
            return bytes((IAC, WONT, option))
        return b""

    def ask_remote(self, option: int) -> bytes:
        """We want the client to perform ``option`` (DO)."""
        if self.remote(option) in (Side.NO, Side.WANT_NO):
            self._remote[option] = Side.WANT_YES
            return bytes((IAC, DO, option))
        return b""

    # --- the client's messages ---------------------------------------------------------------

    def received(self, verb: int, option: int) -> tuple[bytes, bool]:
        """Handle ``IAC verb option`` from the client: (reply, whether the state changed)."""
        if verb in (WILL, WONT):
            table, supported, yes, no = self._remote, self._remote_supported, DO, DONT
        else:
            table, supported, yes, no = self._local, self._local_supported, WILL, WONT
        state = table.get(option, Side.NO)
        if verb in (WILL, DO):
            if state is Side.YES:
                return b"", False  # RFC 1143: already on, no answer (this is what stops loops)
            if state is Side.WANT_YES:
                table[option] = Side.YES  # the answer to our request
                return b"", True
            if state is Side.WANT_NO:
                # RFC 1143: "DONT/WONT answered by WILL/DO" is an error; we stay off, silently.
                table[option] = Side.NO
                return b"", False
            if option in supported:
                table[option] = Side.YES
                return bytes((IAC, yes, option)), True
            if self._refused is None:
                self._refused = set()
            elif (no, option) in self._refused:
                return b"", False
            self._refused.add((no, option))
            return bytes((IAC, no, option)), False
        # WONT or DONT
        if state is Side.NO:
            return b"", False
        table[option] = Side.NO
        if state is Side.YES:
            return bytes((IAC, no, option)), True  # RFC 854: acknowledge a disable
        return b"", False  # a refusal of our request, or the acknowledgement of our WONT/DONT
