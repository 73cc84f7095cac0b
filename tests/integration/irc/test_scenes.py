"""Scenes from IRC: refused invitations keep the connection and read alike, and a safeword
is confirmed where the client shows it."""

from __future__ import annotations

from boudoir.domain.entities import DirectMessagePolicy

from ..telnet.harness import All
from .clients import raw_client


async def test_every_refused_scene_invitation_is_answered_alike_and_keeps_the_connection(
    world: All,
) -> None:
    site = world.site
    await site.person("Ines")
    await site.person("Bram", dm_policy=DirectMessagePolicy.ANYONE)
    await site.person("Nell", dm_policy=DirectMessagePolicy.NOBODY)
    await site.person("Otto", dm_policy=DirectMessagePolicy.ANYONE)  # never online
    ines = await raw_client(world.irc_port, "Ines")
    bram = await raw_client(world.irc_port, "Bram")
    nell = await raw_client(world.irc_port, "Nell")
    try:
        bram.send("PRIVMSG NickServ :BLOCK Ines")
        await bram.expect("NOTICE", "Bram", sender="NickServ")
        answers = []
        for name in ("Nosuchname", "Otto", "Nell", "Bram"):
            ines.send(f"SCENE INVITE {name} general - hi")
            refused = await ines.expect("401", "Ines", name)
            notice = await ines.expect("NOTICE", "Ines", sender="SceneServ")
            answers.append((refused.params[-1], notice.params[1]))
        assert all(answer == answers[0] for answer in answers), answers
        assert answers[0][0] == "They are not accepting that from you right now."
        assert "block" not in str(answers).lower()
        # Still connected and answering.
        ines.send("SCENE LIST")
        await ines.expect("NOTICE", "Ines", "Your scenes: none", sender="SceneServ")
        assert not ines.inbox.closed
        assert not bram.inbox.seen("NOTICE", "Bram", sender="SceneServ")
    finally:
        await ines.close()
        await bram.close()
        await nell.close()


async def test_a_safeword_said_on_irc_is_confirmed_to_its_caller_after_the_part(
    world: All,
) -> None:
    site = world.site
    await site.person("Sage", dm_policy=DirectMessagePolicy.ANYONE)
    await site.person("Rowan", dm_policy=DirectMessagePolicy.ANYONE)
    sage = await raw_client(world.irc_port, "Sage")
    rowan = await raw_client(world.irc_port, "Rowan")
    try:
        rowan.send("SCENE INVITE Sage general - tea?")
        sent = await rowan.expect("NOTICE", "Rowan", sender="SceneServ")
        code = sent.params[1].split()[1]  # "Invitation <code> sent to Sage."
        sage.send(f"SCENE ACCEPT {code}")
        scene = (await sage.expect("JOIN")).params[0]
        await rowan.expect("JOIN", scene)

        sage.send("SAFEWORD")

        await sage.expect("PART", scene, sender="Sage")
        confirmed = await sage.expect("NOTICE", "Sage", sender="SceneServ")
        assert "You called the safeword" in confirmed.params[1]
        assert scene in confirmed.params[1]
        await rowan.expect("PART", scene, sender="Rowan")
        await rowan.settled()
        assert not any("You called" in line.raw for line in rowan.inbox.lines)
    finally:
        await sage.close()
        await rowan.close()
