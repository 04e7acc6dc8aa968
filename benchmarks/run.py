"""Measure what the plugin costs: one table of build and check timings for generated sites.

For each size N it generates a site (benchmarks/generate.py), then times, as separate
processes and as the median of --runs runs each:

- `mkdocs build` with the plugin disabled (`SPECS_ENABLED=false`) and enabled, interleaved so
  that both see the same machine load; the ratio is taken from the same run (the median of
  the runs' ratios, with the lowest and highest);
- `mkdocs-specs check --no-cache`, which parses every page (a CI runner without a cache);
- `mkdocs-specs check` after one spec was edited, with the cache of the previous run (a
  pre-commit hook): it parses the edited page and links everything again;
- the peak resident memory of those checks. Check times include interpreter start.

    python benchmarks/run.py --sizes 1000 10000 --build-sizes 1000 --runs 3
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate

BIN = Path(sys.executable).parent


def timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    """Wall time in seconds and peak RSS in MiB of one child process."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed with exit code {process.returncode}")
    return elapsed, usage.ru_maxrss // 1024


def measure(count: int, runs: int, with_build: bool, workdir: Path) -> dict[str, float | int]:
    root = generate(count, workdir / f"site-{count}")
    config = str(root / "mkdocs.yml")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    plain, plugin, ratios = [], [], []
    if with_build:
        build = [str(BIN / "mkdocs"), "build", "-q", "-f", config, "-d", str(root / "site")]
        for _ in range(runs):
            without, _ = timed(build, {**env, "SPECS_ENABLED": "false"})
            with_plugin, _ = timed(build, env)
            plain.append(without)
            plugin.append(with_plugin)
            ratios.append(with_plugin / without)
    check = [str(BIN / "mkdocs-specs"), "check", "-f", config]  # text, as a hook prints it
    env["XDG_CACHE_HOME"] = str(workdir / "cache")  # not the user's: removed with the sites
    env["XDG_STATE_HOME"] = str(workdir / "state")  # nor the key that signs that cache
    cold = [timed([*check, "--no-cache"], env) for _ in range(runs + 1)][1:]  # first: disk cache
    timed(check, env)
    timed(check, env)  # pages written moments before the first run are trusted from the second
    edited = root / "docs/specs/capability-00001.md"
    warm = []
    for run in range(runs):
        with edited.open("a", encoding="utf-8") as page:
            page.write(f"\nEdit number {run}.\n")
        warm.append(timed(check, env))
    cold_time = statistics.median(t for t, _ in cold)
    documents = sum(
        1 for folder in ("specs", "prd", "adr") for _ in (root / "docs" / folder).glob("*.md")
    )
    return {
        "n": count,
        "plain": statistics.median(plain) if plain else float("nan"),
        "plugin": statistics.median(plugin) if plugin else float("nan"),
        "ratio": statistics.median(ratios) if ratios else float("nan"),
        "lowest_ratio": min(ratios) if ratios else float("nan"),
        "highest_ratio": max(ratios) if ratios else float("nan"),
        "cold": cold_time,
        "warm": statistics.median(t for t, _ in warm),
        "docs_per_s": documents / cold_time,
        "rss": max(rss for _, rss in cold + warm),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--build-sizes", type=int, nargs="*", default=[1000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="mkdocs-specs-bench-"))
    try:
        rows = [measure(n, args.runs, n in args.build_sizes, workdir) for n in sorted(args.sizes)]
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(
        "| N | build, plugin off | build, plugin on | ratio (range) | check, no cache "
        "| check after an edit | docs/s (no cache) | check peak RSS |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        built = row["ratio"] == row["ratio"]  # NaN when the size was not built
        builds = "- | - | -"
        if built:
            builds = (
                f"{row['plain']:.1f} s | {row['plugin']:.1f} s | {row['ratio']:.3f} "
                f"({row['lowest_ratio']:.2f}-{row['highest_ratio']:.2f})"
            )
        print(
            f"| {row['n']:,} | {builds} | {row['cold']:.2f} s | {row['warm']:.2f} s "
            f"| {row['docs_per_s']:,.0f} | {row['rss']} MiB |"
        )
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        print(
            f"\ncheck time growth from {first['n']:,} to {last['n']:,} specs: "
            f"{last['cold'] / first['cold']:.1f}x without the cache, "
            f"{last['warm'] / first['warm']:.1f}x after an edit"
        )


if __name__ == "__main__":
    main()
