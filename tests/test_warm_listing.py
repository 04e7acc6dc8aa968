"""`mkdocs-specs check` lists the site's files as MkDocs' `get_files` does, without the work
a check does not need: every file's destination, and `pathlib` for each file's path."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

import pytest
from cli_runner import run_cli
from conftest import age_pages, build_findings, run_mkdocs, write_site
from factory import spec
from mkdocs.config import load_config
from mkdocs.structure.files import File, get_files

from mkdocs_specs.dry_build import list_files

_SITE: dict[str, str | bytes] = {
    "index.md": "# Home\n",
    "specs/payments.md": spec("Payments"),
    "specs/retries.markdown": spec("Retries", status="Approved"),
    "specs/notes.txt": "not a page",
    "specs/sub/deep.md": spec("Deep"),
    "adr/0001-use-postgres.md": "# Decision 1\n\n## Status\n\nAccepted\n",
    "drafts/wip.md": spec("Work in progress"),
    "hidden/.secret.md": "# Hidden\n",
    "templates/spec.md": "# Template\n",
    "private/skip.md": "# Skipped\n",
    "assets/logo.svg": "<svg/>",
}
_CONFIG = {
    "exclude_docs": "private/\n",
    "draft_docs": "drafts/\n",
    "not_in_nav": "adr/\n",
}


def _described(files: object) -> list[tuple[object, ...]]:
    """What a build reads of each file, in order: everything `get_files` decides."""
    return [
        (
            f.src_uri,
            f.src_path,
            f.abs_src_path,
            f.dest_uri,
            f.url,
            f.abs_dest_path,
            f.inclusion,
            f.generated_by,
            f.edit_uri,
            f.name,
            f.is_documentation_page(),
        )
        for f in files  # type: ignore[attr-defined]
    ]


@pytest.mark.parametrize("use_directory_urls", [True, False])
def test_the_listing_is_mkdocs_own(tmp_path: Path, use_directory_urls: bool) -> None:
    """Same files, same order, same inclusion, paths, destinations and URLs as `get_files`."""
    config = {**_CONFIG, "use_directory_urls": use_directory_urls}
    write_site(tmp_path, _SITE, config)
    loaded = load_config(str(tmp_path / "mkdocs.yml"))
    assert _described(list_files(loaded)) == _described(get_files(loaded))


@pytest.mark.parametrize(
    "pages",
    [
        {"guide/index.md": "# Index\n", "guide/README.md": "# Readme\n"},
        {"guide/a.md": "# A\n", "guide/a.markdown": "# A again\n"},
        {"index.md": "# Home\n", "index.html": "<p>home</p>"},
    ],
    ids=["index-and-readme", "two-extensions", "page-and-html"],
)
def test_files_that_would_be_published_at_one_place_are_listed_by_mkdocs(
    tmp_path: Path, pages: dict[str, str | bytes]
) -> None:
    """Where two files of a folder may share a destination, MkDocs decides which one the site
    keeps (and says so), exactly as in a build."""
    site = {**pages, "specs/payments.md": spec("Payments")}
    write_site(tmp_path, site, {"use_directory_urls": False})
    loaded = load_config(str(tmp_path / "mkdocs.yml"))
    assert _described(list_files(loaded)) == _described(get_files(loaded))


def test_a_check_computes_no_destination(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A check reads no page's destination, which `get_files` computed for every file (a
    third of a cached check's listing of 12,000 pages); its findings are the build's."""
    pages = {f"specs/spec-{n}.md": spec(f"Spec {n}", status="Nonsense") for n in range(5)}
    write_site(tmp_path, {**_SITE, **pages}, _CONFIG)
    age_pages(tmp_path)
    monkeypatch.chdir(tmp_path)
    computed: list[str] = []

    def destination(file: File) -> str:
        computed.append(file.src_uri)
        return File._get_dest_path(file)

    counted = cached_property(destination)
    counted.__set_name__(File, "dest_uri")
    monkeypatch.setattr(File, "dest_uri", counted)
    checked = run_cli(capsys, "check")
    assert computed == []
    assert checked.code == 1
    monkeypatch.undo()
    built = run_mkdocs(tmp_path, "build", "-d", str(tmp_path / "site"))
    assert checked.findings() == build_findings(built)
    assert any(rule == "invalid-status" for _, _, rule, _ in checked.findings())
