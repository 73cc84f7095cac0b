"""Who may moderate what, as an exhaustive matrix.

The expected answers come from an oracle written here as a table of the issue's rules ("Roles:
operators (whole server), moderators (whole server), room owners and room moderators"; room
managers warn, mute, kick and ban from their room only; moderators cannot read private scenes or
direct messages), never from the code under test.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from boudoir.domain import moderation
from boudoir.domain.consent import Person, Reason
from boudoir.domain.entities import Role, Room
from boudoir.domain.ids import AccountId, RoomId
from boudoir.domain.moderation import ActionKind

NOW = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)
OWNER = AccountId("a-owner")
ROOM_MOD = AccountId("a-room-mod")
STRANGER_ROOM_OWNER = AccountId("a-other-owner")
MEMBER = AccountId("a-member")
MEMBER_2 = AccountId("a-member-2")

ROOM = Room(RoomId("r-1"), "lobby", OWNER, NOW, moderator_ids=frozenset({ROOM_MOD}))
ELSEWHERE = Room(RoomId("r-2"), "den", STRANGER_ROOM_OWNER, NOW)

# Who acts: (label, account, server role)
ACTORS = {
    "operator": (AccountId("a-op"), Role.OPERATOR),
    "moderator": (AccountId("a-mod"), Role.MODERATOR),
    "room owner": (OWNER, Role.MEMBER),
    "room moderator": (ROOM_MOD, Role.MEMBER),
    "member": (MEMBER, Role.MEMBER),
}
TARGETS = {
    "operator": (AccountId("a-op-2"), Role.OPERATOR),
    "moderator": (AccountId("a-mod-2"), Role.MODERATOR),
    "room owner": (OWNER, Role.MEMBER),
    "room moderator": (ROOM_MOD, Role.MEMBER),
    "member": (MEMBER_2, Role.MEMBER),
}
ROOM_TOOLS = {
    ActionKind.WARN,
    ActionKind.MUTE,
    ActionKind.KICK,
    ActionKind.ROOM_BAN,
    ActionKind.CLEAR,
}
NEEDS_ROOM = {ActionKind.MUTE, ActionKind.KICK, ActionKind.ROOM_BAN, ActionKind.CLEAR}


def expected(actor: str, kind: ActionKind, target: str, where: str) -> Reason | None:
    """The oracle: None for allowed, else the reason."""
    if where == "none" and kind in NEEDS_ROOM:
        return Reason.NOT_IN_ROOM
    if actor == "operator":
        return None
    if target in ("operator", "moderator"):
        return Reason.NOT_PERMITTED
    if actor == "moderator":
        return None
    # Room managers: their room, room tools, reachable targets.
    if actor == "member" or where != "their room" or kind not in ROOM_TOOLS:
        return Reason.NOT_PERMITTED
    if target == "room owner":
        return Reason.OWNER_PROTECTED
    if target == "room moderator" and actor != "room owner":
        return Reason.MANAGER_PROTECTED
    return None


WHERE = {"their room": ROOM, "another room": ELSEWHERE, "none": None}
CASES = [
    (a, k, t, w)
    for a, k, t, w in itertools.product(ACTORS, ActionKind, TARGETS, WHERE)
    if ACTORS[a][0] != TARGETS[t][0]
]


@pytest.mark.parametrize(("actor", "kind", "target", "where"), CASES)
def test_who_may_act(actor: str, kind: ActionKind, target: str, where: str) -> None:
    account, role = ACTORS[actor]
    target_account, target_role = TARGETS[target]
    decision = moderation.act(
        Person(account, role=role), kind, Person(target_account, role=target_role), WHERE[where]
    )
    want = expected(actor, kind, target, where)
    assert decision.reason == want, (actor, kind.value, target, where)
    assert bool(decision) is (want is None)


@pytest.mark.parametrize("kind", list(ActionKind))
@pytest.mark.parametrize("role", list(Role))
def test_nobody_acts_on_themselves(kind: ActionKind, role: Role) -> None:
    me = Person(AccountId("a-me"), role=role)
    assert moderation.act(me, kind, me, ROOM).reason is Reason.SELF


@pytest.mark.parametrize("role", list(Role))
def test_the_queue_is_for_server_staff_and_the_audit_log_for_operators(role: Role) -> None:
    person = Person(AccountId("a-x"), role=role)
    assert bool(moderation.see_queue(person)) is (role is not Role.MEMBER)
    assert bool(moderation.read_audit(person)) is (role is Role.OPERATOR)


@pytest.mark.parametrize("role", list(Role))
def test_anyone_reports_anyone_else_but_not_themselves(role: Role) -> None:
    person = Person(AccountId("a-x"), role=role)
    assert moderation.report(person, AccountId("a-y"))
    assert moderation.report(person, AccountId("a-x")).reason is Reason.SELF


@pytest.mark.parametrize("kind", list(ActionKind))
def test_only_lasting_actions_take_an_expiry_and_it_is_in_the_future(kind: ActionKind) -> None:
    lasting = kind in {
        ActionKind.MUTE,
        ActionKind.ROOM_BAN,
        ActionKind.SUSPEND,
        ActionKind.ACCOUNT_BAN,
    }
    later, earlier = NOW + dt.timedelta(hours=1), NOW - dt.timedelta(seconds=1)
    assert moderation.expiry_allowed(kind, None, NOW)
    assert moderation.expiry_allowed(kind, later, NOW) is lasting
    assert not moderation.expiry_allowed(kind, earlier, NOW)


def test_a_restriction_lapses_at_its_expiry() -> None:
    until = NOW + dt.timedelta(minutes=5)
    restriction = moderation.Restriction(MEMBER, moderation.RestrictionKind.MUTE, "lobby", until)
    assert restriction.in_force(NOW)
    assert not restriction.in_force(until)
    forever = moderation.Restriction(MEMBER, moderation.RestrictionKind.ACCOUNT_BAN)
    assert forever.in_force(NOW + dt.timedelta(days=10_000))
    assert forever.kind.locks_out
    assert moderation.RestrictionKind.SUSPENSION.locks_out
    assert not restriction.kind.locks_out
