"""GMCP messages: ``Package.SubPackage <json>`` inside ``IAC SB GMCP … IAC SE``.

tintin.mudhalla.net/protocols/gmcp and Mudlet's GMCP documentation: the payload is a package
name, optionally a space and a JSON value, in UTF-8. Package names are case-insensitive.
Standard library only.
"""

from __future__ import annotations

import json
import re

from boudoir.wire.telnet.options import GMCP, IAC, SB, SE

MAX_PACKAGE_NAME = 64
"""Longer than any package in use (``Comm.Channel.Players``, ``Char.Login.Credentials``)."""

MAX_JSON_DEPTH = 32
"""Nesting deeper than any GMCP message needs. Deeper documents are refused before parsing, so
a client cannot make the decoder recurse without bound."""

_PACKAGE = re.compile(r"[A-Za-z][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*")


class GmcpMalformed(ValueError):
    """The client's GMCP payload has no valid package name or invalid JSON."""


def encode_gmcp(package: str, data: object = None) -> bytes:
    """The whole ``IAC SB GMCP … IAC SE`` message. Raises ``ValueError`` for an invalid
    package name and ``TypeError`` for data JSON cannot encode (both are the caller's bugs)."""
    if len(package) > MAX_PACKAGE_NAME or not _PACKAGE.fullmatch(package):
        raise ValueError(f"invalid GMCP package name {package!r}")
    payload = package
    if data is not None:
        payload += " " + json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    body = payload.encode("utf-8").replace(b"\xff", b"\xff\xff")  # RFC 855: IAC doubled
    return bytes((IAC, SB, GMCP)) + body + bytes((IAC, SE))


def _too_deep(text: str) -> bool:
    """Whether brackets outside strings nest deeper than ``MAX_JSON_DEPTH``."""
    depth = 0
    in_string = False
    escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return True
        elif char in "]}":
            depth -= 1
    return False


def decode_gmcp(payload: bytes) -> tuple[str, object | None]:
    """The package name and JSON value (``None`` if absent) of a received payload (IAC already
    undoubled). Raises ``GmcpMalformed``."""
    text = payload.decode("utf-8", errors="replace")
    package, _, data = text.partition(" ")
    if len(package) > MAX_PACKAGE_NAME or not _PACKAGE.fullmatch(package):
        raise GmcpMalformed("invalid GMCP package name")
    data = data.strip()
    if not data:
        return package, None
    if _too_deep(data):
        raise GmcpMalformed("GMCP data nested too deeply")
    try:
        return package, json.loads(data)
    except (ValueError, RecursionError) as error:
        raise GmcpMalformed("GMCP data is not valid JSON") from error
