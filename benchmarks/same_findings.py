"""Check that two installs of mkdocs-specs find exactly the same things: a change made for speed
must change no verdict.

Runs, under each of the two Python interpreters (each with its own install of the package):

- `benchmarks/corpora.py --json` over the real corpora, each with its own template;
- `mkdocs-specs check --no-cache --format json` of a generated site of each of --sizes specs;

and prints every finding one side has and the other has not. Exit 1 when there is any.

    python benchmarks/same_findings.py OLD_VENV/bin/python .venv/bin/python --sizes 1000
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpora import DEFAULT_CORPORA
from generate import generate

HERE = Path(__file__).resolve().parent


def corpus_findings(python: str, corpora: Path, out: Path) -> list[str]:
    """The corpora's findings under one interpreter, one JSON line each."""
    command = [python, str(HERE / "corpora.py"), str(corpora), "--json", str(out)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=_env())
    return [json.dumps(row, ensure_ascii=False) for row in json.loads(out.read_text("utf-8"))]


def site_findings(python: str, config: Path) -> list[str]:
    """`check --no-cache --format json` of the install beside `python`, one JSON line a finding
    (the whole report when it has no list of findings: then that must be the same)."""
    check = str(Path(python).parent / "mkdocs-specs")
    command = [check, "check", "-f", str(config), "--no-cache", "--format", "json"]
    result = subprocess.run(command, capture_output=True, text=True, env=_env())
    if result.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr}")
    report = json.loads(result.stdout)
    findings = report.get("findings") if isinstance(report, dict) else report
    if not isinstance(findings, list):
        return [json.dumps(report, ensure_ascii=False, sort_keys=True)]
    return sorted(json.dumps(item, ensure_ascii=False, sort_keys=True) for item in findings)


def _env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def differences(label: str, old: list[str], new: list[str]) -> int:
    """Print what only one side found; return how many findings differ."""
    only_old = Counter(old) - Counter(new)
    only_new = Counter(new) - Counter(old)
    print(f"{label}: {len(old)} findings before, {len(new)} after", end="")
    if not only_old and not only_new:
        print(", identical")
        return 0
    print(f", {sum(only_old.values())} gone, {sum(only_new.values())} new")
    for line in sorted(only_old.elements()):
        print(f"  - {line}")
    for line in sorted(only_new.elements()):
        print(f"  + {line}")
    return sum(only_old.values()) + sum(only_new.values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", help="the Python interpreter of the install to compare with")
    parser.add_argument("new", help="the Python interpreter of the install checked")
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000])
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="mkdocs-specs-same-"))
    changed = 0
    try:
        if args.corpora.is_dir():
            old = corpus_findings(args.old, args.corpora, workdir / "old.json")
            new = corpus_findings(args.new, args.corpora, workdir / "new.json")
            changed += differences("corpora", old, new)
        else:
            print(f"no corpora at {args.corpora}: skipped")
        for count in args.sizes:
            config = generate(count, workdir / f"site-{count}") / "mkdocs.yml"
            old = site_findings(args.old, config)
            new = site_findings(args.new, config)
            changed += differences(f"generated site of {count:,} specs", old, new)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
