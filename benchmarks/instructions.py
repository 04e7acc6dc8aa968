"""Count the machine instructions one template-sized spec costs, stage by stage: a measure that
does not swing with the load of a shared machine, as wall and CPU times do (30 % here).

Runs itself under `valgrind --tool=callgrind` (Debian's `valgrind` package) once per stage with
one spec and once with --specs + 1, and prints the difference per spec, for:

- `parse`: `parse.parse_document`;
- `rules`: that and `rules.check_document` against the built-in template;
- `page`: `catalog.check_page`, what a worker does for each page once it has read it;

and, with --floor, what any reader of the page written in Python pays, whatever its design:

- `split`: `parse.split_lines`, the page cut into lines;
- `touch`: that, and a loop over the lines that tests the first character of each;
- `regex`: one pass of a regular expression over the whole text (the placeholder pattern).

Run it under two interpreters to compare two installs (the hash seed is fixed, so that runs
compare):

    OLD_VENV/bin/python benchmarks/instructions.py && .venv/bin/python benchmarks/instructions.py
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import make_spec

STAGES = ("parse", "rules", "page")
FLOOR = ("split", "touch", "regex")
_COLLECTED_RE = re.compile(r"Collected : (\d+)")


def run_stage(stage: str, count: int, made: int) -> None:
    """The work counted: `count` generated specs through `stage`, after one that warms caches.
    `made` specs are generated whatever `count` is, so that the difference of two runs is the
    stage's work alone."""
    from mkdocs_specs.catalog import Settings, Source, check_page
    from mkdocs_specs.model import Kind
    from mkdocs_specs.parse import _PLACEHOLDER_RE, _PLAIN_START, parse_document, split_lines
    from mkdocs_specs.rules import Context, check_document
    from mkdocs_specs.template import default_template

    rng = random.Random(7)
    text = resources.files("mkdocs_specs").joinpath("resources/spec-template.md").read_text()
    texts = [make_spec(index, rng, text, 10, 10) for index in range(made + 1)][: count + 1]
    template = default_template()
    settings = Settings(globs={Kind.SPEC: ["specs/*.md"]}, templates={Kind.SPEC: [template]})
    context = Context()
    for index, page in enumerate(texts):
        if stage == "parse":
            parse_document("specs/a.md", page, Kind.SPEC)
        elif stage == "split":
            split_lines(page)
        elif stage == "touch":
            for raw in split_lines(page):
                if raw and raw[0] in _PLAIN_START:
                    continue
        elif stage == "regex":
            _PLACEHOLDER_RE.findall(page)
        elif stage == "rules":
            check_document(parse_document("specs/a.md", page, Kind.SPEC), template, context)
        else:
            source = Source(f"specs/{index}.md", f"docs/specs/{index}.md", lambda: b"")
            check_page(source, page, Kind.SPEC, settings)


def instructions(stage: str, count: int, made: int) -> int:
    command = [
        "valgrind",
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        __file__,
        "--stage",
        stage,
        "--specs",
        str(count),
        "--made",
        str(made),
    ]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    found = _COLLECTED_RE.search(done.stderr)
    if found is None:
        raise SystemExit(f"valgrind printed no count:\n{done.stderr}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--specs", type=int, default=100)
    parser.add_argument("--floor", action="store_true", help="count the floor stages too")
    parser.add_argument("--stage", choices=STAGES + FLOOR, help=argparse.SUPPRESS)
    parser.add_argument("--made", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stage is not None:
        run_stage(args.stage, args.specs, args.made)
        return
    print(f"{sys.prefix}: instructions per template-sized spec ({args.specs} specs)")
    for stage in STAGES + FLOOR if args.floor else STAGES:
        counted = instructions(stage, args.specs, args.specs)
        per_spec = (counted - instructions(stage, 0, args.specs)) / args.specs
        print(f"  {stage:6} {per_spec / 1000:8,.0f}k")


if __name__ == "__main__":
    main()
