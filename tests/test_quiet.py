"""Quiet by default, loud when it matters: a Draft's expected info findings are one line of the
build log, `check` prints what a reader asks for (machine formats leave info out unless
asked), the serve panel folds long groups, and the example site's sidebar reads well."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from cli_runner import run_cli
from conftest import build_as_served, build_findings, run_mkdocs, write_site
from factory import SECTIONS, spec

ROOT = Path(__file__).parent.parent
FOLDED_RE = re.compile(
    r"^INFO: mkdocs_specs: (\S+): (\d+) info findings \(Draft\); "
    r"see the page or mkdocs-specs check$",
    re.MULTILINE,
)


def test_a_drafts_info_findings_are_one_line_of_the_build_log(build):
    """Only a Draft's info findings are folded: its warnings stay one a line, and so do the
    info findings of a spec past Draft and a Draft's single one."""
    files = {
        "specs/draft.md": spec(
            "Fresh", status="Draft", project="{Project Name}", sections=[], related_adr="ADR-0099"
        ),
        "specs/approved.md": spec("Done", sections=SECTIONS[:3]),
        "specs/one.md": spec("One", status="Draft", drop_fields=("Author",)),
    }
    rules = {"missing-section": "info", "unresolved-reference": "warning"}
    result = build(files, {"plugins": [{"specs": {"rules": rules}}]})
    assert result.exit_code == 0, result.log

    def info(src_path: str) -> int:
        findings = result.document(src_path)["findings"]
        return sum(finding["severity"] == "info" for finding in findings)

    assert info("specs/draft.md") > 10
    assert FOLDED_RE.findall(result.log) == [("docs/specs/draft.md", str(info("specs/draft.md")))]
    logged = build_findings(result)
    assert {(path, severity) for path, _, _, severity in logged if "draft" in path} == {
        ("docs/specs/draft.md", "warning")  # unresolved-reference, on its own line
    }
    approved = re.findall(r"^INFO: mkdocs_specs: docs/specs/approved.md:\d+: ", result.log, re.M)
    assert len(approved) == info("specs/approved.md") > 1
    assert ("docs/specs/one.md", 3, "missing-field", "info") in logged
    assert "checked 3 specs" in result.log and f"{sum(map(info, files))} info" in result.log


# --- check ---------------------------------------------------------------------------------------


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An error, a warning and a Draft's many info findings, in the current folder."""
    monkeypatch.chdir(tmp_path)
    return write_site(
        tmp_path,
        {
            "specs/a.md": spec("Alpha", status="Shipped"),
            "specs/b.md": spec("Beta", sections=[*SECTIONS[1:2], *SECTIONS[:1], *SECTIONS[2:]]),
            "specs/draft.md": spec("Fresh", status="Draft", sections=[]),
        },
    )


def severities(run_out: str) -> list[str]:
    return re.findall(r"^(ERROR|WARNING|INFO)\s", run_out, re.MULTILINE)


def test_min_severity_leaves_out_what_is_below_it_and_keeps_the_exit_code(site, capsys):
    everything = run_cli(capsys, "check", "--fail-on", "warning")
    assert {"ERROR", "WARNING", "INFO"} <= set(severities(everything.out))
    summary = everything.out.splitlines()[-1]
    assert summary.startswith("checked 3 specs, 0 PRDs, 0 ADRs: 1 error, 1 warning, ")

    warnings = run_cli(capsys, "check", "--fail-on", "warning", "--min-severity", "warning")
    assert set(severities(warnings.out)) == {"ERROR", "WARNING"}
    assert warnings.out.splitlines()[-1] == summary  # info still counted
    errors = run_cli(capsys, "check", "--fail-on", "warning", "--min-severity", "error")
    assert severities(errors.out) == ["ERROR"]
    assert everything.code == warnings.code == errors.code == 1


def test_quiet_prints_the_summary_only(site, capsys):
    run = run_cli(capsys, "check", "--quiet")
    assert run.out.splitlines() == [run_cli(capsys, "check").out.splitlines()[-1]]
    assert run.code == 1 and run.err == ""
    refused = run_cli(capsys, "check", "-q", "--format", "sarif")
    assert refused.code == 2 and refused.out == ""
    assert refused.err.count("\n") == 1 and "--quiet" in refused.err


def sarif_levels(out: str) -> list[str]:
    return [result["level"] for result in json.loads(out)["runs"][0]["results"]]


def test_machine_formats_leave_info_out_unless_asked(site, capsys):
    sarif = run_cli(capsys, "check", "--format", "sarif")
    assert sorted(sarif_levels(sarif.out)) == ["error", "warning"]
    asked = run_cli(capsys, "check", "--format", "sarif", "--min-severity", "info")
    assert sarif_levels(asked.out).count("note") > 10
    assert len(sarif.out) < len(asked.out)

    github = run_cli(capsys, "check", "--format", "github")
    assert [line.split(" ", 1)[0] for line in github.out.splitlines()] == ["::error", "::warning"]
    notices = run_cli(capsys, "check", "--format", "github", "--min-severity", "info")
    assert "::notice" in notices.out

    junit = ElementTree.fromstring(run_cli(capsys, "check", "--format", "junit").out)
    assert junit.find(".//system-out") is None
    assert junit.find("testsuite").get("failures") == "2"
    assert sarif.code == asked.code == github.code == notices.code == 1


def test_json_keeps_every_finding_unless_asked(site, capsys):
    """`json` is the export's records, for programs that count findings."""
    (draft,) = [
        doc for doc in json.loads(run_cli(capsys, "check", "--format", "json").out)
        if doc["src_path"] == "specs/draft.md"
    ]
    assert len(draft["findings"]) > 10
    errors = json.loads(run_cli(capsys, "check", "--format", "json", "--min-severity", "error").out)
    assert [[f["rule"] for f in doc["findings"]] for doc in errors] == [["invalid-status"], [], []]


# --- serve panel ---------------------------------------------------------------------------------


def test_the_serve_panel_groups_findings_by_rule_and_folds_long_groups(tmp_path):
    page = spec("Alpha", sections=SECTIONS[:2], related_adr="ADR-0099")
    write_site(tmp_path, {"specs/a.md": page, "adr/0001-x.md": "# X\n\n## Status\n\nAccepted\n"})
    build_as_served(tmp_path)
    html = (tmp_path / "site/specs/a/index.html").read_text("utf-8")
    panel = html.split('<div class="admonition danger specs-findings">', 1)[1].split("</div>")[0]
    groups = re.findall(
        r'<details class="specs-findings__group"( open)?>\s*<summary><code>([a-z-]+)</code> '
        r'<span class="specs-count specs-count--(\w+)">(\d+)</span></summary>(.*?)</details>',
        panel,
        re.S,
    )
    shown = {rule: (bool(opened), kind, int(count)) for opened, rule, kind, count, _ in groups}
    assert shown["missing-section"] == (False, "error", len(SECTIONS) - 2)
    assert shown["unresolved-reference"] == (True, "error", 1)
    for _, rule, _, count, items in groups:
        assert items.count(f"<code>{rule}</code>") == int(count)
    assert "<script" not in panel


# --- example site --------------------------------------------------------------------------------


def test_the_example_site_names_its_sections_and_keeps_the_portal(tmp_path):
    result = run_mkdocs(ROOT / "example_site", "build", "--strict", "-d", str(tmp_path / "site"))
    assert result.exit_code == 0, result.log
    html = (tmp_path / "site/index.html").read_text("utf-8")
    labels = re.findall(r'<span class="md-ellipsis">\s*([^<]+?)\s*</span>', html)
    for section in ("Portal", "Specifications", "PRDs", "ADRs"):
        assert section in labels
    assert not {"Specs", "Prd", "Adr"} & set(labels)
    assert "Documents by status" in labels
    built = {path.parent.name for path in (tmp_path / "site/specs").glob("*/index.html")}
    listed = {Path(md).stem for md in re.findall(r"- (specs/\S+\.md)", (
        ROOT / "example_site/mkdocs.yml").read_text("utf-8"))}
    assert built == listed  # every spec is in the sidebar
