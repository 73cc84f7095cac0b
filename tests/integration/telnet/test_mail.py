"""Offline mail over telnet: written to someone offline, read after they log in."""

from __future__ import annotations

from boudoir.domain.entities import DirectMessagePolicy
from boudoir.gateways.telnet.errors import NEUTRAL_REFUSAL

from ..irc.clients import raw_client
from .harness import All


async def befriend(everything: All, name: str, friend: str) -> None:
    world = everything.site.world
    await world.relations.befriend((await world.accounts.find(name)).id, friend)


async def test_mail_to_an_offline_person_is_read_after_they_log_in(world_of_three: All) -> None:
    everything = world_of_three
    await everything.site.person("Owen")
    tess = await everything.telnet("Tess")
    await befriend(everything, "Owen", "Tess")
    try:
        await tess.command("mail Owen=Tonight/Are you free at eight?%rBring the map.", "Mail sent")
    finally:
        await tess.close()
    owen = await everything.telnet("Owen")
    try:
        await owen.expect('You have 1 unread letter. Type "mail" to read.')
        inbox = await owen.command("mail", '"mail <n>" reads one.')
        assert "1 letter, 1 unread" in inbox
        assert "Tess" in inbox
        assert "Tonight" in inbox
        letter = await owen.command("mail 1", "Bring the map.")
        assert "Subject: Tonight" in letter
        assert "Are you free at eight?\nBring the map." in letter
        await owen.command("mail", "1 letter, 0 unread")
        await owen.command("mail/delete 1", 'Letter 1 from Tess ("Tonight") deleted.')
        await owen.command("mail", "Your mailbox is empty.")
        await owen.command("mail 1", "There is no letter with that number")
    finally:
        await owen.close()


async def test_mail_reaches_someone_online_at_once(world_of_three: All) -> None:
    everything = world_of_three
    tess = await everything.telnet("Tess")
    ned = await everything.telnet("Ned")
    await befriend(everything, "Ned", "Tess")
    try:
        await tess.command("mail Ned=Hello/Just saying hi.", "Mail sent to Ned.")
        await ned.expect('You have new mail from Tess: "Hello".')
    finally:
        await tess.close()
        await ned.close()


async def test_mail_refusals_read_the_same_for_a_block_and_a_policy(world_of_three: All) -> None:
    everything = world_of_three
    await everything.site.person("Nora", dm_policy=DirectMessagePolicy.NOBODY)
    await everything.site.person("Bea")
    tess = await everything.telnet("Tess")
    try:
        world = everything.site.world
        await world.relations.block_account((await world.accounts.find("Bea")).id, "Tess")
        await tess.command("mail Nora=Hi/hello", NEUTRAL_REFUSAL)
        await tess.command("mail Bea=Hi/hello", NEUTRAL_REFUSAL)
        await tess.command("mail Nobody=Hi/hello", NEUTRAL_REFUSAL)
        assert "Mail sent" not in tess.seen
    finally:
        await tess.close()


async def test_a_strangers_letter_waits_with_their_request_until_accepted(
    world_of_three: All,
) -> None:
    everything = world_of_three
    # The default policy (people I share a room with) admits nobody offline: Owen opens up.
    await everything.site.person("Owen", dm_policy=DirectMessagePolicy.ANYONE)
    tess = await everything.telnet("Tess")
    try:
        # Tess is told what she is told for any letter.
        await tess.command("mail Owen=Tonight/Are you free at eight?", "Mail sent to Owen.")
    finally:
        await tess.close()
    owen = await everything.telnet("Owen")
    try:
        greeting = await owen.expect("Pages waiting for your yes: Tess.")
        assert "unread letter" not in greeting
        await owen.command("mail", "Your mailbox is empty.")
        await owen.command("requests", 'From Tess: a letter, "Tonight"')
        await owen.command("accept Tess", 'You have new mail from Tess: "Tonight".')
        await owen.expect("You accepted Tess; they may page you now.")
        await owen.command("mail 1", "Are you free at eight?")
        await owen.command("requests", "No pages are waiting for your yes.")
    finally:
        await owen.close()


async def test_a_declined_strangers_letters_never_reach_the_mailbox(world_of_three: All) -> None:
    everything = world_of_three
    tess = await everything.telnet("Tess")
    ned = await everything.telnet("Ned")
    try:
        await tess.command("mail Ned=Hello/Just saying hi.", "Mail sent to Ned.")
        await ned.expect('Tess would like to write to you: a letter, "Hello".')
        await tess.command("page Ned=did you get my letter?", "You paged Ned")
        await tess.command("mail Ned=Again/Another one.", "Mail sent to Ned.")
        await ned.command("requests", 'From Tess: a letter, "Hello" (and 1 more page, 1 more')
        await ned.command("mail", "Your mailbox is empty.")
        await ned.command("decline Tess", "You declined Tess's page.")
        await tess.command("mail Ned=Still there?/Hello?", "Mail sent to Ned.")
        await ned.command("mail", "Your mailbox is empty.")
        await ned.command("requests", "No pages are waiting for your yes.")
        assert "new mail" not in ned.seen
    finally:
        await tess.close()
        await ned.close()


async def received_subjects(everything: All, name: str) -> list[str]:
    world = everything.site.world
    account = await world.accounts.find(name)
    return [letter.subject for letter in await world.store.mail.received_by(account.id)]


async def test_a_strangers_letter_is_a_request_on_irc_and_in_the_browser(
    world_of_three: All,
) -> None:
    everything = world_of_three
    await everything.site.person("Ivy", dm_policy=DirectMessagePolicy.ANYONE)
    await everything.site.person("Willow", dm_policy=DirectMessagePolicy.ANYONE)
    irc = await raw_client(everything.irc_port, "Ivy")
    web = await everything.site.browser("Willow")
    tess = await everything.telnet("Tess")
    try:
        await tess.command("mail Ivy=Hello/From the MUCK.", "Mail sent to Ivy.")
        await tess.command("mail Willow=Hello/From the MUCK.", "Mail sent to Willow.")

        text = "Tess would like to message you; they wrote you a letter: Hello"
        await irc.expect("NOTICE", "Ivy", text, sender="NickServ")
        irc.send("PRIVMSG NickServ :REQUESTS")
        await irc.expect("NOTICE", "Ivy", "<Tess> (a letter: Hello)", sender="NickServ")
        assert await received_subjects(everything, "Ivy") == []
        irc.send("PRIVMSG NickServ :ACCEPT Tess")
        await irc.expect("NOTICE", "Ivy", "Accepted: Tess may message you.", sender="NickServ")
        assert await received_subjects(everything, "Ivy") == ["Hello"]

        request = await web.expect("request", **{"from": "Tess"})
        assert (request["letter"], request["text"]) == ({"subject": "Hello"}, "")
        [listed] = (await web.call("requests"))["requests"]
        assert (listed["letter"], listed["letters"], listed["waiting"]) == (
            {"subject": "Hello"},
            1,
            0,
        )
        assert await received_subjects(everything, "Willow") == []
        await web.call("decline", **{"from": "Tess"})
        await tess.command("mail Willow=Again/Hello?", "Mail sent to Willow.")
        assert await received_subjects(everything, "Willow") == []
    finally:
        await irc.close()
        await tess.close()
