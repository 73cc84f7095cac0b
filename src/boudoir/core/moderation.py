"""Moderation: reports with sealed evidence, the moderators' queue, actions and the audit log.

``ModerationService`` is ``world.moderation``. People report a character, attaching the lines
they themselves received; the server checks each line's seal (``core.seals``) and files the
report in the queue with every line marked genuine or not, since it kept no copy of its own.
Staff act (warn, mute, kick, ban from a room, suspend or ban an account, and lift those); every
action is appended to the audit log, which only operators read and nobody edits. The
restrictions in force (mutes, suspensions, bans) are kept and enforced by ``core.restrictions``.

Who may do what is ``domain.moderation``'s answer; this module only asks and carries out.
Nothing here opens a private scene or a direct conversation: staff see what was reported.

Imports ``boudoir.core`` and ``boudoir.domain``.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass

from boudoir.core.messaging import MessagingService
from boudoir.core.ports import Clock, Store
from boudoir.core.registry import Connection, Registry
from boudoir.core.restrictions import SUSPENDED, EndSessions, Restrictions
from boudoir.core.rooms import RoomService, refused
from boudoir.core.seals import new_key
from boudoir.core.text import has_control_characters
from boudoir.core.throttle import FailureThrottle
from boudoir.domain import moderation
from boudoir.domain.consent import Person
from boudoir.domain.entities import MAX_MESSAGE, Account, Character, Role, Room
from boudoir.domain.errors import InvalidInput, NotFound, Throttled
from boudoir.domain.events import ServerNotice
from boudoir.domain.ids import AccountId
from boudoir.domain.moderation import (
    REPORTER,
    Action,
    ActionKind,
    QueueItem,
    QueueKind,
    QueueStatus,
    Resolution,
    Restriction,
    RestrictionKind,
)
from boudoir.domain.names import name_key

MAX_LISTED = 500
"""Queue items or audit entries one request returns."""
EVIDENCE_FIELDS = ("id", "at", "room", "to", "from", "kind", "text", "seal")
"""What a line of evidence may hold: a message as a client received it."""
HOLD_RESOLUTIONS = frozenset({Resolution.RELEASE, Resolution.DROP})
"""Only for a held message: it goes out, or it is thrown away."""
REPORTS_PER_HOUR = 10
"""Reports one account may file in an hour. Someone reporting a bad evening files a few; past
ten, the queue is being flooded (or a dispute fought through it), and the moderators already
have the story."""
REPORT_WINDOW_SECONDS = 3600.0
TOO_MANY_REPORTS = (
    "You have sent many reports in a short time; the moderators have them. Try again later."
)

ResolveHook = Callable[[QueueItem, str], Awaitable[None]]
"""Told of every resolved item and its resolution (``release``, ``drop``, ``dismiss``,
``actioned``): automod releases or drops the message it held."""


@dataclass(frozen=True, slots=True)
class Actor:
    """Who moderates: a person (by account, with their server role), or the operator at the
    server's command line."""

    name: str
    person: Person

    @classmethod
    def of(cls, account: Account) -> Actor:
        return cls(account.name, Person(account.id, role=account.role))

    @classmethod
    def operator(cls) -> Actor:
        """The command line on the server machine: an operator that is no account."""
        return cls("operator", Person(AccountId("operator"), role=Role.OPERATOR))


def _text(value: str, what: str, limit: int, *, required: bool = True) -> str:
    value = value.strip()
    if required and not value:
        raise InvalidInput(f"Give a {what}.")
    if len(value) > limit:
        raise InvalidInput(f"A {what} is at most {limit} characters long.")
    if has_control_characters(value, allowed="\n"):
        raise InvalidInput(f"A {what} cannot hold control characters.")
    return value


class ModerationService:
    def __init__(
        self,
        store: Store,
        registry: Registry,
        rooms: RoomService,
        messages: MessagingService,
        clock: Clock,
        end_sessions: EndSessions,
    ) -> None:
        self._store = store
        self._registry = registry
        self._rooms = rooms
        self._messages = messages
        self._clock = clock
        self._end_sessions = end_sessions
        # In memory, kept alike on every node of a cluster (``reports_counted_here``,
        # ``count_report``): a restart forgets, which costs a flooder one more hour.
        self._reports = FailureThrottle(
            REPORTS_PER_HOUR, REPORT_WINDOW_SECONDS, lambda: self._clock().timestamp()
        )
        self.reports_counted_here: list[Callable[[AccountId], None]] = []
        """Told of every report filed here, with its reporter's account."""
        self.on_resolve: list[ResolveHook] = []
        """Run, in order, after an item is resolved."""
        self.changed_here: list[Callable[[], None]] = []
        """Told after every action taken here (a cluster node has the others sweep at once)."""
        self.restrictions = Restrictions(store, registry, rooms, clock, end_sessions)
        """The mutes, suspensions and bans in force (``core.restrictions``)."""
        self.check_login = self.restrictions.check_login
        self.screen = self.restrictions.screen
        self.sweep = self.restrictions.sweep

    async def start(self) -> None:
        """Use the store's sealing key (made on first start) and load the mutes in force."""
        key = await self._store.moderation.seal_key(new_key(), self._clock())
        self._messages.sealer.use_key(key)
        now = self._clock()
        mutes = await self._store.moderation.restrictions(RestrictionKind.MUTE)
        self.restrictions.use([m for m in mutes if m.in_force(now)])

    # Reports and the queue -------------------------------------------------------------------

    async def report(
        self,
        connection: Connection,
        subject: str,
        reason: str,
        evidence: Sequence[Mapping[str, object]] = (),
        image: bool = False,
        call: Mapping[str, object] | None = None,
    ) -> QueueItem:
        """File a report about ``subject`` (``image``: its profile image) with the lines the
        reporter received, each checked against its seal, and a call's metadata; ``Throttled``
        past the hourly cap."""
        reporter = connection.account.id
        try:
            self._reports.check(reporter)
        except Throttled as error:
            raise Throttled(TOO_MANY_REPORTS, retry_after=error.retry_after) from None
        character = await self._character(subject)
        decision = moderation.report(connection.person, character.account_id)
        if not decision:
            raise refused(decision)
        reason = _text(reason, "reason", moderation.MAX_REASON)
        if len(evidence) > (most := moderation.MAX_EVIDENCE_LINES):
            raise InvalidInput(f"A report attaches at most {most} lines; choose those that matter.")
        lines = [self._evidence_line(line) for line in evidence]
        first = lines[0] if lines else {}
        place = str(first.get("room") or ("direct" if first.get("to") else ""))
        genuine = sum(1 for line in lines if line["genuine"])
        item = await self.enqueue(
            QueueKind.REPORT.value,
            subject_account=character.account_id,
            subject_name=character.name,
            place=place,
            summary=f"{connection.character.name} reports {character.name}: {reason[:200]}",
            evidence={
                REPORTER: connection.character.name,
                "reason": reason,
                "lines": lines,
                "genuine": genuine,
                **({"call": dict(call)} if call else {}),
                "image": image,
            },
            reporter_account=reporter,
        )
        self.count_report(reporter)
        for counted in self.reports_counted_here:
            counted(reporter)
        return item

    def count_report(self, reporter: AccountId) -> None:
        """Count a report filed by ``reporter`` (here, or on another node)."""
        self._reports.failed(reporter)  # counts a report filed, not a failure

    def _evidence_line(self, line: Mapping[str, object]) -> dict[str, object]:
        kept: dict[str, object] = {}
        for name in EVIDENCE_FIELDS:
            value = line.get(name)
            if isinstance(value, str):
                kept[name] = value[: MAX_MESSAGE if name == "text" else 200]
        kept["genuine"] = self._messages.sealer.verify(line)
        return kept

    async def enqueue(
        self,
        kind: str,
        *,
        subject_account: AccountId,
        subject_name: str,
        place: str,
        summary: str,
        evidence: Mapping[str, object],
        reporter_account: AccountId | None = None,
    ) -> QueueItem:
        """Add an item to the moderators' queue (a report, with its reporter's account, or a
        message automod held or flagged); staff online are told there is something new."""
        item = QueueItem(
            id="q-" + secrets.token_hex(8),
            kind=QueueKind(kind),
            created_at=self._clock(),
            subject_account=subject_account,
            subject_name=subject_name,
            place=place,
            summary=summary,
            evidence=evidence,
            reporter_account=reporter_account,
        )
        await self._store.moderation.add_item(item)
        notice = ServerNotice(self._clock(), f"Moderators' queue: new {kind} {item.id}.")
        for conns in self._registry.by_account.values():
            some = next(iter(conns), None)
            if some is not None and moderation.is_staff(some.person):
                self._registry.send(conns, notice)
        return item

    async def queue(
        self, viewer: Actor, status: QueueStatus | None = QueueStatus.OPEN
    ) -> list[QueueItem]:
        """The moderators' queue, oldest first (staff only)."""
        decision = moderation.see_queue(viewer.person)
        if not decision:
            raise refused(decision)
        return await self._store.moderation.list_items(status, MAX_LISTED)

    async def resolve(
        self, viewer: Actor, item_id: str, resolution: Resolution | str, note: str = ""
    ) -> QueueItem:
        """Close an open item (staff only). ``release`` and ``drop`` are for held messages."""
        decision = moderation.see_queue(viewer.person)
        if not decision:
            raise refused(decision)
        if isinstance(resolution, str):
            try:
                resolution = Resolution(resolution)
            except ValueError:
                raise InvalidInput("Resolve with release, drop, dismiss or actioned.") from None
        note = _text(note, "note", moderation.MAX_RESOLUTION_NOTE, required=False)
        item = await self._store.moderation.get_item(item_id)
        if item is None or item.status is not QueueStatus.OPEN:
            raise NotFound(f"There is no open item {item_id!r} in the queue.")
        if resolution in HOLD_RESOLUTIONS and item.kind is not QueueKind.AUTOMOD_HOLD:
            raise InvalidInput("Only a held message is released or dropped.")
        done = await self._store.moderation.resolve_item(
            item_id, resolution, note, viewer.name, self._clock()
        )
        if done is None:
            raise NotFound(f"There is no open item {item_id!r} in the queue.")
        for hook in self.on_resolve:
            await hook(done, resolution.value)
        return done

    # Actions ---------------------------------------------------------------------------------

    async def act(
        self,
        actor: Actor,
        kind: ActionKind | str,
        target: str,
        room: str = "",
        reason: str = "",
        expires: dt.datetime | None = None,
        *,
        item_id: str = "",
    ) -> Action:
        """Take a moderation action against the character (or account) named ``target``, in
        ``room`` for the room actions; logged in the audit log. ``item_id`` resolves that queue
        item as actioned."""
        if isinstance(kind, str):
            kind = next((k for k in ActionKind if k.value == kind), ActionKind.REMOVE_LINE)
        if kind not in moderation.TAKEN:
            # A line is removed from the line itself (its Remove, REDACT, "delete"), which
            # records it; naming it here would put in the log a removal that never happened.
            shown = ", ".join(k.value for k in moderation.TAKEN)
            raise InvalidInput(f"The action is one of: {shown}.")
        character = await self._character(target)
        account = await self._store.accounts.get(character.account_id)
        if account is None:
            raise NotFound(f"No character is named {target!r}.")
        place = await self._rooms.find(room) if room else None
        decision = moderation.act(actor.person, kind, Person.of(account), place)
        if not decision:
            raise refused(decision)
        now = self._clock()
        if not moderation.expiry_allowed(kind, expires, now):
            raise InvalidInput("Only a mute, a ban or a suspension expires, and in the future.")
        reason = _text(reason, "reason", moderation.MAX_REASON, required=False)
        action = Action(
            id="a-" + secrets.token_hex(8),
            at=now,
            actor=actor.name,
            kind=kind,
            target=character.name,
            target_account=account.id,
            room=place.name if place is not None else "",
            reason=reason,
            expires_at=expires,
            item_id=item_id,
        )
        if item_id:
            await self.resolve(
                actor, item_id, Resolution.ACTIONED, f"{kind.value} {character.name}"
            )
        await self._carry_out(action, character, place)
        await self._store.moderation.add_action(action)
        for changed in self.changed_here:
            changed()
        return action

    async def _carry_out(self, action: Action, character: Character, room: Room | None) -> None:
        kind, account_id = action.kind, character.account_id
        why = f": {action.reason}" if action.reason else "."
        until = f" until {action.expires_at:%Y-%m-%d %H:%M} UTC" if action.expires_at else ""
        if kind is ActionKind.WARN:
            where = f" about {room.name}" if room is not None else ""
            self._tell(account_id, f"A moderator warns you{where}{why}")
        elif kind is ActionKind.MUTE and room is not None:
            key = name_key(room.name)
            await self._restrict(action, account_id, RestrictionKind.MUTE, key)
            self.restrictions.mutes[(account_id, key)] = action.expires_at
            self._tell(account_id, f"You are muted in {room.name}{until}{why}")
        elif kind is ActionKind.KICK and room is not None:
            self._rooms.remove_by_server(room, account_id, action.reason)
        elif kind is ActionKind.ROOM_BAN and room is not None:
            if action.expires_at is not None:
                key = name_key(room.name)
                await self._restrict(action, account_id, RestrictionKind.ROOM_BAN, key)
            await self._rooms.set_ban_by_server(room, character, True, action.actor)
        elif kind is ActionKind.CLEAR and room is not None:
            key = name_key(room.name)
            self.restrictions.mutes.pop((account_id, key), None)
            await self._store.moderation.remove_restriction(account_id, RestrictionKind.MUTE, key)
            await self._store.moderation.remove_restriction(
                account_id, RestrictionKind.ROOM_BAN, key
            )
            await self._rooms.set_ban_by_server(room, character, False, action.actor)
        elif kind in (ActionKind.SUSPEND, ActionKind.ACCOUNT_BAN):
            lock = (
                RestrictionKind.SUSPENSION
                if kind is ActionKind.SUSPEND
                else RestrictionKind.ACCOUNT_BAN
            )
            await self._restrict(action, account_id, lock, "")
            self.restrictions.locked[account_id] = action.expires_at
            # Browser logins end with the live sessions, so no cookie brings them back.
            logins = await self._store.logins.list_for_account(account_id)
            await self._store.logins.delete([login.id for login in logins])
            connections = list(self._registry.by_account.get(account_id, ()))
            self._end_sessions(f"{SUSPENDED[:-1]}{until}{why}", connections)
        elif kind is ActionKind.UNSUSPEND:
            self.restrictions.locked.pop(account_id, None)
            await self._store.moderation.remove_restriction(account_id, RestrictionKind.SUSPENSION)
        elif kind is ActionKind.REMOVE_IMAGE:
            await self._store.characters.delete_image(character.id)
        elif kind is ActionKind.UNBAN:
            self.restrictions.locked.pop(account_id, None)
            await self._store.moderation.remove_restriction(account_id, RestrictionKind.ACCOUNT_BAN)

    async def _restrict(
        self, action: Action, account_id: AccountId, kind: RestrictionKind, room: str
    ) -> None:
        await self._store.moderation.put_restriction(
            Restriction(account_id, kind, room, action.expires_at, action.reason, action.id)
        )

    def _tell(self, account_id: AccountId, text: str) -> None:
        notice = ServerNotice(self._clock(), text)
        self._registry.send(self._registry.by_account.get(account_id, set()), notice)

    async def audit(self, viewer: Actor) -> list[Action]:
        """The audit log, newest first: operators only."""
        decision = moderation.read_audit(viewer.person)
        if not decision:
            raise refused(decision)
        return await self._store.moderation.list_actions(MAX_LISTED)

    async def _character(self, name: str) -> Character:
        character = await self._store.characters.find_by_name(name.strip())
        if character is None:
            raise NotFound(f"No character is named {name.strip()!r}.")
        return character


async def export_reports(store: Store, account_id: AccountId) -> list[dict[str, object]]:
    """The reports ``account_id`` made, for its export, oldest first: when, as which
    character, about whom, why, whether still open, and the lines it attached (its own copy).
    Reports about the account are the moderators' record and are not in it."""
    items = await store.moderation.reports_by(account_id)
    return [
        {
            "created_at": item.created_at.isoformat(),
            "as": item.evidence.get(REPORTER, ""),
            "subject": item.subject_name,
            "reason": item.evidence.get("reason", ""),
            "status": item.status.value,
            "lines": item.evidence.get("lines", []),
        }
        for item in items
    ]
