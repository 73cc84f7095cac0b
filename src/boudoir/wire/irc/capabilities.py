"""IRCv3 capability negotiation (https://ircv3.net/specs/extensions/capability-negotiation):
the pure parts, deciding a CAP REQ and packing capability lists into lines.

Standard library only.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from boudoir.wire.irc.framing import MAX_LINE

CAP_VERSION_LEGACY = 301
CAP_VERSION_302 = 302
"""The highest CAP LS version we know: values, multiline replies and implicit cap-notify."""

SHARED_CAP_SETS = 256
"""Distinct sets of enabled capabilities kept for sharing (``shared_caps``): far more than
the client programs in use, each of which asks for the same few."""


@dataclass(frozen=True, slots=True)
class CapChange:
    """An accepted CAP REQ: ``(name, enable)`` pairs, to apply in request order ("The list of
    capabilities MUST be parsed and processed from left to right")."""

    changes: tuple[tuple[str, bool], ...]


def parse_cap_version(text: str | None) -> int:
    """The CAP LS version a client asked for. "MUST be treated as a number": anything not a
    number counts as no version; anything above 302 gets the 302 features."""
    if text is None or not text.isascii() or not text.isdigit() or len(text) > 9:
        return CAP_VERSION_LEGACY
    return CAP_VERSION_302 if int(text) >= CAP_VERSION_302 else CAP_VERSION_LEGACY


def decide_request(
    request: str, available: Mapping[str, str | None], *, sticky: Iterable[str] = ()
) -> CapChange | None:
    """Accept a CAP REQ list as a whole, or reject it (``None``: answer NAK).

    Rejected when it names a capability the server does not offer, or tries to disable one in
    ``sticky`` ("servers MUST NOT disable the cap-notify capability" after CAP LS 302).
    Enabling what is enabled, or disabling what is not, is accepted ("CAP REQ").
    """
    changes: list[tuple[str, bool]] = []
    sticky = frozenset(sticky)
    for token in split_list(request):
        if token.startswith("-"):
            name = token[1:]
            if name not in available or name in sticky:
                return None
            changes.append((name, False))
        else:
            if token not in available:
                return None
            changes.append((token, True))
    return CapChange(tuple(changes))


def split_list(text: str) -> list[str]:
    """The items of a space-separated capability list; extra spaces are ignored ("Clients MUST
    ignore any trailing whitespace", and we are as lenient with clients)."""
    return [token for token in text.split(" ") if token]


def cap_tokens(capabilities: Mapping[str, str | None], *, with_values: bool) -> list[str]:
    """``name`` or ``name=value`` for each capability; values only for CAP 302 clients."""
    if not with_values:
        return list(capabilities)
    return [name if value is None else f"{name}={value}" for name, value in capabilities.items()]


def pack(tokens: Sequence[str], overhead: int, *, limit: int = MAX_LINE) -> list[str]:
    """Join ``tokens`` with spaces into as few strings as fit ``limit`` bytes each, given that
    the rest of the line takes ``overhead`` bytes (CR LF included). Always at least one string,
    possibly empty ("If no capabilities are available, an empty parameter MUST be sent")."""
    budget = limit - overhead
    lines: list[str] = []
    current: list[str] = []
    size = 0
    for token in tokens:
        length = len(token.encode())
        needed = length if not current else size + 1 + length
        if current and needed > budget:
            lines.append(" ".join(current))
            current, size = [token], length
        else:
            current.append(token)
            size = needed
    lines.append(" ".join(current))
    return lines


@functools.lru_cache(maxsize=SHARED_CAP_SETS)
def shared_caps(caps: frozenset[str]) -> frozenset[str]:
    """One frozen set per distinct set of enabled capabilities, shared by every connection
    that enabled the same ones (most enable the same few): each would otherwise hold its own.
    Bounded, so a client cycling through combinations cannot grow it."""
    return caps
