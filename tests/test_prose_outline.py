"""What the outline keeps of a page's prose: its lines by number, with every line that is no
prose emptied, for the template-text rule to search and to read section by section; and the
placeholder rule reading headings and fields by it as before."""

from __future__ import annotations

from mkdocs_specs.model import Kind, prose_lines
from mkdocs_specs.parse import parse_document, read_front_matter, scan_outline, split_lines
from mkdocs_specs.rules import Context, assign_fields, check_placeholders
from mkdocs_specs.template import read_template

PAGE = """---
title: A
---
# Design: A

Some prose.
```sh
# not a heading
```
<!-- a comment
over two lines -->
<!-- optional --> a line that starts with a comment

    indented code
[a]: #a
A setext heading
----------------
  - an item with a {token}
"""


def test_prose_keeps_each_line_where_it_is_and_empties_the_rest():
    lines = split_lines(PAGE)
    outline = scan_outline(lines, read_front_matter(lines)[1])
    assert len(outline.prose) == len(lines)
    kept = {number: raw for number, raw in enumerate(outline.prose, 1) if raw}
    assert kept == {6: "Some prose.", 18: "  - an item with a {token}"}
    assert outline.body_lines == [(6, "Some prose."), (18, "- an item with a {token}")]
    assert [heading.line for heading in outline.headings] == [4, 16]
    assert outline.placeholders == [(18, "{token}")]


def test_a_judged_document_forgets_its_prose():
    doc = parse_document("specs/a.md", PAGE, Kind.SPEC)
    assert doc.prose[5] == "Some prose."
    assert prose_lines(doc.prose)[0] == (6, "Some prose.")
    doc.drop_outline()
    assert doc.prose == [] and prose_lines(doc.prose) == []


TEMPLATE = """# Design: {Title}

**Owner:** {Owner Name}

## Summary

Describe the change in one paragraph for a reader in a hurry.

## Frontend (if applicable)

## Rollout {Phase}
"""


def findings(text: str) -> list[tuple[int, str]]:
    template = read_template(TEMPLATE, "design.md")
    doc = parse_document("specs/d.md", text, Kind.SPEC)
    assign_fields(doc, template)
    return [(f.line, f.message) for f in check_placeholders(doc, template, Context())]


def test_only_headings_that_hold_a_placeholder_are_reported():
    text = (
        "# Design: D\n\n**Owner:** Ann\n\n## Summary\n\nOurs.\n\n"
        "## Frontend (if applicable)\n\n## Rollout {Phase}\n"
    )
    assert findings(text) == [(11, "unfilled template placeholder {Phase}")]


def test_a_field_still_holding_the_template_text_is_reported_whatever_its_case():
    text = "# Design: D\n\n**Owner:**  {owner   NAME}\n\n## Summary\n\nOurs.\n"
    assert findings(text) == [(3, 'field "Owner" still holds the template text "{Owner Name}"')]


def test_code_under_the_template_text_is_not_the_authors_text():
    text = (
        "# Design: D\n\n**Owner:** Ann\n\n## Summary\n\n"
        "Describe the change in one paragraph for a reader in a hurry.\n\n```sh\nmake\n```\n"
    )
    assert findings(text) == [
        (
            7,
            'section "Summary" still holds only the template\'s text: '
            '"Describe the change in one paragraph for a reader in a hurry."',
        )
    ]
