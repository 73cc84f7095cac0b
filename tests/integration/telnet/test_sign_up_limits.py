"""Sign-ups are limited per address on every gateway, before anything is made, with a clear
error; another address may still sign up."""

from __future__ import annotations

from boudoir.core.throttle import SignupThrottle

from ..irc.clients import RawClient
from .harness import PASSWORD, All, TelnetPerson

REFUSAL = "Too many sign-ups from your address; try again in 60 minutes."


async def create_over_telnet(everything: All, name: str, source: str | None = None) -> str:
    """Go through telnet ``create`` as ``name``; what the server answers at the end."""
    person = await TelnetPerson.connect(everything.telnet_port, name, source=source)
    try:
        await person.expect("connect <name> <password>")
        person.send(f"create {name} {PASSWORD}")
        await person.command("1990-02-03", 'Type "I agree"')
        person.send("I agree")
        return await person.expect(r"Your account is made|No account made: .*", regex=True)
    finally:
        person.writer.close()


async def test_sign_ups_past_the_limit_are_refused_on_telnet_and_irc(world_of_three: All) -> None:
    world = world_of_three.site.world
    world.accounts.signups = SignupThrottle(per_address_per_hour=1, per_minute=100)
    assert (await create_over_telnet(world_of_three, "Nova")).endswith("Your account is made")

    assert (await create_over_telnet(world_of_three, "Opal")).endswith(REFUSAL)

    guest = await RawClient.connect(world_of_three.irc_port, "Pia")
    try:
        await guest.register("Pia")
        guest.send(f"PRIVMSG NickServ :REGISTER {PASSWORD} 1990-01-01")
        await guest.expect("NOTICE", "Pia", REFUSAL, sender="NickServ")
    finally:
        await guest.close()

    newcomer = await RawClient.connect(world_of_three.irc_port, "Rae")
    try:
        newcomer.send("CAP LS 302", "NICK Rae", "USER Rae 0 * :Rae")
        await newcomer.expect("CAP", "*", "LS")
        newcomer.send(f"REGISTER Rae 1990-01-01 {PASSWORD}")
        await newcomer.expect("FAIL", "REGISTER", "TEMPORARILY_UNAVAILABLE", "Rae", REFUSAL)
    finally:
        await newcomer.close()

    for name in ("Opal", "Pia", "Rae"):
        assert await world.store.accounts.find_by_name(name) is None
    # Another machine may still sign up.
    made = await create_over_telnet(world_of_three, "Opal", source="127.0.0.2")
    assert made.endswith("Your account is made")
