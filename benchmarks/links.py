"""Time the whole check (parse, judge, link) of a generated portal, and the linking alone.

    python benchmarks/links.py [--specs 1000] [--references 3]

Each spec names `--references` documents: a PRD by id, an ADR by relative link and an ADR by
zero-padded id, in turn; one reference in ten points nowhere, so did-you-mean hints are part of
the cost. Doubling `--specs` should roughly double both times: linking is linear.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from factory import spec

from mkdocs_specs.catalog import Catalog, Settings, Source
from mkdocs_specs.checking import check_sources
from mkdocs_specs.model import Kind
from mkdocs_specs.template import default_template


def sources(specs: int, references: int) -> list[Source]:
    prds, adrs = max(specs // 10, 1), max(specs // 4, 1)
    pages: dict[str, str] = {}
    for n in range(1, prds + 1):
        pages[f"prd/{n:04d}-product-{n}.md"] = f"# Product {n}\n\n**Status:** Approved\n"
    for n in range(1, adrs + 1):
        status = "Superseded by ADR-0001" if n % 50 == 0 else "Accepted"
        pages[f"adr/{n:04d}-decision-{n}.md"] = f"# Decision {n}\n\n## Status\n\n{status}\n"
    for n in range(specs):
        prd_refs, adr_refs = [], []
        for r in range(references):
            target = (n * references + r) % adrs + 1
            if (n * references + r) % 10 == 9:
                adr_refs.append(f"ADR-{target + adrs:04d}")  # resolves nowhere
            elif r % 3 == 0:
                prd_refs.append(f"PRD-{target % prds + 1}")
            elif r % 3 == 1:
                adr_refs.append(f"[Decision {target}](../adr/{target:04d}-decision-{target}.md)")
            else:
                adr_refs.append(f"ADR-{target:04d}")
        pages[f"specs/spec-{n:05d}.md"] = spec(
            f"Spec {n}",
            date=dt.date.today().isoformat(),
            related_prd=", ".join(prd_refs) or "N/A",
            related_adr=", ".join(adr_refs) or "N/A",
        )
    return [Source(path, f"docs/{path}", text.encode) for path, text in pages.items()]


def _time_linking(catalog: Catalog) -> float:
    """Ids, indexes, resolution, hints and backlinks, from scratch."""
    gc.collect()
    start = time.perf_counter()
    Catalog(catalog.documents).link()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--specs", type=int, default=1000)
    parser.add_argument("--references", type=int, default=3)
    args = parser.parse_args()
    settings = Settings(
        globs={Kind.SPEC: ["specs/**/*.md"], Kind.PRD: ["prd/**/*.md"], Kind.ADR: ["adr/**/*.md"]},
        templates={Kind.SPEC: [default_template()]},
        today=dt.date.today(),
    )
    pages = sources(args.specs, args.references)
    start = time.perf_counter()
    catalog = check_sources(pages, settings)
    total = time.perf_counter() - start
    linking = min(_time_linking(catalog) for _ in range(5))  # best of 5: a busy machine is noisy
    references = sum(len(doc.references) for doc in catalog.documents)
    unresolved = sum(
        f.rule == "unresolved-reference" for doc in catalog.documents for f in doc.findings
    )
    print(
        f"{args.specs} specs x {args.references} references ({len(pages)} pages, "
        f"{references} references, {unresolved} unresolved): "
        f"check_sources {total:.2f} s, linking alone (best of 5) {linking * 1000:.1f} ms "
        f"({linking / max(references, 1) * 1e6:.1f} µs per reference)"
    )


if __name__ == "__main__":
    main()
