"""`mkdocs build` on sites with broken specs: every rule names the file, the line and its id."""

from __future__ import annotations

import re

import pytest
from factory import SECTIONS, recent, spec


def finding_lines(build) -> list[str]:
    return [line for line in build.log.splitlines() if "mkdocs_specs: docs/" in line]


def test_valid_site_builds_clean_and_exports_every_document(build):
    result = build(
        {
            "index.md": "# Home\n",
            "specs/payment-retries.md": spec(),
            "prd/0001-checkout.md": "# Checkout\n\n**Status:** Approved\n",
            "adr/0007-use-postgres.md": "# Use Postgres\n\n## Status\n\nAccepted\n",
        },
        strict=True,
    )
    assert result.exit_code == 0, result.log
    assert finding_lines(result) == []
    assert "checked 1 spec, 1 PRD, 1 ADR: 0 errors, 0 warnings, 0 info" in result.log
    documents = result.export()["documents"]
    assert [d["src_path"] for d in documents] == [
        "adr/0007-use-postgres.md",
        "prd/0001-checkout.md",
        "specs/payment-retries.md",
    ]
    payment = result.document("specs/payment-retries.md")
    assert payment["title"] == "Payment Retries"
    assert payment["status"] == "Approved"
    assert payment["owners"] == ["Jane Doe"]
    assert payment["url"] == "specs/payment-retries/"
    assert set(payment) >= {
        "kind",
        "id",
        "title",
        "src_path",
        "url",
        "status",
        "project",
        "version",
        "date",
        "owners",
        "related",
        "referenced_by",
        "findings",
    }
    assert result.document("adr/0007-use-postgres.md")["id"] == "ADR-0007"
    assert result.document("adr/0007-use-postgres.md")["status"] == "Accepted"


@pytest.mark.parametrize(
    ("page", "line", "rule", "words"),
    [
        (
            spec(sections=[s for s in SECTIONS if s != "Testing Strategy"]),
            28,
            "missing-section",
            'required section "Testing Strategy" is missing',
        ),
        (spec(status="Shipped"), 8, "invalid-status", 'status "Shipped" is not one of'),
        (spec(date="2026-02-30"), 6, "invalid-date", 'Date "2026-02-30" is not a real date'),
        (spec(project="{Project Name}"), 4, "placeholder", "{Project Name}"),
        (
            spec(body="Owner: {Technical Lead Name}"),
            56,
            "placeholder",
            "unfilled template placeholder",
        ),
        (spec(drop_fields=("Author",)), 3, "missing-field", 'field "Author" is missing'),
        (spec(front_matter="title: [oops"), 2, "front-matter", "front matter is not valid YAML"),
        (spec(front_matter="- a\n- b"), 2, "front-matter", "must be a mapping"),
        (
            spec(front_matter="status: Review"),
            11,
            "metadata-conflict",
            'Status is "Approved" here but "Review" in front matter (line 2)',
        ),
        (
            spec().replace("# Technical Specification: Payment Retries", "# Payment Retries"),
            1,
            "missing-title",
            "does not follow the template's pattern",
        ),
        (
            spec().replace("# Technical Specification: Payment Retries\n", ""),
            1,
            "missing-title",
            "the page has no H1 title",
        ),
    ],
    ids=lambda value: (
        value if isinstance(value, str) and "-" in value and " " not in value else None
    ),
)
def test_approved_spec_with_one_problem_fails_build(build, page, line, rule, words):
    result = build({"specs/payment.md": page})
    assert result.exit_code == 1, result.log
    errors = [f for f in finding_lines(result) if f.startswith("ERROR")]
    expected = f"docs/specs/payment.md:{line}: {rule}: "
    assert any(expected in f and words in f for f in errors), "\n".join(errors)
    assert "Aborted with a BuildError" in result.output


def test_missing_section_hint_names_where_to_add_it(build):
    result = build(
        {"specs/payment.md": spec(sections=[s for s in SECTIONS if s != "Testing Strategy"])}
    )
    line = next(f for f in finding_lines(result) if "missing-section" in f)
    assert (
        'hint: add "## Testing Strategy" after the "Implementation Details" section (line 28)'
        in line
    )


def test_section_order_is_a_warning_that_fails_only_under_strict(build):
    swapped = SECTIONS.copy()
    swapped[1], swapped[2] = swapped[2], swapped[1]
    page = {"specs/payment.md": spec(sections=swapped)}
    relaxed = build(page)
    assert relaxed.exit_code == 0, relaxed.log
    assert any("WARNING" in f and "section-order" in f for f in finding_lines(relaxed))
    assert build(page, strict=True).exit_code == 1


def test_strict_quiet_still_fails_on_warnings(build):
    swapped = SECTIONS.copy()
    swapped[1], swapped[2] = swapped[2], swapped[1]
    result = build({"specs/payment.md": spec(sections=swapped)}, strict=True, extra_args=("-q",))
    assert result.exit_code == 1


def test_all_findings_of_all_files_are_reported_in_one_run(build):
    result = build(
        {
            "specs/a.md": spec(status="Shipped", date="2026-13-01"),
            "specs/b.md": spec(drop_fields=("Version",), project="{Project Name}"),
            "specs/c.md": spec(front_matter="title: [oops"),
        }
    )
    assert result.exit_code == 1
    rules = sorted(
        re.search(r"(docs/\S+?):\d+: ([a-z-]+):", line).groups() for line in finding_lines(result)
    )
    assert rules == [
        ("docs/specs/a.md", "invalid-date"),
        ("docs/specs/a.md", "invalid-status"),
        ("docs/specs/b.md", "missing-field"),
        ("docs/specs/b.md", "placeholder"),
        ("docs/specs/c.md", "front-matter"),
    ]
    assert "checked 3 specs, 0 PRDs, 0 ADRs: 5 errors, 0 warnings, 0 info" in result.log


def test_draft_with_placeholders_and_missing_section_builds_strict(build):
    draft = spec(status="Draft", project="{Project Name}", sections=SECTIONS[:-1])
    result = build({"specs/draft.md": draft}, strict=True)
    assert result.exit_code == 0, result.log
    findings = result.document("specs/draft.md")["findings"]
    assert {(f["rule"], f["severity"]) for f in findings} == {
        ("placeholder", "info"),
        ("missing-section", "info"),
    }


def test_stale_review_spec_is_info_and_never_fails(build):
    result = build({"specs/old.md": spec(status="Review", date=recent(400))}, strict=True)
    assert result.exit_code == 0, result.log
    (finding,) = result.document("specs/old.md")["findings"]
    assert finding["rule"] == "stale" and finding["severity"] == "info"
    assert "400 days old" in finding["message"]


def test_rule_overrides_and_specs_ignore(build):
    result = build(
        {
            "specs/a.md": spec(status="Shipped"),
            "specs/b.md": spec(
                front_matter="specs_ignore: [placeholder]", project="{Project Name}"
            ),
        },
        {"plugins": [{"specs": {"rules": {"invalid-status": "warning", "stale": "off"}}}]},
    )
    assert result.exit_code == 0, result.log
    assert [f["severity"] for f in result.document("specs/a.md")["findings"]] == ["warning"]
    assert result.document("specs/b.md")["findings"] == []


@pytest.mark.parametrize(("fail_on", "code"), [("warning", 1), ("never", 0)])
def test_fail_on(build, fail_on, code):
    swapped = SECTIONS.copy()
    swapped[1], swapped[2] = swapped[2], swapped[1]
    result = build(
        {"specs/a.md": spec(sections=swapped)}, {"plugins": [{"specs": {"fail_on": fail_on}}]}
    )
    assert result.exit_code == code, result.log


def test_fail_on_never_lets_errors_through(build):
    result = build(
        {"specs/a.md": spec(status="Shipped")}, {"plugins": [{"specs": {"fail_on": "never"}}]}
    )
    assert result.exit_code == 0
    assert "invalid-status" in result.log


def test_title_hint_rewrites_the_authors_own_title(build):
    page = spec().replace("# Technical Specification: Payment Retries", "# Payment Retries")
    result = build({"specs/payment.md": page})
    assert 'hint: write it as "# Technical Specification: Payment Retries"' in result.log
