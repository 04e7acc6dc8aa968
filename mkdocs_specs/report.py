"""Findings and documents turned into text for people and data for machines.

Every output format is a separate printer over the same catalog, so adding one touches only
this module.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

from .catalog import Catalog, severity_counts
from .model import Document, Finding, Kind, Severity

EXPORT_VERSION = 1


def finding_line(finding: Finding, path: str | None = None) -> str:
    """`docs/specs/a.md:12: missing-section: message (hint: …)`, clickable in editors and CI."""
    where = f"{path or finding.path}:{finding.line}"
    version = f" [template {finding.template}]" if finding.template else ""
    return f"{where}: {finding.rule}: {finding.describe()}{version}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def summary_line(catalog: Catalog) -> str:
    """One line that says what was checked and what was found."""
    kinds = Kind.__members__.values()
    counted = [
        _plural(len(catalog.of_kind(kind)), kind.value if kind is Kind.SPEC else kind.value.upper())
        for kind in kinds
    ]
    counts = severity_counts(f for doc in catalog.documents for f in doc.findings)
    found = (
        f"{_plural(counts[Severity.ERROR], 'error')}, "
        f"{_plural(counts[Severity.WARNING], 'warning')}, {counts[Severity.INFO]} info"
    )
    return f"checked {', '.join(counted)}: {found}"


def reaches(findings: Iterable[Finding], threshold: Severity | None) -> list[Finding]:
    """The findings at or above `threshold` (`None`: nothing ever fails)."""
    if threshold is None:
        return []
    return [f for f in findings if f.severity.rank >= threshold.rank]


def document_record(doc: Document, url: Callable[[str], str | None]) -> dict[str, object]:
    """One entry of the export's `documents` array (the schema of PRODUCT.md)."""
    return {
        "kind": doc.kind.value,
        "id": doc.id,
        "title": doc.display_title,
        "src_path": doc.src_path,
        "url": url(doc.src_path),
        "status": doc.status,
        "project": _field_value(doc, "project"),
        "version": _field_value(doc, "version"),
        "date": _field_value(doc, "date"),
        "owners": list(doc.owners),
        "template": doc.template_name,
        "related": [
            {
                "kind": ref.kind.value,
                "target": ref.target,
                "resolved": ref.resolved_path is not None,
                "src_path": ref.resolved_path,
                "external": ref.external,
            }
            for ref in doc.references
        ],
        "referenced_by": list(doc.referenced_by),
        "findings": [
            {
                "rule": f.rule,
                "severity": f.severity.value,
                "line": f.line,
                "message": f.message,
                "hint": f.hint,
            }
            for f in doc.findings
        ],
    }


def _field_value(doc: Document, key: str) -> str | None:
    value = doc.value(key)
    return value.value if value is not None and value.value.strip() else None


def export_json(catalog: Catalog, url: Callable[[str], str | None]) -> str:
    """The `specs.json` document: stable key order and sorting, so two builds are byte-identical."""
    payload = {
        "version": EXPORT_VERSION,
        "documents": [document_record(doc, url) for doc in catalog.documents],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
