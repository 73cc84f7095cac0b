"""Sign-up modes: invitation codes (valid, wrong, used up, expired, revoked, raced for) and
accounts that wait for an operator's approval before they can log in."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt

import pytest

from boudoir.domain.errors import (
    AuthenticationFailed,
    AwaitingApproval,
    InvalidInput,
    InvitationInvalid,
    InvitationRequired,
    NameTaken,
    NotFound,
)
from boudoir.domain.invitations import SignupMode, code_hash
from boudoir.testing.harness import ADULT_BIRTHDAY, PASSWORD, RecordingSession, TestWorld

START = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
ADDRESS = "192.0.2.7"


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> dt.datetime:
        return self.now


async def world_in(mode: SignupMode, clock: Clock | None = None) -> TestWorld:
    world = await TestWorld.start(clock=clock or Clock())
    world.world.accounts.signup_mode = mode
    return world


async def sign_up(world: TestWorld, name: str, code: str | None = None) -> None:
    await world.world.accounts.register(
        name, PASSWORD, ADULT_BIRTHDAY, address=ADDRESS, invitation=code
    )


async def names(world: TestWorld) -> list[str]:
    return [a.name for a in await world.world.accounts.list_all()]


# --- invitation ------------------------------------------------------------------------------


async def test_without_a_code_nobody_signs_up_and_nothing_is_made() -> None:
    world = await world_in(SignupMode.INVITATION)
    for missing in (None, "", "  - "):
        with pytest.raises(InvitationRequired) as refused:
            await sign_up(world, "juniper", missing)
        assert refused.value.code == "invitation_required"
    assert await names(world) == []


async def test_a_wrong_code_is_refused_and_makes_nothing() -> None:
    world = await world_in(SignupMode.INVITATION)
    await world.world.invitations.create()
    with pytest.raises(InvitationInvalid, match="not known") as refused:
        await sign_up(world, "juniper", "AAAA-BBBB-CCCC-DDDD")
    assert refused.value.code == "invitation_invalid"
    with pytest.raises(InvitationInvalid):
        await sign_up(world, "juniper", "x" * 500)
    assert await names(world) == []


async def test_a_valid_code_makes_the_account_and_is_then_used_up() -> None:
    world = await world_in(SignupMode.INVITATION)
    invitation, code = await world.world.invitations.create()
    await sign_up(world, "juniper", code)
    assert await names(world) == ["juniper"]
    with pytest.raises(InvitationInvalid, match="used up"):
        await sign_up(world, "rowan", code)
    assert await names(world) == ["juniper"]
    stored = await world.world.store.invitations.get(invitation.id)
    assert stored is not None
    assert stored.uses == 1


async def test_a_code_may_be_typed_without_dashes_and_in_small_letters() -> None:
    world = await world_in(SignupMode.INVITATION)
    _, code = await world.world.invitations.create()
    await sign_up(world, "juniper", " " + code.replace("-", "").lower() + " ")
    assert await names(world) == ["juniper"]


async def test_a_code_for_three_makes_three_accounts() -> None:
    world = await world_in(SignupMode.INVITATION)
    _, code = await world.world.invitations.create(uses=3)
    for name in ("ann", "bea", "cat"):
        await sign_up(world, name, code)
    with pytest.raises(InvitationInvalid, match="used up"):
        await sign_up(world, "dee", code)
    assert await names(world) == ["ann", "bea", "cat"]


async def test_an_expired_code_is_refused() -> None:
    clock = Clock()
    world = await world_in(SignupMode.INVITATION, clock)
    _, code = await world.world.invitations.create(uses=5, expires_in_days=2)
    clock.now = START + dt.timedelta(days=1, hours=23)
    await sign_up(world, "ann", code)
    clock.now = START + dt.timedelta(days=2)
    with pytest.raises(InvitationInvalid, match="expired"):
        await sign_up(world, "bea", code)
    assert await names(world) == ["ann"]


@pytest.mark.parametrize("by", ["id", "code"])
async def test_a_revoked_code_is_refused(by: str) -> None:
    world = await world_in(SignupMode.INVITATION)
    invitation, code = await world.world.invitations.create(uses=5)
    revoked = await world.world.invitations.revoke(invitation.id if by == "id" else code)
    assert revoked.id == invitation.id
    assert revoked.revoked_at == START
    with pytest.raises(InvitationInvalid, match="revoked"):
        await sign_up(world, "ann", code)
    assert await names(world) == []


async def test_revoking_what_does_not_exist_says_so() -> None:
    world = await world_in(SignupMode.INVITATION)
    with pytest.raises(NotFound, match="No invitation"):
        await world.world.invitations.revoke("nothing-like-it")


async def test_two_sign_ups_racing_for_the_last_use_make_one_account() -> None:
    world = await world_in(SignupMode.INVITATION)
    invitation, code = await world.world.invitations.create(uses=1)
    # Both pass the check before either hashes its password; the store's atomic use decides.
    results = await asyncio.gather(
        sign_up(world, "ann", code), sign_up(world, "bea", code), return_exceptions=True
    )
    failures = [r for r in results if isinstance(r, BaseException)]
    assert len(failures) == 1
    assert isinstance(failures[0], InvitationInvalid)
    assert len(await names(world)) == 1
    stored = await world.world.store.invitations.get(invitation.id)
    assert stored is not None
    assert stored.uses == 1


async def test_a_refused_password_or_name_costs_the_code_nothing() -> None:
    world = await world_in(SignupMode.INVITATION)
    await world.register("rowan")
    invitation, code = await world.world.invitations.create(uses=1)
    with pytest.raises(InvalidInput, match="password"):
        await world.world.accounts.register(
            "ann", "short", ADULT_BIRTHDAY, address=ADDRESS, invitation=code
        )
    with pytest.raises(NameTaken):
        await sign_up(world, "Rowan", code)
    stored = await world.world.store.invitations.get(invitation.id)
    assert stored is not None
    assert stored.uses == 0
    await sign_up(world, "ann", code)


async def test_a_name_taken_at_the_last_moment_gives_the_use_back() -> None:
    world = await world_in(SignupMode.INVITATION)
    invitation, code = await world.world.invitations.create(uses=1)
    accounts = world.world.store.accounts
    add = accounts.add

    async def taken_meanwhile(*args: object) -> None:
        raise NameTaken()

    accounts.add = taken_meanwhile  # type: ignore[method-assign]
    with pytest.raises(NameTaken):
        await sign_up(world, "ann", code)
    accounts.add = add  # type: ignore[method-assign]
    stored = await world.world.store.invitations.get(invitation.id)
    assert stored is not None
    assert stored.uses == 0
    await sign_up(world, "ann", code)


async def test_only_the_hash_of_a_code_is_stored() -> None:
    world = await world_in(SignupMode.INVITATION)
    invitation, code = await world.world.invitations.create()
    stored = await world.world.store.invitations.get(invitation.id)
    assert stored is not None
    assert stored.code_hash == code_hash(code)
    assert code not in repr(stored)


@pytest.mark.parametrize(
    ("uses", "days"), [(0, None), (10_001, None), (1, 0.0), (1, -1.0), (1, 4000.0)]
)
async def test_impossible_uses_or_lifetimes_are_refused(uses: int, days: float | None) -> None:
    world = await world_in(SignupMode.INVITATION)
    with pytest.raises(InvalidInput):
        await world.world.invitations.create(uses=uses, expires_in_days=days)


async def test_an_operator_makes_accounts_without_a_code() -> None:
    world = await world_in(SignupMode.INVITATION)
    await world.world.accounts.register("juniper", PASSWORD, ADULT_BIRTHDAY)
    assert await names(world) == ["juniper"]


async def test_the_open_mode_asks_for_no_code_and_ignores_one() -> None:
    world = await world_in(SignupMode.OPEN)
    await sign_up(world, "ann")
    await sign_up(world, "bea", "whatever")
    assert await names(world) == ["ann", "bea"]
    account = await world.world.accounts.authenticate("ann", PASSWORD)
    assert not account.awaiting_approval


# --- approval --------------------------------------------------------------------------------


async def test_an_account_waits_for_approval_then_logs_in() -> None:
    world = await world_in(SignupMode.APPROVAL)
    await sign_up(world, "juniper")
    accounts = world.world.accounts
    assert [a.name for a in await accounts.awaiting_approval()] == ["juniper"]
    with pytest.raises(AwaitingApproval) as refused:
        await accounts.authenticate("juniper", PASSWORD)
    assert refused.value.code == "awaiting_approval"
    assert "approval" in refused.value.message
    found = await accounts.find("juniper")
    approved = await accounts.approve(found.id)
    assert not approved.awaiting_approval
    assert await accounts.awaiting_approval() == []
    await world.login("juniper")


async def test_a_wrong_password_to_a_waiting_account_tells_nothing_of_the_wait() -> None:
    world = await world_in(SignupMode.APPROVAL)
    await sign_up(world, "juniper")
    accounts = world.world.accounts
    with pytest.raises(AuthenticationFailed) as wrong:
        await accounts.authenticate("juniper", "not the password at all")
    with pytest.raises(AuthenticationFailed) as unknown:
        await accounts.authenticate("nobody", "not the password at all")
    assert wrong.value.message == unknown.value.message


async def test_a_waiting_account_cannot_be_connected_by_any_way_in() -> None:
    world = await world_in(SignupMode.APPROVAL)
    await sign_up(world, "juniper")
    account = await world.world.accounts.find("juniper")
    with pytest.raises(AwaitingApproval):
        await world.world.connect(RecordingSession(), account)
    assert world.world.registry.by_account == {}


async def test_an_operator_made_account_needs_no_approval() -> None:
    world = await world_in(SignupMode.APPROVAL)
    await world.register("rowan")
    await world.login("rowan")


async def test_an_approval_made_elsewhere_is_honoured_at_the_next_login() -> None:
    world = await world_in(SignupMode.APPROVAL)
    await sign_up(world, "juniper")
    store = world.world.store
    waiting = await store.accounts.find_by_name("juniper")
    assert waiting is not None
    # As the CLI does in its own process: the server's core only sees the store change.
    await store.accounts.update(
        dataclasses.replace(waiting, awaiting_approval=False, revision=waiting.revision + 1)
    )
    await world.login("juniper")


async def test_server_staff_approve_and_invite_and_nobody_else_does() -> None:
    from boudoir.core.moderation import Actor
    from boudoir.domain.entities import Role
    from boudoir.domain.errors import ConsentRefused

    world = await world_in(SignupMode.APPROVAL)
    accounts = world.world.accounts
    member = await world.register("rowan")
    moderator = await accounts.set_role((await world.register("iris")).id, Role.MODERATOR)
    await sign_up(world, "juniper")
    for attempt in (
        accounts.awaiting_approval_as(Actor.of(member)),
        accounts.approve_as(Actor.of(member), "juniper"),
        world.world.invitations.create_as(Actor.of(member)),
    ):
        with pytest.raises(ConsentRefused):
            await attempt
    assert [a.name for a in await accounts.awaiting_approval_as(Actor.of(moderator))] == ["juniper"]
    approved = await accounts.approve_as(Actor.of(moderator), "Juniper")
    assert not approved.awaiting_approval
    invitation, code = await world.world.invitations.create_as(Actor.of(moderator), uses=2)
    assert invitation.max_uses == 2
    assert code
