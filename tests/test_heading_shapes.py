"""Matching remembers what it made of a sequence of headings: a document that repeats the
headings of one met before is matched by a look-up, and must still be answered with its own
lines, exactly as if it were the first of its shape."""

from __future__ import annotations

from factory import SECTIONS, spec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_specs import matching, rules
from mkdocs_specs.model import Document, Kind
from mkdocs_specs.parse import parse_document
from mkdocs_specs.template import Template, default_template, read_template


def fresh_answers(doc: Document, template: Template) -> tuple[object, ...]:
    """What the rules read of matching, from a template that has met no document yet."""
    matching._last_answers.clear()
    template.shapes.clear()
    return answers(doc, template)


def answers(doc: Document, template: Template) -> tuple[object, ...]:
    matching._last_answers.clear()
    matching.assign_fields(doc, template)
    findings = [
        (f.rule, f.line, f.message, f.hint)
        for check in (rules.check_sections, rules.check_order)
        for f in check(doc, template, rules.Context())
    ]
    return (
        matching.matched_sections(doc, template, 2),
        matching.matched_sections(doc, template, 3),
        matching.document_sections(doc, template),
        findings,
    )


def test_a_document_of_a_known_shape_is_answered_with_its_own_lines() -> None:
    template = default_template()
    order = [SECTIONS[1], SECTIONS[0], *SECTIONS[2:]]
    first = parse_document("specs/a.md", spec(sections=order), Kind.SPEC)
    info = "## Document Information"
    moved = spec(sections=order).replace(info, f"Intro.\n\n\n{info}")
    second = parse_document("specs/b.md", moved, Kind.SPEC)
    assert [h.text for h in first.headings] == [h.text for h in second.headings]
    expected = fresh_answers(second, template)
    answers(first, template)
    assert len(template.shapes) == 1
    assert answers(second, template) == expected
    order_findings = [line for rule, line, _, _ in expected[3] if rule == "section-order"]
    assert order_findings and all(line > 3 for line in order_findings)
    shifted = {index: line - 3 for index, line in expected[0].items()}
    assert answers(first, template)[0] == shifted


def test_a_template_remembers_a_bounded_number_of_shapes() -> None:
    template = default_template()
    template.shapes.clear()
    for number in range(matching._SHAPES_KEPT + 10):
        body = f"## Note {number}\n\nSaid.\n"
        doc = parse_document(f"specs/{number}.md", spec(body=body), Kind.SPEC)
        matching.matched_sections(doc, template, 2)
    assert 0 < len(template.shapes) <= matching._SHAPES_KEPT


TEMPLATE = """\
# Design: {Title}

## Summary

### Context

## Design

### Data {Name}

## Checklist
"""
HEADINGS = ["Summary", "Context", "Design", "Data Model", "Data Store", "Checklist", "Notes"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.lists(
            st.tuples(st.integers(1, 4), st.sampled_from(HEADINGS), st.integers(0, 2)),
            max_size=8,
        ),
        min_size=1,
        max_size=4,
    )
)
def test_matching_after_other_documents_is_matching_afresh(
    documents: list[list[tuple[int, str, int]]],
) -> None:
    """Documents of the same or of other shapes met before change no answer."""
    template = read_template(TEMPLATE, "design.md")
    parsed = []
    for number, headings in enumerate(documents):
        lines = ["# Design: D", ""]
        for level, text, gap in headings:
            lines += [f"{'#' * level} {text}", *([""] * gap), "Words.", ""]
        parsed.append(parse_document(f"specs/{number}.md", "\n".join(lines), Kind.SPEC))
    expected = [fresh_answers(doc, template) for doc in parsed]
    template.shapes.clear()
    for doc in parsed:
        answers(doc, template)
    assert [answers(doc, template) for doc in parsed] == expected
