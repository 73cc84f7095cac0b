"""Handlers of the intents about building and things: every rule is the core's
(``BuildService``, ``ThingService``): who builds, who owns what, which rooms an exit may lead
to, who a lock lets through, and whether a hand may reach someone.

Imports ``boudoir.core`` and ``boudoir.domain``.
"""

from __future__ import annotations

from typing import assert_never

from boudoir.core.commands.context import Context
from boudoir.domain.intents.building import (
    AnswerHand,
    BuildingIntents,
    DescribeTarget,
    Dig,
    Examine,
    Hand,
    LinkExit,
    ListCarried,
    ListOffers,
    Lock,
    MakeThing,
    OpenExit,
    PickUp,
    PutDown,
    Recycle,
    Rename,
    UnlinkExit,
    Unlock,
)
from boudoir.domain.names import name_key
from boudoir.domain.replies.building import (
    BuildingReplies,
    Carrying,
    DescriptionOf,
    DescriptionSet,
    Dug,
    Examined,
    HandDeclined,
    HandOffered,
    HandTaken,
    Linked,
    Locked,
    Offers,
    Opened,
    PickedUp,
    PutDownDone,
    Recased,
    Recycled,
    Renamed,
    ThingMade,
    Unlinked,
    Unlocked,
    Waiting,
    WhichOffer,
)


async def run(context: Context, intent: BuildingIntents) -> BuildingReplies:
    world, conn = context.world, context.conn
    building, things = world.building, world.things
    match intent:
        case Dig(name, there, back):
            # One call checks both exits and the room here before making anything.
            exits = (there, back) if there else None
            return Dug((await building.dig(conn, name, exits=exits)).name, there, back)
        case OpenExit(spec, destination):
            return Opened((await building.open(conn, spec, destination)).name, destination)
        case LinkExit(exit, room):
            return Linked((await building.link(conn, exit, room)).name, room)
        case UnlinkExit(exit):
            return Unlinked((await building.unlink(conn, exit)).name)
        case DescribeTarget(target, text):
            await building.describe(conn, target, text)
            key = name_key(target)
            if key in ("me", name_key(conn.character.name)):
                what = DescriptionOf.SELF
            else:
                what = DescriptionOf.ROOM if key == "here" else DescriptionOf.OTHER
            return DescriptionSet(what, target, cleared=not text)
        case Rename(target, name):
            if name_key(target.strip()) in ("me", name_key(conn.character.name)):
                # Anyone may, builder or not: the core tells this user and whoever sees them.
                await world.recase_character(conn.account.id, conn.character.name, name.strip())
                return Recased()
            return Renamed(target, await building.rename(conn, target, name))
        case Lock(target, expression):
            return Locked(target, (await building.lock(conn, target, expression)).text)
        case Unlock(target):
            await building.unlock(conn, target)
            return Unlocked(target)
        case Recycle(target):
            return Recycled(await building.recycle(conn, target))
        case Examine(target):
            return Examined(await building.examine(conn, target))
        case MakeThing(name):
            return ThingMade((await things.create(conn, name)).name)
        case ListCarried():
            return Carrying(tuple(t.name for t in await things.inventory(conn)))
        case PickUp(name):
            return PickedUp((await things.get(conn, name)).name)
        case PutDown(name):
            return PutDownDone((await things.drop(conn, name)).name)
        case Hand(thing, person):
            return HandOffered((await things.hand(conn, thing, person)).thing, person)
        case AnswerHand(giver, accept):
            if giver is None:
                waiting = things.offers(conn)
                if len(waiting) != 1:
                    return WhichOffer(tuple(offer.giver.name for offer in waiting))
                giver = waiting[0].giver.name
            if accept:
                return HandTaken((await things.accept_hand(conn, giver)).name, giver)
            offer = things.decline_hand(conn, giver)
            return HandDeclined(offer.thing, offer.giver.name)
        case ListOffers():
            return Offers(tuple(Waiting(o.giver.name, o.thing) for o in things.offers(conn)))
        case _:
            assert_never(intent)
