"""Automod: screens every message against the operators' rules before anyone receives it.

``AutomodService.screen`` is a ``messaging.SpeechScreen``: it costs nothing where no enabled
rule applies, and one regex search per action that has rules there otherwise. On a hit:

- ``flag``: the message is delivered, and an item is put in the moderators' queue;
- ``hold``: nobody receives it; the sender is told ``MessageHeld`` and the message waits in
  the queue until a moderator releases it (delivered then, if its place still exists) or drops
  it;
- ``block``: nobody receives it; the sender is told the rule's message (``MessageBlocked``).

Screening never waits: the queue is written by tasks this service owns (``settle`` waits for
them). Held room messages keep their text in the queue item, since moderators need it and may
read rooms anyway; a held scene message or direct message shows moderators only the rule and
the words it matched (nobody's role opens a private conversation), and its text waits in
memory for a release.

Rules are kept in the store; the default packs' rules are inserted at start when missing (by
id), so an operator disables rather than removes them. Imports ``boudoir.domain`` and
``boudoir.core``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import secrets
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import dataclass
from typing import Any, NotRequired, Protocol, TypedDict

from boudoir.core.messaging import MessagingService
from boudoir.core.ports import Clock, Store
from boudoir.core.registry import Connection, LiveRoom, Registry
from boudoir.core.rooms import refused
from boudoir.core.screens import Speaker, Writing
from boudoir.core.skeleton import unmasked
from boudoir.domain import consent
from boudoir.domain.automod import (
    DEFAULT_RULES,
    MAX_RULES,
    Action,
    Hit,
    Matcher,
    PatternKind,
    Place,
    Rule,
    check_rule,
    normalize_phrase,
)
from boudoir.domain.entities import Role, parse_choice
from boudoir.domain.errors import (
    InvalidInput,
    LimitExceeded,
    MessageBlocked,
    MessageHeld,
    NotFound,
)
from boudoir.domain.events import (
    CharacterRef,
    DirectMessageSent,
    MessageKind,
    RoomMessageSent,
)
from boudoir.domain.ids import AccountId, CharacterId, RoomId, new_message_id
from boudoir.domain.names import name_key
from boudoir.domain.ratings import Rating
from boudoir.domain.scenes import is_scene_name

logger = logging.getLogger(__name__)

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


def _value(item: object) -> str:
    """An enum's value, or the string itself: the queue's kinds and resolutions."""
    return str(getattr(item, "value", item))


class AutomodService:
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

    # Wiring ----------------------------------------------------------------------------------

    def attach(self, queue: ModerationQueue) -> None:
        """Send queue items to ``queue`` and hear of their resolution."""
        self._queue = queue
        queue.on_resolve.append(self.resolved)

    async def start(self) -> None:
        """Load the rules, first inserting any default pack rule the store lacks."""
        rules = await self._store.automod.list_rules()
        have = {rule.id for rule in rules}
        for rule in DEFAULT_RULES:
            if rule.id not in have:
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

    # Screening -------------------------------------------------------------------------------

    def screen(
        self,
        speaker: Speaker,
        room: LiveRoom | None,
        recipient: Connection | None,
        kind: MessageKind | Writing,
        text: str,
    ) -> None:
        """A ``SpeechScreen``: returns to let the text through (flagged or not), raises
        ``MessageHeld`` or ``MessageBlocked`` to stop it. A held text that is not a message
        (a topic, a description, a letter) is refused as a held message is, and queued for
        moderators as a flag: it is not kept for a release."""
        if recipient is not None or (isinstance(kind, Writing) and kind.private):
            rating, place = Rating.GENERAL, Place.DIRECT
        elif room is not None:
            rating = room.room.rating
            place = Place.SCENE if is_scene_name(room.room.name) else Place.ROOM
        else:
            rating, place = Rating.GENERAL, Place.ROOM  # shown to whoever looks
        hit = self.matcher.check(place, rating, text)
        if hit is None:
            return
        action = hit.rule.action
        if action is Action.BLOCK:
            raise MessageBlocked(hit.rule.block_message)
        target = room.room.id if room is not None else ""
        if recipient is not None:
            target = str(recipient.account.id)
        if action is Action.FLAG and self._flagged_recently(speaker, target or kind.value, text):
            return
        self._enqueue(speaker, room, recipient, place, kind, text, hit)
        if action is Action.HOLD:
            raise MessageHeld()

    def _flagged_recently(self, speaker: Speaker, target: str, text: str) -> bool:
        now = self._clock().timestamp()
        key = (speaker.account.id, target, text)
        seen = self._recent.get(key)
        self._recent[key] = now
        self._recent.move_to_end(key)
        while len(self._recent) > MAX_RECENT_FLAGS:
            self._recent.popitem(last=False)
        return seen is not None and now - seen < FLAG_REPEAT_SECONDS

    def _enqueue(
        self,
        speaker: Speaker,
        room: LiveRoom | None,
        recipient: Connection | None,
        place: Place,
        kind: MessageKind | Writing,
        text: str,
        hit: Hit,
    ) -> None:
        rule = hit.rule
        message = isinstance(kind, MessageKind)
        held = rule.action is Action.HOLD and message
        if place is not Place.ROOM:  # private: where it was said is not shown
            shown_place = place.value if message else kind.value
        elif room is not None:
            shown_place = room.room.name
        else:
            shown_place = kind.value
        evidence: dict[str, object] = {
            "rule_id": rule.id,
            "rule": rule.name,
            "pack": rule.pack,
            "action": rule.action.value,
            "matched": hit.matched,
            "kind": kind.value,
            "place": place.value,
            "private": place is not Place.ROOM,
        }
        if place is Place.ROOM:
            evidence["text"] = text
            if room is not None:
                evidence["room_id"] = room.room.id
        if held:
            assert isinstance(kind, MessageKind)
            hold_id = secrets.token_hex(8)
            evidence["hold"] = hold_id
            evidence["sender_character"] = speaker.character.id
            self._held[hold_id] = HeldMessage(
                speaker.account.id,
                speaker.ref,
                kind,
                text,
                room.room.id if room is not None and recipient is None else None,
                "" if recipient is None else recipient.character.name,
            )
            while len(self._held) > MAX_HELD_IN_MEMORY:
                self._held.popitem(last=False)
        verb = "held" if held else "refused" if rule.action is Action.HOLD else "flagged"
        what = "a message" if message else f"a {kind.value} text"
        summary = (
            f"Automod {verb} {what} from {speaker.character.name} in {shown_place}: "
            f"{rule.name} matched {hit.matched!r}."
        )
        queue = self._queue
        if queue is None:
            logger.warning("automod: no moderators' queue attached; %s", summary)
            return
        self._spawn(
            self._write(
                queue,
                HOLD_KIND if held else FLAG_KIND,
                speaker.account.id,
                speaker.character.name,
                shown_place,
                summary,
                evidence,
            )
        )

    async def _write(
        self,
        queue: ModerationQueue,
        kind: str,
        account: AccountId,
        name: str,
        place: str,
        summary: str,
        evidence: Mapping[str, object],
    ) -> None:
        try:
            await queue.enqueue(
                kind,
                subject_account=account,
                subject_name=name,
                place=place,
                summary=summary,
                evidence=evidence,
            )
        except Exception:  # a queue write lost must not take the server down
            logger.exception("automod: could not add to the moderators' queue")

    # Resolution ------------------------------------------------------------------------------

    async def resolved(self, item: Any, resolution: Any) -> None:
        """A moderator resolved a queue item: ``release`` delivers a held message (if its
        place still exists), ``drop`` forgets it; flags need nothing more."""
        if _value(item.kind) != HOLD_KIND:
            return
        evidence: Mapping[str, object] = item.evidence
        hold_id = str(evidence.get("hold", ""))
        held = self._held.pop(hold_id, None)
        if hold_id in self._finished:
            return  # resolved already: a message goes out once, or never after a drop
        self._finished[hold_id] = None
        while len(self._finished) > MAX_HELD_IN_MEMORY:
            self._finished.popitem(last=False)
        if _value(resolution) != "release":
            return
        if held is None:
            held = self._from_evidence(item)
            if held is None:
                return
        self.deliver_held(held)

    def _from_evidence(self, item: Any) -> HeldMessage | None:
        evidence: Mapping[str, object] = item.evidence
        text, room_id = evidence.get("text"), evidence.get("room_id")
        character = evidence.get("sender_character")
        if not isinstance(text, str) or not isinstance(room_id, str):
            return None
        account = getattr(item, "subject_account", None)
        if account is None or not isinstance(character, str):
            return None
        ref = CharacterRef(CharacterId(character), str(getattr(item, "subject_name", "")))
        kind = MessageKind(str(evidence.get("kind", MessageKind.SAY.value)))
        return HeldMessage(AccountId(account), ref, kind, text, RoomId(room_id), "")

    def deliver_held(self, held: HeldMessage) -> bool:
        """Deliver a released message as it would have gone out, to whoever is there now
        (the sender's connections included, who were not shown it); whether it went."""
        now = self._clock()
        blocked = self._registry.blocked.get(held.sender_account)
        if held.room_id is not None:
            live = self._registry.rooms.get(held.room_id)
            if live is None:
                return False
            event = RoomMessageSent(
                new_message_id(), now, live.ref, held.sender, held.kind, held.text
            )
            for deliver_to_all, sessions, accounts in live.audience():
                deliver_to_all(sessions, accounts, event, None, blocked)
            for observer in self._messages.observers:
                observer(live, event)
            return True
        targets = self._registry.find_character(held.recipient)
        if not targets:
            return False
        other = next(iter(targets))
        if blocked and other.account.id in blocked:
            return False
        kind = MessageKind.SAY if held.kind is MessageKind.WHISPER else held.kind
        direct = DirectMessageSent(new_message_id(), now, held.sender, other.ref, kind, held.text)
        self._registry.send(targets, direct)
        for conn in self._registry.character_connections(held.sender.id):
            conn.session.deliver(direct)
        return True

    # Rules -----------------------------------------------------------------------------------

    def rules(self, actor: consent.Person) -> list[Rule]:
        """Every rule, oldest first (server moderators and operators)."""
        self._may_review(actor)
        return list(self._rules)

    def rule(self, actor: consent.Person, wanted: str) -> Rule:
        """A rule by id, or by name (compared case-insensitively)."""
        self._may_review(actor)
        return self._find(wanted)

    def _find(self, wanted: str) -> Rule:
        key = name_key(wanted.strip()) if wanted.strip() else ""
        for rule in self._rules:
            if rule.id == wanted or name_key(rule.name) == key:
                return rule
        raise NotFound(f"There is no automod rule {wanted!r}.")

    def test(self, actor: consent.Person, text: str) -> list[Hit]:
        """Every rule ``text`` hits, enabled or not, wherever it applies."""
        self._may_review(actor)
        return self.matcher.test(text)

    async def add_rule(
        self,
        actor: consent.Person,
        *,
        name: str,
        kind: PatternKind,
        pattern: str,
        action: Action = Action.FLAG,
        places: frozenset[Place] = frozenset(Place),
        min_rating: Rating = Rating.GENERAL,
        message: str = "",
        enabled: bool = True,
    ) -> Rule:
        """Add an operator's rule; it applies to the next message."""
        self._may_change(actor)
        if len(self._rules) >= MAX_RULES:
            raise LimitExceeded(f"A server has at most {MAX_RULES} automod rules.")
        rule = check_rule(
            Rule(
                "u" + secrets.token_hex(8),
                name,
                kind,
                pattern,
                action,
                places,
                min_rating,
                message,
                enabled,
            )
        )
        self._name_free(rule.name, rule.id)
        await self._store.automod.add_rule(rule, self._clock())
        self._use([*self._rules, rule])
        return rule

    def _name_free(self, name: str, rule_id: str) -> None:
        key = name_key(name)
        if any(r.id != rule_id and name_key(r.name) == key for r in self._rules):
            raise InvalidInput(f"Another automod rule is named {name!r}.")

    async def change_rule(
        self,
        actor: consent.Person,
        wanted: str,
        *,
        name: str | None = None,
        kind: PatternKind | None = None,
        pattern: str | None = None,
        action: Action | None = None,
        places: frozenset[Place] | None = None,
        min_rating: Rating | None = None,
        message: str | None = None,
        enabled: bool | None = None,
    ) -> Rule:
        """Change any field of a rule (``None``: unchanged)."""
        self._may_change(actor)
        old = self._find(wanted)
        rule = check_rule(
            Rule(
                old.id,
                old.name if name is None else name,
                old.kind if kind is None else kind,
                old.pattern if pattern is None else pattern,
                old.action if action is None else action,
                old.places if places is None else places,
                old.min_rating if min_rating is None else min_rating,
                old.message if message is None else message,
                old.enabled if enabled is None else enabled,
                old.pack,
                old.exceptions,
            )
        )
        self._name_free(rule.name, rule.id)
        await self._save(rule)
        return rule

    async def _save(self, rule: Rule) -> None:
        await self._store.automod.update_rule(rule)
        self._use([rule if r.id == rule.id else r for r in self._rules])

    async def remove_rule(self, actor: consent.Person, wanted: str) -> Rule:
        """Remove an operator's rule. A default pack's rule is disabled instead: removed, it
        would come back at the next start."""
        self._may_change(actor)
        rule = self._find(wanted)
        if rule.pack:
            raise InvalidInput(
                f"{rule.name!r} belongs to the default pack {rule.pack!r}: disable it instead."
            )
        await self._store.automod.delete_rule(rule.id)
        self._use([r for r in self._rules if r.id != rule.id])
        return rule

    async def clear_phrase(self, actor: consent.Person, wanted: str, phrase: str) -> Rule:
        """A false positive: ``phrase`` (what the rule matched) is never hit by this rule
        again. Server moderators may, as part of clearing a flag."""
        self._may_review(actor)
        rule = self._find(wanted)
        cleared = normalize_phrase(phrase)
        if not cleared:
            raise InvalidInput("Name the phrase to clear.")
        if cleared in rule.exceptions:
            return rule
        rule = check_rule(dataclasses.replace(rule, exceptions=(*rule.exceptions, cleared)))
        await self._save(rule)
        return rule

    @staticmethod
    def _may_change(actor: consent.Person) -> None:
        decision = consent.change_automod(actor)
        if not decision:
            raise refused(decision)

    @staticmethod
    def _may_review(actor: consent.Person) -> None:
        decision = consent.review_automod(actor)
        if not decision:
            raise refused(decision)


class RuleFields(TypedDict):
    """A new rule's fields, as ``add_rule`` takes them."""

    name: str
    action: Action
    kind: PatternKind
    pattern: str
    places: NotRequired[frozenset[Place]]
    min_rating: NotRequired[Rating]
    message: NotRequired[str]


def rule_fields(
    name: str,
    action: str,
    kind: str,
    pattern: str,
    places: str | None = None,
    rating: str | None = None,
    message: str | None = None,
) -> RuleFields:
    """The keyword arguments of ``AutomodService.add_rule`` from typed words."""
    fields: RuleFields = {
        "name": name,
        "action": parse_choice(Action, action),
        "kind": parse_choice(PatternKind, kind),
        "pattern": pattern,
    }
    if places:
        fields["places"] = frozenset(parse_choice(Place, p) for p in places.split(",") if p)
    if rating:
        fields["min_rating"] = Rating.parse(rating)
    if message:
        fields["message"] = message
    return fields
