"""Findings and documents turned into text for people and data for machines.

Every output format is a separate printer over the same findings (a `CheckResult`), so adding
one touches only this module.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from operator import attrgetter
from urllib.parse import quote
from xml.etree import ElementTree

from .catalog import Catalog, severity_counts
from .draft import DRAFT_STATUS
from .model import Document, Finding, Kind, Severity
from .render_cache import RenderCache
from .rule_docs import INDEX_URL, rule_page, rule_url
from .rules import RULES, Rule

EXPORT_VERSION = 1


# What a terminal or a log reader would act on rather than show: C0 and C1 controls (ESC starts
# escape sequences, CR/LF/VT/FF/FS-RS and NEL end lines), DEL, the Unicode line and paragraph
# separators, the bidirectional controls (text that reads in another order than it is stored,
# so that a line would lie about what it says), lone surrogates (undecodable bytes of a file
# name, which no UTF-8 stream can carry) and the two noncharacters XML cannot carry.
_UNPRINTABLE_RE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` as one inert line: what a document says (a value, a file name) cannot end the
    line, start a CI workflow command on a line of its own, drive a terminal with escape
    sequences or reorder what is shown. Those characters are written as escapes (`\\n`,
    `\\x1b`, `\\u202e`), so the reader still sees that they are there."""
    return _UNPRINTABLE_RE.sub(_escape, text)


def finding_line(finding: Finding, path: str | None = None) -> str:
    """`docs/specs/a.md:12: missing-section: message (hint: …)`, clickable in editors and CI;
    one line whatever the document holds (see `printable`)."""
    where = f"{path or finding.path}:{finding.line}"
    version = f" [template {finding.template}]" if finding.template else ""
    return printable(f"{where}: {finding.rule}: {finding.describe()}{version}")


def is_draft(doc: Document) -> bool:
    """Whether `doc` gets the Draft relaxation: its status, in its Document Information or
    else its front matter, is `Draft` in any case (whatever its kind), as `SeverityPolicy`
    decides it."""
    status = doc.value("status")
    return status is not None and status.value.strip().lower() == DRAFT_STATUS.lower()


def log_lines(documents: Iterable[Document]) -> Iterator[tuple[Severity, str]]:
    """What the build logs of each document: every error and warning on a line of its own,
    and a Draft's info findings counted on one line. A fresh draft has one per unfilled
    section, field and placeholder (155 for the built-in spec template), all expected while
    it is written: listed one by one they bury the findings that fail the build."""
    for doc in documents:
        info = sum(finding.severity is Severity.INFO for finding in doc.findings)
        folded = info > 1 and is_draft(doc)
        for finding in doc.findings:
            if not (folded and finding.severity is Severity.INFO):
                yield finding.severity, finding_line(finding)
        if folded:
            yield Severity.INFO, printable(
                f"{doc.display_path}: {info} info findings (Draft); "
                "see the page or mkdocs-specs check"
            )


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def summary_line(documents: Sequence[Document]) -> str:
    """One line that says what was checked and what was found."""
    kinds = Counter(map(attrgetter("kind"), documents))  # in C: one pass over 12,000 pages
    counted = [
        plural(kinds[kind], kind.value if kind is Kind.SPEC else kind.value.upper())
        for kind in Kind
    ]
    counts = severity_counts(f for doc in documents for f in doc.findings)
    found = (
        f"{plural(counts[Severity.ERROR], 'error')}, "
        f"{plural(counts[Severity.WARNING], 'warning')}, {counts[Severity.INFO]} info"
    )
    return f"checked {', '.join(counted)}: {found}"


def reaches(findings: Iterable[Finding], threshold: Severity | None) -> list[Finding]:
    """The findings at or above `threshold` (`None`: nothing ever fails)."""
    if threshold is None:
        return []
    return [f for f in findings if f.severity.rank >= threshold.rank]


def document_record(
    doc: Document,
    url: Callable[[str], str | None],
    date: str | None = None,
    findings: Sequence[Finding] | None = None,
) -> dict[str, object]:
    """One entry of the export's `documents` array (the schema of PRODUCT.md); `date` is the
    one the portal shows, when the caller knows it (it depends on the templates); `findings`
    those of the document to list, when not all of them."""
    return {
        "kind": doc.kind.value,
        "id": doc.id,
        "title": doc.display_title,
        "src_path": doc.src_path,
        "url": url(doc.src_path),
        "status": doc.status,
        "project": _field_value(doc, "project"),
        "version": _field_value(doc, "version"),
        "date": date if date is not None else _field_value(doc, "date"),
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
                # A finding in a file the page includes names it; `line` is that file's.
                **({"path": f.path} if f.path != doc.display_path else {}),
            }
            for f in (doc.findings if findings is None else findings)
        ],
    }


def _field_value(doc: Document, key: str) -> str | None:
    value = doc.value(key)
    return value.value if value is not None and value.value.strip() else None


def export_json(
    catalog: Catalog,
    url: Callable[[str], str | None],
    cache: RenderCache | None = None,
    date: Callable[[Document], str | None] | None = None,
) -> str:
    """The `specs.json` document: stable key order and sorting, so two builds are byte-identical.

    One document per line: readable in a diff, and written by the C encoder (`indent` would
    switch `json` to its pure-Python encoder, seconds on a large site). With a `cache`, a line
    is encoded again only when its document changed. `date` gives each document's date as the
    portal shows it.
    """
    cache = cache or RenderCache()

    def line(doc: Document) -> str:
        shown = date(doc) if date is not None else None
        return cache.get(
            ("export", doc.view(), url(doc.src_path), shown),
            lambda: json.dumps(document_record(doc, url, shown), ensure_ascii=False),
        )

    documents = ",\n".join(line(doc) for doc in catalog.documents)
    return f'{{"version": {EXPORT_VERSION}, "documents": [\n{documents}\n]}}\n'


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What `mkdocs-specs check` reports: the selected documents and where readers find them."""

    documents: Sequence[Document]
    paths: Mapping[str, str] = field(default_factory=dict)
    """The path to print per `src_path`, relative to where the command runs, so that editors and
    CI annotate the right file; documents missing here are named by their `display_path`."""
    urls: Mapping[str, str] = field(default_factory=dict)
    """Site URL per `src_path`, for the `json` format."""
    dates: Mapping[str, str | None] = field(default_factory=dict)
    """The date the portal shows per `src_path`, for the `json` format (as in `specs.json`)."""
    root_uri: str | None = None
    """`file://` URI of the folder the printed paths are relative to (SARIF's `%SRCROOT%`)."""
    elsewhere: Mapping[str, str] = field(default_factory=dict)
    """The path to print per file a finding is in besides its document's own (a file it
    includes), by that file's path relative to the project; missing ones print as they are."""
    min_severity: Severity = Severity.INFO
    """The least severe finding to print; the summary still counts every one."""
    strict: bool = False
    """Warnings fail the run, as in `mkdocs build --strict`: the text summary says so."""

    def path(self, doc: Document) -> str:
        return self.paths.get(doc.src_path, doc.display_path)

    def shown(self, doc: Document) -> list[Finding]:
        """The findings of `doc` to print."""
        return [f for f in doc.findings if f.severity.rank >= self.min_severity.rank]

    def findings(self) -> Iterator[tuple[str, Finding]]:
        """Every finding to print with the path to print for it, in document and line order."""
        for doc in self.documents:
            if not doc.findings:  # most documents of a site
                continue
            path = self.path(doc)
            for finding in self.shown(doc):
                if finding.path == doc.display_path:
                    yield path, finding
                else:
                    yield self.elsewhere.get(finding.path, finding.path), finding


_ANSI = {
    Severity.ERROR: "\033[1;31m",
    Severity.WARNING: "\033[33m",
    Severity.INFO: "\033[36m",
}
_BOLD, _RESET = "\033[1m", "\033[0m"


def text_report(result: CheckResult, *, colour: bool = False, quiet: bool = False) -> str:
    """The build log's finding lines, each led by its severity, then the summary line (alone
    when `quiet`)."""
    width = max(len(severity.value) for severity in _ANSI)
    lines = []
    for path, finding in () if quiet else result.findings():
        label = finding.severity.value.upper().ljust(width)
        if colour:
            label = f"{_ANSI[finding.severity]}{label}{_RESET}"
        lines.append(f"{label} {finding_line(finding, path)}")
    summary = summary_line(result.documents)
    if result.strict:
        summary += "; strict: warnings fail too"
    lines.append(f"{_BOLD}{summary}{_RESET}" if colour else summary)
    return "\n".join(lines) + "\n"


def json_report(result: CheckResult) -> str:
    """The export's `documents` array, restricted to the selected documents."""
    records = ",\n".join(
        json.dumps(
            document_record(
                doc, result.urls.get, result.dates.get(doc.src_path), result.shown(doc)
            ),
            ensure_ascii=False,
        )
        for doc in result.documents
    )
    return f"[\n{records}\n]\n" if records else "[]\n"


_GITHUB_COMMANDS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "notice",
}


def _github_data(text: str) -> str:
    """A workflow command's message: `%`, CR and LF escaped as the runner expects (it shows
    them as line breaks in the annotation), every other character that could end the line or
    reach the log viewer's terminal emulation written out by `printable`."""
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def github_report(result: CheckResult) -> str:
    """GitHub Actions workflow commands: each finding becomes an annotation on its line."""
    lines = [
        f"::{_GITHUB_COMMANDS[finding.severity]} file={_github_property(path)},"
        f"line={finding.line},title={_github_property(finding.rule)}::"
        f"{_github_data(finding.describe())}"
        for path, finding in result.findings()
    ]
    return "".join(line + "\n" for line in lines)


# Characters XML 1.0 cannot carry at all, even escaped: a page's stray control byte must not
# make the whole report unreadable to the CI that parses it.
_NOT_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(text: str) -> str:
    """A replacement character for what XML cannot carry; the rest made `printable`, since the
    report is read in terminals and CI logs too."""
    return printable(_NOT_XML_RE.sub("\ufffd", text))


def junit_report(result: CheckResult) -> str:
    """A JUnit XML report: one test case per document, one failure per error or warning."""
    failing = (Severity.ERROR, Severity.WARNING)
    failures = sum(f.severity in failing for _, f in result.findings())
    summary = {
        "name": "mkdocs-specs",
        "tests": str(len(result.documents)),
        "failures": str(failures),
        "errors": "0",
        "skipped": "0",
    }
    root = ElementTree.Element("testsuites", summary)
    suite = ElementTree.SubElement(root, "testsuite", summary)
    for doc in result.documents:
        path = _xml_text(result.path(doc))
        case = ElementTree.SubElement(
            suite, "testcase", name=path, classname=f"mkdocs-specs.{doc.kind.value}", file=path
        )
        notes = []
        for finding in result.shown(doc):
            line = f"{finding.severity.value}: {finding_line(finding, path)}"
            if finding.severity in failing:
                failure = ElementTree.SubElement(
                    case, "failure", message=_xml_text(finding.describe()), type=finding.rule
                )
                failure.text = line
            else:
                notes.append(line)
        if notes:
            ElementTree.SubElement(case, "system-out").text = "\n".join(notes)
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, "unicode") + "\n"


SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/mkdocs-specs/"
_SARIF_LEVELS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "note",
    Severity.OFF: "none",
}


def tool_version() -> str:
    try:
        return metadata.version("mkdocs-specs")
    except metadata.PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"


def _sarif_rule(rule: Rule) -> dict[str, object]:
    """A rule as SARIF describes it: what code scanning shows next to each of its results. Its
    help is the rule's page (GitHub shows `help.markdown`), which `helpUri` links to."""
    summary = rule.summary[:1].upper() + rule.summary[1:]
    return {
        "id": rule.id,
        "name": "".join(word.capitalize() for word in rule.id.split("-")),  # MissingSection
        "shortDescription": {"text": summary},
        "fullDescription": {"text": rule.why},
        "helpUri": rule_url(rule.id),
        "help": {
            "text": f"{summary}. {rule.why} See {rule_url(rule.id)}",
            "markdown": rule_page(rule, index=INDEX_URL, reports=False),
        },
        "defaultConfiguration": {"level": _SARIF_LEVELS[rule.severity]},
    }


def sarif_report(result: CheckResult) -> str:
    """A SARIF 2.1.0 log (GitHub code scanning, GitLab, IDE viewers): rules described from the
    registry, results located by a path relative to `%SRCROOT%` and a start line."""
    rules = list(RULES.values())
    rule_index = {rule.id: index for index, rule in enumerate(rules)}
    results = []
    for path, finding in result.findings():
        entry: dict[str, object] = {"ruleId": finding.rule}
        if finding.rule in rule_index:
            entry["ruleIndex"] = rule_index[finding.rule]
        entry["level"] = _SARIF_LEVELS[finding.severity]
        entry["message"] = {"text": finding.describe()}
        entry["locations"] = [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": quote(path), "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": finding.line},
                }
            }
        ]
        results.append(entry)
    run: dict[str, object] = {
        "tool": {
            "driver": {
                "name": "mkdocs-specs",
                "informationUri": INFORMATION_URI,
                "version": tool_version(),
                "rules": [_sarif_rule(rule) for rule in rules],
            }
        },
    }
    if result.root_uri is not None:
        run["originalUriBaseIds"] = {"%SRCROOT%": {"uri": result.root_uri}}
    run["results"] = results
    payload = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


MACHINE_FORMATS: dict[str, Callable[[CheckResult], str]] = {
    "json": json_report,
    "github": github_report,
    "junit": junit_report,
    "sarif": sarif_report,
}
"""Printers whose output is meant for a program: they print nothing else, and never colour."""
