"""Building the walkable world: rooms dug, exits opened, linked and locked, descriptions,
names, recycling and examining (MUCK ``@dig``, ``@open``, ``@link``, ``@unlink``,
``@describe``, ``@name``, ``@lock``, ``@recycle``, ``examine``).

Builders are accounts an operator made so (``boudoir account builder``), and operators. Exits
are built from rooms their builder manages; things and exits are changed by their owner (or an
operator); a room's description by its managers. Private rooms and scenes have no way in: no
exit leads there.

Imports ``boudoir.core`` and ``boudoir.domain`` only.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable

from boudoir.core.places import PlaceService
from boudoir.core.ports import Clock, Store
from boudoir.core.registry import Connection, Registry
from boudoir.core.rooms import RoomService, refused
from boudoir.core.screens import Writing
from boudoir.domain import consent
from boudoir.domain.entities import Role, Room, RoomVisibility
from boudoir.domain.errors import InvalidInput, LimitExceeded, NameTaken, NotFound
from boudoir.domain.ids import RoomId
from boudoir.domain.names import name_key
from boudoir.domain.places import (
    Examination,
    Exit,
    Lock,
    NoExitsIntoPrivate,
    NotBuilder,
    NotHere,
    NotOwner,
    RoomOccupied,
    Thing,
    check_description,
    check_thing_name,
    find_exit,
    find_thing,
    new_exit_id,
    parse_exit_names,
    parse_lock,
)
from boudoir.domain.scenes import is_scene_name

MAX_EXITS_PER_ROOM = 50
"""Exits out of one room: a crossroads has a dozen; fifty keeps ``look`` readable."""

DescribeCharacter = Callable[[Connection, str], Awaitable[None]]
"""Sets the acting character's short description and tells those around (``World.describe``)."""


Target = Room | Exit | Thing | Connection
"""What a builder's command names: a room (``here``, ``#name``), an exit here, a thing carried
or here, or the acting character itself (``me``)."""


class BuildService:
    def __init__(
        self,
        store: Store,
        registry: Registry,
        rooms: RoomService,
        places: PlaceService,
        clock: Clock,
        describe_character: DescribeCharacter,
    ) -> None:
        self._store = store
        self._registry = registry
        self._rooms = rooms
        self._places = places
        self._clock = clock
        self._describe_character = describe_character

    async def set_builder(self, account_name: str, builder: bool) -> None:
        """Grant or revoke building (operators, through the CLI)."""
        account = await self._store.accounts.find_by_name(account_name)
        if account is None:
            raise NotFound(f"No account is named {account_name!r}.")
        await self._store.world.set_builder(account.id, builder, self._clock())

    async def _builder(self, connection: Connection) -> None:
        if not await self._places.is_builder(connection.account):
            raise NotBuilder()

    def _manage(self, connection: Connection, room: Room) -> None:
        decision = consent.manage_room(connection.person, room)
        if not decision:
            raise refused(decision)

    @staticmethod
    def _own(connection: Connection, owner: object) -> None:
        if connection.account.id != owner and connection.account.role is not Role.OPERATOR:
            raise NotOwner()

    async def _destination(self, name: str) -> Room:
        room = await self._rooms.find(name)
        if room.visibility is RoomVisibility.PRIVATE or is_scene_name(room.name):
            raise NoExitsIntoPrivate()
        return room

    async def _target(self, connection: Connection, target: str) -> Target:
        typed = target.strip()
        key = name_key(typed)
        if key == "here":
            return await self._places.location(connection)
        if key == "me":
            return connection
        if typed.startswith("#"):
            return await self._rooms.find(typed)
        room = await self._places.location(connection)
        exit = find_exit(await self._store.world.exits_from(room.id), typed)
        if exit is not None:
            return exit
        thing = find_thing(await self._places.carried(connection), typed) or find_thing(
            await self._store.world.things_in(room.id), typed
        )
        if thing is None:
            raise NotHere()
        return thing

    # Rooms and exits --------------------------------------------------------------------------

    async def dig(
        self, connection: Connection, name: str, *, exits: tuple[str, str] | None = None
    ) -> Room:
        """Make a public room owned by the builder's account; with ``exits`` (the way there,
        the way back: ``("North;n", "South;s")``, or ``("North;n", "")`` for no way back), an
        exit to it from here and one back.

        Every permission and exit name is checked before anything is made: a refused dig leaves
        no room behind (MUCK builders retry at once, and a stray room would take the name)."""
        await self._builder(connection)
        here = None
        if exits is not None:
            there, back = exits
            here = await self._places.location(connection)
            self._manage(connection, here)
            await self._check_new_exit(connection, here, there)
            if back:
                self._screen_exit(connection, back)
        room = await self._rooms.create(connection, name)
        if here is not None and exits is not None:
            await self._add_exit(connection, here, there, room)
            if back:
                await self._add_exit(connection, room, back, here)
        return room

    async def open(self, connection: Connection, spec: str, destination: str | None = None) -> Exit:
        """Open an exit (``"North;north;n"``) from the room here, unlinked or to
        ``destination``: a public or unlisted room, never a private one or a scene."""
        await self._builder(connection)
        here = await self._places.location(connection)
        self._manage(connection, here)
        await self._check_new_exit(connection, here, spec)
        target = None if destination is None else await self._destination(destination)
        return await self._add_exit(connection, here, spec, target)

    def _screen_exit(self, connection: Connection, spec: str) -> None:
        name, aliases = parse_exit_names(spec)
        self._rooms.screens.check(connection, Writing.BUILDING, name, *aliases)

    async def _check_new_exit(self, connection: Connection, room: Room, spec: str) -> None:
        name, aliases = parse_exit_names(spec)
        self._screen_exit(connection, spec)
        existing = await self._store.world.exits_from(room.id)
        if len(existing) >= MAX_EXITS_PER_ROOM:
            raise LimitExceeded(f"A room has at most {MAX_EXITS_PER_ROOM} exits.")
        for word in (name, *aliases):
            clash = find_exit(existing, word)
            if clash is not None:
                raise NameTaken(f"The exit {clash.name!r} here already answers to {word!r}.")

    async def _add_exit(
        self, connection: Connection, room: Room, spec: str, destination: Room | None
    ) -> Exit:
        name, aliases = parse_exit_names(spec)
        exit = Exit(
            id=new_exit_id(),
            source=room.id,
            name=name,
            owner_id=connection.account.id,
            created_at=self._clock(),
            aliases=aliases,
            destination=None if destination is None else destination.id,
        )
        await self._store.world.add_exit(exit)
        return exit

    async def _exit(self, connection: Connection, exit_name: str) -> Exit:
        target = await self._target(connection, exit_name)
        if not isinstance(target, Exit):
            raise NotHere("There is no exit by that name here.")
        self._own(connection, target.owner_id)
        return target

    async def link(self, connection: Connection, exit_name: str, destination: str) -> Exit:
        """Point an exit here, that the account owns, at a room (as ``open`` allows)."""
        exit = await self._exit(connection, exit_name)
        room = await self._destination(destination)
        exit = dataclasses.replace(exit, destination=room.id)
        await self._store.world.update_exit(exit)
        return exit

    async def unlink(self, connection: Connection, exit_name: str) -> Exit:
        exit = dataclasses.replace(await self._exit(connection, exit_name), destination=None)
        await self._store.world.update_exit(exit)
        return exit

    # Any target ------------------------------------------------------------------------------

    async def describe(self, connection: Connection, target: str, text: str) -> None:
        """Describe a room its managers manage, an exit or thing the account owns, or ``me``
        (the character's short description, shown to those around)."""
        found = await self._target(connection, target)
        if isinstance(found, Connection):
            await self._describe_character(connection, text)
            return
        text = check_description(text)
        self._rooms.screens.check(connection, Writing.BUILDING, text)
        if isinstance(found, Room):
            self._manage(connection, found)
            live = self._registry.rooms.get(found.id)
            room = dataclasses.replace(live.room if live is not None else found, description=text)
            if live is not None:
                self._registry.set_room(live, room)
            await self._store.rooms.update(room)
        elif isinstance(found, Exit):
            self._own(connection, found.owner_id)
            await self._store.world.update_exit(dataclasses.replace(found, description=text))
        else:
            self._own(connection, found.owner_id)
            await self._store.world.update_thing(dataclasses.replace(found, description=text))

    async def rename(self, connection: Connection, target: str, name: str) -> str:
        """Rename an exit (with its aliases: ``"Gate;g"``) or a thing; returns the new name.
        Rooms and characters keep their names."""
        found = await self._target(connection, target)
        if isinstance(found, Exit):
            self._own(connection, found.owner_id)
            new_name, aliases = parse_exit_names(name)
            self._screen_exit(connection, name)
            await self._store.world.update_exit(
                dataclasses.replace(found, name=new_name, aliases=aliases)
            )
            return new_name
        if isinstance(found, Thing):
            self._own(connection, found.owner_id)
            new_name = check_thing_name(name)
            self._rooms.screens.check(connection, Writing.BUILDING, new_name)
            await self._store.world.update_thing(dataclasses.replace(found, name=new_name))
            return new_name
        raise InvalidInput("Rooms and characters keep their names.")

    async def lock(self, connection: Connection, target: str, expression: str) -> Lock:
        """Lock an exit (who may walk it) or a thing (who may pick it up) the account owns."""
        found = await self._locked(connection, target)
        lock = parse_lock(expression)
        await self._set_lock(found, lock.text)
        return lock

    async def unlock(self, connection: Connection, target: str) -> None:
        await self._set_lock(await self._locked(connection, target), "")

    async def _locked(self, connection: Connection, target: str) -> Exit | Thing:
        found = await self._target(connection, target)
        if not isinstance(found, Exit | Thing):
            raise InvalidInput("Only exits and things take locks; a room has its key.")
        self._own(connection, found.owner_id)
        return found

    async def _set_lock(self, found: Exit | Thing, text: str) -> None:
        if isinstance(found, Exit):
            await self._store.world.update_exit(dataclasses.replace(found, lock=text))
        else:
            await self._store.world.update_thing(dataclasses.replace(found, lock=text))

    async def recycle(self, connection: Connection, target: str) -> str:
        """Destroy a room the account owns once nobody is in it (its exits go; exits into it
        are unlinked), or an exit or thing it owns. Returns the name of what went."""
        found = await self._target(connection, target)
        if isinstance(found, Room):
            self._own(connection, found.owner_id)
            if found.id in self._registry.rooms:
                raise RoomOccupied()
            await self._store.rooms.delete(found.id)
        elif isinstance(found, Exit):
            self._own(connection, found.owner_id)
            await self._store.world.delete_exit(found.id)
        elif isinstance(found, Thing):
            self._own(connection, found.owner_id)
            await self._store.world.delete_thing(found.id)
        else:
            raise InvalidInput("Characters are not recycled.")
        return found.name

    async def examine(self, connection: Connection, target: str) -> Examination:
        """The details of a room, exit or thing: for its owner (a room's managers), builders
        and operators."""
        found = await self._target(connection, target)
        if isinstance(found, Connection):
            raise InvalidInput("Look at people, or read their profile.")
        owner_id = found.owner_id
        yours = owner_id == connection.account.id or (
            isinstance(found, Room) and found.is_manager(connection.account.id)
        )
        if not yours and not await self._places.is_builder(connection.account):
            raise NotOwner()
        owner = None
        if connection.account.role is Role.OPERATOR:
            account = await self._store.accounts.get(owner_id)
            owner = None if account is None else account.name
        if isinstance(found, Room):
            return Examination("room", found.id, found.name, yours, owner, found.description)
        if isinstance(found, Exit):
            return Examination(
                "exit",
                found.id,
                found.name,
                yours,
                owner,
                found.description,
                found.lock,
                found.aliases,
                source=await self._room_name(found.source),
                destination=await self._room_name(found.destination),
            )
        location = "carried" if found.room is None else await self._room_name(found.room)
        return Examination(
            "thing", found.id, found.name, yours, owner, found.description, found.lock,
            location=location,
        )  # fmt: skip

    async def _room_name(self, room_id: RoomId | None) -> str | None:
        if room_id is None:
            return None
        room = await self._store.rooms.get(room_id)
        return None if room is None else room.name
