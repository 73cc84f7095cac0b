"""Claiming names: syntax from ``domain.names``, uniqueness by key and confusable skeleton."""

from __future__ import annotations

import functools

from boudoir.core.ports import Store
from boudoir.core.skeleton import skeleton
from boudoir.domain.errors import NameConfusable, NameTaken, ReservedName
from boudoir.domain.ids import AccountId
from boudoir.domain.names import RESERVED_NAMES, bare_form, name_key, validate_name


@functools.cache
def _reserved_skeletons() -> frozenset[str]:
    return frozenset(skeleton(name) for name in RESERVED_NAMES)


def check_not_reserved_lookalike(name: str) -> None:
    """Refuse look-alikes of reserved names ("Аdmin" with a Cyrillic А, "Adrnin")."""
    if (
        skeleton(bare_form(name)) in _reserved_skeletons()
        or skeleton(bare_form(name.casefold())) in _reserved_skeletons()
    ):
        raise ReservedName(f"The name {name!r} is reserved.")


async def claim_name(
    store: Store, name: str, owner: AccountId | None, kind: str = "character"
) -> tuple[str, str]:
    """Check that ``name`` is valid and free for ``owner`` (an account may reuse its own login
    name for a character). Returns the name as shown and its skeleton for the store."""
    name = validate_name(name, kind)
    check_not_reserved_lookalike(name)
    shape = skeleton(name)
    holder = await store.names.holder(name, shape)
    if holder is not None and holder.account_id != owner:
        if holder.exact:
            raise NameTaken(f"The name {name!r} is already taken.")
        raise NameConfusable(f"The name {name!r} looks too much like {holder.name!r}, in use.")
    return name, shape


async def check_guest_nick(store: Store, nick: str) -> None:
    """A nick used before logging in (on IRC) claims nothing, but may not pass as someone: not
    a reserved name, with any IRC punctuation around it ("[NickServ]", "Nick|Serv"), nor a
    look-alike of one ("NіckServ" with a Cyrillic і): ``ReservedName``; nor a look-alike of a
    name in use: ``NameConfusable``. A name itself is allowed: one takes it to log in as it."""
    letters = "".join(c for c in nick if c.isalnum())
    key = name_key(letters)
    if key in RESERVED_NAMES or bare_form(key) in RESERVED_NAMES:
        raise ReservedName(f"The name {nick!r} is reserved.")
    check_not_reserved_lookalike(letters)
    holder = await store.names.holder(nick, skeleton(nick))
    if holder is not None and not holder.exact:
        raise NameConfusable(f"The name {nick!r} looks too much like {holder.name!r}, in use.")


def room_skeleton(name: str) -> str:
    """The skeleton a room is stored with, from its name as ``validate_room_name`` returned it.

    Rooms are a namespace of their own: the store compares it with other rooms' only, so a room
    may be named like a character ("#alice"), but "#AIice" cannot pass for "#Alice"."""
    return skeleton(name)
