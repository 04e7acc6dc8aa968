"""A baseline that holds: findings matched by file, rule and stable key, so that a status change
keeps an accepted finding accepted; entries that no longer occur reported as stale; and a
re-recorded file that keeps its order, so that its diff shows only what changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import run_cli
from conftest import build_findings, run_mkdocs, write_site
from factory import SECTIONS, spec

from mkdocs_specs.baseline import Baseline
from mkdocs_specs.model import Finding, Severity

BASELINE = ".specs-baseline.json"
WITH_BASELINE = {"plugins": [{"specs": {"baseline": BASELINE}}]}
SUPERSEDED = "# Use MySQL\n\n## Status\n\nSuperseded by ADR-0003\n"
"""ADR-0002, retired: an Approved spec relying on it gets `inactive-reference`, whose message
names the spec's status and the ADR's."""


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    return lambda *args: run_cli(capsys, *args)


def inactive(spec_status: str, adr_status: str, key: str = "ADR-0002") -> Finding:
    message = (
        f'{spec_status} spec relies on ADR-0002 (Use MySQL), whose status is "{adr_status}"'
    )
    return Finding(
        "inactive-reference", Severity.WARNING, "docs/specs/a.md", 10, message, key=key
    )


def entries(root: Path) -> list[tuple[str, str]]:
    saved = json.loads((root / BASELINE).read_text("utf-8"))
    return [(entry["path"], entry["rule"]) for entry in saved["findings"]]


# Unit level: the findings carry the key the rule would give them.


def test_a_keyed_finding_stays_accepted_when_its_message_changes():
    recorded = Baseline.record([inactive("Approved", "Superseded")])
    (moved,) = recorded.apply([inactive("Implemented", "Deprecated")])
    assert (moved.severity, moved.baselined) == (Severity.INFO, True)
    (other,) = recorded.apply([inactive("Approved", "Superseded", key="ADR-0007")])
    assert (other.severity, other.baselined) == (Severity.WARNING, False)


def test_the_file_keeps_the_key_and_a_readable_message():
    recorded = Baseline.record([inactive("Approved", "Superseded")])
    saved = json.loads(recorded.dumps())
    assert saved == {
        "version": 2,
        "findings": [
            {
                "path": "docs/specs/a.md",
                "rule": "inactive-reference",
                "key": "ADR-0002",
                "message": inactive("Approved", "Superseded").message,
                "count": 1,
            }
        ],
    }
    again = Baseline.loads(recorded.dumps(), BASELINE)
    assert again.apply([inactive("Implemented", "Superseded")])[0].baselined


def test_a_version_1_file_still_accepts_its_findings_by_message():
    old = {
        "version": 1,
        "findings": [
            {
                "path": "docs/specs/a.md",
                "rule": "inactive-reference",
                "message": inactive("Approved", "Superseded").message,
                "count": 1,
            }
        ],
    }
    baseline = Baseline.loads(json.dumps(old), BASELINE)
    assert baseline.apply([inactive("Approved", "Superseded")])[0].baselined
    assert not baseline.apply([inactive("Implemented", "Superseded")])[0].baselined
    # Re-recorded, the entry becomes a keyed one in the same place.
    rerecorded = Baseline.record([inactive("Approved", "Superseded")], baseline)
    assert [key[2] for key in rerecorded.counts] == ["ADR-0002"]


def test_entries_no_finding_uses_up_are_stale():
    recorded = Baseline.record(
        [inactive("Approved", "Superseded"), inactive("Approved", "Superseded", key="ADR-0007")]
    )
    applied = recorded.apply([inactive("Implemented", "Superseded")])
    stale = recorded.stale(applied)
    assert [(key[1], key[2], count) for key, count in stale.items()] == [
        ("inactive-reference", "ADR-0007", 1)
    ]


def test_rerecording_keeps_the_order_of_the_entries_that_remain():
    def placeholder(path: str, text: str) -> Finding:
        message = f"unfilled template placeholder {{{text}}}"
        return Finding("placeholder", Severity.ERROR, path, 3, message, key=text)

    first = Baseline.record([placeholder("b.md", "B"), placeholder("c.md", "C")])
    shuffled = Baseline.loads(  # as a person may have edited it: c before b
        json.dumps({"version": 2, "findings": json.loads(first.dumps())["findings"][::-1]}),
        BASELINE,
    )
    found = [placeholder(path, text) for path, text in [("a.md", "A"), ("d.md", "D")]]
    later = Baseline.record([*found, placeholder("c.md", "C"), placeholder("b.md", "B")], shuffled)
    assert [key[0] for key in later.counts] == ["c.md", "b.md", "a.md", "d.md"]


# End to end: real sites, `mkdocs-specs check` and `mkdocs build`.


def test_a_status_change_keeps_an_accepted_finding_accepted(tmp_path, cli):
    """Moving a spec from Approved to Implemented rewrites its inactive-reference message; the
    finding is the same one, still accepted."""
    pages = {
        "adr/0002-use-mysql.md": SUPERSEDED,
        "adr/0003-use-postgres.md": "# Use PostgreSQL\n\n## Status\n\nAccepted\n",
        "specs/a.md": spec(related_adr="ADR-0002"),
    }
    write_site(tmp_path, pages, {"plugins": [{"specs": {"fail_on": "warning"}}]})
    assert cli("check").code == 1
    assert cli("check", "--write-baseline").code == 0
    config = {"plugins": [{"specs": {"baseline": BASELINE, "fail_on": "warning"}}]}
    write_site(tmp_path, {}, config)
    assert cli("check").code == 0

    write_site(tmp_path, {"specs/a.md": spec(status="Implemented", related_adr="ADR-0002")}, config)
    after = cli("check")
    assert after.code == 0, after.out
    assert ("docs/specs/a.md", 10, "inactive-reference", "info") in after.findings()
    assert "no longer occur" not in after.err
    built = run_mkdocs(tmp_path, "build")
    assert built.exit_code == 0, built.log
    assert build_findings(built) == after.findings()


def test_a_fixed_finding_is_reported_as_stale(tmp_path, cli):
    pages = {
        "specs/a.md": spec(project="{Project Name}"),
        "specs/b.md": spec(sections=[s for s in SECTIONS if s != "Testing Strategy"]),
    }
    write_site(tmp_path, pages, WITH_BASELINE)
    assert cli("check", "--write-baseline").code == 0
    clean = cli("check")
    assert (clean.code, clean.err) == (0, "")

    write_site(tmp_path, {"specs/b.md": spec()}, WITH_BASELINE)
    fixed = cli("check")
    assert fixed.code == 0  # stale entries never fail the run
    assert fixed.err == (
        "mkdocs-specs: 1 finding of the baseline no longer occurs "
        "(docs/specs/b.md: missing-section); run `mkdocs-specs check --write-baseline` "
        "to drop it\n"
    )
    assert fixed.out.endswith("0 errors, 0 warnings, 1 info\n")
    for output_format in ("json", "sarif"):  # machine formats stay what they were
        run = cli("check", "--format", output_format)
        assert run.code == 0
        json.loads(run.out)
        assert "no longer occurs" in run.err

    assert cli("check", "--write-baseline").code == 0
    assert entries(tmp_path) == [("docs/specs/a.md", "placeholder")]
    assert cli("check").err == ""


def test_stale_entries_are_named_as_findings_are_from_elsewhere(tmp_path, cli):
    """`-f` from another folder: the files relative to here, and the command to run with it."""
    site = tmp_path / "handbook"
    site.mkdir()
    write_site(site, {"specs/b.md": spec(project="{Project Name}")}, WITH_BASELINE)
    assert cli("check", "-f", "handbook/mkdocs.yml", "--write-baseline").code == 0
    write_site(site, {"specs/b.md": spec()}, WITH_BASELINE)
    run = cli("check", "-f", "handbook/mkdocs.yml")
    assert run.code == 0
    assert "(handbook/docs/specs/b.md: placeholder)" in run.err
    assert "run `mkdocs-specs check --write-baseline -f handbook/mkdocs.yml`" in run.err


def test_rewriting_the_baseline_keeps_its_order_and_appends_new_findings(tmp_path, cli):
    pages = {
        "specs/a.md": spec(project="{Project Name}"),
        "specs/c.md": spec(project="{Project Name}"),
        "specs/e.md": spec(project="{Project Name}"),
    }
    write_site(tmp_path, pages, WITH_BASELINE)
    assert cli("check", "--write-baseline").code == 0
    path = tmp_path / BASELINE
    saved = json.loads(path.read_text("utf-8"))
    saved["findings"].reverse()  # the order the team's file has, whatever it is
    path.write_text(json.dumps(saved, indent=2) + "\n", "utf-8")

    write_site(
        tmp_path,
        {
            "specs/a.md": spec(),
            "specs/d.md": spec(project="{Project Name}"),
            "specs/b.md": spec(status="Aproved"),
        },
        WITH_BASELINE,
    )
    assert cli("check", "--write-baseline").code == 0
    assert entries(tmp_path) == [
        ("docs/specs/e.md", "placeholder"),
        ("docs/specs/c.md", "placeholder"),
        ("docs/specs/b.md", "invalid-status"),
        ("docs/specs/d.md", "placeholder"),
    ]
    before = path.read_text("utf-8")
    assert cli("check", "--write-baseline").code == 0
    assert path.read_text("utf-8") == before
