"""The world commands a browser sends (docs/websocket.md, "The walkable world"): looking at
the room it shows, walking its exits, and, for builders, describing it and digging, opening
and linking exits. ``commands.SPECS`` holds how each is parsed.

A browser is in several rooms at once; each of these commands names the room it shows
(``room``), where it stands first (``StandIn``), so that the core's telnet intents (``Go``,
``DescribeTarget``, ``Dig``, ``OpenExit``, ``LinkExit``) act on that room.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from dataclasses import dataclass

from boudoir.domain.intents.building import DescribeTarget, Dig, LinkExit, OpenExit
from boudoir.domain.intents.world import Go

HERE = "here"
"""The room one stands in, as MUCK commands name it (``@describe here=...``)."""

PlacedIntent = Go | DescribeTarget | Dig | OpenExit | LinkExit
"""The core intents a browser gives standing in a room it names."""


@dataclass(frozen=True, slots=True)
class InRoom:
    """Stand in ``room`` (one of the rooms one is in), then carry out ``intent`` there."""

    room: str
    intent: PlacedIntent


def go(room: str, exit: str) -> InRoom:
    return InRoom(room, Go(exit))


def describe_room(room: str, text: str) -> InRoom:
    return InRoom(room, DescribeTarget(HERE, text))


def dig(room: str, name: str, there: str = "", back: str = "") -> InRoom:
    return InRoom(room, Dig(name, there, back))


def open_exit(room: str, exit: str, destination: str | None = None) -> InRoom:
    return InRoom(room, OpenExit(exit, destination))


def link(room: str, exit: str, destination: str) -> InRoom:
    return InRoom(room, LinkExit(exit, destination))
