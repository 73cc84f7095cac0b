"""What both parts of ``AutomodService`` share: its state, the rules in use and their
matcher, loading them (inserting the default packs' missing rules), the queue it files into,
and the tasks it owns.

Imports ``boudoir.core`` (messaging, ports, registry, skeleton) and ``boudoir.domain``.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from boudoir.core.messaging import MessagingService
from boudoir.core.ports import Clock, Store
from boudoir.core.registry import Registry
from boudoir.core.skeleton import unmasked
from boudoir.domain import consent
from boudoir.domain.automod import (
    DEFAULT_RULES,
    Matcher,
    Rule,
)
from boudoir.domain.entities import Role
from boudoir.domain.errors import NameTaken
from boudoir.domain.events import CharacterRef, MessageKind
from boudoir.domain.ids import AccountId, RoomId

HOLD_KIND = "automod_hold"
FLAG_KIND = "automod_flag"
MAX_HELD_IN_MEMORY = 1000
"""Held messages whose text waits in memory for a release; past this the oldest are forgotten
(a held room message can still be released from its queue item)."""
FLAG_REPEAT_SECONDS = 5.0
"""The same text from the same person to the same place within this is flagged once: a direct
message is screened twice on its way (``direct_now``, then ``direct``)."""
MAX_RECENT_FLAGS = 256

OPERATOR = consent.Person(AccountId(""), role=Role.OPERATOR)
"""Who the command line on the server acts as."""


class QueueItemLike(Protocol):
    """What automod reads of a queue item of ``core.moderation``."""

    @property
    def id(self) -> str: ...

    @property
    def kind(self) -> Any: ...

    @property
    def evidence(self) -> Mapping[str, object]: ...


Resolver = Callable[[Any, Any], Awaitable[None]]
"""``(item, resolution)``: told when a moderator resolves a queue item."""


class ModerationQueue(Protocol):
    """The moderators' queue (``core.moderation``), as automod uses it."""

    async def enqueue(
        self,
        kind: str,
        *,
        subject_account: AccountId,
        subject_name: str,
        place: str,
        summary: str,
        evidence: Mapping[str, object],
    ) -> Any: ...

    @property
    def on_resolve(self) -> list[Resolver]: ...


@dataclass(frozen=True, slots=True)
class HeldMessage:
    """A held message, for its release."""

    sender_account: AccountId
    sender: CharacterRef
    kind: MessageKind
    text: str
    room_id: RoomId | None
    """Where it was said; ``None`` for a direct message or a whisper."""
    recipient: str
    """The recipient's character name, for a direct message or a whisper."""


class AutomodBase:
    """The state and wiring the parts of ``AutomodService`` share."""

    def __init__(
        self, store: Store, registry: Registry, messages: MessagingService, clock: Clock
    ) -> None:
        self._store = store
        self._registry = registry
        self._messages = messages
        self._clock = clock
        self._rules: list[Rule] = []
        self.matcher = Matcher((), unmasked)
        self._queue: ModerationQueue | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._held: OrderedDict[str, HeldMessage] = OrderedDict()
        self._finished: OrderedDict[str, None] = OrderedDict()
        self._recent: OrderedDict[tuple[AccountId, str, str], float] = OrderedDict()
        self.held_here: list[Callable[[str, HeldMessage], None]] = []
        """Told of every message held here, with its hold id (a cluster node has every node
        keep it, so a moderator on any node can release it)."""
        self.finished_here: list[Callable[[str], None]] = []
        """Told of every hold released or dropped here (every node forgets its text)."""

    def keep_held(self, hold: str, held: HeldMessage) -> None:
        """Keep a held message's text for its release: held here, or on another node."""
        if hold in self._finished:
            return
        self._held[hold] = held
        while len(self._held) > MAX_HELD_IN_MEMORY:
            self._held.popitem(last=False)

    def forget_held(self, hold: str) -> bool:
        """A hold was released or dropped (here, or on another node): forget its text, and
        never deliver it after; whether it was still open here."""
        self._held.pop(hold, None)
        if hold in self._finished:
            return False
        self._finished[hold] = None
        while len(self._finished) > MAX_HELD_IN_MEMORY:
            self._finished.popitem(last=False)
        return True

    async def start(self) -> None:
        """Load the rules, first inserting any default pack rule the store lacks."""
        rules = await self._store.automod.list_rules()
        have = {rule.id for rule in rules}
        for rule in DEFAULT_RULES:
            if rule.id not in have:
                # Another node starting at the same moment may put it in first.
                with contextlib.suppress(NameTaken):
                    await self._store.automod.add_rule(rule, self._clock())
        if len(have) < len(have | {r.id for r in DEFAULT_RULES}):
            rules = await self._store.automod.list_rules()
        self._use(rules)
        unmasked("\u00e9")  # builds its table now, not during the first accented message

    async def reload(self) -> None:
        """Pick up rules changed outside this process (the CLI, another node)."""
        rules = await self._store.automod.list_rules()
        if rules != self._rules:
            self._use(rules)

    def _use(self, rules: list[Rule]) -> None:
        self._rules = rules
        self.matcher = Matcher(tuple(rules), unmasked)

    async def settle(self) -> None:
        """Wait until every queue item screening asked for is written."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    def _spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
