"""The replay over a real socket: a second tab gets what reached its person, and a room
whose owner shows newcomers its last lines gives them to whoever joins, telling everyone."""

from __future__ import annotations

from .harness import Site


async def test_a_second_tab_gets_the_room_and_conversations_replay(site: Site) -> None:
    alice = await site.browser("Ava")
    bob = await site.browser("Ben")
    await alice.call("join", room="den", create=True)
    await bob.call("join", room="den")
    said = await bob.call("say", room="den", text="hi Ava")
    await alice.call("direct", to="Ben", text="psst")  # they share a room: a request
    await bob.call("accept", **{"from": "Ava"})
    tab = await site.browser("Ava")
    conversations = await tab.expect("replay", room=None)
    assert [line["text"] for line in conversations["lines"]] == ["psst"]
    assert conversations["lines"][0]["type"] == "direct"
    await tab.call("join", room="den")
    room = next(m for m in tab.received if m["type"] == "replay" and m["room"] == "den")
    [line] = room["lines"]
    assert (line["type"], line["id"], line["from"], line["text"]) == (
        "message",
        said["id"],
        "Ben",
        "hi Ava",
    )
    assert line["at"].endswith("Z")


async def test_newcomers_get_the_last_lines_once_the_owner_says_so(site: Site) -> None:
    owner = await site.browser("Opal")
    await owner.call("join", room="porch", create=True)
    for text in ("one", "two", "three"):
        await owner.call("say", room="porch", text=text)
    early = await site.browser("Eli")
    await early.call("join", room="porch")
    assert next(m for m in early.received if m["type"] == "replay")["lines"] == []

    refused = await early.call(
        "room_setting", room="porch", setting="newcomer_lines", enabled=True, value=2
    )
    assert refused["type"] == "error"
    done = await owner.call(
        "room_setting", room="porch", setting="newcomer_lines", enabled=True, value=2
    )
    assert done["type"] == "ok"
    told = await early.expect("room_setting", setting="newcomer_lines")
    assert (told["enabled"], told["value"]) == (True, "2")

    late = await site.browser("Lia")
    joined = await late.call("join", room="porch")
    assert joined["room"]["newcomer_lines"] == 2
    replay = next(m for m in late.received if m["type"] == "replay" and m["room"] == "porch")
    assert [line["text"] for line in replay["lines"]] == ["two", "three"]
