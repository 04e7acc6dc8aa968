"""`mkdocs serve`: one plugin instance across rebuilds, fresh portal pages every time, and each
page shows its own findings."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import write_site
from factory import spec
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from portal_html import tables, text

from mkdocs_specs.catalog import Settings, Source
from mkdocs_specs.checking import PageCache, check_sources
from mkdocs_specs.model import Kind
from mkdocs_specs.template import default_template


@pytest.fixture
def serve(tmp_path: Path) -> Iterator:
    """`serve(files)`: one rebuild of the site as `mkdocs serve` does it (a fresh config, the
    same plugin instance); the instance is told afterwards that serving is over."""
    configs: list[MkDocsConfig] = []

    def rebuild(files: dict[str, str]) -> Path:
        write_site(tmp_path, files)
        config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
        if not configs:
            config.plugins.on_startup(command="serve", dirty=False)
        configs.append(config)
        build(config)
        return tmp_path / "site"

    rebuild.configs = configs  # type: ignore[attr-defined]
    yield rebuild
    if configs:
        configs[-1].plugins.on_startup(command="build", dirty=False)
        assert len({id(config.plugins["specs"]) for config in configs}) == 1


def test_editing_status_and_owner_shows_on_the_portal_at_the_next_rebuild(serve, tmp_path):
    files = {
        "index.md": "# Home\n",
        "specs/a.md": spec("Alpha", status="Draft", author="Ann Lee"),
        "specs/b.md": spec("Beta", status="Approved", author="Bob Roe"),
    }
    site = serve(files)
    grouped = tables((site / "portal/status/index.html").read_text("utf-8"))
    assert [row[0] for row in grouped["Draft"][1:]] == ["Alpha"]
    assert (site / "portal/owners/ann-lee/index.html").is_file()

    files["specs/a.md"] = spec("Alpha", status="Implemented", author="Cleo Park")
    site = serve(files)
    status_page = (site / "portal/status/index.html").read_text("utf-8")
    grouped = tables(status_page)
    assert "Draft" not in grouped
    assert [row[:2] for row in grouped["Implemented"][1:]] == [["Alpha", "Cleo Park"]]
    assert (site / "portal/owners/cleo-park/index.html").is_file()
    assert not (site / "portal/owners/ann-lee").exists()
    card = (site / "specs/a/index.html").read_text("utf-8")
    assert "specs-status--implemented" in card and "Cleo Park" in card


def test_while_serving_every_document_page_lists_its_own_findings(serve):
    files = {
        "index.md": "# Home\n",
        "specs/a.md": spec("Alpha", sections=[], related_adr="ADR-7"),
        "specs/clean.md": spec("Clean"),
        "adr/0001-broken.md": "---\nstatus: [oops\n---\n# Broken\n",
    }
    site = serve(files)
    page = (site / "specs/a/index.html").read_text("utf-8")
    box = page.split('<div class="admonition danger specs-findings">', 1)[1].split("</ul>", 1)[0]
    words = text(box)
    assert "error line 3 missing-section" in words
    assert 'required section "Executive Summary" is missing' in words
    assert "Hint:" in words
    assert "unresolved-reference" in words
    assert page.index("specs-card") < page.index("specs-findings")
    assert "specs-findings" not in (site / "specs/clean/index.html").read_text("utf-8")
    adr = (site / "adr/0001-broken/index.html").read_text("utf-8")
    assert "front-matter" in text(adr.split("specs-findings", 1)[1].split("</ul>", 1)[0])


def test_rebuild_after_one_edit_parses_only_the_edited_page(serve):
    files = {f"specs/s{index}.md": spec(f"Spec {index}") for index in range(5)}
    files["adr/0001-x.md"] = "# X\n\n## Status\n\nAccepted\n"
    serve(files)
    cache = serve.configs[-1].plugins["specs"].cache
    first = cache.parses  # the instance lives for the whole test process: count from here

    files["specs/s3.md"] = spec("Spec 3", status="Review")
    site = serve(files)
    assert cache.parses == first + 1
    grouped = tables((site / "portal/status/index.html").read_text("utf-8"))
    assert [row[0] for row in grouped["Review"][1:]] == ["Spec 3"]

    serve(files)
    assert cache.parses == first + 1


SETTINGS = Settings(globs={Kind.SPEC: ["specs/*.md"]}, templates={Kind.SPEC: [default_template()]})


def test_an_aged_unchanged_file_is_not_read_again(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(spec("Alpha"), "utf-8")
    an_hour_ago = time.time_ns() - 3600 * 10**9
    os.utime(path, ns=(an_hour_ago, an_hour_ago))
    reads: list[str] = []

    def load() -> bytes:
        reads.append(path.name)
        return path.read_bytes()

    source = Source("specs/a.md", "docs/specs/a.md", load, str(path))
    cache = PageCache()
    for _ in range(3):
        (doc,) = check_sources([source], SETTINGS, cache).documents
        assert doc.display_title == "Alpha"
    assert reads == ["a.md"]


def test_an_edit_that_keeps_size_and_timestamp_is_still_seen(tmp_path):
    """A file modified moments ago is compared by content: a second edit within the file
    system's timestamp resolution may leave both its size and its time unchanged."""
    path = tmp_path / "a.md"
    path.write_text(spec("Alpha", status="Draft"), "utf-8")
    source = Source("specs/a.md", "docs/specs/a.md", path.read_bytes, str(path))
    cache = PageCache()
    assert check_sources([source], SETTINGS, cache).documents[0].status == "Draft"

    written = path.stat()
    path.write_text(spec("Alpha", status="Debut"), "utf-8")
    os.utime(path, ns=(written.st_atime_ns, written.st_mtime_ns))
    assert path.stat().st_size == written.st_size
    assert check_sources([source], SETTINGS, cache).documents[0].status == "Debut"
    assert cache.parses == 2


def test_a_rebuild_renders_again_only_what_shows_a_changed_document(serve):
    files = {
        f"specs/s{index}.md": spec(f"Spec {index}", author=f"Owner {index}") for index in range(4)
    }
    files["specs/s0.md"] = spec("Spec 0", related_adr="ADR-1")
    files["adr/0001-x.md"] = "# X\n\n## Status\n\nAccepted\n"
    serve(files)
    rendered = serve.configs[-1].plugins["specs"].rendered

    before = rendered.renders
    serve(files)
    assert rendered.renders == before  # nothing changed: every fragment is looked up

    files["specs/s2.md"] = spec("Spec 2", author="Owner 2", body="More prose nobody lists.")
    serve(files)
    assert rendered.renders == before  # the edit shows nowhere but on the page itself

    files["adr/0001-x.md"] = "# X\n\n## Status\n\nSuperseded\n"
    site = serve(files)
    card = (site / "specs/s0/index.html").read_text("utf-8")
    assert "specs-status--superseded" in card  # the card of the spec that references it
    # Spec 0 gains an inactive-reference finding: its card, findings box and export line, and
    # the five pages listing it (dashboard, status, owners, Needs attention, its owner's page);
    # the ADR's card, "Referenced by" and export line. The other specs' cards and owner pages
    # are looked up.
    assert rendered.renders - before == 11
