"""The world: the core's front door. Gateways hold one ``World`` and call its services.

``World`` wires the services over one store, one registry of live state and one clock, and
handles what spans them: connecting, switching character, disconnecting, and noticing account
changes made elsewhere (the CLI, another node; ``core.account_sync``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable

from boudoir.core import account_sync
from boudoir.core.account_sync import PASSWORD_CHANGED
from boudoir.core.accounts import AccountService
from boudoir.core.ads import AdService
from boudoir.core.authored import AuthoredText
from boudoir.core.automod import AutomodService
from boudoir.core.building import BuildService
from boudoir.core.calls import CallService, CamService
from boudoir.core.characters import CharacterService, Profile
from boudoir.core.cluster import Bus, LocalBus
from boudoir.core.cluster.node import ClusterNode
from boudoir.core.cluster.wiring import join_cluster
from boudoir.core.logins import LoginService
from boudoir.core.logs import LogService
from boudoir.core.mail import MailService
from boudoir.core.meetings import MeetingService
from boudoir.core.message_edits import MessageEdits
from boudoir.core.messaging import MessagingService
from boudoir.core.moderation import ModerationService
from boudoir.core.naming import claim_guest_nick
from boudoir.core.places import PlaceService
from boudoir.core.ports import Clock, PasswordHasher, Session, Store, utc_now
from boudoir.core.presence import PresenceService
from boudoir.core.presence_interest import SHOWS_EVERYONE, Shows
from boudoir.core.profiles import ProfileService
from boudoir.core.registry import Connection, Presence, Registry
from boudoir.core.relations import RelationService
from boudoir.core.replay import ReplayBuffers
from boudoir.core.rooms import RoomService
from boudoir.core.scenes import SceneService
from boudoir.core.screens import Author, Screens
from boudoir.core.skeleton import skeleton
from boudoir.core.things import ThingService
from boudoir.domain import consent
from boudoir.domain.entities import (
    Account,
    Audience,
    Character,
    Interest,
    Role,
)
from boudoir.domain.errors import (
    AuthenticationFailed,
    AwaitingApproval,
    InvalidInput,
    NotAllowed,
    NotFound,
)
from boudoir.domain.events import ProfileChanged, SessionClosed
from boudoir.domain.ids import AccountId, ConnectionId
from boudoir.domain.moderation import is_staff
from boudoir.domain.names import name_key
from boudoir.domain.profiles import ProfilePatch

CONNECTION_CLOSED = "Connection closed"
"""What the others in someone's rooms see when a session ends for a reason that is that
person's own business (a suspension and its reason, an erasure): the words of any dropped
connection, so a departure tells bystanders nothing more."""


class World:
    def __init__(
        self,
        store: Store,
        hasher: PasswordHasher,
        clock: Clock = utc_now,
        bus: Bus | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.bus: Bus = LocalBus() if bus is None else bus
        """The link to the other nodes of a cluster (``core.cluster``); alone, a ``LocalBus``."""
        # Each service is built, as a local, from the ones it needs: one used before it is
        # built is an UnboundLocalError on the first World made, whatever order these lines
        # are in. Services never register themselves with each other; the hooks below do.
        registry = Registry()
        screens = Screens()
        accounts = AccountService(store, hasher, clock)
        characters = CharacterService(store, clock, screens)
        rooms = RoomService(store, registry, clock, screens)
        presence = PresenceService(registry, clock, screens)
        authored = AuthoredText(registry)
        messages = MessagingService(store, registry, rooms, clock, screens)
        relations = RelationService(store, registry, rooms, messages, presence)
        scenes = SceneService(registry, rooms, screens, relations, clock)
        meetings = MeetingService(registry, relations, clock)
        calls = CallService(registry, clock)
        profiles = ProfileService(store, registry, relations, characters)
        logins = LoginService(store, clock)
        moderation = ModerationService(
            store, registry, rooms, messages, clock, self.end_private_sessions
        )
        cams = CamService(registry, rooms, calls, clock, moderation.screen)
        automod = AutomodService(store, registry, messages, clock)
        logs = LogService(store, registry, rooms, clock)
        edits = MessageEdits(store, registry, messages, logs.flush, clock)
        # The walkable world: where MU* connections stand, building, things, mail.
        places = PlaceService(store, registry, rooms, clock)
        building = BuildService(store, registry, rooms, places, clock, self.describe)
        things = ThingService(store, registry, places, clock, screens)
        mail = MailService(store, registry, messages, clock, screens)
        replay = ReplayBuffers(registry, clock)
        ads = AdService(registry, rooms, characters, replay, screens, clock)

        # The hooks between services, each list in the order it runs. Every text written for
        # others passes a paused scene (only out-of-character speech), then mutes and
        # suspensions, then automod, which files what it holds into moderation's queue.
        screens.extend((scenes.screen, moderation.screen, automod.screen))
        automod.attach(moderation)
        rooms.observers.extend((scenes.membership_changed, logs.membership_changed))
        rooms.observers.extend((replay.membership_changed, cams.membership_changed))
        messages.observers.extend((logs.observe, rooms.feed.heard, replay.said))
        messages.private_observers.append(replay.private)
        messages.recent.observers.append(replay.changed)
        messages.on_accept.append(mail.post_held)
        accounts.login_checks.append(moderation.check_login)
        relations.blocked_observers.extend((calls.blocked, cams.blocked))
        scenes.safeword_observers.extend((calls.safeword, cams.safeword))
        accounts.add_listener(logs.account_changed)
        accounts.add_listener(functools.partial(account_sync.account_changed, self))

        self.registry = registry
        self.screens = screens
        """What every text written for others passes (``core.screens``): mutes and suspensions,
        a paused scene, automod. Every service that takes such a text calls it."""
        self.accounts = accounts
        self.invitations = accounts.invitations
        self.characters = characters
        self.profiles = profiles  # comparing, partner search, images (``core.profiles``)
        self.ads = ads  # "looking for roleplay" ads in rooms that take them (``core.ads``)
        self.rooms = rooms
        self.presence = presence
        self.authored = authored
        self.messages = messages
        self.edits = edits
        self.relations = relations
        self.scenes = scenes
        self.meetings = meetings
        self.calls = calls  # calls and cams (``core.calls``): off until given a TURN relay
        self.cams = cams
        self.logins = logins
        self.moderation = moderation
        self.automod = automod
        self.logs = logs
        self.places = places
        self.building = building
        self.things = things
        self.mail = mail
        self.replay = replay
        """The last lines of each room and conversation, in memory only (``core.replay``)."""
        self.cluster: ClusterNode | None = join_cluster(self) if self.bus.clustered else None
        """This node's part in a cluster (``core.cluster.wiring``); None for a node alone."""

    def connection(self, connection_id: ConnectionId) -> Connection:
        try:
            return self.registry.connections[connection_id]
        except KeyError:
            raise NotFound("That connection is not logged in.") from None

    async def claim_guest_nick(self, connection_id: ConnectionId, nick: str) -> None:
        """Let a guest (connected, not logged in) hold ``nick``, or refuse it with why
        (``core.naming.claim_guest_nick``). Logging in frees it; so must the gateway, with
        ``release_guest_nick``, when the guest leaves."""
        await claim_guest_nick(self.store, self.registry, connection_id, nick)

    def release_guest_nick(self, connection_id: ConnectionId) -> None:
        self.registry.release_guest_nick(connection_id)

    def guest_holds(self, nick: str) -> bool:
        """Whether a guest holds ``nick``, or a look-alike of it."""
        return self.registry.guest_nick_holder(nick, skeleton(nick)) is not None

    async def connect(
        self,
        session: Session,
        account: Account,
        *,
        character: str | None = None,
        address: str = "",
        shows: Shows = SHOWS_EVERYONE,
    ) -> Connection:
        """Log ``session`` in as ``account``, acting as the named character (by default its
        first). Others who may see it are told the character is online. ``shows``: what the
        session shows of others' presence (``PresenceService.shows`` changes it later)."""
        if session.connection_id in self.registry.connections:
            raise InvalidInput("This connection is already logged in.")
        if account.awaiting_approval:
            raise AwaitingApproval()
        if character is not None:
            chosen = await self.characters.owned(account.id, character)
        else:
            characters = await self.characters.of_account(account.id)
            if not characters:
                raise NotFound("This account has no character yet; create one first.")
            chosen = characters[0]
        await self.relations.cache(account.id)
        connection = Connection(session, account, chosen, address)
        first = chosen.id not in self.registry.by_character
        self.registry.add(connection)
        self.presence.arrived(connection, shows)
        if first:
            self.presence.announce(connection, online=True)
        if self.cluster is not None and self.cluster.replay is not None:
            # What the other nodes delivered to this person, for a replay as they left it.
            self.cluster.replay.ask(connection)
        return connection

    async def replay_ready(self, connection: Connection) -> None:
        """Before reading a replay for ``connection``: what the other nodes delivered to its
        person is in this node's buffers (``core.cluster.replay``; at once on a node alone)."""
        if self.cluster is not None and self.cluster.replay is not None:
            await self.cluster.replay.ready(connection.account.id)

    def disconnect(self, connection: Connection, reason: str = "") -> None:
        """The connection is gone: it leaves its rooms and, if it was the character's last,
        the character goes offline."""
        if self.registry.connections.get(connection.id) is not connection:
            return
        last = len(self.registry.character_connections(connection.character.id)) == 1
        self.meetings.forget(connection)
        self.calls.forget(connection)
        self.rooms.feed.unwatch(connection)
        self.places.forget(connection)
        self.things.forget(connection)
        self.rooms.leave_all(connection, reason, quit=last)
        if last:
            self._went_offline(connection)
        self.registry.remove(connection)
        self.presence.departed_here(connection)

    def _went_offline(self, connection: Connection) -> None:
        """``connection`` was its character's last: those who may see it are told it went
        offline, and when is remembered here and on every other node."""
        self.presence.announce(connection, online=False)
        at = self.clock()
        self.went_offline(connection, at)
        self.registry.watch.went_offline(connection, at)

    def went_offline(self, connection: Connection, at: dt.datetime) -> None:
        """Remember that ``connection``'s character went offline at ``at`` (last seen, WHOWAS),
        decided here or on another node."""
        self.presence.remember(connection, at)
        self.places.went_offline(connection.character.id, at)

    async def confirm_staff(self, connection: Connection, name: str, password: str) -> Role:
        """The staff role of ``connection``'s own account, once its password proves it (IRC's
        OPER): ``name`` is the account's name or one of its characters'. The password is
        checked as a login is, throttled (``AccountService.authenticate``). Refused alike,
        with ``AuthenticationFailed``, for a wrong password, an unknown name and someone
        else's name (whose password is never tried: no one takes another account's role); an
        account without a staff role gets ``NotAllowed``."""
        account = connection.account
        key = name_key(name.strip())
        own = key == name_key(account.name) or any(
            name_key(c.name) == key for c in await self.characters.of_account(account.id)
        )
        if not own:
            raise AuthenticationFailed()
        checked = await self.accounts.authenticate(
            account.name, password, address=connection.address
        )
        if checked.id != account.id:
            raise AuthenticationFailed()
        if not is_staff(consent.Person.of(checked)):
            raise NotAllowed("Your account has no staff role.")
        return checked.role

    async def switch_character(self, connection: Connection, name: str) -> None:
        """Act as another character of the same account. The old one leaves its rooms."""
        character = await self.characters.owned(connection.account.id, name)
        if character.id == connection.character.id:
            return
        self.meetings.forget(connection)
        self.calls.forget(connection)
        self.places.forget(connection)
        self.things.forget(connection)
        self.rooms.leave_all(connection, "switched character")
        if len(self.registry.character_connections(connection.character.id)) == 1:
            self._went_offline(connection)
        self.registry.move_character(connection, character)
        if len(self.registry.character_connections(character.id)) == 1:
            self.presence.announce(connection, online=True)

    async def recase_character(self, account_id: AccountId, name: str, new_name: str) -> Character:
        """Show the account's character ``name`` as ``new_name``, the same name in another
        case ("alice" as "Alice"; see ``CharacterService.recase``). Every live connection of it
        takes the new name at once, and its own connections and everyone who may see it are
        told (``PresenceService.renamed``). The name it has already changes nothing and tells
        no one. Returns the character as it is now."""
        before = await self.characters.owned(account_id, name)
        character = await self.characters.recase(before, new_name)
        if character is before:
            return character
        # The store has the new name; whichever of the character's connections are here now
        # take it (the one that asked may have closed meanwhile).
        mine = self.registry.character_connections(character.id)
        for conn in mine:
            conn.character = dataclasses.replace(conn.character, name=character.name)
        self.registry.watch.character_changed(character)
        if mine:
            self.presence.renamed(next(iter(mine)), before.name)
        return character

    async def describe(self, connection: Connection, description: str) -> None:
        """Change the acting character's short description; those who share a room with it
        (except across a block) are told."""
        character = await self.characters.update_profile(
            connection.character, writer=connection, short_description=description
        )
        mine = self.registry.character_connections(character.id)
        for conn in mine:
            conn.character = character
        self.registry.watch.character_changed(character)
        self._tell_description(connection, character)

    def _tell_description(self, connection: Connection, character: Character) -> None:
        mine = self.registry.character_connections(character.id)
        event = ProfileChanged(self.clock(), connection.ref, character.short_description)
        rooms = {room_id for conn in mine for room_id in conn.rooms}
        told: set[ConnectionId] = set()
        for room_id in sorted(rooms):
            for conn in self.registry.rooms[room_id].connections():
                if (
                    conn.character.id == character.id
                    or conn.id in told
                    or self.registry.blocks(conn.account.id, connection.account.id)
                ):
                    continue
                told.add(conn.id)
                conn.session.deliver(event)

    async def profile(self, viewer: Account, name: str) -> Profile:
        """The character ``name`` as ``viewer`` may see it, connected or not. ``NotFound``,
        with the same words, when there is none or a block stands either way between them."""
        missing = NotFound(f"No character is named {name!r}.")
        character = await self.store.characters.find_by_name(name.strip())
        if character is None:
            raise missing
        owner = await self.store.accounts.get(character.account_id)
        if owner is None:
            raise missing
        ties = await self.relations.ties(viewer.id, owner.id)
        looking, owning = consent.Person.of(viewer), consent.Person.of(owner, character)
        if not consent.see_profile(looking, owning, ties):
            raise missing
        online = bool(self.registry.by_character.get(character.id)) and consent.see_presence(
            looking, owning, ties
        )
        presence = self.registry.presence.get(character.id, Presence()) if online else None
        sections = consent.sections_shown(looking, owning, character.visibility, ties)
        return Profile(character, online, presence.status if presence else None, sections)

    async def update_character(
        self,
        account_id: AccountId,
        name: str,
        *,
        pronouns: str | None = None,
        short_description: str | None = None,
        long_description: str | None = None,
        declared_age: int | None = None,
        interests: list[Interest] | None = None,
        hard_limits: list[str] | None = None,
        profile_audience: Audience | None = None,
        profile: ProfilePatch | None = None,
    ) -> Character:
        """Change one of the account's characters (``None``: unchanged). Its live connections
        act with the new profile at once; a new short description is shown as ``describe``
        shows it."""
        before = await self.characters.owned(account_id, name)
        character = await self.characters.update_profile(
            before,
            writer=Author(await self.accounts.get(account_id), before),
            pronouns=pronouns,
            short_description=short_description,
            long_description=long_description,
            declared_age=declared_age,
            interests=interests,
            hard_limits=hard_limits,
            profile_audience=profile_audience,
            profile=profile,
        )
        mine = self.registry.character_connections(character.id)
        for conn in mine:
            conn.character = character
        self.registry.watch.character_changed(character)
        if mine and character.short_description != before.short_description:
            self._tell_description(next(iter(mine)), character)
        return character

    async def delete_character(self, account_id: AccountId, name: str) -> None:
        """Delete one of the account's characters, unless it is online right now."""
        character = await self.characters.owned(account_id, name)
        if self.registry.character_connections(character.id):
            raise InvalidInput(
                f"{character.name} is online; switch to another character or log out first."
            )
        await self.characters.delete(account_id, name)

    def end_sessions(
        self,
        reason: str,
        connections: list[Connection] | None = None,
        *,
        shown: str | None = None,
    ) -> None:
        """Tell each connection (by default every one) ``reason``, log it out and close it.
        The others in its rooms see it leave with ``shown`` (by default ``reason``)."""
        if connections is None:
            connections = list(self.registry.connections.values())
        for connection in connections:
            connection.session.deliver(SessionClosed(self.clock(), reason))
            self.disconnect(connection, reason if shown is None else shown)
            connection.session.close(reason)

    def end_private_sessions(self, reason: str, connections: list[Connection]) -> None:
        """End ``connections`` telling them ``reason``, which is nobody else's business: the
        others in their rooms see an ordinary dropped connection (``CONNECTION_CLOSED``)."""
        self.end_sessions(reason, connections, shown=CONNECTION_CLOSED)

    async def end_other_sessions(
        self,
        account_id: AccountId,
        *,
        keep_login: str | None = None,
        spare: Callable[[Session], bool] = lambda _session: False,
    ) -> list[str]:
        """After a password change: whoever held the old password may be logged in elsewhere.
        Every browser login of the account but ``keep_login`` ends, and every connection of
        it, on every gateway, that ``spare`` does not keep (the one that made the change) is
        told ``PASSWORD_CHANGED`` and closed. Returns the login ids ended."""
        ended = await self.logins.end_all(account_id, keep=keep_login)
        connections = self.registry.by_account.get(account_id, ())
        self.end_private_sessions(
            PASSWORD_CHANGED, [c for c in connections if not spare(c.session)]
        )
        return ended

    async def sync_accounts(self) -> None:
        """Pick up changes to online accounts made outside this process, and write the
        last-seen times noted since the last run. Run periodically."""
        await account_sync.sync_accounts(self)

    async def account_changed_elsewhere(self, account_id: AccountId) -> None:
        """Another node (or the CLI, through the bus) changed ``account_id``: pick it up now."""
        await account_sync.account_changed_elsewhere(self, account_id)
