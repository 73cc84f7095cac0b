"""Noticing account changes made elsewhere, for ``World``: an erasure, a suspension's
account, a password changed at the command line or on another node, a new presence visibility.

Each node shows a change to its own people only (in a cluster every node hears of it). Imports
core services and ``boudoir.domain``; ``World`` is named for types only.
"""

from __future__ import annotations

from contextlib import nullcontext
from typing import TYPE_CHECKING

from boudoir.core.cluster.remote import is_remote
from boudoir.domain.entities import Account, PresenceVisibility
from boudoir.domain.ids import AccountId

if TYPE_CHECKING:
    from boudoir.core.world import World

ACCOUNT_ERASED = "Your account was erased."
ROOM_CLOSED = "This room was closed."
PASSWORD_CHANGED = "Your password was changed; log in again."  # noqa: S105 (a message)


def account_changed(world: World, account_id: AccountId, account: Account | None) -> None:
    """The accounts listener: show a change to ``account_id`` to its own people here."""
    # In a cluster every node hears of the change (from the node that made it, or from the
    # command line) and shows it to its own people: none tells another's.
    with world.cluster.outbox.only_here() if world.cluster is not None else nullcontext():
        _show_account_change(world, account_id, account)


def _show_account_change(world: World, account_id: AccountId, account: Account | None) -> None:
    connections = list(world.registry.by_account.get(account_id, ()))
    if account is None:
        world.messages.forget(account_id)
        world.mail.forget(account_id)
        world.replay.forget(account_id)
        world.end_private_sessions(ACCOUNT_ERASED, connections)
        world.presence.forget(account_id)
        world.rooms.close_owned_by(account_id, ROOM_CLOSED)
        return
    if account.presence_visibility is not PresenceVisibility.EVERYONE:
        world.presence.forget(account_id)
    if not connections:
        return
    visibility_changed = connections[0].account.presence_visibility != (account.presence_visibility)
    before = world.presence.sightings(account_id) if visibility_changed else set()
    for connection in connections:
        connection.account = account
    if visibility_changed:
        world.presence.reshow(before, world.presence.sightings(account_id))
    for connection in connections:
        world.rooms.enforce_ratings(connection)


async def sync_accounts(world: World) -> None:
    """Pick up changes to online accounts made outside this process, and write the
    last-seen times noted since the last run. Run periodically."""
    await world.places.save_last_seen()
    online = list(world.registry.by_account)
    if not online:
        return
    revisions = await world.store.accounts.revisions(online)
    for account_id in online:
        await _sync_account(world, account_id, revisions.get(account_id))


async def account_changed_elsewhere(world: World, account_id: AccountId) -> None:
    """Another node (or the CLI, through the bus) changed ``account_id``: pick it up now."""
    if account_id in world.registry.by_account:
        revisions = await world.store.accounts.revisions([account_id])
        await _sync_account(world, account_id, revisions.get(account_id))


async def _sync_account(world: World, account_id: AccountId, current: int | None) -> None:
    connections = world.registry.by_account.get(account_id)
    if not connections:
        return
    known_account = next(iter(connections)).account
    if current is None:
        world.accounts.refresh_from_store(account_id, None)
    elif current != known_account.revision:
        fresh = await world.store.accounts.get(account_id)
        local = [c for c in connections if not is_remote(c)]
        known_hash = next((c.account.password_hash for c in local), None)
        if fresh is not None and known_hash is not None and fresh.password_hash != known_hash:
            # Changed elsewhere (the CLI ended the browser logins in the store). A rehash
            # at a login on another node (after argon2's cost was raised) also changes the
            # hash and ends these sessions, once: rare, and on the safe side. Each node ends
            # its own people's sessions.
            world.end_private_sessions(PASSWORD_CHANGED, local)
        world.accounts.refresh_from_store(account_id, fresh)
