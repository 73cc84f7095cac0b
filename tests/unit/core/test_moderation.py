"""Reports with sealed evidence, the queue, actions, expiry and the audit log, as people see
them."""

from __future__ import annotations

import datetime as dt

import pytest

from boudoir.core.moderation import REPORTS_PER_HOUR, Actor
from boudoir.domain.entities import Role
from boudoir.domain.errors import (
    AccountSuspended,
    ConsentRefused,
    InvalidInput,
    Muted,
    NotFound,
    Throttled,
)
from boudoir.domain.events import DirectMessageSent, RoomMessageSent, SessionClosed
from boudoir.domain.moderation import ActionKind, QueueItem, QueueKind, QueueStatus
from boudoir.domain.ratings import Rating
from boudoir.testing.harness import PASSWORD, TestPerson, TestWorld

START = dt.datetime(2026, 11, 26, 12, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


async def staff(world: TestWorld, name: str, role: Role) -> TestPerson:
    person = await world.person(name)
    await world.world.accounts.set_role(person.account.id, role)
    return await world.login(name)


def actor(person: TestPerson) -> Actor:
    return Actor(person.name, Actor.of(person.connection.account).person)


def as_received(event: RoomMessageSent | DirectMessageSent) -> dict[str, object]:
    """The line as a browser shows it (docs/websocket.md, "message" and "direct")."""
    line: dict[str, object] = {
        "id": event.id,
        "at": event.at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{event.at.microsecond // 1000:03d}Z",
        "from": event.sender.name,
        "kind": event.kind.value,
        "text": event.text,
        "seal": event.seal,
    }
    if isinstance(event, RoomMessageSent):
        line["room"] = event.room.name
    else:
        line["to"] = event.recipient.name
    return line


async def test_a_report_marks_each_line_genuine_or_not(clock: Clock) -> None:
    world = await TestWorld.start(clock)
    mallory, bob = await world.person("Mallory"), await world.person("Bob")
    mod = await staff(world, "Sage", Role.MODERATOR)
    await mallory.join("lobby")
    await bob.join("lobby")
    said = mallory.say("lobby", "pay me 50 for a scene")
    await bob.message("Mallory", "what do you mean?")
    dm = await mallory.message("Bob", "send the money now")
    heard = as_received(next(e for e in bob.session.events if isinstance(e, RoomMessageSent)))
    direct = as_received(next(e for e in bob.session.events if isinstance(e, DirectMessageSent)))
    assert heard["seal"] == said.seal != ""
    assert direct["seal"] == dm.seal != ""
    forged = {**heard, "text": "pay me 500 for a scene"}

    item = await world.world.moderation.report(
        bob.connection, "Mallory", "asking for money", [heard, direct, forged]
    )

    assert (item.kind, item.subject_name, item.place) == (QueueKind.REPORT, "Mallory", "lobby")
    lines = item.evidence["lines"]
    assert isinstance(lines, list)
    assert [line["genuine"] for line in lines] == [True, True, False]
    assert item.evidence["reporter"] == "Bob"
    assert mod.saw(f"Moderators' queue: new report {item.id}")
    assert not bob.saw("Moderators' queue")
    [queued] = await world.world.moderation.queue(actor(mod))
    assert queued.id == item.id


@pytest.mark.single_node("builds a second node of its own beside the test's World")
async def test_seals_use_the_stored_key_on_every_node(clock: Clock) -> None:
    world = await TestWorld.start(clock)
    await world.world.moderation.start()
    alice, bob = await world.person("Alice"), await world.person("Bob")
    await alice.join("lobby")
    await bob.join("lobby")
    line = as_received(alice.say("lobby", "hello"))
    other = TestWorld(type(world.world)(world.world.store, world.world.accounts._hasher, clock))
    assert not other.world.messages.sealer.verify(line)
    await other.world.moderation.start()
    assert other.world.messages.sealer.verify(line)


async def test_nobody_reports_themselves_and_a_report_needs_a_reason(clock: Clock) -> None:
    world = await TestWorld.start(clock)
    bob = await world.person("Bob")
    await world.person("Mallory")
    with pytest.raises(ConsentRefused):
        await world.world.moderation.report(bob.connection, "Bob", "me")
    with pytest.raises(InvalidInput):
        await world.world.moderation.report(bob.connection, "Mallory", "  ")
    with pytest.raises(NotFound):
        await world.world.moderation.report(bob.connection, "Nobody", "why")


async def test_one_account_files_at_most_ten_reports_an_hour(clock: Clock) -> None:
    world = await TestWorld.start(clock)
    bob, carol = await world.person("Bob"), await world.person("Carol")
    await world.person("Mallory")
    mod = await staff(world, "Sage", Role.MODERATOR)
    moderation = world.world.moderation
    with pytest.raises(InvalidInput):
        await moderation.report(bob.connection, "Mallory", " ")  # refused: does not count
    for number in range(REPORTS_PER_HOUR):
        clock.now = START + dt.timedelta(minutes=number)
        await moderation.report(bob.connection, "Mallory", f"again {number}")

    with pytest.raises(Throttled) as refusal:
        await moderation.report(bob.connection, "Mallory", "one more")
    assert refusal.value.message == (
        "You have sent many reports in a short time; the moderators have them. Try again later."
    )
    # The first report leaves the hour at 13:00; it is 12:09 now.
    assert refusal.value.retry_after == pytest.approx(51 * 60)
    assert len(await moderation.queue(actor(mod))) == REPORTS_PER_HOUR, "nothing lost"
    await moderation.report(carol.connection, "Mallory", "me too")  # others are not held back

    clock.now = START + dt.timedelta(hours=1)
    await moderation.report(bob.connection, "Mallory", "still at it")
    with pytest.raises(Throttled):
        await moderation.report(bob.connection, "Mallory", "and again")


async def test_only_staff_read_the_queue_and_only_operators_the_audit_log(clock: Clock) -> None:
    world = await TestWorld.start(clock)
    bob = await world.person("Bob")
    await world.person("Mallory")
    mod = await staff(world, "Sage", Role.MODERATOR)
    op = await staff(world, "Opal", Role.OPERATOR)
    moderation = world.world.moderation
    with pytest.raises(ConsentRefused):
        await moderation.queue(actor(bob))
    await moderation.act(actor(mod), ActionKind.WARN, "Mallory", reason="be nice")
    with pytest.raises(ConsentRefused):
        await moderation.audit(actor(mod))
    [entry] = await moderation.audit(actor(op))
    assert (entry.actor, entry.kind, entry.target, entry.reason) == (
        "Sage",
        ActionKind.WARN,
        "Mallory",
        "be nice",
    )
    assert not hasattr(moderation, "edit_action")


async def test_resolving_runs_the_hooks_once(clock: Clock) -> None:
    world = await TestWorld.start(clock)
    mallory = await world.person("Mallory")
    mod = await staff(world, "Sage", Role.MODERATOR)
    moderation = world.world.moderation
    seen: list[tuple[str, str]] = []

    async def hook(item: QueueItem, resolution: str) -> None:
        seen.append((item.id, resolution))

    moderation.on_resolve.append(hook)
    held = await moderation.enqueue(
        "automod_hold",
        subject_account=mallory.account.id,
        subject_name="Mallory",
        place="lobby",
        summary="held",
        evidence={"text": "venmo me"},
    )
    report = await moderation.report((await world.person("Bob")).connection, "Mallory", "rude")
    with pytest.raises(InvalidInput):
        await moderation.resolve(actor(mod), report.id, "release")
    done = await moderation.resolve(actor(mod), held.id, "release", "false positive")
    assert (done.status, done.resolved_by, done.note) == (
        QueueStatus.RESOLVED,
        "Sage",
        "false positive",
    )
    with pytest.raises(NotFound):
        await moderation.resolve(actor(mod), held.id, "drop")
    assert seen == [(held.id, "release")]
    assert [i.id for i in await moderation.queue(actor(mod))] == [report.id]


async def test_a_mute_silences_one_room_until_it_expires(clock: Clock) -> None:
    world = await TestWorld.start(clock)
    mallory, bob = await world.person("Mallory"), await world.person("Bob")
    mod = await staff(world, "Sage", Role.MODERATOR)
    for person in (mallory, bob):
        await person.join("lobby")
        await person.join("garden")
    until = START + dt.timedelta(minutes=10)
    await world.world.moderation.act(actor(mod), "mute", "Mallory", "lobby", "spam", until)
    assert mallory.saw("You are muted in lobby")
    bob.forget()
    with pytest.raises(Muted):
        mallory.say("lobby", "buy now")
    mallory.say("garden", "still here")
    await mallory.message("Bob", "hi")
    assert bob.lines() == ["[garden] Mallory says still here", "request from Mallory: hi"]
    clock.now = until
    mallory.say("lobby", "back")
    assert bob.saw("[lobby] Mallory says back")


async def test_clear_lifts_a_mute(clock: Clock) -> None:
    world = await TestWorld.start(clock)
    mallory = await world.person("Mallory")
    mod = await staff(world, "Sage", Role.MODERATOR)
    await mallory.join("lobby")
    await world.world.moderation.act(actor(mod), "mute", "Mallory", "lobby")
    with pytest.raises(Muted):
        mallory.say("lobby", "hm")
    await world.world.moderation.act(actor(mod), "clear", "Mallory", "lobby")
    mallory.say("lobby", "thanks")


async def test_a_moderator_kicks_from_a_room_they_are_not_in(clock: Clock) -> None:
    world = await TestWorld.start(clock)
    mallory, bob = await world.person("Mallory"), await world.person("Bob")
    mod = await staff(world, "Sage", Role.MODERATOR)
    await bob.join("lobby")
    await mallory.join("lobby")
    await world.world.moderation.act(actor(mod), "kick", "Mallory", "lobby", "cool off")
    assert mallory.saw("Mallory was kicked from lobby by the server (cool off)")
    assert bob.saw("Mallory was kicked from lobby by the server (cool off)")
    assert bob.members("lobby") == ["Bob"]


async def test_a_room_ban_keeps_out_until_it_expires(clock: Clock) -> None:
    world = await TestWorld.start(clock)
    mallory, bob = await world.person("Mallory"), await world.person("Bob")
    mod = await staff(world, "Sage", Role.MODERATOR)
    await bob.join("lobby")
    await mallory.join("lobby")
    until = START + dt.timedelta(hours=1)
    await world.world.moderation.act(actor(mod), "room_ban", "Mallory", "lobby", "spam", until)
    assert bob.members("lobby") == ["Bob"]
    with pytest.raises(ConsentRefused):
        await mallory.enter("lobby")
    clock.now = until
    assert await world.world.moderation.sweep() == 1
    await mallory.enter("lobby")
    assert sorted(bob.members("lobby")) == ["Bob", "Mallory"]


async def test_a_suspension_ends_every_session_and_refuses_login_until_lifted(
    clock: Clock,
) -> None:
    world = await TestWorld.start(clock)
    mallory = await world.person("Mallory")
    other = await world.login("Mallory")
    mod = await staff(world, "Sage", Role.MODERATOR)
    until = START + dt.timedelta(days=1)
    await world.world.moderation.act(actor(mod), "suspend", "Mallory", "", "abuse", until)
    for session in (mallory.session, other.session):
        assert session.closed is not None
        assert any(isinstance(e, SessionClosed) for e in session.events)
    assert "Mallory" not in {c.character.name for c in world.world.registry.connections.values()}
    with pytest.raises(AccountSuspended, match="until 2026-11-27 12:00 UTC"):
        await world.world.accounts.authenticate("Mallory", PASSWORD)
    await world.world.moderation.act(actor(mod), "unsuspend", "Mallory")
    await world.login("Mallory")


async def test_a_suspension_lapses_at_its_expiry(clock: Clock) -> None:
    world = await TestWorld.start(clock)
    await world.person("Mallory")
    mod = await staff(world, "Sage", Role.MODERATOR)
    until = START + dt.timedelta(hours=2)
    await world.world.moderation.act(actor(mod), "suspend", "Mallory", expires=until)
    with pytest.raises(AccountSuspended):
        await world.login("Mallory")
    clock.now = until
    await world.login("Mallory")


async def test_room_owners_use_the_room_tools_in_their_room_only(clock: Clock) -> None:
    world = await TestWorld.start(clock)
    owner, mallory = await world.person("Owner"), await world.person("Mallory")
    await owner.create_room("den")
    await mallory.enter("den")
    moderation = world.world.moderation
    await moderation.act(actor(owner), "mute", "Mallory", "den", "calm down")
    with pytest.raises(Muted):
        mallory.say("den", "hey")
    for kind, room in (("suspend", ""), ("mute", "lobby"), ("account_ban", "den")):
        with pytest.raises((ConsentRefused, NotFound)):
            await moderation.act(actor(owner), kind, "Mallory", room)
    with pytest.raises(ConsentRefused):
        await moderation.queue(actor(owner))


async def test_moderators_do_not_act_on_staff(clock: Clock) -> None:
    world = await TestWorld.start(clock)
    mod = await staff(world, "Sage", Role.MODERATOR)
    await staff(world, "Opal", Role.OPERATOR)
    with pytest.raises(ConsentRefused):
        await world.world.moderation.act(actor(mod), "suspend", "Opal")
    await world.world.moderation.act(Actor.operator(), "warn", "Sage", reason="careful")
    assert mod.saw("A moderator warns you: careful")


async def test_a_moderator_receives_nothing_of_a_direct_conversation(clock: Clock) -> None:
    world = await TestWorld.start(clock)
    alice, bob = await world.person("Alice"), await world.person("Bob")
    mod = await staff(world, "Sage", Role.MODERATOR)
    op = await staff(world, "Opal", Role.OPERATOR)
    mod.forget()
    op.forget()
    await alice.message("Bob", "something private")
    assert bob.saw("something private")
    assert mod.lines() == []
    assert op.lines() == []
    assert await world.world.moderation.queue(actor(mod)) == []


async def test_no_staff_role_enters_a_private_scene(clock: Clock) -> None:
    world = await TestWorld.start(clock)
    alice, bob = await world.person("Alice"), await world.person("Bob")
    mod = await staff(world, "Sage", Role.MODERATOR)
    op = await staff(world, "Opal", Role.OPERATOR)
    invitation = world.world.scenes.invite(alice.connection, "Bob", Rating.ADULT)
    scene = world.world.scenes.accept(bob.connection, invitation.id)
    for person in (mod, op):
        # Refused whichever way (a scene's name is not a room anyone may join).
        with pytest.raises((ConsentRefused, NotFound, InvalidInput)):
            await world.world.rooms.join(person.connection, scene.name)
        assert scene.name not in person.lines()
    assert sorted(c.character.name for c in scene.member_connections()) == ["Alice", "Bob"]


@pytest.mark.single_node("builds a second node of its own beside the test's World")
async def test_a_mute_made_elsewhere_reaches_a_running_node_at_its_next_sweep(
    clock: Clock,
) -> None:
    # The CLI (or another node) shares the store, not this node's memory.
    world = await TestWorld.start(clock)
    mallory = await world.person("Mallory")
    await mallory.join("lobby")
    elsewhere = TestWorld(type(world.world)(world.world.store, world.world.accounts._hasher, clock))
    await elsewhere.world.moderation.act(Actor.operator(), "mute", "Mallory", "lobby", "spam")
    mallory.say("lobby", "not yet noticed")
    await world.world.moderation.sweep()
    with pytest.raises(Muted):
        mallory.say("lobby", "now muted")
    await elsewhere.world.moderation.act(Actor.operator(), "clear", "Mallory", "lobby")
    await world.world.moderation.sweep()
    mallory.say("lobby", "free again")
