"""Sign-up modes on IRC (NickServ REGISTER, IRCv3 REGISTER, SASL, IDENTIFY) and telnet
(``create``, ``connect``), over one world: by invitation a code is needed and used up; with
approval the account is made, and every way in says it waits for an operator until one
approves it."""

from __future__ import annotations

import base64

from boudoir.domain.entities import Role
from boudoir.domain.errors import AwaitingApproval
from boudoir.domain.invitations import SignupMode

from ..irc.clients import RawClient
from .harness import PASSWORD, All, TelnetPerson

BORN = "1990-02-03"
WAITING = AwaitingApproval.default_message
REQUIRED = "This server makes accounts by invitation only: give an invitation code."
USED_UP = "That invitation code has been used up."


async def telnet_create(everything: All, name: str, code: str | None = None) -> str:
    """Go through telnet ``create`` as ``name`` (giving ``code`` when asked for one); what
    the server answers at the end."""
    person = await TelnetPerson.connect(everything.telnet_port, name)
    try:
        await person.expect("connect <name> <password>")
        person.send(f"create {name} {PASSWORD}")
        if code is not None:
            await person.expect("Your invitation code:")
            person.send(code)
        await person.command(BORN, 'Type "I agree"')
        person.send("I agree")
        said = await person.expect(
            r"Your account is made\.|Your account \w+ is made\.[\s\S]*?approved\."
            r'|No account made: [\s\S]*?(?=\nType "create")',
            regex=True,
        )
        return " ".join(said.split())  # as one line, however the screen wrapped it
    finally:
        person.writer.close()


async def telnet_connect(everything: All, name: str, password: str = PASSWORD) -> str:
    person = await TelnetPerson.connect(everything.telnet_port, name)
    try:
        await person.expect("connect <name> <password>")
        person.send(f"connect {name} {password}")
        said = await person.expect(
            rf"You are {name}\.|[^\n]*approval[\s\S]*?approved\.|Either that character[^\n]*",
            regex=True,
        )
        return " ".join(said.split())
    finally:
        person.writer.close()


async def guest(everything: All, nick: str) -> RawClient:
    client = await RawClient.connect(everything.irc_port, nick)
    await client.register(nick)
    return client


async def names(everything: All) -> list[str]:
    return [a.name for a in await everything.site.world.accounts.list_all()]


# --- invitation ------------------------------------------------------------------------------


async def test_telnet_create_asks_for_the_code_and_uses_it_up(world_of_three: All) -> None:
    world = world_of_three.site.world
    world.accounts.signup_mode = SignupMode.INVITATION
    _, code = await world.invitations.create(uses=1)

    made = await telnet_create(world_of_three, "Nova", code.lower())
    assert made.endswith("Your account is made.")
    refused = await telnet_create(world_of_three, "Opal", code)
    assert refused.endswith(f"No account made: {USED_UP}")
    wrong = await telnet_create(world_of_three, "Opal", "AAAA-BBBB")
    assert wrong.endswith("No account made: That invitation code is not known here: check that "
                          "it is typed right.")  # fmt: skip
    assert await names(world_of_three) == ["Nova"]


async def test_nickserv_register_takes_the_code_after_the_date(world_of_three: All) -> None:
    world = world_of_three.site.world
    world.accounts.signup_mode = SignupMode.INVITATION
    _, code = await world.invitations.create(uses=1)
    first = await guest(world_of_three, "Pia")
    second = await guest(world_of_three, "Quin")
    try:
        first.send(f"PRIVMSG NickServ :REGISTER {PASSWORD} {BORN}")
        await first.expect("NOTICE", "Pia", REQUIRED, sender="NickServ")
        await first.expect(
            "NOTICE", "Pia",
            "Use: REGISTER <password> <date of birth YYYY-MM-DD> <invitation code>",
            sender="NickServ",
        )  # fmt: skip
        # A password with spaces still works: the date and the code are the last two words.
        first.send(f"PRIVMSG NickServ :REGISTER my {PASSWORD} {BORN} {code}")
        await first.expect("NOTICE", "Pia", "Account Pia created. ATTEST when you want rooms "
                           "above general.", sender="NickServ")  # fmt: skip
        await first.expect("900")  # RPL_LOGGEDIN
        second.send(f"PRIVMSG NickServ :REGISTER {PASSWORD} {BORN} {code}")
        await second.expect("NOTICE", "Quin", USED_UP, sender="NickServ")
    finally:
        await first.close()
        await second.close()
    assert await names(world_of_three) == ["Pia"]
    assert await world.accounts.authenticate("Pia", f"my {PASSWORD}")


async def test_ircv3_register_takes_the_code_as_a_fourth_parameter(world_of_three: All) -> None:
    world = world_of_three.site.world
    world.accounts.signup_mode = SignupMode.INVITATION
    _, code = await world.invitations.create(uses=1)
    client = await RawClient.connect(world_of_three.irc_port, "Rae")
    try:
        client.send("CAP LS 302", "NICK Rae", "USER Rae 0 * :Rae")
        await client.expect("CAP", "*", "LS")
        client.send(f"REGISTER Rae {BORN} {PASSWORD}")
        await client.expect("FAIL", "REGISTER", "INVITATION_REQUIRED", "Rae", REQUIRED)
        client.send(f"REGISTER Rae {BORN} {PASSWORD} WRONG-CODE")
        await client.expect("FAIL", "REGISTER", "INVITATION_INVALID", "Rae")
        client.send(f"REGISTER Rae {BORN} {PASSWORD} {code}")
        await client.expect("REGISTER", "SUCCESS", "Rae")
    finally:
        await client.close()
    assert await names(world_of_three) == ["Rae"]


async def test_the_open_mode_keeps_todays_syntax(world_of_three: All) -> None:
    client = await guest(world_of_three, "Sol")
    try:
        client.send(f"PRIVMSG NickServ :REGISTER {PASSWORD} {BORN}")
        await client.expect("900")
    finally:
        await client.close()
    made = await telnet_create(world_of_three, "Tam")
    assert made.endswith("Your account is made.")


# --- approval --------------------------------------------------------------------------------


async def test_telnet_create_then_connect_waits_for_approval(world_of_three: All) -> None:
    world = world_of_three.site.world
    world.accounts.signup_mode = SignupMode.APPROVAL
    made = await telnet_create(world_of_three, "Uma")
    assert made.endswith(
        "Your account Uma is made. It waits for an operator's approval: connect once it is "
        "approved."
    )
    assert (await telnet_connect(world_of_three, "Uma")).endswith(WAITING)
    # Someone without the password learns nothing of the wait.
    wrong = await telnet_connect(world_of_three, "Uma", "not the password")
    assert wrong.endswith("Either that character does not exist, or has a different password.")
    assert "approv" not in wrong
    await world.accounts.approve((await world.accounts.find("Uma")).id)
    assert (await telnet_connect(world_of_three, "Uma")).endswith("You are Uma.")


async def test_irc_sign_ups_wait_and_every_irc_login_says_so(world_of_three: All) -> None:
    world = world_of_three.site.world
    world.accounts.signup_mode = SignupMode.APPROVAL
    nickserv = await guest(world_of_three, "Vic")
    try:
        nickserv.send(f"PRIVMSG NickServ :REGISTER {PASSWORD} {BORN}")
        await nickserv.expect(
            "NOTICE", "Vic",
            "Account Vic created. It waits for an operator's approval: log in (IDENTIFY or "
            "SASL) once it is approved.",
            sender="NickServ",
        )  # fmt: skip
        nickserv.send(f"PRIVMSG NickServ :IDENTIFY {PASSWORD}")
        await nickserv.expect("NOTICE", "Vic", WAITING, sender="NickServ")
        nickserv.send("PRIVMSG NickServ :IDENTIFY not-the-password")
        await nickserv.expect("NOTICE", "Vic", "Wrong name or password.", sender="NickServ")
        assert not nickserv.inbox.seen("900")
    finally:
        await nickserv.close()

    ircv3 = await RawClient.connect(world_of_three.irc_port, "Wen")
    try:
        ircv3.send("CAP LS 302", "NICK Wen", "USER Wen 0 * :Wen")
        await ircv3.expect("CAP", "*", "LS")
        ircv3.send(f"REGISTER Wen {BORN} {PASSWORD}")
        await ircv3.expect("REGISTER", "VERIFICATION_REQUIRED", "Wen")
        # SASL with the right password: told why, then 904.
        ircv3.send("CAP REQ :sasl")
        await ircv3.expect("CAP", "*", "ACK")
        ircv3.send("AUTHENTICATE PLAIN")
        await ircv3.expect("AUTHENTICATE", "+")
        token = base64.b64encode(f"\0Wen\0{PASSWORD}".encode()).decode()
        ircv3.send(f"AUTHENTICATE {token}")
        await ircv3.expect("FAIL", "AUTHENTICATE", "ACCOUNT_AWAITING_APPROVAL", WAITING)
        await ircv3.expect("904")
    finally:
        await ircv3.close()

    with_pass = await RawClient.connect(world_of_three.irc_port, "Wen")
    try:
        with_pass.send(f"PASS Wen:{PASSWORD}", "NICK Wen", "USER Wen 0 * :Wen")
        await with_pass.expect("FAIL", "PASS", "ACCOUNT_AWAITING_APPROVAL", WAITING)
        closing = await with_pass.expect("ERROR")
        assert WAITING in closing.params[0]
    finally:
        await with_pass.close()

    await world.accounts.approve((await world.accounts.find("Wen")).id)
    approved = await RawClient.connect(world_of_three.irc_port, "Wen")
    try:
        await approved.register("Wen", sasl=("Wen", PASSWORD))
    finally:
        await approved.close()


# --- moderators ------------------------------------------------------------------------------


async def test_a_moderator_invites_and_approves_through_modserv(world_of_three: All) -> None:
    world = world_of_three.site.world
    await world_of_three.both.staff("Iris", Role.MODERATOR)
    await world_of_three.site.person("Member")
    moderator = await RawClient.connect(world_of_three.irc_port, "Iris")
    member = await RawClient.connect(world_of_three.irc_port, "Member")
    try:
        await moderator.register("Iris", sasl=("Iris", PASSWORD))
        await member.register("Member", sasl=("Member", PASSWORD))

        for verb in ("INVITE", "APPROVE Member", "PENDING"):
            member.send(f"PRIVMSG ModServ :{verb}")
            await member.expect("NOTICE", "Member", "You may not do that.", sender="ModServ")

        world.accounts.signup_mode = SignupMode.INVITATION
        moderator.send("PRIVMSG ModServ :INVITE 1 7")
        made = await moderator.expect("NOTICE", "Iris", sender="ModServ")
        assert "usable 1x, until" in made.params[1]
        code = made.params[1].rsplit(" ", 1)[1]
        assert (await telnet_create(world_of_three, "Xan", code)).endswith("Your account is made.")

        world.accounts.signup_mode = SignupMode.APPROVAL
        await telnet_create(world_of_three, "Yew")
        moderator.send("PRIVMSG ModServ :PENDING")
        await moderator.expect("NOTICE", "Iris", "Waiting for approval: Yew.", sender="ModServ")
        moderator.send("PRIVMSG ModServ :APPROVE yew")
        await moderator.expect(
            "NOTICE", "Iris", "Approved Yew: they can log in now.", sender="ModServ"
        )
        moderator.send("PRIVMSG ModServ :PENDING")
        await moderator.expect("NOTICE", "Iris", "Nobody is waiting.", sender="ModServ")
    finally:
        await moderator.close()
        await member.close()
    assert (await telnet_connect(world_of_three, "Yew")).endswith("You are Yew.")
