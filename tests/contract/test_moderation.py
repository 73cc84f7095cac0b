"""Moderation in every store: the sealing key made once, the queue (open and resolved items,
resolved once), the append-only audit log, restrictions with expiry, and erasure (of a
report's subject and of its reporter)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from boudoir.core.ports import Store
from boudoir.domain.ids import AccountId
from boudoir.domain.moderation import (
    ERASED,
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

from .builders import CREATED, Make


def item(number: int, subject: AccountId | None, **fields: object) -> QueueItem:
    base = QueueItem(
        id=f"item-{number}",
        kind=QueueKind.REPORT,
        created_at=CREATED + dt.timedelta(minutes=number),
        subject_account=subject,
        subject_name="Mallory",
        place="lobby",
        summary="spam",
        evidence={"reason": "spam", "lines": [{"text": "buy now", "genuine": True}]},
    )
    return dataclasses.replace(base, **fields)  # type: ignore[arg-type]


async def test_the_seal_key_is_made_once_and_kept(store: Store) -> None:
    first = await store.moderation.seal_key(b"k" * 32, CREATED)
    second = await store.moderation.seal_key(b"x" * 32, CREATED)
    assert first == second == b"k" * 32


async def test_the_queue_lists_oldest_first_and_filters_by_status(store: Store, make: Make) -> None:
    mallory = await make.stored_account("Mallory")
    for number in (3, 1, 2):
        await store.moderation.add_item(item(number, mallory.id))
    listed = await store.moderation.list_items(QueueStatus.OPEN, 10)
    assert [i.id for i in listed] == ["item-1", "item-2", "item-3"]
    assert listed[0].evidence == {"reason": "spam", "lines": [{"text": "buy now", "genuine": True}]}
    assert listed[0].subject_account == mallory.id
    assert [i.id for i in await store.moderation.list_items(None, 2)] == ["item-1", "item-2"]


async def test_an_item_is_resolved_once(store: Store, make: Make) -> None:
    mallory = await make.stored_account("Mallory")
    await store.moderation.add_item(item(1, mallory.id))
    at = CREATED + dt.timedelta(hours=1)
    done = await store.moderation.resolve_item("item-1", Resolution.DISMISS, "ok", "Mod", at)
    assert done is not None
    assert (done.status, done.resolution, done.note, done.resolved_by, done.resolved_at) == (
        QueueStatus.RESOLVED,
        Resolution.DISMISS,
        "ok",
        "Mod",
        at,
    )
    again = await store.moderation.resolve_item("item-1", Resolution.DROP, "", "Other", at)
    assert again is None
    assert await store.moderation.resolve_item("nope", Resolution.DROP, "", "Mod", at) is None
    assert await store.moderation.list_items(QueueStatus.OPEN, 10) == []
    assert await store.moderation.get_item("item-1") == done


async def test_the_audit_log_lists_newest_first(store: Store, make: Make) -> None:
    mallory = await make.stored_account("Mallory")
    for number, kind in enumerate((ActionKind.WARN, ActionKind.SUSPEND, ActionKind.UNSUSPEND)):
        await store.moderation.add_action(
            Action(
                id=f"action-{number}",
                at=CREATED + dt.timedelta(minutes=number),
                actor="operator",
                kind=kind,
                target="Mallory",
                target_account=mallory.id,
                reason="spam",
                expires_at=CREATED + dt.timedelta(days=1) if kind is ActionKind.SUSPEND else None,
            )
        )
    log = await store.moderation.list_actions(10)
    assert [a.kind for a in log] == [ActionKind.UNSUSPEND, ActionKind.SUSPEND, ActionKind.WARN]
    assert log[1].expires_at == CREATED + dt.timedelta(days=1)
    assert len(await store.moderation.list_actions(1)) == 1


async def test_restrictions_replace_lift_and_expire(store: Store, make: Make) -> None:
    mallory = await make.stored_account("Mallory")
    soon, later = CREATED + dt.timedelta(minutes=5), CREATED + dt.timedelta(days=1)
    mute = Restriction(mallory.id, RestrictionKind.MUTE, "lobby", soon, "spam", "a1")
    await store.moderation.put_restriction(mute)
    await store.moderation.put_restriction(
        Restriction(mallory.id, RestrictionKind.MUTE, "lobby", later, "again", "a2")
    )
    suspension = Restriction(mallory.id, RestrictionKind.SUSPENSION, "", None, "abuse", "a3")
    await store.moderation.put_restriction(suspension)
    mine = await store.moderation.restrictions_of(mallory.id)
    assert [(r.kind, r.expires_at, r.reason) for r in mine] == [
        (RestrictionKind.MUTE, later, "again"),
        (RestrictionKind.SUSPENSION, None, "abuse"),
    ]
    assert await store.moderation.restrictions(RestrictionKind.SUSPENSION) == [suspension]
    assert sorted(await store.moderation.restrictions(), key=lambda r: r.kind.value) == sorted(
        mine, key=lambda r: r.kind.value
    )
    assert await store.moderation.remove_restriction(mallory.id, RestrictionKind.MUTE, "lobby")
    assert not await store.moderation.remove_restriction(mallory.id, RestrictionKind.MUTE, "lobby")
    assert await store.moderation.restrictions_of(mallory.id) == [suspension]


async def test_erasure_keeps_reports_and_the_audit_log_without_the_account(
    store: Store, make: Make
) -> None:
    mallory = await make.stored_account("Mallory")
    await store.moderation.add_item(item(1, mallory.id))
    await store.moderation.add_action(
        Action("action-1", CREATED, "operator", ActionKind.WARN, "Mallory", mallory.id)
    )
    await store.moderation.put_restriction(
        Restriction(mallory.id, RestrictionKind.ACCOUNT_BAN, "", None, "abuse", "action-1")
    )
    await store.accounts.erase(mallory.id)
    kept = await store.moderation.get_item("item-1")
    assert kept is not None
    assert (kept.subject_account, kept.subject_name) == (None, "Mallory")
    [action] = await store.moderation.list_actions(10)
    assert (action.target_account, action.target) == (None, "Mallory")
    assert await store.moderation.restrictions_of(mallory.id) == []


def report_by(number: int, subject: AccountId | None, reporter: AccountId, name: str) -> QueueItem:
    """A report as the service files it: the reporter's account, their name in the evidence,
    the lines to them."""
    return item(
        number,
        subject,
        summary=f"{name} reports Mallory: spam",
        evidence={
            REPORTER: name,
            "reason": "spam",
            "lines": [{"from": "Mallory", "to": name, "text": "buy now", "genuine": True}],
        },
        reporter_account=reporter,
    )


async def test_erasing_a_reporter_keeps_its_reports_without_who_made_them(
    store: Store, make: Make
) -> None:
    mallory = await make.stored_account("Mallory")
    bob = await make.stored_account("Bob")
    carol = await make.stored_account("Carol")
    carl = await make.stored_account("Carl")
    await store.moderation.add_item(report_by(1, mallory.id, bob.id, "Bob"))
    await store.moderation.add_item(report_by(2, mallory.id, carol.id, "Carol"))
    await store.moderation.add_item(report_by(3, bob.id, carl.id, "Carl"))
    assert [r.id for r in await store.moderation.reports_by(carol.id)] == ["item-2"]
    await store.moderation.resolve_item("item-1", Resolution.DISMISS, "", "Mod", CREATED)

    await store.accounts.erase(carol.id)
    await store.accounts.erase(carol.id)  # twice is not an error

    first, second, third = await store.moderation.list_items(None, 10)
    assert first.evidence == report_by(1, mallory.id, bob.id, "Bob").evidence
    assert (first.status, first.summary) == (QueueStatus.RESOLVED, "Bob reports Mallory: spam")
    assert second.summary == f"{ERASED} reports Mallory: spam"
    assert second.reporter_account is None
    assert await store.moderation.reports_by(carol.id) == []
    assert second.evidence == {
        REPORTER: ERASED,
        "reason": "spam",
        "lines": [{"from": "Mallory", "to": ERASED, "text": "buy now", "genuine": True}],
    }
    assert (second.subject_account, second.subject_name) == (mallory.id, "Mallory")
    assert (second.status, second.kind) == (QueueStatus.OPEN, QueueKind.REPORT)
    assert third == report_by(3, bob.id, carl.id, "Carl")


async def test_erasing_reporter_and_subject_keeps_the_report_with_the_subject_name(
    store: Store, make: Make
) -> None:
    mallory = await make.stored_account("Mallory")
    bob = await make.stored_account("Bob")
    await store.moderation.add_item(report_by(1, mallory.id, bob.id, "Bob"))
    await store.accounts.erase(bob.id)
    await store.accounts.erase(mallory.id)
    kept = await store.moderation.get_item("item-1")
    assert kept is not None
    assert (kept.subject_account, kept.subject_name) == (None, "Mallory")
    assert (kept.evidence[REPORTER], kept.reporter_account) == (ERASED, None)
    assert kept.evidence["lines"] == [
        {"from": "Mallory", "to": ERASED, "text": "buy now", "genuine": True}
    ]
