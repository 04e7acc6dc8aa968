"""Sites of every generator: `check` reads `mkdocs.yml`, `properdocs.yml` and `zensical.toml`
alike and needs no theme package."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from cli_runner import run_cli
from conftest import write_site
from factory import SECTIONS, spec

ADR = "---\nstatus: accepted\n---\n# Use Postgres\n\n## Context\n\nWhy.\n"
HOSTILE_OWNER = "</title><img src=x onerror=alert(1)>"
PAGES = {
    "index.md": "# Home\n\nThe [status of every document](portal/status.md).\n",
    "rfcs/retries.md": spec("Retries", author="José Álvarez", related_adr="ADR-0001"),
    "rfcs/typo.md": spec("Typo", status="Aproved", author=f"Jane Doe and {HOSTILE_OWNER}"),
    "rfcs/moved.md": spec("Moved", sections=[SECTIONS[1], SECTIONS[0], *SECTIONS[2:]]),
    "rfcs/drafts/wip.md": spec("Work in progress", status="Sketch"),
    "adr/0001-use-postgres.md": ADR,
}
"""A site whose checks depend on its configuration: the spec glob, `exclude_docs` and
`fail_on` all change the findings."""
SPECS_OPTIONS = {"specs": ["rfcs/**"], "fail_on": "warning"}
ZENSICAL_TOML = """\
[project]
site_name = "Test"
docs_dir = "handbook"
exclude_docs = \"\"\"
rfcs/drafts/
\"\"\"

[project.theme]
language = "de"
features = ["navigation.sections"]

[project.markdown_extensions.pymdownx.emoji]
emoji_generator = "zensical.extensions.emoji.to_svg"

[project.plugins.search]

[project.plugins.specs]
specs = ["rfcs/**"]
fail_on = "warning"
"""


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):
    return lambda *args: run_cli(capsys, *args)


def _write_docs(root: Path, docs: str = "docs", pages: dict[str, str] = PAGES) -> None:
    for name, text in pages.items():
        path = root / docs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")


def _yaml_config() -> str:
    config = {
        "site_name": "Test",
        "docs_dir": "handbook",
        "exclude_docs": "rfcs/drafts/\n",
        "theme": {"name": "material", "language": "de"},
        "markdown_extensions": ["admonition", {"toc": {"permalink": True}}],
        "plugins": ["search", {"specs": SPECS_OPTIONS}],
    }
    return yaml.safe_dump(config, sort_keys=False)


CONFIGS = {
    "mkdocs.yml": _yaml_config,
    "properdocs.yml": _yaml_config,
    "zensical.toml": lambda: ZENSICAL_TOML,
}


def _zensical_build(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zensical", "build"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize("name", ["properdocs.yml", "zensical.toml"])
def test_check_of_a_properdocs_or_zensical_site_gives_the_findings_of_its_mkdocs_twin(
    tmp_path, monkeypatch, cli, name
):
    mkdocs_site, other_site = tmp_path / "mkdocs", tmp_path / "other"
    for root, config in ((mkdocs_site, "mkdocs.yml"), (other_site, name)):
        _write_docs(root, "handbook")
        (root / config).write_text(CONFIGS[config](), "utf-8")
    monkeypatch.chdir(mkdocs_site)
    expected = cli("check")
    assert expected.code == 1
    assert expected.findings() == {
        ("handbook/rfcs/typo.md", 8, "invalid-status", "error"),
        ("handbook/rfcs/moved.md", 12, "section-order", "warning"),
    }
    json_expected = cli("check", "--format", "json").out

    monkeypatch.chdir(other_site)
    run = cli("check")
    assert (run.code, run.out, run.err) == (expected.code, expected.out, expected.err)
    assert cli("check", "--format", "json").out == json_expected
    assert cli("check", "-f", str(other_site / name)).out == expected.out
    if name == "zensical.toml":  # and it is a configuration Zensical builds
        built = _zensical_build(other_site)
        assert built.returncode == 0, built.stderr
        assert (other_site / "site" / "rfcs" / "typo" / "index.html").is_file()


def test_a_zensical_toml_without_the_specs_plugin_is_checked_with_its_defaults(
    tmp_path, monkeypatch, cli
):
    monkeypatch.chdir(tmp_path)
    _write_docs(tmp_path, pages={"specs/a.md": spec(status="Aproved")})
    (tmp_path / "zensical.toml").write_text('[project]\nsite_name = "T"\n', "utf-8")
    run = cli("check")
    assert run.code == 1
    assert run.findings() == {("docs/specs/a.md", 8, "invalid-status", "error")}
    assert run.err == ""


HIDE_THEME_PACKAGES = """\
# Hides mkdocs-material and pymdown-extensions, modules and distributions alike, as if this
# environment had installed only mkdocs-specs.
import sys
from importlib.machinery import PathFinder
from importlib.metadata import DistributionFinder

HIDDEN_MODULES = {"material", "pymdownx"}
HIDDEN_DISTRIBUTIONS = {"mkdocs-material", "pymdown-extensions", "mkdocs_material"}


class WithoutThemePackages:
    @classmethod
    def find_spec(cls, fullname, path=None, target=None):
        if fullname.partition(".")[0] in HIDDEN_MODULES:
            return None
        return PathFinder.find_spec(fullname, path, target)

    @classmethod
    def find_distributions(cls, context=None):
        found = PathFinder.find_distributions(context or DistributionFinder.Context())
        return (d for d in found if (d.metadata["Name"] or "").lower() not in HIDDEN_DISTRIBUTIONS)

    @classmethod
    def invalidate_caches(cls):
        PathFinder.invalidate_caches()


sys.meta_path[:] = [WithoutThemePackages if f is PathFinder else f for f in sys.meta_path]
"""


def _without_theme_packages(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    shim = tmp_path / "shim"
    shim.mkdir(exist_ok=True)
    (shim / "sitecustomize.py").write_text(HIDE_THEME_PACKAGES, "utf-8")
    paths = [str(shim), *filter(None, [os.environ.get("PYTHONPATH")])]
    return subprocess.run(
        [sys.executable, *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(paths), "NO_COLOR": "1"},
        check=False,
    )


def test_check_needs_no_theme_package(tmp_path):
    write_site(
        tmp_path,
        {"specs/a.md": spec(status="Aproved")},
        {
            "theme": {"name": "material", "language": "de", "features": ["content.code.copy"]},
            "markdown_extensions": [
                "admonition",
                "pymdownx.details",
                {"pymdownx.tasklist": {"custom_checkbox": True}},
            ],
            "plugins": ["search", "specs"],
        },
    )
    probe = "import importlib.util as u, mkdocs.utils as m; " + (
        "print(u.find_spec('material'), u.find_spec('pymdownx'), 'material' in m.get_theme_names())"
    )
    assert _without_theme_packages(tmp_path, "-c", probe).stdout == "None None False\n"
    build = _without_theme_packages(tmp_path, "-m", "mkdocs", "build")
    assert "Unrecognised theme name: 'material'" in build.stderr  # what users saw from `check`

    checked = _without_theme_packages(tmp_path, "-m", "mkdocs_specs", "check")
    assert checked.returncode == 1, checked.stderr
    assert "docs/specs/a.md:8: invalid-status" in checked.stdout
    assert checked.stderr == ""  # nothing to say: checking renders nothing


def test_without_a_config_file_check_names_every_file_it_looked_for(tmp_path, monkeypatch, cli):
    monkeypatch.chdir(tmp_path)
    run = cli("check")
    assert (run.code, run.out, run.err.count("\n")) == (2, "", 1)
    for name in ("mkdocs.yml", "mkdocs.yaml", "properdocs.yml", "zensical.toml"):
        assert name in run.err


@pytest.mark.parametrize(
    ("name", "text", "words"),
    [
        ("properdocs.yml", "site_name: T\nuse_directory_urls: maybe\n", "use_directory_urls"),
        ("zensical.toml", '[project]\nsite_name = "T\n', "line 2"),
        ("zensical.toml", '[project]\nsite_name = "T"\nnav = 3\n', "nav"),
        ("zensical.toml", 'project = "T"\n', "[project] must be a table"),
    ],
    ids=["properdocs option", "TOML syntax", "zensical option", "project not a table"],
)
def test_a_config_mistake_names_the_file_it_is_in(tmp_path, monkeypatch, cli, name, text, words):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / name).write_text(text, "utf-8")
    run = cli("check")
    assert (run.code, run.out, run.err.count("\n")) == (2, "", 1)
    assert run.err.startswith(f"mkdocs-specs: error: {name}: ")
    assert words in run.err
