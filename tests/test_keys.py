"""Stable finding keys: a finding keeps its key while its volatile parts (a status, a count, a
line, an age, the suggestions) change, so that a baseline entry keeps matching it."""

from __future__ import annotations

import datetime as dt

import pytest
from factory import SECTIONS, spec

from mkdocs_specs.catalog import Catalog, Settings, Source
from mkdocs_specs.checking import check_sources
from mkdocs_specs.model import Document, Finding, Kind
from mkdocs_specs.rules import RULES, parse_problem_findings
from mkdocs_specs.template import default_template, read_template

SETTINGS = Settings(
    globs={Kind.SPEC: ["specs/**/*.md"], Kind.PRD: ["prd/**/*.md"], Kind.ADR: ["adr/**/*.md"]},
    templates={Kind.SPEC: [default_template()]},
    today=dt.date.today(),
)
PAGE = "specs/a.md"


def check(pages: dict[str, str | bytes], settings: Settings = SETTINGS) -> Catalog:
    return check_sources(
        [
            Source(path, f"docs/{path}", lambda text=text: text)
            for path, text in pages.items()
        ],
        settings,
    )


def found(
    pages: dict[str, str | bytes], rule: str, settings: Settings = SETTINGS
) -> list[Finding]:
    return [f for f in check(pages, settings).by_path[PAGE].findings if f.rule == rule]


def adr(title: str, status: str) -> str:
    return f"# {title}\n\n## Status\n\n{status}\n"


def days_ago(days: int) -> str:
    return (dt.date.today() - dt.timedelta(days=days)).isoformat()


WITHOUT_TESTING = [s for s in SECTIONS if s != "Testing Strategy"]
SWAPPED = [*SECTIONS[:5], SECTIONS[6], SECTIONS[5], *SECTIONS[7:]]

CASES: dict[str, tuple[dict[str, str | bytes], dict[str, str | bytes], str]] = {
    "front-matter": (
        {PAGE: spec(front_matter="title: [oops")},
        {PAGE: spec(front_matter="owner: x\ntitle: a: b")},
        "front matter",
    ),
    "encoding": (
        {PAGE: spec(body="caf\xe9").encode("latin-1")},
        {PAGE: spec(body="Some text.\n\nMore: caf\xe9").encode("latin-1")},
        "UTF-8",
    ),
    "missing-title": (
        {PAGE: spec().replace("# Technical Specification: Payment Retries", "# Payment Retries")},
        {PAGE: spec().replace("# Technical Specification: Payment Retries", "# Retrying")},
        "title pattern",
    ),
    "missing-section": (
        {PAGE: spec(sections=WITHOUT_TESTING)},
        {PAGE: spec(sections=WITHOUT_TESTING, front_matter="a: b")},
        "Testing Strategy",
    ),
    "section-order": (
        {PAGE: spec(sections=SWAPPED)},
        {PAGE: spec(sections=SWAPPED, front_matter="a: b")},
        "Deployment Strategy",
    ),
    "missing-field": (
        {PAGE: spec(drop_fields=("Project",))},
        {PAGE: spec(project="")},
        "Project",
    ),
    "invalid-status": (
        {PAGE: spec(status="In Progress")},
        {PAGE: spec(status="In Progress", front_matter="owner: x")},
        "In Progress",
    ),
    "invalid-date": (
        {PAGE: spec(date="11/03/2026")},
        {PAGE: spec(date="12/03/2026")},
        "Date",
    ),
    "placeholder": (
        {PAGE: spec(project="{Project Name}")},
        {PAGE: spec(project="{Project Name}", front_matter="owner: x")},
        "Project",
    ),
    "unresolved-reference": (
        {PAGE: spec(related_adr="ADR-0009"), "adr/0001-a.md": adr("A", "Accepted")},
        {
            PAGE: spec(related_adr="ADR-0009"),
            "adr/0001-a.md": adr("A", "Accepted"),
            "adr/0008-b.md": adr("B", "Accepted"),
        },
        "ADR-0009",
    ),
    "duplicate-id": (
        {PAGE: spec(front_matter="id: SPEC-7"), "specs/b.md": spec(front_matter="id: SPEC-7")},
        {
            PAGE: spec(front_matter="id: SPEC-7"),
            "specs/b.md": spec(front_matter="id: SPEC-7"),
            "specs/c.md": spec(front_matter="id: SPEC-7"),
        },
        "SPEC-7",
    ),
    "metadata-conflict": (
        {PAGE: spec(front_matter="status: Review")},
        {PAGE: spec(front_matter="status: Draft")},
        "Status",
    ),
    "inactive-reference": (
        {PAGE: spec(related_adr="ADR-0001"), "adr/0001-a.md": adr("A", "Superseded")},
        {
            PAGE: spec(related_adr="ADR-0001", status="Implemented"),
            "adr/0001-a.md": adr("A", "Deprecated"),
        },
        "ADR-0001",
    ),
    "stale": (
        {PAGE: spec(status="Review", date=days_ago(200))},
        {PAGE: spec(status="Draft", date=days_ago(400))},
        "stale",
    ),
}


def test_every_rule_has_a_key_case():
    assert set(CASES) == set(RULES)


@pytest.mark.parametrize("rule", list(CASES))
def test_a_finding_keeps_its_key_when_its_volatile_parts_change(rule):
    before, after, key = CASES[rule]
    (first,) = found(before, rule)
    (second,) = found(after, rule)
    # The finding did change (its message, hint or line), but not what it is about.
    assert (first.message, first.hint, first.line) != (second.message, second.hint, second.line)
    assert first.key == second.key == key


def test_moving_a_spec_and_its_adr_on_keeps_the_inactive_reference_key():
    """The baseline's case: an accepted warning about a retired ADR stays the same warning when
    the spec moves from Approved to Implemented."""
    pages = {
        PAGE: spec(related_adr="[A](../adr/0001-a.md)"),
        "adr/0001-a.md": adr("A", "Superseded by ADR-0002"),
        "adr/0002-b.md": adr("B", "Accepted"),
    }
    (approved,) = found(pages, "inactive-reference")
    pages[PAGE] = spec(related_adr="[A](../adr/0001-a.md)", status="Implemented")
    (implemented,) = found(pages, "inactive-reference")
    assert "Approved spec" in approved.message and "Implemented spec" in implemented.message
    assert approved.key == implemented.key == "../adr/0001-a.md"


def test_different_things_have_different_keys():
    pages = {PAGE: spec(sections=SECTIONS[:-2], drop_fields=("Project", "Version"))}
    for rule in ("missing-section", "missing-field"):
        keys = [f.key for f in found(pages, rule)]
        assert len(keys) == 2 and len(set(keys)) == 2, keys


def test_placeholder_tokens_and_template_text_are_keyed_by_their_text():
    token = "{Brief overview of the technical solution and its key components}"
    body = f"## Notes\n\n{token}\n"
    (first,) = found({PAGE: spec(body=body)}, "placeholder")
    (moved,) = found({PAGE: spec(body="Text.\n\n" + body)}, "placeholder")
    assert first.line != moved.line and first.key == moved.key == token

    text = "Explain the proposal as if it was already included in the language."
    rfc = read_template(f"# RFC\n\n## Summary\n\n{text}\n\n## Drawbacks\n", "rfc.md")
    settings = Settings(globs=SETTINGS.globs, templates={Kind.SPEC: [rfc]})
    page = f"# RFC\n\n## Summary\n\n{text}\n\n## Drawbacks\n\nMany.\n"
    (first,) = found({PAGE: page}, "placeholder", settings)
    (moved,) = found({PAGE: page.replace("# RFC\n", "# RFC\n\nIntro.\n")}, "placeholder", settings)
    assert first.line != moved.line and first.key == moved.key == text


def test_a_metadata_file_problem_is_keyed_by_the_file_not_its_line():
    def problem(message: str) -> Finding:
        doc = Document("specs/a.md", Kind.SPEC, 10, parse_problems=[(1, "front-matter", message)])
        (finding,) = parse_problem_findings(doc)
        return finding

    first = problem("specs/a.yml:3: the metadata file is not valid YAML (x)")
    second = problem("specs/a.yml:7: the metadata file is not valid YAML (y)")
    assert first.key == second.key == "specs/a.yml"
    assert problem("specs/a.yml: the metadata file is larger than 1 MiB").key == "specs/a.yml"


def test_keys_survive_the_template_and_severity_steps():
    """The catalog rebuilds findings to name the template version and to settle severities."""
    settings = Settings(
        globs=SETTINGS.globs,
        templates={Kind.SPEC: [default_template(), default_template()]},
        today=SETTINGS.today,
        overrides={"invalid-date": RULES["stale"].severity},
    )
    catalog = check_sources([Source(PAGE, f"docs/{PAGE}", spec(date="soon").encode)], settings)
    (finding,) = [f for f in catalog.by_path[PAGE].findings if f.rule == "invalid-date"]
    assert finding.template is not None and finding.severity is RULES["stale"].severity
    assert finding.key == "Date"

