"""Telnet's words for building and things.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from typing import assert_never

from boudoir.domain.places import Examination
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
    WhichOffer,
)
from boudoir.wire.telnet.layout import Screen, columns
from boudoir.wire.telnet.replies.told import Told
from boudoir.wire.telnet.text import Style, clean, safe


def render(reply: BuildingReplies, screen: Screen) -> Told | None:
    match reply:
        case Dug(room, "", _):
            return Told(
                f'Dug {room}. Reach it with "jump {room}", or open a way: "@open <exit>={room}".'
            )
        case Dug(room, there, back):
            way_back = f" and {safe(back.split(';')[0])} leading back" if back else ""
            return Told(f"Dug {room}, with {safe(there.split(';')[0])} leading there{way_back}.")
        case Opened(exit, destination):
            if destination is None:
                return Told(f'Opened {safe(exit)}; it leads nowhere until "@link {exit}=<room>".')
            return Told(f"Opened {safe(exit)}, leading to {clean(destination).lstrip('#')}.")
        case Linked(exit, room):
            return Told(f"{safe(exit)} now leads to {clean(room).lstrip('#')}.")
        case Unlinked(exit):
            return Told(f"{safe(exit)} now leads nowhere.")
        case DescriptionSet(what, target, cleared):
            return Told(_described(what, target, cleared=cleared))
        case Renamed(target, name):
            return Told(f"{clean(target)} is now called {safe(name)}.")
        case Recased():
            return None  # the new case reaches this user as it reaches everyone (an event)
        case Locked(target, lock):
            return Told(f"Locked {clean(target)}: {clean(lock)}.")
        case Unlocked(target):
            return Told(f"Unlocked {clean(target)}.")
        case Recycled(name):
            return Told(f"Recycled {safe(name)}.")
        case Examined(found):
            return Told(
                examination_text(found, width=screen.width, screen_reader=screen.screen_reader)
            )
        case ThingMade(name):
            return Told(f"You made {safe(name)}; you are carrying it.")
        case Carrying(names):
            if not names:
                return Told("You are carrying nothing.")
            return Told("You are carrying: " + ", ".join(safe(n) for n in names) + ".")
        case PickedUp(name):
            return Told(f"You pick up {safe(name)}.")
        case PutDownDone(name):
            return Told(f"You drop {safe(name)}.")
        case HandOffered(thing, person):
            return Told(f"You offer {safe(thing)} to {clean(person)}; it is theirs if they accept.")
        case HandTaken(thing, giver):
            return Told(f"You take {safe(thing)} from {clean(giver)}.")
        case HandDeclined(thing, giver):
            return Told(f"You decline {safe(thing)} from {giver}.")
        case Offers(offers):
            if not offers:
                return Told("Nobody is handing you anything.")
            rows = [
                [offer.giver, f"offers {safe(offer.thing)}", f"hand/accept {offer.giver}"]
                for offer in offers
            ]
            return Told(columns(rows, screen.width, screen.screen_reader))
        case WhichOffer(()):
            return Told("Nobody is handing you anything.")
        case WhichOffer(givers):
            listed = ", ".join(givers)
            return Told(f"Several people are handing you things ({listed}): name one.", Style.ERROR)
        case _:
            assert_never(reply)


def _described(what: DescriptionOf, target: str, *, cleared: bool) -> str:
    match what:
        case DescriptionOf.SELF:
            return "Description cleared." if cleared else "Description set."
        case DescriptionOf.ROOM:
            return "Room description cleared." if cleared else "Room described."
        case DescriptionOf.OTHER:
            return f"{clean(target)}: cleared." if cleared else f"{clean(target)} described."


def examination_text(found: Examination, *, width: int, screen_reader: bool) -> str:
    """``examine`` as labelled rows (plain sentences for a screen reader)."""
    owner = "you" if found.yours else (found.owner or "someone else")
    rows = [
        ["Name:", f"{safe(found.name)} ({found.kind} {found.id})"],
        ["Owner:", owner],
    ]
    if found.aliases:
        rows.append(["Aliases:", safe(", ".join(found.aliases))])
    if found.kind == "exit":
        rows.append(["From:", found.source or "nowhere"])
        rows.append(["Leads to:", found.destination or "nowhere (unlinked)"])
    if found.location is not None:
        rows.append(["Where:", found.location])
    if found.kind != "room":
        rows.append(["Lock:", safe(found.lock) if found.lock else "none"])
    rows.append(["Description:", safe(found.description) if found.description else "none"])
    if screen_reader:
        # "Lock: alice|bob." reads better aloud than the table's "Lock:, alice|bob.".
        return "\n".join(f"{label} {value.rstrip('.')}." for label, value in rows)
    return columns(rows, width, screen_reader)
