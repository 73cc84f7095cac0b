"""The browser protocol's shapes for replies about the walkable world and building
(docs/websocket.md, "The walkable world"): the room one stands in, as telnet's ``look`` shows
it (the core already left out whom the viewer blocks, and hid what they wrote).

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from typing import assert_never

from boudoir.domain.places import RoomView
from boudoir.domain.replies.building import (
    BuildingReplies,
    Carrying,
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
from boudoir.domain.replies.world import (
    Arrived,
    Exits,
    HomeSet,
    Looked,
    LookedAround,
    NoExit,
    TopicRevealed,
    WorldReplies,
)


def room_view(view: RoomView) -> dict[str, object]:
    """A room as one standing in it sees it (the ``view`` of ``look`` and ``go``)."""
    room = view.room
    return {
        "room": room.name,
        "rating": room.rating.label,
        "description": room.description,
        "description_hidden": view.description_hidden,
        "exits": [
            {"name": e.name, "aliases": list(e.aliases), "destination": e.destination}
            for e in view.exits
        ],
        "things": [{"name": t.name, "description": t.description} for t in view.things],
        "hidden_things": view.hidden_things,
        "people": [{"name": p.character.name, "status": p.status.value} for p in view.people],
    }


def world_fields(reply: WorldReplies) -> dict[str, object] | None:
    match reply:
        case LookedAround(view):
            return {"view": room_view(view)}
        case Arrived(view):
            return {"view": room_view(view)}
        case NoExit(exit):
            # Reached only through ``go``: the gateway answers it as an error.
            return {"exit": exit}
        case Looked() | TopicRevealed() | HomeSet() | Exits():
            # Telnet's look at a target, home and exits: the browser shows the room's view.
            return None
        case _:
            assert_never(reply)


def building_fields(reply: BuildingReplies) -> dict[str, object] | None:
    match reply:
        case Dug(room, there, back):
            return {"room": room, "there": there, "back": back}
        case Opened(exit, destination):
            return {"exit": exit, "destination": destination}
        case Linked(exit, room):
            return {"exit": exit, "destination": room}
        case DescriptionSet(_, _, cleared):
            return {"cleared": cleared}
        case (
            Unlinked()
            | Renamed()
            | Recased()
            | Locked()
            | Unlocked()
            | Recycled()
            | Examined()
            | ThingMade()
            | Carrying()
            | PickedUp()
            | PutDownDone()
            | HandOffered()
            | HandTaken()
            | HandDeclined()
            | Offers()
            | WhichOffer()
        ):
            # Telnet's other building and things commands: the browser has none of them.
            return None
        case _:
            assert_never(reply)
