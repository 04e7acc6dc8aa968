"""How the plugin sits in a MkDocs build: which pages it checks, what it leaves alone."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import write_site
from factory import spec
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from mkdocs_specs.catalog import Source
from mkdocs_specs.checking import PARALLEL_MIN_PAGES, check_sources
from mkdocs_specs.config import SpecsConfig, build_settings


def tree_digest(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_docs_dir_is_byte_identical_after_a_build(build, tmp_path):
    files = {
        "specs/a.md": spec(status="Draft", project="{Project Name}"),
        "specs/b.md": spec(front_matter="title: [oops"),
        "adr/0001-x.md": "# X\n",
    }
    write_site(tmp_path, files)
    before = tree_digest(tmp_path / "docs")
    result = build(files)
    assert result.exit_code == 1
    assert tree_digest(tmp_path / "docs") == before


def test_globs_folder_index_and_specs_kind(build):
    result = build(
        {
            "specs/index.md": "# Specs\n\nAll our specs.\n",
            "specs/team/a.md": spec(),
            "notes/b.md": "---\nspecs_kind: spec\n---\n" + spec(),
            "specs/c.md": "---\nspecs_kind: none\n---\n# Not a spec\n",
            "decisions/0003-x.md": "# Decision\n",
            "prds/7-y.md": "# Y\n",
        }
    )
    assert result.exit_code == 0, result.log
    kinds = {d["src_path"]: d["kind"] for d in result.export()["documents"]}
    assert kinds == {
        "decisions/0003-x.md": "adr",
        "notes/b.md": "spec",
        "prds/7-y.md": "prd",
        "specs/team/a.md": "spec",
    }
    assert result.document("prds/7-y.md")["id"] == "PRD-7"


def test_glob_naming_readme_makes_it_a_spec(build):
    result = build(
        {"keps/1-x/README.md": spec(), "keps/1-x/notes.md": "# Notes\n"},
        {"plugins": [{"specs": {"specs": ["keps/**/README.md"]}}]},
    )
    assert [d["src_path"] for d in result.export()["documents"]] == ["keps/1-x/README.md"]


def test_excluded_and_draft_pages_are_not_checked(build):
    result = build(
        {
            "specs/ok.md": spec(),
            "specs/skip.md": spec(status="Nonsense"),
            "specs/wip.md": spec(status="Nonsense"),
        },
        {"exclude_docs": "specs/skip.md\n", "draft_docs": "specs/wip.md\n"},
    )
    assert result.exit_code == 0, result.log
    assert [d["src_path"] for d in result.export()["documents"]] == ["specs/ok.md"]


def test_export_can_be_moved_or_turned_off(build, tmp_path):
    moved = build({"specs/a.md": spec()}, {"plugins": [{"specs": {"export": "data/catalog.json"}}]})
    assert (moved.site / "data/catalog.json").is_file()
    shutil.rmtree(tmp_path / "site")
    off = build({"specs/a.md": spec()}, {"plugins": [{"specs": {"export": None}}]})
    assert off.exit_code == 0
    assert not (off.site / "specs.json").exists()


def test_disabled_plugin_checks_nothing(build):
    result = build(
        {"specs/a.md": spec(status="Nonsense")}, {"plugins": [{"specs": {"enabled": False}}]}
    )
    assert result.exit_code == 0
    assert "invalid-status" not in result.log
    assert not (result.site / "specs.json").exists()


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"rules": {"no-such-rule": "off"}}, "unknown rule id 'no-such-rule'"),
        ({"rules": {"stale": "loud"}}, "unknown severity 'loud'"),
        ({"template": "missing.md"}, "does not exist"),
        ({"fail_on": "sometimes"}, "fail_on"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_config_mistake_is_one_clear_error(build, options, words):
    result = build({"specs/a.md": spec()}, {"plugins": [{"specs": options}]}, strict=True)
    assert result.exit_code == 1
    assert words in result.log
    assert "Traceback" not in result.output


def test_front_matter_status_never_makes_a_broken_material_badge(build):
    page = spec(front_matter="status: Approved")
    result = build({"specs/a.md": page, "index.md": "# Home\n"}, {"theme": "material"})
    assert result.exit_code == 0, result.log
    assert "md-status--Approved" not in result.html("index.html")


def test_status_defined_in_extra_status_keeps_its_badge(build):
    page = spec(front_matter="status: Approved")
    result = build(
        {"specs/a.md": page, "index.md": "# Home\n"},
        {"theme": "material", "extra": {"status": {"Approved": "Approved spec"}}},
    )
    assert 'md-status--Approved" title="Approved spec"' in result.html("index.html")


def test_serve_never_fails_on_findings(tmp_path):
    write_site(tmp_path, {"specs/a.md": spec(status="Nonsense")})
    config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        mkdocs_build(config, serve_url="http://127.0.0.1:8000/")
    finally:
        config.plugins["specs"].is_serving = False
    assert (tmp_path / "site/specs.json").is_file()


def test_same_site_builds_under_properdocs(tmp_path):
    files = {"specs/a.md": spec(status="Nonsense"), "specs/b.md": spec()}
    write_site(tmp_path, files, {"theme": "material"})  # ProperDocs ships no built-in theme
    command = [sys.executable, "-m", "properdocs", "build", "-f", str(tmp_path / "mkdocs.yml")]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "docs/specs/a.md:8: invalid-status" in result.stderr
    (tmp_path / "docs/specs/a.md").write_text(spec(), "utf-8")
    result = subprocess.run([*command, "--strict"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site/specs.json").is_file()


@pytest.mark.parametrize("workers", [2, 3])
def test_check_in_workers_gives_the_same_catalog_as_in_process(workers):
    config = SpecsConfig()
    config.load_dict({})
    config.validate()
    settings = build_settings(config)
    pages = [
        Source(
            f"specs/s{i}.md",
            f"docs/specs/s{i}.md",
            lambda i=i: spec(status=("Draft", "Shipped")[i % 2]),
        )
        for i in range(PARALLEL_MIN_PAGES)
    ]
    alone = check_sources(pages, settings)
    shared = check_sources(pages, settings, workers=workers)
    assert [(d.src_path, d.status, d.findings) for d in shared.documents] == [
        (d.src_path, d.status, d.findings) for d in alone.documents
    ]
