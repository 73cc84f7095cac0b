"""Two browsers in a room and between themselves, over a real socket."""

from __future__ import annotations

from boudoir.domain.entities import DirectMessagePolicy

from .harness import Site


async def test_two_people_see_each_others_say_pose_and_ooc(site: Site) -> None:
    alice = await site.browser("Alice")
    bob = await site.browser("Bob")
    joined = await alice.call("join", room="lobby", create=True)
    assert joined["type"] == "ok"
    assert joined["room"]["name"] == "lobby"
    assert joined["room"]["you"]["owner"] is True
    # A new room's defaults, as the room settings panel shows them.
    room = joined["room"]
    assert (room["moderated"], room["topic_locked"], room["key_set"]) == (False, True, False)
    await bob.call("join", room="lobby")
    await alice.expect("joined", room="lobby", name="Bob")
    for kind in ("say", "pose", "ooc"):
        reply = await alice.call("say", room="lobby", text=f"a {kind}", kind=kind)
        # Alice's own message came back to her, before the ok, as the event Bob gets.
        echo = next(m for m in alice.received if m["type"] == "message" and m["kind"] == kind)
        assert alice.received.index(echo) < alice.received.index(reply)
        assert echo["id"] == reply["id"]
        heard = await bob.expect("message", room="lobby", kind=kind)
        assert heard == echo
    reply = await bob.call("say", room="lobby", text="hello Alice")
    heard = await alice.expect("message", **{"from": "Bob", "text": "hello Alice"})
    assert heard["id"] == reply["id"]


async def test_a_strangers_direct_message_waits_as_a_request_until_accepted(site: Site) -> None:
    await site.person("Carol", dm_policy=DirectMessagePolicy.ANYONE)
    carol = await site.browser("Carol")
    dave = await site.browser("Dave")
    first = await dave.call("direct", to="Carol", text="hi, want to play?")
    second = await dave.call("direct", to="Carol", text="a scene by the sea")
    assert first["type"] == second["type"] == "ok"
    request = await carol.expect("request", **{"from": "Dave"})
    assert request["text"] == "hi, want to play?"
    listed = await carol.call("requests")
    assert [(r["from"], r["waiting"]) for r in listed["requests"]] == [("Dave", 1)]
    # The listed request is the one announced: a client can tell them apart by id.
    assert listed["requests"][0]["id"] == request["id"]
    accepted = await carol.call("accept", **{"from": "Dave"})
    assert accepted == {"type": "ok", "ref": accepted["ref"]}
    held = [m for m in carol.received if m["type"] == "direct"]
    assert [m["text"] for m in held] == ["a scene by the sea"]
    await dave.call("direct", to="Carol", text="thank you")
    await carol.expect("direct", text="thank you")


async def test_a_refusal_reads_the_same_for_a_policy_and_a_block(site: Site) -> None:
    await site.person("Erin", dm_policy=DirectMessagePolicy.NOBODY)
    erin = await site.browser("Erin")
    frank = await site.browser("Frank")
    grace = await site.browser("Grace")
    by_policy = await frank.call("direct", to="Erin", text="hello")
    await grace.call("join", room="garden", create=True)
    await frank.call("join", room="garden")
    await grace.expect("joined", name="Frank")
    # Blocks are made over the HTTP API; here straight through the core.
    graces = site.world.registry.find_character("Grace")
    assert graces is not None
    await site.world.relations.block(next(iter(graces)), "Frank")
    by_block = await frank.call("direct", to="Grace", text="hello")
    offline = await frank.call("direct", to="Nobody2", text="hello")
    for refusal in (by_policy, by_block, offline):
        assert refusal["type"] == "error"
        assert {k: v for k, v in refusal.items() if k != "ref"} == {
            "type": "error",
            "code": "consent_refused",
            "message": by_policy["message"],
        }
    await erin.call("ping")
    await grace.call("ping")
    for refuser in (erin, grace):
        assert not [m for m in refuser.received if m["type"] in ("direct", "request")]


async def test_typing_reaches_the_room_but_needs_no_reply(site: Site) -> None:
    alice = await site.browser("Alice")
    bob = await site.browser("Bob")
    await alice.call("join", room="lobby", create=True)
    await bob.call("join", room="lobby")
    await alice.send("typing", room="lobby", state="active")
    typing = await bob.expect("typing")
    assert {k: typing[k] for k in ("from", "room", "state")} == {
        "from": "Alice",
        "room": "lobby",
        "state": "active",
    }
    # The next reply Alice gets is her ping's: the typing signal was not answered.
    pong = await alice.call("ping")
    assert [m["type"] for m in alice.received[-1:]] == ["ok"]
    assert pong["ref"] == "3"


async def test_commands_sent_together_run_in_the_order_sent(site: Site) -> None:
    # A join needs the store and waits for the worker; the speech right behind it must not
    # overtake it on the fast path (it would find its speaker not in the room yet).
    alice = await site.browser("Alice")
    bob = await site.browser("Bob")
    await bob.call("join", room="garden", create=True)
    join = await alice.send("join", room="garden")
    say = await alice.send("say", room="garden", text="first words")
    ping = await alice.send("ping")
    replies = []
    while len(replies) < 3:
        message = await alice.expect_any("ok", "error")
        replies.append((message["ref"], message["type"]))
    assert replies == [(join, "ok"), (say, "ok"), (ping, "ok")]
    heard = await bob.expect("message", room="garden")
    assert heard["text"] == "first words"
