"""Details of Modern IRC (modern.ircdocs.horse) that clients and test suites rely on: USER's
parameters, HELP's subject, 421 for any unknown command."""

from __future__ import annotations

from ..telnet.harness import All
from .clients import RawClient, Received, raw_client


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


async def replies(client: RawClient) -> list[Received]:
    """What reached ``client`` since its last read, up to the answer to a TIME sent now."""
    return [line for line in await client.settled() if line.command != "391"]


async def test_nick_to_a_case_variant_of_ones_own_name_changes_it_for_everyone(
    world: All,
) -> None:
    # irctest's testCaseChanges (server_tests/regressions.py), line by line.
    await world.site.person("alice")
    await world.site.person("bob")
    alice = await raw_client(world.irc_port, "alice")
    bob = await raw_client(world.irc_port, "bob")
    try:
        alice.send("JOIN #test")
        await alice.expect("366")
        bob.send("JOIN #test")
        await bob.expect("366")
        await alice.expect("JOIN", "#test", sender="bob")
        await replies(alice)
        await replies(bob)

        # 'alice' is claimed, so 'Alice' is hers, and bob cannot take it.
        bob.send("NICK Alice")
        assert [line.command for line in await replies(bob)] == ["433"]

        # alice may change its case: one NICK line to her and one to bob.
        alice.send("NICK Alice")
        ours, theirs = await replies(alice), await replies(bob)
        assert [(line.nick, line.command, line.params) for line in ours] == [
            ("alice", "NICK", ("Alice",))
        ]
        assert [(line.nick, line.command, line.params) for line in theirs] == [
            ("alice", "NICK", ("Alice",))
        ]

        # A no-op NICK: nothing to anyone.
        alice.send("NICK Alice")
        assert await replies(alice) == []
        assert await replies(bob) == []

        # The new case is the name everywhere: in NAMES, and as messages' source.
        bob.send("NAMES #test")
        names = await bob.expect("353")
        assert "@Alice" in names.params[-1].split()  # she opened the channel
        alice.send("PRIVMSG #test :hi")
        assert (await bob.expect("PRIVMSG", "#test")).nick == "Alice"
    finally:
        await alice.close()
        await bob.close()


async def test_a_case_change_is_told_once_to_someone_sharing_several_channels(
    world: All,
) -> None:
    await world.site.person("Alice")
    await world.site.person("bob")
    alice = await raw_client(world.irc_port, "Alice")
    bob = await raw_client(world.irc_port, "bob")
    try:
        for room in ("#tea", "#cake"):
            for client in (alice, bob):
                client.send(f"JOIN {room}")
                await client.expect("366", client.name, room)
        await replies(alice)
        await replies(bob)
        alice.send("NICK ALICE")
        assert [line.command for line in await replies(alice)] == ["NICK"]
        assert [(line.nick, line.command, line.params) for line in await replies(bob)] == [
            ("Alice", "NICK", ("ALICE",))
        ]
        alice.send("NICK alicia")  # another name: a character of hers it is not
        assert [line.command for line in await replies(alice)] == ["432"]
        alice.send("NICK BOB")  # someone else's name, in any case, is theirs
        assert [line.command for line in await replies(alice)] == ["433"]
    finally:
        await alice.close()
        await bob.close()


async def test_info_answers_with_lines_about_the_server_then_374(world: All) -> None:
    await world.site.person("Alice")
    alice = await raw_client(world.irc_port, "Alice")
    try:
        alice.send("INFO")
        lines = await alice.inbox.until("374", "Alice")
        infos = [line for line in lines if line.command == "371"]
        assert infos, "INFO says something about the server"
        assert all(line.params[0] == "Alice" for line in infos)
        assert any("Boudoir" in line.params[-1] for line in infos)
        assert not alice.inbox.seen("421")
    finally:
        await alice.close()
