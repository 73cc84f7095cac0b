"""Names of characters, accounts and rooms: what is accepted, what is refused and why."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boudoir.domain.errors import InvalidName, ReservedName
from boudoir.domain.names import (
    MAX_NAME,
    MAX_ROOM_NAME,
    MIN_NAME,
    RESERVED_NAMES,
    name_key,
    validate_name,
    validate_room_name,
)

# --- accepted ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Alice",
        "Zoë",
        "Renée_2",
        "名前",
        "a-b",
        "Al",  # the shortest
        "A" * MAX_NAME,  # the longest
        "Ærwyn",
        "Ольга",
        "Σοφία",
        "محمد",
        "Björk-Guðmundsdóttir",
        "x_1",
        "Mod_Squad",  # holds a reserved word, but is not one
    ],
)
def test_typical_names_are_accepted_as_typed(name: str) -> None:
    assert validate_name(name) == name


def test_surrounding_whitespace_is_trimmed() -> None:
    assert validate_name("  Alice\t") == "Alice"


def test_names_are_shown_in_nfc() -> None:
    assert validate_name("Zoe\u0308") == "Zo\u00eb"


# --- refused, and the message says why -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "complaint"),
    [
        pytest.param("", "cannot be empty", id="empty"),
        pytest.param("   ", "cannot be empty", id="only-spaces"),
        pytest.param("A", f"{MIN_NAME} to {MAX_NAME} characters", id="too-short"),
        pytest.param("A" * (MAX_NAME + 1), f"{MIN_NAME} to {MAX_NAME} characters", id="too-long"),
        pytest.param("2Alice", "start with a letter", id="leading-digit"),
        pytest.param("-Alice", "start with a letter", id="leading-hyphen"),
        pytest.param("_Alice", "start with a letter", id="leading-underscore"),
        pytest.param("\u0301Alice", "start with a letter", id="leading-combining-mark"),
        pytest.param("Alice Smith", "U+0020", id="space"),
        pytest.param("Alice\u00a0Smith", "U+00A0", id="no-break-space"),
        pytest.param("Alice,Bob", "','", id="comma"),
        pytest.param("Alice!", "'!'", id="exclamation"),
        pytest.param("Alice@home", "'@'", id="at"),
        pytest.param("Alice#1", "'#'", id="hash"),
        pytest.param("Alice*", "'*'", id="asterisk"),
        pytest.param("Alice?", "'?'", id="question"),
        pytest.param("Alice:", "':'", id="colon"),
        pytest.param("Alice=", "'='", id="equals"),
        pytest.param("Alice.", "'.'", id="full-stop"),
        pytest.param("Al$ce", "'$'", id="dollar"),
        pytest.param("Alice\x00", "U+0000", id="nul"),
        pytest.param("Ali\x07ce", "U+0007", id="bell"),
        pytest.param("Ali\rce", "U+000D", id="carriage-return"),
        pytest.param("Ali\nce", "U+000A", id="line-feed"),
        pytest.param("Ali\x1bce", "U+001B", id="escape"),
        pytest.param("Ali\x7fce", "U+007F", id="delete"),
        pytest.param("Al\u200dice", "U+200D", id="zero-width-joiner"),
        pytest.param("Al\u200bice", "U+200B", id="zero-width-space"),
        pytest.param("Al\u202eice", "U+202E", id="right-to-left-override"),
        pytest.param("Al\ufeffice", "U+FEFF", id="byte-order-mark"),
        pytest.param("Alice\u3164", "invisible", id="hangul-filler"),
        pytest.param("\u3164\u3164", "invisible", id="only-hangul-fillers"),
        pytest.param("Alice\ufe0f", "invisible", id="variation-selector"),
        pytest.param("Al\u034fice", "invisible", id="combining-grapheme-joiner"),
        pytest.param("Alice\U000e0100", "invisible", id="variation-selector-17"),
        pytest.param("Alice😀", "'😀'", id="emoji"),
    ],
)
def test_malformed_names_are_refused_with_a_clear_message(name: str, complaint: str) -> None:
    with pytest.raises(InvalidName) as caught:
        validate_name(name)
    assert type(caught.value) is InvalidName
    assert caught.value.code == "invalid_name"
    assert complaint in caught.value.message
    assert caught.value.message.startswith("Character names")


def test_the_message_names_the_kind_of_name() -> None:
    with pytest.raises(InvalidName) as caught:
        validate_name("A", kind="login")
    assert caught.value.message.startswith("Login names ")


def test_a_refused_character_is_shown_in_the_message() -> None:
    with pytest.raises(InvalidName) as caught:
        validate_name("Alice,Bob")
    assert caught.value.message == (
        "Character names may hold letters, digits, '_' and '-' only, not ','."
    )


def test_an_invisible_character_is_named_by_its_code_point_not_drawn() -> None:
    with pytest.raises(InvalidName) as caught:
        validate_name("Alice\u3164")
    assert "\u3164" not in caught.value.message
    assert "U+3164" in caught.value.message


# --- reserved ------------------------------------------------------------------------------------


@pytest.mark.parametrize("reserved", sorted(RESERVED_NAMES))
@pytest.mark.parametrize(
    "dress",
    [
        pytest.param(str, id="as-is"),
        pytest.param(str.upper, id="upper"),
        pytest.param(str.title, id="title"),
        pytest.param(lambda n: n + "_2", id="underscore-digit"),
        pytest.param(lambda n: n + "42", id="digits"),
        pytest.param(lambda n: n + "-", id="trailing-hyphen"),
        pytest.param(lambda n: n[:1] + "-" + n[1:], id="hyphen-inside"),
        pytest.param(lambda n: n + "\u0662", id="arabic-indic-digit"),
        pytest.param(lambda n: n.upper() + "\uff12", id="fullwidth-digit"),
        pytest.param(
            lambda n: "".join(chr(ord(c) - 0x61 + 0xFF41) for c in n), id="fullwidth-letters"
        ),
    ],
)
def test_reserved_names_are_refused_in_any_dress(reserved: str, dress: object) -> None:
    name = dress(reserved)  # type: ignore[operator]
    with pytest.raises(ReservedName) as caught:
        validate_name(name)
    assert caught.value.code == "name_reserved"
    assert "reserved" in caught.value.message


@pytest.mark.parametrize("name", ["NickServ", "nick-serv", "Nick_Serv", "Admin_2", "OPERATOR"])
def test_the_usual_impersonations_of_staff_are_reserved(name: str) -> None:
    with pytest.raises(ReservedName, match="reserved"):
        validate_name(name)


def test_the_reserved_message_quotes_the_name_as_typed() -> None:
    with pytest.raises(ReservedName) as caught:
        validate_name("NickServ")
    assert caught.value.message == "The name 'NickServ' is reserved."


def test_a_reserved_name_is_an_invalid_name() -> None:
    # Gateways that map only InvalidName still refuse reserved names.
    assert issubclass(ReservedName, InvalidName)


@pytest.mark.parametrize("name", ["Administrative", "Hereward", "Memo", "Modesty", "Rooted"])
def test_words_that_merely_start_like_a_reserved_name_are_accepted(name: str) -> None:
    assert validate_name(name) == name


# --- keys ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "variant",
    [
        "Alice",
        "alice",
        "ALICE",
        "aLiCe",
        "\uff21\uff4c\uff49\uff43\uff45",  # fullwidth Ａｌｉｃｅ
        "\uff41\uff4c\uff49\uff43\uff45",  # fullwidth ａｌｉｃｅ
        "\U0001d400lice",  # MATHEMATICAL BOLD CAPITAL A
    ],
)
def test_case_and_compatibility_variants_share_a_key(variant: str) -> None:
    assert name_key(variant) == name_key("Alice") == "alice"


def test_keys_fold_beyond_lower_case() -> None:
    assert name_key("Straße") == name_key("STRASSE")
    assert name_key("ΟΔΥΣΣΕΥΣ") == name_key("Οδυσσευς")  # final sigma folds like any sigma


def test_keys_do_not_fold_diacritics() -> None:
    assert name_key("Zoë") != name_key("Zoe")


def test_nfc_and_nfd_spellings_share_a_key() -> None:
    assert name_key("Zoe\u0308") == name_key("Zo\u00eb")


# --- room names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("#Parlour", "Parlour"), ("Parlour", "Parlour"), ("  #Parlour ", "Parlour")],
)
def test_room_names_lose_one_leading_hash(typed: str, shown: str) -> None:
    assert validate_room_name(typed) == shown


@pytest.mark.parametrize(
    ("typed", "complaint"),
    [
        ("##Parlour", "start with a letter"),
        ("#", "cannot be empty"),
        ("Tea Room", "U+0020"),
        ("P" * (MAX_ROOM_NAME + 1), f"{MIN_NAME} to {MAX_ROOM_NAME} characters"),
    ],
)
def test_bad_room_names_are_refused(typed: str, complaint: str) -> None:
    with pytest.raises(InvalidName) as caught:
        validate_room_name(typed)
    assert complaint in caught.value.message
    assert caught.value.message.startswith("Room names")


def test_room_names_may_be_longer_than_character_names() -> None:
    name = "P" * MAX_ROOM_NAME
    assert validate_room_name(name) == name
    with pytest.raises(InvalidName):
        validate_name(name)


# --- for any text at all -------------------------------------------------------------------------

_IRC_FORBIDDEN = set(" ,*?!@#:$&=.")
_DEFAULT_IGNORABLE = {0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0} | set(
    range(0xFE00, 0xFE10)
)


@given(st.text(st.characters(blacklist_categories=()), max_size=40))
def test_any_text_gives_one_clean_word_or_invalid_name(text: str) -> None:
    try:
        name = validate_name(text)
    except InvalidName as error:
        refusal = error.message
    else:
        refusal = None
    if refusal is not None:
        assert refusal.strip()  # something to tell the user
        return
    assert MIN_NAME <= len(name) <= MAX_NAME
    assert name.split() == [name]
    assert name == name.strip()
    assert unicodedata.is_normalized("NFC", name)
    assert unicodedata.category(name[0]).startswith("L")
    assert not _IRC_FORBIDDEN & set(name)
    for char in name:
        assert not unicodedata.category(char).startswith(("C", "Z", "P", "S")) or char in "_-"
        assert ord(char) not in _DEFAULT_IGNORABLE
    assert validate_name(name) == name  # what was accepted is accepted again, unchanged


@given(st.text(st.characters(blacklist_categories=()), max_size=40))
def test_any_text_gives_a_room_name_or_invalid_name(text: str) -> None:
    try:
        name = validate_room_name(text)
    except InvalidName:
        return
    assert MIN_NAME <= len(name) <= MAX_ROOM_NAME
    assert name.split() == [name]
    assert not name.startswith("#")


@given(st.text(st.characters(blacklist_categories=()), max_size=40))
def test_a_key_is_its_own_key(text: str) -> None:
    # So a stored key can be compared with a key computed from a name, whichever came first.
    assert name_key(name_key(text)) == name_key(text)
