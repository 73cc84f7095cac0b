"""The server side of an IRC connection: registration, CAP, labeled responses, limits, closing.

Each scenario feeds bytes and asserts the bytes written back, whole, byte by byte and with junk.
"""

from __future__ import annotations

import pytest
from irc_harness import CAPS, FEEDERS, Feeder, IrcSession, byte_by_byte, whole

from boudoir.wire.irc import (
    MAX_CLIENT_TAGS,
    MAX_HELD_LINES,
    MAX_LINE,
    CommandReceived,
    ConnectionLost,
    IrcConnection,
    Message,
    QuitRequested,
    RegistrationRequested,
    parse_message,
    render,
)


@pytest.fixture(params=FEEDERS, ids=lambda feeder: feeder.__name__)
def feed(request: pytest.FixtureRequest) -> Feeder:
    feeder: Feeder = request.param
    return feeder


# --- registration ----------------------------------------------------------------------------


def test_nick_and_user_without_cap_request_registration(feed: Feeder) -> None:
    alice = IrcSession(feed)
    assert alice.send("PASS sesame", "NICK alice", "USER al 0 * :Alice Liddell") == []
    assert alice.events() == [RegistrationRequested("alice", "al", "Alice Liddell", "sesame")]
    assert alice.connection.nick is None  # not the client's until the gateway accepts it

    alice.connection.complete_registration("alice")
    assert alice.connection.registered
    assert alice.connection.nick == "alice"
    assert alice.send("PRIVMSG #den :hi") == []
    assert alice.events() == [CommandReceived(Message("PRIVMSG", ("#den", "hi")))]


def test_cap_ls_holds_registration_until_cap_end(feed: Feeder) -> None:
    alice = IrcSession(feed)
    alice.send("CAP LS 302", "NICK alice", "USER al 0 * :Alice")
    assert alice.events() == []

    assert alice.send("CAP REQ :message-tags batch") == [":irc.test CAP * ACK :message-tags batch"]
    assert alice.events() == []

    assert alice.send("CAP END") == []
    assert alice.events() == [RegistrationRequested("alice", "al", "Alice")]
    assert alice.connection.caps == {"message-tags", "batch", "cap-notify"}


def test_cap_req_without_ls_holds_registration_too(feed: Feeder) -> None:
    alice = IrcSession(feed)
    alice.send("CAP REQ :batch", "NICK alice", "USER al 0 * :Alice")
    assert alice.events() == []
    alice.send("CAP END")
    assert alice.events() == [RegistrationRequested("alice", "al", "Alice")]


def test_a_refused_nick_can_be_retried_before_registration(feed: Feeder) -> None:
    alice = IrcSession(feed)
    alice.send("NICK alice", "USER al 0 * :Alice")
    assert alice.events() == [RegistrationRequested("alice", "al", "Alice")]
    alice.connection.reply("433", "alice", "Nickname is already in use")
    alice.connection.refuse_registration()
    assert alice.received() == [":irc.test 433 * alice :Nickname is already in use"]

    alice.send("NICK alice_")
    assert alice.events() == [RegistrationRequested("alice_", "al", "Alice")]


def test_lines_sent_while_registration_is_decided_wait_and_run_in_order(feed: Feeder) -> None:
    alice = IrcSession(feed)
    sent = alice.send(
        "NICK alice", "USER al 0 * :Alice", "JOIN #den", "PING :x", "PRIVMSG #den :hi"
    )
    assert sent == []  # no 451, no PONG ahead of the welcome
    assert alice.events() == [RegistrationRequested("alice", "al", "Alice")]
    assert alice.connection.held_lines == 3
    alice.connection.complete_registration("alice")
    alice.connection.reply("001", "Welcome")
    # One event at a time: the PING is answered only once the JOIN has been run.
    assert alice.events() == [CommandReceived(Message("JOIN", ("#den",)))]
    assert alice.received() == [":irc.test 001 alice Welcome"]
    assert alice.events() == [CommandReceived(Message("PRIVMSG", ("#den", "hi")))]
    assert alice.received() == [":irc.test PONG irc.test x"]
    assert alice.events() == []
    assert alice.connection.held_lines == 0


def test_lines_after_a_refused_nick_are_answered_as_after_the_refusal(feed: Feeder) -> None:
    alice = IrcSession(feed)
    alice.send("NICK NickServ", "USER al 0 * :Alice", "JOIN #den", "NICK alice")
    assert alice.events() == [RegistrationRequested("NickServ", "al", "Alice")]
    alice.connection.reply("432", "NickServ", "Erroneous nickname")
    alice.connection.refuse_registration()
    assert alice.events() == [RegistrationRequested("alice", "al", "Alice")]
    assert alice.received() == [
        ":irc.test 432 * NickServ :Erroneous nickname",
        ":irc.test 451 * :You have not registered",
    ]


def test_too_many_lines_before_registration_close_the_connection() -> None:
    alice = IrcSession()
    alice.send("NICK alice", "USER al 0 * :Alice")
    assert alice.send(*["PING x"] * MAX_HELD_LINES) == []
    assert alice.send("PING x") == ["ERROR :Too many commands before registration completed"]
    assert alice.connection.close_expected()


def test_commands_before_registration_are_refused_with_451(feed: Feeder) -> None:
    alice = IrcSession(feed)
    assert alice.send("JOIN #den") == [":irc.test 451 * :You have not registered"]
    assert alice.events() == []


def test_account_registration_commands_pass_before_registration(feed: Feeder) -> None:
    alice = IrcSession(feed)
    assert alice.send("REGISTER * * :sesame") == []
    assert alice.events() == [CommandReceived(Message("REGISTER", ("*", "*", "sesame")))]


def test_ping_is_answered_before_and_after_registration(feed: Feeder) -> None:
    alice = IrcSession(feed)
    assert alice.send("PING :tok en") == [":irc.test PONG irc.test :tok en"]
    alice.register()
    assert alice.send("PING x", "PONG irc.test", "PING") == [
        ":irc.test PONG irc.test x",
        ":irc.test 461 alice PING :Not enough parameters",
    ]
    assert alice.events() == []


def test_lines_after_a_command_wait_until_the_gateway_has_run_it(feed: Feeder) -> None:
    alice = IrcSession(feed)
    alice.register("alice", "labeled-response")
    sent = alice.send("JOIN #den", "@label=p PING :one", "CAP LIST", "FOO", "TOPIC #den", "PING x")
    assert sent == []  # no PONG ahead of the JOIN's replies
    assert alice.events() == [CommandReceived(Message("JOIN", ("#den",)))]
    assert alice.connection.held_lines == 5
    alice.connection.reply("366", "#den", "End of /NAMES list")
    # Asking for events says the JOIN has run: the lines after it are handled up to the next
    # command, the machine's own answers in their place.
    [foo] = alice.events()
    assert foo == CommandReceived(Message("FOO"))
    assert alice.received() == [
        ":irc.test 366 alice #den :End of /NAMES list",
        "@label=p :irc.test PONG irc.test one",
        ":irc.test CAP alice LIST :cap-notify labeled-response",
    ]
    assert alice.events() == [CommandReceived(Message("TOPIC", ("#den",)))]
    assert alice.events() == []
    assert alice.received() == [":irc.test PONG irc.test x"]
    assert alice.connection.held_lines == 0
    assert alice.send("PING y") == [":irc.test PONG irc.test y"]  # nothing out: at once


def test_a_registered_clients_last_lines_still_run_after_end_of_file() -> None:
    alice = IrcSession()
    alice.register()
    alice.send("PRIVMSG bob :one", "PRIVMSG bob :two")
    alice.connection.receive_eof()
    assert alice.events() == [CommandReceived(Message("PRIVMSG", ("bob", "one"))), ConnectionLost()]
    assert alice.events() == [CommandReceived(Message("PRIVMSG", ("bob", "two")))]
    assert alice.connection.close_expected()


def test_user_needs_four_parameters(feed: Feeder) -> None:
    alice = IrcSession(feed)
    assert alice.send("USER al 0 *") == [":irc.test 461 * USER :Not enough parameters"]
    assert alice.send("PASS") == [":irc.test 461 * PASS :Not enough parameters"]
    assert alice.send("NICK alice", "USER al 0 * :") == [
        ":irc.test 461 * USER :Not enough parameters"  # an empty realname is none
    ]
    assert alice.events() == []
    assert alice.send("USER al 0 * :Alice") == []
    assert alice.events() == [RegistrationRequested("alice", "al", "Alice")]


def test_nick_without_a_name_gets_431(feed: Feeder) -> None:
    alice = IrcSession(feed)
    assert alice.send("NICK", "NICK :") == [
        ":irc.test 431 * :No nickname given",
        ":irc.test 431 * :No nickname given",
    ]
    alice.register()
    assert alice.send("NICK") == [":irc.test 431 alice :No nickname given"]


def test_user_and_pass_after_registration_get_462(feed: Feeder) -> None:
    alice = IrcSession(feed)
    alice.register()
    assert alice.send("USER al 0 * :Alice", "PASS x") == [
        ":irc.test 462 alice :You may not reregister",
        ":irc.test 462 alice :You may not reregister",
    ]


def test_nick_changes_after_registration_go_to_the_gateway(feed: Feeder) -> None:
    alice = IrcSession(feed)
    alice.register()
    alice.send("NICK alicia")
    assert alice.events() == [CommandReceived(Message("NICK", ("alicia",)))]
    alice.connection.set_nick("alicia")
    alice.connection.reply("001", "hi")
    assert alice.received() == [":irc.test 001 alicia hi"]


def test_completing_registration_twice_is_a_gateway_bug() -> None:
    alice = IrcSession()
    alice.register()
    with pytest.raises(RuntimeError):
        alice.connection.complete_registration("alice")


# --- CAP -------------------------------------------------------------------------------------

MANY_CAPS: dict[str, str | None] = {f"example.org/capability-{n:02}": None for n in range(40)}
MANY_CAPS["sasl"] = "PLAIN"


def test_cap_ls_302_spreads_a_long_list_over_lines_marked_with_a_star(feed: Feeder) -> None:
    alice = IrcSession(feed, caps=MANY_CAPS)
    lines = alice.send("CAP LS 302")
    assert len(lines) > 1
    for line in lines[:-1]:
        assert line.startswith(":irc.test CAP * LS * :")
    assert lines[-1].startswith(":irc.test CAP * LS :")
    assert all(len(line) + 2 <= MAX_LINE for line in lines)
    offered = " ".join(parse_message(line).params[-1] for line in lines).split(" ")
    assert offered == [*list(MANY_CAPS)[:-1], "sasl=PLAIN"]


def test_cap_ls_without_version_gives_names_only_on_one_line(feed: Feeder) -> None:
    alice = IrcSession(feed, caps={"sasl": "PLAIN", "batch": None})
    assert alice.send("CAP LS") == [":irc.test CAP * LS :sasl batch"]
    assert alice.connection.cap_version == 301


def test_cap_ls_302_enables_cap_notify_which_cannot_be_disabled(feed: Feeder) -> None:
    alice = IrcSession(feed)
    alice.send("CAP LS 303")  # a higher version gets the 302 features
    assert alice.connection.cap_version == 302
    assert "cap-notify" in alice.connection.caps
    assert alice.send("CAP REQ -cap-notify") == [":irc.test CAP * NAK -cap-notify"]
    alice.send("CAP LS")  # a lower version later does not downgrade
    assert alice.connection.cap_version == 302


def test_cap_req_is_all_or_nothing(feed: Feeder) -> None:
    alice = IrcSession(feed)
    assert alice.send("CAP REQ :batch no-such-cap message-tags") == [
        ":irc.test CAP * NAK :batch no-such-cap message-tags"
    ]
    assert alice.connection.caps == set()
    assert alice.send("CAP REQ :batch message-tags ") == [":irc.test CAP * ACK :batch message-tags"]
    assert alice.connection.caps == {"batch", "message-tags"}
    assert alice.send("CAP REQ :-batch -echo-message") == [
        ":irc.test CAP * ACK :-batch -echo-message"
    ]
    assert alice.connection.caps == {"message-tags"}
    assert alice.send("CAP LIST") == [":irc.test CAP * LIST message-tags"]


def test_cap_req_applies_left_to_right(feed: Feeder) -> None:
    alice = IrcSession(feed)
    alice.send("CAP REQ :batch -batch echo-message")
    assert alice.connection.caps == {"echo-message"}


def test_bad_cap_commands(feed: Feeder) -> None:
    alice = IrcSession(feed)
    assert alice.send("CAP FOO", "CAP :two words", "CAP", "CAP REQ") == [
        ":irc.test 410 * FOO :Invalid CAP command",
        ":irc.test 410 * * :Invalid CAP command",
        ":irc.test 461 * CAP :Not enough parameters",
        ":irc.test 410 * REQ :Invalid CAP command",
    ]


def test_cap_works_after_registration_without_holding_anything(feed: Feeder) -> None:
    alice = IrcSession(feed)
    alice.register()
    assert alice.send("CAP LS") == [f":irc.test CAP alice LS :{' '.join(CAPS)}"]
    assert alice.send("CAP REQ echo-message") == [":irc.test CAP alice ACK echo-message"]
    assert alice.connection.caps == {"echo-message"}
    alice.send("PRIVMSG #den :still here")
    assert alice.events() == [CommandReceived(Message("PRIVMSG", ("#den", "still here")))]


def test_cap_new_and_del_reach_clients_that_asked_for_them() -> None:
    alice = IrcSession()
    alice.send("CAP LS 302", "CAP REQ :batch")
    alice.connection.cap_notify({"example.org/new": "v"}, ["batch", "not-offered"])
    assert alice.received() == [
        ":irc.test CAP * NEW example.org/new=v",
        ":irc.test CAP * DEL batch",
    ]
    assert "batch" not in alice.connection.caps
    assert alice.send("CAP REQ batch") == [":irc.test CAP * NAK batch"]

    old_client = IrcSession()
    old_client.send("CAP LS")
    old_client.received()
    old_client.connection.cap_notify({"example.org/new": None}, [])
    assert old_client.received() == []


# --- labeled responses -----------------------------------------------------------------------


def labeled_session(feed: Feeder = whole) -> IrcSession:
    alice = IrcSession(feed)
    alice.register("alice", "labeled-response", "batch")
    return alice


def test_a_labeled_ping_gets_a_labeled_pong_and_a_labeled_pong_an_ack(feed: Feeder) -> None:
    alice = labeled_session(feed)
    assert alice.send("@label=p1 PING x", "@label=p2 PONG irc.test") == [
        "@label=p1 :irc.test PONG irc.test x",
        "@label=p2 :irc.test ACK",
    ]


def test_a_gateway_response_with_no_message_is_an_ack() -> None:
    alice = labeled_session()
    alice.send("@label=a1 AWAY")
    [event] = alice.events()
    assert isinstance(event, CommandReceived)
    alice.connection.start_response(event.message.tags.get("label"))
    alice.connection.finish_response()
    assert alice.received() == ["@label=a1 :irc.test ACK"]


def test_a_gateway_response_of_one_message_carries_the_label() -> None:
    alice = labeled_session()
    alice.connection.start_response("w1")
    alice.connection.reply("401", "bob", "No such nick")
    assert alice.received() == []
    alice.connection.finish_response()
    assert alice.received() == ["@label=w1 :irc.test 401 alice bob :No such nick"]


def test_a_gateway_response_of_many_messages_is_a_labeled_batch() -> None:
    alice = labeled_session()
    connection = alice.connection
    connection.start_response("w2")
    connection.reply("311", "bob", "b", "host", "*", "Bob")
    connection.send(b":bob!b@host PRIVMSG alice :meanwhile\r\n")  # never held back
    connection.send_message(Message("NOTICE", ("alice", "x"), "irc.test", {"time": "t"}))
    connection.fail("WHOIS", "NO_SUCH", "Oh no", "bob")
    connection.finish_response()
    assert alice.received() == [
        ":bob!b@host PRIVMSG alice :meanwhile",
        "@label=w2 :irc.test BATCH +L1 labeled-response",
        "@batch=L1 :irc.test 311 alice bob b host * Bob",
        "@time=t;batch=L1 :irc.test NOTICE alice x",
        "@batch=L1 :irc.test FAIL WHOIS NO_SUCH bob :Oh no",
        ":irc.test BATCH -L1",
    ]


def test_a_nested_batch_keeps_its_own_reference() -> None:
    alice = labeled_session()
    connection = alice.connection
    connection.start_response("h")
    connection.send_message(Message("BATCH", ("+inner", "chathistory", "#den"), "irc.test"))
    connection.send_message(Message("PRIVMSG", ("#den", "old"), "bob", {"batch": "inner"}))
    connection.send_message(Message("BATCH", ("-inner",), "irc.test"))
    connection.finish_response()
    assert alice.received()[1:4] == [
        "@batch=L1 :irc.test BATCH +inner chathistory #den",
        "@batch=inner :bob PRIVMSG #den old",
        "@batch=L1 :irc.test BATCH -inner",
    ]


def test_labels_are_ignored_without_the_capability_or_when_too_long() -> None:
    bob = IrcSession()
    bob.register("bob")
    assert bob.send("@label=p1 PING x") == [":irc.test PONG irc.test x"]
    bob.connection.start_response("x")
    bob.connection.reply("401", "carol", "No such nick")
    assert bob.received() == [":irc.test 401 bob carol :No such nick"]
    bob.connection.finish_response()
    assert bob.received() == []

    alice = labeled_session()
    assert alice.send(f"@label={'x' * 65} PING x") == [":irc.test PONG irc.test x"]


def test_responses_do_not_nest() -> None:
    alice = labeled_session()
    alice.connection.start_response("a")
    with pytest.raises(RuntimeError):
        alice.connection.start_response("b")
    alice.connection.finish_response()
    with pytest.raises(RuntimeError):
        alice.connection.finish_response()


def test_the_machines_own_replies_stay_out_of_an_open_gateway_response() -> None:
    alice = labeled_session()
    alice.connection.start_response("slow")
    assert alice.send("PING x") == [":irc.test PONG irc.test x"]
    alice.connection.reply("318", "bob", "End of WHOIS")
    alice.connection.finish_response()
    assert alice.received() == ["@label=slow :irc.test 318 alice bob :End of WHOIS"]


# --- limits ----------------------------------------------------------------------------------


def privmsg_of_length(length: int) -> bytes:
    """A PRIVMSG line of ``length`` bytes, CR LF included."""
    head = b"PRIVMSG #den :"
    return head + b"x" * (length - len(head) - 2)


def test_a_line_of_exactly_512_bytes_is_accepted_and_513_refused(feed: Feeder) -> None:
    alice = IrcSession(feed)
    alice.register()
    assert alice.send(privmsg_of_length(512)) == []
    assert len(alice.events()) == 1
    assert alice.events() == []  # the gateway has run it: the next line is read at once
    assert alice.send(privmsg_of_length(513)) == [":irc.test 417 alice :Input line was too long"]
    assert alice.events() == []
    alice.send("PRIVMSG #den :after")  # the connection carries on
    assert alice.events() == [CommandReceived(Message("PRIVMSG", ("#den", "after")))]


def test_an_lf_only_line_is_measured_as_if_it_ended_in_cr_lf() -> None:
    alice = IrcSession()
    alice.register()
    assert alice.send_raw(privmsg_of_length(513) + b"\n") == [
        ":irc.test 417 alice :Input line was too long"
    ]
    assert alice.send_raw(privmsg_of_length(512) + b"\n") == []
    assert len(alice.events()) == 1


def test_tags_do_not_count_toward_512_bytes_but_have_their_own_limit(feed: Feeder) -> None:
    alice = IrcSession(feed)
    alice.register()
    tag = b"+t="
    tags = b"@" + tag + b"v" * (MAX_CLIENT_TAGS - len(tag)) + b" "
    assert alice.send(tags + privmsg_of_length(512)) == []
    [event] = alice.events()
    assert isinstance(event, CommandReceived)
    assert len(event.message.tags["+t"]) == MAX_CLIENT_TAGS - len(tag)
    assert alice.events() == []  # the gateway has run it

    too_many = b"@" + tag + b"v" * (MAX_CLIENT_TAGS + 1 - len(tag)) + b" "
    assert alice.send(too_many + b"PRIVMSG #den :x") == [
        ":irc.test 417 alice :Input line was too long"
    ]
    assert alice.events() == []


@pytest.mark.parametrize("feed", [whole, byte_by_byte], ids=["whole", "byte_by_byte"])
def test_an_endless_line_is_refused_once_and_skipped_to_its_end(feed: Feeder) -> None:
    alice = IrcSession(feed)
    alice.register()
    assert alice.send_raw(b"PRIVMSG #den :" + b"x" * 9000) == [
        ":irc.test 417 alice :Input line was too long"
    ]
    assert alice.send_raw(b"y" * 20000) == []
    assert alice.send_raw(b"z\r\nPRIVMSG #den :next\r\n") == []
    assert alice.events() == [CommandReceived(Message("PRIVMSG", ("#den", "next")))]


def test_lf_alone_ends_a_line_and_empty_lines_are_ignored(feed: Feeder) -> None:
    alice = IrcSession(feed)
    assert alice.send_raw(b"\n\r\n   \r\nPING a\nPING b\r\n") == [
        ":irc.test PONG irc.test a",
        ":irc.test PONG irc.test b",
    ]


def test_a_line_is_not_read_before_its_end_arrives() -> None:
    alice = IrcSession()
    assert alice.send_raw(b"PING a\r\nPING b") == [":irc.test PONG irc.test a"]
    assert alice.send_raw(b"\r\n") == [":irc.test PONG irc.test b"]


def test_invalid_utf8_is_refused_with_fail_invalid_utf8(feed: Feeder) -> None:
    alice = IrcSession(feed)
    alice.register()
    assert alice.send(b"PRIVMSG #den :caf\xe9") == [
        ":irc.test FAIL PRIVMSG INVALID_UTF8 :Message rejected, your IRC software MUST use UTF-8"
    ]
    assert alice.send(b"\xff\xfe x") == [
        ":irc.test FAIL * INVALID_UTF8 :Message rejected, your IRC software MUST use UTF-8"
    ]
    assert alice.events() == []


def test_nul_and_malformed_lines_are_refused_and_dropped(feed: Feeder) -> None:
    alice = IrcSession(feed)
    alice.register()
    assert alice.send(b"PRIVMSG #den :a\0b", "@tags=only", ":source-only", "PR!VMSG x") == [
        ":irc.test 400 alice PRIVMSG :NUL is not allowed in a line",
        ":irc.test 400 alice * :Malformed message",
        ":irc.test 400 alice * :Malformed message",
        ":irc.test 400 alice * :Malformed message",
    ]
    assert alice.events() == []


def test_an_unknown_command_word_goes_to_the_gateway_with_its_label() -> None:
    alice = labeled_session()
    assert alice.send("@label=u FOO_2 x") == []  # not 400: the gateway answers 421
    assert alice.events() == [CommandReceived(Message("FOO_2", ("x",), tags={"label": "u"}))]


def test_lines_received_counts_every_line_for_flood_control() -> None:
    alice = IrcSession()
    alice.send_raw(b"PING a\r\n\r\nPING b\n" + privmsg_of_length(600) + b"\r\npartial")
    assert alice.connection.lines_received == 4


# --- closing ---------------------------------------------------------------------------------


def test_quit_is_answered_with_error_and_the_rest_is_ignored(feed: Feeder) -> None:
    alice = IrcSession(feed)
    alice.register()
    assert alice.send("QUIT :gone to bed", "PING x") == ["ERROR :Quit: gone to bed"]
    assert alice.events() == [QuitRequested("gone to bed")]
    assert alice.connection.close_expected()
    alice.connection.send(b"late\r\n")
    alice.connection.reply("001", "late")
    assert alice.received() == []


def test_quit_before_registration_closes_too() -> None:
    alice = IrcSession()
    assert alice.send("NICK alice", "QUIT") == ["ERROR Quit"]
    assert alice.events() == [QuitRequested(None)]


def test_close_sends_the_open_response_then_error_once() -> None:
    alice = labeled_session()
    connection = alice.connection
    connection.start_response("k")
    connection.reply("404", "#den", "Cannot send to channel")
    connection.close("Kicked from the server")
    connection.close("again")
    connection.finish_response()
    assert alice.received() == [
        "@label=k :irc.test 404 alice #den :Cannot send to channel",
        "ERROR :Kicked from the server",
    ]
    assert connection.close_expected()


def test_end_of_file_is_an_event_and_input_stops() -> None:
    alice = IrcSession()
    alice.connection.receive_eof()
    alice.connection.receive_eof()
    assert alice.events() == [ConnectionLost()]
    assert alice.connection.close_expected()
    assert alice.send("PING x") == []


def test_the_gateway_cannot_offer_what_the_machine_does_not_speak() -> None:
    with pytest.raises(ValueError, match="PLAIN"):
        IrcConnection("irc.test", capabilities=CAPS, sasl_mechanisms=("PLAIN", "EXTERNAL"))
    with pytest.raises(ValueError, match="capability"):
        IrcConnection("irc.test", capabilities={"two words": None})


def test_send_appends_rendered_bytes_untouched() -> None:
    alice = IrcSession()
    alice.register()
    line = render("PRIVMSG", "#den", "hi", source="bob!b@h", tags={"msgid": "1"})
    alice.connection.send(line)
    alice.connection.send(line)
    assert alice.connection.data_to_send() == line + line
    assert alice.connection.data_to_send() == b""


@pytest.mark.parametrize("echoed", ["", "a b", ":x"])
def test_an_echoed_parameter_that_cannot_stand_before_the_last_is_sent_as_a_star(
    echoed: str,
) -> None:
    alice = IrcSession()
    alice.register()
    alice.connection.reply("432", echoed, "Erroneous nickname")
    alice.connection.reply("441", echoed, echoed, "They aren't on that channel")
    alice.connection.fail("KICK", "NOT_FOUND", "No such nick", echoed)
    assert alice.received() == [
        ":irc.test 432 alice * :Erroneous nickname",
        ":irc.test 441 alice * * :They aren't on that channel",
        ":irc.test FAIL KICK NOT_FOUND * :No such nick",
    ]
    alice.connection.reply("332", "#den", echoed)  # the last parameter carries anything
    assert [parse_message(line).params[-1] for line in alice.received()] == [echoed]
