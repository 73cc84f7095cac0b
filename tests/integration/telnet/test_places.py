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
