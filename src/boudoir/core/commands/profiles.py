"""Handlers of the intents about profiles: the kink list, comparing, partner search, and a
moderator removing a profile image.

Imports ``boudoir.core`` and ``boudoir.domain``.
"""

from __future__ import annotations

from typing import assert_never

from boudoir.core.commands.context import Context
from boudoir.core.commands.moderation import actor_of
from boudoir.domain.entities import Character
from boudoir.domain.errors import InvalidInput
from boudoir.domain.intents.profiles import (
    CompareProfile,
    ListAds,
    PostAd,
    ProfileIntents,
    RemoveProfileImage,
    SearchPartners,
    ShowKinks,
)
from boudoir.domain.moderation import ActionKind
from boudoir.domain.replies.profiles import (
    AdSent,
    AdsListed,
    KinksShown,
    PartnersFound,
    ProfileCompared,
    ProfileImageRemoved,
    ProfileReplies,
)


async def _as(context: Context, name: str) -> Character:
    """One's own character ``name``; the acting one (a live connection) when empty."""
    if not name:
        conn = context.connection
        if conn is None:
            raise InvalidInput("Say which of your characters: as=<name>.")
        return conn.character
    return await context.world.characters.owned(context.account_id, name)


async def run(context: Context, intent: ProfileIntents) -> ProfileReplies:
    world = context.world
    match intent:
        case ShowKinks():
            return KinksShown(world.characters.kink_list)
        case CompareProfile(name, as_):
            mine = await _as(context, as_)
            account = await world.accounts.get(context.account_id)
            theirs = await world.profile(account, name)
            rows = await world.profiles.compare(mine, theirs)
            return ProfileCompared(theirs.character.name, mine.name, rows)
        case SearchPartners(as_, rating, looking, language, limit):
            mine = await _as(context, as_)
            account = await world.accounts.get(context.account_id)
            results = await world.profiles.search(
                account, mine, rating=rating, looking=looking, language=language, limit=limit
            )
            return PartnersFound(mine.name, results)
        case RemoveProfileImage(name, reason):
            action = await world.moderation.act(
                await actor_of(context), ActionKind.REMOVE_IMAGE, name, reason=reason
            )
            return ProfileImageRemoved(action.target)
        case PostAd(room, text):
            return AdSent(world.ads.post(context.conn, room, text))
        case ListAds(room):
            return AdsListed(room, tuple(world.ads.recent(context.conn, room)))
        case _:
            assert_never(intent)
