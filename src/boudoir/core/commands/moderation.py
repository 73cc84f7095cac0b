"""Handlers of the intents about moderation: reports, the queue, actions, the audit log,
approvals and invitations. Who may do what is ``world.moderation``'s (and the account and
invitation services') to decide; these only ask, and word nothing.

Imports ``boudoir.core`` and ``boudoir.domain``.
"""

from __future__ import annotations

from typing import assert_never

from boudoir.core.commands.context import Context
from boudoir.core.moderation import Actor
from boudoir.domain.errors import NotFound
from boudoir.domain.intents.moderation import (
    ApproveAccount,
    ConfirmStaff,
    CreateInvitation,
    ListPendingAccounts,
    ModerationIntents,
    Report,
    ResolveItem,
    ShowAudit,
    ShowItem,
    ShowQueue,
    TakeAction,
)
from boudoir.domain.moderation import Action
from boudoir.domain.replies.moderation import (
    AccountApproved,
    ActionTaken,
    AuditShown,
    InvitationCreated,
    ItemResolved,
    ItemShown,
    ModerationReplies,
    PendingAccounts,
    QueueShown,
    ReportFiled,
    StaffConfirmed,
)


async def actor_of(context: Context) -> Actor:
    """Who moderates: the live connection's account, or the HTTP request's, as stored."""
    if context.connection is not None:
        return Actor.of(context.connection.account)
    return Actor.of(await context.world.accounts.get(context.account_id))


async def run(context: Context, intent: ModerationIntents) -> ModerationReplies:
    world = context.world
    match intent:
        case Report(subject, reason, evidence, call, image):
            metadata = None
            if call is not None:
                reported = await world.characters.find(subject)
                metadata = world.calls.record(context.conn, call, reported.account_id)
            item = await world.moderation.report(
                context.conn, subject, reason, evidence, image, call=metadata
            )
            lines = item.evidence.get("lines")
            checked = lines if isinstance(lines, list) else []
            return ReportFiled(item.id, tuple(bool(line.get("genuine")) for line in checked))
        case ShowQueue(status):
            return QueueShown(tuple(await world.moderation.queue(await actor_of(context), status)))
        case ShowItem(item_id):
            items = await world.moderation.queue(await actor_of(context), None)
            found = next((i for i in items if i.id == item_id), None)
            if found is None:
                raise NotFound(f"There is no item {item_id}.")
            return ItemShown(found)
        case ResolveItem(item_id, resolution, note):
            actor = await actor_of(context)
            return ItemResolved(await world.moderation.resolve(actor, item_id, resolution, note))
        case TakeAction():
            return ActionTaken(await _act(context, intent))
        case ShowAudit():
            return AuditShown(tuple(await world.moderation.audit(await actor_of(context))))
        case ListPendingAccounts():
            actor = await actor_of(context)
            return PendingAccounts(tuple(await world.accounts.awaiting_approval_as(actor)))
        case ApproveAccount(name):
            approved = await world.accounts.approve_as(await actor_of(context), name)
            return AccountApproved(approved.name)
        case CreateInvitation(uses, days):
            invitation, code = await world.invitations.create_as(
                await actor_of(context), uses=uses, expires_in_days=days
            )
            return InvitationCreated(invitation, code)
        case ConfirmStaff(name, password):
            return StaffConfirmed(await world.confirm_staff(context.conn, name, password))
        case _:
            assert_never(intent)


async def _act(context: Context, intent: TakeAction) -> Action:
    world = context.world
    expires = intent.expires_at
    if intent.lasting is not None:
        expires = world.clock() + intent.lasting
    return await world.moderation.act(
        await actor_of(context),
        intent.kind,
        intent.target,
        intent.room,
        intent.reason,
        expires,
        item_id=intent.item_id,
    )
