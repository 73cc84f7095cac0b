"""IRC messages: parse one line, render one line.

The grammar is Modern IRC "Message format" (https://modern.ircdocs.horse/#message-format)
extended by IRCv3 message-tags (https://ircv3.net/specs/extensions/message-tags):

    message = ["@" tags SPACE] [":" source SPACE] command [params] CRLF

``render`` is on the hot path (one call per delivered event variant), so it validates with a
few substring tests instead of a regular expression. Standard library only.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

MAX_PARAMS = 15
"""RFC 1459 §2.3 and Modern IRC: at most 15 parameters; the 15th takes the rest of the line."""

EMPTY_TAGS: Mapping[str, str] = MappingProxyType({})


class IrcSyntaxError(ValueError):
    """The peer sent a line that is not an IRC message (its fault, never ours).

    The text names what is wrong, in words that are safe to log; do not send it to the peer.
    """


@dataclass(frozen=True, slots=True)
class Message:
    """One IRC message, decoded.

    ``command`` is upper-case (numerics are three-digit strings). ``tags`` hold unescaped
    values; a tag sent without a value maps to ``""``.
    """

    command: str
    params: tuple[str, ...] = ()
    source: str | None = None
    tags: Mapping[str, str] = field(default_factory=lambda: EMPTY_TAGS, hash=False)


# IRCv3 message-tags, "Format": key = ['+'] [vendor '/'] 1*(letter / digit / '-'), where the
# vendor is a DNS name (punycode, so ASCII).
_TAG_KEY = re.compile(r"\+?(?:[A-Za-z0-9.-]+/)?[A-Za-z0-9-]+", re.ASCII)

# IRCv3 message-tags, "Escaping values".
_ESCAPES = (("\\", "\\\\"), (";", "\\:"), (" ", "\\s"), ("\r", "\\r"), ("\n", "\\n"))
_UNESCAPES = {":": ";", "s": " ", "\\": "\\", "r": "\r", "n": "\n"}
_NEEDS_ESCAPE = re.compile(r"[\\; \r\n]")


def escape_tag_value(value: str) -> str:
    """Escape a tag value for the wire (``;`` → ``\\:``, space → ``\\s``, and so on)."""
    if _NEEDS_ESCAPE.search(value) is None:
        return value
    for raw, escaped in _ESCAPES:
        value = value.replace(raw, escaped)
    return value


def unescape_tag_value(value: str) -> str:
    """Undo ``escape_tag_value``.

    IRCv3 message-tags: a backslash before any other character is dropped (``\\b`` → ``b``),
    and a lone backslash at the end produces nothing.
    """
    if "\\" not in value:
        return value
    out: list[str] = []
    position = 0
    length = len(value)
    while position < length:
        backslash = value.find("\\", position)
        if backslash == -1:
            out.append(value[position:])
            break
        out.append(value[position:backslash])
        if backslash + 1 < length:
            following = value[backslash + 1]
            out.append(_UNESCAPES.get(following, following))
        position = backslash + 2
    return "".join(out)


def _parse_tags(section: str) -> Mapping[str, str]:
    tags: dict[str, str] = {}
    for item in section.split(";"):
        if not item:
            continue  # "@a;;b": an empty item carries nothing
        key, _, value = item.partition("=")
        if _TAG_KEY.fullmatch(key) is None:
            raise IrcSyntaxError("invalid tag key")
        # IRCv3 message-tags, "Format": of repeated keys only the last one counts.
        tags[key] = unescape_tag_value(value)
    return tags


_NOT_PLAIN = ("", "@", ":", " ")
"""First characters of a line that ``parse_message``'s quick split leaves to the loop."""

_COMMAND = re.compile(r"[A-Za-z][A-Za-z0-9_-]*|[0-9]{3}", re.ASCII)


def is_valid_command(command: str) -> bool:
    """Whether ``command`` is a command token: a letter then letters, digits, ``_`` or ``-``;
    or three digits (a numeric)."""
    # Modern IRC "Command": letters, or exactly three digits. Servers answer any other word
    # (``FOO_2``, ``X2``) with 421 ERR_UNKNOWNCOMMAND rather than as garbage, and so do we:
    # only a token no command could have (``PR!VMSG``, ``12``, non-ASCII) is malformed.
    if command.isalpha() and command.isascii():
        return True  # nearly every line: skip the regular expression
    return _COMMAND.fullmatch(command) is not None


def parse_message(line: bytes | str) -> Message:
    """Parse one line (without its CR LF) into a ``Message``.

    Tolerates several spaces between parts. Raises ``IrcSyntaxError`` when the line is not a
    message: no command, tags or a source but no command, an invalid command or tag key,
    CR, LF or NUL inside, or (for bytes) invalid UTF-8.
    """
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError:
            raise IrcSyntaxError("not UTF-8") from None
    if "\r" in line or "\n" in line or "\0" in line:
        raise IrcSyntaxError("CR, LF or NUL inside a line")
    if line[:1] not in _NOT_PLAIN:
        # Nearly every line a client sends: ``COMMAND middle... :trailing``, no tags or
        # source, single spaces. Split in one go; the same message as the loop below makes.
        head, colon, trailing = line.partition(" :")
        if colon:
            parts = head.split(" ")
            if len(parts) <= MAX_PARAMS and "" not in parts and is_valid_command(parts[0]):
                return Message(parts[0].upper(), (*parts[1:], trailing), None, EMPTY_TAGS)
    tags = EMPTY_TAGS
    rest = line
    if rest.startswith("@"):
        space = rest.find(" ")
        if space == -1:
            raise IrcSyntaxError("tags but no command")
        tags = _parse_tags(rest[1:space])
        rest = rest[space + 1 :]
    rest = rest.lstrip(" ")
    source: str | None = None
    if rest.startswith(":"):
        space = rest.find(" ")
        if space == -1:
            raise IrcSyntaxError("source but no command")
        source = rest[1:space]
        if not source:
            raise IrcSyntaxError("empty source")
        rest = rest[space + 1 :].lstrip(" ")
    space = rest.find(" ")
    if space == -1:
        command, rest = rest, ""
    else:
        command, rest = rest[:space], rest[space + 1 :]
    if not command:
        raise IrcSyntaxError("no command")
    if not is_valid_command(command):
        raise IrcSyntaxError("invalid command")
    params: list[str] = []
    while True:
        rest = rest.lstrip(" ")
        if not rest:
            break
        if rest[0] == ":":
            params.append(rest[1:])
            break
        if len(params) == MAX_PARAMS - 1:
            params.append(rest)  # the 15th parameter takes the rest, ':' or not
            break
        space = rest.find(" ")
        if space == -1:
            params.append(rest)
            break
        params.append(rest[:space])
        rest = rest[space + 1 :]
    return Message(command.upper(), tuple(params), source, tags)


@functools.lru_cache(maxsize=1024)
def _valid_tag_key(key: str) -> bool:
    # Cached: the same few keys (time, msgid, account, label, batch) are rendered again and again.
    return _TAG_KEY.fullmatch(key) is not None


def _render_tags(tags: Mapping[str, str]) -> str:
    parts: list[str] = []
    for key, value in tags.items():
        if not _valid_tag_key(key):
            raise ValueError(f"invalid tag key {key!r}")
        parts.append(f"{key}={escape_tag_value(value)}" if value else key)
    return ";".join(parts)


def render(
    command: str,
    *params: str,
    source: str | None = None,
    tags: Mapping[str, str] | None = None,
) -> bytes:
    """Render one message as UTF-8 bytes ending in CR LF.

    ``render("PRIVMSG", "#x", "hi there", source="a!b@c", tags={"k": "v"})`` gives
    ``b"@k=v :a!b@c PRIVMSG #x :hi there\\r\\n"``. The last parameter is prefixed with ``:``
    when it is empty, contains a space or starts with ``:``. Tag values are escaped.

    Raises ``ValueError`` (the caller's mistake) when a parameter contains CR, LF or NUL, when
    a parameter other than the last is empty, contains a space or starts with ``:``, or when
    the command, source or a tag key is malformed. Line length is not checked: splitting long
    text is the caller's business.
    """
    if not command or not command.isascii() or not command.isalnum():
        raise ValueError(f"invalid command {command!r}")
    if params:
        last = params[-1]
        if not last or " " in last or last[0] == ":":
            last = ":" + last
        if len(params) == 1:
            line = f"{command} {last}"
        else:
            middle = params[:-1]
            for param in middle:
                if not param or " " in param or param[0] == ":":
                    raise ValueError(f"{param!r} cannot be a parameter before the last")
            line = f"{command} {' '.join(middle)} {last}"
    else:
        line = command
    if source is not None:
        if not source or " " in source:
            raise ValueError(f"invalid source {source!r}")
        line = f":{source} {line}"
    if tags:
        line = f"@{_render_tags(tags)} {line}"
    if "\r" in line or "\n" in line or "\0" in line:
        raise ValueError("CR, LF and NUL cannot be sent")
    return (line + "\r\n").encode()


def render_message(message: Message) -> bytes:
    """``render`` for a ``Message``."""
    return render(message.command, *message.params, source=message.source, tags=message.tags)
