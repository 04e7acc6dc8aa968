"""Time the structural scan and the whole parse of one template-sized spec, in microseconds.

Runs `parse.scan_outline` (outline, fields, placeholder candidates, prose lines) and
`parse.parse_document` (splitting, front matter, scan) over generated specs in-process, and
prints the best of --runs rounds per spec: CPU-bound and single-threaded, so the best round is
what the code costs when the shared machine lets it run. Run it under two interpreters to
compare two installs:

    OLD_VENV/bin/python benchmarks/scan.py && .venv/bin/python benchmarks/scan.py
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import make_spec

from mkdocs_specs.model import Kind
from mkdocs_specs.parse import parse_document, read_front_matter, scan_outline, split_lines

Item = TypeVar("Item")


def best_microseconds(work: Sequence[Item], call: Callable[[Item], object], runs: int) -> float:
    """Fastest round over `work`, per item."""
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        for item in work:
            call(item)
        best = min(best, time.process_time() - start)
    return 1e6 * best / len(work)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--specs", type=int, default=300)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(7)
    template = resources.files("mkdocs_specs").joinpath("resources/spec-template.md").read_text()
    texts = [make_spec(index, rng, template, 10, 10) for index in range(args.specs)]
    split = [split_lines(text) for text in texts]
    bodies = [(lines, read_front_matter(lines)[1]) for lines in split]
    lines_per_spec = sum(len(lines) for lines in split) / len(split)
    scan = best_microseconds(bodies, lambda body: scan_outline(*body), args.runs)
    parse = best_microseconds(
        texts, lambda text: parse_document("specs/a.md", text, Kind.SPEC), args.runs
    )
    print(f"{args.specs} specs of {lines_per_spec:.0f} lines, best of {args.runs} rounds:")
    print(f"  scan_outline    {scan:7.1f} µs per spec")
    print(f"  parse_document  {parse:7.1f} µs per spec")


if __name__ == "__main__":
    main()
