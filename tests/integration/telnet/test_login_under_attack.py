"""Someone guessing at alice's password from other machines slows themself down, not alice:
she still logs in over telnet and IRC while the guesses go on."""

from __future__ import annotations

import re

from ..irc.clients import raw_client
from .harness import All, TelnetPerson

ATTACKERS = ("127.0.0.2", "127.0.0.3")
"""Other loopback addresses play the attacker's machines; alice connects from 127.0.0.1."""


async def guess_until_held_back(everything: All, source: str) -> int:
    """Wrong passwords for alice from ``source`` until the server says to wait; the seconds
    it says."""
    attacker = await TelnetPerson.connect(everything.telnet_port, source, source=source)
    await attacker.expect("connect <name> <password>")
    try:
        for attempt in range(20):
            attacker.send(f"connect alice guess{attempt}")
            answer = await attacker.expect(r"different password|try again in \d+ s", regex=True)
            if held := re.search(r"try again in (\d+) s", answer):
                return int(held.group(1))
    finally:
        attacker.writer.close()
    raise AssertionError("twenty wrong passwords and never held back")


async def test_alice_logs_in_while_someone_guesses_at_her_password(world_of_three: All) -> None:
    await world_of_three.site.person("alice")
    # The first machine has a few tries, then waits; the second, guessing at a name now under
    # attack, waits longer.
    first, second = [await guess_until_held_back(world_of_three, each) for each in ATTACKERS]
    assert first >= 1
    assert second > first

    alice = await TelnetPerson.log_in(world_of_three.telnet_port, "alice")
    alice.writer.close()
    on_irc = await raw_client(world_of_three.irc_port, "alice")  # SASL PLAIN, the right password
    await on_irc.close()
    # Still held back after alice's logins.
    assert await guess_until_held_back(world_of_three, ATTACKERS[0]) >= 1
