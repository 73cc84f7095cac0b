"""Telnet's tables of channels: one's aliases (``comlist``) and the rooms one may follow
(``+channels``), as columns or, for a screen reader, as sentences.

Imports the standard library and ``boudoir.domain`` only.
"""

from __future__ import annotations

from collections.abc import Mapping

from boudoir.domain.names import name_key
from boudoir.domain.replies.rooms import RoomListing
from boudoir.wire.telnet.layout import Screen, columns
from boudoir.wire.telnet.render import HIDDEN_TOPIC
from boudoir.wire.telnet.text import clean


def alias_table(channels: Mapping[str, str], screen: Screen) -> str:
    """``comlist``: each alias and the room it names."""
    if not channels:
        return (
            'You have no channels. "addcom <alias>=<room>" adds one; "+pub" speaks on '
            "the public channel."
        )
    rows = [] if screen.screen_reader else [["Alias", "Channel"]]
    for alias, room in sorted(channels.items()):
        rows.append([f"{alias} speaks on {room}"] if screen.screen_reader else [alias, room])
    return columns(rows, screen.width, screen.screen_reader)


def channel_table(
    listings: tuple[RoomListing, ...], channels: Mapping[str, str], screen: Screen
) -> str:
    """``+channels``: the rooms one may see listed, how many are on each, one's alias for it,
    its rating and tags, its topic."""
    if not listings:
        return "There are no public rooms yet."
    mine = {name_key(r): a for a, r in channels.items()}
    rows: list[list[str]] = (
        [] if screen.screen_reader else [["Room", "People", "Alias", "Rating, tags", "Topic"]]
    )
    for listing in sorted(listings, key=lambda item: name_key(item.name)):
        alias = mine.get(name_key(listing.name), "")
        topic = HIDDEN_TOPIC if listing.topic_hidden else clean(listing.topic)
        labels = ", ".join((listing.rating.label, *listing.tags))
        if not screen.screen_reader:
            rows.append([listing.name, str(listing.members), alias or "-", labels, topic])
            continue
        people = f"{listing.members} {'person' if listing.members == 1 else 'people'}"
        cells = [listing.name, people, f"rated {listing.rating.label}"]
        if listing.tags:
            cells.append("tagged " + ", ".join(listing.tags))
        if alias:
            cells.append(f'your alias "{alias}"')
        if topic:
            cells.append(f"topic: {topic}")
        rows.append(cells)
    return columns(rows, screen.width, screen.screen_reader)
