"""The standard kink list: categories of entries a profile rates favourite, yes, maybe or no.

The list ships as data (``boudoir/data/kinks.toml``, versioned); an operator may add entries
(``kinks_file``), whose ids are prefixed ``site-``. This module turns a parsed document into a
``KinkList`` and merges additions; reading the files is the caller's (``app``). Imports only
the standard library.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Final

SITE_PREFIX: Final = "site-"
"""Ids of an operator's additions start with it, so they never take a standard id."""

_ID: Final = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
MAX_ID = 64
MAX_NAME = 64
MAX_DESCRIPTION = 300


class KinkListError(ValueError):
    """A kink list document is malformed; the text says where."""


@dataclass(frozen=True, slots=True)
class Kink:
    id: str
    name: str
    description: str


@dataclass(frozen=True, slots=True)
class KinkCategory:
    id: str
    name: str
    kinks: tuple[Kink, ...]


@dataclass(frozen=True, slots=True)
class KinkList:
    """The categories, in order; ``by_id`` finds an entry."""

    version: str
    categories: tuple[KinkCategory, ...]
    by_id: Mapping[str, Kink] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, Kink] = {}
        for category in self.categories:
            for kink in category.kinks:
                if kink.id in index:
                    raise KinkListError(f"the kink id {kink.id!r} appears twice")
                index[kink.id] = kink
        object.__setattr__(self, "by_id", index)

    def __iter__(self) -> Iterator[Kink]:
        for category in self.categories:
            yield from category.kinks

    def __len__(self) -> int:
        return len(self.by_id)

    def name_of(self, kink_id: str) -> str:
        """The entry's name; the id itself for an entry no longer listed."""
        kink = self.by_id.get(kink_id)
        return kink.name if kink is not None else kink_id


def _string(table: Mapping[str, object], key: str, where: str, limit: int) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise KinkListError(f"{where}: {key!r} must be a non-empty string")
    value = value.strip()
    if len(value) > limit:
        raise KinkListError(f"{where}: {key!r} is at most {limit} characters")
    return value


def _id(table: Mapping[str, object], where: str, prefix: str) -> str:
    value = _string(table, "id", where, MAX_ID - len(prefix))
    if not _ID.fullmatch(value):
        raise KinkListError(
            f"{where}: the id {value!r} is lower-case letters, digits and single hyphens"
        )
    return prefix + value


def parse_kink_list(document: Mapping[str, object], *, prefix: str = "") -> KinkList:
    """A ``KinkList`` from a parsed TOML document: ``version`` and ``categories``, each with
    ``id``, ``name`` and ``kinks`` (each ``id``, ``name``, ``description``). ``prefix`` goes
    before every kink id (``site-`` for an operator's additions). ``KinkListError`` says what
    is wrong."""
    version = document.get("version", "")
    if isinstance(version, bool) or not isinstance(version, int | str) or version == "":
        raise KinkListError("'version' must be a number or a string")
    raw_categories = document.get("categories")
    if not isinstance(raw_categories, list):
        raise KinkListError("'categories' must be a list of tables ([[categories]])")
    categories: list[KinkCategory] = []
    for number, raw in enumerate(raw_categories, 1):
        if not isinstance(raw, dict):
            raise KinkListError(f"category {number} must be a table")
        where = f"category {number}"
        category_id = _id(raw, where, "")
        name = _string(raw, "name", where, MAX_NAME)
        raw_kinks = raw.get("kinks")
        if not isinstance(raw_kinks, list):
            raise KinkListError(f"{where}: 'kinks' must be a list")
        kinks: list[Kink] = []
        for index, entry in enumerate(raw_kinks, 1):
            here = f"{where} ({category_id}), kink {index}"
            if not isinstance(entry, dict):
                raise KinkListError(f"{here} must be a table")
            kinks.append(
                Kink(
                    _id(entry, here, prefix),
                    _string(entry, "name", here, MAX_NAME),
                    _string(entry, "description", here, MAX_DESCRIPTION),
                )
            )
        categories.append(KinkCategory(category_id, name, tuple(kinks)))
    return KinkList(str(version), tuple(categories))


def merge(base: KinkList, additions: KinkList) -> KinkList:
    """``base`` with ``additions``: entries of a category that ``base`` has (by id) join it,
    other categories come after. The version says both (``1+site-3``)."""
    merged = {c.id: c for c in base.categories}
    order = [c.id for c in base.categories]
    for category in additions.categories:
        if category.id in merged:
            known = merged[category.id]
            merged[category.id] = KinkCategory(known.id, known.name, known.kinks + category.kinks)
        else:
            merged[category.id] = category
            order.append(category.id)
    return KinkList(f"{base.version}+site-{additions.version}", tuple(merged[i] for i in order))
