"""A scene with a browser member and an IRC member: the safeword, its blocks, and outsiders."""

from __future__ import annotations

from boudoir.domain.entities import DirectMessagePolicy, Role

from ..irc.clients import RawClient, Received, raw_client
from ..web_socket.harness import Browser
from .conftest import Both

OPEN = {"dm_policy": DirectMessagePolicy.ANYONE}


async def start_scene(both: Both, web_name: str, irc_name: str) -> tuple[Browser, RawClient, str]:
    """``web_name`` in a browser invites ``irc_name`` on IRC, who accepts: the scene's name."""
    await both.site.person(irc_name, **OPEN)
    await both.site.person(web_name, **OPEN)
    irc = await raw_client(both.irc_port, irc_name)
    web = await both.site.browser(web_name)
    sent = await web.call("scene_invite", to=irc_name, rating="general", tags=["tea"], note="hi")
    assert sent["type"] == "ok", sent
    code = sent["invitation"]
    invited = await irc.expect("NOTICE", irc_name, sender="SceneServ")
    assert f"{web_name} invites you to a scene" in invited.params[1]
    irc.send(f"SCENE ACCEPT {code}")
    joined = await irc.expect("JOIN")
    name = joined.params[0]
    assert name.startswith("#scene-")
    started = await web.expect("scene_started")
    assert started["scene"] == name[1:]
    assert [m["name"] for m in started["members"]] == sorted([web_name, irc_name])
    return web, irc, name[1:]


async def notice_holding(client: RawClient, text: str) -> Received:
    """The next SceneServ notice to ``client`` holding ``text`` (cards take several lines)."""
    while True:
        notice = await client.expect("NOTICE", client.name, sender="SceneServ")
        if text in notice.params[1]:
            return notice


async def test_a_safeword_in_the_browser_ends_the_scene_for_the_irc_member_too(both: Both) -> None:
    web, irc, scene = await start_scene(both, "Willow", "Ivy")
    try:
        irc.send(f"PRIVMSG #{scene} :hello from IRC")
        heard = await web.expect("message", room=scene)
        assert heard["text"] == "hello from IRC"

        reply = await web.call("safeword", scene=scene)

        assert reply["type"] == "ok"
        assert reply["ended"] == [scene]
        ended = next(m for m in web.received if m["type"] == "scene_ended")
        assert ended["reason"] == "safeword"
        assert "Willow" not in ended["text"]
        part = await irc.expect("PART", f"#{scene}", sender="Ivy")
        assert "Willow" not in part.params[1]
        irc.send(f"PRIVMSG #{scene} :still there?")
        await irc.expect("404", "Ivy", f"#{scene}")
        refused = await web.call("say", room=scene, text="still there?")
        assert refused["type"] == "error"
    finally:
        await irc.close()
        await web.socket.close()


async def test_after_an_irc_safeword_with_blocks_the_browser_member_cannot_reinvite(
    both: Both,
) -> None:
    web, irc, scene = await start_scene(both, "Wren", "Iris")
    try:
        irc.send("SAFEWORD BLOCK ALL")

        ended = await web.expect("scene_ended", scene=scene)
        assert ended["reason"] == "safeword"
        await irc.expect("PART", f"#{scene}", sender="Iris")
        again = await web.call("scene_invite", to="Iris", rating="general")
        assert again["type"] == "error"
        assert again["code"] == "consent_refused"
        assert again["message"] == "They are not accepting that from you right now."
    finally:
        await irc.close()
        await web.socket.close()


async def test_a_moderator_can_neither_join_nor_read_a_scene(both: Both) -> None:
    web, irc, scene = await start_scene(both, "Wynn", "Ike")
    await both.site.person("Mona")
    moderator_account = await both.site.world.accounts.find("Mona")
    await both.site.world.accounts.set_role(moderator_account.id, Role.MODERATOR)
    moderator = await raw_client(both.irc_port, "Mona")
    moderator_web = await both.site.browser("Mona")
    try:
        moderator.send(f"JOIN #{scene}")
        await moderator.expect("476", "Mona", f"#{scene}")  # ERR_BADCHANMASK
        moderator.send(f"NAMES #{scene}")
        await moderator.expect("366", "Mona")
        assert not moderator.inbox.seen("353", "Mona", "@", f"#{scene}")
        refused = await moderator_web.call("join", room=scene)
        assert refused["type"] == "error"
        members = await moderator_web.call("members", room=scene)
        assert members["type"] == "error"

        irc.send(f"PRIVMSG #{scene} :only for us")
        await web.expect("message", room=scene, text="only for us")
        await moderator.settled()
        assert not any("only for us" in line.raw for line in moderator.inbox.since(0))
        assert not any(m.get("text") == "only for us" for m in moderator_web.received)
    finally:
        await moderator.close()
        await moderator_web.socket.close()
        await irc.close()
        await web.socket.close()


async def test_an_invitation_into_a_scene_that_ends_is_withdrawn_on_every_gateway(
    both: Both,
) -> None:
    web, irc, scene = await start_scene(both, "Willow", "Ivy")
    await both.site.person("Xena", **OPEN)
    await both.site.person("Zed", **OPEN)
    xena = await both.site.browser("Xena")
    zed = await raw_client(both.irc_port, "Zed")
    try:
        for invitee in ("Xena", "Zed"):
            proposed = await web.call("scene_invite", to=invitee, scene=scene)
            assert proposed["type"] == "ok", proposed
            irc.send(f"SCENE VOTE #{scene} {invitee} YES")
        invitation = await xena.expect("scene_invitation")
        assert invitation["scene"] == scene
        await notice_holding(zed, f"invites you to join the scene #{scene}")

        await web.call("safeword", scene=scene)

        withdrawn = await xena.expect("scene_invitation_withdrawn")
        assert withdrawn["invitation"] == invitation["invitation"]
        assert withdrawn["from"] == "Willow"
        notice = await notice_holding(zed, "is no longer open")
        assert notice.params[1].endswith(" from Willow is no longer open: that scene has ended.")
        listed = await xena.call("scene_invitations")
        assert listed["invitations"] == []
    finally:
        for client in (irc, zed):
            await client.close()
        for browser in (web, xena):
            await browser.socket.close()
