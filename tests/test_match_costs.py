"""What matching a document against its template costs, and that the faster paths find what the
line-by-line comparison found.

Section matching and the template-text rule run for every document of a site; what depends only
on the template is computed once per template, and the per-document work runs at C speed: no
Python call per heading or per line. Counting Python calls makes that a deterministic check.
"""

# ruff: noqa: RUF001 (Greek on purpose: a final sigma lower-cases by the letters around it)

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator

from factory import spec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_specs import matching, rules
from mkdocs_specs.model import Document, Finding, Heading, Kind, prose_lines
from mkdocs_specs.parse import parse_document
from mkdocs_specs.template import Template, default_template, line_key, read_template


def python_calls(work: Callable[[], object]) -> int:
    """How many Python functions `work` calls, once what it caches (templates, keys) is warm."""
    work()
    calls = 0

    def count(frame: object, event: str, arg: object) -> None:
        nonlocal calls
        calls += event == "call"

    sys.setprofile(count)
    try:
        work()
    finally:
        sys.setprofile(None)
    return calls


def with_notes(count: int) -> Document:
    """A valid spec whose appendices hold `count` filled subsections."""
    notes = "\n\n".join(f"### Note {n}\n\nWhat note {n} adds." for n in range(count))
    return parse_document("specs/notes.md", spec(body=notes), Kind.SPEC)


def test_matching_a_document_makes_no_python_call_per_heading() -> None:
    template = default_template()

    def match(doc: Document) -> Callable[[], object]:
        def run() -> object:
            matching._last_answers.clear()
            return matching.matched_sections(doc, template, 3)

        return run

    few, many = with_notes(5), with_notes(400)
    assert python_calls(match(few)) == python_calls(match(many))


def test_the_placeholder_rule_makes_no_python_call_per_line_or_heading() -> None:
    template, ctx = default_template(), rules.Context()
    few, many = with_notes(5), with_notes(400)
    for doc in (few, many):
        matching.assign_fields(doc, template)
        assert list(rules.check_placeholders(doc, template, ctx)) == []

    def placeholders(doc: Document) -> Callable[[], object]:
        return lambda: list(rules.check_placeholders(doc, template, ctx))

    assert python_calls(placeholders(few)) == python_calls(placeholders(many))


TEMPLATE = """\
# Design: {Title}

**Status:** Draft | Review | Approved

## Summary

Describe the change in one paragraph for a reader in a hurry.

### Context

> Explain the problem this solves and who has it today.

## Σύνοψη ΟΔΟΣ

Γράψτε εδώ τι ΑΛΛΑΖΕΙ ΣΤΟ ΣΥΣΤΗΜΑΤΟΣ σας.

## Checklist

- [ ] Reviewed by the owning team and the platform team
"""

LINES = [
    "Describe the change in one paragraph for a reader in a hurry.",
    "describe   THE change in one paragraph\tfor a reader in a hurry.",
    "> Explain the problem this solves and who has it today.",
    ">Explain the problem this solves and who has it today.",
    "- Explain the problem this solves and who has it today.",
    "12) Describe the change in one paragraph for a reader in a hurry.",
    "Γράψτε εδώ τι ΑΛΛΑΖΕΙ ΣΤΟ ΣΥΣΤΗΜΑΤΟΣ σας.",
    "γράψτε εδώ τι αλλαζει στο συστηματος σας.",
    "ΓΡΆΨΤΕ ΕΔΏ ΤΙ ΑΛΛΑΖΕΙ ΣΤΟ ΣΥΣΤΗΜΑΤΟΣ ΣΑΣ.",
    "- [ ] Reviewed by the owning team and the platform team",
    "- [x] Reviewed by the owning team and the platform team",
    "Our own words about the change.",
    "---",
    "> ",
    "İ paragraph for a reader in a hurry.",
    "in a hurry.",
]
HEADINGS = ["Summary", "Context", "Σύνοψη ΟΔΟΣ", "Checklist", "Details"]


def reference_template_text(doc: Document, template: Template) -> Iterator[tuple[int, str]]:
    """The rule as first written: every line compared in order (line, message)."""
    headings = doc.headings
    starts = [h.line for h in headings]
    kept: dict[int, tuple[int, str]] = {}
    settled: set[int] = set()
    section, next_start = -1, starts[0] if starts else None
    for line, text in prose_lines(doc.prose):
        while next_start is not None and line > next_start:
            section += 1
            next_start = starts[section + 1] if section + 1 < len(starts) else None
        if section in settled:
            continue
        key = line_key(text)
        if key.startswith(("[ ]", "[x]")):
            settled.add(section)
        elif key in template.placeholder_lines:
            kept.setdefault(section, (line, text))
        elif key not in template.text_lines and re.search(r"\w", key):
            settled.add(section)
    for section, (line, text) in sorted(kept.items()):
        if section in settled or any(
            index in settled for index in _below(headings, section)
        ):
            continue
        yield line, text


def _below(headings: list[Heading], section: int) -> Iterator[int]:
    if section < 0:
        return
    for index in range(section + 1, len(headings)):
        if headings[index].level <= headings[section].level:
            return
        yield index


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.sampled_from(LINES),
            st.tuples(st.integers(2, 4), st.sampled_from(HEADINGS)).map(
                lambda h: f"{'#' * h[0]} {h[1]}"
            ),
            st.text(st.sampled_from(list("aΣσς >-*+1.)[]x \u00a0\u2003İ")), max_size=12),
        ),
        max_size=30,
    )
)
def test_template_text_is_found_as_line_by_line(lines: list[str]) -> None:
    template = read_template(TEMPLATE, "design.md")
    assert template.placeholder_lines
    doc = parse_document("specs/d.md", "# Design: D\n\n" + "\n\n".join(lines) + "\n", Kind.SPEC)
    found: list[Finding] = list(rules._template_text_sections(doc, template, set()))
    expected = list(reference_template_text(doc, template))
    assert [f.line for f in found] == [line for line, _ in expected]


def test_template_text_kept_under_a_quote_and_in_greek_is_found() -> None:
    template = read_template(TEMPLATE, "design.md")
    lines = [
        "## Context",
        ">Explain the problem this solves and who has it today.",
        "## Σύνοψη ΟΔΟΣ",
        "ΓΡΆΨΤΕ ΕΔΏ ΤΙ ΑΛΛΑΖΕΙ ΣΤΟ ΣΥΣΤΗΜΑΤΟΣ ΣΑΣ.",
        "## Checklist",
        "- [ ] Reviewed by the owning team and the platform team",
    ]
    doc = parse_document("specs/d.md", "# Design: D\n\n" + "\n\n".join(lines) + "\n", Kind.SPEC)
    found = list(rules._template_text_sections(doc, template, set()))
    assert [f.line for f in found] == [line for line, _ in reference_template_text(doc, template)]
    assert [f.line for f in found] == [5, 9]


def test_a_template_of_many_prose_lines_is_compared_line_by_line() -> None:
    """Past a few dozen lines a search per word would cost more than comparing every line."""
    prose = [f"Write down consideration{n} for this design here." for n in range(80)]
    outline = ["# Design: {Title}", "## Summary", *prose, "## Notes", "Say more."]
    text = "\n\n".join(outline) + "\n"
    template = read_template(text, "long.md")
    assert len(template.placeholder_line_words) > rules._SEARCHED_WORDS
    body = ["## Summary", prose[3], prose[70], "## Notes", prose[5], "Our own note."]
    doc = parse_document("specs/d.md", "# Design: D\n\n" + "\n\n".join(body) + "\n", Kind.SPEC)
    found = list(rules._template_text_sections(doc, template, set()))
    assert [f.line for f in found] == [line for line, _ in reference_template_text(doc, template)]
    assert [f.line for f in found] == [5]
