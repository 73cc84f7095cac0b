"""Message markup: the BBCode subset roleplayers know from F-Chat, parsed once into a small
tree and rendered per wire (IRC formatting codes, ANSI for telnet, plain text, and a
structured form the browser builds DOM nodes from).

Tags: ``[b]`` ``[i]`` ``[u]`` ``[s]`` ``[sup]`` ``[sub]`` ``[color=name]`` (``COLOURS`` only),
``[spoiler]``, ``[url]https://...[/url]`` and ``[url=https://...]label[/url]`` (http and https
only). Tag names and colours are read in any case. Bare http(s) URLs in plain text are links
too. Anything else is text: an unknown tag, a bad colour or address, a closing tag that does
not close the innermost open one, and an opening tag never closed all show as typed. The
message's text is never changed (the seal and reports cover it as sent); only what each wire
shows is.

Parsing is linear in the text: one pass over the tags, open tags at most ``MAX_DEPTH`` deep.
Imports the standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Final
from urllib.parse import urlsplit

SIMPLE_TAGS: Final = frozenset({"b", "i", "u", "s", "sup", "sub", "spoiler"})
COLOURS: Final = (
    "red",
    "orange",
    "yellow",
    "green",
    "cyan",
    "blue",
    "purple",
    "pink",
    "black",
    "white",
    "gray",
    "brown",
)
"""F-Chat's named colours; any other ``[color=...]`` is text."""
MAX_DEPTH: Final = 16
"""Tags open at once; deeper ones are text. Bounds the work of undoing unclosed tags."""
MAX_URL: Final = 2048
"""Characters of a link's address; a longer one is not a link."""

_TAG: Final = re.compile(r"\[(/?)([a-zA-Z]{1,7})(?:=([^\]\[]{0,2048}))?\]")
_URL_CLOSE: Final = re.compile(r"\[/url\]", re.IGNORECASE)
_BARE_URL: Final = re.compile(r"\bhttps?://[^\s<>\"\[\]]+", re.IGNORECASE)
_TRAILING: Final = ".,;:!?'\")"
"""Ends of sentences after a bare URL, not part of it (a ``)`` is kept when it closes a ``(``
inside the URL, as in Wikipedia's addresses)."""


@dataclass(frozen=True, slots=True)
class Element:
    """A tag and what it holds: ``value`` is the colour of ``color`` and the address of
    ``url``, empty for the others."""

    tag: str
    value: str
    children: tuple[Node, ...]


Node = str | Element


def link_address(text: str) -> str | None:
    """``text`` as a link's address if it is an http or https URL with a host, else None."""
    if len(text) > MAX_URL or not text.isprintable() or any(c in text for c in ' "<>[]\\'):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return text


def _bare_links(text: str, out: list[Node]) -> None:
    """``text`` into ``out``, with each bare http(s) URL as a link."""
    if "://" not in text:
        _text(out, text)
        return
    start = 0
    for match in _BARE_URL.finditer(text):
        url = match.group()
        while url and url[-1] in _TRAILING and not (url[-1] == ")" and "(" in url):
            url = url[:-1]
        address = link_address(url)
        if address is None:
            continue
        _text(out, text[start : match.start()])
        out.append(Element("url", address, (url,)))
        start = match.start() + len(url)
    _text(out, text[start:])


def _text(out: list[Node], text: str) -> None:
    if text:
        out.append(text)  # pieces: joined once, by ``_merged`` (adding up strings is quadratic)


def _merged(nodes: list[Node]) -> tuple[Node, ...]:
    """``nodes`` with each run of adjacent strings joined into one."""
    merged: list[Node] = []
    run: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            run.append(node)
            continue
        if run:
            merged.append("".join(run))
            run = []
        merged.append(node)
    if run:
        merged.append("".join(run))
    return tuple(merged)


@dataclass(slots=True)
class _Open:
    tag: str
    value: str
    typed: str
    """The opening tag as typed, shown as text if it is never closed."""
    children: list[Node]


def parse(text: str) -> tuple[Node, ...]:
    """The tree of ``text``'s markup (a plain text with no markup: one string)."""
    if "[" not in text and "://" not in text:
        return (text,) if text else ()
    root: list[Node] = []
    stack: list[_Open] = []
    position = 0
    url_close = -2  # where the next [/url] is (-1: none), searched again only past it
    in_link = False  # inside a [url=...] label (links do not nest)
    for match in _TAG.finditer(text):
        if match.start() < position:
            continue  # inside a [url]...[/url] already taken
        out = stack[-1].children if stack else root
        before = text[position : match.start()]
        if in_link:
            _text(out, before)
        else:
            _bare_links(before, out)
        position = match.end()
        closing, name, value = match.group(1), match.group(2).lower(), match.group(3)
        typed = match.group()
        if closing:
            if value is None and stack and stack[-1].tag == name:
                frame = stack.pop()
                in_link = in_link and frame.tag != "url"
                parent = stack[-1].children if stack else root
                parent.append(Element(frame.tag, frame.value, _merged(frame.children)))
            else:
                _text(out, typed)
            continue
        element_value = _opening(name, value, in_link)
        if element_value is None or len(stack) >= MAX_DEPTH:
            _text(out, typed)
            continue
        if name == "url" and value is None:
            # [url]address[/url]: what it holds is the address, read as it is.
            if url_close != -1 and url_close < position:
                found = _URL_CLOSE.search(text, position)
                url_close = -1 if found is None else found.start()
            address = link_address(text[position:url_close]) if url_close >= 0 else None
            if address is None:
                _text(out, typed)
                continue
            out.append(Element("url", address, (address,)))
            position = url_close + len("[/url]")
            continue
        stack.append(_Open(name, element_value, typed, []))
        in_link = in_link or name == "url"
    out = stack[-1].children if stack else root
    if in_link:
        _text(out, text[position:])
    else:
        _bare_links(text[position:], out)
    while stack:  # never closed: the tag shows as typed, what it held stays
        frame = stack.pop()
        parent = stack[-1].children if stack else root
        parent.append(frame.typed)
        parent.extend(frame.children)
    return _merged(root)


def _opening(name: str, value: str | None, in_link: bool) -> str | None:
    """The value of a valid opening tag (``""`` for a tag without one); None: it is text."""
    if name in SIMPLE_TAGS:
        return "" if value is None else None
    if name == "color":
        colour = (value or "").strip().lower()
        return colour if colour in COLOURS else None
    if name == "url" and not in_link:
        if value is None:
            return ""
        return link_address(value.strip())
    return None


def is_plain(nodes: tuple[Node, ...]) -> bool:
    """Whether ``nodes`` hold no markup and no link: the text as typed."""
    return all(isinstance(node, str) for node in nodes)


# --- Rendering ----------------------------------------------------------------------------


def plain(nodes: Iterable[Node], clean: Callable[[str], str] = str) -> str:
    """Text without formatting, for a reader with no colour or a screen reader: a spoiler is
    marked, a link with a label shows its address after it. ``clean`` makes each piece of
    text safe for the wire."""
    out: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(clean(node))
            continue
        inner = plain(node.children, clean)
        if node.tag == "spoiler":
            out.append(f"[spoiler: {inner}]")
        elif node.tag == "url" and node.children != (node.value,):
            out.append(f"{inner} ({clean(node.value)})")
        else:
            out.append(inner)
    return "".join(out)


# IRC formatting (modern.ircdocs.horse/formatting): toggles, and colour numbers 00-15.
IRC_CODES: Final = {"b": "\x02", "i": "\x1d", "u": "\x1f", "s": "\x1e"}
IRC_COLOURS: Final = {
    "white": "00",
    "black": "01",
    "blue": "02",
    "green": "03",
    "red": "04",
    "brown": "05",
    "purple": "06",
    "orange": "07",
    "yellow": "08",
    "cyan": "11",
    "pink": "13",
    "gray": "14",
}
IRC_COLOUR: Final = "\x03"
IRC_RESET: Final = "\x0f"


def irc(nodes: Iterable[Node]) -> str:
    """Text with IRC formatting codes. A spoiler is black on black (selecting it shows it);
    a link is its address as text, which IRC clients make clickable themselves. Text comes
    out as typed: the core refuses control characters in messages, so none are inside."""
    return "".join(_irc(nodes, ()))


def _irc(nodes: Iterable[Node], active: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
            continue
        code = _irc_code(node)
        inner = _irc(node.children, (*active, code))
        if node.tag == "url" and node.children != (node.value,):
            inner.append(f" ({node.value})")
        if not code:
            out.extend(inner)
            continue
        out.append(code)
        out.extend(inner)
        # Close it: a reset, then what is still open outside it, in order.
        out.append(IRC_RESET + "".join(active))
    return out


def _irc_code(node: Element) -> str:
    if node.tag in IRC_CODES:
        return IRC_CODES[node.tag]
    if node.tag == "color":
        return IRC_COLOUR + IRC_COLOURS[node.value]
    if node.tag == "spoiler":
        return f"{IRC_COLOUR}01,01"
    return ""  # sup and sub have no IRC code; a link is its text


ANSI_CODES: Final = {"b": "1", "i": "3", "u": "4", "s": "9", "spoiler": "30;40", "url": "4"}
ANSI_COLOURS: Final = {
    "red": "31",
    "green": "32",
    "yellow": "93",
    "blue": "34",
    "purple": "35",
    "cyan": "36",
    "white": "97",
    "black": "30",
    "gray": "90",
    "orange": "38;5;208",
    "pink": "38;5;213",
    "brown": "38;5;130",
}
"""SGR codes (ECMA-48 8.3.117); orange, pink and brown from xterm's 256-colour palette."""
ANSI_COLOURS_16: Final = {**ANSI_COLOURS, "orange": "33", "pink": "95", "brown": "33"}
"""The same for a client of 16 colours: the nearest of its own."""
ANSI_RESET: Final = "\x1b[0m"


def ansi(nodes: Iterable[Node], clean: Callable[[str], str] = str, colours: int = 256) -> str:
    """Text with ANSI SGR codes, for a telnet client that shows colour. Every formatted piece
    ends in a reset (SGR 0) followed by what is still open around it, so the telnet painter's
    line style comes back after it. A spoiler is black on black; a link is underlined, with
    its address after a label. ``clean`` makes each piece of text safe for the terminal;
    ``colours`` is the client's depth (16 or more)."""
    palette = ANSI_COLOURS if colours >= 256 else ANSI_COLOURS_16
    return "".join(_ansi(nodes, (), clean, palette))


def _ansi(
    nodes: Iterable[Node],
    active: tuple[str, ...],
    clean: Callable[[str], str],
    palette: dict[str, str],
) -> list[str]:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(clean(node))
            continue
        code = palette[node.value] if node.tag == "color" else ANSI_CODES.get(node.tag, "")
        start = f"\x1b[{code}m" if code else ""
        inner = _ansi(node.children, (*active, start) if code else active, clean, palette)
        if code:
            out.append(start)
            out.extend(inner)
            out.append(ANSI_RESET + "".join(active))
        else:
            out.extend(inner)
        if node.tag == "url" and node.children != (node.value,):
            out.append(f" ({clean(node.value)})")  # the address, not underlined
    return out


def structured(nodes: Iterable[Node]) -> list[object]:
    """The tree as JSON values for the browser, which builds DOM nodes from it: a string is
    text; an object is ``{"tag": ..., "children": [...]}`` with ``"color"`` or ``"href"``."""
    out: list[object] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
            continue
        element: dict[str, object] = {"tag": node.tag}
        if node.tag == "color":
            element["color"] = node.value
        elif node.tag == "url":
            element["href"] = node.value
        element["children"] = structured(node.children)
        out.append(element)
    return out
