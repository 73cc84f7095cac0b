"""Loading the kink list: the standard one shipped with the package, and an operator's
additions (the ``kinks_file`` setting), whose ids are prefixed ``site-``."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

from boudoir.domain.kinks import SITE_PREFIX, KinkList, KinkListError, merge, parse_kink_list


def standard_kink_list() -> KinkList:
    """The list in ``boudoir/data/kinks.toml``."""
    text = resources.files("boudoir").joinpath("data/kinks.toml").read_text("utf-8")
    return parse_kink_list(tomllib.loads(text))


def load_kink_list(additions: Path | None = None) -> KinkList:
    """The standard list, with the entries of the TOML file ``additions`` if given. An
    unreadable or malformed file raises ``KinkListError`` naming it and saying what is wrong."""
    standard = standard_kink_list()
    if additions is None:
        return standard
    try:
        document = tomllib.loads(additions.read_text("utf-8"))
    except OSError as error:
        raise KinkListError(f"{additions}: cannot be read ({error.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise KinkListError(f"{additions}: not valid TOML ({error})") from None
    try:
        return merge(standard, parse_kink_list(document, prefix=SITE_PREFIX))
    except KinkListError as error:
        raise KinkListError(f"{additions}: {error}") from None
