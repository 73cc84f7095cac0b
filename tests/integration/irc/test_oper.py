"""OPER (Modern IRC): staff take their own account's role with its password and are shown as
IRC operators; nobody else becomes one."""

from __future__ import annotations

from boudoir.domain.entities import Role

from ..telnet.harness import All
from ..web_socket.harness import PASSWORD
from .clients import RawClient, raw_client


async def staff(world: All, name: str, role: Role) -> None:
    await world.site.person(name)
    account = await world.site.world.accounts.find(name)
    await world.site.world.accounts.set_role(account.id, role)


async def test_a_moderator_opers_with_their_password_and_is_shown_as_an_operator(
    world: All,
) -> None:
    await staff(world, "Mona", Role.MODERATOR)
    await world.site.person("Nico")
    mona = await raw_client(world.irc_port, "Mona")
    nico = await raw_client(world.irc_port, "Nico")
    try:
        mona.send("OPER Mona")
        await mona.expect("461", "Mona", "OPER")
        mona.send("OPER Mona not-the-password")
        await mona.expect("464", "Mona")
        nico.send("WHO Mona")
        assert (await nico.expect("352", "Nico")).params[6] == "H"

        mona.send("OPER Mona " + PASSWORD)
        await mona.expect("381", "Mona")
        mode = await mona.expect("MODE", "Mona")
        assert mode.params[1] == "+o"
        mona.send("MODE Mona")
        await mona.expect("221", "Mona", "+io")

        nico.send("WHO Mona")
        assert (await nico.expect("352", "Nico")).params[6] == "H*"
        nico.send("WHOIS Mona")
        lines = await nico.inbox.until("318", "Nico", "Mona")
        assert [line.params for line in lines if line.command == "313"] == [
            ("Nico", "Mona", "is an IRC operator")
        ]

        mona.send("MODE Mona -o")
        await mona.expect("MODE", "Mona", "-o")
        nico.send("WHOIS Mona")
        lines = await nico.inbox.until("318", "Nico", "Mona")
        assert not [line for line in lines if line.command == "313"]
    finally:
        await mona.close()
        await nico.close()


async def test_nobody_opers_without_a_staff_role_of_their_own(world: All) -> None:
    await staff(world, "Olga", Role.OPERATOR)
    await world.site.person("Piet")
    piet = await raw_client(world.irc_port, "Piet")
    guest = await RawClient.connect(world.irc_port, "guest")
    try:
        piet.send("OPER Piet " + PASSWORD)  # the right password, but no staff role
        await piet.expect("491", "Piet")
        piet.send("OPER Olga " + PASSWORD)  # an operator's name and password: not Piet's role
        await piet.expect("464", "Piet")
        piet.send("OPER nobody " + PASSWORD)
        await piet.expect("464", "Piet")
        await piet.settled()
        assert not piet.inbox.seen("381")
        assert not piet.inbox.seen("MODE")
        piet.send("WHOIS Piet")
        lines = await piet.inbox.until("318", "Piet", "Piet")
        assert not [line for line in lines if line.command == "313"]

        await guest.register("Wanderer")
        guest.send("OPER Olga " + PASSWORD)  # a guest cannot take anyone's role
        await guest.expect("491", "Wanderer")
        await guest.settled()
        assert not guest.inbox.seen("381")
    finally:
        await piet.close()
        await guest.close()
