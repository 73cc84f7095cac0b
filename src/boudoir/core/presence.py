"""Presence: who is online and their status, shown only as each person's visibility allows."""

from __future__ import annotations

from dataclasses import dataclass

from boudoir.core.ports import Clock
from boudoir.core.registry import Connection, Presence, Registry
from boudoir.core.text import has_control_characters
from boudoir.domain import consent
from boudoir.domain.entities import Status
from boudoir.domain.errors import InvalidInput
from boudoir.domain.events import CharacterRef, PresenceChanged
from boudoir.domain.ids import AccountId

MAX_STATUS_MESSAGE = 200


@dataclass(frozen=True, slots=True)
class OnlineCharacter:
    character: CharacterRef
    status: Status
    message: str


class PresenceService:
    def __init__(self, registry: Registry, clock: Clock) -> None:
        self._registry = registry
        self._clock = clock

    def _may_see(self, viewer: Connection, subject: Connection) -> bool:
        ties = self._registry.ties(viewer.account.id, subject.account.id)
        return consent.see_presence(viewer.person, subject.person, ties)

    def _event(self, subject: Connection, online: bool) -> PresenceChanged:
        presence = self._registry.presence.get(subject.character.id, Presence())
        return PresenceChanged(
            self._clock(), subject.ref, online, presence.status, presence.message
        )

    def announce(self, subject: Connection, online: bool) -> None:
        """Tell everyone who may see it that ``subject``'s character came or went, or changed
        status. The subject's own other connections are told too."""
        event = self._event(subject, online)
        for viewer in self._registry.connections.values():
            if viewer is subject:
                continue
            if viewer.account.id == subject.account.id or self._may_see(viewer, subject):
                viewer.session.deliver(event)

    def set_status(self, connection: Connection, status: Status, message: str = "") -> None:
        message = " ".join(message.split())
        if has_control_characters(message):
            raise InvalidInput("A status message cannot hold control characters.")
        if len(message) > MAX_STATUS_MESSAGE:
            raise InvalidInput(f"A status message is at most {MAX_STATUS_MESSAGE} characters.")
        presence = self._registry.presence.setdefault(connection.character.id, Presence())
        presence.status = status
        presence.message = message if status is not Status.ONLINE else ""
        self.announce(connection, online=True)

    def online(self, viewer: Connection) -> list[OnlineCharacter]:
        """Characters online that ``viewer`` may see, with their status."""
        seen = []
        for subject in self._registry.online_characters():
            if subject.account.id != viewer.account.id and not self._may_see(viewer, subject):
                continue
            presence = self._registry.presence.get(subject.character.id, Presence())
            seen.append(OnlineCharacter(subject.ref, presence.status, presence.message))
        seen.sort(key=lambda o: o.character.name.casefold())
        return seen

    def is_visible(self, viewer: Connection, subject: Connection) -> bool:
        return viewer.account.id == subject.account.id or self._may_see(viewer, subject)

    def hide_pair(self, a: AccountId, b: AccountId) -> None:
        """Each side sees the other's characters go offline (before a block takes effect)."""
        for viewer_account, subject_account in ((a, b), (b, a)):
            viewers = self._registry.by_account.get(viewer_account, set())
            for subject in self._registry.by_account.get(subject_account, ()):
                if any(self._may_see(v, subject) for v in viewers):
                    self._registry.send(viewers, self._event(subject, online=False))

    def relation_changed(self, a: AccountId, b: AccountId) -> None:
        """A friend or block changed between ``a`` and ``b``: re-show what each may now see."""
        for viewer_account, subject_account in ((a, b), (b, a)):
            viewers = self._registry.by_account.get(viewer_account, set())
            for subject in {
                next(iter(self._registry.by_character[c.character.id]))
                for c in self._registry.by_account.get(subject_account, ())
            }:
                for viewer in viewers:
                    visible = self._may_see(viewer, subject)
                    viewer.session.deliver(self._event(subject, online=visible))
