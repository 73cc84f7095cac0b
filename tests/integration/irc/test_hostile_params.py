"""Whatever parameters a client sends, every reply is a valid IRC line and the connection stays
open: an empty parameter, one with a space or one starting with ``:`` echoed back in a
numeric is shown as ``*`` (as Ergo does), never a crash."""

from __future__ import annotations

import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boudoir.wire.irc import parse_message, render

from ..telnet.harness import All
from .clients import RawClient, raw_client
from .conftest import Clients

COMMANDS = ("NICK", "WHO", "WHOIS", "WHOWAS", "NAMES", "JOIN", "PART", "TOPIC", "KICK", "MODE")
HOSTILE = ("", "a b", ":x")


async def answer_to(client: RawClient, line: str) -> list[str]:
    """Send ``line``, then TIME; the raw lines received up to the TIME answer."""
    mark = client.inbox.mark()
    client.send(line, "TIME")
    await client.inbox.until("391")
    return [received.raw for received in client.inbox.since(mark)]


def assert_sound(client: RawClient, lines: list[str], caplog: pytest.LogCaptureFixture) -> None:
    for raw in lines:
        parse_message(raw)  # the wire's own parser (irctokens read them already)
    assert not [raw for raw in lines if raw.startswith("ERROR")], lines
    assert not client.inbox.closed
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, [r.getMessage() for r in errors]


@pytest.mark.parametrize("command", COMMANDS)
async def test_an_empty_spaced_or_colon_parameter_is_answered_without_a_crash(
    world: All, command: str, caplog: pytest.LogCaptureFixture
) -> None:
    await world.site.person("Alice")
    alice = await raw_client(world.irc_port, "Alice")
    try:
        alice.send("JOIN #lobby")
        await alice.expect("366")
        for hostile in HOSTILE:
            for params in ((hostile,), ("#lobby", hostile), ("#lobby", "+o", hostile)):
                assert_sound(
                    alice, await answer_to(alice, render(command, *params)[:-2].decode()), caplog
                )
    finally:
        await alice.close()


async def test_an_erroneous_nick_with_a_space_is_refused_with_a_star(world: All) -> None:
    await world.site.person("Alice")
    alice = await raw_client(world.irc_port, "Alice")
    guest = await RawClient.connect(world.irc_port, "guest")
    try:
        guest.send("NICK :a b", "USER guest 0 * :guest")
        await guest.expect("432", "*", "*")
        alice.send("NICK :a b")
        await alice.expect("432", "Alice", "*")
        alice.send("KICK #nowhere :a b")
        await alice.expect("403", "Alice", "#nowhere")  # ERR_NOSUCHCHANNEL
    finally:
        await guest.close()
        await alice.close()


_token = st.text(
    st.characters(blacklist_characters="\r\n\0 ", blacklist_categories=("Cs",)), min_size=1
).filter(lambda text: not text.startswith(":"))
_last = st.one_of(
    st.sampled_from([*HOSTILE, "#lobby", "Alice", "+o", "0"]),
    st.text(st.characters(blacklist_characters="\r\n\0", blacklist_categories=("Cs",))),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    command=st.sampled_from(COMMANDS),
    middle=st.lists(st.one_of(st.sampled_from(["#lobby", "Alice", "+o", "*"]), _token), max_size=3),
    last=st.one_of(st.none(), _last),
)
async def test_any_parameters_to_any_query_leave_the_connection_sound(
    world: All,
    clients: Clients,
    caplog: pytest.LogCaptureFixture,
    command: str,
    middle: list[str],
    last: str | None,
) -> None:
    # One connection for every example: the gateway limits how fast one address connects.
    if not clients.opened:
        await world.site.person("Alice")
        clients.keep(await raw_client(world.irc_port, "Alice"))
    alice = clients.opened[0]
    assert isinstance(alice, RawClient)
    params = (*middle, last) if last is not None else tuple(middle)
    assert_sound(alice, await answer_to(alice, render(command, *params)[:-2].decode()), caplog)
