"""How the telnet people commands lay out times, statuses, profiles and letters, and how they
read what the user typed (``@set me=``, ``mail``, channel aliases)."""

from __future__ import annotations

import datetime as dt

import pytest

from boudoir.core.commands.account import with_level
from boudoir.domain.entities import Interest, InterestLevel, Status
from boudoir.domain.events import MessageKind
from boudoir.domain.ids import AccountId, CharacterId
from boudoir.domain.mail import Mail
from boudoir.gateways.telnet.channels import valid_alias
from boudoir.wire.telnet.commands.channels import channel_kind
from boudoir.wire.telnet.commands.mail import split_letter
from boudoir.wire.telnet.commands.profile import line_breaks, split_field, topic_list, yes_no
from boudoir.wire.telnet.replies.mail import inbox_rows
from boudoir.wire.telnet.replies.presence import ago_text, idle_text, status_text
from boudoir.wire.telnet.text import columns

NOW = dt.datetime(2025, 3, 4, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("seconds", "short", "spoken"),
    [
        (0, "0s", "0 seconds"),
        (1, "1s", "1 second"),
        (59.9, "59s", "59 seconds"),
        (60, "1m", "1 minute"),
        (3599, "59m", "59 minutes"),
        (7200, "2h", "2 hours"),
        (86400 * 3 + 5, "3d", "3 days"),
        (-4, "0s", "0 seconds"),
    ],
)
def test_idle_shows_the_largest_unit_short_or_in_words(
    seconds: float, short: str, spoken: str
) -> None:
    assert idle_text(seconds) == short
    assert idle_text(seconds, screen_reader=True) == spoken


def test_last_seen_reads_as_a_utc_time_and_how_long_ago() -> None:
    assert ago_text(NOW - dt.timedelta(days=2, hours=3), NOW) == "2025-03-02 09:00 UTC (2 days ago)"
    assert ago_text(NOW - dt.timedelta(seconds=20), NOW).endswith("(just now)")


def test_a_status_is_shown_unless_plainly_online_and_its_message_is_cleaned() -> None:
    assert status_text(Status.ONLINE, "ignored") == ""
    assert status_text(None) == ""
    assert status_text(Status.AWAY) == "away"
    assert status_text(Status.LOOKING, "a tavern scene") == "looking for roleplay: a tavern scene"
    assert status_text(Status.BUSY, "\x1b[31mred\x1b[0m") == "busy: red"


def test_set_me_splits_a_field_from_its_value_at_the_first_colon() -> None:
    assert split_field("Pronouns: she/her") == ("pronouns", "she/her")
    assert split_field("long:Time: noon") == ("long", "Time: noon")
    assert split_field("species") == ("species", "")


def test_percent_r_is_a_line_break_and_double_percent_escapes_it() -> None:
    assert line_breaks("One.%rTwo.") == "One.\nTwo."
    assert line_breaks("100%% real, %%r literal") == "100% real, %r literal"


def test_topics_are_split_on_commas_and_blanks_dropped() -> None:
    assert topic_list(" rope, slow burn,, hugs ") == ["rope", "slow burn", "hugs"]
    assert topic_list("") == []


def test_yes_no_and_auto() -> None:
    assert yes_no("Yes") is True
    assert yes_no("off") is False
    assert yes_no("auto") is None
    with pytest.raises(ValueError, match="maybe"):
        yes_no("maybe")


def test_setting_one_level_of_interests_keeps_the_others_and_moves_a_repeated_topic() -> None:
    before = (
        Interest("rope", InterestLevel.YES),
        Interest("hugs", InterestLevel.FAVOURITE),
        Interest("gore", InterestLevel.NO),
    )
    after = with_level(before, InterestLevel.FAVOURITE, ["Rope", "tea"])
    assert after == [
        Interest("gore", InterestLevel.NO),
        Interest("Rope", InterestLevel.FAVOURITE),
        Interest("tea", InterestLevel.FAVOURITE),
    ]
    assert with_level(before, InterestLevel.NO, []) == list(before[:2])


def test_a_letter_is_subject_slash_body_and_without_a_slash_has_no_subject() -> None:
    assert split_letter("Tonight / Free at eight?%rBring the map.") == (
        "Tonight",
        "Free at eight?\nBring the map.",
    )
    assert split_letter("Just a note") == ("", "Just a note")


def _letter(subject: str, *, read: bool) -> Mail:
    return Mail(
        id="m1",
        sender_account=AccountId("a1"),
        sender_character=CharacterId("c1"),
        sender_name="Tess",
        recipient_account=AccountId("a2"),
        recipient_character=CharacterId("c2"),
        subject=subject,
        body="hi",
        sent_at=NOW,
        read_at=NOW if read else None,
    )


def test_the_inbox_marks_unread_letters_with_a_star_or_in_words() -> None:
    letters = [_letter("Tonight", read=False), _letter("", read=True)]
    table = columns(inbox_rows(letters, False), 80, False).split("\n")
    assert table[0].split() == ["#", "From", "Date", "(UTC)", "Subject"]
    assert table[1].split() == ["1", "*", "Tess", "2025-03-04", "12:00", "Tonight"]
    assert table[2].split() == ["2", "Tess", "2025-03-04", "12:00", "(no", "subject)"]
    spoken = columns(inbox_rows(letters, True), 80, True).split("\n")
    assert spoken == [
        "1: unread, from Tess, 2025-03-04 12:00 UTC, Tonight.",
        "2: from Tess, 2025-03-04 12:00 UTC, (no subject).",
    ]


@pytest.mark.parametrize(
    ("alias", "problem"),
    [
        ("rp", None),
        ("pub-2", None),
        ("", "at least one"),
        ("say", "already a command"),
        ("two words", "one word"),
        ("-x", "one word"),
        ("x" * 17, "at most 16"),
    ],
)
def test_an_alias_is_one_short_word_that_is_not_a_command(alias: str, problem: str | None) -> None:
    found = valid_alias(alias)
    if problem is None:
        assert found is None
    else:
        assert found is not None
        assert problem in found


def test_a_channel_line_poses_with_a_colon_and_semiposes_with_a_semicolon() -> None:
    assert channel_kind(":waves.") == (MessageKind.POSE, "waves.")
    assert channel_kind(";'s hat tips.") == (MessageKind.POSE, "'s hat tips.")
    assert channel_kind("hello") == (MessageKind.SAY, "hello")
