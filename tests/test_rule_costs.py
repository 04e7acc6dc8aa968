"""What the rules spend on a document beyond what `test_match_costs.py` holds them to: a heading
seen for the first time is cut into its key without a Python call per word, matching to depth 2
(the default) walks no heading under its sections, the title leaves the outline without a step
per heading, and sections in order are told without a step per section.

Lines executed are counted with a tracer, which makes the check deterministic.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType

from test_match_costs import with_notes

from mkdocs_specs import matching, rules
from mkdocs_specs.model import Document, Kind
from mkdocs_specs.parse import normalize_key, parse_document
from mkdocs_specs.template import Template, default_template, heading_key, read_template


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

    few, many = with_notes(5), with_notes(400)
    assert match(few)() == match(many)()
    assert matching.matched_sections(many, template, 2).keys() == (
        matching.matched_sections(few, template, 2).keys()
    )


def test_a_title_is_cut_from_the_outline_without_a_python_line_per_heading() -> None:
    template = default_template()
    few, many = with_notes(5), with_notes(400)
    for doc in (few, many):
        matching._outline(doc, template)  # keys cached
    assert python_work(lambda: matching._outline(few, template)) == python_work(
        lambda: matching._outline(many, template)
    )
    keys, _, lines = matching._outline(many, template)
    assert few.title_line not in lines and len(keys) == len(many.headings) - 1


def test_sections_in_order_are_told_without_a_python_line_per_section() -> None:
    assert python_work(lambda: matching.longest_increasing([1, 5, 9])) == python_work(
        lambda: matching.longest_increasing(list(range(0, 3000, 10)))
    )
    assert matching.longest_increasing([1, 5, 9]) == {0, 1, 2}
    assert matching.longest_increasing([1, 9, 5, 7]) == {0, 2, 3}


def _template_of(count: int) -> Template:
    sections = "\n\n".join(f"## Part {n}\n\nWrite about part {n} here." for n in range(count))
    return read_template(f"# Design: {{Title}}\n\n**Status:** Draft\n\n{sections}\n", "t.md")


def test_the_order_rule_makes_no_python_call_per_section() -> None:
    def order(count: int) -> tuple[int, int]:
        template = _template_of(count)
        parts = "\n\n".join(f"## Part {n}\n\nOur part {n}." for n in range(count))
        text = f"# Design: D\n\n**Status:** Draft\n\n{parts}\n"
        doc = parse_document("specs/d.md", text, Kind.SPEC)
        ctx = rules.Context()
        assert list(rules.check_order(doc, template, ctx)) == []  # caches warm
        return python_work(lambda: list(rules.check_order(doc, template, ctx)))

    assert order(3)[0] == order(60)[0]


def test_the_lines_of_found_offsets_are_counted_once_through_the_text() -> None:
    text = "zero\none word\ntwo\nthree word word\n"
    offsets = [text.find("three"), text.find("one"), text.rfind("word"), text.find("word")]
    assert rules._line_indices(text, offsets) == [1, 3]
    assert rules._line_indices(text, []) == []
