"""Real templates on real sites: no finding a maintainer would laugh at.

Each test builds a small site with a team's own template, written the way real templates are
(a numbered document itself, `A/B` headings, example values in front matter), and checks that
the plugin reads it as its authors meant.
"""

from __future__ import annotations

import pytest
from factory import spec

RFC_TEMPLATE = """\
# RFC-NNNN: Title

- Issue: [#696](https://example.com/issues/696)

## Summary

One paragraph explanation.

## Introduction/Overview

## TL;DR

## Goals & Non-Goals

## Testing Strategy

## Drawbacks
"""

SECTIONS = [
    "Summary",
    "Introduction/Overview",
    "TL;DR",
    "Goals & Non-Goals",
    "Testing Strategy",
    "Drawbacks",
]
"""The template's sections as it writes them."""


def rfc(title: str = "RFC-1016: Real thing", sections: list[str] | None = None) -> str:
    body = "".join(f"## {name}\n\nWhat we say about it.\n\n" for name in sections or SECTIONS)
    return f"# {title}\n\n- Issue: [#1016](https://example.com/issues/1016)\n\n{body}"


NUMBERED_TEMPLATE = RFC_TEMPLATE.replace("# RFC-NNNN: Title", "# RFC-696: RFC template")
"""A template that is itself a numbered document, as real ones often are."""


def rfc_site(build, pages: dict[str, str], template: str = RFC_TEMPLATE):
    config = {"plugins": [{"specs": {"specs": ["rfcs/*.md"], "template": "docs/tpl/rfc.md"}}]}
    return build({"index.md": "# Home\n", "tpl/rfc.md": template, **pages}, config)


def findings(result) -> list[str]:
    return [line for line in result.log.splitlines() if "mkdocs_specs: docs/" in line]


# Titles: a number in the template's own title is a number, its words after the separator are
# free, and hints write the author's title in the template's form.


@pytest.mark.parametrize("title", ["RFC-1016: Real thing", "RFC 1016 - Real thing", "rfc1016: X"])
def test_a_numbered_template_title_takes_any_number(build, title):
    result = rfc_site(build, {"rfcs/1016-real-thing.md": rfc(title)}, NUMBERED_TEMPLATE)
    assert findings(result) == []
    assert result.exit_code == 0, result.log


def test_title_hint_takes_the_documents_number_and_keeps_its_title(build):
    result = rfc_site(
        build,
        {
            "rfcs/1016-real-thing.md": rfc("Real thing"),
            "rfcs/other.md": rfc("1017: Other thing"),
            "rfcs/third.md": rfc("Third thing"),
        },
        NUMBERED_TEMPLATE,
    )
    log = result.log
    assert 'docs/rfcs/1016-real-thing.md:1: missing-title' in log
    assert 'hint: write it as "# RFC-1016: Real thing"' in log
    assert 'hint: write it as "# RFC-1017: Other thing"' in log
    assert 'hint: write it as "# RFC-NNNN: Third thing"' in log
    assert "write it as \"# RFC-696" not in log


def test_a_title_that_is_only_the_templates_prefix_keeps_the_placeholder(build):
    template = "# PRD — {Module Name}\n\n## Summary\n"
    config = {"plugins": [{"specs": {"prd_template": "docs/tpl/prd.md"}}]}
    result = build(
        {"tpl/prd.md": template, "prd/billing.md": "# PRD\n\n## Summary\n\nText.\n"}, config
    )
    assert 'hint: write it as "# PRD — {Module Name}"' in result.log


# Headings: `A/B` means either; punctuation, `&`/`and` and spacing never decide a match.


def test_heading_alternatives_and_spellings_satisfy_the_template(build):
    pages = {
        "rfcs/1016-a.md": rfc(
            sections=["Summary", "Overview", "TLDR", "Goals and Non-Goals", *SECTIONS[-2:]]
        ),
        "rfcs/1017-b.md": rfc(
            "RFC-1017: B",
            [
                "Summary",
                "Introduction",
                "TL; DR",
                "Goals/Non-goals",
                "Testing  strategy",
                "Drawbacks",
            ],
        ),
    }
    result = rfc_site(build, pages)
    assert findings(result) == []


def test_a_misspelt_heading_is_a_rename_not_a_missing_or_misplaced_section(build):
    sections = [name if name != "Testing Strategy" else "Testing Stratergy" for name in SECTIONS]
    result = rfc_site(build, {"rfcs/1016-a.md": rfc(sections=sections)})
    assert findings(result) == [
        "ERROR: mkdocs_specs: docs/rfcs/1016-a.md:21: missing-section: required section "
        '"Testing Strategy" is missing (hint: rename "## Testing Stratergy" (line 21) to '
        '"## Testing Strategy")'
    ]


def test_a_rename_needs_a_spelling_a_few_letters_away(build):
    sections = [name if name != "Drawbacks" else "Drawback" for name in SECTIONS]
    sections = [name if name != "Summary" else "Summar" for name in sections]
    result = rfc_site(build, {"rfcs/1016-a.md": rfc(sections=sections)})
    lines = findings(result)
    # "Drawbacks" (9 letters) is one edit from "Drawback": a rename; "Summary" (7 letters) one
    # edit from "Summar" too; neither heading names any other section.
    assert any('rename "## Drawback" (line 25) to "## Drawbacks"' in line for line in lines)
    assert any('rename "## Summar" (line 5) to "## Summary"' in line for line in lines)
    other = rfc_site(build, {"rfcs/1016-a.md": rfc(sections=[*SECTIONS[:-1], "Drawing"])})
    (line,) = findings(other)
    assert 'required section "Drawbacks" is missing (hint: add "## Drawbacks" after' in line


# Front matter: one cause, one finding.

FRONT_MATTER_TEMPLATE = """\
---
title: Neat-enhancement-idea
authors: Jane Doe
reviewers: John Roe
approvers: Ann Poe
creation-date: YYYY-MM-DD
---

# {Title}

**Status:** Proposed | Accepted

## Summary
"""


def front_matter_site(build, page: str):
    config = {"plugins": [{"specs": {"specs": ["keps/*.md"], "template": "docs/tpl/kep.md"}}]}
    return build({"tpl/kep.md": FRONT_MATTER_TEMPLATE, "keps/a.md": page}, config)


def test_unparseable_front_matter_gives_one_finding_not_one_per_field(build):
    page = "---\ntitle: [unclosed\nauthors: Ann\n---\n\n# Pod priority\n\n## Summary\n\nText.\n"
    result = front_matter_site(build, page)
    lines = findings(result)
    assert [line.split(": ")[3] for line in lines] == ["front-matter", "missing-field"]
    assert 'field "Status" is missing' in lines[1]  # not kept in front matter: still asked for


# Hints say what to write, never the template's sample; a kept sample is a placeholder.


def test_hints_describe_the_value_instead_of_pasting_the_templates_sample(build):
    page = rfc().replace("- Issue: [#1016](https://example.com/issues/1016)\n", "")
    result = rfc_site(build, {"rfcs/1016-a.md": page})
    (line,) = findings(result)
    assert 'is missing (hint: add "- Issue:" with the spec\'s Issue under the title)' in line
    assert "#696" not in result.log
    kep = front_matter_site(
        build, "---\nauthors: Ann\nreviewers: Bo\napprovers: Cy\ncreation-date: 2026-01-05\n---\n"
        "\n# Pod priority\n\n**Status:** Proposed\n\n## Summary\n\nText.\n",
    )
    (line,) = findings(kep)
    assert "hint: add `title:` with the spec's title to the front matter" in line
    assert "Neat-enhancement-idea" not in line


def test_a_front_matter_value_kept_from_the_template_is_a_placeholder(build):
    page = (
        "---\ntitle: Neat-enhancement-idea\nauthors: Ann\nreviewers: Bo\napprovers: Cy\n"
        "creation-date: 2026-01-05\n---\n\n# Pod priority\n\n**Status:** Proposed\n\n"
        "## Summary\n\nText.\n"
    )
    result = front_matter_site(build, page)
    (line,) = findings(result)
    assert 'keps/a.md:2: placeholder: field "title" still holds the template text' in line
    assert result.document("keps/a.md")["title"] == "Pod priority"


def test_builtin_template_hints_still_show_formats_and_choices(build):
    page = spec(drop_fields=("Status", "Date"))
    result = build({"specs/a.md": page})
    assert 'add "**Status:** Draft | Review | Approved | Implemented" under' in result.log
    assert 'add "**Date:** {YYYY-MM-DD}" under' in result.log
