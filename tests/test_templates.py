"""Any team's template, taken unchanged: the conventions of RFC, KEP, MADR and home-grown
templates, and template versions."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from mkdocs_specs.catalog import Settings, Source, check_page
from mkdocs_specs.model import Document, Finding, Kind
from mkdocs_specs.rules import split_owners
from mkdocs_specs.template import default_template, read_template

RFC_TEMPLATE = """\
- Feature Name: (fill me in with a unique ident, `my_awesome_feature`)
- Start Date: (fill me in with today's date, YYYY-MM-DD)
- RFC PR: [rust-lang/rfcs#0000](https://github.com/rust-lang/rfcs/pull/0000)

## Summary
[summary]: #summary

One paragraph explanation of the feature.

## Motivation
[motivation]: #motivation

Why are we doing this? What use cases does it support?

## Guide-level explanation
[guide-level-explanation]: #guide-level-explanation

Explain the proposal as if it was already included in the language.

## Drawbacks
[drawbacks]: #drawbacks

Why should we *not* do this?
"""

RFC_TEMPLATE_2014 = """\
- Start Date: (fill me in with today's date, YYYY-MM-DD)
- RFC PR: (leave this empty)

# Summary

One para explanation of the feature.

# Motivation

# Detailed design

# Drawbacks
"""

MADR_TEMPLATE = """\
---
# These are optional metadata elements. Feel free to remove any of them.
status: "{proposed | rejected | accepted | deprecated | … | superseded by ADR-0123"
date: {YYYY-MM-DD when the decision was last updated}
decision-makers: {list everyone involved in the decision}
---

# {short title, representative of solved problem and found solution}

## Context and Problem Statement

{Describe the context and problem statement in two to three sentences.}

<!-- This is an optional element. Feel free to remove. -->
## Decision Drivers

* {decision driver 1, e.g., a force, facing concern, …}

## Considered Options

* {title of option 1}
* {title of option 2}

## Decision Outcome

Chosen option: "{title of option 1}", because {justification}.

<!-- This is an optional element. Feel free to remove. -->
### Consequences

* Good, because {positive consequence, e.g., improvement of one or more desired qualities, …}

<!-- This is an optional element. Feel free to remove. -->
## Pros and Cons of the Options

### {title of option 1}

* Good, because {argument a}
"""

TABLE_TEMPLATE = """\
# ADR-[NNN]: [Title]

| Field | Value |
|-------|-------|
| **Status** | Proposed / Accepted / Deprecated / Superseded |
| **Date** | YYYY-MM-DD |
| **Owner(s)** | [Names of the people who decide] |

## Decision `[Required]`

> **Guidance:** State the decision in one clear sentence, in the active voice.

## Options Considered `[Required]`

### Option 1: [Name]

**Pros:**
-

**Cons:**
-

## Risks `[Optional]`

## Rollout Plan (if applicable)

## Related Documents [Optional]
"""

STATUS_SECTION_TEMPLATE = """\
# ADR {ADR-NUMBER}: {TITLE}

## Changelog

- {date}: {changelog}

## Status

> A decision is "proposed" while its pull request is open.

Accepted | Rejected | Deprecated | Superseded by

## Context

## Decision
"""


def check(page: str, *templates: str, kind: Kind = Kind.SPEC, depth: int = 2) -> list[Finding]:
    return judge(page, *templates, kind=kind, depth=depth)[1]


def judge(
    page: str, *templates: str, kind: Kind = Kind.SPEC, depth: int = 2
) -> tuple[Document, list[Finding]]:
    """The single-document findings of `page`, each template text a version, oldest first."""
    versions = [read_template(text, f"v{number}.md") for number, text in enumerate(templates, 1)]
    settings = Settings(
        globs={kind: ["**/*.md"]},
        templates={kind: versions},
        required_depth=depth,
        today=dt.date(2026, 6, 1),
    )
    return check_page(Source("page.md", "docs/page.md", lambda: page), page, kind, settings)


def rules(findings: list[Finding]) -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in findings]


def page(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


RFC = page(
    """
    - Feature Name: `const_generics`
    - Start Date: 2017-05-01
    - RFC PR: [rust-lang/rfcs#2000](https://github.com/rust-lang/rfcs/pull/2000)

    ## Summary
    [summary]: #summary

    Allow types to be generic over constant values.

    ## Motivation
    [motivation]: #motivation

    Arrays of any length.

    ## Guide-level explanation
    [guide-level-explanation]: #guide-level-explanation

    Write `const N: usize`.

    ## Drawbacks
    [drawbacks]: #drawbacks

    More complexity.
    """
)


class TestBulletFieldsWithoutTitle:
    """The Rust RFC template: `- Key: value` bullets before the first section, no H1."""

    def test_complete_rfc_without_h1_has_no_findings(self):
        assert check(RFC, RFC_TEMPLATE) == []

    def test_fill_me_in_left_is_a_placeholder_not_a_bad_date(self):
        kept = RFC.replace("2017-05-01", "(fill me in with today's date, YYYY-MM-DD)")
        (finding,) = check(kept, RFC_TEMPLATE)
        assert (finding.rule, finding.line) == ("placeholder", 2)
        assert 'field "Start Date" still holds the template text' in finding.message

    def test_example_number_left_is_a_placeholder(self):
        kept = RFC.replace(
            "rfcs#2000](https://github.com/rust-lang/rfcs/pull/2000)",
            "rfcs#0000](https://github.com/rust-lang/rfcs/pull/0000)",
        )
        assert rules(check(kept, RFC_TEMPLATE)) == [("placeholder", 3)]

    def test_real_date_checked(self):
        assert rules(check(RFC.replace("2017-05-01", "2017-13-01"), RFC_TEMPLATE)) == [
            ("invalid-date", 2)
        ]

    def test_missing_field_hint_uses_the_template_style(self):
        (finding,) = check(RFC.replace("- Feature Name: `const_generics`\n", ""), RFC_TEMPLATE)
        assert finding.rule == "missing-field"
        assert finding.hint == (
            'add "- Feature Name: (fill me in with a unique ident, `my_awesome_feature`)" '
            "at the top of the page"
        )

    def test_empty_bullet_is_an_empty_field(self):
        (finding,) = check(RFC.replace("`const_generics`", ""), RFC_TEMPLATE)
        assert (finding.rule, finding.message) == ("missing-field", 'field "Feature Name" is empty')

    def test_plural_name_and_indented_values_still_give_the_field(self):
        listed = RFC.replace(
            "- RFC PR: [rust-lang/rfcs#2000](https://github.com/rust-lang/rfcs/pull/2000)",
            "- RFC PRs:\n  - [rust-lang/rfcs#2000](https://example.org/2000)\n  - [#2001](x)",
        )
        assert check(listed, RFC_TEMPLATE) == []

    def test_sections_written_as_h1_match_h2_sections(self):
        assert check(RFC.replace("## ", "# "), RFC_TEMPLATE) == []

    def test_prompt_left_alone_in_its_section_is_a_placeholder(self):
        unfilled = RFC.replace("More complexity.", "Why should we *not* do this?")
        (finding,) = check(unfilled, RFC_TEMPLATE)
        assert finding.rule == "placeholder"
        assert finding.line == unfilled.splitlines().index("Why should we *not* do this?") + 1
        assert 'section "Drawbacks" still holds only the template\'s text' in finding.message

    def test_prompt_kept_above_an_answer_is_not_a_placeholder(self):
        answered = RFC.replace("More complexity.", "> Why should we *not* do this?\n\n- Cost.")
        assert check(answered, RFC_TEMPLATE) == []

    def test_prompt_answered_in_a_subsection_is_not_a_placeholder(self):
        answered = RFC.replace(
            "More complexity.", "Why should we *not* do this?\n\n### Cost\n\nIt is large."
        )
        assert check(answered, RFC_TEMPLATE) == []

    def test_generic_short_lines_shared_with_the_template_are_not_placeholders(self):
        template = RFC_TEMPLATE.replace("Why should we *not* do this?", "Pros:\n\n- TBD")
        generic = RFC.replace("More complexity.", "Pros:\n\n- TBD")
        assert check(generic, template) == []

    def test_link_reference_labels_are_not_blanks(self):
        linked = RFC.replace("Arrays of any length.", "See [RFC 1].\n\n[RFC 1]: https://x.org")
        assert check(linked, RFC_TEMPLATE.replace("Why are", "See [RFC 1]. Why are")) == []


class TestTemplateVersions:
    """`template: [old.md, new.md]`: each document against the version that fits it best."""

    OLD_RFC = page(
        """
        - Start Date: 2014-03-20
        - RFC PR: [rust-lang/rfcs#16](https://github.com/rust-lang/rfcs/pull/16)

        # Summary

        Attributes on more things.

        # Motivation

        Consistency.

        # Detailed design

        Allow them.

        # Drawbacks

        None.
        """
    )

    def test_old_document_gets_no_missing_section_for_sections_added_later(self):
        doc, findings = judge(self.OLD_RFC, RFC_TEMPLATE_2014, RFC_TEMPLATE)
        assert findings == []
        assert doc.template_name == "v1.md"

    def test_new_document_is_checked_against_the_new_version(self):
        doc, findings = judge(RFC, RFC_TEMPLATE_2014, RFC_TEMPLATE)
        assert findings == []
        assert doc.template_name == "v2.md"

    def test_findings_name_the_version_they_were_checked_against(self):
        broken = self.OLD_RFC.replace("# Drawbacks\n\nNone.\n", "")
        findings = check(broken, RFC_TEMPLATE_2014, RFC_TEMPLATE)
        assert [(f.rule, f.template) for f in findings] == [("missing-section", "v1.md")]
        assert 'required section "Drawbacks" is missing' in findings[0].message

    def test_a_tie_goes_to_the_newer_version(self):
        doc, _ = judge(RFC, RFC_TEMPLATE, RFC_TEMPLATE)
        assert doc.template_name == "v2.md"

    def test_single_template_findings_name_no_version(self):
        (finding,) = check(RFC.replace("`const_generics`", ""), RFC_TEMPLATE)
        assert finding.template is None

    def test_template_with_several_h1s_has_them_as_sections_and_no_title(self):
        template = read_template(RFC_TEMPLATE_2014, "old.md")
        assert template.title_text is None
        assert [s.text for s in template.sections] == [
            "Summary",
            "Motivation",
            "Detailed design",
            "Drawbacks",
        ]


MADR_ADR = page(
    """
    ---
    status: accepted
    date: 2024-05-02
    decision-makers: Ann, Bob
    ---

    # Use Markdown Any Decision Records

    ## Context and Problem Statement

    We want to record decisions.

    ## Considered Options

    * MADR
    * Plain text

    ## Decision Outcome

    Chosen option: "MADR", because it is lean.
    """
)


class TestFrontMatterFieldsAndOptionalComments:
    """The MADR template: fields as the template's own front matter keys, optional elements
    marked by a comment above them, a title that is a placeholder as a whole."""

    def test_conforming_adr_has_no_findings(self):
        assert check(MADR_ADR, MADR_TEMPLATE, kind=Kind.ADR) == []

    def test_template_reads_front_matter_keys_as_written(self):
        template = read_template(MADR_TEMPLATE, "adr-template.md")
        date = template.field("date")
        assert date is not None and date.type == "date" and date.optional
        assert template.statuses == (
            "proposed",
            "rejected",
            "accepted",
            "deprecated",
            "superseded by ADR-0123",
        )

    def test_front_matter_said_optional_so_an_adr_without_it_is_fine(self):
        bare = MADR_ADR.split("---\n", 2)[2].lstrip("\n")
        assert check(bare, MADR_TEMPLATE, kind=Kind.ADR) == []

    @pytest.mark.parametrize(
        "status", ["Accepted", "superseded by [ADR-0005](0005-use-x.md)", "Superseded by ADR-12"]
    )
    def test_status_choices_allow_what_follows_them(self, status):
        adr = MADR_ADR.replace("status: accepted", f'status: "{status}"')
        assert check(adr, MADR_TEMPLATE, kind=Kind.ADR) == []

    def test_choices_that_end_in_an_ellipsis_are_not_exhaustive(self):
        assert check(MADR_ADR.replace("accepted", "on hold"), MADR_TEMPLATE, kind=Kind.ADR) == []
        closed = MADR_TEMPLATE.replace(" … |", "")
        findings = check(MADR_ADR.replace("accepted", "on hold"), closed, kind=Kind.ADR)
        assert rules(findings) == [("invalid-status", 2)]

    def test_placeholder_value_kept_in_front_matter(self):
        kept = MADR_ADR.replace("2024-05-02", "{YYYY-MM-DD when the decision was last updated}")
        assert rules(check(kept, MADR_TEMPLATE, kind=Kind.ADR)) == [("placeholder", 3)]

    def test_sections_after_an_optional_comment_are_optional(self):
        template = read_template(MADR_TEMPLATE, "adr-template.md")
        optional = {s.text for s in template.sections if s.optional}
        assert optional == {"Decision Drivers", "Consequences", "Pros and Cons of the Options"}

    def test_required_section_still_required(self):
        adr = MADR_ADR.replace("## Considered Options", "## Options")
        findings = check(adr, MADR_TEMPLATE, kind=Kind.ADR)
        assert [(f.rule, f.message) for f in findings] == [
            ("missing-section", 'required section "Considered Options" is missing')
        ]
        # Decision Drivers comes first in the template, but it is optional and absent.
        assert findings[0].hint == (
            'add "## Considered Options" after "Context and Problem Statement" (line 9)'
        )

    def test_placeholder_title_accepts_any_h1_but_requires_one(self):
        untitled = MADR_ADR.replace("# Use Markdown Any Decision Records\n", "")
        assert rules(check(untitled, MADR_TEMPLATE, kind=Kind.ADR)) == [("missing-title", 6)]

    def test_unfilled_braces_are_placeholders(self):
        adr = MADR_ADR.replace("* Plain text", "* {title of option 2}")
        assert rules(check(adr, MADR_TEMPLATE, kind=Kind.ADR)) == [("placeholder", 16)]


@pytest.mark.parametrize(
    ("marker", "optional"),
    [
        ("## Risks (Optional)", True),
        ("## Risks [Optional]", True),
        ("## Risks (if applicable)", True),
        ("## Risks <!-- optional -->", True),
        ("## Risks\n<!-- optional -->", True),
        ("<!-- optional -->\n## Risks", True),
        ("<!-- optional -->\n\n## Risks", True),
        ("## Risks `[Required]`", False),
        (
            "## Risks\n<!-- Describe the risks here: this part is optional reading "
            "for the reviewers who want it all. -->",
            False,
        ),
        ("## Risks\n\nThe optional part.", False),
    ],
)
def test_optional_markers(marker, optional):
    template = read_template(f"# T: {{Name}}\n\n## Summary\n\n{marker}\n\n## Next\n", "t.md")
    risks = next(s for s in template.sections if s.key == "risks")
    assert risks.optional is optional
    assert risks.text == "Risks"


def test_optional_comment_marks_the_heading_above_not_the_one_after():
    template = read_template("## A\n<!-- optional -->\n## B\n", "t.md")
    assert [(s.text, s.optional) for s in template.sections] == [("A", True), ("B", False)]


@pytest.mark.parametrize(
    ("title", "ok"),
    [
        ("KEP-1234: Pod priority", True),
        ("KEP 77 - Pod priority", True),
        ("KEP-NNNN: Pod priority", False),
        ("Pod priority", False),
    ],
)
def test_kep_title_pattern(title, ok):
    template = "# KEP-NNNN: Your short, descriptive title\n\n## Summary\n"
    findings = check(f"# {title}\n\n## Summary\n\nText.\n", template)
    assert (rules(findings) == []) is ok


@pytest.mark.parametrize(
    ("template_title", "title", "shown"),
    [
        ("Technical Specification: {Name}", "Technical Specification — Retries", "Retries"),
        ("ADR {ADR-NUMBER}: {TITLE}", "ADR 101: Data Companion", "Data Companion"),
        ("ADR-[NNN]: [Title]", "ADR-0001: Use .NET", "Use .NET"),
        ("{short title of solved problem}", "Anything at all", "Anything at all"),
        ("{Name} Specification", "Retries Specification", "Retries"),
    ],
)
def test_title_patterns_capture_the_document_name(template_title, title, shown):
    template = read_template(f"# {template_title}\n\n## A\n", "t.md")
    assert template.title_pattern is not None
    match = template.title_pattern.fullmatch(title)
    assert match is not None and match.group("title").strip() == shown


TABLE_ADR = page(
    """
    # ADR-0007: Use PostgreSQL

    | Field | Value |
    |-------|-------|
    | **Status** | Accepted |
    | **Date** | 2026-03-28 |
    | **Owner(s)** | Ann Lee |

    ## Decision

    Use PostgreSQL.

    ## Options Considered

    ### Option 1: PostgreSQL (Chosen)

    **Pros:**
    - Mature.

    **Cons:**
    - None.
    """
)


class TestTableMetadataAndTags:
    """A home-grown template: a bold-key metadata table, `[Required]` / `[Optional]` tags,
    `A / B / C` choices in a table cell, `[…]` blanks."""

    def test_conforming_document_has_no_findings(self):
        assert check(TABLE_ADR, TABLE_TEMPLATE, depth=3) == []

    def test_table_fields_and_slash_enumeration(self):
        template = read_template(TABLE_TEMPLATE, "adr.md")
        assert [f.name for f in template.fields] == ["Status", "Date", "Owner(s)"]
        assert template.statuses == ("Proposed", "Accepted", "Deprecated", "Superseded")
        assert {s.text for s in template.sections if not s.optional} == {
            "Decision",
            "Options Considered",
            "Option 1: [Name]",
        }

    def test_blank_left_in_a_table_cell(self):
        kept = TABLE_ADR.replace("Ann Lee", "[Names of the people who decide]")
        assert rules(check(kept, TABLE_TEMPLATE)) == [("placeholder", 7)]

    def test_invalid_status_in_a_table(self):
        findings = check(TABLE_ADR.replace("| Accepted |", "| Acepted |"), TABLE_TEMPLATE)
        assert rules(findings) == [("invalid-status", 5)]
        assert findings[0].hint == 'did you mean "Accepted"?'

    def test_guidance_left_alone_is_a_placeholder(self):
        kept = TABLE_ADR.replace(
            "Use PostgreSQL.",
            "> **Guidance:** State the decision in one clear sentence, in the active voice.",
        )
        assert rules(check(kept, TABLE_TEMPLATE)) == [("placeholder", 11)]

    def test_heading_with_blank_is_a_pattern(self):
        renamed = TABLE_ADR.replace("Option 1: PostgreSQL (Chosen)", "Option 1: MySQL")
        assert rules(check(renamed, TABLE_TEMPLATE, depth=3)) == []
        gone = TABLE_ADR.replace("### Option 1: PostgreSQL (Chosen)", "### PostgreSQL")
        assert rules(check(gone, TABLE_TEMPLATE, depth=3)) == [("missing-section", 13)]

    def test_title_pattern_with_number(self):
        assert rules(check(TABLE_ADR.replace("ADR-0007", "ADR"), TABLE_TEMPLATE)) == [
            ("missing-title", 1)
        ]

    def test_empty_list_item_under_a_label_is_no_heading(self):
        template = read_template(TABLE_TEMPLATE, "adr.md")
        assert "pros" not in {s.key for s in template.sections}


STATUS_ADR = page(
    """
    # ADR 101: Data Companion Pull API

    ## Changelog

    - 2023-05-02: First draft.

    ## Status

    Accepted ([#1484](https://example.org/1484))

    ## Context

    Text.

    ## Decision

    Text.
    """
)


class TestStatusSection:
    """A `## Status` section whose first line is the status (CometBFT, Nygard ADRs)."""

    def test_conforming_adr_has_no_findings(self):
        doc, findings = judge(STATUS_ADR, STATUS_SECTION_TEMPLATE, kind=Kind.ADR)
        assert findings == []
        assert doc.status == "Accepted"
        assert doc.display_title == "Data Companion Pull API"

    def test_status_outside_the_choices(self):
        adr = STATUS_ADR.replace("Accepted ([#1484](https://example.org/1484))", "**Implemented**")
        assert rules(check(adr, STATUS_SECTION_TEMPLATE, kind=Kind.ADR)) == [("invalid-status", 9)]

    def test_missing_status_section_is_one_finding(self):
        adr = STATUS_ADR.replace(
            "## Status\n\nAccepted ([#1484](https://example.org/1484))\n\n", ""
        )
        findings = check(adr, STATUS_SECTION_TEMPLATE, kind=Kind.ADR)
        assert [f.rule for f in findings] == ["missing-section"]

    def test_empty_status_section(self):
        adr = STATUS_ADR.replace("Accepted ([#1484](https://example.org/1484))\n\n", "")
        (finding,) = check(adr, STATUS_SECTION_TEMPLATE, kind=Kind.ADR)
        assert (finding.rule, finding.line, finding.message) == (
            "missing-field",
            7,
            'field "Status" is empty',
        )

    def test_changelog_placeholder_left(self):
        adr = STATUS_ADR.replace("2023-05-02: First draft.", "{date}: {changelog}")
        (finding,) = check(adr, STATUS_SECTION_TEMPLATE, kind=Kind.ADR)
        assert finding.rule == "placeholder" and "{date}, {changelog}" in finding.message


def test_checklist_left_unticked_is_a_form_not_a_placeholder():
    checklist = (
        "## Checklist\n\nItems marked (R) are required before release.\n\n"
        "- [ ] (R) Design reviewed\n- [ ] Docs written\n"
    )
    assert check(f"# T: X\n\n{checklist}", f"# T: {{Name}}\n\n{checklist}") == []


def test_top_section_prefers_a_heading_at_its_own_level():
    template = "# T: {Name}\n\n## Design\n\n## Alternatives\n"
    doc = (
        "# T: X\n\n## Design\n\n##### Alternatives\n\nOf one detail.\n\n"
        "## Alternatives\n\nOthers.\n"
    )
    assert check(doc, template) == []


def test_misplaced_section_hint_names_where_to_move_it():
    template = "# T: {Name}\n\n## A\n\n## B\n\n## C\n"
    findings = check("# T: X\n\n## B\n\nb\n\n## C\n\nc\n\n## A\n\na\n", template)
    assert [(f.rule, f.line, f.hint) for f in findings] == [
        ("section-order", 11, 'move it before "B" (line 3)')
    ]


def test_adr_and_prd_pages_are_checked_against_their_own_templates(build, tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "adr.md").write_text(MADR_TEMPLATE, "utf-8")
    (tmp_path / "templates" / "prd.md").write_text(TABLE_TEMPLATE, "utf-8")
    result = build(
        {
            "adr/0001-use-madr.md": MADR_ADR,
            "adr/0002-undated.md": MADR_ADR.replace(
                "2024-05-02", "{YYYY-MM-DD when the decision was last updated}"
            ),
            "prd/0007-postgres.md": TABLE_ADR,
            "prd/0008-unnamed.md": TABLE_ADR.replace("Ann Lee", "[Names of the people who decide]"),
        },
        {
            "plugins": [
                {"specs": {"adr_template": "templates/adr.md", "prd_template": "templates/prd.md"}}
            ]
        },
    )
    assert result.exit_code == 1
    findings = [line for line in result.log.splitlines() if "mkdocs_specs: docs/" in line]
    assert findings == [
        'ERROR: mkdocs_specs: docs/adr/0002-undated.md:3: placeholder: field "date" still '
        'holds the template text "{YYYY-MM-DD when the decision was last updated}" '
        "(hint: replace it with the real value)",
        "ERROR: mkdocs_specs: docs/prd/0008-unnamed.md:7: placeholder: "
        'field "Owner(s)" still holds the '
        'template text "[Names of the people who decide]" (hint: replace it with the real value)',
    ]
    assert result.document("adr/0001-use-madr.md")["status"] == "accepted"
    assert result.document("prd/0007-postgres.md")["owners"] == ["Ann Lee"]


def test_template_versions_in_a_real_build(build, tmp_path):
    (tmp_path / "rfc-2014.md").write_text(RFC_TEMPLATE_2014, "utf-8")
    (tmp_path / "rfc.md").write_text(RFC_TEMPLATE, "utf-8")
    old = TestTemplateVersions.OLD_RFC.replace("# Drawbacks\n\nNone.\n", "")
    result = build(
        {"rfcs/0016-more-attributes.md": old, "rfcs/2000-const-generics.md": RFC},
        {"plugins": [{"specs": {"specs": ["rfcs/*.md"], "template": ["rfc-2014.md", "rfc.md"]}}]},
    )
    assert result.exit_code == 1
    assert (
        "ERROR: mkdocs_specs: docs/rfcs/0016-more-attributes.md:12: missing-section: required "
        'section "Drawbacks" is missing (hint: add "# Drawbacks" after the "Detailed design" '
        "section (line 12)) [template rfc-2014.md]"
    ) in result.log.splitlines()
    assert result.document("rfcs/0016-more-attributes.md")["template"] == "rfc-2014.md"
    assert result.document("rfcs/2000-const-generics.md")["template"] == "rfc.md"
    assert result.document("rfcs/2000-const-generics.md")["findings"] == []


def test_metadata_kept_under_a_heading_of_its_own_is_read_there():
    moved = TABLE_ADR.replace("| Field | Value |", "## Metadata\n\n| Field | Value |")
    assert check(moved, TABLE_TEMPLATE) == []


def test_section_placed_too_late_is_moved_before_the_next_one_in_order():
    template = "# T: {Name}\n\n## A\n\n## B\n\n## C\n\n## D\n"
    findings = check("# T: X\n\n## A\n\na\n\n## C\n\nc\n\n## D\n\nd\n\n## B\n\nb\n", template)
    assert [(f.rule, f.line, f.hint) for f in findings] == [
        ("section-order", 15, 'move it before "C" (line 7)')
    ]


def test_bullet_fields_under_a_title_written_as_h2():
    titled = "## RFC: const generics\n\n" + RFC
    assert check(titled, RFC_TEMPLATE) == []


@pytest.mark.parametrize(
    ("heading", "title"),
    [
        ("Technical Specification: (Internal) Billing", "(Internal) Billing"),
        ("Technical Specification: .NET Upgrade", ".NET Upgrade"),
        ("Technical Specification — Payments", "Payments"),
        ("Technical Specification:Payments", "Payments"),
    ],
)
def test_title_keeps_its_own_first_character(heading, title):
    match = default_template().title_pattern.fullmatch(heading)
    assert match is not None and match.group("title") == title


def test_an_ampersand_does_not_split_an_owner():
    assert split_owners("Procter & Gamble Platform Team and Jane Doe") == [
        "Procter & Gamble Platform Team",
        "Jane Doe",
    ]
