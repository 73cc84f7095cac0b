"""History without an archive: the last lines of each room and direct conversation, kept in
memory only, so that a reload, a second tab or a phone shows what was said while it was away.

Someone gets back only what was delivered to them: said while they were present in the room
(on any of their connections), to all or to them, and not across a block, then or now
(``consent.hear_again`` decides). Nothing is written anywhere: a restart drops it all, and an
erased account's lines leave every buffer.

The hot path costs one ``deque.append`` per room message (a buffer per room, not per
recipient); who was present comes from arrival and departure times kept per room and account,
and blocks are read when someone asks. A line said to all, with nobody across a block from its
speaker, is kept as the event alone (the speaker's account is the room's, by character): one
object per line, the event every recipient got, not a record around it.

Imports ``boudoir.core`` (registry, ports, replay_memory) and ``boudoir.domain``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from boudoir.core.ports import Clock
from boudoir.core.registry import Connection, LiveRoom, Registry
from boudoir.core.replay_memory import (
    ADS_KEPT,
    DEFAULT_LINES,
    NO_BLOCKS,
    Ad,
    RoomMemory,
    Said,
    Span,
    change_room_line,
    event_of,
)
from boudoir.domain import consent
from boudoir.domain.events import (
    AdPosted,
    DiceRolled,
    DirectMessageSent,
    Event,
    MessageDeleted,
    MessageEdited,
    RoomMessageSent,
    RoomRef,
)
from boudoir.domain.ids import AccountId, CharacterId, RoomId
from boudoir.domain.names import name_key

DEFAULT_AGE = dt.timedelta(hours=24)
"""How long a line is kept by default: a day away is the longest a reload should cover."""

Kept = tuple[RoomMessageSent | DirectMessageSent, AccountId, AccountId | None, frozenset[AccountId]]
"""A line as kept, for another node: the event, who said it, whom it was for (a whisper or a
direct message) and the accounts across a block from the speaker when it was said."""
Presence = tuple[dt.datetime, dt.datetime | None]
"""A time someone was in a room (left: None while they are)."""
KeptRoom = tuple[RoomId, str, list[Presence], list[Kept]]
"""A room, its name, when someone was in it, and the lines of it they may see again."""


@dataclass(frozen=True, slots=True)
class ReplayLimits:
    """How much each buffer keeps: at most ``lines`` lines, none older than ``age``."""

    lines: int = DEFAULT_LINES
    age: dt.timedelta = DEFAULT_AGE


class ReplayBuffers:
    """The replay buffers of one node: one per room and one per direct conversation."""

    def __init__(
        self, registry: Registry, clock: Clock, limits: ReplayLimits | None = None
    ) -> None:
        self._registry = registry
        self._clock = clock
        self.limits = ReplayLimits() if limits is None else limits
        self._rooms: dict[RoomId, RoomMemory] = {}
        self._talks: dict[frozenset[CharacterId], deque[Said]] = {}
        self._talks_of: dict[CharacterId, set[frozenset[CharacterId]]] = {}

    # --- Keeping ------------------------------------------------------------------------------

    def _room(self, room: RoomRef) -> RoomMemory:
        memory = self._rooms.get(room.id)
        if memory is None:
            self._sweep()
            memory = RoomMemory(room.name, deque(maxlen=self.limits.lines))
            self._rooms[room.id] = memory
        return memory

    def said(self, live: LiveRoom, event: RoomMessageSent | DiceRolled) -> None:
        """A room message or a roll of dice was delivered (a ``SpeechObserver``): the hot
        path, one append."""
        registry = self._registry
        conns = registry.by_character.get(
            event.sender.id if isinstance(event, RoomMessageSent) else event.roller.id
        )
        if not conns:
            return
        speaker = next(iter(conns)).account.id
        across = registry.blocked.get(speaker)
        memory = self._rooms.get(live.room.id)
        if memory is None:
            memory = self._room(event.room)
        memory.keep(event, speaker, None, frozenset(across) if across else NO_BLOCKS)

    def advertised(self, live: LiveRoom, event: AdPosted, poster: AccountId) -> None:
        """An ad was delivered in ``live``: kept for ``room_ads``."""
        across = self._registry.blocked.get(poster)
        memory = self._rooms.get(live.room.id) or self._room(event.room)
        memory.ads.append(Ad(event, poster, frozenset(across) if across else NO_BLOCKS))

    def private(
        self, event: RoomMessageSent | DirectMessageSent, speaker: AccountId, to: AccountId
    ) -> None:
        """A whisper or direct message was delivered (a ``PrivateObserver``): kept for its two
        ends only."""
        if isinstance(event, RoomMessageSent):
            self._room(event.room).keep(event, speaker, to, NO_BLOCKS)
            return
        key = frozenset((event.sender.id, event.recipient.id))
        talk = self._talks.get(key)
        if talk is None:
            talk = self._talks[key] = deque(maxlen=self.limits.lines)
            for character in key:
                self._talks_of.setdefault(character, set()).add(key)
        talk.append(Said(event, speaker, to, NO_BLOCKS))

    def arrived(self, event: Event) -> None:
        """Another node decided ``event`` for people here: a line is kept as if said here."""
        if type(event) is RoomMessageSent and event.recipient is None:
            # The common case first, one type check: room speech (``said`` finds its speaker).
            live = self._registry.rooms.get(event.room.id)
            if live is not None:
                self.said(live, event)
            return
        if isinstance(event, DiceRolled):
            live = self._registry.rooms.get(event.room.id)
            if live is not None:
                self.said(live, event)
        if isinstance(event, AdPosted):
            poster = self._account_of(event.poster.id)
            live = self._registry.rooms.get(event.room.id)
            if poster is not None and live is not None:
                self.advertised(live, event, poster)
            return
        if not isinstance(event, RoomMessageSent | DirectMessageSent):
            return
        speaker = self._account_of(event.sender.id)
        if speaker is None:
            return
        if event.recipient is not None:
            to = self._account_of(event.recipient.id)
            if to is not None:
                self.private(event, speaker, to)
        else:
            live = self._registry.rooms.get(event.room.id)
            if live is not None:
                self.said(live, event)

    def membership_changed(
        self, live: LiveRoom, connection: Connection | None, arrived: bool
    ) -> None:
        """A character arrived in or left ``live`` (None: the room closed on everyone): the
        spans of presence of its account."""
        now = self._clock()
        memory = self._rooms.get(live.room.id)
        if connection is None:
            if memory is not None:
                for spans in memory.present.values():
                    if spans[-1].left is None:
                        spans[-1].left = now
            return
        account = connection.account.id
        if arrived:
            memory = self._room(live.ref) if memory is None else memory
            memory.name = live.room.name
            spans = memory.present.setdefault(account, [])
            if not spans or spans[-1].left is not None:
                spans.append(Span(now))
                self._open_to_newcomer(memory, spans[-1], live.room.newcomer_lines)
            self._forget_old_spans(memory, now)
            return
        if memory is None:
            return
        spans = memory.present.get(account, [])
        still_here = any(c.account.id == account for conns in live.members.values() for c in conns)
        if spans and spans[-1].left is None and not still_here:
            spans[-1].left = now

    def forget(self, account: AccountId) -> None:
        """An account was erased: its lines leave every buffer, and its presence is forgotten."""
        for memory in self._rooms.values():
            memory.present.pop(account, None)
            if any(ad.poster == account for ad in memory.ads):
                kept_ads = [ad for ad in memory.ads if ad.poster != account]
                memory.ads = deque(kept_ads, maxlen=ADS_KEPT)
            if any(account in (s.speaker, s.to) for s in memory.views()):
                views = zip(memory.lines, memory.views(), strict=True)
                kept = [line for line, s in views if account not in (s.speaker, s.to)]
                memory.lines = deque(kept, maxlen=memory.lines.maxlen)
            if account in memory.speakers.values():
                memory.speakers = {c: a for c, a in memory.speakers.items() if a != account}
        for key, talk in list(self._talks.items()):
            if any(account in (s.speaker, s.to) for s in talk):
                self._drop_talk(key)

    def changed(self, change: MessageEdited | MessageDeleted) -> None:
        """A line was edited or deleted (a ``RecentMessages`` observer): a replay shows it as
        the people who heard it see it now, the edited text or nothing. Told twice, the same."""
        if change.room is not None:
            memory = self._rooms.get(change.room.id)
            if memory is not None:
                change_room_line(memory.lines, change)
            return
        assert change.recipient is not None
        talk = self._talks.get(frozenset((change.sender.id, change.recipient.id)))
        if talk is None:
            return
        for said in talk:
            if said.event.id == change.id:
                if isinstance(change, MessageDeleted):
                    talk.remove(said)
                elif not isinstance(said.event, DiceRolled):  # a roll is never edited
                    said.event = dataclasses.replace(said.event, text=change.text, seal=change.seal)
                return

    # --- Across nodes (``core.cluster.replay``) -------------------------------------------------

    def kept_for(
        self, reader: AccountId, character: CharacterId
    ) -> tuple[list[KeptRoom], list[Kept]]:
        """What ``reader`` may see again here, for the node it logged in on: each room's lines
        with the times it was there, and ``character``'s direct messages; the same lines
        ``room_lines`` and ``conversations`` give it."""
        blocked = self._registry.blocked.get(reader, NO_BLOCKS)
        rooms: list[KeptRoom] = []
        for room, memory in self._rooms.items():
            spans = memory.present.get(reader)
            if not spans:
                continue
            lines: list[Kept] = [
                (s.event, s.speaker, s.to, frozenset(s.across))
                for s in self._fresh(memory.views())
                if isinstance(s.event, RoomMessageSent)
                and consent.hear_again(
                    reader,
                    s.speaker,
                    s.to,
                    present=_within(spans, s.event.at),
                    blocked=s.speaker in blocked or reader in s.across,
                )
            ]
            if lines:
                rooms.append((room, memory.name, [(s.arrived, s.left) for s in spans], lines))
        talks: list[Kept] = [
            (s.event, s.speaker, s.to, NO_BLOCKS)
            for key in self._talks_of.get(character, ())
            for s in self._fresh(self._talks[key])
            if isinstance(s.event, DirectMessageSent)
            and consent.hear_again(
                reader, s.speaker, s.to, present=True, blocked=s.speaker in blocked
            )
        ]
        return rooms, talks

    def merge_room(
        self, reader: AccountId, room: RoomId, name: str, spans: list[Presence], lines: list[Kept]
    ) -> None:
        """Another node's lines of ``room`` for ``reader``, and the times it was there: kept
        here too, each line once, in the order they were said."""
        memory = self._rooms.get(room)
        if memory is None:
            self._sweep()
            memory = self._rooms[room] = RoomMemory(name, deque(maxlen=self.limits.lines))
        said = [
            Said(event, speaker, to, across)
            for event, speaker, to, across in lines
            if isinstance(event, RoomMessageSent)
        ]
        known = {event_of(line).id for line in memory.lines}
        fresh = [s for s in said if s.event.id not in known]
        if fresh:
            merged = sorted([*memory.views(), *fresh], key=lambda s: s.event.at)
            memory.lines = deque(maxlen=memory.lines.maxlen)
            memory.speakers = {}
            for s in merged:
                assert not isinstance(s.event, DirectMessageSent)
                memory.keep(s.event, s.speaker, s.to, s.across)
        ours = [Span(a, left) for a, left in spans]
        memory.present[reader] = _union([*memory.present.get(reader, []), *ours])

    def merge_talks(self, lines: list[Kept]) -> None:
        """Another node's direct messages for someone logged in here: kept here too, once."""
        by_talk: dict[frozenset[CharacterId], list[Said]] = {}
        for event, speaker, to, _ in lines:
            if isinstance(event, DirectMessageSent):
                key = frozenset((event.sender.id, event.recipient.id))
                by_talk.setdefault(key, []).append(Said(event, speaker, to, NO_BLOCKS))
        for key, said in by_talk.items():
            talk = self._talks.get(key)
            if talk is None:
                talk = deque(maxlen=self.limits.lines)
                for character in key:
                    self._talks_of.setdefault(character, set()).add(key)
            self._talks[key] = self._merged(talk, said)

    def _merged(self, lines: deque[Said], new: list[Said]) -> deque[Said]:
        known = {s.event.id for s in lines}
        fresh = [s for s in new if s.event.id not in known]
        if not fresh:
            return lines
        merged = sorted([*lines, *fresh], key=lambda s: s.event.at)
        return deque(merged, maxlen=lines.maxlen)

    # --- Reading ------------------------------------------------------------------------------

    def room_named(self, name: str) -> RoomId | None:
        """The room of that name (``#`` or not, any case) with a buffer here, if any."""
        key = name_key(name.removeprefix("#"))
        return next((r for r, m in self._rooms.items() if name_key(m.name) == key), None)

    def room_lines(
        self, reader: AccountId, room: RoomId, limit: int | None = None
    ) -> list[RoomMessageSent | DiceRolled]:
        """What ``reader`` may see again of ``room`` (its lines and rolls of dice), oldest
        first, at most ``limit`` (the latest)."""
        memory = self._rooms.get(room)
        if memory is None:
            return []
        spans = memory.present.get(reader, [])
        blocked = self._registry.blocked.get(reader, NO_BLOCKS)
        lines = [
            s.event
            for s in self._fresh(memory.views())
            if isinstance(s.event, RoomMessageSent | DiceRolled)
            and consent.hear_again(
                reader,
                s.speaker,
                s.to,
                present=_within(spans, s.event.at),
                blocked=s.speaker in blocked or reader in s.across,
            )
        ]
        return lines[-limit:] if limit is not None and limit >= 0 else lines

    def room_ads(self, reader: AccountId, room: RoomId) -> list[AdPosted]:
        """The ads of ``room`` that reached ``reader`` (posted while present, not across a
        block then or now), oldest first."""
        memory = self._rooms.get(room)
        if memory is None:
            return []
        spans = memory.present.get(reader, [])
        blocked = self._registry.blocked.get(reader, NO_BLOCKS)
        oldest = self._clock() - self.limits.age
        return [
            ad.event
            for ad in memory.ads
            if ad.event.at >= oldest
            and consent.hear_again(
                reader,
                ad.poster,
                None,
                present=_within(spans, ad.event.at),
                blocked=ad.poster in blocked or reader in ad.across,
            )
        ]

    def conversations(self, connection: Connection) -> list[DirectMessageSent]:
        """The direct messages of ``connection``'s character that it may see again, oldest
        first (all its conversations together)."""
        reader = connection.account.id
        blocked = self._registry.blocked.get(reader, NO_BLOCKS)
        lines = [
            s.event
            for key in self._talks_of.get(connection.character.id, ())
            for s in self._fresh(self._talks[key])
            if isinstance(s.event, DirectMessageSent)
            and consent.hear_again(
                reader, s.speaker, s.to, present=True, blocked=s.speaker in blocked
            )
        ]
        lines.sort(key=lambda event: event.at)
        return lines

    def _open_to_newcomer(self, memory: RoomMemory, span: Span, lines: int) -> None:
        """Someone just arrived (``span``) in a room that shows whoever arrives its last
        ``lines`` lines (said to all): they count as present since the first of those."""
        if lines <= 0:
            return
        said = [s for s in self._fresh(memory.views()) if s.to is None][-lines:]
        if said and said[0].event.at < span.arrived:
            span.arrived = said[0].event.at

    # --- Limits -------------------------------------------------------------------------------

    def _fresh(self, lines: Iterable[Said]) -> Iterable[Said]:
        oldest = self._clock() - self.limits.age
        return (s for s in lines if s.event.at >= oldest)

    def _sweep(self) -> None:
        """Drop the rooms whose every line is too old and where nobody is (called as a buffer
        is made: what is kept stays bounded by the rooms spoken in within the age limit)."""
        now = self._clock()
        oldest = now - self.limits.age
        for room, memory in list(self._rooms.items()):
            if memory.lines and event_of(memory.lines[-1]).at >= oldest:
                continue
            if any(spans[-1].left is None for spans in memory.present.values()):
                continue
            del self._rooms[room]
        for key, talk in list(self._talks.items()):
            if not talk or talk[-1].event.at < oldest:
                self._drop_talk(key)

    def _drop_talk(self, key: frozenset[CharacterId]) -> None:
        self._talks.pop(key, None)
        for character in key:
            keys = self._talks_of.get(character)
            if keys is not None:
                keys.discard(key)
                if not keys:
                    del self._talks_of[character]

    def _forget_old_spans(self, memory: RoomMemory, now: dt.datetime) -> None:
        oldest = now - self.limits.age
        for account, spans in list(memory.present.items()):
            spans[:] = [s for s in spans if s.left is None or s.left >= oldest]
            if not spans:
                del memory.present[account]

    def _account_of(self, character: CharacterId) -> AccountId | None:
        conns = self._registry.by_character.get(character)
        return next(iter(conns)).account.id if conns else None


def _union(spans: list[Span]) -> list[Span]:
    """The same times, overlapping spans made one, oldest first."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: s.arrived):
        last = merged[-1] if merged else None
        if last is not None and (last.left is None or span.arrived <= last.left):
            if last.left is not None:
                last.left = None if span.left is None else max(last.left, span.left)
            continue
        merged.append(Span(span.arrived, span.left))
    return merged


def _within(spans: list[Span], at: dt.datetime) -> bool:
    return any(s.arrived <= at and (s.left is None or at <= s.left) for s in spans)
