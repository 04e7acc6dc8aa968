"""Adopting the rules on a repository with old violations: `check --write-baseline` records them,
the `baseline` option reports them as info, and only new findings fail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import run_cli
from conftest import run_mkdocs, write_site
from factory import SECTIONS, spec

from mkdocs_specs.baseline import Baseline, BaselineError
from mkdocs_specs.model import Finding, Severity

OLD = {
    "specs/payments.md": spec(sections=[s for s in SECTIONS if s != "Testing Strategy"]),
    "specs/search.md": spec(project="{Project Name}", status="Shipped"),
}
WITH_BASELINE = {"plugins": [{"specs": {"baseline": ".specs-baseline.json"}}]}


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    return lambda *args: run_cli(capsys, *args)


def edit(root: Path, name: str, change) -> None:
    path = root / "docs" / name
    path.write_text(change(path.read_text("utf-8")), "utf-8")


def test_adopting_a_baseline_fails_only_on_new_findings(tmp_path, cli):
    write_site(tmp_path, OLD)
    old = cli("check")
    assert old.code == 1
    assert len(old.findings()) == 3

    recorded = cli("check", "--write-baseline")
    assert recorded.code == 0
    assert recorded.out == ""
    assert "recorded 3 finding(s) in 2 file(s)" in recorded.err
    assert "set `baseline: .specs-baseline.json`" in recorded.err
    saved = json.loads((tmp_path / ".specs-baseline.json").read_text("utf-8"))
    assert {(e["path"], e["rule"], e["count"]) for e in saved["findings"]} == {
        ("docs/specs/payments.md", "missing-section", 1),
        ("docs/specs/search.md", "placeholder", 1),
        ("docs/specs/search.md", "invalid-status", 1),
    }

    write_site(tmp_path, {}, WITH_BASELINE)
    adopted = cli("check")
    assert adopted.code == 0
    assert {severity for *_, severity in adopted.findings()} == {"info"}
    assert run_mkdocs(tmp_path, "build", "--strict").exit_code == 0

    write_site(tmp_path, {"specs/new.md": spec(status="Aproved")}, WITH_BASELINE)
    after = cli("check")
    assert after.code == 1
    failing = {f for f in after.findings() if f[3] != "info"}
    assert failing == {("docs/specs/new.md", 8, "invalid-status", "error")}
    built = run_mkdocs(tmp_path, "build")
    assert built.exit_code == 1
    assert "docs/specs/new.md:8: invalid-status" in built.log
    assert "ERROR: docs/specs/payments.md" not in built.log
    assert "INFO: docs/specs/payments.md" in built.log.replace("mkdocs_specs: ", "")


def test_editing_above_an_old_finding_does_not_resurrect_it(tmp_path, cli):
    write_site(tmp_path, OLD, WITH_BASELINE)
    assert cli("check", "--write-baseline").code == 0
    before = cli("check")
    assert before.code == 0

    def insert_paragraphs(text: str) -> str:
        return text.replace(
            "## Executive Summary\n", "## Executive Summary\n\nNew.\n\nMore.\n\n", 1
        )

    edit(tmp_path, "specs/payments.md", insert_paragraphs)
    edit(tmp_path, "specs/search.md", lambda text: "\n\n" + text)
    after = cli("check")
    assert after.code == 0, after.out
    moved = {(path, line, rule) for path, line, rule, _ in after.findings()}
    assert moved != {(path, line, rule) for path, line, rule, _ in before.findings()}
    assert {severity for *_, severity in after.findings()} == {"info"}


def test_a_second_identical_finding_in_a_file_is_new(tmp_path, cli):
    page = spec(body="Owner: {Technical Lead Name}")
    write_site(tmp_path, {"specs/a.md": page}, WITH_BASELINE)
    assert cli("check", "--write-baseline").code == 0
    assert cli("check").code == 0

    edit(tmp_path, "specs/a.md", lambda text: text + "\nBackup owner: {Technical Lead Name}\n")
    run = cli("check")
    assert run.code == 1
    placeholders = sorted(f for f in run.findings() if f[2] == "placeholder")
    assert [(line, severity) for _, line, _, severity in placeholders] == [
        (56, "info"),
        (58, "error"),
    ]


def test_write_baseline_to_an_explicit_file(tmp_path, cli):
    write_site(tmp_path, OLD)
    run = cli("check", "--write-baseline", "ci/accepted.json")
    assert run.code == 0
    assert (tmp_path / "ci" / "accepted.json").is_file()
    assert "set `baseline: ci/accepted.json`" in run.err
    write_site(tmp_path, {}, {"plugins": [{"specs": {"baseline": "ci/accepted.json"}}]})
    assert cli("check").code == 0


def test_write_baseline_ignores_the_old_baseline_and_drops_fixed_findings(tmp_path, cli):
    write_site(tmp_path, OLD, WITH_BASELINE)
    assert cli("check", "--write-baseline").code == 0
    edit(tmp_path, "specs/search.md", lambda _: spec())
    run = cli("check", "--write-baseline")
    assert "recorded 1 finding(s) in 1 file(s)" in run.err
    assert "to use it" not in run.err  # the configured file was rewritten


def test_write_baseline_with_paths_is_a_usage_error(tmp_path, cli):
    write_site(tmp_path, OLD)
    run = cli("check", "docs/specs", "--write-baseline=b.json")
    assert run.code == 2
    assert run.err.count("\n") == 1


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (None, "does not exist"),
        ("{not json", "is not valid JSON"),
        ('{"version": 99, "findings": []}', "not a baseline of version 1 or 2"),
        ('{"version": 1, "findings": [{"path": "a.md"}]}', "finding 1 needs"),
    ],
    ids=["missing", "not JSON", "other version", "bad entry"],
)
def test_a_missing_or_corrupt_baseline_is_a_clear_error(tmp_path, cli, content, words):
    write_site(tmp_path, OLD, WITH_BASELINE)
    if content is not None:
        (tmp_path / ".specs-baseline.json").write_text(content, "utf-8")
    run = cli("check")
    assert run.code == 2
    assert run.out == ""
    assert words in run.err
    assert run.err.count("\n") == 1
    built = run_mkdocs(tmp_path, "build")
    assert built.exit_code == 1
    assert words in built.log
    assert "Traceback" not in built.log + built.output


def finding(message: str, line: int = 1, severity: Severity = Severity.ERROR) -> Finding:
    return Finding("metadata-conflict", severity, "docs/specs/a.md", line, message)


def test_line_numbers_inside_messages_do_not_break_matching():
    recorded = Baseline.record([finding('Status is "A" here but "B" in front matter (line 3)')])
    moved = finding('Status is "A" here but "B" in front matter (line 9)', line=14)
    assert recorded.apply([moved])[0].severity is Severity.INFO
    other = finding('Status is "A" here but "C" in front matter (line 9)')
    assert recorded.apply([other])[0].severity is Severity.ERROR


def test_info_findings_are_not_recorded_and_the_file_round_trips():
    recorded = Baseline.record(
        [finding("x"), finding("x", 5), finding("y", severity=Severity.INFO)]
    )
    assert recorded.total == 2
    again = Baseline.loads(recorded.dumps(), "b.json")
    assert again == recorded
    assert again.dumps() == recorded.dumps()


def test_loading_rejects_a_count_that_is_not_a_number():
    text = '{"version": 1, "findings": [{"path": "a", "rule": "r", "message": "m", "count": true}]}'
    with pytest.raises(BaselineError, match="count of at least 1"):
        Baseline.loads(text, "b.json")
