"""Edits and deletions reach every gateway on loopback: a telnet user edits and deletes their
last line, an IRC user redacts theirs, and a browser user, an IRC client with
draft/message-redaction and one without each see it their own way."""

from __future__ import annotations

from ..irc.clients import raw_client
from .harness import All

REDACTING = ("message-tags", "echo-message", "draft/message-redaction")


async def test_edits_and_deletions_reach_telnet_irc_and_the_browser(world_of_three: All) -> None:
    everything = world_of_three
    await everything.site.person("Ivy")
    await everything.site.person("Rex")
    ivy = await raw_client(everything.irc_port, "Ivy", caps=REDACTING)
    rex = await raw_client(everything.irc_port, "Rex")
    web = await everything.site.browser("Willow")
    tess = await everything.telnet("Tess")
    try:
        await web.call("join", room="lobby")
        for irc in (ivy, rex):
            irc.send("JOIN #lobby")
            await irc.expect("JOIN", "#lobby")
        await tess.expect("Rex has arrived.")

        # Telnet: edit last, then delete last.
        tess.send('"helo from a MUCK')
        await tess.expect('You say, "helo from a MUCK"')
        said = await web.expect("message", **{"from": "Tess"})
        tess.send("edit last hello from a MUCK")
        await tess.expect("You edited your line: hello from a MUCK")
        for irc in (ivy, rex):
            await irc.expect("NOTICE", "#lobby", "* Tess edited: hello from a MUCK", sender="Tess")
        edited = await web.expect("message_edited", id=said["id"])
        assert (edited["text"], edited["from"], edited["room"]) == (
            "hello from a MUCK",
            "Tess",
            "lobby",
        )
        assert edited["seal"] != said["seal"]
        tess.send("delete last")
        await tess.expect("You deleted your line.")
        await web.expect("message_deleted", id=said["id"], by_moderator=False)
        await ivy.expect("REDACT", "#lobby", said["id"], sender="Tess")
        await rex.expect("NOTICE", "#lobby", "* Tess deleted a message.", sender="Tess")
        tess.send("delete last")
        await tess.expect("You have said nothing here lately that you can still change.")

        # IRC: a REDACT of one's own line, by the msgid its echo carried.
        ivy.send("PRIVMSG #lobby :oops, wrong window")
        echo = await ivy.expect("PRIVMSG", "#lobby", "oops, wrong window")
        msgid = echo.tags["msgid"]
        await tess.expect('Ivy says, "oops, wrong window"')
        rex.send(f"REDACT #lobby {msgid}")  # not his line
        await rex.expect("FAIL", "REDACT", "REDACT_FORBIDDEN", "#lobby", msgid)
        ivy.send(f"REDACT #lobby {msgid} :wrong window")
        await ivy.expect("REDACT", "#lobby", msgid, sender="Ivy")
        await tess.expect("Ivy deleted a line.")
        await rex.expect("NOTICE", "#lobby", "* Ivy deleted a message.", sender="Ivy")
        await web.expect("message_deleted", id=msgid)
        ivy.send(f"REDACT #lobby {msgid}")  # gone already
        await ivy.expect("FAIL", "REDACT", "UNKNOWN_MSGID", "#lobby", msgid)
    finally:
        await ivy.close()
        await rex.close()
        await tess.close()


async def test_a_browser_edits_and_deletes_its_own_line_and_no_one_elses(
    world_of_three: All,
) -> None:
    everything = world_of_three
    web = await everything.site.browser("Willow")
    tess = await everything.telnet("Tess")
    try:
        await web.call("join", room="lobby")
        await tess.expect("Willow has arrived.")
        said = await web.call("say", room="lobby", text="hi al")
        await tess.expect('Willow says, "hi al"')
        assert (await web.call("edit", id=said["id"], text="hi all"))["id"] == said["id"]
        await tess.expect("Willow edited a line: hi all")
        # The browser's own copy came before its ok, as to every tab of it.
        mine = [m for m in web.received if m["type"] == "message_edited"]
        assert [(m["id"], m["text"]) for m in mine] == [(said["id"], "hi all")]
        tess.send('"my own line')
        theirs = await web.expect("message", **{"from": "Tess"})
        refused = await web.call("delete", id=theirs["id"])
        assert (refused["type"], refused["code"]) == ("error", "consent_refused")
        refused = await web.call("edit", id=theirs["id"], text="mine now")
        assert (refused["type"], refused["code"]) == ("error", "not_found")
        await web.call("delete", id=said["id"])
        await tess.expect("Willow deleted a line.")
    finally:
        await tess.close()
