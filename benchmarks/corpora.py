"""Run the core pipeline over the real document corpora in `../shared/corpora`, read in place.

Each corpus is checked with its own template(s), exactly as a user would configure the plugin:
globs per kind and `template` / `prd_template` / `adr_template`. For each corpus it prints the
number of documents, the findings by rule and the time taken:

    python benchmarks/corpora.py [CORPORA_DIR] [--only NAME] [--show RULE] [--json FILE]

`--json FILE` also writes every finding (path, line, rule, severity, message, hint), sorted, for
`benchmarks/same_findings.py` to compare two installs by.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs_specs.catalog import Catalog, Settings, Source
from mkdocs_specs.checking import check_sources
from mkdocs_specs.model import Kind
from mkdocs_specs.parse import decode_source
from mkdocs_specs.template import Template, read_template

DEFAULT_CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
TODAY = dt.date(2026, 9, 1)
"""Fixed, so that two runs over the same corpora print the same table."""


@dataclass(frozen=True)
class Corpus:
    """One corpus as a user would configure the plugin for it (paths relative to its folder)."""

    name: str
    folder: str
    globs: dict[Kind, tuple[str, ...]]
    templates: dict[Kind, tuple[str, ...]]
    exclude: tuple[str, ...] = field(default=())
    """Globs of pages that are not documents (copies of the template, index pages): the
    `exclude` option. The template files themselves are never documents."""
    metadata_files: tuple[str, ...] = field(default=())
    """The `metadata_files` option: the files beside a page read as its front matter."""
    older: dict[Kind, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    """Earlier versions of a template that the corpus no longer ships, as (name, Markdown):
    listed before the current one, as `template: [old.md, new.md]` would list them."""


RUST_RFC_TEMPLATE_2014 = """\
- Start Date: (fill me in with today's date, YYYY-MM-DD)
- RFC PR: (leave this empty)
- Rust Issue: (leave this empty)

# Summary

# Motivation

# Detailed design

# Drawbacks

# Alternatives

# Unresolved questions
"""
"""The outline of the first Rust RFC template (2014), replaced in 2017: H1 sections, no
`Feature Name`, and `Detailed design` where the current template has the guide-level and
reference-level explanations."""


CORPORA = (
    Corpus(
        "rust-rfcs",
        "rust-rfcs",
        {Kind.SPEC: ("text/*.md",)},
        {Kind.SPEC: ("0000-template.md",)},
        older={Kind.SPEC: (("0000-template-2014.md", RUST_RFC_TEMPLATE_2014),)},
    ),
    Corpus(
        "kubernetes-keps",
        "kubernetes-keps",
        {Kind.SPEC: ("keps/**/README.md",)},
        {Kind.SPEC: ("keps/NNNN-kep-template/README.md",)},
        exclude=(
            "keps/sig-cloud-provider/providers/0000-cloud-provider-template/README.md",
            "keps/README.md",
            "keps/prod-readiness/README.md",
        ),
        metadata_files=("kep.yaml",),
    ),
    Corpus(
        "madr",
        "madr",
        {Kind.ADR: ("docs/decisions/*.md",)},
        {Kind.ADR: ("template/adr-template.md",)},
        exclude=("docs/decisions/adr-template.md",),
    ),
    Corpus(
        "jabref-adr",
        "jabref-adr",
        {Kind.ADR: ("docs/decisions/*.md",)},
        {Kind.ADR: ("../madr/template/adr-template.md",)},
        exclude=("docs/decisions/adr-template.md",),
    ),
    Corpus(
        "cometbft-adr",
        "cometbft-adr",
        {Kind.ADR: ("docs/references/architecture/**/adr-*.md",)},
        {Kind.ADR: ("docs/references/architecture/adr-template.md",)},
        exclude=("docs/references/architecture/adr-template.md",),
    ),
    Corpus(
        "advanced-repo-spine",
        "advanced-repo-spine",
        {
            Kind.SPEC: ("docs/rfc/*.md",),
            Kind.PRD: ("docs/prd/*.md",),
            Kind.ADR: ("docs/adr/*.md",),
        },
        {
            Kind.SPEC: ("docs/templates/rfc-template.md",),
            Kind.PRD: ("docs/templates/prd-template.md",),
            Kind.ADR: ("docs/templates/adr-template.md",),
        },
    ),
    Corpus(
        "hyperspot-specs",
        "hyperspot-specs",
        {
            Kind.SPEC: ("**/DESIGN.md", "**/design.md"),
            Kind.PRD: ("**/PRD.md",),
            Kind.ADR: ("**/ADR/*.md", "**/adr-*.md", "docs/adrs/**/*.md"),
        },
        {
            Kind.SPEC: ("docs/spec-templates/DESIGN.md",),
            Kind.PRD: ("docs/spec-templates/PRD.md",),
            Kind.ADR: ("docs/spec-templates/ADR.md",),
        },
        exclude=("docs/spec-templates/**",),
    ),
)


def load_template(path: Path) -> Template:
    return read_template(decode_source(path.read_bytes())[0], path.name)


def settings_for(corpus: Corpus, root: Path) -> Settings:
    folder = root / corpus.folder
    templates: dict[Kind, Sequence[Template]] = {
        kind: [read_template(text, name) for name, text in corpus.older.get(kind, ())]
        + [load_template(folder / path) for path in corpus.templates.get(kind, ())]
        for kind in Kind
    }
    globs: dict[Kind, Sequence[str]] = {kind: corpus.globs.get(kind, ()) for kind in Kind}
    template_files = frozenset(
        str((folder / path).resolve()) for paths in corpus.templates.values() for path in paths
    )
    return Settings(
        globs=globs,
        templates=templates,
        today=TODAY,
        exclude=corpus.exclude,
        template_files=template_files,
        metadata_files=corpus.metadata_files,
    )


def corpus_sources(corpus: Corpus, root: Path) -> Iterator[Source]:
    """Every Markdown file of the corpus, as MkDocs would list it (sorted; the corpus' own
    `SOURCE.md` left out)."""
    folder = (root / corpus.folder).resolve()
    for path in sorted(folder.rglob("*.md")):
        src_path = path.relative_to(folder).as_posix()
        if src_path != "SOURCE.md":
            yield Source(src_path, f"{corpus.folder}/{src_path}", path.read_bytes, str(path))


@dataclass
class Result:
    corpus: Corpus
    catalog: Catalog
    seconds: float

    @property
    def by_rule(self) -> Counter[str]:
        return Counter(f.rule for doc in self.catalog.documents for f in doc.findings)


def run(corpus: Corpus, root: Path) -> Result:
    settings = settings_for(corpus, root)
    start = time.perf_counter()
    catalog = check_sources(corpus_sources(corpus, root), settings)
    return Result(corpus, catalog, time.perf_counter() - start)


def print_table(result: Result) -> None:
    docs = result.catalog.documents
    kinds = Counter(doc.kind.value for doc in docs)
    described = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
    total = sum(result.by_rule.values())
    print(
        f"\n{result.corpus.name}: {len(docs)} documents ({described}), {total} findings, "
        f"{result.seconds:.2f} s ({1000 * result.seconds / max(len(docs), 1):.1f} ms/doc)"
    )
    if not total:
        return
    print("| rule | findings | documents |")
    print("|---|---:|---:|")
    per_doc = Counter(rule for doc in docs for rule in {f.rule for f in doc.findings})
    for rule, count in sorted(result.by_rule.items(), key=lambda item: (-item[1], item[0])):
        print(f"| `{rule}` | {count} | {per_doc[rule]} |")
    versions = Counter(doc.template_name for doc in docs if doc.template_name)
    if versions:
        print("versions: " + ", ".join(f"{n} {name}" for name, n in sorted(versions.items())))


Row = tuple[str, int, str, str, str, str | None]


def finding_rows(result: Result) -> list[Row]:
    """Every finding of a corpus as a plain row: what must not change when only speed does."""
    return [
        (f.path, f.line, f.rule, f.severity.value, f.message, f.hint)
        for doc in result.catalog.documents
        for f in doc.findings
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpora", nargs="?", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--only", help="run one corpus")
    parser.add_argument("--show", metavar="RULE", help="print every finding of this rule")
    parser.add_argument("--json", metavar="FILE", type=Path, help="write every finding here")
    args = parser.parse_args(argv)
    if not args.corpora.is_dir():
        print(f"no corpora at {args.corpora}", file=sys.stderr)
        return 2
    rows: list[Row] = []
    for corpus in CORPORA:
        if args.only and corpus.name != args.only:
            continue
        result = run(corpus, args.corpora)
        print_table(result)
        rows.extend(finding_rows(result))
        if args.show:
            for doc in result.catalog.documents:
                for finding in doc.findings:
                    if finding.rule == args.show:
                        print(f"  {finding.path}:{finding.line}: {finding.describe()}")
    if args.json is not None:
        rows.sort(key=lambda row: (*row[:5], row[5] or ""))
        lines = ",\n".join(json.dumps(row, ensure_ascii=False) for row in rows)
        args.json.write_text(f"[\n{lines}\n]\n", "utf-8")  # a finding a line: diffs read well
    return 0


if __name__ == "__main__":
    sys.exit(main())
