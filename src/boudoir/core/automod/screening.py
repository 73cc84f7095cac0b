"""Screening: every message against the rules before anyone receives it (flag, hold or
block), filing what is flagged or held into the moderators' queue, and delivering a held
message a moderator releases.

Imports ``boudoir.core`` (automod.base, messaging, registry, screens) and ``boudoir.domain``.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping
from typing import Any

from boudoir.core.automod.base import (
    FLAG_KIND,
    FLAG_REPEAT_SECONDS,
    HOLD_KIND,
    MAX_RECENT_FLAGS,
    AutomodBase,
    HeldMessage,
    ModerationQueue,
)
from boudoir.core.registry import Connection, LiveRoom
from boudoir.core.screens import Speaker, Writing
from boudoir.domain.automod import (
    Action,
    Hit,
    Place,
)
from boudoir.domain.errors import MessageBlocked, MessageHeld
from boudoir.domain.events import CharacterRef, DirectMessageSent, MessageKind, RoomMessageSent
from boudoir.domain.ids import AccountId, CharacterId, RoomId, new_message_id
from boudoir.domain.ratings import Rating
from boudoir.domain.scenes import is_scene_name

logger = logging.getLogger("boudoir.core.automod")


def _value(item: object) -> str:
    """An enum's value, or the string itself: the queue's kinds and resolutions."""
    return str(getattr(item, "value", item))


_GENERAL = Rating.GENERAL
_DIRECT = Place.DIRECT
"""Looked up once: an enum member read through its class costs a lookup per message."""


class AutomodScreening(AutomodBase):
    def attach(self, queue: ModerationQueue) -> None:
        """Send queue items to ``queue`` and hear of their resolution."""
        self._queue = queue
        queue.on_resolve.append(self.resolved)

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
            rating, place = _GENERAL, _DIRECT
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
            kept = HeldMessage(
                speaker.account.id,
                speaker.ref,
                kind,
                text,
                room.room.id if room is not None and recipient is None else None,
                "" if recipient is None else recipient.character.name,
            )
            self.keep_held(hold_id, kept)
            for hook in self.held_here:
                hook(hold_id, kept)
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

    async def resolved(self, item: Any, resolution: Any) -> None:
        """A moderator resolved a queue item: ``release`` delivers a held message (if its
        place still exists), ``drop`` forgets it; flags need nothing more."""
        if _value(item.kind) != HOLD_KIND:
            return
        evidence: Mapping[str, object] = item.evidence
        hold_id = str(evidence.get("hold", ""))
        held = self._held.get(hold_id)
        if not self.forget_held(hold_id):
            return  # resolved already: a message goes out once, or never after a drop
        for hook in self.finished_here:
            hook(hold_id)
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
            live.deliver(event, None, blocked)
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
