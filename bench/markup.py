"""Cost of message markup (``wire.markup``): parsing, and each wire's rendering, per message.

Prints microseconds per call for an ordinary formatted line, for plain text (the fast path,
no markup), and for hostile texts of growing length up to the longest message (4000
characters): unclosed ``[url]`` tags, tags nested past the depth limit, thousands of unclosed
and crossed tags, and many bare links. Each hostile text is timed at 1000, 2000 and 4000
characters: with linear parsing the cost per character stays about the same.

    .venv/bin/python bench/markup.py
"""

from __future__ import annotations

import argparse
import timeit
from collections.abc import Callable

from boudoir.domain.entities import MAX_MESSAGE
from boudoir.wire.markup import ansi, irc, parse, plain, structured

REPEATS = 3
"""Timing runs per case; the fastest is reported (the others met noise from elsewhere)."""

ORDINARY = (
    "[b]She[/b] leans against the bar, [i]laughing[/i], and slides him a note: "
    "[spoiler]meet me at midnight[/spoiler] [color=red]by the fountain[/color] "
    "(see https://example.org/map)"
)
PLAIN = "She leans against the bar and laughs, telling him about the long walk home."

HOSTILE: dict[str, Callable[[int], str]] = {
    "unclosed [url]": lambda n: ("[url]" * n)[:n],
    "deep nesting": lambda n: ("[b]" * n)[:n],
    "crossed tags": lambda n: ("[b][i][/b][/i]" * n)[:n],
    "bad colours": lambda n: ("[color=nope]x" * n)[:n],
    "bare links": lambda n: ("https://a.org/x " * n)[:n],
}


def per_call(call: Callable[[], object], number: int) -> float:
    """Microseconds per call, the fastest of ``REPEATS`` runs of ``number`` calls."""
    return min(timeit.repeat(call, number=number, repeat=REPEATS)) / number * 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--number", type=int, default=200, help="calls per timing run")
    args = parser.parse_args(argv)
    number = args.number
    nodes = parse(ORDINARY)
    print(f"ordinary parse: {per_call(lambda: parse(ORDINARY), number * 10):.1f} µs")
    print(f"plain parse: {per_call(lambda: parse(PLAIN), number * 10):.2f} µs")
    for name, render in (("irc", irc), ("ansi", ansi), ("plain", plain), ("json", structured)):
        print(f"ordinary {name}: {per_call(lambda r=render: r(nodes), number * 10):.1f} µs")  # type: ignore[misc]
    for name, make in HOSTILE.items():
        figures = []
        for length in (MAX_MESSAGE // 4, MAX_MESSAGE // 2, MAX_MESSAGE):
            text = make(length)
            micro = per_call(lambda t=text: parse(t), number)  # type: ignore[misc]
            figures.append(f"{length}: {micro:.0f} µs ({micro * 1000 / length:.0f} ns/char)")
        print(f"{name}: " + ", ".join(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
