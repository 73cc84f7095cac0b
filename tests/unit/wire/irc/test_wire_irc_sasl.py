"""SASL PLAIN (IRCv3 sasl-3.1/3.2): the happy path, chunking, and every error numeric."""

from __future__ import annotations

import base64

import pytest
from irc_harness import FEEDERS, Feeder, IrcSession, plain

from boudoir.wire.irc import (
    MAX_SASL_ATTEMPTS,
    MAX_SASL_CHUNK,
    MAX_SASL_PAYLOAD,
    CommandReceived,
    Message,
    RegistrationRequested,
    SaslPlainReceived,
)

FAILED = ":irc.test 904 * :SASL authentication failed"
ABORTED = ":irc.test 906 * :SASL authentication aborted"


@pytest.fixture(params=FEEDERS, ids=lambda feeder: feeder.__name__)
def feed(request: pytest.FixtureRequest) -> Feeder:
    feeder: Feeder = request.param
    return feeder


def negotiating(feed: Feeder, *caps: str) -> IrcSession:
    """A client that asked for sasl (and ``caps``) and sent NICK and USER, not CAP END."""
    alice = IrcSession(feed)
    alice.send(
        "CAP LS 302", f"CAP REQ :{' '.join(('sasl', *caps))}", "NICK alice", "USER al 0 * :A"
    )
    alice.events()
    return alice


def test_plain_login_during_registration(feed: Feeder) -> None:
    alice = negotiating(feed)
    assert alice.send("AUTHENTICATE PLAIN") == ["AUTHENTICATE +"]
    assert alice.send(f"AUTHENTICATE {plain('', 'alice', 'sesame')}") == []
    assert alice.events() == [SaslPlainReceived("", "alice", "sesame")]

    alice.connection.sasl_succeeded("alice")
    assert alice.received() == [
        ":irc.test 900 * *!al@boudoir alice :You are now logged in as alice",
        ":irc.test 903 * :SASL authentication successful",
    ]
    assert alice.connection.account == "alice"
    alice.send("CAP END")
    assert alice.events() == [RegistrationRequested("alice", "al", "A")]


def test_the_password_stays_out_of_the_event_repr() -> None:
    assert "sesame" not in repr(SaslPlainReceived("", "alice", "sesame"))
    assert "sesame" not in repr(RegistrationRequested("alice", "al", "A", "sesame"))


def test_cap_end_sent_early_waits_for_the_verdict(feed: Feeder) -> None:
    alice = negotiating(feed)
    alice.send("AUTHENTICATE PLAIN", f"AUTHENTICATE {plain('', 'alice', 'sesame')}", "CAP END")
    assert alice.events() == [SaslPlainReceived("", "alice", "sesame")]

    alice.connection.sasl_failed()
    assert alice.received() == [FAILED]
    # The client chose to go on without waiting: it registers unauthenticated.
    assert alice.events() == [RegistrationRequested("alice", "al", "A")]
    assert alice.connection.account is None


def test_an_exchange_begun_after_cap_end_holds_registration_until_its_verdict(
    feed: Feeder,
) -> None:
    alice = IrcSession(feed)
    alice.send("CAP REQ sasl", "CAP END", "AUTHENTICATE PLAIN", "NICK alice", "USER al 0 * :A")
    assert alice.events() == []
    alice.send(f"AUTHENTICATE {plain('', 'alice', 'sesame')}")
    assert alice.events() == [SaslPlainReceived("", "alice", "sesame")]
    alice.connection.sasl_succeeded("alice")
    assert alice.events() == [RegistrationRequested("alice", "al", "A")]


def test_a_wrong_password_can_be_retried_until_the_limit(feed: Feeder) -> None:
    alice = negotiating(feed)
    for _attempt in range(MAX_SASL_ATTEMPTS - 1):
        alice.send("AUTHENTICATE PLAIN", f"AUTHENTICATE {plain('', 'alice', 'wrong')}")
        alice.events()
        alice.connection.sasl_failed()
        assert alice.received() == [FAILED]
        assert not alice.connection.close_expected()

    alice.send("AUTHENTICATE PLAIN", f"AUTHENTICATE {plain('', 'alice', 'wrong')}")
    alice.connection.sasl_failed()
    assert alice.received() == [FAILED, "ERROR :Too many failed SASL attempts"]
    assert alice.connection.close_expected()


def test_an_authorization_identity_is_passed_on(feed: Feeder) -> None:
    alice = negotiating(feed)
    alice.send("AUTHENTICATE plain", f"AUTHENTICATE {plain('Ålice', 'alice', 'sésame')}")
    assert alice.events() == [SaslPlainReceived("Ålice", "alice", "sésame")]


def test_a_response_of_exactly_400_bytes_waits_for_a_plus(feed: Feeder) -> None:
    alice = negotiating(feed)
    password = "p" * (300 - len("\0alice\0"))  # 300 bytes encode to exactly 400
    encoded = plain("", "alice", password)
    assert len(encoded) == MAX_SASL_CHUNK
    alice.send("AUTHENTICATE PLAIN")
    assert alice.send(f"AUTHENTICATE {encoded}") == []
    assert alice.events() == []
    assert alice.send("AUTHENTICATE +") == []
    assert alice.events() == [SaslPlainReceived("", "alice", password)]


def test_a_long_response_arrives_in_chunks(feed: Feeder) -> None:
    alice = negotiating(feed)
    password = "ü" * 500
    encoded = plain("", "alice", password)
    chunks = [encoded[i : i + MAX_SASL_CHUNK] for i in range(0, len(encoded), MAX_SASL_CHUNK)]
    assert len(chunks) == 4  # 1007 bytes, 1344 in Base64
    assert len(chunks[-1]) < MAX_SASL_CHUNK
    alice.send("AUTHENTICATE PLAIN", *(f"AUTHENTICATE {chunk}" for chunk in chunks))
    assert alice.events() == [SaslPlainReceived("", "alice", password)]


@pytest.mark.parametrize(
    "response",
    [
        "not base64!",
        "YWJj=",  # bad padding
        base64.b64encode(b"alice\0sesame").decode(),  # two fields
        base64.b64encode(b"a\0alice\0sesame\0x").decode(),  # four fields
        base64.b64encode(b"\0\0sesame").decode(),  # no name
        base64.b64encode(b"\0alice\0").decode(),  # no password
        base64.b64encode(b"\0alice\0\xff").decode(),  # not UTF-8
        "+",  # empty
    ],
)
def test_a_response_that_is_not_plain_fails_with_904(feed: Feeder, response: str) -> None:
    alice = negotiating(feed)
    alice.send("AUTHENTICATE PLAIN")
    assert alice.send(f"AUTHENTICATE {response}") == [FAILED]
    assert alice.events() == []
    # and the client may start over
    assert alice.send("AUTHENTICATE PLAIN") == ["AUTHENTICATE +"]


def test_a_chunk_over_400_bytes_gets_905(feed: Feeder) -> None:
    alice = negotiating(feed)
    alice.send("AUTHENTICATE PLAIN")
    assert alice.send(f"AUTHENTICATE {'A' * (MAX_SASL_CHUNK + 1)}") == [
        ":irc.test 905 * :SASL message too long"
    ]
    assert alice.events() == []


def test_a_response_over_the_payload_limit_gets_905(feed: Feeder) -> None:
    alice = negotiating(feed)
    alice.send("AUTHENTICATE PLAIN")
    chunks = (MAX_SASL_PAYLOAD * 4 // 3) // MAX_SASL_CHUNK + 1
    replies = alice.send(*(f"AUTHENTICATE {'A' * MAX_SASL_CHUNK}" for _ in range(chunks)))
    assert replies == [":irc.test 905 * :SASL message too long"]
    assert alice.events() == []


def test_the_client_can_abort_with_906(feed: Feeder) -> None:
    alice = negotiating(feed)
    assert alice.send("AUTHENTICATE PLAIN", "AUTHENTICATE *") == ["AUTHENTICATE +", ABORTED]
    assert alice.send("AUTHENTICATE PLAIN") == ["AUTHENTICATE +"]


def test_an_abort_while_the_password_is_checked_discards_the_verdict() -> None:
    alice = negotiating(whole_feeder())
    alice.send("AUTHENTICATE PLAIN", f"AUTHENTICATE {plain('', 'alice', 'sesame')}")
    assert alice.send("AUTHENTICATE *") == [ABORTED]
    alice.connection.sasl_succeeded("alice")
    assert alice.received() == []
    assert alice.connection.account is None


def test_cap_end_in_the_middle_of_an_exchange_aborts_it_and_registers(feed: Feeder) -> None:
    alice = negotiating(feed)
    assert alice.send("AUTHENTICATE PLAIN", "CAP END") == ["AUTHENTICATE +", ABORTED]
    assert alice.events() == [RegistrationRequested("alice", "al", "A")]


def test_authenticating_twice_gets_907(feed: Feeder) -> None:
    alice = negotiating(feed)
    alice.send("AUTHENTICATE PLAIN", f"AUTHENTICATE {plain('', 'alice', 'sesame')}")
    alice.connection.sasl_succeeded("alice")
    alice.received()
    assert alice.send("AUTHENTICATE PLAIN") == [
        ":irc.test 907 * :You have already authenticated using SASL"
    ]


def test_an_unknown_mechanism_gets_908_then_904(feed: Feeder) -> None:
    alice = negotiating(feed)
    assert alice.send("AUTHENTICATE SCRAM-SHA-256") == [
        ":irc.test 908 * PLAIN :are available SASL mechanisms",
        FAILED,
    ]


def test_authenticate_without_the_sasl_capability_fails(feed: Feeder) -> None:
    alice = IrcSession(feed)
    assert alice.send("AUTHENTICATE PLAIN") == [FAILED]
    assert alice.send("AUTHENTICATE") == [":irc.test 461 * AUTHENTICATE :Not enough parameters"]


def test_login_after_registration_is_allowed(feed: Feeder) -> None:
    alice = IrcSession(feed)
    alice.register("alice", "sasl")
    alice.send("AUTHENTICATE PLAIN", f"AUTHENTICATE {plain('', 'alice', 'sesame')}")
    assert alice.events() == [SaslPlainReceived("", "alice", "sesame")]
    alice.connection.sasl_succeeded("alice")
    assert alice.received() == [
        ":irc.test 900 alice alice!alice@boudoir alice :You are now logged in as alice",
        ":irc.test 903 alice :SASL authentication successful",
    ]


def test_a_labeled_authenticate_gets_its_verdict_labeled() -> None:
    alice = negotiating(whole_feeder(), "labeled-response", "batch")
    assert alice.send("@label=s1 AUTHENTICATE PLAIN") == ["@label=s1 AUTHENTICATE +"]
    assert alice.send(f"@label=s2 AUTHENTICATE {plain('', 'alice', 'sesame')}") == []
    alice.connection.sasl_succeeded("alice")
    assert alice.received() == [
        "@label=s2 :irc.test BATCH +L1 labeled-response",
        "@batch=L1 :irc.test 900 * *!al@boudoir alice :You are now logged in as alice",
        "@batch=L1 :irc.test 903 * :SASL authentication successful",
        ":irc.test BATCH -L1",
    ]


def whole_feeder() -> Feeder:
    return FEEDERS[0]


def test_lines_pipelined_after_cap_end_wait_for_the_verdict_and_registration() -> None:
    alice = IrcSession()
    alice.send(
        "CAP LS 302",
        "CAP REQ :sasl",
        "NICK alice",
        "USER al 0 * :A",
        "AUTHENTICATE PLAIN",
        f"AUTHENTICATE {plain('', 'alice', 'sesame')}",
        "CAP END",
        "JOIN #den",
        "PING :x",
    )
    assert alice.events() == [SaslPlainReceived("", "alice", "sesame")]
    alice.connection.sasl_succeeded("alice")
    assert alice.events() == [RegistrationRequested("alice", "al", "A")]
    alice.received()
    alice.connection.complete_registration("alice")
    assert alice.events() == [CommandReceived(Message("JOIN", ("#den",)))]
    assert alice.received() == []
    assert alice.events() == []
    assert alice.received() == [":irc.test PONG irc.test x"]
