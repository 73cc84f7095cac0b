"""Every text someone writes for others passes the screens speech passes, through every
gateway that offers it: telnet mail, room topics, status and away messages, short
descriptions, scene invitation notes and what builders name and describe. An automod rule that
blocks a word refuses the change with the rule's words, and nothing changes; a mute covers a
topic in its room."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest_asyncio

from boudoir.core.automod import OPERATOR
from boudoir.core.moderation import Actor
from boudoir.core.registry import Presence
from boudoir.domain.automod import Action, PatternKind
from boudoir.domain.entities import DirectMessagePolicy, Status

from ..irc.clients import RawClient, raw_client
from ..telnet.harness import All, TelnetPerson, serve_all
from ..web_socket.harness import Browser

REFUSED = "Durian is not allowed here."


@dataclass
class People:
    everything: All
    ivy: RawClient
    willow: Browser
    tess: TelnetPerson
    bob: Browser

    @property
    def world(self):  # type: ignore[no-untyped-def]
        return self.everything.site.world

    def topic(self, room: str) -> str:
        live = next(r for r in self.world.registry.rooms.values() if r.room.name == room)
        return str(live.room.topic)

    def presence(self, name: str) -> Presence:
        [conn] = [c for c in self.world.registry.connections.values() if c.character.name == name]
        return self.world.registry.presence.get(conn.character.id, Presence())

    async def description(self, name: str) -> str:
        character = await self.world.store.characters.find_by_name(name)
        return str(character.short_description)


@pytest_asyncio.fixture
async def people() -> AsyncIterator[People]:
    """Ivy on IRC, Willow and Bob in browsers and Tess on telnet, in the lobby, on a server
    whose automod blocks "durian" everywhere."""
    async with serve_all() as everything:
        site = everything.site
        await site.world.automod.add_rule(
            OPERATOR,
            name="no durian",
            kind=PatternKind.WORDS,
            pattern="durian",
            action=Action.BLOCK,
            message=REFUSED,
        )
        await site.person("Ivy")
        await site.person("Bob", dm_policy=DirectMessagePolicy.ANYONE)
        ivy = await raw_client(everything.irc_port, "Ivy", caps=["standard-replies"])
        willow = await site.browser("Willow")
        bob = await site.browser("Bob")
        tess = await everything.telnet("Tess")
        try:
            await willow.call("join", room="lobby")
            await bob.call("join", room="lobby")
            ivy.send("JOIN #lobby")
            await ivy.expect("JOIN", "#lobby")
            yield People(everything, ivy, willow, tess, bob)
        finally:
            await ivy.close()
            await tess.close()


def refused(reply: dict[str, object]) -> bool:
    return (reply["type"], reply["code"], reply["message"]) == (
        "error",
        "blocked_by_automod",
        REFUSED,
    )


async def test_telnet_mail_subject_and_body_are_screened(people: People) -> None:
    # Bob takes Tess's letters: a stranger's letter would wait with a message request instead.
    bob = await people.world.store.characters.find_by_name("Bob")
    assert bob is not None
    await people.world.relations.befriend(bob.account_id, "Tess")
    await people.tess.command("mail Bob=Fruit/a ripe durian for you", REFUSED)
    await people.tess.command("mail Bob=durian/a ripe fruit for you", REFUSED)
    await people.tess.command("mail Bob=Fruit/a ripe mango for you", "Mail sent to Bob.")
    [letter] = await people.world.store.mail.inbox(bob.id)
    assert letter.body == "a ripe mango for you"


async def test_topics_are_screened_from_the_browser_and_irc_and_a_mute_covers_them(
    people: People,
) -> None:
    # Each sets the topic of a room of their own.
    await people.willow.call("join", room="den", create=True)
    assert refused(await people.willow.call("topic", room="den", topic="durian night"))
    assert people.topic("den") == ""
    people.ivy.send("JOIN #nook")
    await people.ivy.expect("JOIN", "#nook")
    people.ivy.send("TOPIC #nook :durian night")
    failed = await people.ivy.expect("404", "Ivy", "#nook")
    assert failed.params[-1] == REFUSED
    assert people.topic("nook") == ""

    await people.world.moderation.act(Actor.operator(), "mute", "Ivy", "nook")
    people.ivy.send("TOPIC #nook :a quiet night")
    await people.ivy.expect("404", "Ivy", "#nook", "Cannot send to channel (muted)")
    assert people.topic("nook") == ""
    assert (await people.willow.call("topic", room="den", topic="mango night"))["type"] == "ok"
    assert people.topic("den") == "mango night"


async def test_status_and_away_messages_are_screened_on_every_gateway(people: People) -> None:
    reply = await people.willow.call("status", status="away", message="eating durian")
    assert refused(reply)
    assert people.presence("Willow").status is Status.ONLINE

    people.ivy.send("AWAY :eating durian")
    failed = await people.ivy.expect("FAIL", "AWAY", "BLOCKED_BY_AUTOMOD")
    assert failed.params[-1] == REFUSED
    assert people.presence("Ivy").status is Status.ONLINE

    await people.tess.command("away eating durian", REFUSED)
    assert people.presence("Tess").status is Status.ONLINE
    await people.tess.command("@doing eating durian", REFUSED)
    await people.tess.command("@doing eating mango", "@doing set: eating mango")


async def test_short_descriptions_are_screened_on_every_gateway(people: People) -> None:
    assert refused(await people.willow.call("describe", text="smells of durian"))
    assert await people.description("Willow") == ""

    people.ivy.send("SETNAME :smells of durian")
    await people.ivy.expect("FAIL", "SETNAME", "BLOCKED_BY_AUTOMOD")
    people.ivy.send("PRIVMSG NickServ :SET DESCRIPTION smells of durian")
    await people.ivy.expect("NOTICE", "Ivy", REFUSED, sender="NickServ")
    people.ivy.send("PRIVMSG NickServ :SET PRONOUNS durian/durians")
    await people.ivy.expect("NOTICE", "Ivy", REFUSED, sender="NickServ")
    assert await people.description("Ivy") == ""

    await people.tess.command("@desc me=smells of durian", REFUSED)
    await people.tess.command("@set me=short:smells of durian", REFUSED)
    await people.tess.command("@set me=long:a tall person%rwho smells of durian", REFUSED)
    assert await people.description("Tess") == ""
    tess = await people.world.store.characters.find_by_name("Tess")
    assert tess.long_description == ""


async def test_scene_invitation_notes_are_screened_on_every_gateway(people: People) -> None:
    reply = await people.willow.call(
        "scene_invite", to="Bob", rating="general", note="bring a durian"
    )
    assert refused(reply)
    people.ivy.send("SCENE INVITE Bob general - bring a durian")
    await people.ivy.expect("FAIL", "SCENE", "BLOCKED_BY_AUTOMOD")
    await people.tess.command("scene invite Bob=general / bring a durian", REFUSED)
    await people.tess.command("scene invite Bob=general picnic,durian", REFUSED)
    await people.tess.command("scene invite Bob=general / bring a mango", "You invited Bob")
    invitation = await people.bob.expect("scene_invitation")
    assert invitation["note"] == "bring a mango"


async def test_what_builders_name_and_describe_is_screened(people: People) -> None:
    await people.world.building.set_builder("Tess", True)
    await people.tess.command("@dig durian", REFUSED)
    await people.tess.command("@dig Orchard", "Dug Orchard.")
    await people.tess.command("@create durian", REFUSED)
    await people.tess.command("@create mango", "You made mango")
    await people.tess.command("@name mango=durian", REFUSED)
    await people.tess.command("@desc mango=a ripe durian", REFUSED)
    await people.tess.command("jump Orchard", "Orchard (")
    await people.tess.command("@desc here=durian trees all around", REFUSED)
    await people.tess.command("@open Durian", REFUSED)
    await people.tess.command("@open North;durian", REFUSED)
    await people.tess.command("@dig Cellar=Down;d,Up;durian", REFUSED)
    await people.tess.command("@open North;n", "Opened North")
    await people.tess.command("@name North=Durian", REFUSED)
    assert await people.world.store.rooms.find_by_name("Cellar") is None
