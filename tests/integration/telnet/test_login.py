"""The login screen over a real socket: the ways MU* clients log in, account creation with
the attestation, WHO and QUIT before logging in, and type-ahead."""

from __future__ import annotations

import json

from boudoir.gateways.telnet import TelnetLimits

from .harness import PASSWORD, All, TelnetPerson, serve_all

IAC, WILL, WONT, DO, SB, SE = 255, 251, 252, 253, 250, 240
ECHO, GMCP = 1, 201


async def test_connect_with_a_quoted_name_and_by_a_character_name(world_of_three: All) -> None:
    everything = world_of_three
    await everything.site.person("Quinn")
    person = await TelnetPerson.connect(everything.telnet_port, "Quinn")
    try:
        await person.expect("connect <name> <password>")
        person.send(f'connect "Quinn" {PASSWORD}')
        await person.expect("You are Quinn.")
        await person.expect("lobby (general)")
    finally:
        await person.close()


async def test_a_wrong_password_is_refused_and_the_screen_stays(world_of_three: All) -> None:
    everything = world_of_three
    await everything.site.person("Rhea")
    person = await TelnetPerson.connect(everything.telnet_port, "Rhea")
    try:
        await person.expect("connect <name> <password>")
        person.send("connect Rhea not-the-password")
        await person.expect("has a different password")
        person.send(f"connect Rhea {PASSWORD}")
        await person.expect("You are Rhea.")
    finally:
        await person.close()


async def test_name_and_password_on_separate_lines_hide_the_password(world_of_three: All) -> None:
    everything = world_of_three
    await everything.site.person("Mina")
    person = await TelnetPerson.connect(everything.telnet_port, "Mina")
    try:
        await person.expect("connect <name> <password>")
        person.send("Mina")
        await person.expect("Password: ")
        assert bytes((IAC, WILL, ECHO)) in person.commands  # the client stops echoing
        person.send(PASSWORD)
        await person.expect("You are Mina.")
        assert bytes((IAC, WONT, ECHO)) in person.commands  # and echoes again
    finally:
        await person.close()


async def test_gmcp_char_login(world_of_three: All) -> None:
    everything = world_of_three
    await everything.site.person("Gale")
    person = await TelnetPerson.connect(everything.telnet_port, "Gale")
    try:
        await person.expect("connect <name> <password>")
        person.writer.write(bytes((IAC, DO, GMCP)))
        credentials = json.dumps({"account": "Gale", "password": PASSWORD})
        person.writer.write(
            bytes((IAC, SB, GMCP))
            + f"Char.Login.Credentials {credentials}".encode()
            + bytes((IAC, SE))
        )
        await person.expect("You are Gale.")
        await person.expect("lobby (general)")
        assert b"Char.Login.Default" in person.commands
        assert b'Char.Login.Result {"success":true}' in person.commands
        assert b"Room.Info" in person.commands
        assert b'Char.Name {"name":"Gale","fullname":"Gale"}' in person.commands
        assert b'Char.Status {"name":"Gale","status":"online","room":"lobby"}' in person.commands
    finally:
        await person.close()


async def test_create_an_account_with_the_attestation(world_of_three: All) -> None:
    everything = world_of_three
    person = await TelnetPerson.connect(everything.telnet_port, "Nova")
    try:
        await person.expect("connect <name> <password>")
        person.send("create")
        await person.command("Nova", "Choose a password")
        await person.command("a-long-password", "The same password again")
        await person.command("a-long-password", "date of birth")
        await person.command("1990-02-03", 'Type "I agree"')
        await person.command("I agree", "You are Nova.")
        account = await everything.site.world.accounts.find("Nova")
        assert account.attestation is not None
    finally:
        await person.close()


async def test_create_refuses_a_common_password_saying_why(world_of_three: All) -> None:
    everything = world_of_three
    person = await TelnetPerson.connect(everything.telnet_port, "Nova")
    try:
        await person.expect("connect <name> <password>")
        person.send("create")
        await person.command("Nova", "Choose a password")
        await person.command("qwertyuiop", "The same password again")
        await person.command("qwertyuiop", "date of birth")
        await person.command("1990-02-03", 'Type "I agree"')
        refused = await person.command("I agree", 'Type "create" to try again.')
        assert "No account made: That password is one of the most common" in refused
    finally:
        await person.close()
    assert await everything.site.world.accounts.list_all() == []


async def test_a_17_year_old_is_refused_right_after_the_date_of_birth(
    world_of_three: All,
) -> None:
    everything = world_of_three
    today = everything.site.world.clock().date()
    born = today.replace(year=today.year - 17, day=1)
    person = await TelnetPerson.connect(everything.telnet_port, "Kid")
    try:
        await person.expect("connect <name> <password>")
        person.send("create Kid a-long-password")
        refused = await person.command(born.isoformat(), 'Type "create" to try again.')
        # The web's words (the core's rule), and never the adult statement to agree to.
        assert "No account made: Boudoir is for adults only: you must be 18 or over." in refused
        assert "I agree" not in refused
        await person.command("I agree", 'Type "connect <name> <password>"')
        await person.command("connect Kid a-long-password", "has a different password")
    finally:
        await person.close()


async def test_who_and_quit_at_the_login_screen(world_of_three: All) -> None:
    everything = world_of_three
    tess = await everything.telnet("Tess")
    guest = await TelnetPerson.connect(everything.telnet_port, "guest")
    try:
        await guest.expect("connect <name> <password>")
        await guest.command("WHO", "Tess")
        guest.send("QUIT")
        await guest.expect("Goodbye.")
        assert await guest.closed()
    finally:
        await guest.close()
        await tess.close()


async def test_typed_ahead_lines_all_run_in_order() -> None:
    """An auto-login followed by a burst well past the token bucket and the type-ahead
    queue: every line runs, in order, none dropped (reading pauses instead)."""
    limits = TelnetLimits(
        command_burst=5,
        command_rate=40.0,
        typeahead=10,
        max_connections_per_address=100,
        connect_burst=100,
    )
    async with serve_all(limits) as everything:
        await _type_ahead(everything)


async def _type_ahead(everything: All) -> None:
    await everything.site.person("Ivy")
    web = await everything.site.browser("Ivy")
    await everything.site.person("Tess")
    tess = await TelnetPerson.connect(everything.telnet_port, "Tess")
    try:
        await web.call("join", room="lobby", create=True)
        lines = [f"connect Tess {PASSWORD}"] + [f'"line {n}' for n in range(60)]
        tess.writer.write("".join(line + "\r\n" for line in lines).encode())
        for n in range(60):
            heard = await web.expect("message", **{"from": "Tess"})
            assert heard["text"] == f"line {n}"
    finally:
        await tess.close()
        await web.socket.close()


async def test_quit_in_the_world_says_goodbye_and_others_see_the_departure(
    world_of_three: All,
) -> None:
    everything = world_of_three
    tess = await everything.telnet("Tess")
    uma = await everything.telnet("Uma")
    try:
        await tess.expect("Uma has arrived.")
        uma.send("QUIT")
        await uma.expect("Goodbye.")
        assert await uma.closed()
        await tess.expect("Uma has disconnected.")
    finally:
        await uma.close()
        await tess.close()
