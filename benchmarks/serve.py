"""Measure the plugin's own work inside real builds: a `mkdocs serve` rebuild after one spec
is edited, or one `mkdocs build`.

With `--command serve` (the default) it builds a generated site, then rebuilds it with the
same plugin instance, as `mkdocs serve` does, after editing one spec (`--rebuilds N` times,
each after another edit, reporting medians); with `--command build` it builds once, as
`mkdocs build` does (worker processes included). It times every plugin event
of each build (the checking in `on_files`, the cards, the export in `on_post_build`, …).
Python's cyclic garbage collector runs whenever allocations pile up, mostly MkDocs' own: the
time its passes take inside the plugin's events is shown apart.

    python benchmarks/serve.py --specs 1000 --rebuilds 5
    python benchmarks/serve.py --specs 1000 --command build
    python benchmarks/serve.py --specs 1000 --profile /tmp/rebuild.prof
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import gc
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

from mkdocs.commands import build as build_command
from mkdocs.commands.build import build
from mkdocs.config import load_config

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate
from mkdocs.structure.pages import Page

from mkdocs_specs.plugin import SpecsPlugin

EVENTS = (
    "on_config",
    "on_files",
    "on_page_read_source",
    "on_page_markdown",
    "on_page_content",
    "on_post_build",
)


class Timings(NamedTuple):
    """What a `Clock` measured in one build."""

    spent: dict[str, float]
    collecting: dict[str, float]
    portal_pages: float
    collecting_in_build: float


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
        self.collecting_in_build = 0.0
        """Garbage collection in the whole build: it walks every object alive, the plugin's
        documents and fragments with MkDocs' own, so it shows what they cost outside events."""

    def timings(self) -> Timings:
        return Timings(
            dict(self.spent), dict(self.collecting), self.portal_pages, self.collecting_in_build
        )

    def reset(self) -> None:
        self.spent.clear()
        self.collecting.clear()
        self.portal_pages = 0.0
        self.collecting_in_build = 0.0

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
        if phase == "start":
            self._started = time.perf_counter()
            return
        collecting = time.perf_counter() - self._started
        self.collecting_in_build += collecting
        if self.event is not None:
            self.collecting[self.event] += collecting

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
        "--rebuilds",
        type=int,
        default=1,
        metavar="N",
        help="serve: rebuild N times, each after editing another spec, and print the medians "
        "(this machine's timings vary from one build to the next)",
    )
    parser.add_argument(
        "--profile",
        metavar="FILE",
        help="write a cProfile of the plugin's events in the last (re)build to FILE "
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
    assert isinstance(plugin, SpecsPlugin)
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
    rebuilds: list[Timings] = []
    start = time.perf_counter()
    for number in range(1, args.rebuilds + 1):
        edited = root / f"docs/specs/capability-{number:05d}.md"
        edited.write_text(edited.read_text("utf-8") + "\nOne more sentence.\n", "utf-8")
        clock.reset()
        if args.profile and number == args.rebuilds:
            clock.profile = cProfile.Profile()
        config = load_config(config_file, site_dir=str(root / "out"))
        build(config, serve_url="http://127.0.0.1:8000/")
        rebuilds.append(clock.timings())
    parsed = plugin.cache.parses - parses_before
    print(
        f"\nserve, {args.rebuilds} rebuild(s), each after one edit (pages parsed again: "
        f"{parsed}): {time.perf_counter() - start:.1f} s in all; medians of the rebuilds"
    )
    print_timings(rebuilds)
    save_profile(clock, args.profile)


def save_profile(clock: Clock, path: str | None) -> None:
    if clock.profile is not None and path:
        clock.profile.dump_stats(path)
        print(f"  profile of the plugin's events: {path}")


def report(title: str, start: float, clock: Clock) -> None:
    print(f"{title}: {time.perf_counter() - start:.1f} s in all")
    print_timings([clock.timings()])


def print_timings(builds: list[Timings]) -> None:
    """One table of the plugin's events: each figure the median over `builds`."""
    print(f"  {'event':<20} {'time':>8}    {'of which GC':>11}")
    for name in (*EVENTS, None):
        label = name or "plugin, all events"
        spent = statistics.median(_event_sum(build.spent, name) for build in builds)
        collecting = statistics.median(_event_sum(build.collecting, name) for build in builds)
        print(f"  {label:<20} {spent * 1000:8.1f} ms {collecting * 1000:8.1f} ms")
    if len(builds) > 1:
        totals = sorted(sum(build.spent.values()) * 1000 for build in builds)
        print(
            f"  (all events, from the fastest rebuild to the slowest: {totals[0]:.1f} ms to "
            f"{totals[-1]:.1f} ms)"
        )
    portal = statistics.median(build.portal_pages for build in builds)
    print(f"  MkDocs rendering the portal's pages: {portal * 1000:.1f} ms")
    collecting = statistics.median(build.collecting_in_build for build in builds)
    print(f"  garbage collection in the whole build: {collecting * 1000:.1f} ms")


def _event_sum(times: dict[str, float], name: str | None) -> float:
    """The time of one event, or of all of them (`None`)."""
    return times.get(name, 0.0) if name else sum(times.values())


if __name__ == "__main__":
    main()
