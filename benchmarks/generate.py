"""Generate a realistic docs site of N template-sized specs, with PRDs and ADRs they reference.

Specs are the built-in template with every placeholder filled, in varied statuses and owners;
about one in twenty is invalid in one way (missing section, unknown status, unfilled
placeholder, impossible date), as in a real repository.

    python benchmarks/generate.py 1000 /tmp/site-1000
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from importlib import resources
from pathlib import Path

STATUSES = ["Draft", "Review", "Approved", "Implemented"]
PEOPLE = [
    "Jane Doe",
    "John Roe",
    "José Álvarez",
    "Priya Raman",
    "Marcus Chen",
    "Aisha Bello",
    "Lena Fischer",
    "Tomasz Nowak",
    "Hannah Okafor",
    "Daniel Kim",
    "Sofia Lindqvist",
    "Rahul Mehta",
]
PROJECTS = ["Payments", "Identity", "Search", "Platform", "Notifications", "Billing"]
WORDS = [
    *("service", "queue", "latency", "retry", "budget", "index", "shard", "cache", "token"),
    *("schema", "migration", "rollout", "tenant", "quota", "ledger", "event", "stream"),
    *("replica", "failover", "audit", "contract", "endpoint"),
]
_PLACEHOLDER_RE = re.compile(r"\{[^{}\n]+\}")

MKDOCS_YML = """site_name: Benchmark portal
theme:
  name: material
plugins:
  - search
  - specs:
      enabled: !ENV [SPECS_ENABLED, true]
      fail_on: never
"""


def _filler(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 9)))


def make_spec(index: int, rng: random.Random, template: str, prds: int, adrs: int) -> str:
    status = rng.choice(STATUSES)
    owners = " and ".join(rng.sample(PEOPLE, rng.choice([1, 1, 2])))
    related_prd = f"PRD-{rng.randint(1, prds)}"
    related_adr = ", ".join(f"ADR-{rng.randint(1, adrs):04d}" for _ in range(2))
    fields = {
        "Project": rng.choice(PROJECTS),
        "Version": f"{rng.randint(0, 3)}.{rng.randint(0, 9)}.0",
        "Date": f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}",
        "Author": owners,
        "Status": status,
        "Related PRD": related_prd,
        "Related ADR": related_adr,
    }
    text = template.replace("{Feature/System Name}", f"Capability {index:05d}", 1)
    for name, value in fields.items():
        text = re.sub(
            rf"(\*\*{re.escape(name)}:\*\* ).*", lambda m, v=value: m.group(1) + v, text, count=1
        )
    flaw = rng.random()
    if flaw < 0.05:
        return _PLACEHOLDER_RE.sub(lambda _: _filler(rng), text).replace(
            "## Testing Strategy", "## Tests"
        )
    if flaw < 0.08:
        text = text.replace(f"**Status:** {status}", "**Status:** Shipped", 1)
    elif flaw < 0.10:
        return _PLACEHOLDER_RE.sub(lambda _: _filler(rng), text).replace(
            fields["Date"], "2026-02-30", 1
        )
    elif flaw < 0.12:
        keep = "{Timeline estimate}"
        return _PLACEHOLDER_RE.sub(
            lambda m: m.group(0) if m.group(0) == keep else _filler(rng), text
        )
    return _PLACEHOLDER_RE.sub(lambda _: _filler(rng), text)


def generate(count: int, root: Path, seed: int = 7) -> Path:
    """Write `mkdocs.yml` and `docs/` for `count` specs under `root` (replacing what is there)."""
    rng = random.Random(seed)
    template = resources.files("mkdocs_specs").joinpath("resources/spec-template.md").read_text()
    if root.exists():
        shutil.rmtree(root)
    docs = root / "docs"
    prds, adrs = max(count // 10, 1), max(count // 10, 1)
    for folder in ("specs", "prd", "adr"):
        (docs / folder).mkdir(parents=True)
    (docs / "index.md").write_text("# Benchmark portal\n", "utf-8")
    for index in range(1, count + 1):
        page = make_spec(index, rng, template, prds, adrs)
        (docs / "specs" / f"capability-{index:05d}.md").write_text(page, "utf-8")
    for index in range(1, prds + 1):
        page = f"# Requirement {index}\n\n**Status:** Approved\n\n## Problem\n\n{_filler(rng)}\n"
        (docs / "prd" / f"{index}-requirement.md").write_text(page, "utf-8")
    for index in range(1, adrs + 1):
        status = "superseded by ADR-0001" if index % 25 == 0 else "accepted"
        page = f"---\nstatus: {status}\n---\n# Decision {index}\n\n## Context\n\n{_filler(rng)}\n"
        (docs / "adr" / f"{index:04d}-decision.md").write_text(page, "utf-8")
    (root / "mkdocs.yml").write_text(MKDOCS_YML, "utf-8")
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("root", type=Path)
    args = parser.parse_args()
    generate(args.count, args.root)
    print(f"wrote {args.count} specs to {args.root}")


if __name__ == "__main__":
    main()
