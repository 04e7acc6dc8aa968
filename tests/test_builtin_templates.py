"""The templates shipped with mkdocs-specs named in the configuration (`builtin`), so that the
PRDs and ADRs `new` writes from them are checked against them: placeholders left in are
findings, in `check` and in the build alike."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import run_cli
from conftest import build_findings, run_mkdocs, write_site
from factory import spec

ADR = "docs/adr/0001-use-postgresql.md"
PRD = "docs/prd/0001-checkout.md"


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    return lambda *args: run_cli(capsys, *args)


def decided(root: Path, path: str, draft: str, final: str) -> None:
    """The document `new` wrote, its status moved on and nothing else filled in."""
    page = root / path
    text = page.read_text("utf-8")
    assert draft in text
    page.write_text(text.replace(draft, final, 1), "utf-8")


def placeholders(findings: set[tuple[str, int, str, str]], path: str) -> set[tuple[int, str]]:
    return {(line, severity) for where, line, rule, severity in findings if where == path}


def test_an_adr_left_full_of_placeholders_is_checked_against_the_builtin_template(tmp_path, cli):
    write_site(tmp_path, {"specs/a.md": spec()})
    new = cli("new", "adr", "Use PostgreSQL", "--author", "Ann")
    assert new.code == 0
    assert new.out == f"created {ADR} from the built-in adr template\n"
    assert new.err == (
        f"mkdocs-specs: {ADR} is not checked against a template until mkdocs.yml sets "
        "adr_template in the specs plugin's options (`adr_template: builtin` checks it against "
        "the one it was written from)\n"
    )
    decided(tmp_path, ADR, 'status: "proposed"', 'status: "accepted"')
    unchecked = cli("check")
    assert unchecked.code == 0
    assert placeholders(unchecked.findings(), ADR) == set()

    write_site(tmp_path, {}, {"plugins": [{"specs": {"adr_template": "builtin"}}]})
    checked = cli("check")
    assert checked.code == 1
    assert (22, "error") in placeholders(checked.findings(), ADR)
    assert (
        f"ERROR   {ADR}:22: placeholder: unfilled template placeholder {{Title of option 1}}"
        in checked.out
    )
    built = run_mkdocs(tmp_path, "build")
    assert built.exit_code == 1
    assert build_findings(built) == checked.findings()


def test_a_prd_left_full_of_placeholders_is_checked_against_the_builtin_template(tmp_path, cli):
    config = {"plugins": [{"specs": {"prd_template": "builtin"}}]}
    write_site(tmp_path, {"specs/a.md": spec()}, config)
    new = cli("new", "prd", "Checkout", "--author", "Ann")
    assert (new.code, new.err) == (0, "")
    assert new.out == f"created {PRD} from the built-in prd template\n"
    draft = cli("check")
    assert draft.code == 0  # a Draft's placeholders are info
    assert {severity for _, severity in placeholders(draft.findings(), PRD)} == {"info"}

    decided(tmp_path, PRD, "**Status:** Draft", "**Status:** Approved")
    checked = cli("check")
    assert checked.code == 1
    assert (10, "error") in placeholders(checked.findings(), PRD)
    built = run_mkdocs(tmp_path, "build")
    assert built.exit_code == 1
    assert build_findings(built) == checked.findings()


OWN_ADR = """\
# {Decision}

## Status

{proposed | accepted | superseded}

## Context

{What makes this decision necessary}

## Decision

{What we do}
"""


def test_an_adr_written_from_the_teams_own_template_is_checked_against_it(tmp_path, cli):
    config = {"plugins": [{"specs": {"adr_template": "templates/adr.md"}}]}
    write_site(tmp_path, {"specs/a.md": spec()}, config)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "adr.md").write_text(OWN_ADR, "utf-8")
    new = cli("new", "adr", "Use PostgreSQL")
    assert (new.code, new.out) == (0, f"created {ADR} from templates/adr.md\n")
    assert "not checked" not in new.err
    decided(tmp_path, ADR, "\nproposed\n", "\naccepted\n")
    checked = cli("check")
    assert checked.code == 1
    assert placeholders(checked.findings(), ADR) == {(9, "error"), (13, "error")}
    assert build_findings(run_mkdocs(tmp_path, "build")) == checked.findings()


def test_template_builtin_is_the_default_spec_template(tmp_path, cli):
    pages = {"specs/a.md": spec(status="Aproved", project="{Project Name}"), "specs/b.md": spec()}
    write_site(tmp_path, pages)
    default = cli("check")
    write_site(tmp_path, {}, {"plugins": [{"specs": {"template": "builtin"}}]})
    named = cli("check")
    assert (named.code, named.out) == (default.code, default.out)
    assert default.code == 1


def test_builtin_may_be_one_version_among_others(tmp_path, cli):
    (tmp_path / "adr-v2.md").write_text(OWN_ADR, "utf-8")
    pages = {"adr/0001-x.md": OWN_ADR.replace("{Decision}", "X").replace("{proposed", "accepted")}
    config = {"plugins": [{"specs": {"adr_template": ["builtin", "adr-v2.md"]}}]}
    write_site(tmp_path, pages, config)
    run = cli("check")
    assert run.code == 1
    assert "[template adr-v2.md]" in run.out


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (42, "a list of paths, or builtin for the adr template shipped with mkdocs-specs"),
        ("templates/missing.md", "does not exist"),
    ],
    ids=["not a path", "missing file"],
)
def test_a_wrong_template_value_names_builtin(tmp_path, cli, value, words):
    write_site(tmp_path, {"specs/a.md": spec()}, {"plugins": [{"specs": {"adr_template": value}}]})
    run = cli("check")
    assert run.code == 2
    assert words in run.err
    assert "builtin for the adr template shipped with mkdocs-specs" in run.err
    assert run.err.count("\n") == 1
    built = run_mkdocs(tmp_path, "build")
    assert built.exit_code == 1
    assert "builtin for the adr template shipped with mkdocs-specs" in built.output + built.log


def test_a_superseded_adr_of_the_builtin_template_names_its_own_successor(tmp_path, cli):
    """MADR's choice `superseded by ADR-0000` matches `superseded by ADR-0002`; the portal calls
    it `superseded`, and a finding quotes the status as written, not the template's example."""
    config = {"plugins": [{"specs": {"adr_template": "builtin"}}]}
    write_site(tmp_path, {"index.md": "# Home\n"}, config)
    for title in ("Use MySQL", "Use PostgreSQL"):
        assert cli("new", "adr", title, "--author", "Ann").code == 0
    old = tmp_path / "docs/adr/0001-use-mysql.md"
    old.write_text(
        old.read_text("utf-8").replace('status: "proposed"', 'status: "superseded by ADR-0002"'),
        "utf-8",
    )
    relying = spec(status="Approved", related_adr="ADR-0001")
    write_site(tmp_path, {"specs/a.md": relying}, config)
    checked = cli("check", "--format", "json")
    statuses = {doc["src_path"]: doc["status"] for doc in json.loads(checked.out)}
    assert statuses["adr/0001-use-mysql.md"] == "superseded"
    built = run_mkdocs(tmp_path, "build")
    inactive = [line for line in built.log.splitlines() if "inactive-reference" in line]
    assert len(inactive) == 1
    assert 'whose status is "superseded by ADR-0002"' in inactive[0]
    status_page = (tmp_path / "site/portal/status/index.html").read_text("utf-8")
    assert "ADR-0000" not in status_page
    assert '<h3 id="superseded">superseded' in status_page
