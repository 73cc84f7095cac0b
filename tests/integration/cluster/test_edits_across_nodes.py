"""Editing and deleting across real nodes over Redis: a line said on node a is edited by its
sender there and the edit reaches node b; a line said on node b is removed by the room's owner
on node a, from what node a delivered, and node b's people see it go. Each step waits for
something visible, never for a time."""

from __future__ import annotations

import pytest

from ..irc.clients import raw_client
from .harness import Cluster, browser, port, register, until_named

pytestmark = [pytest.mark.slow, pytest.mark.timeout(60)]


async def test_a_line_said_on_one_node_is_edited_and_removed_from_another(
    nodes: Cluster,
) -> None:
    a, b = nodes.start("a", "b")
    register(a, "Willow", "Ivy")
    web = await browser(a, "Willow")
    assert (await web.call("join", room="den", create=True))["type"] == "ok"  # she owns it
    irc = await raw_client(port(b, "irc"), "Ivy", caps=("message-tags", "draft/message-redaction"))
    try:
        await until_named(irc, "#den", "Willow")
        irc.send("JOIN #den")
        await web.expect("joined", room="den", name="Ivy")

        said = await web.call("say", room="den", text="helo from a")
        await irc.expect("PRIVMSG", "#den", "helo from a", sender="Willow")
        assert (await web.call("edit", id=said["id"], text="hello from a"))["type"] == "ok"
        await irc.expect("NOTICE", "#den", "* Willow edited: hello from a", sender="Willow")

        irc.send("PRIVMSG #den :something unkind from b")
        heard = await web.expect("message", room="den", text="something unkind from b")
        assert (await web.call("delete", id=heard["id"]))["type"] == "ok"
        removed = await irc.expect("REDACT", "#den", heard["id"], "removed by a moderator")
        assert removed.source is not None
        assert "!" not in removed.source  # from the server: no moderator is named
        # Willow's own copy came before her ok.
        gone = [m for m in web.received if m["type"] == "message_deleted"]
        assert [(m["id"], m["by_moderator"]) for m in gone] == [(heard["id"], True)]
    finally:
        await irc.close()
