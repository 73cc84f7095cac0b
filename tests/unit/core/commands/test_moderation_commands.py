"""Reports and moderation through the command layer: the intents ModServ, REPORT, OPER, the
telnet report, the WebSocket and the HTTP API give, and the replies."""

from __future__ import annotations

import datetime as dt

import pytest

from boudoir.core.commands import Context, run
from boudoir.domain.entities import Role
from boudoir.domain.errors import AuthenticationFailed, ConsentRefused, InvalidInput, NotFound
from boudoir.domain.events import RoomMessageSent
from boudoir.domain.intents import (
    ApproveAccount,
    ConfirmStaff,
    CreateInvitation,
    ListPendingAccounts,
    Report,
    ResolveItem,
    ShowAudit,
    ShowItem,
    ShowQueue,
    TakeAction,
)
from boudoir.domain.invitations import SignupMode
from boudoir.domain.moderation import ActionKind, QueueStatus, Resolution
from boudoir.domain.replies import (
    AccountApproved,
    ActionTaken,
    AuditShown,
    InvitationCreated,
    ItemResolved,
    ItemShown,
    PendingAccounts,
    QueueShown,
    ReportFiled,
    StaffConfirmed,
)
from boudoir.testing.harness import PASSWORD, TestPerson, TestWorld

START = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)


async def staff(world: TestWorld, name: str, role: Role) -> TestPerson:
    person = await world.person(name)
    await world.world.accounts.set_role(person.account.id, role)
    return await world.login(name)


def received(event: RoomMessageSent) -> dict[str, object]:
    """The line as a client received it, seal and all."""
    at = event.at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{event.at.microsecond // 1000:03d}Z"
    return {
        "id": event.id,
        "at": at,
        "room": event.room.name,
        "from": event.sender.name,
        "kind": event.kind.value,
        "text": event.text,
        "seal": event.seal,
    }


async def test_a_report_says_which_lines_are_genuine_and_reaches_the_moderators() -> None:
    world = await TestWorld.start()
    mallory, bob = await world.person("Mallory"), await world.person("Bob")
    mod = await staff(world, "Sage", Role.MODERATOR)
    await mallory.join("lobby")
    await bob.join("lobby")
    heard = received(mallory.say("lobby", "pay me for a scene"))
    forged = {**heard, "text": "pay me double"}

    filed = await bob.do(Report("Mallory", "asks for money", (heard, forged)))

    assert isinstance(filed, ReportFiled)
    assert filed.genuine == (True, False)
    queue = await mod.do(ShowQueue())
    assert isinstance(queue, QueueShown)
    assert [item.id for item in queue.items] == [filed.item_id]
    shown = await mod.do(ShowItem(filed.item_id))
    assert isinstance(shown, ItemShown)
    assert shown.item.subject_name == "Mallory"


async def test_resolving_an_item_closes_it_and_an_unknown_item_is_not_found() -> None:
    world = await TestWorld.start()
    await world.person("Mallory")
    bob = await world.person("Bob")
    mod = await staff(world, "Sage", Role.MODERATOR)
    filed = await bob.do(Report("Mallory", "rude"))
    assert isinstance(filed, ReportFiled)
    assert filed.genuine == ()

    resolved = await mod.do(ResolveItem(filed.item_id, "dismiss", "nothing in it"))

    assert isinstance(resolved, ItemResolved)
    assert resolved.item.resolution is Resolution.DISMISS
    assert await mod.do(ShowQueue()) == QueueShown(())
    still = await mod.do(ShowQueue(QueueStatus.RESOLVED))
    assert isinstance(still, QueueShown)
    assert len(still.items) == 1
    with pytest.raises(NotFound, match=r"There is no item q-none\."):
        await mod.do(ShowItem("q-none"))


async def test_members_may_not_see_the_queue_nor_act() -> None:
    world = await TestWorld.start()
    bob = await world.person("Bob")
    await world.person("Mallory")
    with pytest.raises(ConsentRefused):
        await bob.do(ShowQueue())
    with pytest.raises(ConsentRefused):
        await bob.do(TakeAction("warn", "Mallory"))


async def test_an_action_lasting_two_hours_expires_two_hours_from_now_and_is_audited() -> None:
    world = await TestWorld.start(lambda: START)
    mallory = await world.person("Mallory")
    await mallory.join("lobby")
    operator = await staff(world, "Olive", Role.OPERATOR)

    taken = await operator.do(
        TakeAction("mute", "Mallory", "lobby", "shouting", lasting=dt.timedelta(hours=2))
    )

    assert isinstance(taken, ActionTaken)
    assert taken.action.kind is ActionKind.MUTE
    assert taken.action.expires_at == START + dt.timedelta(hours=2)
    assert mallory.saw("You are muted in lobby until 2026-11-26 14:00 UTC: shouting")
    audit = await operator.do(ShowAudit())
    assert isinstance(audit, AuditShown)
    assert audit.actions == (taken.action,)


async def test_over_the_http_api_staff_act_as_their_account_but_nobody_reports() -> None:
    world = await TestWorld.start()
    await world.person("Mallory")
    mod = await staff(world, "Sage", Role.MODERATOR)
    context = Context.of_account(world.world, mod.account.id)
    assert await run(context, ShowQueue()) == QueueShown(())
    with pytest.raises(InvalidInput):
        await run(context, Report("Mallory", "rude"))


async def test_staff_make_invitations_and_approve_waiting_accounts() -> None:
    world = await TestWorld.start()
    mod = await staff(world, "Sage", Role.MODERATOR)
    made = await mod.do(CreateInvitation(3, 7))
    assert isinstance(made, InvitationCreated)
    assert (made.invitation.max_uses, made.invitation.expires_at is not None) == (3, True)
    assert made.code

    world.world.accounts.signup_mode = SignupMode.APPROVAL
    await world.world.accounts.register("Yew", PASSWORD, dt.date(1990, 1, 1), address="127.0.0.1")
    waiting = await mod.do(ListPendingAccounts())
    assert isinstance(waiting, PendingAccounts)
    assert [a.name for a in waiting.accounts] == ["Yew"]
    assert await mod.do(ApproveAccount("yew")) == AccountApproved("Yew")
    assert await mod.do(ListPendingAccounts()) == PendingAccounts(())


async def test_confirming_staff_names_the_role_and_refuses_a_wrong_password() -> None:
    world = await TestWorld.start()
    mod = await staff(world, "Sage", Role.MODERATOR)
    assert await mod.do(ConfirmStaff("Sage", PASSWORD)) == StaffConfirmed(Role.MODERATOR)
    with pytest.raises(AuthenticationFailed):
        await mod.do(ConfirmStaff("Sage", "not it"))
    assert "not it" not in repr(ConfirmStaff("Sage", "not it")), "never in a log line"
