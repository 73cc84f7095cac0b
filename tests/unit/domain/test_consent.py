"""The consent rules, as exhaustive matrices.

Each expected answer comes from an oracle written here as tables, read straight from the rules in
ARCHITECTURE.md ("Consent and privacy, by construction"), never from the code under test. Every
combination of the inputs is checked, and a failure names each combination that changed: one test
per combination where that stays cheap, and for the largest matrices one test per situation that
loops over everything about the person (rating, attestation, opt-ins, character age).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from boudoir.domain import consent
from boudoir.domain.consent import Decision, Outcome, Person, Reason, Ties
from boudoir.domain.entities import (
    LIST_SETTINGS,
    Account,
    AccountList,
    Attestation,
    Audience,
    Character,
    DirectMessagePolicy,
    ListEntry,
    PresenceVisibility,
    Role,
    Room,
    RoomSetting,
    RoomVisibility,
)
from boudoir.domain.ids import AccountId, CharacterId, RoomId
from boudoir.domain.ratings import Rating

ACTOR = AccountId("a-actor")
SUBJECT = AccountId("a-subject")
OWNER = AccountId("a-owner")
NOW = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)

ALLOW = (Outcome.ALLOW, None)
REQUEST = (Outcome.REQUEST, None)
UNAVAILABLE = (Outcome.REFUSE, Reason.UNAVAILABLE)
SELF = (Outcome.REFUSE, Reason.SELF)

Expected = tuple[Outcome, Reason | None]


def outcome(decision: Decision) -> Expected:
    return (decision.outcome, decision.reason)


def show(value: object) -> str:
    """``refuse/invite_only`` rather than a tuple of enum reprs, in failure messages."""
    if isinstance(value, tuple):
        return "/".join(part.value for part in value if part is not None)
    return str(value)


def assert_all_as_expected(results: list[tuple[str, object, object]]) -> None:
    """For matrices too large to be one test each: check every ``(case id, got, expected)`` and
    name every case that differs, not only the first."""
    wrong = [
        f"{case}: got {show(got)}, expected {show(expected)}"
        for case, got, expected in results
        if got != expected
    ]
    assert not wrong, f"{len(wrong)} of {len(results)} cases differ:\n" + "\n".join(wrong)


# --- the inputs, every combination ---------------------------------------------------------------

ALL_TIES = [
    Ties(blocked=blocked, friend=friend, share_room=share_room, accepted=accepted)
    for blocked, friend, share_room, accepted in itertools.product([False, True], repeat=4)
]
"""All 16 combinations of the four facts between two people."""

OPTED_IN = [
    frozenset({Rating.GENERAL}),
    frozenset({Rating.GENERAL, Rating.MATURE}),
    frozenset({Rating.GENERAL, Rating.ADULT}),
    frozenset({Rating.GENERAL, Rating.MATURE, Rating.ADULT}),
]
"""Every set of ratings an account can opt in to (general is always in it)."""


def ties_id(ties: Ties) -> str:
    flags = [
        name for name in ("blocked", "friend", "share_room", "accepted") if getattr(ties, name)
    ]
    return "+".join(flags) or "no-ties"


def ratings_id(ratings: frozenset[Rating]) -> str:
    return "opted-" + "+".join(r.label for r in sorted(ratings))


def flag(value: bool, yes: str, no: str) -> str:
    return yes if value else no


def actor(**fields: Any) -> Person:
    return Person(ACTOR, **fields)


def subject(*, is_self: bool, **fields: Any) -> Person:
    """The other side; with ``is_self``, the actor themself under other settings."""
    return Person(ACTOR if is_self else SUBJECT, **fields)


# --- the oracle: who reaches whom ----------------------------------------------------------------


FRIEND = "friend"
ACCEPTED = "accepted"
ROOMMATE = "roommate"
STRANGER = "stranger"


def closeness(ties: Ties) -> str:
    """The closest thing the subject is to the actor (blocks are handled before this)."""
    if ties.friend:
        return FRIEND
    if ties.accepted:
        return ACCEPTED
    if ties.share_room:
        return ROOMMATE
    return STRANGER


DIRECT_MESSAGE_TABLE: dict[DirectMessagePolicy, dict[str, Expected]] = {
    DirectMessagePolicy.ANYONE: {
        FRIEND: ALLOW, ACCEPTED: ALLOW, ROOMMATE: REQUEST, STRANGER: REQUEST,
    },
    DirectMessagePolicy.SHARED_ROOM: {
        FRIEND: ALLOW, ACCEPTED: ALLOW, ROOMMATE: REQUEST, STRANGER: UNAVAILABLE,
    },
    DirectMessagePolicy.FRIENDS: {
        FRIEND: ALLOW, ACCEPTED: ALLOW, ROOMMATE: UNAVAILABLE, STRANGER: UNAVAILABLE,
    },
    DirectMessagePolicy.NOBODY: {
        FRIEND: UNAVAILABLE, ACCEPTED: UNAVAILABLE, ROOMMATE: UNAVAILABLE, STRANGER: UNAVAILABLE,
    },
}  # fmt: skip
"""What an online, unblocked sender's direct message does, by the recipient's policy and how
close the sender is to them. A friend or an accepted contact is delivered at once (even when the
policy has since narrowed, short of "nobody"); anyone else the policy lets in waits as a request."""


def expected_direct_message(
    policy: DirectMessagePolicy, ties: Ties, *, online: bool, is_self: bool
) -> Expected:
    if is_self:
        return SELF
    if ties.blocked or not online:
        return UNAVAILABLE
    return DIRECT_MESSAGE_TABLE[policy][closeness(ties)]


# --- direct messages -----------------------------------------------------------------------------

DM_CASES = list(itertools.product(DirectMessagePolicy, ALL_TIES, [True, False], [False, True]))


def dm_id(case: tuple[DirectMessagePolicy, Ties, bool, bool]) -> str:
    policy, ties, online, is_self = case
    return "-".join(
        [
            f"policy={policy.value}",
            ties_id(ties),
            flag(online, "online", "offline"),
            flag(is_self, "self", "other"),
        ]
    )


@pytest.mark.parametrize("case", DM_CASES, ids=[dm_id(c) for c in DM_CASES])
def test_direct_message(case: tuple[DirectMessagePolicy, Ties, bool, bool]) -> None:
    policy, ties, online, is_self = case
    recipient = subject(is_self=is_self, dm_policy=policy)
    decision = consent.direct_message(actor(), recipient, ties, online=online)
    assert outcome(decision) == expected_direct_message(
        policy, ties, online=online, is_self=is_self
    )
    assert decision.allowed is (decision.outcome is not Outcome.REFUSE)
    assert bool(decision) is decision.allowed


def test_the_direct_message_matrix_is_exhaustive() -> None:
    assert len(DM_CASES) == 4 * 16 * 2 * 2


def test_direct_message_ignores_the_senders_own_policy() -> None:
    for policy in DirectMessagePolicy:
        decision = consent.direct_message(
            actor(dm_policy=policy), subject(is_self=False), Ties(share_room=True), online=True
        )
        assert outcome(decision) == REQUEST


# --- blocks never reveal themselves --------------------------------------------------------------


def _refusals_to_others() -> Iterator[tuple[str, Decision]]:
    """Every refusal, with its cause, that a non-self sender can get from any rule that sends."""
    for policy, ties, online in itertools.product(DirectMessagePolicy, ALL_TIES, [True, False]):
        recipient = subject(is_self=False, dm_policy=policy)
        decision = consent.direct_message(actor(), recipient, ties, online=online)
        if not decision:
            cause = "block" if ties.blocked else ("offline" if not online else "policy")
            yield f"message:{cause}", decision
    for policy, ties, online, rating, opted, attested, adult in itertools.product(
        DirectMessagePolicy,
        ALL_TIES,
        [True, False],
        Rating,
        OPTED_IN,
        [False, True],
        [False, True],
    ):
        invitee = subject(
            is_self=False,
            dm_policy=policy,
            ratings=opted,
            attested=attested,
            character_adult=adult,
        )
        decision = consent.invite(actor(), invitee, ties, rating=rating, online=online)
        if not decision:
            if ties.blocked:
                cause = "block"
            elif not online:
                cause = "offline"
            elif closeness(ties) in INVITE_REACHES[policy]:
                cause = "rating"
            else:
                cause = "policy"
            yield f"invite:{cause}", decision
    for ties, same_room in itertools.product(ALL_TIES, [True, False]):
        decision = consent.whisper(actor(), subject(is_self=False), ties, same_room=same_room)
        if not decision:
            yield f"whisper:{'block' if ties.blocked else 'elsewhere'}", decision


def test_every_refusal_by_a_block_is_the_same_as_any_other_refusal() -> None:
    refusals = list(_refusals_to_others())
    causes = {cause for cause, _ in refusals}
    # The matrix does reach every cause, so the comparison below is not vacuous.
    assert causes == {
        "message:block",
        "message:offline",
        "message:policy",
        "invite:block",
        "invite:offline",
        "invite:policy",
        "invite:rating",
        "whisper:block",
        "whisper:elsewhere",
    }
    # One decision, one reason code, one message: nothing tells a block from the rest.
    assert {decision for _, decision in refusals} == {consent.refuse(Reason.UNAVAILABLE)}
    assert {(d.reason, d.reason.message if d.reason else None) for _, d in refusals} == {
        (Reason.UNAVAILABLE, Reason.UNAVAILABLE.message)
    }


@pytest.mark.parametrize(
    ("policy", "visibility"),
    list(itertools.product(DirectMessagePolicy, PresenceVisibility)),
    ids=lambda value: value.value,
)
def test_to_the_blocked_side_a_blocker_looks_like_someone_offline(
    policy: DirectMessagePolicy, visibility: PresenceVisibility
) -> None:
    # Whatever the blocker's settings and whatever else ties them, the blocked person sees no
    # presence and gets, for a message, exactly what an offline person would give them.
    blocker = subject(is_self=False, dm_policy=policy, presence_visibility=visibility)
    for ties in ALL_TIES:
        if not ties.blocked:
            continue
        assert consent.see_presence(actor(), blocker, ties) is False
        offline = consent.direct_message(actor(), blocker, Ties(friend=True), online=False)
        assert consent.direct_message(actor(), blocker, ties, online=True) == offline


def test_unavailable_says_nothing_about_why() -> None:
    message = Reason.UNAVAILABLE.message.lower()
    for word in ("block", "offline", "policy", "friend", "rating"):
        assert word not in message


# --- invitations ---------------------------------------------------------------------------------

INVITE_REACHES: dict[DirectMessagePolicy, set[str]] = {
    DirectMessagePolicy.ANYONE: {FRIEND, ACCEPTED, ROOMMATE, STRANGER},
    DirectMessagePolicy.SHARED_ROOM: {FRIEND, ACCEPTED, ROOMMATE},
    DirectMessagePolicy.FRIENDS: {FRIEND, ACCEPTED},
    DirectMessagePolicy.NOBODY: set(),
}
"""Whom an invitation may reach, by the invitee's policy: the people a direct message reaches,
whether at once or as a request (an invitation is itself something the invitee accepts)."""


def may_enter(rating: Rating, *, attested: bool, opted: frozenset[Rating], adult: bool) -> bool:
    """Above general: an attested account, opted in to that very rating, as an adult character."""
    return rating is Rating.GENERAL or (attested and rating in opted and adult)


def expected_invite(
    policy: DirectMessagePolicy,
    ties: Ties,
    *,
    rating: Rating,
    opted: frozenset[Rating],
    attested: bool,
    adult: bool,
    online: bool,
    is_self: bool,
) -> Expected:
    if is_self:
        return SELF
    if ties.blocked or not online:
        return UNAVAILABLE
    if closeness(ties) not in INVITE_REACHES[policy]:
        return UNAVAILABLE
    if not may_enter(rating, attested=attested, opted=opted, adult=adult):
        # Never "they are not old enough": that would disclose the invitee's settings.
        return UNAVAILABLE
    return ALLOW


ENTRY_CASES = list(itertools.product(Rating, [False, True], OPTED_IN, [False, True]))
"""Everything that decides whether someone may be where content of a rating is shown: the
rating, an attested age, the ratings opted in to, a character declared adult."""


def entry_id(case: tuple[Rating, bool, frozenset[Rating], bool]) -> str:
    rating, attested, opted, adult = case
    return "-".join(
        [
            f"room={rating.label}",
            flag(attested, "attested", "unattested"),
            ratings_id(opted),
            flag(adult, "adult-character", "minor-character"),
        ]
    )


InviteCase = tuple[DirectMessagePolicy, Ties, bool, bool]

INVITE_CASES: list[InviteCase] = list(
    itertools.product(DirectMessagePolicy, ALL_TIES, [True, False], [False, True])
)


@pytest.mark.parametrize("case", INVITE_CASES, ids=[dm_id(c) for c in INVITE_CASES])
def test_invite(case: InviteCase) -> None:
    # One test per policy, ties, online and self; within it, every rating and invitee setting.
    policy, ties, online, is_self = case
    results: list[tuple[str, object, object]] = []
    for entry in ENTRY_CASES:
        rating, attested, opted, adult = entry
        invitee = subject(
            is_self=is_self,
            dm_policy=policy,
            ratings=opted,
            attested=attested,
            character_adult=adult,
        )
        decision = consent.invite(actor(), invitee, ties, rating=rating, online=online)
        expected = expected_invite(
            policy,
            ties,
            rating=rating,
            opted=opted,
            attested=attested,
            adult=adult,
            online=online,
            is_self=is_self,
        )
        results.append((entry_id(entry), outcome(decision), expected))
    assert_all_as_expected(results)


def test_the_invite_matrix_is_exhaustive() -> None:
    assert len(INVITE_CASES) * len(ENTRY_CASES) == 4 * 16 * 2 * 2 * (3 * 2 * 4 * 2)


def test_an_invitation_never_waits_as_a_request() -> None:
    # It is already a question the invitee answers; the matrix above never expects REQUEST.
    assert all(
        consent.invite(
            actor(), subject(is_self=False, dm_policy=p), t, rating=r, online=True
        ).outcome
        is not Outcome.REQUEST
        for p, t, r in itertools.product(DirectMessagePolicy, ALL_TIES, Rating)
    )


# --- whispers and hearing ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ties", "same_room", "is_self"),
    list(itertools.product(ALL_TIES, [True, False], [False, True])),
    ids=lambda v: ties_id(v) if isinstance(v, Ties) else str(v),
)
def test_whisper(ties: Ties, same_room: bool, is_self: bool) -> None:
    if is_self:
        expected = SELF
    elif ties.blocked or not same_room:
        expected = UNAVAILABLE
    else:
        expected = ALLOW  # a room is consent enough to be whispered to, policies aside
    decision = consent.whisper(actor(), subject(is_self=is_self), ties, same_room=same_room)
    assert outcome(decision) == expected


@pytest.mark.parametrize("ties", ALL_TIES, ids=ties_id)
def test_room_messages_are_heard_except_across_a_block(ties: Ties) -> None:
    # ``hearing`` takes the speaker's blocks (both ways) as accounts, as the hot path has them.
    across_a_block = {SUBJECT} if ties.blocked else set()
    heard = consent.hearing(["subject"], [SUBJECT], across_a_block)
    assert bool(heard) is not ties.blocked


def test_hearing_keeps_the_members_in_order_and_skips_only_those_across_a_block() -> None:
    members = ["owner", "subject", "actor"]
    accounts = [OWNER, SUBJECT, ACTOR]
    assert consent.hearing(members, accounts, {SUBJECT}) == ["owner", "actor"]
    assert consent.hearing(members, accounts, None) is members, "no block: no copy"
    # ``LiveRoom.deliver`` relies on this to skip the call when the speaker has no block.
    assert consent.hearing(members, accounts, set()) is members, "no block: no copy"


# --- presence and profiles -----------------------------------------------------------------------

PRESENCE_TABLE: dict[PresenceVisibility, dict[str, bool]] = {
    PresenceVisibility.EVERYONE: {FRIEND: True, ACCEPTED: True, ROOMMATE: True, STRANGER: True},
    PresenceVisibility.FRIENDS: {FRIEND: True, ACCEPTED: False, ROOMMATE: False, STRANGER: False},
    PresenceVisibility.NOBODY: {FRIEND: False, ACCEPTED: False, ROOMMATE: False, STRANGER: False},
}  # fmt: skip
"""Who sees an unblocked subject online. Oneself always; across a block, nobody."""


@pytest.mark.parametrize(
    ("visibility", "ties", "is_self"),
    list(itertools.product(PresenceVisibility, ALL_TIES, [False, True])),
    ids=lambda v: ties_id(v) if isinstance(v, Ties) else getattr(v, "value", f"self={v}"),
)
def test_see_presence(visibility: PresenceVisibility, ties: Ties, is_self: bool) -> None:
    if is_self:
        expected = True
    elif ties.blocked:
        expected = False
    else:
        expected = PRESENCE_TABLE[visibility][closeness(ties)]
    viewed = subject(is_self=is_self, presence_visibility=visibility)
    assert consent.see_presence(actor(), viewed, ties) is expected


@pytest.mark.parametrize(
    ("visibility", "ties"),
    list(itertools.product(PresenceVisibility, ALL_TIES)),
    ids=lambda v: ties_id(v) if isinstance(v, Ties) else getattr(v, "value", str(v)),
)
def test_presence_seen_unless_blocked_needs_no_other_tie(
    visibility: PresenceVisibility, ties: Ties
) -> None:
    # The presence fast path asks each viewer only for a block when this holds: it must be
    # exactly see_presence for every other viewer, whatever else ties them.
    viewed = subject(is_self=False, presence_visibility=visibility)
    if consent.see_presence_unless_blocked(viewed):
        assert consent.see_presence(actor(), viewed, ties) is not ties.blocked
    else:
        assert visibility is not PresenceVisibility.EVERYONE


PROFILE_DETAILS_TABLE: dict[Audience, dict[str, bool]] = {
    Audience.EVERYONE: {FRIEND: True, ACCEPTED: True, ROOMMATE: True, STRANGER: True},
    Audience.FRIENDS: {FRIEND: True, ACCEPTED: False, ROOMMATE: False, STRANGER: False},
    Audience.ONLY_ME: {FRIEND: False, ACCEPTED: False, ROOMMATE: False, STRANGER: False},
}  # fmt: skip
"""Who sees a character's interests and hard limits (sensitive data). The owner always; across
a block, nobody."""


@pytest.mark.parametrize(
    ("audience", "ties", "is_self"),
    list(itertools.product(Audience, ALL_TIES, [False, True])),
    ids=lambda v: ties_id(v) if isinstance(v, Ties) else getattr(v, "value", f"self={v}"),
)
def test_see_profile_details(audience: Audience, ties: Ties, is_self: bool) -> None:
    if is_self:
        expected = True
    elif ties.blocked:
        expected = False
    else:
        expected = PROFILE_DETAILS_TABLE[audience][closeness(ties)]
    owner = subject(is_self=is_self)
    assert consent.see_profile_details(actor(), owner, audience, ties) is expected


@pytest.mark.parametrize(
    ("ties", "is_self"),
    list(itertools.product(ALL_TIES, [False, True])),
    ids=lambda v: ties_id(v) if isinstance(v, Ties) else f"self={v}",
)
def test_see_profile(ties: Ties, is_self: bool) -> None:
    expected = is_self or not ties.blocked
    assert consent.see_profile(actor(), subject(is_self=is_self), ties) is expected


# --- ratings -------------------------------------------------------------------------------------


def expected_enter_rating(
    rating: Rating, *, attested: bool, opted: frozenset[Rating], adult: bool
) -> Expected:
    """Above general, in this order: an attested age, the rating opted in to, an adult character.
    The order is the order a person fixes things in, so each refusal names the next step."""
    if rating is Rating.GENERAL:
        return ALLOW
    if not attested:
        return (Outcome.REFUSE, Reason.AGE_NOT_ATTESTED)
    if rating not in opted:
        return (Outcome.REFUSE, Reason.RATING_NOT_OPTED_IN)
    if not adult:
        return (Outcome.REFUSE, Reason.CHARACTER_NOT_ADULT)
    return ALLOW


@pytest.mark.parametrize("case", ENTRY_CASES, ids=[entry_id(c) for c in ENTRY_CASES])
def test_enter_rating(case: tuple[Rating, bool, frozenset[Rating], bool]) -> None:
    rating, attested, opted, adult = case
    person = actor(attested=attested, ratings=opted, character_adult=adult)
    assert outcome(consent.enter_rating(person, rating)) == expected_enter_rating(
        rating, attested=attested, opted=opted, adult=adult
    )


@pytest.mark.parametrize(
    ("rating", "attested"),
    list(itertools.product(Rating, [False, True])),
    ids=lambda v: v.label if isinstance(v, Rating) else flag(v, "attested", "unattested"),
)
def test_choose_rating(rating: Rating, attested: bool) -> None:
    expected = (
        ALLOW
        if rating is Rating.GENERAL or attested
        else (
            Outcome.REFUSE,
            Reason.AGE_NOT_ATTESTED,
        )
    )
    assert outcome(consent.choose_rating(actor(attested=attested), rating)) == expected


@pytest.mark.parametrize(
    ("rating", "attested", "opted"),
    list(itertools.product(Rating, [False, True], OPTED_IN)),
    ids=lambda v: (
        getattr(v, "label", None) or (ratings_id(v) if isinstance(v, frozenset) else str(v))
    ),
)
def test_person_allows_rating_as_the_account_does(
    rating: Rating, attested: bool, opted: frozenset[Rating]
) -> None:
    expected = rating is Rating.GENERAL or (attested and rating in opted)
    assert actor(attested=attested, ratings=opted).allows_rating(rating) is expected


# --- rooms ---------------------------------------------------------------------------------------

NOT_MANAGER = "member"
ROOM_OWNER = "owner"
ROOM_MODERATOR = "moderator"
MANAGERS = [NOT_MANAGER, ROOM_OWNER, ROOM_MODERATOR]

NO_LIMIT = "no-limit"
ROOM_FOR_ONE_MORE = "room-for-one-more"
FULL = "full"
OCCUPANCY = [NO_LIMIT, ROOM_FOR_ONE_MORE, FULL]
LIMIT = 10

KEY = "Sesame"
NO_KEY = "no-key"
NO_KEY_GIVEN_ONE = "no-key-given-one"
RIGHT_KEY = "right-key"
WRONG_KEY = "wrong-key"
MISSING_KEY = "missing-key"
EMPTY_KEY = "empty-key"
KEYS: dict[str, tuple[str, str | None]] = {
    NO_KEY: ("", None),
    NO_KEY_GIVEN_ONE: ("", KEY),
    RIGHT_KEY: (KEY, KEY),
    WRONG_KEY: (KEY, "sesame"),  # keys compare exactly
    MISSING_KEY: (KEY, None),
    EMPTY_KEY: (KEY, ""),
}
"""The room's key and the key given, by case name."""


def listed(*accounts: AccountId) -> AccountList:
    return AccountList(tuple(ListEntry(a, "Someone", "Host", NOW) for a in accounts))


def room_where(
    actor_standing: str = NOT_MANAGER, target_standing: str | None = None, **fields: Any
) -> Room:
    """A room where ``ACTOR`` (and ``SUBJECT``, if given a standing) is a member, its owner or
    one of its moderators."""
    standings = {ACTOR: actor_standing}
    if target_standing is not None:
        standings[SUBJECT] = target_standing
    owners = [a for a, s in standings.items() if s == ROOM_OWNER]
    return Room(
        id=RoomId("r-room"),
        name="Parlour",
        owner_id=owners[0] if owners else OWNER,
        created_at=NOW,
        moderator_ids=frozenset(a for a, s in standings.items() if s == ROOM_MODERATOR),
        **fields,
    )


@dataclass(frozen=True)
class JoinSituation:
    """Everything about the room and the actor's place in it that decides a join."""

    banned: bool
    ban_excepted: bool
    manager: str
    visibility: RoomVisibility
    invited: bool
    invite_excepted: bool
    key: str
    occupancy: str

    @property
    def id(self) -> str:
        return "-".join(
            [
                flag(self.banned, "banned", "unbanned"),
                flag(self.ban_excepted, "ban-excepted", "no-ban-exception"),
                self.manager,
                self.visibility.value,
                flag(self.invited, "invited", "uninvited"),
                flag(self.invite_excepted, "invite-excepted", "no-invite-exception"),
                self.key,
                self.occupancy,
            ]
        )

    def room(self, rating: Rating) -> tuple[Room, int]:
        """The room, at ``rating``, and how many characters are in it."""
        room = room_where(
            self.manager,
            rating=rating,
            visibility=self.visibility,
            bans=listed(ACTOR) if self.banned else listed(SUBJECT),
            ban_exceptions=listed(ACTOR) if self.ban_excepted else listed(),
            invite_exceptions=listed(ACTOR) if self.invite_excepted else listed(),
            key=KEYS[self.key][0],
            member_limit=None if self.occupancy == NO_LIMIT else LIMIT,
        )
        return room, LIMIT if self.occupancy == FULL else LIMIT - 1


def expected_join(situation: JoinSituation, entry: EntryCase) -> Expected:
    """In order: a ban, unless excepted; privacy, which the invited and the invite exceptions
    pass; the key, which the invited need not give; the rating; the limit. The owner and
    moderators pass everything but the rating. A private or locked room refuses whoever may not
    enter before anything about its rating is said."""
    rating, attested, opted, adult = entry
    is_manager = situation.manager != NOT_MANAGER
    if situation.banned and not situation.ban_excepted and not is_manager:
        return (Outcome.REFUSE, Reason.BANNED)
    if situation.visibility is RoomVisibility.PRIVATE and not (
        situation.invited or situation.invite_excepted or is_manager
    ):
        return (Outcome.REFUSE, Reason.INVITE_ONLY)
    room_key, given = KEYS[situation.key]
    if room_key and given != room_key and not (situation.invited or is_manager):
        return (Outcome.REFUSE, Reason.NEEDS_KEY)
    entry_answer = expected_enter_rating(rating, attested=attested, opted=opted, adult=adult)
    if entry_answer != ALLOW:
        return entry_answer
    if situation.occupancy == FULL and not is_manager:
        return (Outcome.REFUSE, Reason.ROOM_FULL)
    return ALLOW


EntryCase = tuple[Rating, bool, frozenset[Rating], bool]

JOIN_SITUATIONS = [
    JoinSituation(*case)
    for case in itertools.product(
        [False, True],  # banned
        [False, True],  # on the ban exceptions
        MANAGERS,
        RoomVisibility,
        [False, True],  # invited
        [False, True],  # on the invite exceptions
        KEYS,
        OCCUPANCY,
    )
]


def _by_room(situations: list[JoinSituation]) -> dict[str, list[JoinSituation]]:
    """One test per room setting (ban, standing, visibility, limit); the rest varies within."""
    groups: dict[str, list[JoinSituation]] = {}
    for s in situations:
        name = "-".join(
            [flag(s.banned, "banned", "unbanned"), s.manager, s.visibility.value, s.occupancy]
        )
        groups.setdefault(name, []).append(s)
    return groups


JOIN_GROUPS = _by_room(JOIN_SITUATIONS)
ENTRY_PEOPLE = [
    (entry, actor(attested=entry[1], ratings=entry[2], character_adult=entry[3]))
    for entry in ENTRY_CASES
]
"""Each entry case with the person it describes, built once: the join matrix is large."""
ENTRY_IDS = {entry: entry_id(entry) for entry in ENTRY_CASES}


@pytest.mark.parametrize("group", JOIN_GROUPS, ids=list(JOIN_GROUPS))
def test_join_room(group: str) -> None:
    # Within one room setting: every exception, invitation, key, rating and person's settings.
    results: list[tuple[str, object, object]] = []
    for situation in JOIN_GROUPS[group]:
        rooms = {rating: situation.room(rating) for rating in Rating}
        situation_id = situation.id
        for entry, person in ENTRY_PEOPLE:
            rating = entry[0]
            room, members = rooms[rating]
            decision = consent.join_room(
                person,
                room,
                invited=situation.invited,
                members=members,
                key=KEYS[situation.key][1],
            )
            case = f"{situation_id}-{ENTRY_IDS[entry]}"
            results.append((case, outcome(decision), expected_join(situation, entry)))
    assert_all_as_expected(results)


def test_the_join_matrix_is_exhaustive() -> None:
    assert len(JOIN_SITUATIONS) == 2 * 2 * 3 * 3 * 2 * 2 * 6 * 3
    assert sum(len(g) for g in JOIN_GROUPS.values()) == len(JOIN_SITUATIONS)
    assert len(ENTRY_CASES) == 3 * 2 * 4 * 2


@pytest.mark.parametrize("members", [LIMIT, LIMIT + 1, LIMIT + 100])
def test_a_room_at_or_over_its_limit_is_full(members: int) -> None:
    room = room_where(member_limit=LIMIT)
    decision = consent.join_room(actor(), room, invited=False, members=members)
    assert outcome(decision) == (Outcome.REFUSE, Reason.ROOM_FULL)


def test_an_uninvited_outsider_learns_nothing_of_a_private_rooms_rating() -> None:
    # Whoever they are and whatever key they give, an uninvited outsider gets the same answer
    # from every private room.
    answers = set()
    for (rating, attested, opted, adult), (room_key, given) in itertools.product(
        ENTRY_CASES, KEYS.values()
    ):
        person = actor(attested=attested, ratings=opted, character_adult=adult)
        room = room_where(rating=rating, visibility=RoomVisibility.PRIVATE, key=room_key)
        answers.add(consent.join_room(person, room, invited=False, members=0, key=given))
    assert answers == {consent.refuse(Reason.INVITE_ONLY)}


def test_someone_without_the_key_learns_nothing_of_a_locked_rooms_rating() -> None:
    answers = set()
    for rating, attested, opted, adult in ENTRY_CASES:
        person = actor(attested=attested, ratings=opted, character_adult=adult)
        room = room_where(rating=rating, key=KEY)
        for given in (None, "", "wrong"):
            answers.add(consent.join_room(person, room, invited=False, members=0, key=given))
    assert answers == {consent.refuse(Reason.NEEDS_KEY)}


def expected_listed(
    rating: Rating,
    *,
    attested: bool,
    opted: frozenset[Rating],
    visibility: RoomVisibility,
    member: bool,
    owner_blocked: bool,
) -> bool:
    """The directory lists public rooms of a rating the account may see, whose owner is not on
    the other side of a block from it, and one's own rooms. The current character does not
    matter: one may switch to an adult character to enter."""
    if member:
        return True
    return (
        visibility is RoomVisibility.PUBLIC
        and not owner_blocked
        and (rating is Rating.GENERAL or (attested and rating in opted))
    )


ListCase = tuple[RoomVisibility, bool, bool, bool]

LIST_CASES: list[ListCase] = list(
    # member, banned, a block between them and the room's owner (either way: the caller's Ties)
    itertools.product(RoomVisibility, [False, True], [False, True], [False, True])
)


def list_id(case: ListCase) -> str:
    visibility, member, banned, blocked = case
    return "-".join(
        [
            visibility.value,
            flag(member, "member", "outsider"),
            flag(banned, "banned", "unbanned"),
            flag(blocked, "owner-blocked", "owner-unblocked"),
        ]
    )


@pytest.mark.parametrize("case", LIST_CASES, ids=[list_id(c) for c in LIST_CASES])
def test_list_room(case: ListCase) -> None:
    visibility, member, banned, blocked = case
    results: list[tuple[str, object, object]] = []
    for entry in ENTRY_CASES:
        rating, attested, opted, adult = entry
        person = actor(attested=attested, ratings=opted, character_adult=adult)
        room = room_where(
            rating=rating, visibility=visibility, bans=listed(ACTOR) if banned else listed()
        )
        expected = expected_listed(
            rating,
            attested=attested,
            opted=opted,
            visibility=visibility,
            member=member,
            owner_blocked=blocked,
        )
        decided = consent.list_room(person, room, member=member, owner_blocked=blocked)
        results.append((entry_id(entry), decided, expected))
    assert_all_as_expected(results)


def manages(role: Role, standing: str) -> bool:
    """The room's owner and moderators manage it; of the server's staff, only operators."""
    return standing != NOT_MANAGER or role is Role.OPERATOR


NOT_PERMITTED = (Outcome.REFUSE, Reason.NOT_PERMITTED)


@pytest.mark.parametrize(
    ("role", "manager"),
    list(itertools.product(Role, MANAGERS)),
    ids=lambda v: getattr(v, "value", v),
)
def test_manage_room(role: Role, manager: str) -> None:
    expected = ALLOW if manages(role, manager) else NOT_PERMITTED
    assert outcome(consent.manage_room(actor(role=role), room_where(manager))) == expected


@pytest.mark.parametrize(
    ("role", "manager", "moderated", "voiced"),
    list(itertools.product(Role, MANAGERS, [False, True], [False, True])),
    ids=lambda v: getattr(v, "value", v),
)
def test_speak(role: Role, manager: str, moderated: bool, voiced: bool) -> None:
    # A moderated room hears its managers and those given a voice; any other room, everyone.
    may = not moderated or voiced or manages(role, manager)
    expected = ALLOW if may else (Outcome.REFUSE, Reason.MODERATED)
    room = room_where(manager, moderated=moderated)
    assert outcome(consent.speak(actor(role=role), room, voiced=voiced)) == expected


@pytest.mark.parametrize(
    ("role", "manager", "locked"),
    list(itertools.product(Role, MANAGERS, [False, True])),
    ids=lambda v: getattr(v, "value", v),
)
def test_change_topic(role: Role, manager: str, locked: bool) -> None:
    # A locked topic is the managers' to set; an unlocked one, any member's.
    expected = ALLOW if not locked or manages(role, manager) else NOT_PERMITTED
    room = room_where(manager, topic_locked=locked)
    assert outcome(consent.change_topic(actor(role=role), room)) == expected


SELF_TARGET = "self"
TARGETS = [SELF_TARGET, NOT_MANAGER, ROOM_MODERATOR, ROOM_OWNER]


def expected_act_on(role: Role, standing: str, target: str) -> Expected:
    """Kicking someone, or taking their moderator role: a manager's act; never against the
    owner; against a moderator only by the owner, an operator, or the moderator themself."""
    if not manages(role, standing):
        return NOT_PERMITTED
    target_standing = standing if target == SELF_TARGET else target
    if target_standing == ROOM_OWNER:
        return (Outcome.REFUSE, Reason.OWNER_PROTECTED)
    outranks = standing == ROOM_OWNER or role is Role.OPERATOR or target == SELF_TARGET
    if target_standing == ROOM_MODERATOR and not outranks:
        return (Outcome.REFUSE, Reason.MANAGER_PROTECTED)
    return ALLOW


def target_room(standing: str, target: str) -> tuple[Room, AccountId]:
    if target == SELF_TARGET:
        return room_where(standing), ACTOR
    if ROOM_OWNER in (standing, target) and standing == target:
        # Two owners cannot be: the other one is the owner, the actor a moderator.
        return room_where(ROOM_MODERATOR, ROOM_OWNER), SUBJECT
    return room_where(standing, target), SUBJECT


ACT_ON_CASES = [
    (role, standing, target)
    for role, standing, target in itertools.product(Role, MANAGERS, TARGETS)
    if not (standing == target == ROOM_OWNER)
]


@pytest.mark.parametrize(
    ("role", "standing", "target"), ACT_ON_CASES, ids=lambda v: getattr(v, "value", v)
)
def test_kick(role: Role, standing: str, target: str) -> None:
    room, target_id = target_room(standing, target)
    expected = expected_act_on(role, standing, target)
    assert outcome(consent.kick(actor(role=role), room, target_id)) == expected


@pytest.mark.parametrize(
    ("role", "standing", "target"), ACT_ON_CASES, ids=lambda v: getattr(v, "value", v)
)
@pytest.mark.parametrize("grant", [True, False], ids=["grant", "take"])
def test_change_moderator(role: Role, standing: str, target: str, grant: bool) -> None:
    # Any manager grants the role (granting it to a manager changes nothing, the core says).
    room, target_id = target_room(standing, target)
    if grant:
        expected = ALLOW if manages(role, standing) else NOT_PERMITTED
    else:
        expected = expected_act_on(role, standing, target)
    decision = consent.change_moderator(actor(role=role), room, target_id, grant=grant)
    assert outcome(decision) == expected


def test_the_act_on_matrix_is_exhaustive() -> None:
    assert len(ACT_ON_CASES) == 3 * (3 * 4 - 1)


@pytest.mark.parametrize(
    ("role", "manager", "setting"),
    list(itertools.product(Role, MANAGERS, LIST_SETTINGS)),
    ids=lambda v: getattr(v, "value", v),
)
def test_see_room_list(role: Role, manager: str, setting: RoomSetting) -> None:
    # Members read the ban list, as on IRC; the lists of exceptions are the managers'.
    may = setting is RoomSetting.BAN or manages(role, manager)
    expected = ALLOW if may else NOT_PERMITTED
    assert outcome(consent.see_room_list(actor(role=role), room_where(manager), setting)) == (
        expected
    )


# --- the vocabulary ------------------------------------------------------------------------------


def test_reason_codes_are_stable() -> None:
    # Gateways and clients key on these strings: changing one is a breaking change.
    assert {reason.name: reason.value for reason in Reason} == {
        "UNAVAILABLE": "recipient_unavailable",
        "SELF": "self_target",
        "AGE_NOT_ATTESTED": "age_not_attested",
        "RATING_NOT_OPTED_IN": "rating_not_opted_in",
        "CHARACTER_NOT_ADULT": "character_not_adult",
        "BANNED": "banned",
        "INVITE_ONLY": "invite_only",
        "NEEDS_KEY": "needs_key",
        "ROOM_FULL": "room_full",
        "NOT_IN_ROOM": "not_in_room",
        "NOT_PERMITTED": "not_permitted",
        "MODERATED": "moderated",
        "OWNER_PROTECTED": "owner_protected",
        "MANAGER_PROTECTED": "manager_protected",
    }


@pytest.mark.parametrize("reason", Reason, ids=lambda r: r.value)
def test_every_reason_has_a_message(reason: Reason) -> None:
    assert reason.message.strip()
    assert reason.message.endswith(".")


def test_decisions() -> None:
    assert consent.ALLOW.allowed
    assert bool(consent.ALLOW)
    assert consent.REQUEST.allowed
    assert bool(consent.REQUEST)
    refusal = consent.refuse(Reason.BANNED)
    assert not refusal.allowed
    assert not refusal
    assert refusal == Decision(Outcome.REFUSE, Reason.BANNED)


@pytest.mark.parametrize(
    ("declared_age", "attestation"),
    list(itertools.product([None, 17, 18], [None, Attestation("I am 18.", NOW)])),
    ids=lambda v: f"age={v}" if not isinstance(v, Attestation) else "attested",
)
def test_person_of_an_account_and_character(
    declared_age: int | None, attestation: Attestation | None
) -> None:
    account = Account(
        id=ACTOR,
        name="alice",
        password_hash="x",
        born=dt.date(1990, 1, 1),
        created_at=NOW,
        attestation=attestation,
        ratings=frozenset(Rating),
        dm_policy=DirectMessagePolicy.FRIENDS,
        presence_visibility=PresenceVisibility.NOBODY,
        role=Role.MODERATOR,
    )
    character = Character(CharacterId("c-alice"), ACTOR, "Alice", NOW, declared_age=declared_age)
    person = Person.of(account, character)
    assert person == Person(
        account_id=ACTOR,
        attested=attestation is not None,
        ratings=frozenset(Rating),
        dm_policy=DirectMessagePolicy.FRIENDS,
        presence_visibility=PresenceVisibility.NOBODY,
        character_adult=declared_age is not None and declared_age >= 18,
        role=Role.MODERATOR,
    )
    # Without a character (logged in, none chosen yet) nobody counts as an adult character.
    assert Person.of(account).character_adult is False


def test_defaults_are_the_careful_ones() -> None:
    # A fresh person: general only, not attested, messages from people they share a room with.
    person = Person(ACTOR)
    assert person.ratings == frozenset({Rating.GENERAL})
    assert not person.attested
    assert not person.character_adult
    assert person.dm_policy is DirectMessagePolicy.SHARED_ROOM
    assert Ties(blocked=False, friend=False, share_room=False, accepted=False) == consent.NO_TIES


@pytest.mark.parametrize(
    ("author", "viewer_blocks", "shown"),
    [
        (SUBJECT, frozenset(), True),
        (SUBJECT, frozenset({SUBJECT}), False),  # the viewer blocks the author
        (SUBJECT, frozenset({OWNER}), True),  # a block of someone else changes nothing
        (ACTOR, frozenset({ACTOR}), True),  # one's own text is never hidden from oneself
        (None, frozenset({SUBJECT}), True),  # no known author: nothing to hide it by
    ],
)
def test_authored_room_text_is_hidden_only_by_the_viewers_own_block(
    author: AccountId | None, viewer_blocks: frozenset[AccountId], shown: bool
) -> None:
    # One way only: the blocked side is not asked about (``viewer_blocks`` are the viewer's
    # own blocks), so nothing they see tells them of the block.
    assert consent.shown_as_written(ACTOR, author, viewer_blocks) is shown


@pytest.mark.parametrize("facts", list(itertools.product([False, True], repeat=4)))
def test_ties_made_once_are_the_facts_asked_for(facts: tuple[bool, bool, bool, bool]) -> None:
    # The registry hands out one of sixteen Ties made once: each is exactly the one built.
    blocked, friend, share_room, accepted = facts
    ties = consent.ties_of(blocked, friend, share_room, accepted)
    assert ties == consent.Ties(blocked, friend, share_room, accepted)
    assert (ties.blocked, ties.friend, ties.share_room, ties.accepted) == facts
