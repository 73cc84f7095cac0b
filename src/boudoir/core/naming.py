"""Claiming names: syntax from ``domain.names``, uniqueness by key and confusable skeleton."""

from __future__ import annotations

import functools

from boudoir.core.ports import Store
from boudoir.core.registry import Registry
from boudoir.core.skeleton import skeleton
from boudoir.domain.errors import NameConfusable, NameRegistered, NameTaken, ReservedName
from boudoir.domain.ids import AccountId, ConnectionId
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


async def claim_guest_nick(
    store: Store, registry: Registry, connection_id: ConnectionId, nick: str
) -> None:
    """Let the guest ``connection_id`` (connected, not logged in: on IRC) hold ``nick``, or
    refuse it. A guest may not pass as anyone: not a reserved name, with any IRC punctuation
    around it ("[NickServ]", "Nick|Serv"), nor a look-alike of one ("NіckServ" with a Cyrillic
    і): ``ReservedName``; not a registered account's or character's name, online or not (the
    answer is the same either way, so it tells nobody who is online): ``NameRegistered``,
    one logs in to act as it; not another guest's nick: ``NameTaken``; nor a look-alike of
    either: ``NameConfusable``.

    The nick is held from here until the guest logs in, takes another nick or leaves
    (``Registry.release_guest_nick``). The last check and the hold run with no await between
    them, so of two guests asking for one nick at once exactly one gets it."""
    letters = "".join(c for c in nick if c.isalnum())
    key = name_key(letters)
    if key in RESERVED_NAMES or bare_form(key) in RESERVED_NAMES:
        raise ReservedName(f"The name {nick!r} is reserved.")
    check_not_reserved_lookalike(letters)
    shape = skeleton(nick)
    holder = await store.names.holder(nick, shape)
    if holder is not None:
        if holder.exact:
            raise NameRegistered(
                f"The name {holder.name!r} is registered: log in to use it, or choose another nick."
            )
        raise NameConfusable(f"The name {nick!r} looks too much like {holder.name!r}, in use.")
    guest = registry.guest_nick_holder(nick, shape, connection_id)
    if guest is not None:
        held, exact = guest
        if exact:
            raise NameTaken(f"The nick {nick!r} is already in use.")
        raise NameConfusable(f"The name {nick!r} looks too much like {held!r}, in use.")
    registry.hold_guest_nick(connection_id, nick, shape)


def room_skeleton(name: str) -> str:
    """The skeleton a room is stored with, from its name as ``validate_room_name`` returned it.

    Rooms are a namespace of their own: the store compares it with other rooms' only, so a room
    may be named like a character ("#alice"), but "#AIice" cannot pass for "#Alice"."""
    return skeleton(name)
