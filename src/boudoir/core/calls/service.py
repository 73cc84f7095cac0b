"""One-to-one calls: ringing, answering, hanging up, what each side sends, and the relay of
WebRTC signals between the two sides of a live call. The server signals only: media goes
through the TURN relay, whose short-lived credentials each side gets in ``MediaSessionStarted``
once both agreed, and nowhere else.

A call passes ``consent.place_call`` (only where a direct message would be delivered at
once), counts toward a per-account rate and is throttled after repeated declines to the same
person. Ringing calls time out (``expire``, run periodically, with the injected clock). A
block, a safeword, going offline end calls at once. In memory only; a cluster node replicates
each change (``CallWatch``).

Imports ``boudoir.core`` (registry, ports, rooms' refusal) and ``boudoir.domain``.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections import OrderedDict, deque
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Protocol

from boudoir.core.calls.state import CallRecord, CallState, Side
from boudoir.core.ports import Clock
from boudoir.core.registry import Connection, Registry
from boudoir.core.rooms import refused
from boudoir.domain import consent
from boudoir.domain.call_events import (
    CallEnded,
    CallIncoming,
    CallMediaChanged,
    CallRinging,
    MediaSessionEnded,
    MediaSessionStarted,
    SignalRelayed,
)
from boudoir.domain.calls import (
    CALL_RATE_WINDOW,
    CALLS_PER_WINDOW,
    DECLINE_WINDOW,
    DECLINES_BEFORE_THROTTLE,
    MAX_SIGNAL_BYTES,
    RING_TIME,
    SIGNAL_KINDS,
    AlreadyInCall,
    CallMedia,
    CallsUnavailable,
    EndReason,
    Role,
)
from boudoir.domain.errors import InvalidInput, NotFound, Throttled
from boudoir.domain.events import Event
from boudoir.domain.ids import AccountId, ConnectionId
from boudoir.domain.turn import IceServer, mint_ice_server

RECORDS_KEPT = 1000
"""Ended calls remembered for reports (a few hundred bytes each), oldest dropped first."""


@dataclass(frozen=True, slots=True)
class TurnRelay:
    """The relay media goes through: its URLs, shared secret and credentials' lifetime."""

    urls: tuple[str, ...]
    secret: str
    ttl_seconds: int = 3600


class ConnectionKeys:
    """How a call names a connection so that every node finds it (a cluster node overrides
    this: a connection's id differs between nodes). Alone, a connection's id is its key."""

    def key(self, connection: Connection) -> str:
        return connection.id

    def find(self, registry: Registry, key: str) -> Connection | None:
        return registry.connections.get(ConnectionId(key))

    def local(self, connection: Connection) -> bool:
        """Whether ``connection`` is this node's own (this node times out its calls)."""
        return True


class CamRelay(Protocol):
    def relay(self, connection: Connection, session: str, kind: str, data: str) -> bool: ...

    def forget(self, connection: Connection) -> None: ...


class CallWatch:
    """Told of every change to a call (a cluster node replicates them). Does nothing."""

    def call_changed(self, state: CallState) -> None:
        pass

    def call_gone(self, record: CallRecord) -> None:
        pass


class CallService:
    def __init__(self, registry: Registry, clock: Clock) -> None:
        self._registry = registry
        self._clock = clock
        self.relay: TurnRelay | None = None
        """The TURN relay; None turns calls and cams off."""
        self.browser_url = ""
        """Where a browser answers (told to IRC and telnet callees)."""
        self.keys = ConnectionKeys()
        self.watch = CallWatch()
        self.cams: CamRelay | None = None
        """Room cams (``core.calls.cams``), whose watches' signals pass here too."""
        self.calls: dict[str, CallState] = {}
        self.records: OrderedDict[str, CallRecord] = OrderedDict()
        self._placed: dict[AccountId, deque[float]] = {}
        self._declines: dict[tuple[AccountId, AccountId], deque[float]] = {}

    @property
    def enabled(self) -> bool:
        return self.relay is not None

    def check_enabled(self) -> TurnRelay:
        if self.relay is None:
            raise CallsUnavailable
        return self.relay

    # --- commands -----------------------------------------------------------------------

    def place(self, connection: Connection, name: str, *, video: bool) -> str:
        """Ring the online character ``name``; the call's id. Refused like a direct message
        that would not be delivered at once, never saying why."""
        self.check_enabled()
        me = connection.account.id
        self._count(
            self._placed.setdefault(me, deque()),
            CALL_RATE_WINDOW,
            CALLS_PER_WINDOW,
            "You called too often; wait a moment.",
        )
        targets = self._registry.find_character(name)
        if targets is None:
            raise refused(consent.refuse(consent.Reason.UNAVAILABLE))
        other = next(iter(targets))
        ties = self._registry.ties(me, other.account.id)
        decision = consent.place_call(
            connection.person, other.person, ties, online=True, video=video
        )
        if not decision:
            raise refused(decision)
        declines = self._declines.get((me, other.account.id))
        if declines is not None:
            self._count(
                declines,
                DECLINE_WINDOW,
                DECLINES_BEFORE_THROTTLE,
                "They did not answer your last calls; try again later.",
                add=False,
            )
        if self._between(me, other.account.id) is not None:
            raise AlreadyInCall
        now = self._clock()
        call = CallState(
            "c-" + secrets.token_urlsafe(12),
            Side(
                connection.ref,
                me,
                self.keys.key(connection),
                CallMedia(send_audio=True, send_video=video, receive_video=video),
            ),
            Side(other.ref, other.account.id, None),
            video,
            now,
        )
        self.calls[call.id] = call
        self.watch.call_changed(call)
        callees = self._registry.character_connections(other.character.id)
        self._registry.send(
            callees, CallIncoming(now, call.id, connection.ref, video, self.browser_url)
        )
        mine = self._registry.character_connections(connection.character.id) - {connection}
        self._registry.send(mine, CallRinging(now, call.id, other.ref, video))
        return call.id

    def answer(self, connection: Connection, call_id: str, *, accept: bool) -> None:
        """The callee says yes (from this connection) or no."""
        call = self._call(connection, call_id)
        me = connection.account.id
        if me != call.callee.account or call.answered_at is not None:
            raise NotFound("That call is not ringing for you.")
        if not accept:
            self._end(call, EndReason.DECLINED, by=connection.character.name)
            return
        relay = self.check_enabled()
        now = self._clock()
        callee = replace(
            call.callee,
            character=connection.ref,
            connection=self.keys.key(connection),
            media=CallMedia(send_audio=True, send_video=call.video, receive_video=call.video),
        )
        live = replace(
            call, callee=callee, answered_at=now, session="m-" + secrets.token_urlsafe(12)
        )
        self.calls[call.id] = live
        self.watch.call_changed(live)
        assert live.session is not None
        for side, role in ((live.caller, Role.OFFERER), (live.callee, Role.ANSWERER)):
            peer = live.other(side.account)
            event = MediaSessionStarted(
                now, live.session, peer.character, role, (self.mint(relay),), call=live.id
            )
            self._to_side(side, event)
        # The callee's other tabs stop ringing: answered elsewhere.
        others = self._registry.character_connections(call.callee.character.id) - {connection}
        self._registry.send(others, CallEnded(now, call.id, EndReason.HUNG_UP))

    def set_media(self, connection: Connection, call_id: str, media: CallMedia) -> None:
        """What this side sends and wants; the other side is told."""
        call = self._call(connection, call_id)
        me = connection.account.id
        side = call.side_of(me)
        assert side is not None
        mine = replace(side, media=media)
        changed = replace(call, caller=mine) if side is call.caller else replace(call, callee=mine)
        self.calls[call.id] = changed
        self.watch.call_changed(changed)
        event = CallMediaChanged(self._clock(), call.id, connection.ref, media)
        self._to_side(changed.other(me), event, ringing_to_all=True)

    def hang_up(self, connection: Connection, call_id: str) -> None:
        """Either side ends the call, in any state."""
        call = self._call(connection, call_id)
        self._end(call, EndReason.HUNG_UP, by=connection.character.name)

    def relay_signal(self, connection: Connection, session: str, kind: str, data: str) -> None:
        """Pass an offer, answer or candidate (its JSON text) to the other side of a live
        session this connection is part of; anything else is ``NotFound``."""
        if kind not in SIGNAL_KINDS:
            raise InvalidInput("A signal's kind is offer, answer or candidate.")
        if len(data.encode()) > MAX_SIGNAL_BYTES:
            raise InvalidInput(f"A signal holds at most {MAX_SIGNAL_BYTES // 1024} KiB.")
        mine = self.keys.key(connection)
        for call in self.calls.values():
            if call.session == session and mine in (call.caller.connection, call.callee.connection):
                other = call.other(connection.account.id)
                event = SignalRelayed(self._clock(), session, connection.ref, kind, data)
                self._to_side(other, event)
                return
        if self.cams is None or not self.cams.relay(connection, session, kind, data):
            raise NotFound("No such media session.")

    def record(self, connection: Connection, call_id: str, subject: AccountId) -> dict[str, object]:
        """The metadata of a call between this connection's account and ``subject`` (ended
        or not), for a report."""
        live = self.calls.get(call_id)
        record = self.records.get(call_id)
        if live is not None:
            # Still going: how long so far, and no end yet.
            record = self._record(live, self._clock(), EndReason.HUNG_UP, None)
        if record is None or {connection.account.id, subject} != {
            record.caller_account,
            record.callee_account,
        }:
            raise NotFound("No such call between you.")
        metadata = record.metadata()
        if live is not None:
            metadata["ended_at"] = metadata["reason"] = None
        return metadata

    # --- what ends calls ------------------------------------------------------------------

    def expire(self) -> int:
        """End the calls that rang past ``RING_TIME`` and those one side of is gone (its node
        died), each decided by the node holding the other side. How many ended."""
        now = self._clock()
        ended = 0
        for call in list(self.calls.values()):
            caller = self._find(call.caller)
            callee = self._find(call.callee) if call.callee.connection is not None else None
            if call.answered_at is None:
                if caller is None or (self.keys.local(caller) and now - call.rang_at >= RING_TIME):
                    if caller is None and not self._any_local(call.callee):
                        continue
                    self._end(call, EndReason.TIMEOUT if caller else EndReason.UNAVAILABLE, by=None)
                    ended += 1
            elif (caller is None) != (callee is None):
                present = caller or callee
                assert present is not None
                if self.keys.local(present):
                    self._end(call, EndReason.UNAVAILABLE, by=None)
                    ended += 1
        return ended

    def forget(self, connection: Connection) -> None:
        """``connection`` is going away: the calls it carries end (``unavailable``), and a
        call ringing for its character ends once no other connection of it is left; its cams
        and watches end too."""
        if self.cams is not None:
            self.cams.forget(connection)
        key = self.keys.key(connection)
        last = not (self._registry.character_connections(connection.character.id) - {connection})
        for call in list(self.calls.values()):
            if key in (call.caller.connection, call.callee.connection) or (
                last
                and call.answered_at is None
                and call.callee.character.id == connection.character.id
            ):
                self._end(call, EndReason.UNAVAILABLE, by=None)

    def blocked(self, blocker: AccountId, blocked: AccountId) -> None:
        """A block between the two ends their calls: the blocker's side reads ``blocked``, the
        blocked side ``unavailable`` (a block never shows itself)."""
        call = self._between(blocker, blocked)
        if call is not None:
            side = call.side_of(blocker)
            assert side is not None
            self._end(
                call,
                EndReason.UNAVAILABLE,
                by=side.character.name,
                reasons={blocker: EndReason.BLOCKED},
            )

    def safeword(self, accounts: Iterable[AccountId]) -> None:
        """A safeword ends every call among the scene's members."""
        members = set(accounts)
        for call in list(self.calls.values()):
            if call.caller.account in members and call.callee.account in members:
                self._end(call, EndReason.SAFEWORD, by=None)

    # --- internals ------------------------------------------------------------------------

    def _call(self, connection: Connection, call_id: str) -> CallState:
        self.check_enabled()
        call = self.calls.get(call_id)
        if call is None or call.side_of(connection.account.id) is None:
            raise NotFound("No such call.")
        return call

    def _between(self, a: AccountId, b: AccountId) -> CallState | None:
        return next(
            (c for c in self.calls.values() if {c.caller.account, c.callee.account} == {a, b}),
            None,
        )

    def _count(
        self, times: deque[float], window: dt.timedelta, limit: int, words: str, *, add: bool = True
    ) -> None:
        now = self._clock().timestamp()
        span = window.total_seconds()
        while times and now - times[0] >= span:
            times.popleft()
        if len(times) >= limit:
            raise Throttled(words, retry_after=times[0] + span - now)
        if add:
            times.append(now)

    def mint(self, relay: TurnRelay) -> IceServer:
        return mint_ice_server(
            relay.urls,
            relay.secret,
            now=self._clock().timestamp(),
            ttl_seconds=relay.ttl_seconds,
            opaque=secrets.token_urlsafe(12),
        )

    def _find(self, side: Side) -> Connection | None:
        return None if side.connection is None else self.keys.find(self._registry, side.connection)

    def _any_local(self, side: Side) -> bool:
        return any(
            self.keys.local(c) for c in self._registry.character_connections(side.character.id)
        )

    def _to_side(self, side: Side, event: Event, *, ringing_to_all: bool = False) -> None:
        """To the connection a side acts from; before it answered, to all its character's."""
        found = self._find(side)
        if found is not None:
            found.session.deliver(event)
        elif side.connection is None and ringing_to_all:
            self._registry.send(self._registry.character_connections(side.character.id), event)

    def _end(
        self,
        call: CallState,
        reason: EndReason,
        *,
        by: str | None,
        reasons: dict[AccountId, EndReason] | None = None,
    ) -> None:
        if self.calls.pop(call.id, None) is None:
            return
        now = self._clock()
        record = self._record(call, now, reason, by)
        self._keep(record)
        self.watch.call_gone(record)
        for side in (call.caller, call.callee):
            told = (reasons or {}).get(side.account, reason)
            if call.session is not None:
                self._to_side(side, MediaSessionEnded(now, call.session, told))
            # The side's every connection: its other tabs show the call, or ring.
            ended = CallEnded(now, call.id, told)
            self._registry.send(self._registry.character_connections(side.character.id), ended)

    @staticmethod
    def _record(call: CallState, now: dt.datetime, reason: EndReason, by: str | None) -> CallRecord:
        caller, callee = call.caller, call.callee
        return CallRecord(
            call.id,
            caller.character.name,
            caller.account,
            callee.character.name,
            callee.account,
            call.video,
            call.rang_at,
            call.answered_at,
            now,
            reason,
            by,
        )

    def taken(self, state: CallState) -> None:
        """Another node changed ``state``: hold it as it is (nobody is told here)."""
        self.calls[state.id] = state

    def gone(self, record: CallRecord) -> None:
        """Another node ended a call: forget it, keep its record."""
        self.calls.pop(record.id, None)
        self._keep(record)

    def _keep(self, record: CallRecord) -> None:
        """Remember an ended call (for reports), and count a decline (on every node alike)."""
        self.records[record.id] = record
        while len(self.records) > RECORDS_KEPT:
            self.records.popitem(last=False)
        if record.reason is EndReason.DECLINED:
            pair = (record.caller_account, record.callee_account)
            self._declines.setdefault(pair, deque()).append(record.ended_at.timestamp())
