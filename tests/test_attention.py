"""What needs attention on the portal: baselined findings counted apart from info, a page of every
document with errors or warnings by owner, and data shown as honestly as it was written."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_runner import run_cli
from conftest import run_mkdocs, write_site
from factory import SECTIONS, spec
from portal_html import tables, text

WITH_BASELINE = {"plugins": [{"specs": {"baseline": ".specs-baseline.json", "fail_on": "never"}}]}


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    return lambda *args: run_cli(capsys, *args)


def test_findings_accepted_in_the_baseline_are_counted_on_their_own(tmp_path, cli):
    old = {
        "specs/payments.md": spec(sections=[s for s in SECTIONS if s != "Testing Strategy"]),
        "specs/search.md": spec(project="{Project Name}", status="Shipped"),
    }
    write_site(tmp_path, old)
    assert cli("check", "--write-baseline").code == 0
    write_site(tmp_path, {"specs/new.md": spec("New", status="Aproved")}, WITH_BASELINE)
    built = run_mkdocs(tmp_path, "build", "-d", str(tmp_path / "site"))
    assert built.exit_code == 0, built.output

    dashboard = (tmp_path / "site/portal/index.html").read_text("utf-8")
    assert "1 error 0 warnings 3 accepted in the baseline" in text(dashboard)
    by_rule = tables(dashboard)["Findings"]
    assert by_rule[0] == ["Rule", "Errors", "Warnings", "Info", "Baseline"]
    rows = {row[0]: row[1:] for row in by_rule[1:]}
    assert rows["missing-section"] == ["0", "0", "0", "1"]
    assert rows["invalid-status"] == ["1", "0", "0", "1"]  # the new spec's, and the old one
    assert rows["Total"][0] == "1"
    assert rows["Total"][3] == "3"
    info = sum(int(row[2]) for rule, row in rows.items() if rule != "Total")
    assert rows["Total"][2] == str(info)


def test_without_a_baseline_the_dashboard_has_no_baseline_column(build):
    built = build({"specs/new.md": spec("New", status="Aproved")}, {"plugins": ["specs"]})
    dashboard = built.html("portal/index.html")
    assert "accepted in the baseline" not in text(dashboard)
    assert tables(dashboard)["Findings"][0] == ["Rule", "Errors", "Warnings", "Info"]
