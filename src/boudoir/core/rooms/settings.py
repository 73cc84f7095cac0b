"""What a room's managers set: its topic, key, rating, tags, moderated and topic-locked flags,
visibility, member limit, moderators and voices. Each change returns the event it emitted, or
``None`` when the setting already had that value.

Imports ``boudoir.core`` (rooms.base, screens) and ``boudoir.domain``.
"""

from __future__ import annotations

import dataclasses

from boudoir.core.registry import Connection, LiveRoom
from boudoir.core.rooms.base import RoomBase, refused
from boudoir.core.rooms.limits import (
    check_key,
    check_member_limit,
    check_newcomer_lines,
    clean_topic,
)
from boudoir.core.screens import Writing
from boudoir.domain import consent
from boudoir.domain.directory import clean_tags
from boudoir.domain.entities import MAX_LIST_ENTRIES, Room, RoomSetting, RoomVisibility
from boudoir.domain.errors import LimitExceeded
from boudoir.domain.events import RoomSettingChanged, TopicChanged
from boudoir.domain.ratings import Rating


class RoomSettings(RoomBase):
    async def _set(
        self,
        connection: Connection,
        live: LiveRoom,
        room: Room,
        setting: RoomSetting,
        enabled: bool,
        value: str = "",
        previous: str = "",
    ) -> RoomSettingChanged | None:
        """Store ``room`` (``live.room`` with one setting changed) and tell the room, unless
        nothing changed."""
        if room == live.room:
            return None
        live.room = room
        await self._save(live)
        event = RoomSettingChanged(
            self._clock(), live.ref, connection.ref, setting, enabled, value, previous=previous
        )
        self._tell_room(live, connection, event)
        return event

    async def set_topic(self, connection: Connection, name: str, topic: str) -> TopicChanged:
        """Set a room's topic, recording who and when (IRC's RPL_TOPICWHOTIME). Managers may;
        any member may when the topic is not locked."""
        live = self.live(connection, name)
        decision = consent.change_topic(connection.person, live.room)
        if not decision:
            raise refused(decision)
        topic = clean_topic(topic)
        self.screens.check(connection, Writing.TOPIC, topic, room=live)
        now = self._clock()
        live.room = dataclasses.replace(
            live.room, topic=topic, topic_by=connection.character.name, topic_at=now
        )
        live.topic_author = connection.account.id
        await self._save(live)
        event = TopicChanged(now, live.ref, live.room.topic, connection.ref)
        self._tell_room(live, connection, event)
        return event

    async def set_key(
        self, connection: Connection, name: str, key: str | None
    ) -> RoomSettingChanged | None:
        """Lock the room with ``key`` (IRC ``+k``), or unlock it with ``None`` or ``""``. A
        key is at most ``MAX_ROOM_KEY`` characters, without spaces, commas or controls."""
        live = self._managed(connection, name)
        key = check_key(key)
        room = dataclasses.replace(live.room, key=key)
        return await self._set(connection, live, room, RoomSetting.KEY, bool(key), key)

    async def set_rating(
        self, connection: Connection, name: str, rating: Rating
    ) -> RoomSettingChanged | None:
        """Rate the room. Only a manager who may enter rooms of that rating sets it; whoever
        present may not see it is taken out at once (they see the room close on them; the
        others see a plain departure)."""
        live = self._managed(connection, name)
        decision = consent.enter_rating(connection.person, rating)
        if not decision:
            raise refused(decision)
        room = dataclasses.replace(live.room, rating=rating)
        event = await self._set(
            connection,
            live,
            room,
            RoomSetting.RATING,
            rating is not Rating.GENERAL,
            rating.name.lower(),
        )
        if event is not None:
            for member in list(live.connections()):
                self.enforce_ratings(member)
        return event

    async def set_moderated(
        self, connection: Connection, name: str, on: bool
    ) -> RoomSettingChanged | None:
        """Only managers and members with a voice speak while on (IRC ``+m``)."""
        live = self._managed(connection, name)
        room = dataclasses.replace(live.room, moderated=on)
        return await self._set(connection, live, room, RoomSetting.MODERATED, on)

    async def set_cams(
        self, connection: Connection, name: str, on: bool
    ) -> RoomSettingChanged | None:
        """Members may broadcast their cams here (``core.calls.cams``) while on."""
        live = self._managed(connection, name)
        room = dataclasses.replace(live.room, cams=on)
        return await self._set(connection, live, room, RoomSetting.CAMS, on)

    async def set_tags(
        self, connection: Connection, name: str, text: str
    ) -> RoomSettingChanged | None:
        """Tag the room with a few words for the directory (``domain.directory.clean_tags``);
        an empty ``text`` clears them. Managers only; tags are screened as a topic is."""
        live = self._managed(connection, name)
        tags = clean_tags(text)
        self.screens.check(connection, Writing.TOPIC, " ".join(tags), room=live)
        room = dataclasses.replace(live.room, tags=tags)
        return await self._set(connection, live, room, RoomSetting.TAGS, bool(tags), " ".join(tags))

    async def set_ads(
        self, connection: Connection, name: str, on: bool
    ) -> RoomSettingChanged | None:
        """The room takes "looking for roleplay" ads (``core.ads``) while on; off by default."""
        live = self._managed(connection, name)
        room = dataclasses.replace(live.room, ads=on)
        return await self._set(connection, live, room, RoomSetting.ADS, on)

    async def set_topic_locked(
        self, connection: Connection, name: str, on: bool
    ) -> RoomSettingChanged | None:
        """Only managers set the topic while on (IRC ``+t``); any member may while off."""
        live = self._managed(connection, name)
        room = dataclasses.replace(live.room, topic_locked=on)
        return await self._set(connection, live, room, RoomSetting.TOPIC_LOCKED, on)

    async def set_visibility(
        self, connection: Connection, name: str, visibility: RoomVisibility
    ) -> RoomSettingChanged | None:
        """Public, unlisted (IRC ``+s``) or private (invite only, IRC ``+i``). Nobody present
        is put out."""
        live = self._managed(connection, name)
        previous = live.room.visibility.value
        room = dataclasses.replace(live.room, visibility=visibility)
        return await self._set(
            connection, live, room, RoomSetting.VISIBILITY, True, visibility.value, previous
        )

    async def set_member_limit(
        self, connection: Connection, name: str, limit: int | None
    ) -> RoomSettingChanged | None:
        """At most ``limit`` characters (from 1 to ``MAX_MEMBER_LIMIT``) may be in the room
        (IRC ``+l``); ``None`` for no limit. Nobody present is put out."""
        live = self._managed(connection, name)
        limit = check_member_limit(limit)
        room = dataclasses.replace(live.room, member_limit=limit)
        shown = "" if limit is None else str(limit)
        return await self._set(
            connection, live, room, RoomSetting.MEMBER_LIMIT, limit is not None, shown
        )

    async def set_newcomer_lines(
        self, connection: Connection, name: str, lines: int
    ) -> RoomSettingChanged | None:
        """Show whoever arrives the room's last ``lines`` lines (0: none, the default), as
        kept in memory (``core.replay``): the owner's choice, told to everyone in the room and
        shown in its settings while on. Never whispers, nor lines across a block."""
        live = self._managed(connection, name)
        lines = check_newcomer_lines(lines)
        room = dataclasses.replace(live.room, newcomer_lines=lines)
        return await self._set(
            connection, live, room, RoomSetting.NEWCOMER_LINES, lines > 0, str(lines)
        )

    async def set_moderator(
        self, connection: Connection, name: str, character_name: str, on: bool
    ) -> RoomSettingChanged | None:
        """Make the account behind a character a moderator of the room (IRC ``+o``), or stop
        it being one. Any manager grants; only the owner takes the role from another moderator;
        nobody takes the owner's. The person need not be in the room."""
        live = self.live(connection, name)
        target = await self._character(character_name)
        account = target.account_id
        decision = consent.change_moderator(connection.person, live.room, account, grant=on)
        if not decision:
            raise refused(decision)
        room = live.room
        if on == room.is_manager(account):
            return None
        if on and len(room.moderator_ids) >= MAX_LIST_ENTRIES:
            raise LimitExceeded(f"A room has at most {MAX_LIST_ENTRIES} moderators.")
        moderators = room.moderator_ids | {account} if on else room.moderator_ids - {account}
        live.room = dataclasses.replace(room, moderator_ids=moderators)
        await self._save(live)
        return self._tell_about(connection, live, RoomSetting.MODERATOR, on, target)

    async def set_voice(
        self, connection: Connection, name: str, character_name: str, on: bool
    ) -> RoomSettingChanged | None:
        """Give a character in the room a voice (IRC ``+v``), or take it. A voice lets them
        speak while the room is moderated, and lasts until they leave."""
        live = self._managed(connection, name)
        target = await self._present(connection, live, character_name)
        if on == (target.character.id in live.voiced):
            return None
        self._registry.set_voice(live, target.character.id, on)
        return self._tell_about(connection, live, RoomSetting.VOICE, on, target)
