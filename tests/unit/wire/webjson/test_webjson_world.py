"""The browser's world commands and replies (docs/websocket.md, "The walkable world"): each
command parsed into the core's telnet intent, standing in the room it names, and the room's
view field for field."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from boudoir.domain.entities import Room, Status
from boudoir.domain.events import CharacterRef
from boudoir.domain.ids import AccountId, CharacterId, RoomId
from boudoir.domain.intents.building import DescribeTarget, Dig, LinkExit, OpenExit
from boudoir.domain.intents.world import Go, StandIn
from boudoir.domain.places import ExitListing, Present, RoomView, Thing
from boudoir.domain.ratings import Rating
from boudoir.domain.replies.building import DescriptionOf, DescriptionSet, Dug, Linked
from boudoir.domain.replies.world import Arrived, LookedAround
from boudoir.wire.webjson import BadMessage, parse_command
from boudoir.wire.webjson.replies import fields
from boudoir.wire.webjson.world_commands import InRoom

AT = dt.datetime(2026, 1, 2, tzinfo=dt.UTC)


def parsed(**message: object) -> object:
    return parse_command(json.dumps(message)).command


def test_look_stands_in_the_room_shown() -> None:
    assert parsed(type="look", room="Tavern") == StandIn("Tavern")


@pytest.mark.parametrize(
    ("message", "command"),
    [
        ({"type": "go", "room": "Tavern", "exit": "north"}, InRoom("Tavern", Go("north"))),
        (
            {"type": "describe_room", "room": "Tavern", "text": "Low beams."},
            InRoom("Tavern", DescribeTarget("here", "Low beams.")),
        ),
        (
            {"type": "dig", "room": "Tavern", "name": "Cellar", "there": "down", "back": "up"},
            InRoom("Tavern", Dig("Cellar", "down", "up")),
        ),
        ({"type": "dig", "room": "Tavern", "name": "Attic"}, InRoom("Tavern", Dig("Attic"))),
        (
            {"type": "open_exit", "room": "Tavern", "exit": "door;d"},
            InRoom("Tavern", OpenExit("door;d")),
        ),
        (
            {"type": "link", "room": "Tavern", "exit": "door", "destination": "Garden"},
            InRoom("Tavern", LinkExit("door", "Garden")),
        ),
    ],
)
def test_each_world_command_is_the_telnet_intent_in_the_room_named(
    message: dict[str, object], command: InRoom
) -> None:
    assert parsed(**message) == command


@pytest.mark.parametrize(
    ("message", "said"),
    [
        ({"type": "go", "exit": "north"}, "Field 'room' is missing."),
        ({"type": "go", "room": "Tavern", "exit": 3}, "Field 'exit' must be a string."),
        ({"type": "link", "room": "Tavern", "exit": "door"}, "Field 'destination' is missing."),
        ({"type": "look", "room": "Tavern", "exit": "x"}, "Unknown field 'exit' for 'look'."),
    ],
)
def test_a_world_command_with_a_bad_field_is_refused(message: dict[str, object], said: str) -> None:
    with pytest.raises(BadMessage) as refused:
        parse_command(json.dumps(message))
    assert refused.value.message == said


def _view() -> RoomView:
    room = Room(RoomId("r1"), "Tavern", AccountId("a1"), AT, Rating.MATURE, description="Beams.")
    lamp = Thing("t1", "brass lamp", AccountId("a1"), AT, description="Shiny.")
    bob = Present(CharacterRef(CharacterId("c2"), "bob"), Status.AWAY)
    exits = (ExitListing("north", ("n",), "Garden"), ExitListing("door", (), None))
    return RoomView(room, exits, (bob,), (lamp,), hidden_things=1)


VIEW = {
    "room": "Tavern",
    "rating": Rating.MATURE.label,
    "description": "Beams.",
    "description_hidden": False,
    "exits": [
        {"name": "north", "aliases": ["n"], "destination": "Garden"},
        {"name": "door", "aliases": [], "destination": None},
    ],
    "things": [{"name": "brass lamp", "description": "Shiny."}],
    "hidden_things": 1,
    "people": [{"name": "bob", "status": "away"}],
}


def test_looking_and_arriving_show_the_room_as_telnet_does() -> None:
    assert fields(LookedAround(_view())) == {"view": VIEW}
    assert fields(Arrived(_view())) == {"view": VIEW}


def test_building_replies_say_what_was_made() -> None:
    assert fields(Dug("Cellar", "down", "up")) == {"room": "Cellar", "there": "down", "back": "up"}
    assert fields(Linked("door", "Garden")) == {"exit": "door", "destination": "Garden"}
    described = DescriptionSet(DescriptionOf.ROOM, "here", cleared=True)
    assert fields(described) == {"cleared": True}
