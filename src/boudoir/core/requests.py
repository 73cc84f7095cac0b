"""Message requests: a stranger's first direct message (or letter) held for its recipient,
with what they sent behind it, until the recipient accepts or declines; declines remembered so
a decline holds. Kept in memory only, bounded per sender and per recipient; a cluster node
replicates every change (``RequestWatch``).

``MessagingService`` carries these as a base class. Imports ``boudoir.core`` (ports, registry)
and ``boudoir.domain``.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from boudoir.core.ports import Clock, Store
from boudoir.core.registry import Connection, Registry
from boudoir.domain.errors import NotFound
from boudoir.domain.events import (
    CharacterRef,
    DirectMessageSent,
    MessageKind,
    MessageRequestAnswered,
    MessageRequestReceived,
    RoomMessageSent,
)
from boudoir.domain.ids import AccountId, new_message_id
from boudoir.domain.mail import Mail
from boudoir.domain.names import name_key

MAX_WAITING_PER_REQUEST = 20
"""Messages from one stranger that wait behind their first one; later ones are dropped."""
MAX_LETTERS_PER_REQUEST = 5
"""Letters from one stranger that wait with their request (each up to ``MAX_MAIL_BODY``
characters, so fewer than messages); later ones are dropped."""
MAX_REQUESTS_PER_RECIPIENT = 50
"""Open requests one person can have; a flood of strangers cannot grow the server's memory."""
MAX_DECLINED_REMEMBERED = 500
"""Declined senders remembered per recipient, so a decline is not undone by trying again."""
CROSSING_SECONDS = 60.0
"""How long a node remembers a request it accepted, or one taken on another node: a letter
held on another node before it heard of that may still be crossing the bus meanwhile
(milliseconds, in practice). Longer would not change what a letter sent later does: its
sender's node holds it only if the sender is still a stranger."""
MAX_CROSSING_REMEMBERED = 10_000
"""Requests remembered so (``CROSSING_SECONDS``) at most, the oldest forgotten first."""


@dataclass(eq=False, slots=True)
class MessageRequest:
    """A stranger's first direct message, and what they sent after it, waiting for a yes."""

    sender_account: AccountId
    sender: CharacterRef
    first: MessageRequestReceived
    waiting: list[DirectMessageSent] = field(default_factory=list)
    letters: list[Mail] = field(default_factory=list)
    """Their letters, held out of the mailbox until the request is accepted."""

    @property
    def letters_behind(self) -> int:
        """Letters besides the one that opened the request, if a letter did."""
        return len(self.letters) - (self.first.letter_subject is not None)


class RecentPairs:
    """(recipient, sender) pairs noted in the last ``CROSSING_SECONDS``, at most
    ``MAX_CROSSING_REMEMBERED`` of them."""

    __slots__ = ("_noted",)

    def __init__(self) -> None:
        self._noted: OrderedDict[tuple[AccountId, AccountId], dt.datetime] = OrderedDict()

    def note(self, recipient: AccountId, sender: AccountId, now: dt.datetime) -> None:
        pair = (recipient, sender)
        self._noted.pop(pair, None)
        self._noted[pair] = now
        self._forget_before(now)

    def forget(self, recipient: AccountId, sender: AccountId) -> None:
        self._noted.pop((recipient, sender), None)

    def holds(self, recipient: AccountId, sender: AccountId, now: dt.datetime) -> bool:
        self._forget_before(now)
        return (recipient, sender) in self._noted

    def _forget_before(self, now: dt.datetime) -> None:
        noted, cutoff = self._noted, now - dt.timedelta(seconds=CROSSING_SECONDS)
        while noted and (
            len(noted) > MAX_CROSSING_REMEMBERED or next(iter(noted.values())) < cutoff
        ):
            noted.popitem(last=False)


class RequestWatch:
    """Told of every change to the message requests (a cluster node replicates them, so the
    recipient finds them on whichever node they answer from). This one does nothing."""

    def held(
        self,
        recipient: AccountId,
        sender: AccountId,
        sender_ref: CharacterRef,
        first: MessageRequestReceived,
        message: DirectMessageSent | None,
        letter: Mail | None,
    ) -> None:
        pass

    def taken(self, recipient: AccountId, sender: AccountId, declined: bool) -> None:
        pass


RequestAccepted = Callable[[MessageRequest], Awaitable[None]]
"""Told of every accepted request, after its messages were delivered: the mail service posts
the letters that waited with it."""


PrivateObserver = Callable[[RoomMessageSent | DirectMessageSent, AccountId, AccountId], None]
"""Told of every whisper and direct message once delivered (not while it waits as a request),
with the sender's and the recipient's accounts: the replay (``core.replay``)."""


class MessageRequests:
    """The message requests of ``MessagingService`` (its state is made in its ``__init__``)."""

    _store: Store
    _registry: Registry
    _clock: Clock
    _requests: dict[AccountId, OrderedDict[AccountId, MessageRequest]]
    _declined: dict[AccountId, OrderedDict[AccountId, None]]
    watch: RequestWatch
    on_accept: list[RequestAccepted]
    private_observers: list[PrivateObserver]
    _accepted_here: RecentPairs
    """Requests accepted on this node lately: a message or letter still crossing from another
    node is delivered or posted here, by the one node that accepted (``held_elsewhere``,
    ``letter_held_elsewhere``)."""
    _accepting: dict[tuple[AccountId, AccountId], MessageRequest]
    """Requests being accepted here, by (recipient, sender), while the contact is stored: a
    message crossing meanwhile joins what waited, and goes out with it, in order."""
    _taken_elsewhere: RecentPairs
    """Requests accepted (or dropped by a block) on another node lately: a message or letter
    still crossing is not held here as a new request (that node delivers it, or drops it)."""

    def _open(
        self,
        sender: AccountId,
        sender_ref: CharacterRef,
        account: AccountId,
        first: MessageRequestReceived,
        *,
        tell: bool = True,
    ) -> MessageRequest | None:
        """The request from ``sender`` waiting for ``account``: the one open, or a new one that
        ``first`` opens and is shown to them at once if they are online (unless not ``tell``:
        another node showed it). ``None`` (and what was sent is dropped, unknown to the sender)
        once declined or past the limit."""
        if sender in self._declined.get(account, {}):
            return None
        requests = self._requests.setdefault(account, OrderedDict())
        request = requests.get(sender)
        if request is not None:
            return request
        if len(requests) >= MAX_REQUESTS_PER_RECIPIENT:
            return None
        request = requests[sender] = MessageRequest(sender, sender_ref, first)
        if tell:
            for conn in self._registry.by_account.get(account, ()):
                conn.session.deliver(first)
        return request

    def _hold(self, sender: Connection, account: AccountId, event: DirectMessageSent) -> None:
        first = MessageRequestReceived(
            event.id, event.at, event.sender, event.recipient, event.kind, event.text, event.seal
        )
        self.watch.held(account, sender.account.id, sender.ref, first, event, None)
        self._held(sender.account.id, sender.ref, account, first, event, None, tell=True)

    def hold_letter(self, sender: Connection, recipient: CharacterRef, letter: Mail) -> None:
        """Keep a letter to someone who has not accepted ``sender`` with their request (opening
        one that shows the subject, never the letter), for the mailbox on accept."""
        first = MessageRequestReceived(
            new_message_id(),
            letter.sent_at,
            sender.ref,
            recipient,
            MessageKind.NOTICE,
            "",
            letter_subject=letter.subject,
        )
        account = letter.recipient_account
        self.watch.held(account, sender.account.id, sender.ref, first, None, letter)
        self._held(sender.account.id, sender.ref, account, first, None, letter, tell=True)

    def _held(
        self,
        sender: AccountId,
        sender_ref: CharacterRef,
        account: AccountId,
        first: MessageRequestReceived,
        message: DirectMessageSent | None,
        letter: Mail | None,
        *,
        tell: bool,
    ) -> None:
        """A message or a letter from ``sender`` waits for ``account``: it opens their request
        (``first``) or waits behind the one open."""
        request = self._open(sender, sender_ref, account, first, tell=tell)
        if request is None:
            return  # dropped
        if letter is not None:
            if len(request.letters) < MAX_LETTERS_PER_REQUEST:
                request.letters.append(letter)
            return
        opened_it = request.first.id == first.id
        if message is not None and not opened_it and len(request.waiting) < MAX_WAITING_PER_REQUEST:
            request.waiting.append(message)

    def held_elsewhere(
        self,
        recipient: AccountId,
        sender: AccountId,
        sender_ref: CharacterRef,
        first: MessageRequestReceived,
        message: DirectMessageSent,
    ) -> None:
        """Another node held a direct message (it showed it to whom it concerned; a letter:
        ``letter_held_elsewhere``). A message still crossing when the request was accepted is
        delivered exactly once, by the node that accepted it, to all of the recipient's
        connections (as it delivered what waited, and after it); every other node, having
        heard of the accept, lets it go. Held as a new request, it would wait unseen, and be
        shown again if answered."""
        if self._registry.blocks(recipient, sender):
            return  # blocked since, on whichever node: nothing from them reaches the recipient
        accepting = self._accepting.get((recipient, sender))
        if accepting is not None:
            if len(accepting.waiting) < MAX_WAITING_PER_REQUEST:
                accepting.waiting.append(message)
            return
        open_here = sender in self._requests.get(recipient, {})
        now = self._clock()
        if not open_here and self._taken_elsewhere.holds(recipient, sender, now):
            return  # even once this node has read the new contact: that node delivers it
        if (not open_here and self._accepted_here.holds(recipient, sender, now)) or (
            sender in self._registry.contacts.get(recipient, ())
        ):
            self._registry.send(self._registry.by_account.get(recipient, set()), message)
            for observer in self.private_observers:
                observer(message, sender, recipient)
            return
        self._held(sender, sender_ref, recipient, first, message, None, tell=False)

    async def letter_held_elsewhere(
        self,
        recipient: AccountId,
        sender: AccountId,
        sender_ref: CharacterRef,
        first: MessageRequestReceived,
        letter: Mail,
    ) -> None:
        """Another node held a letter with its request. A letter still crossing when the
        request was accepted is posted exactly once, by the node that accepted it (the
        ``on_accept`` hooks, as the letters that waited were); every other node lets it go.
        Held as a new request, it would wait unseen, and be posted again if answered."""
        if self._registry.blocks(recipient, sender):
            return  # blocked since, on whichever node: nothing from them reaches the recipient
        open_here = sender in self._requests.get(recipient, {})
        now = self._clock()
        if not open_here and self._accepted_here.holds(recipient, sender, now):
            crossing = MessageRequest(sender, sender_ref, first, letters=[letter])
            for hook in self.on_accept:
                await hook(crossing)
            return
        if not open_here and self._taken_elsewhere.holds(recipient, sender, now):
            return
        self._held(sender, sender_ref, recipient, first, None, letter, tell=False)

    def taken_elsewhere(self, recipient: AccountId, sender: AccountId, declined: bool) -> None:
        """Another node accepted, declined or dropped a request."""
        requests = self._requests.get(recipient)
        if requests is not None and requests.pop(sender, None) is not None and not requests:
            del self._requests[recipient]
        if declined:
            self._remember_declined(recipient, sender)
        else:
            self._taken_elsewhere.note(recipient, sender, self._clock())

    def requests(self, connection: Connection) -> list[MessageRequest]:
        """The message requests waiting for this person, oldest first."""
        return list(self._requests.get(connection.account.id, {}).values())

    def _take_request(
        self, connection: Connection, sender_name: str, *, declined: bool = False
    ) -> MessageRequest:
        requests = self._requests.get(connection.account.id, OrderedDict())
        key = name_key(sender_name)
        for sender_account, request in requests.items():
            if name_key(request.sender.name) == key:
                return self._take(connection.account.id, sender_account, declined=declined)
        raise NotFound(f"There is no message request from {sender_name!r}.")

    def _take(
        self, recipient: AccountId, sender: AccountId, *, declined: bool = False
    ) -> MessageRequest:
        requests = self._requests[recipient]
        request = requests.pop(sender)
        if not requests:
            del self._requests[recipient]
        self.watch.taken(recipient, sender, declined)
        return request

    async def accept(self, connection: Connection, sender_name: str) -> MessageRequest:
        """Accept a message request: what waited is delivered and they may write freely."""
        request = self._take_request(connection, sender_name)
        await self._accept(connection.account.id, request)
        return request

    async def accept_waiting(self, account: AccountId, sender: AccountId) -> None:
        """Accept the request from ``sender`` waiting for ``account``, if there is one: they
        answered it or made ``sender`` a friend."""
        waiting = self._requests.get(account)
        if waiting is not None and sender in waiting:
            await self._accept(account, self._take(account, sender))

    async def _accept(self, account: AccountId, request: MessageRequest) -> None:
        # Noted before the first await: a message or letter crossing from another node may be
        # applied while the store answers. A message joins ``request`` then (nothing awaits
        # between the store's answer and the delivery of what waited), and after it, one is
        # delivered at once (``held_elsewhere``).
        pair = (account, request.sender_account)
        self._accepted_here.note(*pair, self._clock())
        self._accepting[pair] = request
        try:
            await self._store.relations.add_contact(*pair, request.sender.name)
        finally:
            if self._accepting.get(pair) is request:
                del self._accepting[pair]
        targets = self._registry.by_account.get(account, set())
        if targets:
            self._registry.contacts.setdefault(account, set()).add(request.sender_account)
        self._registry.watch.relations_changed(account)
        self._registry.send(targets, MessageRequestAnswered(self._clock(), request.sender, True))
        first = request.first
        delivered = list(request.waiting)
        if first.letter_subject is None:
            # The first message joins the conversation as any other (same id, so a client
            # that showed it as the request can tell which).
            delivered.insert(
                0,
                DirectMessageSent(
                    first.id,
                    first.at,
                    first.sender,
                    first.recipient,
                    first.kind,
                    first.text,
                    seal=first.seal,
                ),
            )
        for event in delivered:
            self._registry.send(targets, event)
            for observer in self.private_observers:
                observer(event, request.sender_account, account)
        for hook in self.on_accept:
            await hook(request)

    def decline(self, connection: Connection, sender_name: str) -> MessageRequest:
        """Decline a message request. The sender is not told; what they send later is dropped."""
        request = self._take_request(connection, sender_name, declined=True)
        self._remember_declined(connection.account.id, request.sender_account)
        answered = MessageRequestAnswered(self._clock(), request.sender, False)
        self._registry.send(self._registry.by_account.get(connection.account.id, set()), answered)
        return request

    def _remember_declined(self, recipient: AccountId, sender: AccountId) -> None:
        declined = self._declined.setdefault(recipient, OrderedDict())
        declined[sender] = None
        while len(declined) > MAX_DECLINED_REMEMBERED:
            declined.popitem(last=False)

    def drop_between(self, blocker: AccountId, blocked: AccountId) -> None:
        """``blocker`` blocked ``blocked``: requests between them are dropped, unseen. The
        blocker's connections stop showing the one from the blocked person, as after a
        decline; the blocked side is told nothing, so the block stays unseen."""
        for recipient, sender in ((blocker, blocked), (blocked, blocker)):
            self._accepted_here.forget(recipient, sender)
            requests = self._requests.get(recipient)
            request = None if requests is None else requests.pop(sender, None)
            if request is not None:
                self.watch.taken(recipient, sender, False)
            if request is not None and recipient == blocker:
                answered = MessageRequestAnswered(self._clock(), request.sender, False)
                self._registry.send(self._registry.by_account.get(blocker, set()), answered)

    def forget(self, account_id: AccountId) -> None:
        """Drop the requests held for and from an erased account."""
        self._requests.pop(account_id, None)
        self._declined.pop(account_id, None)
        for requests in self._requests.values():
            requests.pop(account_id, None)
