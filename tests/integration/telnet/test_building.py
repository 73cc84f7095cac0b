"""Building and things over telnet: a builder digs, opens, locks and describes; a non-builder
is pointed at the operator; a hand waits for the receiver's yes and is refused like a page."""

from __future__ import annotations

from boudoir.gateways.telnet.errors import NEUTRAL_REFUSAL

from .harness import All, TelnetPerson


async def builder(everything: All, name: str) -> TelnetPerson:
    """``name`` made a builder by an operator, logged in over telnet, standing in a workshop
    room of their own (a builder opens exits only from rooms they manage)."""
    await everything.site.person(name)
    await everything.site.world.building.set_builder(name, True)
    person = await everything.telnet(name)
    await person.command(f"@dig {name}Workshop", f"Dug {name}Workshop.")
    await person.command(f"jump {name}Workshop", f"{name}Workshop (")
    return person


async def test_a_builder_digs_a_garden_with_exits_both_ways_and_a_browser_user_sees_her_arrive(
    world_of_three: All,
) -> None:
    everything = world_of_three
    alice = await builder(everything, "Alice")
    web = await everything.site.browser("Willow")
    try:
        await alice.command(
            "@dig Garden=North;n,South;s",
            "Dug Garden, with North leading there and South leading back.",
        )
        await alice.command("look", "Obvious exits: North.")
        await web.call("join", room="Garden")
        alice.send("n")
        await alice.expect("Garden (")
        await alice.expect("Obvious exits: South.")
        await alice.expect("Here: Willow.")
        await web.expect("joined", room="Garden", name="Alice")
        alice.send("s")
        await alice.expect("AliceWorkshop (")
        await web.expect("left", room="Garden", name="Alice")
    finally:
        await alice.close()
        await web.socket.close()


async def test_a_non_builders_dig_is_refused_with_the_way_to_become_one(
    world_of_three: All,
) -> None:
    carol = await world_of_three.telnet("Carol")
    try:
        await carol.command(
            "@dig Hideout", "Only builders may do that. Ask an operator: boudoir account builder"
        )
        await carol.expect("Carol")
        # The refusal made no room: there is nowhere to jump to.
        await carol.command("jump Hideout", "There is no room named 'Hideout'.")
    finally:
        await carol.close()


async def test_a_refused_dig_leaves_no_room_behind(world_of_three: All) -> None:
    everything = world_of_three
    alice = await builder(everything, "Alice")
    bob = await builder(everything, "Bob")
    try:
        await bob.command("jump AliceWorkshop", "AliceWorkshop (")
        # Bob does not manage Alice's workshop: no exit from it, and so no room either.
        await bob.command("@dig Garden=North;n", "You may not do that.")
        await bob.command("@dig Garden=North;n,South;s", "You may not do that.")
        await bob.command("jump Garden", "There is no room named 'Garden'.")
        # An exit name already taken here refuses the whole dig too.
        await alice.command("@open Door;d", "Opened Door")
        await alice.command("@dig Attic=Door", "already answers to")
        await alice.command("jump Attic", "There is no room named 'Attic'.")
        await alice.command("@dig Attic=Up;u", "Dug Attic, with Up leading there.")
    finally:
        await alice.close()
        await bob.close()


async def test_a_locked_exit_refuses_carol_and_lets_alice_through(world_of_three: All) -> None:
    everything = world_of_three
    alice = await builder(everything, "Alice")
    carol = await everything.telnet("Carol")
    try:
        await alice.command("@dig Vault=In;in,Out;out", "Dug Vault")
        await alice.command("@lock in=alice", "Locked in: alice.")
        await carol.command("jump AliceWorkshop", "AliceWorkshop (")
        await carol.command("in", "That way is locked to you.")
        await carol.command("look", "AliceWorkshop (")
        await alice.command("in", "Vault (")
        await alice.command("out", "AliceWorkshop (")
        await alice.command("@unlock in", "Unlocked in.")
        await carol.command("in", "Vault (")
    finally:
        await alice.close()
        await carol.close()


async def test_a_room_description_shows_when_someone_else_looks(world_of_three: All) -> None:
    everything = world_of_three
    alice = await builder(everything, "Alice")
    bob = await everything.telnet("Bob")
    try:
        await alice.command("@desc here=Sawdust and a long oak bench.%rTools hang on the wall.",
                            "Room described.")  # fmt: skip
        await bob.command("jump AliceWorkshop", "Here: Alice.")
        await bob.command("look", "Sawdust and a long oak bench.\nTools hang on the wall.")
        await bob.command("@desc here=Mine now.", "You may not do that.")
        await alice.command("examine", "Description:")
        await alice.expect("Sawdust and a long oak bench.")
    finally:
        await alice.close()
        await bob.close()


async def test_hand_needs_the_receivers_yes_and_a_blocked_giver_is_refused_neutrally(
    world_of_three: All,
) -> None:
    everything = world_of_three
    alice = await builder(everything, "Alice")
    bob = await everything.telnet("Bob")
    dora = await everything.telnet("Dora")
    try:
        await alice.command("@create brass lamp", "You made brass lamp; you are carrying it.")
        await bob.command("jump AliceWorkshop", "AliceWorkshop (")
        await alice.command("hand lamp to Bob", "You offer brass lamp to Bob")
        await bob.expect('Alice offers you brass lamp. Type "hand/accept Alice"')
        await bob.command("i", "You are carrying nothing.")  # nothing moved without a yes
        await bob.command("hand/list", "Alice")
        await bob.command("hand/accept Alice", "You take brass lamp from Alice.")
        await alice.expect("Bob accepted brass lamp.")
        await bob.command("inventory", "You are carrying: brass lamp.")
        await alice.command("i", "You are carrying nothing.")

        await dora.command("jump AliceWorkshop", "AliceWorkshop (")
        world = everything.site.world
        await world.relations.block_account((await world.accounts.find("Dora")).id, "Alice")
        await alice.command("@create rope", "You made rope")
        alice.send("hand rope to Dora")
        refused_hand = (await alice.expect(NEUTRAL_REFUSAL + "\n")).splitlines()[-1]
        alice.send("page Dora=hello?")
        refused_page = (await alice.expect(NEUTRAL_REFUSAL + "\n")).splitlines()[-1]
        assert refused_hand == refused_page == NEUTRAL_REFUSAL
        await alice.command("i", "You are carrying: rope.")
    finally:
        await alice.close()
        await bob.close()
        await dora.close()


async def test_things_dropped_and_picked_up_follow_their_lock(world_of_three: All) -> None:
    everything = world_of_three
    alice = await builder(everything, "Alice")
    carol = await everything.telnet("Carol")
    try:
        await alice.command("@create velvet rope", "You made velvet rope")
        await alice.command("@lock rope=me", "Locked rope: me.")
        await alice.command("drop rope", "You drop velvet rope.")
        await carol.command("jump AliceWorkshop", "You see: velvet rope.")
        await carol.command("get rope", "You can't pick that up.")
        await alice.command("get rope", "You pick up velvet rope.")
    finally:
        await alice.close()
        await carol.close()
