"""All documents of one run: judging each page, ids, references, backlinks and cross-document rules.

`check_page` turns one source into a judged `Document`; `Catalog` joins them, resolves references
through indexes (one dictionary look-up per reference, never a scan of all documents) and applies
the severity policy to every finding in one place. The plugin and the command line both reach
`build_catalog` through `checking.check_sources`, which is why they always agree.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .baseline import Baseline
from .discovery import SPECS_KIND_KEY, Classifier, declared_kind
from .matching import assign_fields
from .model import Document, Field, Finding, Kind, Severity
from .parse import decode_source, parse_document, read_front_matter, split_lines
from .references import ReferenceIndex, document_id, parse_references, read_status
from .rules import (
    Context,
    SeverityPolicy,
    canonical_choice,
    check_document,
    keeps_front_matter_sample,
    parse_problem_findings,
    split_owners,
)
from .template import FieldType, Template


@dataclass(frozen=True, slots=True)
class Settings:
    """The part of the configuration the core needs; built by the plugin and by the CLI alike."""

    globs: dict[Kind, Sequence[str]]
    templates: dict[Kind, Sequence[Template]]
    required_depth: int = 2
    overrides: dict[str, Severity] = field(default_factory=dict)
    today: dt.date | None = None
    baseline: Baseline | None = None
    """Findings accepted when the rules were adopted: reported as info (see `baseline.py`)."""
    created: Mapping[str, dt.date] = field(default_factory=dict)
    """Each page's first commit, when `template_history` is on (see `history.py`)."""

    def cache_key(self) -> object:
        """What a checked page depends on besides its own content (the globs decide its kind)."""
        templates = tuple((kind, tuple(found)) for kind, found in sorted(self.templates.items()))
        globs = tuple((kind, tuple(found)) for kind, found in sorted(self.globs.items()))
        created = tuple(sorted(self.created.items()))
        return (templates, globs, self.required_depth, self.today, created)

    @property
    def context(self) -> Context:
        return Context(
            required_depth=self.required_depth, today=self.today, created=self.created
        )


@dataclass(frozen=True, slots=True)
class Source:
    """One page as MkDocs sees it: its `src_uri`, the path to show in messages, and its bytes."""

    src_path: str
    display_path: str
    load: Callable[[], bytes | str]
    disk_path: str | None = None
    """The file the bytes come from, when they come from one: its modification time and size
    tell a cache that it is unchanged without reading it."""


Checked = tuple[Document, list[Finding]]
"""A judged page and its findings, before the catalog links it with the others."""


def document_kind(source: Source, classifier: Classifier) -> tuple[Kind | None, bytes | str | None]:
    """The page's kind from the globs, overridden by its own `specs_kind`; the bytes if read."""
    kind = classifier.kind_of(source.src_path)
    data = source.load()
    head = data[:4096] if isinstance(data, str) else data[:4096].decode("utf-8", "replace")
    if SPECS_KIND_KEY not in head:
        return kind, data
    text = data if isinstance(data, str) else decode_source(data)[0]
    front_matter, _, _ = read_front_matter(split_lines(text))
    if SPECS_KIND_KEY in front_matter:
        declared = declared_kind(front_matter[SPECS_KIND_KEY])
        if declared is not False:
            return declared, data  # type: ignore[return-value]
    return kind, data


def check_page(source: Source, data: bytes | str, kind: Kind, settings: Settings) -> Checked:
    """Parse one page and run the single-document rules against its best-matching template."""
    if isinstance(data, bytes):
        text, bad_line = decode_source(data)
    else:
        text, bad_line = data, None
    doc = parse_document(source.src_path, text, kind)
    doc.display_path = source.display_path
    if bad_line is not None:
        doc.parse_problems.append(
            (
                bad_line,
                "front-matter" if bad_line <= doc.front_matter_end else "encoding",
                "the file is not valid UTF-8; undecodable bytes were replaced",
            )
        )
    templates = settings.templates.get(kind, ())
    findings: list[Finding] = []
    if templates:
        best: tuple[tuple[int, int, int], Template, list[Finding]] | None = None
        for template in templates:
            candidate = check_document(doc, template, settings.context)
            # Fewest findings, then fewest errors; a tie goes to the later (newer) version.
            score = (
                len(candidate),
                sum(f.severity is Severity.ERROR for f in candidate),
                sum(f.severity is Severity.WARNING for f in candidate),
            )
            if best is None or score <= best[0]:
                best = (score, template, candidate)
        assert best is not None
        _, template, findings = best
        if len(templates) > 1:
            assign_fields(doc, template)  # the last version checked may not be the winner
            findings = [_with_template(f, template.name) for f in findings]
            doc.template_name = template.name
        _describe(doc, template)
    else:
        _describe_untemplated(doc)
        findings = parse_problem_findings(doc)
    doc.id = document_id(doc)
    doc.drop_outline()
    return doc, findings


def _with_template(finding: Finding, name: str) -> Finding:
    return Finding(
        finding.rule,
        finding.severity,
        finding.path,
        finding.line,
        finding.message,
        finding.hint,
        name,
    )


def _describe(doc: Document, template: Template) -> None:
    """Derive the portal's view of a document: title, status, owners, references."""
    front_title = doc.front_matter.get("title")
    if (
        isinstance(front_title, str)
        and front_title.strip()
        and not keeps_front_matter_sample(template, "title", front_title)
    ):
        doc.display_title = front_title.strip()
    elif doc.title and template.title_pattern is not None:
        match = template.title_pattern.fullmatch(doc.title)
        captured = match.group("title").strip() if match and match.group("title") else ""
        doc.display_title = captured or doc.title
    else:
        doc.display_title = doc.title or _title_from_path(doc.src_path)
    status = read_status(doc)
    if status is not None:
        doc.status = canonical_choice(template.statuses, status) or status
    for item in template.fields:
        value = doc.value(item.key)
        if value is None:
            continue
        if item.type is FieldType.OWNERS and not doc.owners:
            doc.owners = _owners(value, item.placeholder)
        elif (
            item.type is FieldType.REFERENCE
            and item.reference_kind is not None
            and value.value.strip().lower() != item.placeholder.strip().lower()
        ):
            doc.references.extend(
                parse_references(value, item.reference_kind, template.placeholders)
            )


def _describe_untemplated(doc: Document) -> None:
    """PRDs and ADRs without a template: read what the common formats agree on."""
    merged: dict[str, Field] = {}
    for block in doc.field_blocks.values():
        for key, item in block.items():
            merged.setdefault(key, item)
    doc.fields = merged
    front_title = doc.front_matter.get("title")
    doc.display_title = (
        front_title.strip()
        if isinstance(front_title, str) and front_title.strip()
        else doc.title or _title_from_path(doc.src_path)
    )
    doc.status = read_status(doc)
    for key in ("author", "authors", "owner", "owners", "decision makers", "deciders"):
        value = doc.value(key)
        if value is not None and value.value.strip():
            doc.owners = _owners(value, "")
            break


def _owners(value: Field, placeholder: str) -> list[str]:
    if value.value.strip().lower() == placeholder.strip().lower():
        return []
    return list(dict.fromkeys(split_owners(value.value)))


def _title_from_path(src_path: str) -> str:
    stem = posixpath.splitext(posixpath.basename(src_path))[0]
    return stem.replace("-", " ").replace("_", " ").strip().capitalize() or src_path


class Catalog:
    """The judged documents of one run, their links in both directions, and the final findings."""

    def __init__(self, documents: Iterable[Document]) -> None:
        self.documents = sorted(documents, key=lambda d: d.src_path)
        self.references = ReferenceIndex(self.documents)
        self.by_path = self.references.by_path

    def of_kind(self, kind: Kind) -> list[Document]:
        return list(self.references.by_kind[kind])

    def link(self) -> list[Finding]:
        """Resolve every reference, record backlinks, and return the cross-document findings."""
        findings: list[Finding] = []
        backlinks: dict[str, set[str]] = defaultdict(set)
        for doc in self.documents:
            for reference in doc.references:
                reference.resolved_path = None
                if reference.external:
                    continue
                found = self.references.locate(doc, reference)
                if found is None or found.kind is not reference.kind:
                    findings.append(self.references.unresolved(doc, reference, found))
                    continue
                reference.resolved_path = found.src_path
                backlinks[found.src_path].add(doc.src_path)
                inactive = self.references.inactive(doc, reference, found)
                if inactive is not None:
                    findings.append(inactive)
        for doc in self.documents:
            doc.referenced_by = sorted(backlinks.get(doc.src_path, ()))
        findings.extend(self.references.duplicates())
        return findings


def apply_policy(
    doc: Document, findings: Iterable[Finding], policy: SeverityPolicy
) -> list[Finding]:
    """Final severities for one document's findings; `off` ones are dropped."""
    ignored = doc.front_matter.get("specs_ignore") or []
    if isinstance(ignored, str):
        ignored = [ignored]
    ignored_set = (
        frozenset(str(rule) for rule in ignored) if isinstance(ignored, list) else frozenset()
    )
    judged = []
    for finding in findings:
        severity = policy.apply(finding, doc, ignored_set)
        if severity is not Severity.OFF:
            judged.append(_with_severity(finding, severity))
    judged.sort(key=lambda f: (f.line, f.rule))
    return judged


def _with_severity(finding: Finding, severity: Severity) -> Finding:
    if finding.severity is severity:
        return finding
    return Finding(
        finding.rule,
        severity,
        finding.path,
        finding.line,
        finding.message,
        finding.hint,
        finding.template,
    )


def build_catalog(checked: Iterable[Checked], settings: Settings) -> Catalog:
    """Join checked pages into a catalog and settle every finding's severity."""
    pairs = list(checked)
    catalog = Catalog(doc for doc, _ in pairs)
    per_doc: dict[str, list[Finding]] = {doc.display_path: list(found) for doc, found in pairs}
    for finding in catalog.link():
        per_doc[finding.path].append(finding)
    policy = SeverityPolicy(settings.overrides)
    for doc in catalog.documents:
        doc.findings = apply_policy(doc, per_doc[doc.display_path], policy)
        if settings.baseline is not None:
            doc.findings = settings.baseline.apply(doc.findings)
    return catalog


def severity_counts(findings: Iterable[Finding]) -> Counter[Severity]:
    return Counter(f.severity for f in findings)
