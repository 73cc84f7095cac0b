"""Message markup (``wire.markup``): what is formatting and what stays text as typed, and how
each wire shows it. Milliseconds, no sockets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boudoir.wire import markup
from boudoir.wire.markup import (
    COLOURS,
    MAX_DEPTH,
    Element,
    Node,
    ansi,
    irc,
    is_plain,
    parse,
    plain,
    structured,
)


def b(*children: object) -> dict[str, object]:
    return {"tag": "b", "children": list(children)}


def tag(name: str, *children: object) -> dict[str, object]:
    return {"tag": name, "children": list(children)}


def colour(name: str, *children: object) -> dict[str, object]:
    return {"tag": "color", "color": name, "children": list(children)}


def link(href: str, *children: object) -> dict[str, object]:
    return {"tag": "url", "href": href, "children": list(children or (href,))}


CASES: list[tuple[str, list[object]]] = [
    # plain text
    ("", []),
    ("hello", ["hello"]),
    ("a [ b ] c", ["a [ b ] c"]),
    # each tag
    ("[b]bold[/b]", [b("bold")]),
    ("[i]x[/i] [u]y[/u] [s]z[/s]", [tag("i", "x"), " ", tag("u", "y"), " ", tag("s", "z")]),
    ("E=mc[sup]2[/sup], H[sub]2[/sub]O", ["E=mc", tag("sup", "2"), ", H", tag("sub", "2"), "O"]),
    ("[spoiler]the butler[/spoiler]", [tag("spoiler", "the butler")]),
    ("[color=red]red[/color]", [colour("red", "red")]),
    ("[B]loud[/b]", [b("loud")]),
    ("[color=Pink]p[/COLOR]", [colour("pink", "p")]),
    ("[b][/b]", [b()]),
    # nesting
    ("[b]a [i]b[/i] c[/b]", [b("a ", tag("i", "b"), " c")]),
    ("[color=blue][b]x[/b][/color]", [colour("blue", b("x"))]),
    ("[b][b]x[/b][/b]", [b(b("x"))]),
    # unbalanced and crossed: text as typed
    ("[b]never closed", ["[b]never closed"]),
    ("closed [/b] only", ["closed [/b] only"]),
    ("[b]a[i]b[/b]c[/i]", ["[b]a", tag("i", "b[/b]c")]),
    ("[b]x[i]y[/b]", ["[b]x[i]y[/b]"]),
    ("[i][b]x[/b]", ["[i]", b("x")]),
    # unknown tags, values where none belong, bad colours
    ("[icon]alice[/icon]", ["[icon]alice[/icon]"]),
    ("[eicon]x[/eicon] [img]y[/img]", ["[eicon]x[/eicon] [img]y[/img]"]),
    ("[b=1]x[/b]", ["[b=1]x[/b]"]),
    ("[b]x[/b=1]", ["[b]x[/b=1]"]),
    ("[color=red2]x[/color]", ["[color=red2]x[/color]"]),
    ("[color=#ff0000]x[/color]", ["[color=#ff0000]x[/color]"]),
    ("[color=]x[/color]", ["[color=]x[/color]"]),
    ("[color]x[/color]", ["[color]x[/color]"]),
    ("[color=red;background:url(x)]x[/color]", ["[color=red;background:url(x)]x[/color]"]),
    # links
    ("[url]https://example.org/a?b=c[/url]", [link("https://example.org/a?b=c")]),
    ("[url=http://example.org]the site[/url]", [link("http://example.org", "the site")]),
    (
        "[url=https://example.org][b]bold[/b] link[/url]",
        [link("https://example.org", b("bold"), " link")],
    ),
    ("[URL=HTTPS://EXAMPLE.ORG]x[/url]", [link("HTTPS://EXAMPLE.ORG", "x")]),
    # refused addresses: text as typed
    ("[url=javascript:alert(1)]x[/url]", ["[url=javascript:alert(1)]x[/url]"]),
    ("[url]javascript:alert(1)[/url]", ["[url]javascript:alert(1)[/url]"]),
    ("[url=JavaScript:alert(1)]x[/url]", ["[url=JavaScript:alert(1)]x[/url]"]),
    ("[url=data:text/html,hi]x[/url]", ["[url=data:text/html,hi]x[/url]"]),
    ("[url=ftp://example.org]x[/url]", ["[url=ftp://example.org]x[/url]"]),
    ("[url=//example.org]x[/url]", ["[url=//example.org]x[/url]"]),
    ("[url=https://]x[/url]", ["[url=https://]x[/url]"]),
    ('[url=https://a.org/"onclick="x]y[/url]', ['[url=https://a.org/"onclick="x]y[/url]']),
    ("[url]https://a.org/ x[/url]", ["[url]", link("https://a.org/"), " x[/url]"]),
    ("[url]never closed", ["[url]never closed"]),
    ("[url=https://a.org]never closed", ["[url=https://a.org]never closed"]),
    # a link inside a link is text; [url] holds its address as typed
    (
        "[url=https://a.org][url=https://b.org]x[/url][/url]",
        [link("https://a.org", "[url=https://b.org]x"), "[/url]"],
    ),
    ("[url]https://a.org/[b]x[/b][/url]", ["[url]", link("https://a.org/"), b("x"), "[/url]"]),
    # bare links in text
    ("see https://example.org/page.", ["see ", link("https://example.org/page"), "."]),
    ("(https://example.org/x)", ["(", link("https://example.org/x"), ")"]),
    ("https://en.wikipedia.org/wiki/Foo_(bar)", [link("https://en.wikipedia.org/wiki/Foo_(bar)")]),
    ("[b]http://a.org[/b]", [b(link("http://a.org"))]),
    ("javascript:alert(1) and ftp://x.org", ["javascript:alert(1) and ftp://x.org"]),
    ("https:// nothing", ["https:// nothing"]),
    ("[url=https://a.org]https://b.org[/url]", [link("https://a.org", "https://b.org")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] or "empty" for c in CASES])
def test_markup_parses_to_its_tree_and_anything_else_stays_text(
    text: str, expected: list[object]
) -> None:
    assert structured(parse(text)) == expected


def test_a_text_without_markup_is_one_string_and_plain() -> None:
    assert parse("just words") == ("just words",)
    assert is_plain(parse("a [ b ] c [icon]x[/icon]"))
    assert not is_plain(parse("[b]x[/b]"))
    assert not is_plain(parse("see https://a.org"))


def test_every_named_colour_is_a_colour_and_nothing_else_is() -> None:
    for name in COLOURS:
        assert parse(f"[color={name}]x[/color]") == (Element("color", name, ("x",)),)
    for name in ("grey", "magenta", "transparent", "inherit", "rgb(1,2,3)", "red blue"):
        assert is_plain(parse(f"[color={name}]x[/color]")), name


def test_tags_deeper_than_the_limit_are_text() -> None:
    deep = "[i]" * (MAX_DEPTH + 1) + "x" + "[/i]" * (MAX_DEPTH + 1)
    nodes = parse(deep)
    depth, node = 0, nodes
    while node and isinstance(node[0], Element):
        depth, node = depth + 1, node[0].children
    assert depth == MAX_DEPTH
    assert plain(nodes) == "[i]x[/i]"


def test_many_unclosed_url_tags_look_for_a_closing_tag_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Linear time: ``[url]`` without a ``[/url]`` after it does not scan the rest of the text
    again for each of thousands of them."""
    searches = 0
    real = markup._URL_CLOSE

    class Counting:
        def search(self, text: str, position: int) -> object:
            nonlocal searches
            searches += 1
            return real.search(text, position)

    monkeypatch.setattr(markup, "_URL_CLOSE", Counting())
    text = "[url]" * 5000
    assert parse(text) == (text,)
    assert searches == 1
    searches = 0
    text = "[url]x [url]https://a.org[/url] " * 1000
    assert sum(isinstance(node, Element) for node in parse(text)) == 1000
    assert searches == 1000  # one per [/url]: each search starts past the last one found


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "[b]",
                "[/b]",
                "[i]",
                "[/i]",
                "[color=red]",
                "[color=bad]",
                "[/color]",
                "[url]",
                "[url=https://a.org]",
                "[url=javascript:x]",
                "[/url]",
                "https://b.org",
                "x",
                " ",
                "[",
                "]",
                "=",
                "[spoiler]",
                "[/spoiler]",
                "[sup]",
                "[/sub]",
                "[icon]",
            ]
        ),
        max_size=40,
    )
)
def test_any_text_parses_to_known_tags_safe_links_and_keeps_its_words(parts: list[str]) -> None:
    text = "".join(parts)
    nodes = parse(text)

    def check(nodes: tuple[Node, ...]) -> None:
        for node in nodes:
            if isinstance(node, Element):
                assert node.tag in {"b", "i", "u", "s", "sup", "sub", "spoiler", "color", "url"}
                if node.tag == "color":
                    assert node.value in COLOURS
                if node.tag == "url":
                    assert node.value.lower().startswith(("http://", "https://"))
                check(node.children)

    check(nodes)
    assert plain(nodes).count("x") == text.count("x")


# --- renderers ----------------------------------------------------------------------------


def test_irc_codes_open_and_close_each_format_and_restore_the_outer_one() -> None:
    assert irc(parse("[b]bold[/b] plain")) == "\x02bold\x0f plain"
    assert irc(parse("[i]it[/i][u]un[/u][s]st[/s]")) == "\x1dit\x0f\x1fun\x0f\x1est\x0f"
    assert irc(parse("[b]a [i]b[/i] c[/b]")) == "\x02a \x1db\x0f\x02 c\x0f"
    assert irc(parse("[color=red]5 apples[/color]")) == "\x03045 apples\x0f"
    assert irc(parse("[spoiler]it was him[/spoiler]")) == "\x0301,01it was him\x0f"
    assert irc(parse("x[sup]2[/sup]")) == "x2"


def test_irc_shows_links_as_their_address() -> None:
    assert irc(parse("[url=https://a.org]the site[/url]")) == "the site (https://a.org)"
    assert irc(parse("[url]https://a.org[/url] and https://b.org")) == (
        "https://a.org and https://b.org"
    )


def test_ansi_codes_reset_and_reopen_what_is_still_open() -> None:
    assert ansi(parse("[b]bold[/b]")) == "\x1b[1mbold\x1b[0m"
    assert ansi(parse("[b]a [color=green]b[/color] c[/b]")) == (
        "\x1b[1ma \x1b[32mb\x1b[0m\x1b[1m c\x1b[0m"
    )
    assert ansi(parse("[spoiler]s[/spoiler]")) == "\x1b[30;40ms\x1b[0m"
    assert ansi(parse("[url=https://a.org]site[/url]")) == "\x1b[4msite\x1b[0m (https://a.org)"


def test_ansi_and_plain_make_each_piece_of_text_safe() -> None:
    def shout(text: str) -> str:
        return text.upper()

    assert ansi(parse("[b]hi[/b] there"), shout) == "\x1b[1mHI\x1b[0m THERE"
    assert plain(parse("[b]hi[/b] there"), shout) == "HI THERE"


def test_plain_text_marks_spoilers_and_shows_link_addresses() -> None:
    assert plain(parse("[b]bold[/b] [color=red]red[/color]")) == "bold red"
    assert plain(parse("[spoiler]the butler[/spoiler]")) == "[spoiler: the butler]"
    assert plain(parse("[url=https://a.org]site[/url]")) == "site (https://a.org)"
    assert plain(parse("[url]https://a.org[/url]")) == "https://a.org"
    assert plain(parse("[b]unclosed")) == "[b]unclosed"
