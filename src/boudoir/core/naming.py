"""Claiming names: syntax from ``domain.names``, uniqueness by key and confusable skeleton."""

from __future__ import annotations

from boudoir.core.ports import Store
from boudoir.core.skeleton import skeleton
from boudoir.domain.errors import NameConfusable, NameTaken
from boudoir.domain.ids import AccountId
from boudoir.domain.names import validate_name


async def claim_name(store: Store, name: str, owner: AccountId | None) -> tuple[str, str]:
    """Check that ``name`` is valid and free for ``owner`` (an account may reuse its own login
    name for a character). Returns the name as shown and its skeleton for the store."""
    name = validate_name(name)
    shape = skeleton(name)
    holder = await store.names.holder(name, shape)
    if holder is not None and holder.account_id != owner:
        if holder.exact:
            raise NameTaken(f"The name {name!r} is already taken.")
        raise NameConfusable(f"The name {name!r} looks too much like {holder.name!r}, in use.")
    return name, shape
