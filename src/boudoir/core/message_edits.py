"""Editing and deleting a message after it was delivered.

A sender edits or deletes their own message (room speech, a whisper, a direct message) within
the edit window; a room's managers and server staff remove any line of a room the index still
holds (``domain.moderation.remove_line``), which goes in the audit log. The index of recent messages
(``core.recent_messages``) says who said what where, since the server keeps no text. An edit
is checked as a new message is (length, control characters, every screen: mutes, a paused
scene, automod) and sealed anew. What changed goes as ``MessageEdited`` or ``MessageDeleted``
to exactly those who could hear the original now, by the same rules: those still in the room,
or the two people of a direct message, never across a block; their own connections included,
so every gateway shows the change the same way. A logged line is changed or deleted in the
log too.

Imports ``boudoir.core`` and ``boudoir.domain``.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, Collection

from boudoir.core.message_text import check_text
from boudoir.core.messaging import MessagingService
from boudoir.core.ports import Clock, Store
from boudoir.core.recent_messages import Recent
from boudoir.core.registry import Connection, Registry
from boudoir.core.rooms import refused
from boudoir.core.screens import Writing
from boudoir.domain import moderation
from boudoir.domain.errors import NotFound
from boudoir.domain.events import MessageDeleted, MessageEdited, MessageKind
from boudoir.domain.ids import AccountId, MessageId
from boudoir.domain.moderation import Action, ActionKind

NO_MESSAGE = "There is no such message of yours to change, or it is too old now."
"""The same whether the id is unknown, someone else's or past the window: an id tells no more
than the message it names."""


class MessageEdits:
    def __init__(
        self,
        store: Store,
        registry: Registry,
        messages: MessagingService,
        flush_log: Callable[[], Awaitable[None]],
        clock: Clock,
    ) -> None:
        self._clock = clock
        self._store = store
        self._registry = registry
        self._messages = messages
        self._flush_log = flush_log
        """Writes the lines waiting for the log, so that one just said is found there."""
        self.recent = messages.recent

    async def edit(self, connection: Connection, message_id: str, text: str) -> MessageEdited:
        """Replace the text of one's own recent message."""
        entry = self.recent.find(message_id)
        if entry is None or entry.sender.id != connection.character.id:
            raise NotFound(NO_MESSAGE)
        text = check_text(text)
        live = None if entry.room is None else self._registry.rooms.get(entry.room.id)
        if entry.room is not None and live is None:
            raise NotFound(NO_MESSAGE)  # the room is empty now: nobody would see it
        other = None
        if entry.recipient is not None:
            found = self._registry.character_connections(entry.recipient.id)
            other = next(iter(found), None)
        # Screened as written text, not as a message: a rule that would hold a message
        # refuses the edit instead (a held message is released later as a line of its own).
        writing = Writing.EDIT_OOC if entry.kind is MessageKind.OOC else Writing.EDIT
        for screen in self._messages.screens:
            screen(connection, live, other, writing, text)
        seal = self._messages.sealer.seal(
            message_id, entry.at, entry.place, entry.sender.name, entry.kind.value, text
        )
        event = MessageEdited(
            MessageId(message_id),
            self._clock(),
            entry.at,
            entry.sender,
            entry.kind,
            text,
            entry.room,
            entry.recipient,
            seal,
        )
        self._tell(entry, event)
        if entry.room is not None and entry.recipient is None and entry.account is not None:
            await self._flush_log()
            await self._store.logs.replace_text(message_id, entry.account, text)
        return event

    async def delete(self, connection: Connection, message_id: str) -> MessageDeleted:
        """Delete one's own recent message, or as a moderator remove anyone's."""
        entry = self.recent.find(message_id)
        if entry is None:
            raise NotFound(NO_MESSAGE)
        by_moderator = entry.sender.id != connection.character.id
        room = None
        if by_moderator:
            if entry.room is not None:
                live = self._registry.rooms.get(entry.room.id)
                room = None if live is None else live.room
            decision = moderation.remove_line(connection.person, room)
            if not decision:
                raise refused(decision)
        event = MessageDeleted(
            MessageId(message_id),
            self._clock(),
            entry.sender,
            entry.room,
            entry.recipient,
            by_moderator,
        )
        self._tell(entry, event)
        if room is not None:
            # A moderator's removal is in the audit log as their other actions are: who, whose
            # line (its id, never its text), where and when.
            await self._store.moderation.add_action(
                Action(
                    id="a-" + secrets.token_hex(8),
                    at=event.at,
                    actor=connection.account.name,
                    kind=ActionKind.REMOVE_LINE,
                    target=entry.sender.name,
                    target_account=entry.account,
                    room=room.name,
                    reason=f"message {message_id}",
                )
            )
        if entry.room is not None and entry.recipient is None and entry.account is not None:
            await self._flush_log()
            await self._store.logs.delete_line(message_id, entry.account)
        return event

    def _tell(self, entry: Recent, event: MessageEdited | MessageDeleted) -> None:
        """To those who could hear the original now, the sender's own connections included;
        then to the index and its observers."""
        self._deliver(entry, event)
        self.recent.changed(event)

    def _deliver(self, entry: Recent, event: MessageEdited | MessageDeleted) -> None:
        registry = self._registry
        across = self._across_a_block(entry.account)
        sender = registry.character_connections(entry.sender.id)
        if entry.room is not None and entry.recipient is None:
            live = registry.rooms.get(entry.room.id)
            if live is not None:
                live.deliver(event, None, across)
            return
        hearing = set(sender)
        if entry.recipient is not None:
            for connection in registry.character_connections(entry.recipient.id):
                if entry.room is not None and entry.room.id not in connection.rooms:
                    continue  # a whisper's recipient who has left the room
                if across and connection.account.id in across:
                    continue
                hearing.add(connection)
        registry.send(hearing, event)

    def _across_a_block(self, account: AccountId | None) -> Collection[AccountId] | None:
        """The accounts across a block from the sender: their own set while online, else
        those online who block them or are blocked by them."""
        if account is None:
            return None
        blocked = self._registry.blocked
        own = blocked.get(account)
        if own is not None:
            return own
        if account in self._registry.by_account:
            return ()  # online and across no block (no entry: see ``Registry.blocked``)
        return {other for other, theirs in blocked.items() if account in theirs}
