"""The rule registry: every rule's examples are real, and every rule has a golden case.

An example is checked against `EXAMPLE_TEMPLATE`, the template it is documented with; a golden
case (`tests/golden/<rule-id>/`: pages under their paths in `docs_dir`, and `findings.txt`) is
checked against the built-in spec template. Both go through the pipeline `mkdocs build` and
`mkdocs-specs check` share (`check_sources`). `UPDATE_GOLDEN=1` rewrites `findings.txt` from
what the code says today, for a change of wording to be reviewed in the diff.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path

import pytest

from mkdocs_specs.catalog import Settings, Source, apply_policy
from mkdocs_specs.checking import check_sources
from mkdocs_specs.model import Finding, Kind, Severity
from mkdocs_specs.parse import parse_document
from mkdocs_specs.rule_docs import example_findings
from mkdocs_specs.rules import RULES, SeverityPolicy, rule
from mkdocs_specs.template import default_template, read_template

GOLDEN = Path(__file__).parent / "golden"
FINDINGS_FILE = "findings.txt"
TODAY = dt.date(2026, 6, 1)
GLOBS = {Kind.SPEC: ["specs/**/*.md"], Kind.PRD: ["prd/**/*.md"], Kind.ADR: ["adr/**/*.md"]}


def findings(pages: Iterable[tuple[str, bytes]], template: str | None = None) -> list[Finding]:
    """Every finding of a small site of `pages`, its specs checked against `template` (the
    built-in one when `None`), in path and line order."""
    spec_template = default_template() if template is None else read_template(template, "t.md")
    settings = Settings(globs=GLOBS, templates={Kind.SPEC: [spec_template]}, today=TODAY)
    sources = [Source(path, f"docs/{path}", lambda data=data: data) for path, data in pages]
    catalog = check_sources(sources, settings)
    return sorted(
        (finding for doc in catalog.documents for finding in doc.findings),
        key=lambda finding: (finding.path, finding.line, finding.rule),
    )


@pytest.mark.parametrize("rule_id", list(RULES))
def test_a_rules_failing_example_fires_it_and_its_fixed_example_is_clean(rule_id):
    declared = RULES[rule_id]
    assert declared.failing and declared.fixed
    assert {finding.rule for finding in example_findings(declared.failing)} == {rule_id}
    assert example_findings(declared.fixed) == []


def golden_cases() -> list[str]:
    return sorted(path.name for path in GOLDEN.iterdir() if path.is_dir())


def shown(finding: Finding) -> str:
    return (
        f"{finding.path}:{finding.line}: {finding.rule}: {finding.severity.value}: "
        f"{finding.describe()}"
    )


@pytest.mark.parametrize("case", golden_cases())
def test_golden_case(case):
    folder = GOLDEN / case
    pages = sorted(
        (path.relative_to(folder).as_posix(), path.read_bytes())
        for path in folder.rglob("*.md")
    )
    found = "".join(f"{shown(finding)}\n" for finding in findings(pages))
    expected_file = folder / FINDINGS_FILE
    if os.environ.get("UPDATE_GOLDEN"):
        expected_file.write_text(found, "utf-8")
    assert found == expected_file.read_text("utf-8")
    assert f": {case}: " in found  # the case shows the rule it is named after


def test_every_rule_has_a_golden_case_and_only_rules_have_one():
    assert golden_cases() == sorted(RULES)


def test_a_rule_is_declared_once():
    with pytest.raises(ValueError, match="'placeholder' is declared twice"):
        rule("placeholder", Severity.ERROR, summary="", why="", failing="", fixed="")
    assert RULES["placeholder"].summary == "template placeholder text left unfilled"


def test_a_finding_keeps_its_key_when_the_policy_changes_its_severity():
    """The baseline matches findings by their key: a `rules:` override must not lose it."""
    doc = parse_document("specs/a.md", "# A\n", Kind.SPEC)
    found = Finding("placeholder", Severity.ERROR, "docs/specs/a.md", 1, "m", key="Project")
    [judged] = apply_policy(doc, [found], SeverityPolicy({"placeholder": Severity.WARNING}))
    assert (judged.severity, judged.key) == (Severity.WARNING, "Project")
