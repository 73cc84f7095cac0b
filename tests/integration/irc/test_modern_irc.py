"""Details of Modern IRC (modern.ircdocs.horse) that clients and test suites rely on: USER's
parameters, HELP's subject, 421 for any unknown command."""

from __future__ import annotations

from ..telnet.harness import All
from .clients import RawClient, raw_client


async def test_user_with_an_empty_realname_is_refused_with_461(world: All) -> None:
    client = await RawClient.connect(world.irc_port, "guest")
    try:
        client.send("NICK Guesty", "USER guesty * * :")
        refusal = await client.expect("461")
        assert refusal.params[1:2] == ("USER",)
        client.send("USER guesty * * :Guesty")  # a realname: registration goes on
        await client.expect("001", "Guesty")
        assert not client.inbox.seen("001", "Guesty")[1:]
    finally:
        await client.close()


async def test_help_names_the_subject_asked_about_in_every_line(world: All) -> None:
    await world.site.person("Alice")
    alice = await raw_client(world.irc_port, "Alice")
    try:
        for asked, subject in (("HELP", "*"), ("HELP PRIVMSG", "PRIVMSG"), ("HELP join", "join")):
            alice.send(asked)
            lines = [
                line
                for line in await alice.inbox.until("706")
                if line.command in ("704", "705", "706")
            ]
            assert [line.command for line in (lines[0], lines[-1])] == ["704", "706"]
            assert {line.command for line in lines[1:-1]} == {"705"}
            assert {line.params[1] for line in lines} == {subject}, asked
        alice.send("HELP NOSUCHTHING")
        refusal = await alice.expect("524")
        assert refusal.params[1] == "NOSUCHTHING"
    finally:
        await alice.close()


async def test_an_unknown_command_with_digits_or_underscores_gets_a_labeled_421(
    world: All,
) -> None:
    await world.site.person("Alice")
    alice = await raw_client(world.irc_port, "Alice", caps=("labeled-response", "batch"))
    try:
        alice.send("@label=u1 NONEXISTENT_COMMAND", "@label=u2 FOO2 x", "@label=m PR!VMSG x")
        unknown = [await alice.expect("421"), await alice.expect("421")]
        assert [(line.tags.get("label"), line.params[1]) for line in unknown] == [
            ("u1", "NONEXISTENT_COMMAND"),
            ("u2", "FOO2"),
        ]
        malformed = await alice.expect("400")  # a word no command could be: an error of its own
        assert malformed.params[-1] == "Malformed message"
    finally:
        await alice.close()


async def test_nick_to_a_case_variant_of_ones_own_name_is_refused_saying_why(world: All) -> None:
    await world.site.person("Alice")
    alice = await raw_client(world.irc_port, "Alice")
    try:
        await alice.settled()
        alice.send("NICK alice")
        refusal = await alice.expect("432")
        assert refusal.params[1] == "alice"
        assert (
            refusal.params[-1] == "Your character is named Alice: a name's case cannot be changed"
        )
        alice.send("NICK Alice")  # the nick it has: nothing to say
        after = await alice.settled()
        assert [line.command for line in after] == ["391"]
        assert not alice.inbox.seen("NICK")
    finally:
        await alice.close()
