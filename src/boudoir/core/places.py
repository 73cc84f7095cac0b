"""Places: where a MU* connection stands, looking around, walking exits, home, jumping to
public rooms, and when someone was last seen.

A telnet connection stands in one core room: walking leaves the old room and joins the new one
through ``RoomService.join``, so ratings, bans, keys, privacy and limits hold exactly as for
the browser and IRC. Exits live in the store (``WorldRepository``); where each connection
stands lives here, in memory.

Imports ``boudoir.core`` and ``boudoir.domain`` only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from boudoir.core.authored import AuthoredText
from boudoir.core.ports import Clock, Store
from boudoir.core.registry import Connection, LiveRoom, Registry
from boudoir.core.rooms import RoomService, refused
from boudoir.domain import consent
from boudoir.domain.entities import Account, Role, Room, RoomVisibility
from boudoir.domain.errors import AlreadyInRoom, BoudoirError, NotAllowed, NotFound
from boudoir.domain.events import ServerNotice
from boudoir.domain.ids import AccountId, CharacterId, ConnectionId, RoomId
from boudoir.domain.names import name_key
from boudoir.domain.places import (
    CharacterView,
    ExitListing,
    ExitLocked,
    ExitUnlinked,
    ExitView,
    LockSubject,
    NoSuchExit,
    NotHere,
    Present,
    RoomView,
    Seen,
    Thing,
    ThingView,
    View,
    evaluate,
    find_exit,
    find_thing,
    parse_lock,
)
from boudoir.domain.scenes import is_scene_name

DEFAULT_ROOM = "lobby"
"""Where a character without a home (or whose home is gone or closed to them) arrives."""


class NotJumpable(NotAllowed):
    code = "not_jumpable"
    default_message = "You can jump only to public rooms, or to a room you were invited to."


async def ties_between(
    store: Store, registry: Registry, actor: AccountId, subject: AccountId
) -> consent.Ties:
    """What consent needs between an online ``actor`` and a ``subject`` who may be offline:
    the registry's view for online people, the store's for the rest."""
    if subject in registry.by_account and actor in registry.by_account:
        return registry.ties(actor, subject)
    blocked_set = registry.blocked.get(actor)
    if blocked_set is None and actor not in registry.by_account:
        blocked_set = await store.relations.blocked_either_way(actor)
    return consent.Ties(
        blocked=blocked_set is not None and subject in blocked_set,
        friend=actor in await store.relations.friends_of(subject),
        share_room=registry.share_room(actor, subject),
        accepted=actor in await store.relations.contacts_of(subject),
    )


class PlaceWatch:
    """Told when someone on another node was brought into a room here (``summon``): a cluster
    node tells that node, where they stand. This one does nothing (a node alone)."""

    def placed_elsewhere(self, guest: Connection, room: RoomId, reason: str) -> bool:
        """If ``guest`` is on another node, tell it there that ``guest`` stands in ``room``
        now (True); False: ``guest`` is on this node."""
        return False


class PlaceService:
    def __init__(
        self,
        store: Store,
        registry: Registry,
        rooms: RoomService,
        clock: Clock,
        default_room: str = DEFAULT_ROOM,
    ) -> None:
        self._store = store
        self._registry = registry
        self._rooms = rooms
        self._clock = clock
        self.default_room = default_room
        """Set by the composition root with ``use_default_room``, which makes it the server's."""
        self._authored = AuthoredText(registry)
        self._where: dict[ConnectionId, RoomId] = {}
        self._seen: dict[CharacterId, dt.datetime] = {}
        """Characters gone offline since the last ``save_last_seen``: written in one batch by
        the periodic account sync, read from here meanwhile."""
        self.watch = PlaceWatch()
        """Told of a guest on another node brought to a room (a cluster node)."""

    # Where one stands ------------------------------------------------------------------------

    async def is_builder(self, account: Account) -> bool:
        """Operators build; others once an operator made them builders."""
        return account.role is Role.OPERATOR or await self._store.world.is_builder(account.id)

    def here(self, connection: Connection) -> LiveRoom | None:
        """The room this connection stands in, if it still does (a kick or a ban takes people
        out of rooms: then it stands nowhere until ``location`` sends it home)."""
        room_id = self._where.get(connection.id)
        if room_id is None or room_id not in connection.rooms:
            return None
        return self._registry.rooms.get(room_id)

    async def location(self, connection: Connection) -> Room:
        """The room this connection stands in. Put out of it (a kick, a ban, the room closed)
        or never placed, it arrives home first, as MUCKs send the ejected home."""
        live = self.here(connection)
        if live is not None:
            return live.room
        return await self.arrive(connection)

    async def arrive(self, connection: Connection, room_name: str | None = None) -> Room:
        """Place a connection at login: in ``room_name``, else the character's home, else the
        default room (created, as IRC's JOIN creates, if nobody made it yet)."""
        if room_name is not None:
            return await self.go_to(connection, room_name, "")
        home = await self._home_room(connection)
        if home is not None:
            try:
                return await self.go_to(connection, home.name, "")
            except BoudoirError:
                pass  # closed to them now (a ban, a rating): the default room takes them
        return await self.go_to(connection, self.default_room, "", create=True)

    def use_default_room(self, room_name: str) -> None:
        """Make ``room_name`` the default room: one of the server's own rooms
        (``RoomService.server_rooms``), which no visitor owns."""
        self._rooms.server_rooms.discard(name_key(self.default_room))
        self.default_room = room_name
        self._rooms.server_rooms.add(name_key(room_name))

    async def open_default_room(self) -> Room:
        """Make sure the default room exists and is the server's: created if missing, taken
        from any account that owned it (its first visitor, on a server older than this rule).
        Run at start-up."""
        return await self._rooms.give_to_server(self.default_room)

    def forget(self, connection: Connection) -> None:
        """The connection logged out: it stands nowhere."""
        self._where.pop(connection.id, None)

    async def go_to(
        self, connection: Connection, room_name: str, reason: str, *, create: bool = False
    ) -> Room:
        """Move to a room through the ordinary room rules (``RoomService.join``): join the
        new room, then leave the old one with ``reason`` ("goes north") for those there.
        Refused, it stays where it was. For the gateway's meeting commands too."""
        before = self.here(connection)
        live = await self._into(connection, room_name, create=create)
        self._stand(connection, live, before, reason)
        return live.room

    async def _into(self, connection: Connection, room_name: str, *, create: bool) -> LiveRoom:
        try:
            return await self._rooms.join(connection, room_name, create=create)
        except AlreadyInRoom:
            return self._rooms.live(connection, room_name)

    def _stand(
        self, connection: Connection, live: LiveRoom, before: LiveRoom | None, reason: str
    ) -> None:
        """``connection``, now in ``live``, stands there, and leaves where it stood before."""
        if before is not None and before.room.id != live.room.id:
            self._rooms.leave(connection, before.room.name, reason)
        self._where[connection.id] = live.room.id

    def stand_in(self, connection: Connection, room_name: str) -> Room:
        """Stand in ``room_name``, a room ``connection`` is already in (``NotInRoom`` if not),
        leaving nothing: a browser stands in the room it shows, to look and walk from there."""
        live = self._rooms.live(connection, room_name)
        self._where[connection.id] = live.room.id
        return live.room

    def placed(self, connection: Connection, room: RoomId, reason: str) -> None:
        """``connection``, of this node, was brought into ``room`` by a decision on another
        node (``summon`` there, where the host stands): it stands there now, and leaves where
        it stood, as ``go_to`` does."""
        live = self._registry.rooms.get(room)
        if live is not None and room in connection.rooms:
            self._stand(connection, live, self.here(connection), reason)

    async def summon(
        self, guest: Connection, room_name: str, reason: str, *, host: Connection
    ) -> Room:
        """Bring ``guest`` to ``room_name``, where ``host`` (who said yes to the guest's meeting
        request) stands, through the ordinary room rules (``go_to``).

        A refusal is about the guest (their attestation or ratings, a ban, the room's key): the
        guest is told why, and the host is refused as for anyone who cannot come
        (``consent.Reason.UNAVAILABLE``), learning nothing about the guest."""
        try:
            before = self.here(guest)
            live = await self._into(guest, room_name, create=False)
        except BoudoirError as error:
            told = f"You could not go to meet {host.character.name}: {error.message}"
            guest.session.deliver(ServerNotice(self._clock(), told))
            raise refused(consent.refuse(consent.Reason.UNAVAILABLE)) from None
        # Brought in by the room's rules as this node holds them. A guest on another node
        # stands there from its own node, which knows where it stood and takes it out of it.
        if not self.watch.placed_elsewhere(guest, live.room.id, reason):
            self._stand(guest, live, before, reason)
        return live.room

    # Looking ----------------------------------------------------------------------------------

    async def look(
        self,
        connection: Connection,
        target: str | None = None,
        *,
        reveal: bool = False,
        people_shown: int | None = None,
    ) -> View:
        """The room (``None`` or ``here``); else, by name: someone here, an exit, a thing
        carried or lying here. ``NotHere`` for anything else. What someone the viewer blocks
        wrote is hidden (``core.authored``) unless ``reveal``: the viewer asked to read it.
        The room names at most ``people_shown`` of its people (None: all)."""
        room = await self.location(connection)
        live = self._registry.rooms[room.id]
        if target is None or name_key(target.strip()) == "here":
            return await self._room_view(connection, live, reveal, people_shown)
        wanted = name_key(target.strip())
        if wanted == "me":
            return _character_view(connection)
        # One lookup by name, not a walk over a crowded room; someone across a block is not
        # here for the viewer.
        character_id = self._registry.by_name.get(wanted)
        conns = live.members.get(character_id) if character_id is not None else None
        if conns:
            someone = next(iter(conns))
            if not self._registry.blocks(connection.account.id, someone.account.id):
                return _character_view(someone)
        exits = await self._store.world.exits_from(room.id)
        exit = find_exit(exits, target)
        if exit is not None:
            hidden = not reveal and not self._authored.shown(connection, exit.owner_id)
            if hidden:
                exit = dataclasses.replace(exit, description="")
            return ExitView(exit, await self._room_name(exit.destination), hidden)
        thing = find_thing(await self.carried(connection), target) or find_thing(
            await self._store.world.things_in(room.id), target
        )
        if thing is not None:
            if reveal or self._authored.shown(connection, thing.owner_id):
                return ThingView(thing)
            return ThingView(dataclasses.replace(thing, description=""), True)
        raise NotHere()

    async def _room_view(
        self, connection: Connection, live: LiveRoom, reveal: bool, people_shown: int | None
    ) -> RoomView:
        authored = self._authored
        topic = authored.topic(connection, live, reveal=reveal)
        room = dataclasses.replace(live.room, topic=topic.text)
        described = reveal or not authored.description_hidden(connection, room)
        exits = [
            ExitListing(e.name, e.aliases, await self._room_name(e.destination))
            for e in await self._store.world.exits_from(room.id)
        ]
        others: int | None = None
        if people_shown is None:
            members = [
                m
                for m in self._rooms.members(connection, room.name, live)
                if m.character.id != connection.character.id
            ]
        else:
            members, others = self._rooms.some_members(connection, live, people_shown)
        people = [Present(m.character, m.status) for m in members]
        things = await self._store.world.things_in(room.id)
        hidden = 0
        if not reveal:
            things, hidden = authored.things(connection, things)
        return RoomView(
            room if described else dataclasses.replace(room, description=""),
            tuple(exits),
            tuple(people),
            tuple(things),
            topic.hidden and not reveal,
            not described,
            hidden,
            None if others is None or others == len(people) else others,
        )

    async def _room_name(self, room_id: RoomId | None) -> str | None:
        if room_id is None:
            return None
        live = self._registry.rooms.get(room_id)
        if live is not None:
            return live.room.name
        room = await self._store.rooms.get(room_id)
        return None if room is None else room.name

    async def carried(self, connection: Connection) -> list[Thing]:
        """What this character carries: with, for its owner, the things whose place is gone."""
        world = self._store.world
        carried = await world.things_carried(connection.character.id)
        adrift = [
            t
            for t in await world.things_owned_by(connection.account.id)
            if t.carrier is None and t.room is None
        ]
        return carried + adrift

    # Walking ----------------------------------------------------------------------------------

    async def go(self, connection: Connection, exit_name: str) -> Room:
        """Walk an exit of the room here: its lock, then the destination's own rules."""
        room = await self.location(connection)
        exit = find_exit(await self._store.world.exits_from(room.id), exit_name)
        if exit is None:
            raise NoSuchExit()
        if not await self.passes(connection, exit.lock, exit.owner_id):
            raise ExitLocked()
        destination = None if exit.destination is None else await self._room(exit.destination)
        if destination is None:
            raise ExitUnlinked()
        return await self.go_to(connection, destination.name, f"goes {exit.name}")

    async def passes(self, connection: Connection, lock: str, owner: AccountId) -> bool:
        """Does this connection pass ``lock`` (the text kept with an exit or a thing)?"""
        if not lock:
            return True
        subject = LockSubject(
            name=connection.character.name,
            builder=await self.is_builder(connection.account),
            owner=connection.account.id == owner,
        )
        return evaluate(parse_lock(lock), subject)

    async def _room(self, room_id: RoomId) -> Room | None:
        live = self._registry.rooms.get(room_id)
        return live.room if live is not None else await self._store.rooms.get(room_id)

    async def _home_room(self, connection: Connection) -> Room | None:
        home = await self._store.world.home(connection.character.id)
        return None if home is None else await self._room(home)

    async def home(self, connection: Connection) -> Room:
        """Go to the character's home, or to the default room when it has none."""
        home = await self._home_room(connection)
        if home is None:
            return await self.go_to(connection, self.default_room, "goes home", create=True)
        return await self.go_to(connection, home.name, "goes home")

    async def set_home(self, connection: Connection, room_name: str | None = None) -> Room:
        """Make a room (by default the one here) the character's home: a public room, or one
        the account owns, that ``home`` would let this character into now (its rating, a ban,
        its key: ``consent.join_room`` without an invitation), so that a home is never a room
        ``home`` then refuses."""
        room = await self.location(connection) if room_name is None else await self._find(room_name)
        mine = room.owner_id == connection.account.id
        if not mine and (room.visibility is not RoomVisibility.PUBLIC or is_scene_name(room.name)):
            raise NotAllowed("Your home can be a public room, or a room you own.")
        decision = consent.join_room(connection.person, room, invited=False, members=0)
        if not decision:
            raise refused(decision)
        await self._store.world.set_home(connection.character.id, room.id)
        return room

    async def _find(self, room_name: str) -> Room:
        return await self._rooms.find(room_name)

    async def jump(self, connection: Connection, room_name: str) -> Room:
        """Go straight to a public room (how telnet reaches the rooms browser and IRC users
        make, which have no exits), or to another room whose privacy lets this connection in:
        an invitation held (how the invited reach a private room, which has no exits), a place
        on its invite exceptions, or its management. Never to a scene."""
        room = await self._find(room_name)
        if is_scene_name(room.name) or not (
            room.visibility is RoomVisibility.PUBLIC or self._let_in_privately(connection, room)
        ):
            raise NotJumpable()
        return await self.go_to(connection, room.name, "jumps away")

    def _let_in_privately(self, connection: Connection, room: Room) -> bool:
        account = connection.account.id
        return (
            account in self._registry.invited.get(room.id, ())
            or account in room.invite_exceptions
            or room.is_manager(account)
        )

    # Last seen --------------------------------------------------------------------------------

    def went_offline(self, character_id: CharacterId, at: dt.datetime) -> None:
        """The character's last connection closed at ``at`` (``World.disconnect``), here or on
        another node: every node notes it, and writes it (the store keeps the latest)."""
        self._seen[character_id] = max(at, self._seen.get(character_id, at))

    async def save_last_seen(self) -> None:
        """Write the times noted since the last call. Run periodically (the account sync)."""
        if not self._seen:
            return
        seen, self._seen = self._seen, {}
        await self._store.world.set_last_seen(seen)

    async def laston(self, viewer: Connection, name: str) -> dt.datetime | Seen:
        """When the character ``name`` was last online, as ``viewer`` may know it.

        Someone whose presence is hidden from the viewer answers ``Seen.HIDDEN`` whether online
        or not; across a block, the character is unknown (``NotFound``, the same words as for
        a name nobody has), as ``World.profile`` answers."""
        missing = NotFound(f"No character is named {name!r}.")
        character = await self._store.characters.find_by_name(name.strip())
        if character is None:
            raise missing
        owner = await self._store.accounts.get(character.account_id)
        if owner is None:
            raise missing
        ties = await ties_between(self._store, self._registry, viewer.account.id, owner.id)
        looking = consent.Person.of(viewer.account)
        subject = consent.Person.of(owner, character)
        if not consent.see_profile(looking, subject, ties):
            raise missing
        if not consent.see_presence(looking, subject, ties):
            return Seen.HIDDEN
        if self._registry.by_character.get(character.id):
            return Seen.ONLINE
        seen = self._seen.get(character.id) or await self._store.world.last_seen(character.id)
        return Seen.NEVER if seen is None else seen


def _character_view(connection: Connection) -> CharacterView:
    character = connection.character
    return CharacterView(character.name, character.pronouns, character.short_description)


async def export_world(store: Store, account_id: AccountId) -> dict[str, object]:
    """What the walkable world keeps of an account, for its export."""
    world = store.world

    async def room_name(room_id: RoomId | None) -> str | None:
        room = None if room_id is None else await store.rooms.get(room_id)
        return None if room is None else room.name

    homes: dict[str, object] = {}
    last_seen: dict[str, object] = {}
    for character in await store.characters.list_for_account(account_id):
        homes[character.name] = await room_name(await world.home(character.id))
        seen = await world.last_seen(character.id)
        last_seen[character.name] = None if seen is None else seen.isoformat()
    return {
        "builder": await world.is_builder(account_id),
        "homes": homes,
        "last_seen": last_seen,
        "exits_owned": [
            {
                "name": e.spec,
                "from": await room_name(e.source),
                "to": await room_name(e.destination),
                "lock": e.lock,
                "description": e.description,
                "created_at": e.created_at.isoformat(),
            }
            for e in await world.exits_owned_by(account_id)
        ],
        "things_owned": [
            {
                "name": t.name,
                "description": t.description,
                "lock": t.lock,
                "in_room": await room_name(t.room),
                "created_at": t.created_at.isoformat(),
            }
            for t in await world.things_owned_by(account_id)
        ],
    }
