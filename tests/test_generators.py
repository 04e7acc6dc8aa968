"""Sites of every generator: `check` reads `mkdocs.yml`, `properdocs.yml` and `zensical.toml`
alike and needs no theme package, and `portal OUTDIR` writes the portal as Markdown that Zensical
and plain MkDocs publish with every link resolving."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from cli_runner import run_cli
from conftest import run_guarded, run_mkdocs, write_site
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


def test_the_specs_options_of_a_zensical_toml_may_be_listed(tmp_path, monkeypatch, cli):
    monkeypatch.chdir(tmp_path)
    _write_docs(tmp_path, pages={"specs/a.md": spec(status="Aproved")})
    (tmp_path / "zensical.toml").write_text(
        '[project]\nsite_name = "T"\nplugins = ["search", {specs = {fail_on = "never"}}]\n',
        "utf-8",
    )
    run = cli("check")
    assert run.code == 0
    assert run.findings() == {("docs/specs/a.md", 8, "invalid-status", "error")}


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


@pytest.fixture
def without_theme_packages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Child Pythons (`run_guarded`) start with `HIDE_THEME_PACKAGES`."""
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sitecustomize.py").write_text(HIDE_THEME_PACKAGES, "utf-8")
    paths = [str(shim), *filter(None, [os.environ.get("PYTHONPATH")])]
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(paths))


MATERIAL_SITE = """\
site_name: Test
theme:
  name: material
  language: de
  features: [content.code.copy]
markdown_extensions:
  - admonition
  - pymdownx.details
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
plugins:
  - search
  - tags
  - material/social
  - specs
"""
"""A Material site as Material's documentation sets one up."""


def test_check_needs_no_theme_package(tmp_path, without_theme_packages):
    write_site(tmp_path, {"specs/a.md": spec(status="Aproved")})
    (tmp_path / "mkdocs.yml").write_text(MATERIAL_SITE, "utf-8")
    probe = "import importlib.util as u, mkdocs.utils as m; " + (
        "print(u.find_spec('material'), u.find_spec('pymdownx'), 'material' in m.get_theme_names())"
    )
    assert run_guarded(tmp_path, "-c", probe).stdout == "None None False\n"
    build = run_guarded(tmp_path, "-m", "mkdocs", "build")
    assert build.returncode == 1  # MkDocs cannot even read the configuration
    assert "'material'" in build.stderr

    checked = run_guarded(tmp_path, "-m", "mkdocs_specs", "check")
    assert checked.returncode == 1, checked.stderr
    assert "docs/specs/a.md:8: invalid-status" in checked.stdout
    assert checked.stderr == ""  # nothing to say: checking renders nothing


def test_a_python_name_missing_from_an_installed_package_is_still_a_config_error(
    tmp_path, monkeypatch, cli
):
    monkeypatch.chdir(tmp_path)
    write_site(tmp_path, {"specs/a.md": spec()})
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: T\nmarkdown_extensions:\n  - pymdownx.superfences:\n      custom_fences:\n"
        "        - name: m\n          class: m\n"
        "          format: !!python/name:pymdownx.superfences.no_such\n",
        "utf-8",
    )
    run = cli("check")
    assert (run.code, run.out, run.err.count("\n")) == (2, "", 1)
    assert "no_such" in run.err


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
        ("mkdocs.yml", "site_name: T\nconfig_file_path: x\n", "Can't set config_file_path"),
    ],
    ids=[
        "properdocs option",
        "TOML syntax",
        "zensical option",
        "project not a table",
        "config_file_path",
    ],
)
def test_a_config_mistake_names_the_file_it_is_in(tmp_path, monkeypatch, cli, name, text, words):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / name).write_text(text, "utf-8")
    run = cli("check")
    assert (run.code, run.out, run.err.count("\n")) == (2, "", 1)
    assert run.err.startswith(f"mkdocs-specs: error: {name}: ")
    assert words in run.err


# ---------------------------------------------------------------------------------------------
# portal


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.links += [value for name, value in attrs if name in ("href", "src") and value]


def broken_links(site: Path) -> list[tuple[str, str]]:
    """Every link of every built page that leads to no file of the site (but those of the
    spec whose author wrote an `<img>` of their own)."""
    broken = []
    for page in sorted(site.rglob("*.html")):
        if page.relative_to(site).as_posix().startswith("specs/typo"):
            continue
        parser = _Links()
        parser.feed(page.read_text("utf-8"))
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path:
                continue  # another site, or a place on this page
            path = unquote(parts.path)
            target = site / path.lstrip("/") if path.startswith("/") else page.parent / path
            if path.endswith("/") or target.is_dir():
                target = target / "index.html"
            if not target.resolve().is_file():
                broken.append((page.relative_to(site).as_posix(), link))
    return broken


PORTAL_PAGES = {
    "index.md": "# Home\n\nThe [status of every document](portal/status.md).\n",
    "specs/retries.md": spec("Retries", author="José Álvarez", related_adr="ADR-0001"),
    "specs/typo.md": spec("Typo", status="Aproved", author=f"Jane Doe and {HOSTILE_OWNER}"),
    "specs/sub folder/deep.md": spec("Deep", author="Jane Doe"),
    "adr/0001-use-postgres.md": ADR,
}


def _portal_pages_of(site: Path, directory_urls: bool) -> list[Path]:
    names = ["status", "owners", "owners/jane-doe", "owners/jose-alvarez"]
    if directory_urls:
        folders = [site / "portal" / name for name in names]
        return [site / "portal" / "index.html", *(folder / "index.html" for folder in folders)]
    return [site / "portal" / f"{name}.html" for name in ["index", *names]]


def _assert_portal_published(site: Path, directory_urls: bool) -> None:
    pages = _portal_pages_of(site, directory_urls)
    assert all(page.is_file() for page in pages), [p for p in pages if not p.is_file()]
    assert broken_links(site) == []
    status = pages[1].read_text("utf-8")
    assert "Retries" in status and "specs-count--error" in status
    for page in (site / "portal").rglob("*.html"):
        assert "<img src=x" not in page.read_text("utf-8"), page
    slug = "title-img-src-x-onerror-alert-1"
    owners = site / "portal" / "owners"
    hostile = owners / slug / "index.html" if directory_urls else owners / f"{slug}.html"
    title = "<title>&lt;/title&gt;&lt;img src=x onerror=alert(1)&gt; - Test</title>"
    assert title in hostile.read_text("utf-8")


@pytest.mark.parametrize("directory_urls", [True, False], ids=["directory URLs", "file URLs"])
def test_portal_pages_built_by_zensical_have_every_link_resolving(
    tmp_path, monkeypatch, cli, directory_urls
):
    monkeypatch.chdir(tmp_path)
    _write_docs(tmp_path, pages=PORTAL_PAGES)
    (tmp_path / "zensical.toml").write_text(
        textwrap.dedent(f"""\
            [project]
            site_name = "Test"
            use_directory_urls = {str(directory_urls).lower()}
            extra_css = ["portal/mkdocs-specs.css"]
            """),
        "utf-8",
    )
    run = cli("portal", "docs/portal")
    assert (run.code, run.err) == (0, "")
    assert run.out == "wrote 8 file(s) to docs/portal, 0 unchanged\n"
    built = _zensical_build(tmp_path)
    assert built.returncode == 0, built.stderr
    _assert_portal_published(tmp_path / "site", directory_urls)
    css = tmp_path / "site" / "portal" / "mkdocs-specs.css"
    assert ".specs-status--approved" in css.read_text("utf-8")


@pytest.mark.parametrize("directory_urls", [True, False], ids=["directory URLs", "file URLs"])
def test_portal_pages_built_by_mkdocs_without_the_plugin_have_every_link_resolving(
    tmp_path, monkeypatch, cli, directory_urls
):
    monkeypatch.chdir(tmp_path)
    config = {"use_directory_urls": directory_urls, "plugins": [], "theme": "mkdocs"}
    write_site(tmp_path, PORTAL_PAGES, config)
    run = cli("portal", "docs/portal", "--generator", "mkdocs")
    assert run.code == 0
    assert "add 'portal/mkdocs-specs.css' to extra_css in mkdocs.yml" in run.err
    build = run_mkdocs(tmp_path, "build", "-d", str(tmp_path / "site"))
    assert build.exit_code == 0, build.log
    _assert_portal_published(tmp_path / "site", directory_urls)


def test_portal_rewrites_its_own_files_and_removes_the_pages_of_former_owners(
    tmp_path, monkeypatch, cli
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "zensical.toml").write_text(
        '[project]\nsite_name = "T"\nextra_css = ["portal/mkdocs-specs.css"]\n', "utf-8"
    )
    _write_docs(tmp_path, pages={"specs/a.md": spec(author="Jane Doe")})
    assert cli("portal", "docs/portal").code == 0
    portal = tmp_path / "docs" / "portal"
    assert (portal / "owners" / "jane-doe.md").is_file()

    assert cli("portal", "docs/portal").out == "wrote 0 file(s) to docs/portal, 6 unchanged\n"
    _write_docs(tmp_path, pages={"specs/a.md": spec(author="John Roe", status="Review")})
    run = cli("portal", "docs/portal")
    assert (run.code, run.err) == (0, "")
    assert run.out == "wrote 4 file(s) to docs/portal, 2 unchanged, removed 1\n"
    assert not (portal / "owners" / "jane-doe.md").exists()
    assert "John Roe" in (portal / "owners" / "john-roe.md").read_text("utf-8")
    assert "Review" in (portal / "status.md").read_text("utf-8")
    # The portal's own pages are never taken for documents of the site.
    assert cli("check", "--format", "json").code == 0


@pytest.mark.parametrize(
    "in_the_way",
    ["user's page", "symlink", "folder", "symlinked folder"],
)
def test_portal_overwrites_nothing_it_did_not_write(tmp_path, monkeypatch, cli, in_the_way):
    monkeypatch.chdir(tmp_path)
    write_site(tmp_path, {"specs/a.md": spec(author="Jane Doe")})
    portal = tmp_path / "docs" / "portal"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "notes.md").write_text("mine\n", "utf-8")
    portal.mkdir()
    if in_the_way == "user's page":
        (portal / "status.md").write_text("# My status page\n", "utf-8")
        culprit = portal / "status.md"
    elif in_the_way == "symlink":
        (portal / "status.md").symlink_to(elsewhere / "notes.md")
        culprit = portal / "status.md"
    elif in_the_way == "folder":
        (portal / "status.md").mkdir()
        culprit = portal / "status.md"
    else:
        (portal / "owners").symlink_to(elsewhere, target_is_directory=True)
        culprit = portal / "owners"
    run = cli("portal", "docs/portal")
    assert run.code == 1
    assert run.out == ""
    assert run.err.startswith(f"mkdocs-specs: error: {culprit.relative_to(tmp_path)} ")
    assert run.err.count("\n") == 1
    assert not (portal / "index.md").exists()  # nothing written at all
    assert [p.name for p in elsewhere.iterdir()] == ["notes.md"]
    assert (elsewhere / "notes.md").read_text("utf-8") == "mine\n"


@pytest.mark.parametrize(
    ("outdir", "words"),
    [
        ("portal", "is not a folder inside the docs folder docs"),
        ("docs", "is not a folder inside the docs folder docs"),
        (".", "is not a folder inside the docs folder docs"),
        ("docs/specs/a.md", "docs/specs/a.md is not a folder"),
        ("docs/specs/portal", "is where the spec globs find documents"),
    ],
)
def test_portal_writes_only_into_a_folder_inside_the_docs(
    tmp_path, monkeypatch, cli, outdir, words
):
    monkeypatch.chdir(tmp_path)
    write_site(tmp_path, {"specs/a.md": spec()})
    before = sorted(tmp_path.rglob("*"))
    run = cli("portal", outdir)
    assert (run.code, run.out, run.err.count("\n")) == (2, "", 1)
    assert words in run.err
    assert sorted(tmp_path.rglob("*")) == before


def test_portal_removes_no_page_through_a_symlinked_folder(tmp_path, monkeypatch, cli):
    monkeypatch.chdir(tmp_path)
    write_site(tmp_path, {"specs/a.md": spec(author="Jane Doe")})
    assert cli("portal", "docs/portal").code == 0
    portal, elsewhere = tmp_path / "docs" / "portal", tmp_path / "elsewhere"
    (portal / "owners").rename(elsewhere)  # a page of ours, now outside the docs
    (portal / "owners").symlink_to(elsewhere, target_is_directory=True)
    write_site(tmp_path, {"specs/a.md": spec(drop_fields=("Author",))})
    run = cli("portal", "docs/portal")
    assert (run.code, run.out) == (0, "wrote 4 file(s) to docs/portal, 1 unchanged\n")
    assert [p.name for p in elsewhere.iterdir()] == ["jane-doe.md"]


def test_portal_pages_speak_the_site_s_language(tmp_path, monkeypatch, cli):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "zensical.toml").write_text(
        '[project]\nsite_name = "T"\n\n[project.theme]\nlanguage = "de"\n', "utf-8"
    )
    _write_docs(tmp_path, pages={"specs/a.md": spec(author="Jane Doe")})
    assert cli("portal", "docs/portal").code == 0
    dashboard = (tmp_path / "docs" / "portal" / "index.md").read_text("utf-8")
    assert "Übersicht" in dashboard
    assert "Dashboard" not in dashboard
