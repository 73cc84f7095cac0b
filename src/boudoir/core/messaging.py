"""Messages: speech in rooms, whispers, direct messages and message requests.

The hot path is ``say``: one event built once, then per recipient one set lookup (blocks) and
one non-blocking ``deliver``. Nothing is stored: message text lives only in flight, and in the
bounded queue of a message request until the recipient accepts or declines it (with the
letters of someone not yet accepted, ``core.mail``, which reach the mailbox only on accept).
"""

from __future__ import annotations

import random
from collections import OrderedDict
from collections.abc import Callable

from boudoir.core.message_text import DIRECT_KINDS, ROOM_KINDS, check_client_tags, check_text
from boudoir.core.ports import Clock, Store, deliver_each
from boudoir.core.presence import away_seen
from boudoir.core.recent_messages import RecentMessages
from boudoir.core.registry import Connection, LiveRoom, Registry
from boudoir.core.requests import (
    MAX_DECLINED_REMEMBERED,
    MAX_LETTERS_PER_REQUEST,
    MAX_REQUESTS_PER_RECIPIENT,
    MAX_WAITING_PER_REQUEST,
    MessageRequest,
    MessageRequests,
    PrivateObserver,
    RecentPairs,
    RequestAccepted,
    RequestWatch,
)
from boudoir.core.rooms import RoomService, refused
from boudoir.core.screens import Screens
from boudoir.core.seals import Sealer
from boudoir.domain import consent
from boudoir.domain.dice import DiceRolled, parse_dice
from boudoir.domain.errors import InvalidInput, Unreachable
from boudoir.domain.events import (
    ClientTags,
    DirectMessageSent,
    MessageKind,
    RoomMessageSent,
    SignalSent,
)
from boudoir.domain.ids import AccountId, new_message_id
from boudoir.domain.names import name_key
from boudoir.domain.replies.speech import Sent

__all__ = [
    "MAX_DECLINED_REMEMBERED",
    "MAX_LETTERS_PER_REQUEST",
    "MAX_REQUESTS_PER_RECIPIENT",
    "MAX_WAITING_PER_REQUEST",
    "MessageRequest",
    "MessagingService",
    "PrivateObserver",
    "RequestAccepted",
    "RequestWatch",
    "SpeechObserver",
]

_SAY = MessageKind.SAY
_REQUEST = consent.Outcome.REQUEST
"""Looked up once: an enum member read through its class costs a lookup per message."""

SpeechObserver = Callable[[LiveRoom, RoomMessageSent | DiceRolled], None]
"""Told of every room message (say, pose, ooc, notice) and roll of dice once it has been
delivered: logging by consent, the replay, the directory's activity. Never told of whispers or
direct messages."""


def may_speak(connection: Connection, live: LiveRoom) -> None:
    """In a moderated room only its managers and members with a voice may speak (or roll)."""
    if live.room.moderated:
        voiced = connection.character.id in live.voiced
        decision = consent.speak(connection.person, live.room, voiced=voiced)
        if not decision:
            raise refused(decision)


class MessagingService(MessageRequests):
    def __init__(
        self,
        store: Store,
        registry: Registry,
        rooms: RoomService,
        clock: Clock,
        screens: Screens | None = None,
    ) -> None:
        self._store = store
        self._registry = registry
        self._rooms = rooms
        self._clock = clock
        self.recent = RecentMessages(clock)
        """Who said which message lately, for editing and deleting (``core.message_edits``)."""
        self.sealer = Sealer()
        """Seals every message once (``core.seals``); the world gives it the store's key."""
        self._requests: dict[AccountId, OrderedDict[AccountId, MessageRequest]] = {}
        self.screens = Screens() if screens is None else screens
        """Run in order on every room message, whisper and direct message, and by the other
        services on every other text written for others (``core.screens``); empty costs
        nothing on the hot path."""
        self.observers: list[SpeechObserver] = []
        """Told of every delivered room message (see ``SpeechObserver``)."""
        self.private_observers: list[PrivateObserver] = []
        """Told of every delivered whisper and direct message (see ``PrivateObserver``)."""
        self._declined: dict[AccountId, OrderedDict[AccountId, None]] = {}
        self._accepted_here = RecentPairs()
        self._accepting: dict[tuple[AccountId, AccountId], MessageRequest] = {}
        self._taken_elsewhere = RecentPairs()
        self.reachable: Callable[[Connection], bool] = lambda connection: True
        """Whether what is sent to ``connection`` can reach it now (a cluster node: whether
        the connection is here, or the other nodes are reachable)."""
        self.watch = RequestWatch()
        """Told of every change to the requests (a cluster node replicates them)."""
        self.on_accept: list[RequestAccepted] = []
        """Run in order on every accepted request (see ``RequestAccepted``)."""
        self.dice: random.Random = random.SystemRandom()
        """Rolls the dice: the operating system's randomness, which nobody can predict."""

    # Rooms -----------------------------------------------------------------------------------

    def say(
        self,
        connection: Connection,
        room: str,
        text: str,
        kind: MessageKind = MessageKind.SAY,
        client_tags: ClientTags = (),
    ) -> RoomMessageSent:
        """Speak in a room. Everyone there hears it except across a block; the event is
        returned for the sending connection (which is not sent it: gateways echo as their
        protocol wants). In a moderated room only its managers and members with a voice may
        speak: others get ``ConsentRefused`` (``moderated``)."""
        if kind not in ROOM_KINDS:
            raise InvalidInput("That kind of message is not spoken to a room.")
        live = self._rooms.live(connection, room)
        may_speak(connection, live)
        text = check_text(text)
        for screen in self.screens:
            screen(connection, live, None, kind, text)
        message_id, at = new_message_id(), self._clock()
        event = RoomMessageSent(
            message_id,
            at,
            live.ref,
            connection.ref,
            kind,
            text,
            client_tags=check_client_tags(client_tags),
            seal=self.sealer.seal_on_read(
                message_id, at, live.room.name, connection.character.name, kind.value, text
            ),
        )
        # The hot path: one call per class of session in the room, which renders once.
        live.deliver(event, connection.session, self._registry.blocked.get(connection.account.id))
        self.recent.heard(event, connection.account.id)
        for observer in self.observers:
            observer(live, event)
        return event

    def roll(self, connection: Connection, room: str, expression: str) -> DiceRolled:
        """Roll dice for the room (``2d6+1``, ``domain.dice``; ``room`` empty: the one room the
        roller is in): the server rolls, and the room
        sees the roll as its own event, the roller included. It passes the same rules as
        speech (a moderated room, a mute, a block: who blocks the roller does not see it)."""
        dice = parse_dice(expression)
        if not room:
            # No room named (IRC's ``/roll 2d6``): the one room the roller is in.
            if len(connection.rooms) != 1:
                raise InvalidInput("Say which room to roll in, for example: ROLL #lobby 2d6.")
            room = self._registry.rooms[next(iter(connection.rooms))].room.name
        live = self._rooms.live(connection, room)
        may_speak(connection, live)
        for screen in self.screens:
            screen(connection, live, None, MessageKind.SAY, str(dice))
        rolls = tuple(self.dice.randint(1, dice.sides) for _ in range(dice.count))
        event = DiceRolled(new_message_id(), self._clock(), live.ref, connection.ref, dice, rolls)
        live.deliver(event, None, self._registry.blocked.get(connection.account.id))
        # Part of the conversation: logged by consent and replayed where lines are.
        for observer in self.observers:
            observer(live, event)
        return event

    def whisper(
        self, connection: Connection, room: str, target_name: str, text: str
    ) -> RoomMessageSent:
        """Say something in a room that only one member hears."""
        live = self._rooms.live(connection, room)
        key = name_key(target_name)
        target = next(
            (
                conns
                for conns in live.members.values()
                if name_key(next(iter(conns)).character.name) == key
            ),
            None,
        )
        if target is None:
            decision = consent.refuse(consent.Reason.UNAVAILABLE)
        else:
            other = next(iter(target))
            ties = self._registry.ties(connection.account.id, other.account.id)
            decision = consent.whisper(connection.person, other.person, ties, same_room=True)
        if not decision or target is None:
            raise refused(decision)
        text = check_text(text)
        # Said in the room: a mute there covers it (``core.screens``).
        for screen in self.screens:
            screen(connection, live, other, MessageKind.WHISPER, text)
        message_id, at = new_message_id(), self._clock()
        event = RoomMessageSent(
            message_id,
            at,
            live.ref,
            connection.ref,
            MessageKind.WHISPER,
            text,
            recipient=other.ref,
            seal=self.sealer.seal_on_read(
                message_id, at, live.room.name, connection.character.name, "whisper", text
            ),
        )
        self._registry.send(target, event)
        self._echo(connection, event)
        for observer in self.private_observers:
            observer(event, connection.account.id, other.account.id)
        self.recent.heard(event, connection.account.id)
        return event

    def _echo(self, connection: Connection, event: RoomMessageSent | DirectMessageSent) -> None:
        """Show the sender's other connections acting as the same character what it sent."""
        for conn in self._registry.character_connections(connection.character.id):
            if conn is not connection:
                conn.session.deliver(event)

    # Direct messages -------------------------------------------------------------------------

    def signal(self, connection: Connection, target: str, client_tags: ClientTags) -> SignalSent:
        """Relay client tags without text (typing, reactions) to a room the sender is in, or
        to a person who would take a direct message from them now: never as a request, and a
        refusal is the same as for a direct message."""
        tags = check_client_tags(client_tags)
        if not tags:
            raise InvalidInput("There are no client tags to send.")
        now = self._clock()
        if target.startswith("#"):
            live = self._rooms.live(connection, target)
            event = SignalSent(new_message_id(), now, connection.ref, tags, room=live.ref)
            blocked = self._registry.blocked.get(connection.account.id)
            for _, sessions, accounts in live.audience():
                deliver_each(
                    consent.hearing(sessions, accounts, blocked), event, connection.session
                )
            return event
        targets, other, decision = self._reachable(connection, target)
        event = SignalSent(new_message_id(), now, connection.ref, tags, recipient=other.ref)
        if decision.outcome is consent.Outcome.ALLOW:
            # A stranger's typing is no message request: dropped, and the sender is answered
            # as if it were delivered.
            self._registry.send(targets, event)
        return event

    def _direct_check(
        self, connection: Connection, target_name: str, text: str, kind: MessageKind
    ) -> tuple[set[Connection], Connection, consent.Decision, str]:
        if kind not in DIRECT_KINDS:
            raise InvalidInput("That kind of message is not sent directly.")
        text = check_text(text)
        targets, other, decision = self._reachable(connection, target_name)
        for screen in self.screens:
            screen(connection, None, other, kind, text)
        return targets, other, decision, text

    def _reachable(
        self, connection: Connection, target_name: str
    ) -> tuple[set[Connection], Connection, consent.Decision]:
        """The online character ``target_name`` and what consent says of writing to them;
        refused alike when offline, blocked or not accepting."""
        targets = self._registry.find_character(target_name)
        if targets is None:
            raise refused(consent.refuse(consent.Reason.UNAVAILABLE))
        other = next(iter(targets))
        if other.character.id == connection.character.id:
            # A note to self (IRC lets a client message its own nick; bouncers and reminders
            # rely on it): nobody else is involved, so there is no consent to ask. It reaches
            # the character's other connections as the sender's echo does (``_echo``); the
            # sending one shows it as sent. Another character of the account is refused below.
            return set(), connection, consent.ALLOW
        ties = self._registry.ties(connection.account.id, other.account.id)
        decision = consent.direct_message(connection.person, other.person, ties, online=True)
        if not decision:
            raise refused(decision)
        if not self.reachable(other):
            raise Unreachable()  # said, never dropped unseen
        return targets, other, decision

    def direct_now(
        self,
        connection: Connection,
        target_name: str,
        text: str,
        kind: MessageKind = MessageKind.SAY,
        client_tags: ClientTags = (),
    ) -> Sent | None:
        """``direct`` without waiting, when nothing needs storing (the usual case between
        people already in touch); ``None`` when it does, and then call ``direct``. Refusals
        raise here as there; the answer is ``direct``'s.

        The hot path of a direct message: the same steps as ``_direct_check`` and
        ``_send_direct`` in the same order (the text, the target, consent, reachability, the
        screens, then the event, its delivery, the indexes and the echo), written out in one
        call, with each lookup made once."""
        if kind is not _SAY and kind not in DIRECT_KINDS:  # SAY: no enum hash
            raise InvalidInput("That kind of message is not sent directly.")
        text = check_text(text)
        registry = self._registry
        targets = registry.find_character(target_name)
        if targets is None:
            raise refused(consent.refuse(consent.Reason.UNAVAILABLE))
        other = next(iter(targets))
        account = connection.account.id
        if other.character.id == connection.character.id:
            # A note to self (``_reachable``): no consent to ask, no contact to make.
            for screen in self.screens:
                screen(connection, None, connection, kind, text)
            return self._send_direct(
                connection, set(), connection, consent.ALLOW, text, kind, client_tags
            )
        recipient = other.account.id
        ties = registry.ties(account, recipient)
        decision = consent.direct_message(connection.person, other.person, ties, online=True)
        if not decision:
            raise refused(decision)
        if not self.reachable(other):
            raise Unreachable()  # said, never dropped unseen
        for screen in self.screens:
            screen(connection, None, other, kind, text)
        waiting_for_me = self._requests.get(account)
        if waiting_for_me is not None and recipient in waiting_for_me:
            return None
        if recipient not in registry.contacts.get(account, ()):
            return None
        if decision.outcome is _REQUEST:
            # Should consent ask for a request even between contacts, it is held as one.
            return self._send_direct(connection, targets, other, decision, text, kind, client_tags)
        event = self._direct_event(connection, other, kind, text, client_tags)
        for target in targets:
            target.session.deliver(event)
        for observer in self.private_observers:
            observer(event, account, recipient)
        self.recent.heard(event, account)
        for conn in registry.by_character.get(connection.character.id, ()):
            if conn is not connection:
                conn.session.deliver(event)
        return Sent(event, away_seen(registry, connection, other, ties))

    async def direct(
        self,
        connection: Connection,
        target_name: str,
        text: str,
        kind: MessageKind = MessageKind.SAY,
        client_tags: ClientTags = (),
    ) -> Sent:
        """Send a direct message to a character.

        Refused alike for a block, the recipient's policy or their being offline. From a
        stranger it arrives as a message request; the sender is told the same as for a
        delivered message either way: the event, and the recipient's status if they are away
        and the sender may see it (``Sent.away``) only for a message delivered. To the
        sender's own character it is a note to self, shown to that character's other
        connections; to another character of the same account it is refused
        (``self_target``)."""
        targets, other, decision, text = self._direct_check(connection, target_name, text, kind)
        if other is not connection:  # a note to self makes no contact
            await self.answer(connection, other.account.id, other.character.name)
        return self._send_direct(connection, targets, other, decision, text, kind, client_tags)

    async def answer(self, connection: Connection, other: AccountId, other_name: str) -> None:
        """``connection`` writes to ``other`` (a message or a letter): a request from them
        waiting here is accepted, what waited arriving first, in order, rather than after what
        they write next; and whoever writes first accepts the answer: a reply is never a
        request."""
        await self.accept_waiting(connection.account.id, other)
        mine = self._registry.contacts.setdefault(connection.account.id, set())
        if other not in mine:
            await self._store.relations.add_contact(connection.account.id, other, other_name)
            mine.add(other)
            self._registry.watch.relations_changed(connection.account.id)

    def _direct_event(
        self,
        connection: Connection,
        other: Connection,
        kind: MessageKind,
        text: str,
        client_tags: ClientTags,
    ) -> DirectMessageSent:
        """The direct message ``connection`` sends ``other``: a new id, the time, the client's
        tags checked, and the seal computed on first read."""
        now, message_id = self._clock(), new_message_id()
        return DirectMessageSent(
            message_id,
            now,
            connection.ref,
            other.ref,
            kind,
            text,
            check_client_tags(client_tags),
            self.sealer.seal_on_read(
                message_id, now, other.character.name, connection.character.name, kind.value, text
            ),
        )

    def _send_direct(
        self,
        connection: Connection,
        targets: set[Connection],
        other: Connection,
        decision: consent.Decision,
        text: str,
        kind: MessageKind,
        client_tags: ClientTags = (),
    ) -> Sent:
        event = self._direct_event(connection, other, kind, text, client_tags)
        away = None
        if decision.outcome is consent.Outcome.REQUEST:
            # Held as a request: the sender learns nothing of the recipient's status, as
            # from a stranger's message nobody has read.
            self._hold(connection, other.account.id, event)
        else:
            self._registry.send(targets, event)
            for observer in self.private_observers:
                observer(event, connection.account.id, other.account.id)
            self.recent.heard(event, connection.account.id)
            ties = self._registry.ties(connection.account.id, other.account.id)
            away = away_seen(self._registry, connection, other, ties)
        self._echo(connection, event)
        return Sent(event, away)
