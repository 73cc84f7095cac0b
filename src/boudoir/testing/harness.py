"""A client harness that makes a core test read like a session.

world = await TestWorld.start()
alice = await world.person("alice")
bob = await world.person("bob")
await alice.join("lobby"); await bob.join("lobby")
alice.say("lobby", "hi")
assert bob.saw("alice says hi")
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import ClassVar, Generic, ParamSpec, TypeVar

from boudoir.core.cluster.remote import RemoteSession
from boudoir.core.commands import Context, run
from boudoir.core.passwords import Argon2Hasher, Argon2Parameters
from boudoir.core.ports import Clock, Session, deliver_each, utc_now
from boudoir.core.registry import Connection
from boudoir.core.world import World
from boudoir.domain.entities import (
    Account,
    DirectMessagePolicy,
    PresenceVisibility,
    RoomVisibility,
    Status,
)
from boudoir.domain.events import (
    CharacterRenamed,
    DiceRolled,
    DirectMessageSent,
    DirectoryUpdated,
    Event,
    HandAnswered,
    InvitationSent,
    LogStateChanged,
    MailReceived,
    MeetDeclined,
    MeetRequestReceived,
    MemberJoined,
    MemberKicked,
    MemberLeft,
    MessageDeleted,
    MessageEdited,
    MessageKind,
    MessageRequestAnswered,
    MessageRequestReceived,
    PresenceChanged,
    ProfileChanged,
    RoomInvitationReceived,
    RoomMessageSent,
    RoomSettingChanged,
    ServerNotice,
    SessionClosed,
    SignalSent,
    ThingOffered,
    TopicChanged,
)
from boudoir.domain.ids import ConnectionId
from boudoir.domain.intents import DeleteMessage, EditMessage, Intent
from boudoir.domain.ratings import Rating
from boudoir.domain.replies import MessageChanged, Reply
from boudoir.testing.fakes import MemoryStore
from boudoir.testing.scenes import describe_scene

FAST_HASHING = Argon2Parameters(time_cost=1, memory_cost_kib=8, parallelism=1)
"""Real argon2id at toy cost: tests hash hundreds of passwords."""

PASSWORD = "correct horse battery"  # noqa: S105 (a test fixture)
ADULT_BIRTHDAY = dt.date(1990, 5, 17)

_connection_numbers = itertools.count(1)


def describe(event: Event) -> str:
    """One line in plain words, as a person would read it in any client."""
    match event:
        case RoomMessageSent(kind=MessageKind.POSE):
            return f"[{event.room.name}] {event.sender.name} {event.text}"
        case RoomMessageSent(kind=MessageKind.WHISPER):
            assert event.recipient is not None
            return f"[{event.room.name}] {event.sender.name} whispers to {event.recipient.name}: {event.text}"  # noqa: E501
        case RoomMessageSent():
            return f"[{event.room.name}] {event.sender.name} {event.kind.value}s {event.text}"
        case DiceRolled():
            return f"[{event.room.name}] {event.roller.name} rolls {event.summary()}"
        case DirectMessageSent():
            return f"{event.sender.name} -> {event.recipient.name}: {event.text}"
        case MessageRequestReceived(letter_subject=str(subject)):
            return f"request from {event.sender.name}: a letter, {subject}"
        case MessageRequestReceived():
            return f"request from {event.sender.name}: {event.text}"
        case MessageRequestAnswered():
            answer = "accepted" if event.accepted else "declined"
            return f"request from {event.sender.name} {answer}"
        case MemberJoined():
            return f"{event.character.name} joined {event.room.name}"
        case MemberLeft():
            return f"{event.character.name} left {event.room.name}"
        case MemberKicked():
            by = event.by.name if event.by is not None else "the server"
            reason = f" ({event.reason})" if event.reason else ""
            return f"{event.character.name} was kicked from {event.room.name} by {by}{reason}"
        case RoomSettingChanged():
            by = event.by.name if event.by is not None else "the server"
            state = "on" if event.enabled else "off"
            value = f" {event.value}" if event.value else ""
            return f"{by} set {event.setting.value} {state}{value} in {event.room.name}"
        case TopicChanged():
            if event.hidden:
                return f"topic of {event.room.name}: hidden by your block"
            return f"topic of {event.room.name}: {event.topic}"
        case PresenceChanged():
            state = event.status.value if event.online else "offline"
            return f"{event.character.name} is {state}"
        case CharacterRenamed():
            return f"{event.old_name} is now known as {event.character.name}"
        case RoomInvitationReceived():
            return f"{event.by.name} invites you to {event.room.name}"
        case SignalSent():
            where = event.room.name if event.room is not None else "you"
            tags = " ".join(f"{k}={v}" for k, v in event.client_tags)
            return f"{event.sender.name} signals {tags} to {where}"
        case InvitationSent():
            return f"{event.by.name} invited {event.invitee.name} to {event.room.name}"
        case ProfileChanged():
            return f"{event.character.name} is now described as: {event.description}"
        case ServerNotice():
            return f"notice: {event.text}"
        case SessionClosed():
            return f"closed: {event.reason}"
        case LogStateChanged():
            state = "on" if event.on else "proposed" if event.proposed else "off"
            return f"logging {state} in {event.room.name} ({event.change.value})"
        case MessageEdited() | MessageDeleted():
            return _change(event)
        case MeetRequestReceived():
            return f"{event.requester.name} asks to meet you"
        case MeetDeclined():
            return f"{event.by.name} declined to meet"
        case ThingOffered():
            return f"{event.giver.name} hands you {event.thing}"
        case HandAnswered():
            answer = "accepted" if event.accepted else "declined"
            return f"{event.receiver.name} {answer} {event.thing}"
        case MailReceived():
            return f"mail from {event.sender}: {event.subject}"
        case DirectoryUpdated(listing=listing) if listing is not None:
            return f"directory: {event.name} has {listing.members} ({listing.topic})"
        case DirectoryUpdated():
            return f"directory: {event.name} unlisted"
    scene = describe_scene(event)
    if scene is not None:
        return scene
    raise AssertionError(f"unknown event {event!r}")


def _change(event: MessageEdited | MessageDeleted) -> str:
    where = f"[{event.room.name}] " if event.room is not None else ""
    to = f" to {event.recipient.name}" if event.recipient is not None else ""
    if isinstance(event, MessageEdited):
        return f"{where}{event.sender.name} edited a line{to}: {event.text}"
    if event.by_moderator:
        return f"{where}a moderator removed a line{to} by {event.sender.name}"
    return f"{where}{event.sender.name} deleted a line{to}"


P = ParamSpec("P")
R = TypeVar("R")


class HeldCall(Generic[P, R]):
    """Wraps an async store method and holds its first call until ``release()``: a test can
    make something else happen while a use case waits on the store."""

    def __init__(self, method: Callable[P, Awaitable[R]]) -> None:
        self._method = method
        self.waiting = asyncio.Event()
        """Set when the first call is being held."""
        self._released = asyncio.Event()

    async def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        if not self.waiting.is_set():
            self.waiting.set()
            await self._released.wait()
        return await self._method(*args, **kwargs)

    def release(self) -> None:
        self._released.set()


@dataclass(eq=False)
class RecordingSession:
    """A ``Session`` that keeps everything delivered to it."""

    connection_id: ConnectionId = field(
        default_factory=lambda: ConnectionId(f"test-{next(_connection_numbers)}")
    )
    gateway: str = "test"
    events: list[Event] = field(default_factory=list)
    closed: str | None = None

    def deliver(self, event: Event) -> None:
        self.events.append(event)

    def close(self, reason: str) -> None:
        self.closed = reason

    @staticmethod
    def deliver_to_all(sessions: Sequence[Session], event: Event, exclude: Session | None) -> None:
        deliver_each(sessions, event, exclude)


@dataclass(eq=False)
class TestPerson:
    """One connection of a person, with verbs that read like what they do."""

    __test__: ClassVar[bool] = False  # a helper, not a test class for pytest to collect

    world: World
    account: Account
    session: RecordingSession
    connection: Connection

    @property
    def name(self) -> str:
        return self.connection.character.name

    def is_behind(self, connection: Connection) -> bool:
        """Whether ``connection`` is this person's connection, or the picture of it that another
        node keeps (a cluster node answers with that one)."""
        session = connection.session
        if isinstance(session, RemoteSession):
            return session.node == self.world.bus.node and session.local_id == self.connection.id
        return connection is self.connection

    # What they do.
    async def join(self, room: str) -> None:
        await self.world.rooms.join(self.connection, room, create=True)

    def leave(self, room: str) -> None:
        self.world.rooms.leave(self.connection, room)

    def say(self, room: str, text: str) -> RoomMessageSent:
        return self.world.messages.say(self.connection, room, text)

    def pose(self, room: str, text: str) -> RoomMessageSent:
        return self.world.messages.say(self.connection, room, text, MessageKind.POSE)

    def ooc(self, room: str, text: str) -> RoomMessageSent:
        return self.world.messages.say(self.connection, room, text, MessageKind.OOC)

    def roll(self, room: str, dice: str) -> DiceRolled:
        return self.world.messages.roll(self.connection, room, dice)

    def whisper(self, room: str, to: str, text: str) -> RoomMessageSent:
        return self.world.messages.whisper(self.connection, room, to, text)

    async def message(self, to: str, text: str) -> DirectMessageSent:
        return (await self.world.messages.direct(self.connection, to, text)).event

    async def do(self, intent: Intent) -> Reply | None:
        """Give ``intent`` as a gateway would: the reply the core answers with."""
        return await run(Context.of(self.world, self.connection), intent)

    async def edit(self, message_id: str, text: str) -> MessageEdited:
        """Edit one's own message, as a gateway asks it (``EditMessage``)."""
        reply = await self.do(EditMessage(message_id, text))
        assert isinstance(reply, MessageChanged)
        assert isinstance(reply.event, MessageEdited)
        return reply.event

    async def delete(self, message_id: str) -> MessageDeleted:
        """Delete one's own message, or remove another's as a moderator (``DeleteMessage``)."""
        reply = await self.do(DeleteMessage(message_id))
        assert isinstance(reply, MessageChanged)
        assert isinstance(reply.event, MessageDeleted)
        return reply.event

    async def block(self, name: str) -> None:
        await self.world.relations.block(self.connection, name)

    async def unblock(self, name: str) -> None:
        await self.world.relations.unblock(self.connection, name)

    async def befriend(self, name: str) -> None:
        await self.world.relations.add_friend(self.connection, name)

    async def accept(self, name: str) -> None:
        await self.world.messages.accept(self.connection, name)

    def decline(self, name: str) -> None:
        self.world.messages.decline(self.connection, name)

    async def set_policy(self, policy: DirectMessagePolicy) -> None:
        await self.world.accounts.update_settings(self.account.id, dm_policy=policy)

    async def set_presence(self, visibility: PresenceVisibility) -> None:
        await self.world.accounts.update_settings(self.account.id, presence_visibility=visibility)

    def quit(self) -> None:
        self.world.disconnect(self.connection, "quit")

    async def enter(self, room: str) -> None:
        """Join a room that must already exist (``join`` creates it when missing)."""
        await self.world.rooms.join(self.connection, room)

    async def create_room(
        self,
        room: str,
        *,
        rating: Rating = Rating.GENERAL,
        visibility: RoomVisibility = RoomVisibility.PUBLIC,
        member_limit: int | None = None,
    ) -> None:
        """Create a room as its owner and join it."""
        await self.world.rooms.create(
            self.connection, room, rating=rating, visibility=visibility, member_limit=member_limit
        )
        await self.enter(room)

    async def invite(self, room: str, name: str) -> None:
        await self.world.rooms.invite(self.connection, room, name)

    async def ban(self, room: str, name: str) -> None:
        await self.world.rooms.ban(self.connection, room, name)

    async def unban(self, room: str, name: str) -> None:
        await self.world.rooms.unban(self.connection, room, name)

    async def set_topic(self, room: str, topic: str) -> None:
        await self.world.rooms.set_topic(self.connection, room, topic)

    def members(self, room: str) -> list[str]:
        """Who this person sees in ``room``."""
        return [m.character.name for m in self.world.rooms.members(self.connection, room)]

    async def directory(self) -> list[str]:
        """The names of the rooms listed for this person."""
        return [listing.room.name for listing in await self.world.rooms.directory(self.connection)]

    def online(self) -> list[str]:
        """The characters this person sees online, as ``name (status: message)``."""
        return [
            f"{o.character.name} ({o.status.value}: {o.message})"
            if o.message
            else f"{o.character.name} ({o.status.value})"
            for o in self.world.presence.online(self.connection)
        ]

    def set_status(self, status: Status, message: str = "") -> None:
        self.world.presence.set_status(self.connection, status, message)

    async def recase(self, name: str) -> None:
        """Show this character's name in another case."""
        await self.world.recase_character(self.account.id, self.name, name)

    async def switch_to(self, character: str) -> None:
        await self.world.switch_character(self.connection, character)

    async def unfriend(self, name: str) -> None:
        await self.world.relations.remove_friend(self.connection, name)

    async def opt_in(self, *ratings: Rating) -> None:
        """Choose the ratings this account takes part in (general is always kept)."""
        await self.world.accounts.update_settings(self.account.id, ratings=ratings)

    # What they saw.
    def lines(self) -> list[str]:
        return [describe(e) for e in self.session.events]

    def saw(self, text: str) -> bool:
        """Did a line containing ``text`` reach this connection?"""
        return any(text in line for line in self.lines())

    def forget(self) -> None:
        """Clear what was seen so far, to look only at what comes next."""
        self.session.events.clear()


class TestWorld:
    """A ``World`` over an in-memory store, with people to act in it."""

    __test__: ClassVar[bool] = False

    def __init__(self, world: World) -> None:
        self.world = world

    @classmethod
    async def start(cls, clock: Clock = utc_now) -> TestWorld:
        return cls(World(MemoryStore(), Argon2Hasher(FAST_HASHING), clock))

    async def register(
        self,
        name: str,
        *,
        attested: bool = True,
        adult_character: bool = True,
        ratings: tuple[Rating, ...] = (Rating.GENERAL, Rating.MATURE, Rating.ADULT),
        policy: DirectMessagePolicy = DirectMessagePolicy.ANYONE,
    ) -> Account:
        world = self.world
        account = await world.accounts.register(name, PASSWORD, ADULT_BIRTHDAY, attest=attested)
        if attested:
            account = await world.accounts.update_settings(account.id, ratings=ratings)
        account = await world.accounts.update_settings(account.id, dm_policy=policy)
        if adult_character:
            character = await world.characters.owned(account.id, name)
            await world.characters.update_profile(character, declared_age=30)
        return account

    async def login(
        self, name: str, *, character: str | None = None, address: str = "127.0.0.1"
    ) -> TestPerson:
        account = await self.world.accounts.authenticate(name, PASSWORD, address=address)
        session = RecordingSession()
        connection = await self.world.connect(
            session, account, character=character, address=address
        )
        return TestPerson(self.world, account, session, connection)

    async def person(self, name: str, **options: object) -> TestPerson:
        """Register ``name`` (attested, adult, accepting messages from anyone) and log in."""
        await self.register(name, **options)  # type: ignore[arg-type]
        return await self.login(name)
