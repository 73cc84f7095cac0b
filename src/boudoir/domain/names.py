"""Rules for character, account and room names.

A name must work as an IRC nickname (Modern IRC, "Clients": no space, comma, ``*``, ``?``,
``!``, ``@``, not starting with ``$``, ``:``, ``#`` or ``&``) and as a single telnet word, so we
allow a conservative set: letters of any script, digits, ``_`` and ``-``, starting with a letter.
Names compare by ``name_key``: NFKC, then Unicode case folding (the server's CASEMAPPING).
Confusable look-alikes ("AIice" for "Alice") are caught by a skeleton computed in the core.
"""

from __future__ import annotations

import unicodedata

from boudoir.domain.errors import InvalidName, ReservedName

MIN_NAME = 2
MAX_NAME = 24
"""Characters; also the NICKLEN the IRC gateway announces. Fits every common client's layout."""

MAX_ROOM_NAME = 32

SCENE_ROOM_PREFIX = "scene-"
"""Scenes (``core.scenes``) are rooms named ``scene-<id>``: no room may take such a name, so a
scene can never be found, joined or shadowed by name."""

RESERVED_NAMES = frozenset(
    {
        "admin", "administrator", "boudoir", "chanserv", "help", "hostserv", "irc", "memoserv",
        "moderator", "mod", "nickserv", "operator", "oper", "root", "saslserv", "server",
        "service", "services", "staff", "support", "sysop", "system", "anonymous", "everyone",
        "here", "me", "nobody", "someone", "webmaster", "postmaster", "abuse", "security",
        "localhost", "botserv", "operserv", "global", "sceneserv", "modserv",
        "automod", "logserv",
    }
)  # fmt: skip
"""Names of services, staff roles and the server itself: nobody may pass as them."""

_ALLOWED_PUNCTUATION = frozenset("_-")

_INVISIBLE = frozenset(
    {0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B, 0x180C, 0x180D, 0x180F, 0x3164, 0xFFA0}
    | set(range(0xFE00, 0xFE10))
    | set(range(0xE0100, 0xE01F0))
)
"""Default-ignorable code points (Unicode DerivedCoreProperties.txt) that are letters or marks,
so pass the alphabet check: Hangul fillers, variation selectors, the combining grapheme joiner.
They draw nothing, so "Alice" followed by one would pass for "Alice" (its key and skeleton
differ). The other default ignorables (ZWJ, bidi controls) are format characters, refused anyway."""


def name_key(name: str) -> str:
    """The form names are compared by: NFKC then case folding."""
    return unicodedata.normalize("NFKC", name).casefold()


def _check_shape(name: str, kind: str, max_length: int) -> str:
    name = unicodedata.normalize("NFC", name.strip())
    if not name:
        raise InvalidName(f"{kind.capitalize()} names cannot be empty.")
    if len(name) < MIN_NAME or len(name) > max_length:
        raise InvalidName(
            f"{kind.capitalize()} names are {MIN_NAME} to {max_length} characters long."
        )
    if not unicodedata.category(name[0]).startswith("L"):
        raise InvalidName(f"{kind.capitalize()} names start with a letter.")
    for char in name:
        if ord(char) in _INVISIBLE:
            raise InvalidName(
                f"{kind.capitalize()} names may not hold invisible characters, "
                f"such as U+{ord(char):04X}."
            )
        category = unicodedata.category(char)
        if category[0] in "LM" or category == "Nd" or char in _ALLOWED_PUNCTUATION:
            continue
        shown = char if char.isprintable() and not char.isspace() else f"U+{ord(char):04X}"
        raise InvalidName(
            f"{kind.capitalize()} names may hold letters, digits, '_' and '-' only, not {shown!r}."
        )
    return name


def validate_name(name: str, kind: str = "character") -> str:
    """Return the name as it will be shown (NFC, trimmed) or raise ``InvalidName``."""
    name = _check_shape(name, kind, MAX_NAME)
    key = name_key(name)
    if key in RESERVED_NAMES or bare_form(key) in RESERVED_NAMES:
        raise ReservedName(f"The name {name!r} is reserved.")
    return name


def bare_form(name: str) -> str:
    """``name`` without separators and trailing digits: reserved words are refused in any
    case and with separators or digits around them, so neither "NickServ" nor "nick-serv" nor
    "Admin_2" can pass as staff or a service. (Look-alikes are the core's skeleton check.)"""
    bare = "".join(c for c in name if c not in _ALLOWED_PUNCTUATION)
    while bare and unicodedata.category(bare[-1]) == "Nd":  # digits of any script: "Admin٢"
        bare = bare[:-1]
    return bare


def validate_room_name(name: str) -> str:
    """Room names follow the same alphabet; gateways add their own prefix (``#`` on IRC)."""
    name = name.strip()
    if name.startswith("#"):
        name = name[1:]
    name = _check_shape(name, "room", MAX_ROOM_NAME)
    if name_key(name).startswith(SCENE_ROOM_PREFIX):
        raise ReservedName(f"Room names starting with {SCENE_ROOM_PREFIX!r} are kept for scenes.")
    return name
