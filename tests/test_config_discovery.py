"""`mkdocs-specs` run from a subfolder finds the site's configuration in a parent folder, as git
finds its repository, and says which file it used."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_runner import run_cli
from conftest import run_guarded, write_site
from factory import spec

PAGES = {"specs/a.md": spec(status="Aproved"), "specs/b.md": spec()}


def test_check_from_a_subfolder_finds_the_parents_mkdocs_yml(tmp_path):
    write_site(tmp_path, PAGES)
    here = tmp_path / "docs" / "specs"
    run = run_guarded(here, "-m", "mkdocs_specs", "check")
    assert run.returncode == 1, run.stderr
    assert run.stderr == "mkdocs-specs: using ../../mkdocs.yml\n"
    # Paths are relative to where the command runs, as with `-f` from there.
    assert run.stdout.startswith("ERROR   ../../docs/specs/a.md:8: invalid-status: ")
    named = run_guarded(here, "-m", "mkdocs_specs", "check", "-f", "../../mkdocs.yml")
    assert (named.returncode, named.stdout, named.stderr) == (1, run.stdout, "")


def test_check_in_the_configurations_folder_says_nothing_of_it(tmp_path):
    write_site(tmp_path, PAGES)
    run = run_guarded(tmp_path, "-m", "mkdocs_specs", "check")
    assert (run.returncode, run.stderr) == (1, "")
    assert run.stdout.startswith("ERROR   docs/specs/a.md:8: invalid-status: ")


def test_a_zensical_toml_in_a_parent_is_found_too(tmp_path):
    (tmp_path / "handbook").mkdir()
    write_site(tmp_path / "handbook", PAGES)
    (tmp_path / "handbook" / "mkdocs.yml").unlink()
    (tmp_path / "handbook" / "zensical.toml").write_text('[project]\nsite_name = "Z"\n', "utf-8")
    run = run_guarded(tmp_path / "handbook" / "docs", "-m", "mkdocs_specs", "check", "-q")
    assert run.returncode == 1
    assert run.stderr == "mkdocs-specs: using ../zensical.toml\n"


def test_the_search_stops_at_the_top_of_the_git_repository(tmp_path):
    write_site(tmp_path, PAGES)  # another project's site, outside the repository
    repository = tmp_path / "repository"
    (repository / ".git").mkdir(parents=True)
    (repository / "src").mkdir()
    run = run_guarded(repository / "src", "-m", "mkdocs_specs", "check")
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == (
        "mkdocs-specs: error: no mkdocs.yml, mkdocs.yaml, properdocs.yml, properdocs.yaml or "
        f"zensical.toml in {repository / 'src'} or its parents up to {repository}, the top of "
        "its git repository; name the configuration with -f FILE\n"
    )


def test_the_top_of_the_repository_is_searched(tmp_path):
    repository = tmp_path / "repository"
    repository.mkdir()
    write_site(repository, PAGES)
    (repository / ".git").write_text("gitdir: elsewhere\n", "utf-8")  # a worktree's `.git` file
    run = run_guarded(repository / "docs", "-m", "mkdocs_specs", "check", "-q")
    assert run.returncode == 1
    assert run.stderr == "mkdocs-specs: using ../mkdocs.yml\n"


def test_new_from_a_subfolder_writes_into_the_sites_docs(
    tmp_path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
):
    write_site(tmp_path, PAGES)
    (tmp_path / "notes").mkdir()
    monkeypatch.chdir(tmp_path / "notes")
    run = run_cli(capsys, "new", "spec", "Search Ranking", "--author", "Ann")
    assert run.code == 0
    assert run.out == "created ../docs/specs/search-ranking.md from the built-in spec template\n"
    assert run.err == "mkdocs-specs: using ../mkdocs.yml\n"
    assert Path(tmp_path, "docs", "specs", "search-ranking.md").is_file()
