"""The rules' documentation as Markdown, written from the registry so that it cannot drift.

The documentation site builds a page per rule from `rule_page` and the list of rules from
`rules_index` (`docs_hooks/rule_pages.py`); `mkdocs-specs rule ID` prints the same page in the
terminal. The rules' texts are the project's own, never a document's, so nothing here is
escaped but the table cells and the fences around the examples.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from .catalog import Settings, Source
from .checking import check_sources
from .model import Finding, Kind, Severity
from .rules import DOCS_URL, DRAFT_RELAXED, EXAMPLE_TEMPLATE, Page, Rule
from .template import read_template

INDEX_PAGE = "index.md"
INDEX_URL = f"{DOCS_URL}rules/"
"""The published list of rules: where a rule page printed outside the site links to."""
_BACKTICKS_RE = re.compile(r"`{3,}")
_SEVERITY_EFFECT = {
    Severity.ERROR: "an error fails `mkdocs build` and `mkdocs-specs check`",
    Severity.WARNING: "a warning fails `mkdocs build --strict`, and `mkdocs-specs check` with "
    "`fail_on: warning`",
    Severity.INFO: "info is reported in the log, on the pages and in `specs.json`, and never "
    "fails a build",
}
EXAMPLE_TODAY = dt.date(2026, 6, 1)
"""The day the examples are checked on, so that `stale` reads the same on every build."""
_EXAMPLE_GLOBS: dict[Kind, Sequence[str]] = {
    Kind.SPEC: ["specs/**/*.md"],
    Kind.PRD: ["prd/**/*.md"],
    Kind.ADR: ["adr/**/*.md"],
}
_EXAMPLE_FILE = "spec-template.md"
"""What the example template is called in the examples' hints, as a team's own template file."""
_NOT_IGNORABLE = frozenset({"front-matter"})
"""Rules a page cannot ignore: `specs_ignore` is read from the front matter they find broken."""


def rule_url(rule_id: str) -> str:
    """Where the rule's page is published: what SARIF and the serve panel link to."""
    return f"{INDEX_URL}{rule_id}/"


def example_findings(pages: Iterable[Page]) -> list[Finding]:
    """What the build reports on an example: its pages checked against `EXAMPLE_TEMPLATE`
    through the pipeline `mkdocs build` and `mkdocs-specs check` share, in path and line order."""
    template = replace(read_template(EXAMPLE_TEMPLATE, _EXAMPLE_FILE), source=_EXAMPLE_FILE)
    settings = Settings(_EXAMPLE_GLOBS, {Kind.SPEC: [template]}, today=EXAMPLE_TODAY)
    sources = [Source(page.path, f"docs/{page.path}", _loader(page)) for page in pages]
    catalog = check_sources(sources, settings)
    found = (finding for doc in catalog.documents for finding in doc.findings)
    return sorted(found, key=lambda finding: (finding.path, finding.line, finding.rule))


def _loader(page: Page) -> Callable[[], bytes]:
    """The page's bytes as its file would hold them."""
    return lambda: page.text.encode(page.encoding)


def rule_page(rule: Rule, index: str = INDEX_PAGE, reports: bool = True) -> str:
    """The rule's page: what it finds, why, a failing and a fixed example, how to change its
    severity. `index` is the link to the list of rules (and the example template): relative on
    the site, absolute in the terminal. With `reports`, what the build reports on the failing
    example, which takes checking it: a SARIF file, written for a real site, leaves that out."""
    severity = rule.severity.value
    encodings = any(page.encoding != "utf-8" for page in (*rule.failing, *rule.fixed))
    parts = [
        f"# `{rule.id}`",
        f"Default severity: **{severity}** ({_SEVERITY_EFFECT[rule.severity]}).",
        "## What it does",
        _sentence(rule.summary),
        "## Why it matters",
        rule.why,
        "## Example",
        f"This fires `{rule.id}` (the examples are written for the "
        f"[example template]({index}#example-template)):",
        *_pages(rule.failing, encodings),
        *(
            ["The build reports:", _fence(_log(example_findings(rule.failing)), "text")]
            if reports
            else []
        ),
        "## Fixed",
        *_pages(rule.fixed, encodings),
        "## Change its severity",
        'For the whole site, in `mkdocs.yml` (`error`, `warning`, `info` or `"off"`):',
        _fence(f'plugins:\n  - specs:\n      rules:\n        {rule.id}: {_other(rule)}\n', "yaml"),
    ]
    if rule.id in _NOT_IGNORABLE:
        parts.append("A page cannot ignore it: `specs_ignore` is read from its front matter.")
    else:
        parts += [
            "For one page, in its front matter:",
            _fence(f"---\nspecs_ignore: [{rule.id}]\n---\n", "yaml"),
        ]
    if rule.id in DRAFT_RELAXED:
        parts.append("In a Draft it is reported as info: a draft is expected to be unfinished.")
    return "\n\n".join(parts) + "\n"


def rules_index(rules: Iterable[Rule]) -> str:
    """The list of rules, each linked to its page (`<id>.md` beside it), and the template the
    rule pages' examples are written for."""
    rows = [
        f"| [`{rule.id}`]({rule.id}.md) | {rule.severity.value} | {_cell(rule.summary)} |"
        for rule in rules
    ]
    parts = [
        "# Rules",
        "A finding names its rule (`docs/specs/checkout.md:12: missing-section: …`); the same id "
        "changes the rule's severity in `rules:` of the configuration, or turns it off for one "
        "page in its `specs_ignore`.",
        "\n".join(["| Rule | Default | Finds |", "|---|---|---|", *rows]),
        "## Example template",
        "The examples on the rule pages are written for this spec template, saved as "
        "`spec-template.md` beside `mkdocs.yml` and set as `template: spec-template.md`; each "
        "page shows what the build reports on its example, and the tests check that each "
        "failing example fires its rule and each fixed one is clean.",
        _fence(EXAMPLE_TEMPLATE, "markdown"),
    ]
    return "\n\n".join(parts) + "\n"


def _pages(pages: tuple[Page, ...], encodings: bool) -> list[str]:
    """Each page of an example in a fence, led by its path when the example is a small site,
    and by what it is saved in when that is what the example is about."""
    shown = []
    for page in pages:
        if len(pages) > 1 or encodings:
            saved = f", saved as {page.encoding}" if encodings else ""
            shown.append(f"`docs/{page.path}`{saved}:")
        shown.append(_fence(page.text, "markdown"))
    return shown


def _log(findings: list[Finding]) -> str:
    """Findings as the build log prints them."""
    return "\n".join(
        f"{finding.severity.value.upper():<7} {finding.path}:{finding.line}: {finding.rule}: "
        f"{finding.describe()}"
        for finding in findings
    )


def _fence(text: str, language: str) -> str:
    """`text` in a code fence longer than any run of backticks inside it."""
    longest = max((len(run) for run in _BACKTICKS_RE.findall(text)), default=2)
    fence = "`" * (longest + 1)
    return f"{fence}{language}\n{text.rstrip(chr(10))}\n{fence}"


def _other(rule: Rule) -> str:
    """A severity to show in the example override: one step milder, or off for info (quoted:
    YAML reads a bare `off` as `false`)."""
    return {Severity.ERROR: "warning", Severity.WARNING: "info"}.get(rule.severity, '"off"')


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
