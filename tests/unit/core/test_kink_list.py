"""The kink list: the shipped one is well-formed and written for adults; an operator's
additions join it with ``site-`` ids, and a bad file says what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from boudoir.core.kinks import load_kink_list, standard_kink_list
from boudoir.domain.kinks import KinkListError


def test_the_standard_list_is_versioned_and_large_enough_to_be_useful() -> None:
    kinks = standard_kink_list()
    assert kinks.version
    assert 10 <= len(kinks.categories) <= 16
    assert 150 <= len(kinks) <= 250
    assert all(k.id == k.id.lower() and not k.id.startswith("site-") for k in kinks)
    words = " ".join(f"{k.id} {k.name} {k.description}".lower() for k in kinks)
    for never in ("minor", "underage", "child", "teen", "loli", "shota", "bestiality"):
        assert never not in words


def test_an_operators_additions_join_with_prefixed_ids(tmp_path: Path) -> None:
    extra = tmp_path / "kinks.toml"
    extra.write_text(
        'version = 2\n[[categories]]\nid = "romance"\nname = "ignored"\n'
        'kinks = [{id = "candlelight", name = "Candlelight", description = "Dinners."}]\n'
        '[[categories]]\nid = "local"\nname = "Our house"\n'
        'kinks = [{id = "tavern", name = "Tavern scenes", description = "Ale."}]\n'
    )
    kinks = load_kink_list(extra)
    standard = standard_kink_list()
    assert len(kinks) == len(standard) + 2
    assert kinks.version == f"{standard.version}+site-2"
    romance = next(c for c in kinks.categories if c.id == "romance")
    assert romance.kinks[-1].id == "site-candlelight"
    assert kinks.categories[-1].name == "Our house"
    assert kinks.by_id["site-tavern"].name == "Tavern scenes"


HEAD = 'version = 1\n[[categories]]\nid = "x"\nname = "X"\n'


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("version = 1\n", "'categories'"),
        (
            HEAD + 'kinks = [{id = "Bad Id", name = "n", description = "d"}]\n',
            "lower-case",
        ),
        (
            HEAD + 'kinks = [{id = "a", description = "d"}]\n',
            "'name'",
        ),
        ("not toml at all = = =", "not valid TOML"),
    ],
)
def test_a_bad_file_is_refused_with_its_name_and_the_fault(
    tmp_path: Path, text: str, says: str
) -> None:
    extra = tmp_path / "bad.toml"
    extra.write_text(text)
    with pytest.raises(KinkListError) as caught:
        load_kink_list(extra)
    assert str(extra) in str(caught.value)
    assert says in str(caught.value)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(KinkListError, match="cannot be read"):
        load_kink_list(tmp_path / "nope.toml")
