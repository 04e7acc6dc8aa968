"""Real MkDocs builds of small sites in temporary folders."""

from __future__ import annotations

import json
import logging
import os
import re
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from mkdocs.__main__ import cli
from mkdocs.commands.build import build as build_site
from mkdocs.config import load_config

from mkdocs_specs import checking
from mkdocs_specs.catalog import check_page

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@dataclass
class Build:
    """What a user sees after `mkdocs build`: exit code, log lines, files in `site/`."""

    root: Path
    exit_code: int
    log: str
    output: str

    @property
    def site(self) -> Path:
        return self.root / "site"

    def export(self) -> dict:
        return json.loads((self.site / "specs.json").read_text("utf-8"))

    def document(self, src_path: str) -> dict:
        return next(d for d in self.export()["documents"] if d["src_path"] == src_path)

    def html(self, path: str) -> str:
        return (self.site / path).read_text("utf-8")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname}: {record.getMessage()}")


_FINDING_RE = re.compile(r"mkdocs_specs: (\S+?:\d+: [a-z-]+: .*)$")


def finding_lines(build: Build, rule: str | None = None) -> list[str]:
    """The findings (of `rule`) the build logged, as `path:line: rule: message`, in order."""
    found = (_FINDING_RE.search(line) for line in build.log.splitlines())
    return [match[1] for match in found if match and (rule is None or f": {rule}: " in match[1])]


_LOGGED_FINDING_RE = re.compile(
    r"^(ERROR|WARNING|INFO): mkdocs_specs: (\S+?):(\d+): ([a-z-]+): ", re.MULTILINE
)


def build_findings(build: Build) -> set[tuple[str, int, str, str]]:
    """(path, line, rule, severity) of every finding the build logged: what `Run.findings()`
    reads from `mkdocs-specs check`, so that a test asserts both commands agree."""
    return {
        (path, int(line), rule, level.lower())
        for level, path, line, rule in _LOGGED_FINDING_RE.findall(build.log)
    }


def write_site(root: Path, files: dict[str, str | bytes], config: dict | None = None) -> Path:
    """Lay out `mkdocs.yml` and `docs/` under `root`; `config` is merged over a minimal one."""
    settings = {"site_name": "Test", "plugins": ["specs"]}
    settings.update(config or {})
    (root / "mkdocs.yml").write_text(yaml.safe_dump(settings, sort_keys=False), "utf-8")
    for name, content in files.items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, "utf-8")
    return root


def run_mkdocs(root: Path, *args: str) -> Build:
    """Run the real `mkdocs` command line in-process and collect its log."""
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    old_level = logger.level
    try:
        result = CliRunner().invoke(
            cli, [*args, "-f", str(root / "mkdocs.yml")], catch_exceptions=False
        )
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    return Build(root, result.exit_code, "\n".join(handler.lines), result.output)


def build_as_served(root: Path) -> None:
    """Build the site at `root` into `root/site` as `mkdocs serve` builds it (findings on the
    pages), in-process; MkDocs keeps plugin instances for the process, so the command is set
    back to `build` afterwards."""
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build_site(config)
    finally:
        config.plugins.on_startup(command="build", dirty=False)


def run_guarded(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python ARGS` in a child that cannot take the suite down with it: a gigabyte of address
    space and a minute at most, so that code reading a file that never ends (`/dev/zero`) or
    expanding a YAML alias bomb fails the test instead of hanging it."""

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    try:
        return subprocess.run(
            [sys.executable, *args],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=60,
            preexec_fn=limit_memory,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"},
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"`{' '.join(args)}` did not finish within a minute")


@pytest.fixture
def build(tmp_path: Path) -> Callable[..., Build]:
    """`build(files, config=None, strict=False)`: write a site and run `mkdocs build` on it."""

    def run(
        files: dict[str, str | bytes],
        config: dict | None = None,
        *,
        strict: bool = False,
        extra_args: tuple[str, ...] = (),
    ) -> Build:
        write_site(tmp_path, files, config)
        args = ["build", "-d", str(tmp_path / "site")]
        if strict:
            args.append("--strict")
        return run_mkdocs(tmp_path, *args, *extra_args)

    return run


@pytest.fixture(autouse=True)
def own_cache_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """`mkdocs-specs check` keeps results in the user's cache folder, signed with a key in the
    user's state folder: each test has its own of both."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("state")))
    monkeypatch.delenv("MKDOCS_SPECS_CACHE_KEY", raising=False)
    return folder


def age_pages(root: Path) -> None:
    """Date every page an hour back: files this old are trusted by time and size."""
    an_hour_ago = time.time_ns() - 3600 * 10**9
    for page in (root / "docs").rglob("*.md"):
        os.utime(page, ns=(an_hour_ago, an_hour_ago))


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages `check` parses (rather than takes from its cache), in order."""
    parsed: list[str] = []

    def counted(source, *args):
        parsed.append(source.src_path)
        return check_page(source, *args)

    monkeypatch.setattr(checking, "check_page", counted)
    return parsed
