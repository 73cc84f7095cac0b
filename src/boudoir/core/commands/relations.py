"""Handlers of the intents about the people one knows: blocks.

Imports ``boudoir.core`` and ``boudoir.domain``.
"""

from __future__ import annotations

from typing import assert_never

from boudoir.core.commands.context import Context
from boudoir.domain.intents.relations import (
    AddFriend,
    Block,
    ListBlocks,
    ListFriends,
    RelationIntents,
    RemoveFriend,
    Unblock,
)
from boudoir.domain.replies.relations import (
    Blocked,
    BlockList,
    FriendAdded,
    FriendList,
    FriendRemoved,
    RelationReplies,
    Unblocked,
)


async def run(context: Context, intent: RelationIntents) -> RelationReplies:
    match intent:
        case Block(name):
            return Blocked(await context.world.relations.block_account(context.account_id, name))
        case Unblock(name):
            await context.world.relations.unblock_account(context.account_id, name)
            return Unblocked(name)
        case ListBlocks():
            return BlockList(tuple(await context.world.relations.blocks_of(context.account_id)))
        case AddFriend(name):
            return FriendAdded(await context.world.relations.befriend(context.account_id, name))
        case RemoveFriend(name):
            await context.world.relations.unfriend(context.account_id, name)
            return FriendRemoved(name)
        case ListFriends():
            return FriendList(tuple(await context.world.relations.friends_of(context.account_id)))
        case _:
            assert_never(intent)
