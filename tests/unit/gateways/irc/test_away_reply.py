"""RPL_AWAY to the sender of a PRIVMSG whose recipient is away (Modern IRC, PRIVMSG and
RPL_AWAY), as bytes: with the away message or the status word, inside the labeled response,
and never where the sender may not see the recipient's presence, where the message became a
request or was refused, or for a NOTICE.

In process, no sockets: the gateway's clients on recording transports (``test_direct_lean``).
"""

from __future__ import annotations

from test_direct_lean import Town, _contacts  # the same directory

from boudoir.domain.entities import PresenceVisibility, Status

AWAY = b":irc.test 301 alice bob :out for lunch\r\n"


async def _alice_and_bob(caps: str = "", *, away: str | None = "out for lunch") -> Town:
    """alice (with ``caps``) and bob have written to each other; bob is away with ``away``
    (None: online)."""
    town = await Town.start()
    await town.on_irc("alice", caps)
    await town.on_irc("bob")
    await _contacts(town, "alice", "bob")
    if away is not None:
        await town.send("bob", f"AWAY :{away}")
    town.received()
    return town


async def _alice_sends(town: Town, line: str) -> bytes:
    await town.send("alice", line)
    return town.received()["alice"]


async def test_a_privmsg_to_someone_away_is_answered_with_their_message() -> None:
    town = await _alice_and_bob()
    assert await _alice_sends(town, "PRIVMSG bob :are you there?") == AWAY
    # Every time, as Ergo does; to the nick as the recipient spells it.
    assert await _alice_sends(town, "PRIVMSG BOB :\x01ACTION knocks\x01") == AWAY


async def test_without_a_message_the_status_word_is_sent_as_whois_does() -> None:
    town = await _alice_and_bob(away=None)
    bob = town.test.world.registry.find_character("bob")
    assert bob is not None
    town.test.world.presence.set_status(next(iter(bob)), Status.BUSY)
    town.received()
    assert await _alice_sends(town, "PRIVMSG bob :hi") == b":irc.test 301 alice bob busy\r\n"
    await town.send("alice", "WHOIS bob")
    assert b":irc.test 301 alice bob busy\r\n" in town.received()["alice"]


async def test_someone_online_sends_nothing_back() -> None:
    town = await _alice_and_bob(away=None)
    assert await _alice_sends(town, "PRIVMSG bob :hi") == b""
    await town.send("bob", "AWAY :back soon")
    await town.send("bob", "AWAY")  # back
    town.received()
    assert await _alice_sends(town, "PRIVMSG bob :hi") == b""


async def test_a_notice_is_never_answered() -> None:
    town = await _alice_and_bob("echo-message")
    echo = b":alice!rp@cloaked NOTICE bob :a notice\r\n"
    assert await _alice_sends(town, "NOTICE bob :a notice") == echo


async def test_a_recipient_hiding_their_presence_looks_online() -> None:
    for visibility in (PresenceVisibility.NOBODY, PresenceVisibility.FRIENDS):
        town = await _alice_and_bob()
        bob = town.test.world.registry.find_character("bob")
        assert bob is not None
        account = next(iter(bob)).account.id
        await town.test.world.accounts.update_settings(account, presence_visibility=visibility)
        town.received()
        # Delivered (bob gets it), and nothing more said to alice than to a sender of a
        # message to someone online.
        await town.send("alice", "PRIVMSG bob :hi")
        got = town.received()
        assert got["alice"] == b""
        assert b"PRIVMSG bob :hi" in got["bob"]


async def test_friends_see_the_away_of_a_friends_only_presence() -> None:
    town = await _alice_and_bob()
    bob = town.test.world.registry.find_character("bob")
    assert bob is not None
    account = next(iter(bob)).account.id
    await town.test.world.accounts.update_settings(
        account, presence_visibility=PresenceVisibility.FRIENDS
    )
    await town.send("bob", "PRIVMSG NickServ :FRIEND ADD alice")
    town.received()
    assert await _alice_sends(town, "PRIVMSG bob :hi") == AWAY


async def test_a_block_either_way_answers_only_the_refusal() -> None:
    refusal = b":irc.test 401 alice bob :They are not accepting that from you right now.\r\n"
    for blocker, blocked in (("bob", "alice"), ("alice", "bob")):
        town = await _alice_and_bob()
        await town.send(blocker, f"PRIVMSG NickServ :BLOCK {blocked}")
        town.received()
        assert await _alice_sends(town, "PRIVMSG bob :hi") == refusal


async def test_a_message_request_says_nothing_of_the_recipients_status() -> None:
    town = await Town.start()
    await town.on_irc("alice")
    await town.on_irc("bob")
    await town.send("bob", "PRIVMSG NickServ :SET DMPOLICY anyone")
    await town.send("bob", "AWAY :out for lunch")
    town.received()
    # A stranger's first message and those behind it wait as a request: as if delivered to
    # someone online.
    assert await _alice_sends(town, "PRIVMSG bob :hello, stranger") == b""
    assert await _alice_sends(town, "PRIVMSG bob :still there?") == b""
    await town.send("bob", "PRIVMSG NickServ :ACCEPT alice")
    town.received()
    assert await _alice_sends(town, "PRIVMSG bob :thanks") == AWAY


async def test_a_labeled_privmsg_carries_the_away_reply_in_its_response() -> None:
    # IRCv3 labeled-response: the 301 is the response, labeled; with echo-message, both
    # the echo and the 301 in the label's batch, in that order.
    town = await _alice_and_bob("labeled-response")
    labeled = b"@label=L1 :irc.test 301 alice bob :out for lunch\r\n"
    assert await _alice_sends(town, "@label=L1 PRIVMSG bob :hi") == labeled
    town = await _alice_and_bob("labeled-response echo-message batch")
    assert await _alice_sends(town, "@label=x2 PRIVMSG bob :hi") == (
        b"@label=x2 :irc.test BATCH +L1 labeled-response\r\n"
        b"@batch=L1 :alice!rp@cloaked PRIVMSG bob hi\r\n"
        b"@batch=L1 :irc.test 301 alice bob :out for lunch\r\n"
        b":irc.test BATCH -L1\r\n"
    )
    # A labeled NOTICE gets only its echo, labeled.
    echo = b"@label=L3 :alice!rp@cloaked NOTICE bob hi\r\n"
    assert await _alice_sends(town, "@label=L3 NOTICE bob :hi") == echo


async def test_a_list_of_targets_answers_each_away_one() -> None:
    town = await _alice_and_bob()
    await town.on_irc("carol")
    await _contacts(town, "alice", "carol")
    town.received()
    assert await _alice_sends(town, "PRIVMSG bob,carol :both of you") == AWAY
