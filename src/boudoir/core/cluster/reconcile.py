"""Catching up with another node's ``Snapshot``: its people, and the state every node shares.

A snapshot from a node that joins late is learnt from (``core.cluster.shared.learn``): what
this node does not hold yet is taken. After Redis was away (``Snapshot.returning``) both sides
may have changed the same state, and neither could tell the other; each node merges the other's
snapshot with what it holds by the rules below, safety first. Every node applies the same
rules to the same two states, so each reaches the same result on its own and tells only its
own people what changed for them (what would go to another node's people is muted: their own
node tells them), once: a second snapshot from the same node changes nothing more.

- People, their rooms, statuses and voices: a node's own people are as it says. Who left a
  room on the other side meanwhile is shown leaving it, who came is shown arriving, who is
  gone is shown gone with the words of a dropped connection.
- Scenes: one ended on either side stays ended on both (each node remembers the scenes it
  saw end lately, ``SceneService.ended``): this node's members are told it ended, as it
  ended there, and nobody brings its room back. A scene started on one side is learnt. A
  scene held on both is paused if either side paused it (its members here are told); an
  open vote on adding someone stays open only if both sides hold it, with the yes both hold.
- Safeword cool-downs: both sides' (for each pair, the later end).
- Logs' consent: a room's log (or proposal) held alike on both sides stays; held differently,
  or on one side only, it is off on both, with nothing proposed: logging needs everyone's
  consent, and in doubt it is off. Those in the room here are told it stopped, as when anyone
  withdraws.
- Blocks, friends, moderators' restrictions and rooms live in the store: every account
  connected anywhere is read anew, the restrictions and the live rooms too; a pair newly
  blocked meanwhile sees each other leave the rooms they share, a pair unblocked sees each
  other again; someone banned from a room meanwhile is put out of it by their own node, and
  their node's snapshot does not bring them back into it elsewhere.
- Invitations to private rooms: each side's, but none for someone in the room (used on
  either side), once the rooms' people are merged (``shared.learn_invited``).
- The rest (scene invitations, message requests, ``meetme`` requests, hand offers, WHOWAS's
  departures, the rooms' activity) is learnt as a late node learns it, except invitations to
  a scene that ended (withdrawn).

Imports ``boudoir.core`` (cluster, messaging, registry, scenes) and ``boudoir.domain``.
"""

from __future__ import annotations

from collections import defaultdict
from contextlib import nullcontext
from typing import TYPE_CHECKING

from boudoir.core.cluster.activity_messages import ActivityCounted
from boudoir.core.cluster.messages import (
    AccountChanged,
    Cooldowns,
    Entered,
    SceneState,
    SharedState,
    Snapshot,
)
from boudoir.core.cluster.remote import RemoteSession
from boudoir.core.cluster.shared import learn, learn_invited
from boudoir.core.messaging import MessagingService
from boudoir.core.registry import Connection
from boudoir.core.scenes import SceneService
from boudoir.domain.events import ScenePauseChanged
from boudoir.domain.ids import AccountId, ConnectionId, RoomId

if TYPE_CHECKING:
    from boudoir.core.cluster.node import ClusterNode


async def resynchronise(node: ClusterNode, messages: MessagingService, snapshot: Snapshot) -> None:
    """Make this node's picture of ``snapshot.node`` match it, and take (or, after a gap,
    reconcile) the shared state it holds."""
    if snapshot.held is not None:
        if node.activity is not None:
            node.activity.apply(ActivityCounted(snapshot.node, snapshot.held.activity))
        if snapshot.returning:
            with node.outbox.only_here():
                reconcile(node, snapshot.held)
        await learn(node, messages, snapshot.held, logs=not snapshot.returning)
    node.catching_up = snapshot.returning
    try:
        await _people(node, snapshot)
    finally:
        node.catching_up = False
    if snapshot.held is not None:
        learn_invited(node, snapshot.held, returning=snapshot.returning)
    if snapshot.returning and node.store_unread:
        # Once per gap and node back: what the other side changed in the store meanwhile was
        # written before it said hello again.
        node.store_unread = False
        await _relations(node)


def reconcile(node: ClusterNode, held: SharedState) -> None:
    """Merge what another node held after a gap with what this node holds (the module's
    rules), before ``learn`` takes the rest."""
    scenes = node.scenes
    if scenes is not None:
        for gone in held.ended:
            scenes.remember_ended(gone.room, gone.reason)
            scenes.end_here(gone.room, gone.reason)
        for state in held.scenes:
            _merge_scene(node, scenes, state)
        for cooldowns in held.cooldowns:
            _merge_cooldowns(scenes, cooldowns)
    if node.logs is not None:
        node.logs.reconcile(held.logs)


def _merge_scene(node: ClusterNode, scenes: SceneService, theirs: SceneState) -> None:
    scene = scenes._scenes.get(theirs.room.id)
    if scene is None:
        return  # learnt, unless it ended here
    votes = {vote.invitee.id: vote for vote in theirs.votes}
    for invitee, vote in list(scene.votes.items()):
        other = votes.get(invitee)
        if other is None:
            del scene.votes[invitee]
            continue
        vote.yes &= other.yes
        vote.waiting |= other.waiting - vote.yes
    if theirs.paused_by is not None and scene.paused_by is None:
        scene.paused_by = theirs.paused_by
        scenes._paused.add(theirs.room.id)
        event = ScenePauseChanged(node._clock(), scene.ref, paused=True)
        node._registry.send(scene.live.connections(), event)


def _merge_cooldowns(scenes: SceneService, theirs: Cooldowns) -> None:
    mine = scenes._cooldowns.get(theirs.account)
    if mine is None:
        return  # learnt
    for account, until in theirs.until:
        mine[account] = max(until, mine.get(account, until))


async def _people(node: ClusterNode, snapshot: Snapshot) -> None:
    """Who left meanwhile leaves (shown to this node's people as a dropped connection), who
    came is added; who left or entered a room meanwhile is shown leaving or entering it."""
    registry = node._registry
    listed = {o.connection for o in snapshot.opened}
    theirs = [
        c
        for c in registry.connections.values()
        if isinstance(c.session, RemoteSession) and c.session.node == snapshot.node
    ]
    gone = [c for c in theirs if _local_id(c) not in listed]
    with node.outbox.only_here():
        for connection in gone:
            node._disconnect(connection, "Connection closed")
    for opened in snapshot.opened:
        await node._open(opened)
    rooms: defaultdict[ConnectionId, set[RoomId]] = defaultdict(set)
    for entered in snapshot.entered:
        rooms[entered.connection].add(entered.room.id)
    # After a gap, this node's people are shown who came and went meanwhile (and only they:
    # the other node tells its own); otherwise nobody here missed anything.
    shown = snapshot.returning
    with node.outbox.only_here() if shown else nullcontext():
        for connection in theirs:
            for room_id in sorted(connection.rooms - rooms[_local_id(connection)]):
                live = registry.rooms.get(room_id)
                if live is not None and shown:
                    node._rooms.leave_shown(connection, live)
                elif live is not None:
                    node._rooms.leave_quietly(connection, live)
        for entered in snapshot.entered:
            if not _barred(node, entered):
                node._enter(entered, shown=shown)
    # What that node's arrivals were numbered, as far as this node now knows them all.
    node._heard[snapshot.node] = max((e.number for e in snapshot.entered), default=0)
    for status in snapshot.statuses:
        await node.apply(status)
    for voiced in snapshot.voiced:
        await node.apply(voiced)


def _barred(node: ClusterNode, entered: Entered) -> bool:
    """Whether ``entered`` is out of date here: its scene ended, or this node banned its
    person from the room meanwhile."""
    room = entered.room.id
    if node.scenes is not None and node.scenes.ended(room) is not None:
        return True
    live = node._registry.rooms.get(room)
    connection = node._find(entered.node, entered.connection)
    if live is None or connection is None:
        return False
    account = connection.account.id
    return live.room.is_banned(account) and not live.room.is_manager(account)


def _local_id(connection: Connection) -> ConnectionId:
    """The id a remote connection has on its own node."""
    assert isinstance(connection.session, RemoteSession)
    return connection.session.local_id


async def _relations(node: ClusterNode) -> None:
    """Read anew, from the store, the relations of every account connected anywhere and the
    moderators' restrictions: a block or a mute made meanwhile holds here too."""
    registry = node._registry
    before = {account: set(registry.blocked.get(account, ())) for account in registry.by_account}
    for account in sorted(registry.by_account):
        await node.apply(AccountChanged(account))
    if node.sweep_restrictions is not None:
        await node.sweep_restrictions()
    stored = await node._rooms.stored_live_rooms()
    with node.outbox.only_here():  # never across an await: this node's people go on meanwhile
        node._rooms.take_stored(stored)
    hidden: set[tuple[AccountId, AccountId]] = set()
    shown: set[tuple[AccountId, AccountId]] = set()
    for account in registry.by_account:
        now = registry.blocked.get(account, set())
        was = before.get(account, now)
        for other in now - was:
            hidden.add((min(account, other), max(account, other)))
        for other in was - now:
            shown.add((min(account, other), max(account, other)))
    with node.outbox.only_here():
        for a, b in sorted(hidden):
            node._rooms.hide_pair(a, b)
        for a, b in sorted(shown):
            node._rooms.show_pair(a, b)
