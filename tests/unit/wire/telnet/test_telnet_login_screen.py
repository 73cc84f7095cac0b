"""The telnet login screen as a machine: lines in, steps out (no sockets, no core)."""

from __future__ import annotations

import datetime as dt

from boudoir.domain.errors import TooYoung
from boudoir.wire.telnet.login import (
    PASSWORD,
    PROMPT,
    CreateAccount,
    HideInput,
    LogIn,
    LoginScreen,
    Prompt,
    Quit,
    Refuse,
    ShowWho,
    Step,
    Tell,
)
from boudoir.wire.telnet.text import Style

TODAY = dt.date(2026, 12, 7)


def feed(screen: LoginScreen, *lines: str, by_invitation: bool = False) -> list[Step]:
    steps: list[Step] = []
    for line in lines:
        steps = screen.line(line, today=TODAY, by_invitation=by_invitation)
    return steps


def test_connect_with_a_password_logs_in_and_a_password_may_hold_spaces() -> None:
    assert feed(LoginScreen(), "connect Ada correct horse") == [LogIn("Ada", "correct horse")]
    assert feed(LoginScreen(), 'co "Ada Lovelace" pw') == [LogIn("Ada Lovelace", "pw")]


def test_a_name_alone_asks_for_the_password_with_echo_off_then_turns_it_back_on() -> None:
    screen = LoginScreen()
    assert feed(screen, "Ada") == [HideInput(True), Prompt(PASSWORD)]
    assert feed(screen, " s3cret ") == [HideInput(False), Tell(""), LogIn("Ada", "s3cret")]


def test_who_quit_and_help_need_no_login() -> None:
    assert feed(LoginScreen(), "WHO") == [ShowWho()]
    assert feed(LoginScreen(), "quit") == [Quit()]
    (help_text,) = feed(LoginScreen(), "help")
    assert isinstance(help_text, Tell)
    assert "connect <name> <password>" in help_text.text


def test_anything_else_says_how_to_log_in() -> None:
    (said,) = feed(LoginScreen(), "look around")
    assert said == Tell('Not logged in. Type "connect <name> <password>", or "help".', Style.ERROR)


def test_create_asks_each_question_and_makes_the_account_only_on_an_explicit_statement() -> None:
    screen = LoginScreen()
    steps = feed(screen, "create")
    assert steps[-1] == Prompt("Name for your account and first character: ")
    assert feed(screen, "two words")[-1] == Prompt("A name is one word. Name: ")
    assert feed(screen, "Ada")[-2:] == [
        HideInput(True),
        Prompt("Choose a password (at least 8 characters): "),
    ]
    feed(screen, "long enough")
    assert feed(screen, "long enough")[-1] == Prompt(
        "Your date of birth, as YYYY-MM-DD (you must be 18 or over): "
    )
    assert feed(screen, "1990/01/02")[-1] == Prompt("Please give the date as YYYY-MM-DD: ")
    assert feed(screen, "1990-01-02")[-1] == Prompt(PROMPT)
    assert feed(screen, "yes")[-1] == Prompt('Type "I agree" or "later": ')
    assert feed(screen, "I AGREE") == [
        HideInput(False),
        CreateAccount("Ada", "long enough", dt.date(1990, 1, 2), attest=True, invitation=None),
    ]


def test_differing_passwords_ask_again() -> None:
    screen = LoginScreen()
    feed(screen, "create Ada", "one password")
    steps = feed(screen, "another one")
    assert Tell("The passwords differ.", Style.ERROR) in steps
    assert steps[-1] == Prompt("Choose a password (at least 8 characters): ")


def test_someone_under_18_is_refused_before_the_statement() -> None:
    screen = LoginScreen()
    steps = feed(screen, "create Ada pw12345678", "2010-01-01")
    assert steps[0] == HideInput(False)
    assert isinstance(steps[1], Refuse)
    assert isinstance(steps[1].error, TooYoung)
    assert feed(screen, "who") == [ShowWho()], "back at the screen"


def test_quit_at_a_question_makes_nothing_and_invitations_are_asked_first() -> None:
    screen = LoginScreen()
    feed(screen, "create")
    assert feed(screen, "QUIT") == [HideInput(False), Tell("No account made."), Prompt(PROMPT)]
    screen = LoginScreen()
    assert feed(screen, "create Ada pw", by_invitation=True)[-1] == Prompt("Your invitation code: ")
    feed(screen, "CODE-1", "1990-01-02")
    made = feed(screen, "later")[-1]
    assert made == CreateAccount(
        "Ada", "pw", dt.date(1990, 1, 2), attest=False, invitation="CODE-1"
    )
