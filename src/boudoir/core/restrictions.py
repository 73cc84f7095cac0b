"""The moderators' restrictions in force, enforced: mutes in a room, suspensions and account
bans, and room bans that expire.

``Restrictions`` is ``world.moderation.restrictions``; ``ModerationService`` records each action
here as it takes it. Restrictions lapse at their expiry: checked when they matter (a login, a
message) and swept periodically, which also follows what the CLI or another node decided.

Imports ``boudoir.core`` and ``boudoir.domain``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from boudoir.core.ports import Clock, Store
from boudoir.core.registry import Connection, LiveRoom, Registry
from boudoir.core.rooms import RoomService
from boudoir.core.screens import Speaker, Writing
from boudoir.domain.entities import Account
from boudoir.domain.errors import AccountSuspended, Muted, NotFound
from boudoir.domain.events import MessageKind
from boudoir.domain.ids import AccountId
from boudoir.domain.moderation import Restriction, RestrictionKind
from boudoir.domain.names import name_key

SUSPENDED = "Your account was suspended by the moderators."

EndSessions = Callable[[str, list[Connection]], None]


class Restrictions:
    def __init__(
        self,
        store: Store,
        registry: Registry,
        rooms: RoomService,
        clock: Clock,
        end_sessions: EndSessions,
    ) -> None:
        self._store = store
        self._registry = registry
        self._rooms = rooms
        self._clock = clock
        self._end_sessions = end_sessions
        self.mutes: dict[tuple[AccountId, str], dt.datetime | None] = {}
        """Mutes in force by (account, room name key) -> expiry: the speech screen's one
        lookup. Loaded on start, kept as actions are taken here, and reloaded by ``sweep``
        (mutes made by the CLI or another node)."""
        self.locked: dict[AccountId, dt.datetime | None] = {}
        """Suspensions and account bans in force -> expiry, kept like ``mutes``: their
        sessions end at once, and this refuses any text one still in flight would write."""

    async def check_login(self, account: Account) -> None:
        """Refuse a login while a suspension or account ban is in force (``login_checks``)."""
        now = self._clock()
        for restriction in await self._store.moderation.restrictions_of(account.id):
            if not restriction.kind.locks_out:
                continue
            if restriction.in_force(now):
                until = restriction.expires_at
                shown = f" until {until:%Y-%m-%d %H:%M} UTC" if until is not None else ""
                raise AccountSuspended(f"This account is suspended{shown}.")

    def screen(
        self,
        speaker: Speaker,
        room: LiveRoom | None,
        recipient: Connection | None,
        kind: MessageKind | Writing,
        text: str,
    ) -> None:
        """The screen of every text (``core.screens``): a muted member writes nothing in that
        room (no speech of any kind, whispers included, and no topic); nobody writes while
        their account is suspended or banned."""
        if self.locked and speaker.account.id in self.locked:
            expires = self.locked[speaker.account.id]
            if expires is None or self._clock() < expires:
                raise AccountSuspended(SUSPENDED)
            del self.locked[speaker.account.id]
        if not self.mutes or room is None:
            return
        key = (speaker.account.id, name_key(room.room.name))
        if key not in self.mutes:
            return
        expires = self.mutes[key]
        if expires is not None and self._clock() >= expires:
            del self.mutes[key]
            return
        raise Muted(f"You are muted in {room.room.name}.")

    async def sweep(self) -> int:
        """Lift what has expired (mutes, room bans, suspensions), and follow what was decided
        elsewhere (the CLI, another node): mutes in force, and the sessions of accounts
        suspended or banned. How many lapsed. Run periodically, with one read of the store;
        expiries are also honoured at use without it."""
        now = self._clock()
        restrictions = await self._store.moderation.restrictions()
        lapsed = [r for r in restrictions if not r.in_force(now)]
        for restriction in lapsed:
            if restriction.kind is RestrictionKind.ROOM_BAN:
                await self._lift_room_ban(restriction)
            await self._store.moderation.remove_restriction(
                restriction.account_id, restriction.kind, restriction.room
            )
        self.use([r for r in restrictions if r.in_force(now)])
        return len(lapsed)

    def use(self, in_force: list[Restriction]) -> None:
        self.mutes = {
            (r.account_id, r.room): r.expires_at for r in in_force if r.kind is RestrictionKind.MUTE
        }
        self.locked = {r.account_id: r.expires_at for r in in_force if r.kind.locks_out}
        for restriction in in_force:
            if restriction.kind in (RestrictionKind.SUSPENSION, RestrictionKind.ACCOUNT_BAN):
                connections = self._registry.by_account.get(restriction.account_id)
                if connections:
                    self._end_sessions(SUSPENDED, list(connections))

    async def _lift_room_ban(self, restriction: Restriction) -> None:
        try:
            room = await self._rooms.find(restriction.room)
        except NotFound:
            return
        characters = await self._store.characters.list_for_account(restriction.account_id)
        entry = room.bans.get(restriction.account_id)
        named = next((c for c in characters if entry is not None and c.name == entry.name), None)
        if characters:
            await self._rooms.set_ban_by_server(room, named or characters[0], False, "expiry")
