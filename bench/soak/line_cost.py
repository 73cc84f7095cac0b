"""What one room line costs the server's memory once delivered: its place in the room's replay
buffer and its entry in the index of recent messages (the edit window). No sockets, no server:
the two structures of ``boudoir.core`` fed lines the way ``core.messaging`` makes them, and
``tracemalloc`` counting what stays allocated.

    .venv/bin/python -m bench.soak.line_cost
    .venv/bin/python -m bench.soak.line_cost --lines 40000 --text-size 64 --json cost.json

Then what a soak would grow by: lines that arrive after the first minute, until the buffers
are full (``--rooms`` buffers of ``replay_lines``) and the edit window has turned over.
Imports the standard library, ``bench`` and ``boudoir``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import random
import tracemalloc
from pathlib import Path
from types import SimpleNamespace
from typing import cast

from boudoir.core.recent_messages import EDIT_WINDOW_SECONDS, RecentMessages
from boudoir.core.registry import LiveRoom, Registry
from boudoir.core.replay import ReplayBuffers, ReplayLimits
from boudoir.core.replay_memory import DEFAULT_LINES
from boudoir.core.seals import Sealer
from boudoir.domain.events import CharacterRef, MessageKind, RoomMessageSent, RoomRef
from boudoir.domain.ids import AccountId, CharacterId, RoomId, new_message_id
from boudoir.domain.ratings import Rating

START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.soak.line_cost", description=__doc__)
    parser.add_argument("--lines", type=int, default=40_000, help="lines measured")
    parser.add_argument("--text-size", type=int, default=64, help="characters of text")
    parser.add_argument("--connections", type=int, default=10_000, help="for the projection")
    parser.add_argument("--rooms", type=int, default=200, help="for the projection")
    parser.add_argument("--speaking", type=float, default=0.01, help="for the projection")
    parser.add_argument("--minutes", type=float, default=10.0, help="for the projection")
    parser.add_argument("--rss-mib", type=float, default=200.0, help="RSS at full load")
    parser.add_argument("--json", type=Path)
    return parser.parse_args(argv)


class _Holder:
    """A connection as far as ``said`` reads it: its account's id."""

    __slots__ = ("account",)

    def __init__(self, account: AccountId) -> None:
        self.account = SimpleNamespace(id=account)


class Speakers:
    """Enough of a registry for ``ReplayBuffers.said``: each speaker's account, no blocks."""

    def __init__(self, count: int) -> None:
        self.registry = Registry()
        self.refs: list[CharacterRef] = []
        self.accounts: list[AccountId] = []
        for index in range(count):
            character = CharacterId(f"c{index:05d}")
            account = AccountId(f"a{index:05d}")
            self.refs.append(CharacterRef(character, f"u{index + 1:04d}"))
            self.accounts.append(account)
            self.registry.by_character[character] = {_Holder(account)}  # type: ignore[arg-type]


def make_lines(
    count: int, text_size: int, rooms: list[RoomRef], speakers: Speakers
) -> list[tuple[RoomMessageSent, AccountId]]:
    """Lines as ``core.messaging`` makes them: a fresh id, time, text and seal each; the refs
    shared. The text is built per line, as a decoder builds it from the bytes received."""
    sealer = Sealer()
    lines = []
    shuffled = random.Random(1)
    per_room = max(1, len(speakers.refs) // len(rooms))
    for number in range(count):
        # As in the soak: anyone may speak next, each always in their own room.
        speaker = shuffled.randrange(len(speakers.refs))
        room = rooms[(speaker // per_room) % len(rooms)]
        message_id, at = new_message_id(), START + dt.timedelta(milliseconds=10 * number)
        text = (f"QZJ{number} " + "x" * text_size)[:text_size]
        sender = speakers.refs[speaker]
        event = RoomMessageSent(
            message_id,
            at,
            room,
            sender,
            MessageKind.SAY,
            text,
            seal=sealer.seal(message_id, at, room.name, sender.name, "say", text),
        )
        lines.append((event, speakers.accounts[speaker]))
    return lines


def measure(
    lines_count: int, text_size: int, rooms_count: int = 200, speakers_count: int = 10_000
) -> dict[str, float]:
    """Bytes per line of: the event alone (id, time, text, seal), a replay buffer's entry
    beyond the event, and an edit-index entry beyond the event."""
    rooms = [RoomRef(RoomId(f"r{i}"), f"room{i + 1}", Rating.GENERAL) for i in range(rooms_count)]
    lives = {room.id: cast(LiveRoom, SimpleNamespace(room=room)) for room in rooms}
    speakers = Speakers(speakers_count)
    clock = [START]
    # Buffers large enough to keep every line: the cost of each, not the limit, is measured.
    per_room = lines_count // rooms_count + 1
    replay = ReplayBuffers(
        speakers.registry, lambda: clock[0], ReplayLimits(per_room, dt.timedelta(days=1))
    )
    recent = RecentMessages(lambda: clock[0], window=10 * 86400.0, limit=10 * lines_count)
    for room in rooms:  # the buffers exist before the lines come, as in a soak
        replay.said(lives[room.id], make_lines(1, text_size, [room], speakers)[0][0])
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    lines = make_lines(lines_count, text_size, rooms, speakers)
    gc.collect()
    made = tracemalloc.get_traced_memory()[0]
    for event, _ in lines:
        replay.said(lives[event.room.id], event)
    gc.collect()
    buffered = tracemalloc.get_traced_memory()[0]
    for event, account in lines:
        recent.heard(event, account)
    gc.collect()
    indexed = tracemalloc.get_traced_memory()[0]
    # The index by id, made when an edit asks (once per batch of lines heard since).
    recent.find("none")
    gc.collect()
    looked_up = tracemalloc.get_traced_memory()[0]
    # The events leave the replay buffers (their rooms' lines turn over): what the edit index
    # alone keeps alive of them.
    del lines
    for memory in replay._rooms.values():  # the structure itself is measured
        memory.lines.clear()
    gc.collect()
    index_alone = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    # Deque slots of the cleared buffers are freed with their blocks; the list of lines too.
    list_bytes = 8 * lines_count + 56
    return {
        "event": (made - before - list_bytes) / lines_count,
        "replay_entry": (buffered - made) / lines_count,
        "recent_entry": (indexed - buffered) / lines_count,
        "recent_index_by_id": (looked_up - indexed) / lines_count,
        "recent_alone": (index_alone - before) / lines_count,
    }


def project(cost: dict[str, float], arguments: argparse.Namespace) -> dict[str, float]:
    """Growth of a soak after its first minute, from the per-line costs: the replay buffers
    fill until each room holds ``DEFAULT_LINES``, the edit index until the window turns over."""
    rate = arguments.connections * arguments.speaking  # lines a second
    duration = arguments.minutes * 60.0
    baseline = min(60.0, duration / 2)
    replay_full = arguments.rooms * DEFAULT_LINES / rate  # seconds until every buffer is full
    replay_lines = rate * (min(duration, replay_full) - min(baseline, replay_full))
    recent_lines = rate * (min(duration, EDIT_WINDOW_SECONDS) - min(baseline, EDIT_WINDOW_SECONDS))
    # A line in a replay buffer holds the event and its entry; once it leaves, the index may
    # still hold what it keeps alone. Lines in both: the event is counted once.
    in_both = min(replay_lines, recent_lines)
    index_only = recent_lines - in_both
    growth = (
        replay_lines * (cost["event"] + cost["replay_entry"])
        + in_both * cost["recent_entry"]
        + index_only * cost["recent_alone"]
    )
    rss = arguments.rss_mib * 1024 * 1024
    return {
        "lines_per_second": rate,
        "replay_full_after_seconds": replay_full,
        "replay_lines_after_baseline": replay_lines,
        "recent_lines_after_baseline": recent_lines,
        "growth_bytes": growth,
        "growth_percent_of_rss": growth / rss * 100,
        "rss_mib": arguments.rss_mib,
    }


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    cost = measure(arguments.lines, arguments.text_size, arguments.rooms, arguments.connections)
    projection = project(cost, arguments)
    print(f"bytes per line ({arguments.lines:,} lines of {arguments.text_size} characters):")
    for key, value in cost.items():
        print(f"  {key:<20} {value:8.1f}")
    print(
        f"soak of {arguments.connections:,} at {projection['lines_per_second']:.0f} lines/s in "
        f"{arguments.rooms} rooms: buffers full after {projection['replay_full_after_seconds']:.0f}"
        f" s; after the first minute {projection['replay_lines_after_baseline']:,.0f} lines "
        f"buffered, {projection['recent_lines_after_baseline']:,.0f} indexed; growth "
        f"{projection['growth_bytes'] / 2**20:.1f} MiB = "
        f"{projection['growth_percent_of_rss']:.2f}% of {arguments.rss_mib:g} MiB"
    )
    if arguments.json is not None:
        arguments.json.write_text(json.dumps({"cost": cost, "projection": projection}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
