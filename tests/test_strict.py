"""The same verdict everywhere: `check` fails on warnings when the build would, with `strict:
true` in the site's configuration or `--strict`, and so does the pre-commit hook that runs it."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
import yaml
from cli_runner import run_cli
from conftest import run_mkdocs, write_site
from factory import SECTIONS, spec

HOOKS = Path(__file__).parent.parent / ".pre-commit-hooks.yaml"
OUT_OF_ORDER = [*SECTIONS[:5], SECTIONS[6], SECTIONS[5], *SECTIONS[7:]]
"""Every section, two of them swapped: one `section-order` warning and nothing else."""
PAGES = {"specs/a.md": spec(sections=OUT_OF_ORDER)}
STRICT = {"strict": True}


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    return lambda *args: run_cli(capsys, *args)


def test_a_warning_passes_without_strict(tmp_path, cli):
    write_site(tmp_path, PAGES)
    run = cli("check")
    assert run.code == 0
    assert {rule for _, _, rule, _ in run.findings()} == {"section-order"}
    assert run.out.endswith("0 errors, 1 warning, 0 info\n")
    assert run_mkdocs(tmp_path, "build").exit_code == 0


def test_strict_true_in_mkdocs_yml_fails_check_on_a_warning(tmp_path, cli):
    write_site(tmp_path, PAGES, STRICT)
    run = cli("check")
    assert run.code == 1
    assert run.out.endswith("0 errors, 1 warning, 0 info; strict: warnings fail too\n")
    assert cli("check", "--quiet").out == (
        "checked 1 spec, 0 PRDs, 0 ADRs: 0 errors, 1 warning, 0 info; strict: warnings fail too\n"
    )
    assert cli("check", "--format", "github").code == 1
    assert run_mkdocs(tmp_path, "build").exit_code == 1  # the build's verdict, the same
    assert cli("check", "--no-strict").code == 0


def test_strict_option_fails_check_as_mkdocs_build_strict_does(tmp_path, cli):
    write_site(tmp_path, PAGES)
    run = cli("check", "--strict")
    assert run.code == 1
    assert run.out.endswith("; strict: warnings fail too\n")
    assert run_mkdocs(tmp_path, "build", "--strict").exit_code == 1
    # `fail_on: never` does not keep `mkdocs build --strict` from failing on warnings either.
    write_site(tmp_path, PAGES, {"plugins": [{"specs": {"fail_on": "never"}}]})
    assert cli("check", "--strict").code == 1
    assert run_mkdocs(tmp_path, "build", "--strict").exit_code == 1


def test_strict_passes_a_site_without_warnings(tmp_path, cli):
    write_site(tmp_path, {"specs/a.md": spec()}, STRICT)
    run = cli("check")
    assert (run.code, run.err) == (0, "")
    assert run_mkdocs(tmp_path, "build").exit_code == 0


def test_strict_true_in_properdocs_yml(tmp_path, cli):
    write_site(tmp_path, PAGES, STRICT)
    (tmp_path / "mkdocs.yml").rename(tmp_path / "properdocs.yml")
    assert cli("check").code == 1


def test_strict_fails_on_the_plugins_configuration_warnings_as_the_build_does(tmp_path, cli):
    """A glob the team wrote that matches nothing is a warning in the build's log."""
    config = {"plugins": [{"specs": {"prds": ["product/**/*.md"]}}]}
    write_site(tmp_path, {"specs/a.md": spec()}, config)
    relaxed = cli("check")
    assert relaxed.code == 0
    assert "product/**/*.md" in relaxed.err
    strict = cli("check", "--strict")
    assert strict.code == 1
    assert strict.err.endswith(
        "mkdocs-specs: error: strict: the configuration warning fails the check, as it fails "
        "`mkdocs build --strict`\n"
    )
    assert run_mkdocs(tmp_path, "build", "--strict").exit_code == 1


@pytest.mark.parametrize(
    ("config", "args", "verdict"),
    [({}, (), 0), (STRICT, (), 1), ({}, ("--strict",), 1)],
    ids=["no strict", "strict: true", "args: [--strict]"],
)
def test_the_pre_commit_hook_gives_the_builds_verdict(tmp_path, cli, config, args, verdict):
    """The hook's entry run as pre-commit runs it, with the commit's files, against the build run
    as CI runs it (`mkdocs build`, with `--strict` where the hook is given it)."""
    (hook,) = yaml.safe_load(HOOKS.read_text("utf-8"))
    assert hook["pass_filenames"] is True
    program, *entry = shlex.split(hook["entry"])
    assert program == "mkdocs-specs"
    write_site(tmp_path, PAGES, config)
    run = cli(*entry, *args, "docs/specs/a.md")
    assert run.code == verdict
    built = run_mkdocs(tmp_path, "build", *(("--strict",) if args else ()))
    assert built.exit_code == verdict
