"""Keeping people out of a room: kicks, bans (by a room's managers, by an owner across all its
rooms, and by the server), the lists of ban and invite exceptions, and reading those lists.

Imports ``boudoir.core`` (rooms.base) and ``boudoir.domain``.
"""

from __future__ import annotations

from boudoir.core.registry import Connection, LiveRoom
from boudoir.core.rooms.base import RoomBase, ref_of, refused
from boudoir.core.rooms.limits import clean_kick_reason
from boudoir.domain import consent
from boudoir.domain.entities import (
    LIST_SETTINGS,
    MAX_LIST_ENTRIES,
    Character,
    ListEntry,
    Room,
    RoomSetting,
)
from boudoir.domain.errors import InvalidInput, LimitExceeded, NotFound
from boudoir.domain.events import MemberKicked, RoomSettingChanged
from boudoir.domain.ids import AccountId
from boudoir.domain.names import name_key

BANNED = "banned"
"""The reason shown when a ban puts someone out of a room."""

_LIST_NAMES = {
    RoomSetting.BAN: "ban list",
    RoomSetting.BAN_EXCEPTION: "list of ban exceptions",
    RoomSetting.INVITE_EXCEPTION: "list of invite exceptions",
    RoomSetting.CAM_BAN: "list of those who may not broadcast",
}


class RoomBans(RoomBase):
    async def kick(
        self, connection: Connection, name: str, character_name: str, reason: str = ""
    ) -> MemberKicked:
        """Put a character out of the room (all its connections there), telling everyone in
        it, the character included. Managers kick; nobody kicks the owner; only the owner
        kicks a moderator. Kicked people may come back (ban them to keep them out)."""
        live = self._managed(connection, name)
        target = await self._present(connection, live, character_name)
        decision = consent.kick(connection.person, live.room, target.account.id)
        if not decision:
            raise refused(decision)
        event = MemberKicked(
            self._clock(), live.ref, target.ref, connection.ref, clean_kick_reason(reason)
        )
        self._put_out(connection, live, target, event)
        return event

    def _put_out(
        self, connection: Connection, live: LiveRoom, target: Connection, event: MemberKicked
    ) -> None:
        self._tell_room(live, connection, event, target.account.id)
        for conn in list(live.members.get(target.character.id, ())):
            self._leave(conn, live, event.reason, announce=False)

    def _put_out_banned(self, connection: Connection, live: LiveRoom, account: AccountId) -> None:
        """Every character of a banned account leaves the room, seen as kicked for ``BANNED``."""
        if not live.room.is_banned(account):
            return
        for conns in list(live.members.values()):
            some = next(iter(conns))
            if some.account.id == account:
                event = MemberKicked(self._clock(), live.ref, some.ref, connection.ref, BANNED)
                self._put_out(connection, live, some, event)

    async def ban(
        self, connection: Connection, name: str, character_name: str
    ) -> RoomSettingChanged | None:
        """Ban the account behind a character (all its characters) from the room (IRC
        ``+b``), and put it out unless it is on the ban exceptions. Managers cannot be banned:
        take their role away first."""
        live = self._managed(connection, name)
        target = await self._character(character_name)
        if target.account_id == live.room.owner_id:
            raise InvalidInput("Nobody can ban the owner of a room.")
        if live.room.is_manager(target.account_id):
            raise InvalidInput("Remove their moderator role first.")
        event = await self._add_entry(connection, live, RoomSetting.BAN, target)
        self._put_out_banned(connection, live, target.account_id)
        return event

    async def unban(
        self, connection: Connection, name: str, character_name: str
    ) -> RoomSettingChanged | None:
        """Lift a ban, named by the name on the list or by any character of the account."""
        live = self._managed(connection, name)
        removed = await self._remove_entry(connection, live, RoomSetting.BAN, character_name)
        return removed[0] if removed else None

    async def banish(
        self, connection: Connection, character_name: str, *, banned: bool = True
    ) -> list[str]:
        """Ban the account behind a character from every room this account owns (MUCK
        ``banish``), or lift those bans: a room this connection is in is changed as by
        ``ban``/``unban`` (the room sees who did it); the others as the server. Whoever is
        banned is put out of the live ones. Returns the names of the rooms owned."""
        target = await self._character(character_name)
        me = connection.account.id
        if target.account_id == me:
            raise InvalidInput("That is one of your own characters.")
        owned = {r.id: r for r in await self._store.rooms.list_all() if r.owner_id == me}
        for live in self._registry.rooms.values():
            if live.room.owner_id == me:
                owned[live.room.id] = live.room
        for room in sorted(owned.values(), key=lambda r: name_key(r.name)):
            if room.id in connection.rooms and banned:
                await self.ban(connection, room.name, target.name)
            elif room.id in connection.rooms:
                await self.unban(connection, room.name, target.name)
            else:
                await self.set_ban_by_server(room, target, banned, connection.character.name)
        return sorted((r.name for r in owned.values()), key=name_key)

    async def add_exception(
        self, connection: Connection, name: str, setting: RoomSetting, character_name: str
    ) -> RoomSettingChanged | None:
        """Put the account behind a character on the ban exceptions (IRC ``+e``: a ban does
        not keep it out) or the invite exceptions (IRC ``+I``: it enters the private room
        without an invitation)."""
        _exception_list(setting)
        live = self._managed(connection, name)
        target = await self._character(character_name)
        return await self._add_entry(connection, live, setting, target)

    async def remove_exception(
        self, connection: Connection, name: str, setting: RoomSetting, character_name: str
    ) -> RoomSettingChanged | None:
        """Take an account off a list of exceptions. Someone present who is banned without the
        exception is then put out."""
        _exception_list(setting)
        live = self._managed(connection, name)
        removed = await self._remove_entry(connection, live, setting, character_name)
        if removed is None:
            return None
        event, account = removed
        if setting is RoomSetting.BAN_EXCEPTION:
            self._put_out_banned(connection, live, account)
        return event

    def entries(self, connection: Connection, name: str, setting: RoomSetting) -> list[ListEntry]:
        """A room's list, oldest entry first. Managers read every list; members the ban list.
        Show each entry's ``name``, ``set_by`` and ``set_at``: never its account id."""
        if setting not in LIST_SETTINGS:
            raise InvalidInput("That setting is not a list.")
        live = self.live(connection, name)
        decision = consent.see_room_list(connection.person, live.room, setting)
        if not decision:
            raise refused(decision)
        return list(live.room.account_list(setting))

    async def _add_entry(
        self, connection: Connection, live: LiveRoom, setting: RoomSetting, target: Character
    ) -> RoomSettingChanged | None:
        entries = live.room.account_list(setting)
        if target.account_id in entries:
            return None
        if len(entries) >= MAX_LIST_ENTRIES:
            raise LimitExceeded(
                f"A room's {_LIST_NAMES[setting]} holds at most {MAX_LIST_ENTRIES} entries; "
                "remove one first."
            )
        now = self._clock()
        entry = ListEntry(target.account_id, target.name, connection.character.name, now)
        live.room = live.room.with_list(setting, entries.with_entry(entry))
        await self._save(live)
        return self._tell_about(connection, live, setting, True, target, now)

    async def _remove_entry(
        self, connection: Connection, live: LiveRoom, setting: RoomSetting, name: str
    ) -> tuple[RoomSettingChanged, AccountId] | None:
        """Take an account off a list, named by its entry's name or by any of its characters:
        the event and that account, or None if it was not on the list."""
        entries = live.room.account_list(setting)
        key = name_key(name.strip())
        entry = next((e for e in entries if name_key(e.name) == key), None)
        if entry is None:
            # Named by another character of the listed account.
            entry = entries.get((await self._character(name)).account_id)
            if entry is None:
                return None
        live.room = live.room.with_list(setting, entries.without(entry.account_id))
        await self._save(live)
        character = await self._store.characters.find_by_name(entry.name)
        if character is not None and character.account_id == entry.account_id:
            event = self._tell_about(connection, live, setting, False, character)
        else:
            # The character listed was deleted since: the entry's name is all there is to show.
            event = RoomSettingChanged(
                self._clock(), live.ref, connection.ref, setting, False, entry.name
            )
            self._tell_room(live, connection, event, entry.account_id)
        return event, entry.account_id

    def remove_by_server(self, room: Room, account_id: AccountId, reason: str) -> int:
        """Put every character of ``account_id`` out of ``room`` (if live), seen as kicked by
        the server: told to them and to everyone there not across a block with them. Returns
        how many characters left."""
        live = self._registry.rooms.get(room.id)
        if live is None:
            return 0
        removed = 0
        for conns in list(live.members.values()):
            some = next(iter(conns))
            if some.account.id != account_id:
                continue
            event = MemberKicked(self._clock(), live.ref, some.ref, None, clean_kick_reason(reason))
            for conn in live.connections():
                if conn.account.id == account_id or not self._registry.blocks(
                    conn.account.id, account_id
                ):
                    conn.session.deliver(event)
            for conn in list(conns):
                self._leave(conn, live, event.reason, announce=False)
            removed += 1
        return removed

    async def stored_live_rooms(self) -> list[Room]:
        """Every live room as the store holds it now (a scene's room is not stored)."""
        found = [await self._store.rooms.get(room_id) for room_id in sorted(self._registry.rooms)]
        return [room for room in found if room is not None]

    def take_stored(self, rooms: list[Room]) -> None:
        """Another node changed these live rooms while this one could not be told (Redis was
        away): each stands as stored now, and whoever is in one whose ban list holds them is
        put out as by a ban."""
        for stored in rooms:
            live = self._registry.rooms.get(stored.id)
            if live is None or stored == live.room:
                continue  # an empty room closed meanwhile
            self._registry.set_room(live, stored)
            members = {next(iter(conns)).account.id for conns in live.members.values()}
            for account in sorted(members):
                if stored.is_banned(account) and not stored.is_manager(account):
                    self.remove_by_server(stored, account, BANNED)

    async def set_ban_by_server(
        self, room: Room, target: Character, banned: bool, set_by: str
    ) -> Room:
        """Put ``target``'s account on ``room``'s ban list (or take it off), as the server; a
        ban also puts it out. The room is told as for any change of its ban list."""
        async with self._saving:
            live = self._registry.rooms.get(room.id)
            current = live.room if live is not None else await self._store.rooms.get(room.id)
            if current is None:
                raise NotFound(f"There is no room named {room.name!r}.")
            entries = current.account_list(RoomSetting.BAN)
            if banned == (target.account_id in entries):
                return current
            if banned:
                entry = ListEntry(target.account_id, target.name, set_by, self._clock())
                entries = entries.with_entry(entry)
            else:
                entries = entries.without(target.account_id)
            current = current.with_list(RoomSetting.BAN, entries)
            if live is not None:
                self._registry.set_room(live, current)
            await self._store.rooms.update(current)
        if live is not None:
            event = RoomSettingChanged(
                self._clock(), live.ref, None, RoomSetting.BAN, banned, target.name, ref_of(target)
            )
            for conn in live.connections():
                if not self._registry.blocks(conn.account.id, target.account_id):
                    conn.session.deliver(event)
            if banned:
                self.remove_by_server(current, target.account_id, BANNED)
        return current


def _exception_list(setting: RoomSetting) -> None:
    if setting not in (
        RoomSetting.BAN_EXCEPTION,
        RoomSetting.INVITE_EXCEPTION,
        RoomSetting.CAM_BAN,
    ):
        raise InvalidInput("Choose the ban exceptions, the invite exceptions or the cam bans.")
