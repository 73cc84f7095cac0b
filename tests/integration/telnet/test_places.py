"""Where telnet users go: home and @home, jump, and invitations into private rooms."""

from __future__ import annotations

from .harness import All


async def test_home_cannot_be_set_to_an_adult_room_by_someone_who_has_not_attested(
    world_of_three: All,
) -> None:
    everything = world_of_three
    await everything.adult_room("Olive", "Velvet")
    una = await everything.telnet("Una", attested=False)
    try:
        await una.command("@home Velvet", "Attest that you are an adult")
        # Home is still the lobby: ``home`` takes her there, not to a refusal.
        await una.command("home", "lobby (general)")
    finally:
        await una.close()


async def test_an_invitation_to_a_private_room_says_how_to_go_and_jump_takes_her_there_once(
    world_of_three: All,
) -> None:
    everything = world_of_three
    willow = await everything.site.browser("Willow")
    tess = await everything.telnet("Tess")
    try:
        await willow.call("join", room="lobby")
        await willow.call("join", room="Hideaway", create=True)
        await willow.call(
            "room_setting", room="Hideaway", setting="visibility", enabled=True, value="private"
        )
        await tess.command("jump Hideaway", "You can jump only to public rooms")
        assert (await willow.call("invite", room="Hideaway", name="Tess"))["type"] == "ok"
        await tess.expect('Willow invites you to Hideaway (general). Type "jump Hideaway"')
        await tess.command("jump Hideaway", "Hideaway (general)")
        await tess.expect("Here: Willow.")
        await willow.expect("joined", room="Hideaway", name="Tess")
        # An invitation lets its holder in once, as IRC's INVITE does.
        await tess.command("home", "lobby (general)")
        await tess.command("jump Hideaway", "You can jump only to public rooms")
    finally:
        await tess.close()
        await willow.socket.close()
