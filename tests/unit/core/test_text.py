"""The text rule every gateway shares: explicit bidi controls are balanced, so that what
someone wrote cannot reorder what a client shows after it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boudoir.core.text import PDF, PDI, balance_bidi

LRE, RLE, LRO, RLO = "\u202a", "\u202b", "\u202d", "\u202e"
LRI, RLI, FSI = "\u2066", "\u2067", "\u2068"
EXPLICIT = (LRE, RLE, LRO, RLO, PDF, LRI, RLI, FSI, PDI)


def balanced(text: str) -> bool:
    """Every closer closes something, and nothing is left open at a line's end."""
    open_: list[str] = []
    for char in text:
        if char in (LRE, RLE, LRO, RLO):
            open_.append(PDF)
        elif char in (LRI, RLI, FSI):
            open_.append(PDI)
        elif char in (PDF, PDI):
            if not open_ or open_.pop() != char:
                return False
        elif char == "\n" and open_:
            return False
    return not open_


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        (
            "plain text, \u05e9\u05dc\u05d5\u05dd \u200f!",
            "plain text, \u05e9\u05dc\u05d5\u05dd \u200f!",
        ),
        (f"evil{RLO}txt.exe", f"evil{RLO}txt.exe{PDF}"),  # closed where the text ends
        (f"{PDF}{PDI}stray closers", "stray closers"),  # closing nothing: dropped
        (f"{RLI}\u05d0{PDI} ok", f"{RLI}\u05d0{PDI} ok"),  # balanced already: kept as written
        (f"{RLI}{RLE}inner{PDI}", f"{RLI}{RLE}inner{PDF}{PDI}"),  # the isolate ends its embedding
        (f"{RLE}{LRI}x{PDF}y", f"{RLE}{LRI}xy{PDI}{PDF}"),  # a PDF cannot reach out of an isolate
        (f"one{RLO}\ntwo", f"one{RLO}{PDF}\ntwo"),  # each line closes its own
    ],
)
def test_bidi_controls_are_balanced_and_otherwise_kept(written: str, shown: str) -> None:
    assert balance_bidi(written) == shown
    assert balanced(shown)


@given(st.text(alphabet=st.sampled_from([*EXPLICIT, "a", "\u05d0", "\n", " ", "\u200e"])))
def test_any_text_comes_out_balanced_with_only_controls_added_or_dropped(text: str) -> None:
    shown = balance_bidi(text)
    assert balanced(shown)
    assert balance_bidi(shown) == shown

    def without_controls(value: str) -> str:
        return "".join(c for c in value if c not in EXPLICIT)

    assert without_controls(shown) == without_controls(text)
