"""What `mkdocs-specs check` costs besides checking pages: starting, and ending."""

from __future__ import annotations

import multiprocessing.pool
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import write_site
from factory import spec

from mkdocs_specs.catalog import Settings, Source
from mkdocs_specs.checking import check_sources
from mkdocs_specs.model import Kind
from mkdocs_specs.template import default_template

COUNT_COLLECTIONS = """
import gc, sys
from mkdocs_specs import cli
passes = []
gc.callbacks.append(lambda phase, info: phase == "start" and passes.append(info["generation"]))
sys.argv = ["mkdocs-specs", "check", "-f", sys.argv[1], "--no-cache"]
main = cli.main
def counted():
    code = main()
    print("collections:", len(passes), flush=True)
    return code
cli.main = counted
passes.clear()
cli.run()
"""


def test_the_command_never_walks_the_objects_of_its_check(tmp_path: Path) -> None:
    """The cycle collector, resumed after the check, walked every object the check made just
    before the exit that frees them all."""
    pages = {f"specs/spec-{n}.md": spec(f"Spec {n}") for n in range(30)}
    root = write_site(tmp_path, pages)
    result = subprocess.run(
        [sys.executable, "-c", COUNT_COLLECTIONS, str(root / "mkdocs.yml")],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "checked 30 specs" in result.stdout, result.stdout
    assert "collections: 0" in result.stdout


def test_a_large_check_sends_children_small_slices(monkeypatch: pytest.MonkeyPatch) -> None:
    """Once a child has checked its last slice, sending it back is all that is left to wait for:
    no slice holds more than a few hundred pages, and every page comes back where it was."""
    bounds: list[tuple[int, int]] = []
    map_async = multiprocessing.pool.Pool.map_async

    def spy(pool, function, slices, *args, **kwargs):  # type: ignore[no-untyped-def]
        slices = list(slices)
        bounds.extend(slices)
        return map_async(pool, function, slices, *args, **kwargs)

    monkeypatch.setattr(multiprocessing.pool.Pool, "map_async", spy)
    pages = {f"notes/note-{n}.md": f"# Note {n}\n" for n in range(2400)}
    pages.update({f"specs/spec-{n}.md": spec(f"Spec {n}", status="Sideways") for n in range(40)})
    sources = [Source(path, path, lambda text=text: text) for path, text in pages.items()]
    template = default_template()
    settings = Settings(globs={Kind.SPEC: ["specs/*.md"]}, templates={Kind.SPEC: [template]})
    alone = check_sources(sources, settings, workers=1)
    together = check_sources(sources, settings, workers=2)
    half = len(pages) // 2  # every other page is read by this process
    assert [start for start, _ in bounds] == [end for _, end in [(0, 0), *bounds[:-1]]]
    assert bounds[-1][1] >= half > bounds[-1][0]
    assert max(end - start for start, end in bounds) <= 250
    assert [(d.src_path, d.findings) for d in together.documents] == [
        (d.src_path, d.findings) for d in alone.documents
    ]
    assert len(together.documents) == 40
    assert all(any(f.rule == "invalid-status" for f in d.findings) for d in together.documents)
