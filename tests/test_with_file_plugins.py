"""Plugins that shape the site's files and config: `mkdocs build` and `mkdocs-specs check` on the
same real site report the same findings, on paths a person can open, with the same outcome."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from cli_runner import Run, run_cli
from conftest import run_mkdocs, write_site
from factory import spec

# A finding line of the build's log and of `check`'s text output. The path may hold spaces:
# a generated page is named with what generated it.
BUILD_LINE_RE = re.compile(
    r"^(ERROR|WARNING|INFO): mkdocs_specs: (.+?):(\d+): ([a-z-]+): ", re.MULTILINE
)
CHECK_LINE_RE = re.compile(r"^(ERROR|WARNING|INFO)\s+(.+?):(\d+): ([a-z-]+): ", re.MULTILINE)
SUMMARY_RE = re.compile(r"checked \d+ specs?, \d+ PRDs?, \d+ ADRs?: .*")

BAD = spec("Payment Retries", status="Aproved")  # invalid-status on line 8
GOOD = spec("Card Tokenization")


def findings(pattern: re.Pattern[str], text: str) -> set[tuple[str, int, str, str]]:
    return {
        (path, int(line), rule, level.lower()) for level, path, line, rule in pattern.findall(text)
    }


def build_and_check(root: Path, capsys: pytest.CaptureFixture[str], monkeypatch) -> tuple:
    """`mkdocs build` and `mkdocs-specs check` of the site at `root`, run from there: the
    build's and the check's findings, exit codes and summaries."""
    monkeypatch.chdir(root)
    built = run_mkdocs(root, "build", "-d", str(root / "site"))
    checked = run_cli(capsys, "check", "--no-cache")
    build_summary = SUMMARY_RE.search(built.log)
    check_summary = SUMMARY_RE.search(checked.out)
    return (
        findings(BUILD_LINE_RE, built.log),
        findings(CHECK_LINE_RE, checked.out),
        (built.exit_code, checked.code),
        (build_summary and build_summary.group(), check_summary and check_summary.group()),
        checked,
    )


def assert_agree(
    root: Path, capsys, monkeypatch, expected: set, summary: str, code: int = 1
) -> Run:
    """The build and `check` report `expected`, end with `summary` and exit with `code`."""
    built, checked, codes, summaries, run = build_and_check(root, capsys, monkeypatch)
    assert built == checked == expected
    assert codes == (code, code)
    assert summaries == (summary,) * 2
    return run


def test_check_leaves_out_the_pages_mkdocs_exclude_drops(tmp_path, capsys, monkeypatch):
    write_site(
        tmp_path,
        {"specs/payment-retries.md": GOOD, "specs/drafts/old.md": BAD},
        {"plugins": [{"exclude": {"glob": ["specs/drafts/*"]}}, "specs"]},
    )
    summary = "checked 1 spec, 0 PRDs, 0 ADRs: 0 errors, 0 warnings, 0 info"
    assert_agree(tmp_path, capsys, monkeypatch, set(), summary, code=0)
    assert not (tmp_path / "site/specs/drafts").exists()


def test_check_uses_the_specs_options_nested_in_materials_group_plugin(
    tmp_path, capsys, monkeypatch
):
    """The group plugin loads `specs` in its own `on_config`: the build uses the nested options
    (here: only `design/` holds specs), and so must `check`."""
    write_site(
        tmp_path,
        {"design/payment-retries.md": BAD, "specs/card-tokenization.md": BAD},
        {"theme": {"name": "material"}, "plugins": ["search", {"group": GROUP}]},
    )
    expected = {("docs/design/payment-retries.md", 8, "invalid-status", "error")}
    summary = "checked 1 spec, 0 PRDs, 0 ADRs: 1 error, 0 warnings, 0 info"
    run = assert_agree(tmp_path, capsys, monkeypatch, expected, summary)
    assert run.err == ""


GROUP = {"enabled": True, "plugins": [{"specs": {"specs": ["design/*.md"]}}]}


def test_a_group_left_disabled_checks_nothing_in_the_build_and_check_says_so(
    tmp_path, capsys, monkeypatch
):
    """Material's group plugin is disabled unless `enabled: true`: the build then loads no
    `specs` plugin and checks nothing. `check` says so, and checks with the nested options."""
    write_site(
        tmp_path,
        {"design/payment-retries.md": BAD, "specs/card-tokenization.md": BAD},
        {
            "theme": {"name": "material"},
            "plugins": ["search", {"group": {**GROUP, "enabled": False}}],
        },
    )
    built, checked, codes, summaries, run = build_and_check(tmp_path, capsys, monkeypatch)
    assert built == set()
    assert codes[0] == 0 and summaries[0] is None
    assert checked == {("docs/design/payment-retries.md", 8, "invalid-status", "error")}
    assert run.err == (
        "mkdocs-specs: warning: the specs plugin is in a disabled group (`enabled: true` "
        "enables one), so `mkdocs build` checks nothing; checking with its options anyway\n"
    )


def monorepo_site(root: Path) -> Path:
    root.mkdir(exist_ok=True)
    write_site(
        root,
        {"index.md": "# Home\n", "specs/card-tokenization.md": GOOD},
        {
            "nav": [
                {"Home": "index.md"},
                {"Cards": "specs/card-tokenization.md"},
                {"Payments": "!include payments/mkdocs.yml"},
            ],
            "plugins": ["monorepo", {"specs": {"specs": ["specs/*.md", "*/specs/*.md"]}}],
        },
    )
    sub = root / "payments"
    (sub / "docs/specs").mkdir(parents=True)
    (sub / "docs/specs/payment-retries.md").write_text(BAD, "utf-8")
    settings = {"site_name": "payments", "nav": [{"Retries": "specs/payment-retries.md"}]}
    (sub / "mkdocs.yml").write_text(yaml.safe_dump(settings), "utf-8")
    return root


def test_monorepo_findings_name_the_sub_projects_file_in_build_and_check(
    tmp_path, capsys, monkeypatch
):
    expected = {("payments/docs/specs/payment-retries.md", 8, "invalid-status", "error")}
    summary = "checked 2 specs, 0 PRDs, 0 ADRs: 1 error, 0 warnings, 0 info"
    assert_agree(monorepo_site(tmp_path), capsys, monkeypatch, expected, summary)


def test_monorepo_check_reports_on_a_sub_project_path_and_in_machine_formats(
    tmp_path, capsys, monkeypatch
):
    monkeypatch.chdir(monorepo_site(tmp_path))
    run = run_cli(capsys, "check", "payments/docs/specs")
    assert findings(CHECK_LINE_RE, run.out) == {
        ("payments/docs/specs/payment-retries.md", 8, "invalid-status", "error")
    }
    assert run.out.endswith("checked 1 spec, 0 PRDs, 0 ADRs: 1 error, 0 warnings, 0 info\n")
    github = run_cli(capsys, "check", "--format", "github").out
    assert "file=payments/docs/specs/payment-retries.md,line=8" in github
    assert "docs_" not in github


GENERATOR = '''\
import mkdocs_gen_files

with mkdocs_gen_files.open("specs/generated.md", "w") as page:
    page.write({text!r})
'''


def gen_files_site(root: Path) -> Path:
    root.mkdir(exist_ok=True)
    write_site(
        root,
        {"specs/card-tokenization.md": GOOD},
        {"plugins": [{"gen-files": {"scripts": ["gen_pages.py"]}}, "specs"]},
    )
    (root / "gen_pages.py").write_text(GENERATOR.format(text=BAD), "utf-8")
    return root


def test_gen_files_pages_are_checked_and_named_by_their_script(tmp_path, capsys, monkeypatch):
    expected = {("specs/generated.md (generated by gen_pages.py)", 8, "invalid-status", "error")}
    summary = "checked 2 specs, 0 PRDs, 0 ADRs: 1 error, 0 warnings, 0 info"
    assert_agree(gen_files_site(tmp_path), capsys, monkeypatch, expected, summary)


def test_from_another_folder_a_generated_page_keeps_its_name(tmp_path, capsys, monkeypatch):
    """Files are named from the current folder; a generated page has no file to name."""
    gen_files_site(tmp_path / "site")
    (tmp_path / "site/docs/specs/card-tokenization.md").write_text(BAD, "utf-8")
    monkeypatch.chdir(tmp_path)
    run = run_cli(capsys, "check", "-f", "site/mkdocs.yml")
    assert findings(CHECK_LINE_RE, run.out) == {
        ("site/docs/specs/card-tokenization.md", 8, "invalid-status", "error"),
        ("specs/generated.md (generated by gen_pages.py)", 8, "invalid-status", "error"),
    }


def test_check_leaves_no_temporary_folder_of_gen_files_or_monorepo(tmp_path):
    """The console script, as CI runs it, with its own temporary folder to look into."""
    gen_files_site(tmp_path / "gen")
    monorepo_site(tmp_path / "mono")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {**os.environ, "TMPDIR": str(temporary), "NO_MKDOCS_2_WARNING": "1"}
    for site in ("gen", "mono"):
        completed = subprocess.run(
            [sys.executable, "-c", "from mkdocs_specs.cli import run; run()", "check"],
            cwd=tmp_path / site,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert completed.returncode == 1, completed.stderr
        assert "invalid-status" in completed.stdout
        assert list(temporary.iterdir()) == []


HOOK = '''\
import os
from mkdocs.structure.files import File

def on_files(files, config):
    files.append(File.generated(config, "proposals/0001.md", content={text!r}))
    copied = os.path.join(os.path.dirname(config.config_file_path), "proposals/0002.md")
    files.append(File.generated(config, "proposals/0002.md", abs_src_path=copied))
    return files
'''


def test_pages_a_hook_adds_in_on_files_are_checked_like_the_build(tmp_path, capsys, monkeypatch):
    """A proposals site copies its documents into the site this way: one page from memory,
    one from a file outside the docs folder."""
    write_site(
        tmp_path,
        {"index.md": "# Home\n"},
        {"hooks": ["hooks/proposals.py"], "plugins": [{"specs": {"specs": ["proposals/*.md"]}}]},
    )
    (tmp_path / "hooks").mkdir()
    (tmp_path / "hooks/proposals.py").write_text(HOOK.format(text=BAD), "utf-8")
    (tmp_path / "proposals").mkdir()
    (tmp_path / "proposals/0002.md").write_text(spec("Other", status="Aprooved"), "utf-8")
    expected = {
        ("proposals/0001.md (generated by hooks/proposals.py)", 8, "invalid-status", "error"),
        ("proposals/0002.md", 8, "invalid-status", "error"),
    }
    summary = "checked 2 specs, 0 PRDs, 0 ADRs: 2 errors, 0 warnings, 0 info"
    assert_agree(tmp_path, capsys, monkeypatch, expected, summary)


RAISING_HOOK = '''\
def on_{event}({args}):
    raise ValueError("the proposals folder is missing")
'''


@pytest.mark.parametrize(
    ("event", "args", "where"),
    [
        ("files", "files, config", "on_files"),
        ("page_markdown", "markdown, page, config, files", "on_page_markdown on index.md"),
    ],
)
def test_a_plugin_that_raises_in_the_dry_build_is_named_in_one_line_with_exit_2(
    tmp_path, capsys, monkeypatch, event, args, where
):
    write_site(tmp_path, {"index.md": "# Home\n", "specs/a.md": GOOD}, {"hooks": ["boom.py"]})
    (tmp_path / "boom.py").write_text(RAISING_HOOK.format(event=event, args=args), "utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match="the proposals folder is missing"):
        run_mkdocs(tmp_path, "build", "-d", str(tmp_path / "site"))
    run = run_cli(capsys, "check")
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        f"mkdocs-specs: error: plugin 'boom.py' failed in {where}: "
        "ValueError: the proposals folder is missing\n"
    )


def test_a_plugin_that_stops_the_process_is_named_with_what_it_logged(
    tmp_path, capsys, monkeypatch
):
    """Monorepo logs why, then raises SystemExit: one line, not an exit of `check` itself."""
    monorepo_site(tmp_path)
    (tmp_path / "payments/docs/specs/payment-retries.md").unlink()
    (tmp_path / "payments/docs/specs").rmdir()
    (tmp_path / "payments/docs").rmdir()
    monkeypatch.chdir(tmp_path)
    run = run_cli(capsys, "check")
    assert (run.code, run.out) == (2, "")
    assert run.err.startswith("mkdocs-specs: error: plugin 'monorepo' failed in on_config: ")
    assert "[mkdocs-monorepo] The " in run.err and "path is not valid" in run.err
    assert run.err.count("\n") == 1


def test_a_failure_at_shutdown_is_a_warning_and_the_check_stands(tmp_path, capsys, monkeypatch):
    write_site(tmp_path, {"specs/a.md": BAD}, {"hooks": ["late.py"]})
    (tmp_path / "late.py").write_text("def on_shutdown():\n    raise OSError('gone')\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    run = run_cli(capsys, "check")
    assert run.code == 1
    assert findings(CHECK_LINE_RE, run.out) == {("docs/specs/a.md", 8, "invalid-status", "error")}
    assert run.err == (
        "mkdocs-specs: warning: plugin 'late.py' failed in on_shutdown: OSError: gone "
        "(after the check; its result stands)\n"
    )


def test_a_build_after_a_check_in_the_same_process_still_reports(tmp_path, capsys, monkeypatch):
    """MkDocs keeps plugin instances for the process; the check's dry run must not stick."""
    write_site(tmp_path, {"specs/a.md": BAD})
    monkeypatch.chdir(tmp_path)
    assert run_cli(capsys, "check").code == 1
    built = run_mkdocs(tmp_path, "build", "-d", str(tmp_path / "site"))
    assert built.exit_code == 1
    assert findings(BUILD_LINE_RE, built.log) == {("docs/specs/a.md", 8, "invalid-status", "error")}


def test_a_disabled_specs_plugin_is_said_on_stderr(tmp_path, capsys, monkeypatch):
    write_site(tmp_path, {"specs/a.md": BAD}, {"plugins": [{"specs": {"enabled": False}}]})
    monkeypatch.chdir(tmp_path)
    run = run_cli(capsys, "check")
    assert run.code == 1
    assert run.err == (
        "mkdocs-specs: warning: the specs plugin is disabled (`enabled: false`), so "
        "`mkdocs build` checks nothing; checking with its options anyway\n"
    )


def test_the_dry_build_runs_no_plugin_that_cannot_change_what_is_checked(tmp_path):
    """Material's search compiles its translations in `on_config`: a second of a cached check,
    for nothing `check` reports. `offline` changes the URLs, so it still runs."""
    from mkdocs.config import load_config

    from mkdocs_specs.dry_build import DryBuild

    config = {"theme": "material", "plugins": ["search", "offline", "specs"]}
    write_site(tmp_path, {"specs/a.md": BAD}, config)
    dry = DryBuild(load_config(str(tmp_path / "mkdocs.yml")), [])
    try:
        dry.check(dry.configure(), workers=1)
        owners = {
            type(getattr(method, "__self__", None)).__module__
            for methods in dry.config.plugins.events.values()
            for method in methods
        }
        assert "material.plugins.search.plugin" not in owners
        assert "material.plugins.offline.plugin" in owners
        assert dry.config.use_directory_urls is False  # offline's on_config ran
    finally:
        dry.close()
