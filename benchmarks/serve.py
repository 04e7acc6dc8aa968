"""Measure the plugin's own work inside real builds: a `mkdocs serve` rebuild after one spec
is edited, or one `mkdocs build`.

With `--command serve` (the default) it builds a generated site twice with one plugin
instance, as `mkdocs serve` does, editing one spec in between; with `--command build` it
builds once, as `mkdocs build` does (worker processes included). It times every plugin event
of each build (the checking in `on_files`, the cards, the export in `on_post_build`, …).
Python's cyclic garbage collector runs whenever allocations pile up, mostly MkDocs' own: the
time its passes take inside the plugin's events is shown apart.

    python benchmarks/serve.py --specs 1000
    python benchmarks/serve.py --specs 1000 --command build
    python benchmarks/serve.py --specs 1000 --profile /tmp/rebuild.prof
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import gc
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from mkdocs.commands import build as build_command
from mkdocs.commands.build import build
from mkdocs.config import load_config

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate
from mkdocs.structure.pages import Page

EVENTS = (
    "on_config",
    "on_files",
    "on_page_read_source",
    "on_page_markdown",
    "on_page_content",
    "on_post_build",
)


class Clock:
    """Time spent in each plugin event, and in garbage collections during it."""

    def __init__(self) -> None:
        self.profile: cProfile.Profile | None = None
        """When set, profiles the plugin's events (and nothing else of the build)."""
        self.spent: dict[str, float] = defaultdict(float)
        self.collecting: dict[str, float] = defaultdict(float)
        self.event: str | None = None
        self._started = 0.0
        self.portal_pages = 0.0
        """MkDocs' own time rendering the pages the plugin generates (the portal)."""

    def reset(self) -> None:
        self.spent.clear()
        self.collecting.clear()
        self.portal_pages = 0.0

    def time_portal_pages(self) -> None:
        """Time MkDocs reading and rendering generated pages: work the plugin causes outside its
        events. (Wraps two private steps of `mkdocs.commands.build`: a benchmark may.)"""
        for name in ("_populate_page", "_build_page"):
            step = getattr(build_command, name)

            @functools.wraps(step)
            def timed(page: Page, *args: object, _step=step, **kwargs: object) -> object:
                start = time.perf_counter()
                try:
                    return _step(page, *args, **kwargs)
                finally:
                    if page.file.generated_by:
                        self.portal_pages += time.perf_counter() - start

            setattr(build_command, name, timed)

    def on_gc(self, phase: str, info: dict[str, int]) -> None:
        if self.event is None:
            return
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.collecting[self.event] += time.perf_counter() - self._started

    def wrap(self, plugin: object) -> None:
        """Wrap the plugin's event methods so that each adds its time to `spent`."""
        for name in EVENTS:
            method = getattr(plugin, name)

            @functools.wraps(method)
            def wrapper(*args: object, _method=method, _name=name, **kwargs: object) -> object:
                start = time.perf_counter()
                self.event = _name
                if self.profile is not None:
                    self.profile.enable()
                try:
                    return _method(*args, **kwargs)
                finally:
                    if self.profile is not None:
                        self.profile.disable()
                    self.event = None
                    self.spent[_name] += time.perf_counter() - start

            setattr(plugin, name, wrapper)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--specs", type=int, default=1000)
    parser.add_argument(
        "--command",
        choices=["serve", "build"],
        default="serve",
        help="serve: a first build and a rebuild after one edit; build: one `mkdocs build`",
    )
    parser.add_argument(
        "--profile",
        metavar="FILE",
        help="write a cProfile of the plugin's events in the last build to FILE "
        "(read it with `python -m pstats FILE`)",
    )
    args = parser.parse_args()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    root = generate(args.specs, Path(tempfile.mkdtemp(prefix="mkdocs-specs-serve-")) / "site")
    # Date the pages a minute back, as a server finds a repository's files: a page modified
    # just before it is read is compared by content at the next build, not trusted by its time.
    a_minute_ago = time.time_ns() - 60 * 10**9
    for page in (root / "docs").rglob("*.md"):
        os.utime(page, ns=(a_minute_ago, a_minute_ago))
    config_file = str(root / "mkdocs.yml")
    clock = Clock()
    gc.callbacks.append(clock.on_gc)

    plugin = load_config(config_file).plugins["specs"]  # the instance every load returns
    clock.wrap(plugin)
    clock.time_portal_pages()
    config = load_config(config_file, site_dir=str(root / "out"))  # registers the wrappers
    config.plugins.on_startup(command=args.command, dirty=False)
    if args.profile and args.command == "build":
        clock.profile = cProfile.Profile()
    start = time.perf_counter()
    build(config, serve_url="http://127.0.0.1:8000/" if args.command == "serve" else None)
    report(f"{args.command}, first build of {args.specs:,} specs", start, clock)
    if args.command == "build":
        save_profile(clock, args.profile)
        return

    parses_before = plugin.cache.parses
    edited = root / "docs/specs/capability-00001.md"
    edited.write_text(edited.read_text("utf-8") + "\nOne more sentence.\n", "utf-8")
    clock.reset()
    if args.profile:
        clock.profile = cProfile.Profile()
    config = load_config(config_file, site_dir=str(root / "out"))
    start = time.perf_counter()
    build(config, serve_url="http://127.0.0.1:8000/")
    report(
        f"\nserve, rebuild after one edit (pages parsed again: "
        f"{plugin.cache.parses - parses_before})",
        start,
        clock,
    )
    save_profile(clock, args.profile)


def save_profile(clock: Clock, path: str | None) -> None:
    if clock.profile is not None and path:
        clock.profile.dump_stats(path)
        print(f"  profile of the plugin's events: {path}")


def report(title: str, start: float, clock: Clock) -> None:
    print(f"{title}: {time.perf_counter() - start:.1f} s in all")
    print(f"  {'event':<20} {'time':>8}    {'of which GC':>11}")
    for name in (*EVENTS, None):
        spent = clock.spent[name] if name else sum(clock.spent.values())
        collecting = clock.collecting[name] if name else sum(clock.collecting.values())
        label = name or "plugin, all events"
        print(f"  {label:<20} {spent * 1000:8.1f} ms {collecting * 1000:8.1f} ms")
    print(f"  MkDocs rendering the portal's pages: {clock.portal_pages * 1000:.1f} ms")


if __name__ == "__main__":
    main()
