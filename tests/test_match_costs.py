"""What matching a document against its template costs, and that the faster paths find what the
line-by-line comparison found.

Section matching and the template-text rule run for every document of a site; what depends only
on the template is computed once per template, and the per-document work runs at C speed: no
Python call per heading or per line. Counting Python calls makes that a deterministic check.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from factory import spec

from mkdocs_specs import matching
from mkdocs_specs.model import Document, Kind
from mkdocs_specs.parse import parse_document
from mkdocs_specs.template import default_template


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
