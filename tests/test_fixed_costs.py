"""What `mkdocs-specs check` costs besides checking pages: starting, and ending."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import write_site
from factory import spec

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
