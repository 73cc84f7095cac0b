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
    [answered] = [m for m in carol.received if m["type"] == "request_answered"]
    assert (answered["from"], answered["accepted"]) == ("Dave", True)
    held = [m for m in carol.received if m["type"] == "direct"]
    # The conversation starts with the first message, under the id the request showed.
    assert [m["text"] for m in held] == ["hi, want to play?", "a scene by the sea"]
    assert held[0]["id"] == request["id"]
    await dave.call("direct", to="Carol", text="thank you")
    await carol.expect("direct", text="thank you")


async def test_writing_back_answers_a_request_in_every_tab_with_the_first_message(
    site: Site,
) -> None:
    await site.person("Hana", dm_policy=DirectMessagePolicy.ANYONE)
    hana = await site.browser("Hana")
    hana_phone = await site.browser("Hana")
    alice = await site.browser("Alice")
    await alice.call("direct", to="Hana", text="hello, free tonight?")
    await alice.call("direct", to="Hana", text="by the fire")
    request = await hana_phone.expect("request", **{"from": "Alice"})
    await hana.expect("request", **{"from": "Alice"})
    # Hana writes to Alice instead of pressing accept, in one tab; both stop showing it.
    await hana.call("direct", to="Alice", text="hello Alice!")
    answered = await hana_phone.expect("request_answered", **{"from": "Alice"})
    assert answered["accepted"] is True
    first = await hana_phone.expect("direct", **{"from": "Alice"})
    assert (first["id"], first["text"]) == (request["id"], "hello, free tonight?")
    await hana_phone.expect("direct", text="by the fire")
    await hana_phone.expect("direct", text="hello Alice!")
    await alice.expect("direct", text="hello Alice!")
    assert (await hana_phone.call("requests"))["requests"] == []
    assert (await alice.call("requests"))["requests"] == []


async def test_a_request_declined_in_one_tab_goes_from_the_others(site: Site) -> None:
    await site.person("Hana", dm_policy=DirectMessagePolicy.ANYONE)
    hana = await site.browser("Hana")
    hana_phone = await site.browser("Hana")
    alice = await site.browser("Alice")
    await alice.call("direct", to="Hana", text="hello?")
    await hana_phone.expect("request", **{"from": "Alice"})
    await hana.call("decline", **{"from": "Alice"})
    answered = await hana_phone.expect("request_answered", **{"from": "Alice"})
    assert answered["accepted"] is False
    await alice.call("direct", to="Hana", text="hello again?")
    await hana_phone.call("ping")
    assert not [m for m in hana_phone.received if m["type"] == "direct"]


async def test_blocking_a_stranger_takes_their_request_from_every_tab(site: Site) -> None:
    await site.person("Hana", dm_policy=DirectMessagePolicy.ANYONE)
    hana = await site.browser("Hana")
    hana_phone = await site.browser("Hana")
    alice = await site.browser("Alice")
    await alice.call("direct", to="Hana", text="hello?")
    await hana_phone.expect("request", **{"from": "Alice"})
    # Blocks are made over the HTTP API; here straight through the core, from Hana's laptop.
    hanas = site.world.registry.find_character("Hana")
    assert hanas is not None
    await site.world.relations.block(next(iter(hanas)), "Alice")
    for tab in (hana, hana_phone):
        answered = await tab.expect("request_answered", **{"from": "Alice"})
        assert answered["accepted"] is False
    await alice.call("ping")
    assert not [m for m in alice.received if m["type"] == "request_answered"]


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


async def test_the_ok_of_a_direct_message_says_when_the_recipient_is_away(site: Site) -> None:
    await site.person("Hana", dm_policy=DirectMessagePolicy.ANYONE)
    hana = await site.browser("Hana")
    alice = await site.browser("Alice")
    await hana.call("status", status="away", message="out for lunch")
    # A request says nothing of Hana's status, as a message to someone online.
    request = await alice.call("direct", to="Hana", text="hello?")
    assert set(request) == {"type", "ref", "id"}
    await hana.call("direct", to="Alice", text="hello Alice")
    sent = await alice.call("direct", to="Hana", text="there?")
    assert sent["away"] == {"status": "away", "message": "out for lunch"}
    await hana.call("status", status="busy")
    assert (await alice.call("direct", to="Hana", text="busy?"))["away"] == {
        "status": "busy",
        "message": "",
    }
    await hana.call("status", status="online")
    assert "away" not in await alice.call("direct", to="Hana", text="back?")
