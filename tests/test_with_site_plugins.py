"""The plugin beside the ones docs teams put around a site: redirects, literate-nav, minify,
and the plugins, themes and options the README says it works with (mkdocs-static-i18n has
`test_i18n.py`). Each is a real build with the other plugin installed, and `mkdocs-specs check`
on the same site."""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from cli_runner import Run, run_cli
from conftest import Build, run_mkdocs, write_site
from factory import SECTIONS, spec
from portal_html import broken_links, read_page

ADR = "---\nstatus: accepted\n---\n# Use Postgres\n\n## Context\n\nWhy.\n"
BUILD_LINE_RE = re.compile(r"^(ERROR|WARNING|INFO): mkdocs_specs: (\S+?):(\d+): ([a-z-]+): ", re.M)


def build_findings(build: Build) -> set[tuple[str, int, str, str]]:
    """(path, line, rule, severity) of every finding the build logged, as `Run.findings`."""
    return {
        (path, int(line), rule, level.lower())
        for level, path, line, rule in BUILD_LINE_RE.findall(build.log)
    }


def build_and_check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Build, Run]:
    """`mkdocs build --strict` and `mkdocs-specs check` of the site at `root`, run from there
    as CI runs them (both name pages relative to the current folder)."""
    built = run_mkdocs(root, "build", "--strict")
    capsys.readouterr()
    with contextlib.chdir(root):
        return built, run_cli(capsys, "check")


# --- mkdocs-redirects ------------------------------------------------------------------------


def test_redirects_to_portal_pages_land_on_them(tmp_path, capsys):
    """mkdocs-redirects lists the pages it may redirect to before the portal's exist."""
    write_site(
        tmp_path,
        {"index.md": "# Home\n", "specs/payment-retries.md": spec()},
        {
            "plugins": [
                "specs",
                {
                    "redirects": {
                        "redirect_maps": {
                            "old.md": "portal/index.md",
                            "teams/status.md": "portal/status.md",
                            "people/jane.md": "portal/owners/jane-doe.md",
                        }
                    }
                },
            ]
        },
    )
    built, checked = build_and_check(tmp_path, capsys)
    assert built.exit_code == 0, built.log
    assert "does not exist" not in built.log
    targets = {
        "old/index.html": "../portal/",
        "teams/status/index.html": "../../portal/status/",
        "people/jane/index.html": "../../portal/owners/jane-doe/",
    }
    for redirect, target in targets.items():
        html = built.html(redirect)
        assert f'<link rel="canonical" href="{target}">' in html
        landed = (built.site / Path(redirect).parent / target / "index.html").resolve()
        assert landed.is_file()
    assert checked.code == 0


# --- mkdocs-literate-nav ---------------------------------------------------------------------


def nav_hrefs(html: str) -> set[str]:
    """The links of a page of the `mkdocs` theme whose content links nowhere: its nav's."""
    return {href for href in read_page(html).hrefs if not href.startswith(("#", "http"))}


@pytest.mark.parametrize("owner_listed", [False, True])
def test_literate_nav_portal_entry_lists_the_portal_not_every_owner(tmp_path, capsys, owner_listed):
    summary = "* [Home](index.md)\n* [Specs](specs/)\n* [Portal](portal/)\n"
    if owner_listed:
        summary += "* [Jane](portal/owners/jane-doe.md)\n"
    write_site(
        tmp_path,
        {
            "index.md": "# Home\n",
            "SUMMARY.md": summary,
            "specs/payment-retries.md": spec(),
            "specs/card-tokens.md": spec("Card Tokens", author="Max Roe"),
        },
        {"plugins": ["specs", "literate-nav"]},
    )
    built, checked = build_and_check(tmp_path, capsys)
    assert built.exit_code == 0, built.log
    nav = nav_hrefs(built.html("index.html"))
    assert {"portal/", "portal/status/", "portal/owners/"} <= nav
    assert "portal/owners/max-roe/" not in nav
    assert ("portal/owners/jane-doe/" in nav) is owner_listed
    # The portal's nav file is read by literate-nav, never published as a page.
    assert not (built.site / "portal" / "SUMMARY").exists()
    assert (built.site / "portal" / "owners" / "max-roe" / "index.html").is_file()
    assert checked.code == 0


def test_literate_nav_keeps_the_users_own_portal_nav_file(tmp_path, capsys):
    write_site(
        tmp_path,
        {
            "index.md": "# Home\n",
            "SUMMARY.md": "* [Home](index.md)\n* [Portal](portal/)\n",
            "portal/SUMMARY.md": "* [Everything](status.md)\n",
            "specs/payment-retries.md": spec(),
        },
        {"plugins": ["specs", "literate-nav"]},
    )
    built, _ = build_and_check(tmp_path, capsys)
    assert built.exit_code == 0, built.log
    nav = nav_hrefs(built.html("index.html"))
    assert "portal/status/" in nav
    assert "portal/" not in nav


# --- mkdocs-minify-plugin --------------------------------------------------------------------

STYLESHEET = "assets/mkdocs-specs.css"


def minify_site(root: Path, **options: object) -> None:
    minify = {"minify_html": True, "minify_css": True, "css_files": [STYLESHEET], **options}
    write_site(
        root,
        {"index.md": "# Home\n", "specs/payment-retries.md": spec()},
        {"plugins": ["specs", {"minify": minify}]},
    )


def test_minify_minifies_the_stylesheet(tmp_path, capsys):
    minify_site(tmp_path)
    built, checked = build_and_check(tmp_path, capsys)
    assert built.exit_code == 0, built.log
    minified = (built.site / "assets" / "mkdocs-specs.min.css").read_text("utf-8")
    original = (Path(__file__).parents[1] / "mkdocs_specs/templates/mkdocs-specs.css").read_text()
    assert ".specs-card" in minified
    assert len(minified) < len(original) * 0.9
    assert minified.count("\n") < 3
    assert "assets/mkdocs-specs.min.css" in built.html("specs/payment-retries/index.html")
    assert checked.code == 0


def test_minify_cache_safe_stops_with_the_fix_not_a_traceback(tmp_path):
    """With `cache_safe`, minify reads the file from `docs/` before the build, where the
    plugin never writes."""
    minify_site(tmp_path, cache_safe=True)
    built = run_mkdocs(tmp_path, "build")
    assert built.exit_code == 1
    assert "Traceback" not in built.output
    [error] = [line for line in built.log.splitlines() if line.startswith("ERROR")]
    assert "cache_safe" in error
    assert "take it out of minify's `css_files`" in error
    assert "save a built site's assets/mkdocs-specs.css as docs/assets/mkdocs-specs.css" in error
    assert not (tmp_path / "docs" / "assets").exists()


def test_minify_cache_safe_with_a_copy_in_docs_builds_it_minified_and_hashed(tmp_path, capsys):
    minify_site(tmp_path, cache_safe=True)
    own = (Path(__file__).parents[1] / "mkdocs_specs/templates/mkdocs-specs.css").read_text()
    (tmp_path / "docs" / "assets").mkdir()
    (tmp_path / "docs" / STYLESHEET).write_text(own, "utf-8")
    built, checked = build_and_check(tmp_path, capsys)
    assert built.exit_code == 0, built.log
    [minified] = (built.site / "assets").glob("mkdocs-specs.*.min.css")
    assert minified.read_text("utf-8").count("\n") < 3
    assert f"assets/{minified.name}" in built.html("specs/payment-retries/index.html")
    assert checked.code == 0


# --- what the README says the plugin works with ----------------------------------------------

DRAFT = spec(
    "Session Tokens",
    status="Draft",
    author="Max Roe",
    sections=[s for s in SECTIONS if s != "Appendices"],
)
SITE = {
    "index.md": "# Home\n",
    "specs/payment-retries.md": spec(
        front_matter="tags: [payments]", related_adr="ADR-0001", body="![Chart](chart.png)"
    ),
    "specs/session-tokens.md": DRAFT,
    "specs/chart.png": b"\x89PNG\r\n\x1a\n",
    "adr/0001-use-postgres.md": ADR,
}
MATERIAL = {"theme": {"name": "material"}}
BLOG = {
    "blog/index.md": "# Blog\n",
    "blog/posts/hello.md": "---\ndate: 2026-11-01\n---\n# Hello\n\nA post.\n",
}


def built_page(site: Path, page: str) -> Path:
    """The HTML file of `page` (a source path without `.md`) with or without directory URLs."""
    for path in (f"{page.removesuffix('/index')}/index.html", f"{page}.html"):
        if (site / path).is_file():
            return site / path
    raise AssertionError(f"{page} was not built")


def git_repository(root: Path) -> None:
    """Commit the site, as git-revision-date-localized reads each page's dates from git."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "T",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "T",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "site"]):
        subprocess.run(["git", *command], cwd=root, env=env, check=True)


def inherit(root: Path) -> None:
    """Move the plugins into a base configuration the site's `INHERIT`s."""
    config = yaml.safe_load((root / "mkdocs.yml").read_text("utf-8"))
    (root / "base.yml").write_text(yaml.safe_dump({"plugins": config.pop("plugins")}), "utf-8")
    config["INHERIT"] = "base.yml"
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), "utf-8")


WORKS_WITH = {
    # id: (module that must be installed, configuration, extra pages, step before building)
    "material-tags": (None, {**MATERIAL, "plugins": ["search", "tags", "specs"]}, {}, None),
    "material-blog": (None, {**MATERIAL, "plugins": ["search", "blog", "specs"]}, BLOG, None),
    "material-offline": (None, {**MATERIAL, "plugins": ["search", "offline", "specs"]}, {}, None),
    "awesome-nav": (
        "mkdocs_awesome_nav",
        {"plugins": ["search", "awesome-nav", "specs"]},
        {},
        None,
    ),
    "autorefs": ("mkdocs_autorefs", {"plugins": ["search", "autorefs", "specs"]}, {}, None),
    "section-index": (
        "mkdocs_section_index",
        {**MATERIAL, "plugins": ["search", "section-index", "specs"]},
        {"specs/index.md": "# Specs\n"},
        None,
    ),
    "glightbox": ("mkdocs_glightbox", {"plugins": ["search", "glightbox", "specs"]}, {}, None),
    "git-revision-date-localized": (
        "mkdocs_git_revision_date_localized_plugin",
        {"plugins": ["search", "git-revision-date-localized", "specs"]},
        {},
        git_repository,
    ),
    "inherit": (None, {"plugins": ["search", "specs"]}, {}, inherit),
    "no-directory-urls": (None, {"use_directory_urls": False}, {}, None),
    "site-url-sub-path": (None, {"site_url": "https://example.com/docs/team/"}, {}, None),
    "mkdocs-theme": (None, {"theme": {"name": "mkdocs"}}, {}, None),
    "readthedocs-theme": (None, {"theme": {"name": "readthedocs"}}, {}, None),
}


@pytest.mark.parametrize(
    ("module", "config", "pages", "prepare"), WORKS_WITH.values(), ids=WORKS_WITH
)
def test_works_with(tmp_path, capsys, module, config, pages, prepare):
    """`--strict` builds the portal, cards and links with the other plugin, and `check`
    reports what the build reports."""
    if module is not None:
        pytest.importorskip(module, reason="not in the test extra yet")
    write_site(tmp_path, {**SITE, **pages}, config)
    if prepare is not None:
        prepare(tmp_path)
    built, checked = build_and_check(tmp_path, capsys)
    assert built.exit_code == 0, built.log
    expected = {("docs/specs/session-tokens.md", 48, "missing-section", "info")}
    assert build_findings(built) == checked.findings() == expected
    assert checked.code == 0
    # Pages by where either URL style puts them: the offline plugin turns directory URLs off.
    for page in ("portal/index", "portal/status", "portal/owners", "portal/owners/max-roe"):
        html = built_page(built.site, page)
        assert broken_links(built.site, html) == [], html
    home = read_page(built_page(built.site, "index").read_text("utf-8"))
    assert any("portal/status" in href for href in home.hrefs)  # the nav lists the portal
    assert not any("portal/owners/max-roe" in href for href in home.hrefs)  # no owner page
    spec_page = built_page(built.site, "specs/payment-retries")
    assert "specs-card" in spec_page.read_text("utf-8")
    assert broken_links(built.site, spec_page) == []
    assert json.loads((built.site / "specs.json").read_text("utf-8"))["documents"]
