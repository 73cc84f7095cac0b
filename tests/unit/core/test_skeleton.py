"""Confusable skeletons (UTS #39 section 4, then canonical caseless folding)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boudoir.core.skeleton import _parse, _prototypes, skeleton
from boudoir.domain.names import name_key

# --- look-alikes collide -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "look_alike"),
    [
        pytest.param("Alice", "AIice", id="capital-I-for-l"),
        pytest.param("Alice", "\u0410lice", id="cyrillic-capital-A"),
        pytest.param("Alice", "Al\u0456ce", id="cyrillic-small-i"),
        pytest.param("alice", "\u0430lice", id="cyrillic-small-a"),
        pytest.param("Alice", "\uff21lice", id="fullwidth-A"),
        pytest.param("Alice", "A1ice", id="digit-one-for-l"),
        pytest.param("Bob", "B0b", id="digit-zero-for-o"),
        pytest.param("rn", "m", id="rn-for-m"),
        pytest.param("mallory", "rnallory", id="rn-for-m-in-a-name"),
        pytest.param("Zoë", "Zoe\u0308", id="nfc-and-nfd"),
        pytest.param("Paypal", "\u0420\u0430ypal", id="cyrillic-Pa"),
    ],
)
def test_look_alikes_share_a_skeleton(name: str, look_alike: str) -> None:
    assert name != look_alike
    assert skeleton(name) == skeleton(look_alike)


def test_alice_aiice_and_cyrillic_alice_all_share_one_skeleton() -> None:
    assert skeleton("Alice") == skeleton("AIice") == skeleton("\u0410lice") == "alice"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param("alice", "bob", id="different-names"),
        pytest.param("alice", "alicia", id="longer"),
        pytest.param("Alice", "Aiice", id="small-i-is-not-l"),
        pytest.param("Zoë", "Zoe", id="diaeresis-counts"),
        pytest.param("Renée", "Renee", id="acute-counts"),
        pytest.param("名前", "名刺", id="cjk"),
        pytest.param("a-b", "a_b", id="hyphen-and-underscore"),
    ],
)
def test_distinct_names_have_distinct_skeletons(first: str, second: str) -> None:
    assert skeleton(first) != skeleton(second)


# --- case ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "variant", ["Alice", "alice", "aLiCe", "ALiCE", "\u0430lice", "\u0410lice"]
)
def test_case_variants_share_a_skeleton(variant: str) -> None:
    # None of these spell a capital I: see the next test for why that matters.
    assert skeleton(variant) == skeleton("alice")


def test_case_variants_with_a_case_dependent_prototype_are_caught_by_the_name_key() -> None:
    # The capital I is confusable with l, the small i is not; folding after the mapping keeps
    # that, so "ALICE" and "alice" differ in skeleton. They are the same name by key, which the
    # store compares alongside the skeleton.
    assert skeleton("ALICE") == "allce"
    assert skeleton("alice") == "alice"
    assert name_key("ALICE") == name_key("alice")
    # And a look-alike of the capitalised form is caught by the skeleton.
    assert skeleton("ALlCE") == skeleton("ALICE")


# Letters that the table maps in neither case (not I, whose capital looks like l; not m, which
# looks like rn), with and without diacritics that stay distinct.
_CASE_STABLE_LETTERS = "abcdefghjklnopqrstuvwxyzéèêëàâäöüñ"


@given(st.text(alphabet=_CASE_STABLE_LETTERS + _CASE_STABLE_LETTERS.upper(), max_size=24))
def test_case_never_matters_where_the_prototypes_do_not_depend_on_it(text: str) -> None:
    assert skeleton(text) == skeleton(text.lower()) == skeleton(text.upper())
    assert skeleton(text) == skeleton(text.swapcase())


# --- what is guaranteed for any text -------------------------------------------------------------

_ANY_TEXT = st.text(st.characters(blacklist_categories=()), max_size=40)
"""Every code point, lone surrogates included (JSON can carry them)."""


@given(_ANY_TEXT)
def test_never_raises_and_is_deterministic(text: str) -> None:
    first = skeleton(text)
    assert isinstance(first, str)
    assert skeleton(text) == first


@given(_ANY_TEXT)
def test_the_result_is_case_folded_and_in_nfd(text: str) -> None:
    shape = skeleton(text)
    assert unicodedata.is_normalized("NFD", shape)
    assert unicodedata.normalize("NFD", shape.casefold()) == shape


@given(_ANY_TEXT)
def test_canonically_equivalent_texts_share_a_skeleton(text: str) -> None:
    # Step 1 of UTS #39 skeleton is NFD, so NFC and NFD spellings are one name.
    assert skeleton(unicodedata.normalize("NFC", text)) == skeleton(text)
    assert skeleton(unicodedata.normalize("NFD", text)) == skeleton(text)


def test_the_skeleton_is_not_idempotent() -> None:
    # UTS #39 does not promise skeleton(skeleton(x)) == skeleton(x), and folding after the mapping
    # adds cases such as this one: callers compute skeletons from names, never from skeletons.
    assert skeleton("M") == "m"
    assert skeleton("m") == "rn"
    # Even the bare UTS #39 mapping is not: NFD after the mapping exposes characters that map
    # again (U+01C6 LATIN SMALL LETTER DZ WITH CARON gives "dž", whose NFD holds a caron; the
    # caron's prototype is a breve).
    assert skeleton("\u01c6") == "dz\u030c"
    assert skeleton(skeleton("\u01c6")) == "dz\u0306"


@pytest.mark.parametrize("empty_like", ["", " ", "\u200d"])
def test_text_without_letters_still_has_a_skeleton(empty_like: str) -> None:
    assert skeleton(empty_like) == skeleton(empty_like)


# --- the data ------------------------------------------------------------------------------------


def test_the_unicode_data_is_loaded_in_full() -> None:
    prototypes = _prototypes()
    assert len(prototypes) > 6000
    assert prototypes[0x0410] == "A"  # CYRILLIC CAPITAL LETTER A
    assert prototypes[ord("I")] == "l"
    assert prototypes[ord("m")] == "rn"
    assert ord("\ufeff") not in prototypes
    assert _prototypes() is prototypes  # read once


def test_parse_reads_fields_and_skips_comments_and_blank_lines() -> None:
    text = (
        "# confusables.txt\n"
        "# Version: 13.0.0\n"
        "\n"
        "0410 ;\t0041 ;\tMA\t# ( А → A ) CYRILLIC CAPITAL LETTER A → LATIN CAPITAL LETTER A\t#\n"
        "006D ;\t0072 006E ;\tMA\t# ( m → rn ) LATIN SMALL LETTER M → R, N\t#\n"
        "   \n"
    )
    assert _parse(text) == {0x0410: "A", 0x006D: "rn"}
