"""A block, as it crosses between nodes (``core.cluster.messages``).

A change of an account's relations makes every node read them anew from the store
(``AccountChanged``); until that read is done, a node would still answer consent questions
from what it held before. A block cannot wait for it: ``BlockAdded`` carries the pair itself,
and every node holds it the moment the message arrives, in order, before anything decided
after the block on the deciding node (a departure it showed, a refusal) reaches it.

Imports ``boudoir.domain`` only.
"""

from __future__ import annotations

from dataclasses import dataclass

from boudoir.domain.ids import AccountId


@dataclass(frozen=True, slots=True)
class BlockAdded:
    """``blocker`` blocked ``blocked``: blocks hold both ways."""

    blocker: AccountId
    blocked: AccountId
