"""The whole-text scanner reads every page exactly as the line-by-line scanner it replaced
(`reference_scan.py`, kept verbatim as the oracle): the same headings, optional markers, field
blocks, placeholder candidates, status line and link labels, and the same prose lines (the
scanner keeps them as the page's lines with the others emptied), on the real corpora, on
generated sites and on generated Markdown that mixes fences, comments, setext underlines,
headings, fields, placeholders and line endings."""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_specs.model import Field, Heading
from mkdocs_specs.parse import decode_source, read_front_matter, scan_outline, split_lines

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

import reference_scan  # noqa: E402
from generate import make_spec  # noqa: E402


@dataclass(slots=True)
class ReferenceOutline:
    """The outline as the oracle builds it: prose as a list of (line, stripped text)."""

    headings: list[Heading] = field(default_factory=list)
    optional_headings: set[int] = field(default_factory=set)
    field_blocks: dict[int, dict[str, Field]] = field(default_factory=dict)
    placeholders: list[tuple[int, str]] = field(default_factory=list)
    body_lines: list[tuple[int, str]] = field(default_factory=list)
    status_line: str | None = None
    link_labels: set[str] = field(default_factory=set)


reference_scan.Outline = ReferenceOutline  # type: ignore[attr-defined, misc]
OUTLINE_PARTS = [
    *("headings", "optional_headings", "field_blocks", "placeholders"),
    *("body_lines", "status_line", "link_labels"),
]


def assert_same_outline(text: str, where: str = "") -> None:
    lines = split_lines(text)
    start = read_front_matter(lines)[1]
    outline = scan_outline(lines, start)
    expected = reference_scan.scan_outline(lines, start)
    assert len(outline.prose) == len(lines), where
    for part in OUTLINE_PARTS:
        assert getattr(outline, part) == getattr(expected, part), f"{where}: {part}"


def corpus_pages() -> list[Path]:
    return sorted(CORPORA.rglob("*.md")) if CORPORA.is_dir() else []


@pytest.mark.skipif(not CORPORA.is_dir(), reason="no corpora next to the repository")
def test_every_corpus_page_reads_the_same():
    pages = corpus_pages()
    assert len(pages) > 500
    for path in pages:
        assert_same_outline(decode_source(path.read_bytes())[0], str(path))


def test_generated_site_pages_read_the_same():
    rng = random.Random(11)
    template = resources.files("mkdocs_specs").joinpath("resources/spec-template.md").read_text()
    assert_same_outline(template, "template")
    for index in range(200):
        assert_same_outline(make_spec(index, rng, template, 10, 10), f"spec {index}")
    for name in resources.files("mkdocs_specs").joinpath("resources").iterdir():
        if name.name.endswith(".md"):
            assert_same_outline(name.read_text("utf-8"), name.name)


_WORDS = st.sampled_from(
    ["Status", "status", "Owner", "Summary", "a", "b c", "optional", "TBD", "x#", "é", ""]
)
_TOKENS = st.sampled_from(
    [
        "{name}",
        "[TBD]",
        "[x]",
        "[x]:",
        "(fill me in)",
        "(leave empty)",
        "`{code}`",
        "``a ` {b}``",
        "`",
        "<!-- optional -->",
        "<!-- note",
        "-->",
        "<!--",
        "**",
        ":",
        "|",
        "#",
        " ",
        "\t",
        "\x0c",
        "\u00a0",
        "```",
        "~~~",
        "  ",
    ]
)
_TEXT = st.lists(st.one_of(_WORDS, _TOKENS), max_size=5).map(" ".join)
_LIST_MARKERS = ["-", "*", "+", "1.", "2)", "--", "- -"]
_INDENT = st.sampled_from(["", "", "", " ", "  ", "   ", "    ", "\t", " \t", "     "])
_PLAIN_LINES = [
    *("", "", " ", "\t", "\x0c", "text", "Title", "> quote", "| a | b |", "- item", "1. item"),
    *("- [ ] task", "<!-->", "<!---->", "---", "===", "--", "- -", "   ---", "    ---", "***"),
]
_LINE = st.one_of(
    st.builds(lambda i, t: i + t, _INDENT, _TEXT),
    st.builds(lambda i, n, t: i + "#" * n + " " + t, _INDENT, st.integers(1, 7), _TEXT),
    st.builds(
        lambda i, m, n, t: i + m * n + t,
        _INDENT,
        st.sampled_from(["`", "~"]),
        st.integers(2, 5),
        st.sampled_from(["", " ", "  ", "python", " `", "`", " ~~~", "~"]),
    ),
    st.builds(
        lambda i, m, n, t: i + m * n + t,
        _INDENT,
        st.sampled_from(["=", "-"]),
        st.integers(1, 4),
        st.sampled_from(["", " ", "\t", " x", "\x0c"]),
    ),
    st.builds(lambda i, t: f"{i}**{t}:** {t}", _INDENT, _WORDS),
    st.builds(lambda i, m, t: f"{i}{m} {t}", _INDENT, st.sampled_from(_LIST_MARKERS), _TEXT),
    st.builds(lambda t, u: f"| **{t}** | {u} |", _WORDS, _TEXT),
    st.builds(lambda t, u: f"{t}: {u}", _WORDS, _TEXT),
    st.builds(lambda t: f"[{t}]: #{t}", _WORDS),
    st.builds(lambda t: f"<!-- {t} -->{t}", _TEXT),
    st.sampled_from(_PLAIN_LINES),
)
_FRONT = st.sampled_from(["", "---\ntitle: A\n---\n", "---\nstatus: draft\n...\n", "---\n"])
MARKDOWN = st.builds(
    lambda front, lines, newline, final: (front + newline.join(lines) + final).replace(
        "\n", newline
    ),
    _FRONT,
    st.lists(_LINE, min_size=5, max_size=60),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.sampled_from(["", "\n"]),
)


@settings(
    max_examples=1500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(MARKDOWN)
def test_generated_markdown_reads_the_same(text):
    assert_same_outline(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("#=-`~<!>-[]{}():*|\\ \t\n\r\x0cab1."), max_size=300))
def test_any_text_reads_the_same(text):
    assert_same_outline(text)


_STRUCTURAL = [
    *("", " ", "text", "> quote", "| a | b |", "- item", "  - item", "1. item", "**Status:** x"),
    *("- Owners:", "Key: v", "## Status", "# Title", "### Sub", "#tag", "===", "---", "--"),
    *("    code", "\tcode", "```", "```py", "~~~", "````", "<!-- optional -->", "<!--", "-->"),
    *("[x]: #x", "{x} [y] (fill in)", "   ---", "## T <!-- optional -->"),
]


def test_every_three_lines_in_a_row_read_the_same():
    """What one line means depends on the lines just before it (setext underlines, indented
    code, list fields, markers): every ordered triple of structural lines, exhaustively."""
    for first in _STRUCTURAL:
        for second in _STRUCTURAL:
            for third in _STRUCTURAL:
                where = f"{first!r} {second!r} {third!r}"
                assert_same_outline(f"{first}\n{second}\n{third}\n", where)
