"""What the rules spend on a document beyond what `test_match_costs.py` holds them to: a heading
seen for the first time is cut into its key without a Python call per word, and matching to
depth 2 (the default) walks no heading under its sections.

Lines executed are counted with a tracer, which makes the check deterministic.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType

from factory import spec

from mkdocs_specs import matching
from mkdocs_specs.model import Document, Kind
from mkdocs_specs.parse import normalize_key, parse_document
from mkdocs_specs.template import default_template, heading_key


def python_work(work: Callable[[], object]) -> tuple[int, int]:
    """The Python calls and lines `work` runs."""
    calls = lines = 0

    def trace(frame: FrameType, event: str, arg: object) -> Callable[..., object]:
        nonlocal calls, lines
        calls += event == "call"
        lines += event == "line"
        return trace

    sys.settrace(trace)
    try:
        work()
    finally:
        sys.settrace(None)
    return calls, lines


def test_a_new_heading_is_keyed_without_a_python_call_per_word() -> None:
    short = "Component 1: ledger"
    long = "Component 2: " + " ".join(f"word{n} and" for n in range(40))
    assert python_work(lambda: heading_key.__wrapped__(short)) == python_work(
        lambda: heading_key.__wrapped__(long)
    )


def test_an_ascii_heading_key_is_what_the_normalised_words_make() -> None:
    for text in ["Risks & Mitigations", "TL;DR", "snake_case and CamelCase", "1.2 Über and", ""]:
        words = [word for word in normalize_key(text).split() if word != "and"]
        assert heading_key.__wrapped__(text) == "".join(words) or text[0].isdigit()
    assert heading_key("Risks & Mitigations") == heading_key("risks and mitigations")
    assert heading_key("**2.** Background *and* Context") == "backgroundcontext"
    assert heading_key("Background_and_Context") == "backgroundandcontext"


def with_subsections(count: int) -> Document:
    """A valid spec whose appendices hold `count` filled subsections."""
    notes = "\n\n".join(f"### Note {n}\n\nWhat note {n} adds." for n in range(count))
    return parse_document("specs/notes.md", spec(body=notes), Kind.SPEC)


def test_matching_to_depth_two_walks_no_subsection() -> None:
    template = default_template()

    def match(doc: Document) -> Callable[[], object]:
        matching._matched_sections(doc, template, 2)  # keys and template cached, as for every
        # document after the first

        def run() -> object:
            matching._last_answers.clear()
            matching._last_answer(matching._outline, doc, template)
            return python_work(lambda: matching._matched_sections(doc, template, 2))

        return run

    few, many = with_subsections(5), with_subsections(400)
    assert match(few)() == match(many)()
    assert matching.matched_sections(many, template, 2).keys() == (
        matching.matched_sections(few, template, 2).keys()
    )
