"""Compare the `check` of two installs of mkdocs-specs on the same generated sites.

On a shared machine wall time swings with the load; this runs the two installs' checks
alternately on the same sites and compares the CPU time (user and system, of the check and its
workers) of each, as the median of --runs runs and the ratio of their fastest runs:

- `check --no-cache`, which parses every page;
- `check` after one spec was edited, with the cache of the previous run.

    python benchmarks/compare.py OLD_VENV/bin/mkdocs-specs .venv/bin/mkdocs-specs --sizes 1000

Let Python write bytecode (`PYTHONDONTWRITEBYTECODE` unset), as a pip install has it: otherwise
every run compiles the modules again, and the install with more source looks slower.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate


def cpu_time(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """CPU seconds (user + system, the workers included) and peak RSS in MiB of one child."""
    silent = subprocess.DEVNULL
    process = subprocess.Popen(command, env=env, stdout=silent, stderr=silent)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def compare(checks: dict[str, str], count: int, runs: int, workdir: Path) -> None:
    root = generate(count, workdir / f"site-{count}")
    config = str(root / "mkdocs.yml")
    edited = root / "docs/specs/capability-00001.md"
    envs = {
        name: {
            **os.environ,
            "NO_MKDOCS_2_WARNING": "1",
            "XDG_CACHE_HOME": str(workdir / f"cache-{name}"),  # each its own cache and key
            "XDG_STATE_HOME": str(workdir / f"state-{name}"),
        }
        for name in checks
    }
    times: dict[str, dict[str, list[float]]] = {name: {"cold": [], "warm": []} for name in checks}
    rss = dict.fromkeys(checks, 0)
    for name, check in checks.items():  # a first run each: the disk cache, bytecode
        cpu_time([check, "check", "-f", config, "--no-cache"], envs[name])
    for run in range(runs):
        for name, check in checks.items():
            command = [check, "check", "-f", config]
            seconds, peak = cpu_time([*command, "--no-cache"], envs[name])
            times[name]["cold"].append(seconds)
            cpu_time(command, envs[name])
            cpu_time(command, envs[name])  # pages read moments before are trusted from here
            with edited.open("a", encoding="utf-8") as page:
                page.write(f"\nEdit {run} of {name}.\n")
            warm, warm_peak = cpu_time(command, envs[name])
            times[name]["warm"].append(warm)
            rss[name] = max(rss[name], peak, warm_peak)
    old, new = checks
    for label, key in (("check, no cache", "cold"), ("check after an edit", "warm")):
        before, after = times[old][key], times[new][key]
        print(
            f"| {count:,} | {label} | {statistics.median(before):.2f} s "
            f"| {statistics.median(after):.2f} s "
            f"| {statistics.median(after) / statistics.median(before):.3f} "
            f"| {min(after) / min(before):.3f} |"
        )
    print(f"| {count:,} | peak RSS | {rss[old]} MiB | {rss[new]} MiB | | |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", help="the mkdocs-specs command of the install to compare with")
    parser.add_argument("new", help="the mkdocs-specs command of the install measured")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="mkdocs-specs-compare-"))
    print("| N | CPU time of | old (median) | new (median) | ratio | ratio of fastest |")
    print("|---:|---|---:|---:|---:|---:|")
    try:
        for count in sorted(args.sizes):
            compare({"old": args.old, "new": args.new}, count, args.runs, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
