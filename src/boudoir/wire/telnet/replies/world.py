"""Telnet's words for moving in the world: rooms the way MUCK players read them (name and
rating, description, obvious exits, things, who is here), exits, topics revealed.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from typing import Final, assert_never

from boudoir.domain.entities import Status
from boudoir.domain.places import CharacterView, ExitView, RoomView, ThingView, View
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
from boudoir.wire.telnet.layout import Screen
from boudoir.wire.telnet.render import HIDDEN_TEXT, HIDDEN_TOPIC
from boudoir.wire.telnet.replies.told import Told
from boudoir.wire.telnet.text import Style, safe

ROOM_PEOPLE_SHOWN: Final = 30
"""How many people a room's look names at most (the latest arrivals, in name order); a line
counts the rest. About three lines of names on an 80-column window: a MUCK's home room can
hold thousands, and naming them all sent 25 KB to each arrival, too much to read or to send."""

PEOPLE_HERE: Final = "people"
"""The command that lists everyone in the room one stands in (``gateways.telnet.world``)."""


def render(reply: WorldReplies, screen: Screen) -> Told | None:
    match reply:
        case Arrived(view) | LookedAround(view):
            return Told(describe_room(view, screen_reader=screen.screen_reader))
        case Looked(view, target):
            return Told(_looked(view, target, screen))
        case TopicRevealed(room, text):
            return Told(f"Topic of {room}: {safe(text)}" if text else f"{room} has no topic.")
        case NoExit(exit):
            return Told(f'There is no exit "{safe(exit)}" here.', Style.ERROR)
        case HomeSet(room):
            return Told(f"Your home is now {room}.")
        case Exits(exits):
            if not exits:
                return Told("This room has no exits.")
            lines = []
            for listing in exits:
                where = listing.destination or "nowhere (unlinked)"
                aliases = f" ({', '.join(listing.aliases)})" if listing.aliases else ""
                lines.append(f"{safe(listing.name)}{safe(aliases)} leads to {where}.")
            return Told("\n".join(lines))
        case _:
            assert_never(reply)


def _looked(view: View, target: str, screen: Screen) -> str:
    hidden = f'{HIDDEN_TEXT} ("reveal {safe(target)}" shows it)'
    match view:
        case RoomView():
            return describe_room(view, screen_reader=screen.screen_reader)
        case ExitView():
            where = view.destination or "nowhere (unlinked)"
            text = f"{safe(view.exit.name)}: leads to {where}."
            if view.description_hidden:
                text += "\n" + hidden
            elif view.exit.description:
                text += "\n" + safe(view.exit.description)
            return text
        case ThingView():
            description = hidden if view.description_hidden else safe(view.thing.description)
            return f"{safe(view.thing.name)}\n{description or 'Nothing special.'}"
        case CharacterView():
            header = view.name + (f" ({safe(view.pronouns)})" if view.pronouns else "")
            return header + "\n" + (safe(view.description) or "You see nothing special.")
        case _:
            assert_never(view)


def describe_room(view: RoomView, *, screen_reader: bool) -> str:
    """A room as MUCK players read it: name and rating, description, exits, things, people.
    What someone the viewer blocks wrote is shown as hidden, with the command that reads it."""
    room = view.room
    lines = [f"{room.name} ({room.rating.label})"]
    if view.description_hidden:
        lines.append(f'{HIDDEN_TEXT} ("reveal" shows it)')
    elif room.description:
        lines.append(safe(room.description))
    if view.topic_hidden:
        lines.append(f'Topic: {HIDDEN_TOPIC} ("reveal topic" shows it)')
    elif room.topic:
        lines.append(f"Topic: {safe(room.topic)}")
    if room.newcomer_lines:
        lines.append(
            f'Whoever arrives here is shown the last {room.newcomer_lines} lines ("recall").'
        )
    exits = [e.name for e in view.exits]
    if exits:
        lines.append("Obvious exits: " + ", ".join(exits) + ".")
    elif not screen_reader:
        lines.append('No obvious exits. ("jump <room>" reaches public rooms.)')
    things = [safe(t.name) for t in view.things]
    if view.hidden_things:
        some = "1 thing" if view.hidden_things == 1 else f"{view.hidden_things} things"
        things.append(f'[hidden: {some} left by someone you block] ("reveal" shows them)')
    if things:
        lines.append("You see: " + ", ".join(things) + ".")
    people = []
    for member in view.people:
        name = member.character.name
        if member.status is not Status.ONLINE:
            name += f" ({member.status.value})"
        people.append(name)
    if people:
        lines.append("Here: " + ", ".join(people) + ".")
    elif not view.people_here:
        lines.append("Nobody else is here.")
    unnamed = view.people_here - len(people)
    if unnamed > 0:
        lines.append(_unnamed(unnamed, named=bool(people), screen_reader=screen_reader))
    return "\n".join(lines)


def _unnamed(count: int, *, named: bool, screen_reader: bool) -> str:
    """The line that stands for the people a crowded room's look does not name."""
    if not named:
        are = "person is" if count == 1 else "people are"
        return f'{count:,} {are} here. Type "{PEOPLE_HERE}" to see everyone.'
    others = f"{count:,} {'other' if count == 1 else 'others'} here"
    if screen_reader:
        # No ellipsis: a screen reader reads it out ("dot dot dot").
        return f'And {others}. Type "{PEOPLE_HERE}" to hear everyone.'
    return f'...and {others}. Type "{PEOPLE_HERE}" to see everyone.'
