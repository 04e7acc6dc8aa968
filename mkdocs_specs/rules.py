"""The rules documents are judged by, each documented where it lives, and the one place where
severities are decided.

A rule is declared once, with `rule(...)`: its id, default severity, what it finds, why that
matters, and a page that fires it with the same page fixed. The declaration sits on the check
that emits it, a function `(Document, Template, Context) -> Iterable[Finding]`; a rule emitted
elsewhere is declared on its own, in the registry's order: the parser's `encoding`, and the
cross-document rules (`unresolved-reference`, `duplicate-id`, `inactive-reference`) that
`ReferenceIndex` in `references.py` emits once every document is read. `RULES` is that one
registry: the rule pages (`rule_docs.py`), `mkdocs-specs rule`, the README table, SARIF and the
validation of `rules:` all read it, and every finding is made by `make_finding`.

Rules emit findings at their default severity; `apply_policy` then applies, in this order, the
`rules:` overrides, the Draft relaxation, the page's `specs_ignore` and the baseline.
"""

from __future__ import annotations

import bisect
import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from operator import itemgetter

from .dates import iso_hint
from .matching import (
    Neighbours,
    assign_fields,
    document_sections,
    longest_increasing,
    matched_sections,
    near_misses,
    present_neighbours,
)
from .model import NO_VALUE, Document, Field, Finding, Heading, Kind, Severity, prose_text
from .parse import normalize_key, placeholder_tokens
from .template import (
    FieldType,
    Template,
    TemplateField,
    heading_key,
    line_key,
    looks_like_placeholder,
)

DOCS_URL = "https://mkdocs-specs.github.io/mkdocs-specs/"
"""Where the documentation site (`mkdocs.yml` at the repository root) is published: rule pages
are `{DOCS_URL}rules/{id}/`. The site's `site_url` is the same string."""
STALE_AFTER_DAYS = 180
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_WORD_RE = re.compile(r"\w")
_TASK_BOXES = ("[ ]", "[x]")
_WHOLE_PLACEHOLDER_RE = re.compile(r"\{[^{}\n]+\}")
_OWNER_SPLIT_RE = re.compile(r",|;|\band\b", re.IGNORECASE)
r"""No `\s*` around the separators: on a long run of spaces it makes the split quadratic."""
_LEADING_NUMBER_RE = re.compile(r"\d+")
DRAFT_RELAXED = frozenset({"missing-section", "missing-field", "placeholder"})


@dataclass(frozen=True, slots=True)
class Page:
    """A page of a rule's example, as a site holds it: its path under `docs_dir` says its kind."""

    text: str
    path: str = "specs/0001-checkout.md"
    encoding: str = "utf-8"
    """What the file is saved in: only the `encoding` rule's example is not UTF-8."""


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule's public description: what the rule pages, `mkdocs-specs rule`, the README table,
    SARIF and `rules:` validation are built from. Its examples are checked by the tests against
    `EXAMPLE_TEMPLATE`: `failing` fires the rule and `fixed` is clean, so they cannot drift."""

    id: str
    severity: Severity
    summary: str
    why: str
    failing: tuple[Page, ...]
    fixed: tuple[Page, ...]


EXAMPLE_TEMPLATE = """\
# Spec: {Feature Name}

## Document Information
**Status:** Draft | Review | Approved | Implemented
**Date:** {YYYY-MM-DD}
**Author:** {Author Name}
**Related ADR:** {Link to the Architecture Decision Records}

## Summary

{What is built, and why}

## Design

{How it works}
"""
"""The spec template the rules' examples are written for: small, so that an example shows only
what its rule is about (the built-in template asks for eleven sections)."""


def _checkout(
    *,
    front_matter: str = "",
    title: str = "Spec: Checkout",
    status: str = "Approved",
    date: str = "2026-03-01",
    author: str | None = "Jane Doe",
    related_adr: str = "N/A",
    summary: str = "One page to pay for the basket.",
    sections: tuple[str, ...] = ("Summary", "Design"),
) -> str:
    """The rules' example spec, written for `EXAMPLE_TEMPLATE`: clean as it is, so that each
    example changes only what its rule is about."""
    texts = {"Summary": summary, "Design": "The basket posts to the payment service."}
    lines = [f"---\n{front_matter}\n---"] if front_matter else []
    lines += [f"# {title}", "", "## Document Information", f"**Status:** {status}"]
    lines += [f"**Date:** {date}"] + ([f"**Author:** {author}"] if author is not None else [])
    lines.append(f"**Related ADR:** {related_adr}")
    for section in sections:
        lines += ["", f"## {section}", "", texts[section]]
    return "\n".join(lines) + "\n"

RULES: dict[str, Rule] = {}
"""Every rule by id, in the order declared below: the order of the rule pages, the README table
and SARIF. Filled by `rule`, next to the check that emits each one."""


@dataclass(frozen=True, slots=True)
class Context:
    """What the rules need besides the document and its template."""

    required_depth: int = 2
    today: dt.date | None = None
    created: Mapping[str, dt.date] = field(default_factory=dict)
    """The day each page (by its path under `docs_dir`) was first committed, when the template
    history is read: how old a document without a creation date of its own is."""


RuleFunction = Callable[[Document, Template, Context], Iterable[Finding]]
_CHECKS: list[RuleFunction] = []
Example = str | Sequence[Page]
"""One page's text (a spec at `Page.path`), or the pages of a small site."""


def rule(
    rule_id: str,
    severity: Severity,
    *,
    summary: str,
    why: str,
    failing: Example,
    fixed: Example,
) -> Callable[[RuleFunction], RuleFunction]:
    """Declare a rule where it lives, as its documentation: what it finds, why it matters, a
    page that fires it and the page fixed. On a check, the check then runs on every document;
    called on its own, it declares a rule emitted elsewhere (a parse problem, a cross-document
    rule of `references.py`)."""
    if rule_id in RULES:
        raise ValueError(f"rule {rule_id!r} is declared twice")
    RULES[rule_id] = Rule(rule_id, severity, summary, why, _pages(failing), _pages(fixed))

    def register(function: RuleFunction) -> RuleFunction:
        _CHECKS.append(function)
        return function

    return register


def _pages(example: Example) -> tuple[Page, ...]:
    return (Page(example),) if isinstance(example, str) else tuple(example)


def make_finding(
    rule: str, doc: Document, line: int, message: str, hint: str | None = None, key: str = ""
) -> Finding:
    """A finding of a declared rule, at its default severity and on a line inside the file: the
    only place findings are made, for the rules here and the cross-document ones alike."""
    line = min(max(line, 1), max(doc.line_count, 1))
    return Finding(rule, RULES[rule].severity, doc.display_path, line, message, hint, key=key)


def split_owners(value: str) -> list[str]:
    """`Jane Doe, John Roe and Ann Poe` -> three owners."""
    if value.strip().lower() in NO_VALUE:
        return []
    return [owner for part in _OWNER_SPLIT_RE.split(value) if (owner := part.strip())]


def _metadata_line(doc: Document, template: Template, item: TemplateField) -> int:
    """Where a missing field belongs: its section's heading, else the title, else the top."""
    if item.in_block:
        for heading in doc.headings:
            if heading_key(heading.text) == template.fields_section:
                return heading.line
    return doc.title_line or doc.front_matter_end + 1


def _is_unfilled(item: TemplateField, value: Field) -> bool:
    """The value is still the template's placeholder (`{Project Name}`, `(fill me in …)`), or
    is a `{…}` placeholder as a whole, such as one an older version of the template had."""
    if _WHOLE_PLACEHOLDER_RE.fullmatch(value.value.strip()):
        return True
    if not _same_text(value.value, item.placeholder):
        return False
    return item.is_placeholder or (value.from_front_matter and _is_front_matter_sample(item))


def keeps_front_matter_sample(template: Template, key: str, value: str) -> bool:
    """Whether a front matter value is still the template's example for that key."""
    item = template.field(key)
    return (
        item is not None and _is_front_matter_sample(item) and _same_text(value, item.placeholder)
    )


def _is_front_matter_sample(item: TemplateField) -> bool:
    """Whether the template's front matter value is an example (`title: Neat-enhancement-idea`)
    that a document keeping it has not filled in. A status is a state a document may be in, not
    an example of one, and a date is checked as a date."""
    return (
        item.from_front_matter
        and item.key != "status"
        and item.type is not FieldType.DATE
        and bool(item.placeholder.strip())
    )


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.lower().split()) == " ".join(b.lower().split())


_PARSE_HINTS = {
    "front-matter": "fix the YAML between the `---` lines",
    "encoding": "save the file as UTF-8",
}


def parse_problem_findings(doc: Document) -> list[Finding]:
    """What the parser could not read (broken front matter, bytes that are not UTF-8)."""
    return [
        make_finding(rule, doc, line, message, _PARSE_HINTS.get(rule), _parse_problem_key(message))
        for line, rule, message in doc.parse_problems
    ]


_UNDECODABLE = "the file is not valid UTF-8"


def _parse_problem_key(message: str) -> str:
    """What could not be read: the page's bytes, its front matter or its metadata file (whose
    problems start with its path and line: `meta.yml:3: …`), never the YAML error's wording,
    which PyYAML may phrase differently from one version to the next."""
    if message.startswith(_UNDECODABLE):
        return "UTF-8"
    if message.startswith("front matter"):
        return "front matter"
    where = message.split(": ", 1)[0]
    return where.rsplit(":", 1)[0] if where.rpartition(":")[2].isdecimal() else where


@rule(
    "front-matter",
    Severity.ERROR,
    summary="YAML front matter is not parseable or not a mapping",
    why="MkDocs silently drops broken front matter and renders it as text.",
    failing=_checkout(front_matter="tags: [payments"),
    fixed=_checkout(front_matter="tags: [payments]"),
)
def check_parse_problems(doc: Document, template: Template, ctx: Context) -> Iterable[Finding]:
    return parse_problem_findings(doc)


# Emitted by `parse_problem_findings`, as `front-matter` is.
rule(
    "encoding",
    Severity.ERROR,
    summary="the file is not valid UTF-8",
    why="MkDocs cannot render a page it cannot decode.",
    failing=[Page(_checkout(author="José Núñez"), encoding="latin-1")],
    fixed=_checkout(author="José Núñez"),
)


@rule(
    "missing-title",
    Severity.ERROR,
    summary="no H1, or the H1 does not follow the template's title pattern",
    why="The title is how readers and the portal find the document.",
    failing=_checkout(title="Checkout"),
    fixed=_checkout(),
)
def check_title(doc: Document, template: Template, ctx: Context) -> Iterator[Finding]:
    if template.title_text is None:
        return
    if doc.title is None:
        hint = f'start the page with "# {template.title_text}"'
        yield make_finding(
            "missing-title", doc, doc.front_matter_end + 1, "the page has no H1 title", hint, "H1"
        )
    elif template.title_pattern is not None and not template.title_pattern.fullmatch(
        doc.title.strip()
    ):
        suggestion = template.suggest_title(doc.title.strip(), _file_number(doc.src_path))
        yield make_finding(
            "missing-title",
            doc,
            doc.title_line or 1,
            f'title "{doc.title}" does not follow the template\'s pattern "{template.title_text}"',
            f'write it as "# {suggestion}"',
            "title pattern",  # not the title itself: retitling the page keeps the same problem
        )


def _file_number(src_path: str) -> str | None:
    """The number the page's file name, or its folder's (`2313-x/README.md`), starts with."""
    for part in reversed(src_path.split("/")[-2:]):
        match = _LEADING_NUMBER_RE.match(part)
        if match:
            return match.group(0)
    return None


@rule(
    "missing-section",
    Severity.ERROR,
    summary="a section required by the template is absent",
    why="Reviewers rely on every spec answering the same questions.",
    failing=_checkout(sections=("Summary",)),
    fixed=_checkout(),
)
def check_sections(doc: Document, template: Template, ctx: Context) -> Iterator[Finding]:
    matched = matched_sections(doc, template, ctx.required_depth)
    fields_given_elsewhere = not doc.fields and any(
        doc.front_matter_fields.get(f.key) for f in template.fields
    )
    missing = []
    asks = _Asks(doc, template, ctx)
    for index in template.required_sections(ctx.required_depth):
        section = template.sections[index]
        if index in matched:
            continue
        if section.parent is not None and section.parent not in matched:
            continue  # the missing parent is reported; its children would only repeat it
        if fields_given_elsewhere and section.key == template.fields_section:
            continue  # metadata lives in front matter: the block is not needed
        if not asks.for_section(index):
            continue
        missing.append(index)
    if not missing:
        return
    neighbours = present_neighbours(template, ctx.required_depth, matched)
    renames = near_misses(doc, template, missing, matched)
    headings = {heading.line: heading for heading in doc.headings} if renames else {}
    for index in missing:
        section = template.sections[index]
        near = renames.get(index)
        if near is not None:
            written = headings[near.line]
            marks = "#" * written.level
            line = near.line
            hint = f'rename "{marks} {written.text}" (line {line}) to "{marks} {section.text}"'
        else:
            line, hint = _where_to_add(doc, template, index, matched, neighbours[index])
        if section.since is not None:  # in the hint, not the key: the baseline keeps matching
            hint += f"; the template requires it since {section.since.isoformat()}"
        yield make_finding(
            "missing-section",
            doc,
            line,
            f'required section "{section.text}" is missing',
            hint,
            section.text,
        )


_LATER_DATE_WORDS = ("update", "modified", "last", "review", "target", "due", "end")
"""Words of a date field's name that make it a later date than the document's creation."""
_CREATION_KEYS = ("creation date", "created", "start date", "date")


class _Asks:
    """Whether a document is asked for a section at all: not before the status the template
    requires it from, nor when the document is older than the revision that added it."""

    def __init__(self, doc: Document, template: Template, ctx: Context) -> None:
        self._doc, self._template, self._ctx = doc, template, ctx

    def for_section(self, index: int) -> bool:
        sections = self._template.sections
        section: int | None = index
        while section is not None:
            required_from = sections[section].required_from
            if (
                required_from is not None
                and self.rank is not None
                and self.rank < self._template.statuses.index(required_from)
            ):
                return False
            section = sections[section].parent
        since = sections[index].since
        if since is None:
            return True
        return self.created is None or self.created >= since

    @cached_property
    def rank(self) -> int | None:
        """Where the document's status stands in the template's list; `None`: not in it."""
        status = self._doc.value("status")
        statuses = self._template.statuses
        choice = canonical_choice(statuses, status.value) if status is not None else None
        return statuses.index(choice) if choice is not None else None

    @cached_property
    def created(self) -> dt.date | None:
        """The document's creation day: its own date field, else its first commit."""
        return _own_date(self._doc, self._template) or self._ctx.created.get(self._doc.src_path)


def _own_date(doc: Document, template: Template) -> dt.date | None:
    """The date the document gives for its creation: a field named so, else its template's
    first date field that is not a later date (`Last updated`), when it holds a real date."""
    dates = [item for item in template.fields if item.type is FieldType.DATE]
    named = [item for key in _CREATION_KEYS for item in dates if item.key == key]
    unnamed = [i for i in dates if not any(word in i.key for word in _LATER_DATE_WORDS)]
    for item in (named or unnamed)[:1]:
        value = doc.value(item.key)
        if value is not None:
            return parse_date(value.value)[0]
    return None


def _where_to_add(
    doc: Document,
    template: Template,
    index: int,
    matched: dict[int, int],
    neighbours: Neighbours,
) -> tuple[int, str]:
    """The line to report and a hint naming the neighbour to put the section after.

    The neighbour is the template's previous sibling when the document has it; otherwise the
    nearest earlier sibling the document does have, or the next one, or the parent.
    """
    section = template.sections[index]
    heading = f'"{"#" * section.level} {section.text}"'
    previous, earlier, later = neighbours
    if previous is not None and previous in matched:
        line = matched[previous]
        name = template.sections[previous].text
        return line, f'add {heading} after the "{name}" section (line {line})'
    if earlier is not None:
        line = matched[earlier]
        return line, f'add {heading} after "{template.sections[earlier].text}" (line {line})'
    if later is not None:
        line = matched[later]
        return line, f'add {heading} before "{template.sections[later].text}" (line {line})'
    if section.parent is not None and section.parent in matched:
        line = matched[section.parent]
        parent = template.sections[section.parent].text
        return line, f'add {heading} inside "{parent}" (line {line})'
    return doc.title_line or 1, f"add {heading} after the title"


@rule(
    "section-order",
    Severity.WARNING,
    summary="required sections are out of template order",
    why="A familiar order lets readers find a section without searching.",
    failing=_checkout(sections=("Design", "Summary")),
    fixed=_checkout(),
)
def check_order(doc: Document, template: Template, ctx: Context) -> Iterator[Finding]:
    matched = matched_sections(doc, template, ctx.required_depth)
    top = sorted(template.required_top_sections(ctx.required_depth).intersection(matched))
    kept = sorted(longest_increasing([matched[i] for i in top]))
    kept_set = set(kept)
    for position, index in enumerate(top):
        if position in kept_set:
            continue
        following = bisect.bisect_left(kept, position)
        if following < len(kept):
            before = top[kept[following]]
            where = f'move it before "{template.sections[before].text}" (line {matched[before]})'
        else:
            after = top[kept[following - 1]]
            where = f'move it after "{template.sections[after].text}" (line {matched[after]})'
        yield make_finding(
            "section-order",
            doc,
            matched[index],
            f'section "{template.sections[index].text}" is out of the template\'s order',
            where,
            template.sections[index].text,
        )


@rule(
    "missing-field",
    Severity.ERROR,
    summary="a Document Information field is absent or empty",
    why="Status, owner and dates feed the portal's indexes.",
    failing=_checkout(author=None),
    fixed=_checkout(),
)
def check_fields_present(doc: Document, template: Template, ctx: Context) -> Iterator[Finding]:
    sections: set[str] | None = None
    front_matter_unread = doc.has_parse_problem("front-matter")
    for item in template.fields:
        value = doc.value(item.key)
        if value is not None and value.value.strip():
            continue
        if value is None and item.optional:
            continue
        if value is None and item.from_front_matter and front_matter_unread:
            continue  # the broken front matter is reported; its fields would only repeat it
        if value is None and item.in_section:
            if sections is None:
                sections = {s.key for s in document_sections(doc, template)}
            if heading_key(item.name) not in sections:
                continue  # the missing section is reported; the field would only repeat it
        if value is None:
            state = "empty" if item.in_section else "missing"  # its section is there, bare
            message = f'field "{item.name}" is {state}'
            line = _metadata_line(doc, template, item)
        else:
            message = f'field "{item.name}" is empty'
            line = value.line
        hint = _field_hint(item, template, _KIND_NOUNS[doc.kind])
        yield make_finding("missing-field", doc, line, message, hint, item.name)


_KIND_NOUNS = {Kind.SPEC: "spec", Kind.PRD: "PRD", Kind.ADR: "ADR"}
_TEMPLATE_OPTIONS = {Kind.SPEC: "template", Kind.PRD: "prd_template", Kind.ADR: "adr_template"}


def _field_hint(item: TemplateField, template: Template, kind: str) -> str:
    """Where and how the template writes the field, in its own style, and what to write: the
    template's value when it says what to write (`{Project Name}`, `YYYY-MM-DD`, `A | B`), never
    a sample of it (`Neat-enhancement-idea`, `[#696](…)`), which would only be copied."""
    if item.in_section:
        return f'write the {item.name.lower()} on the first line of the "{item.name}" section'
    example = item.example or f"**{item.name}:** {item.placeholder}"
    what = ""
    start = example.rfind(item.placeholder) if item.placeholder else -1
    if start >= 0 and not _says_what_to_write(item):
        rest = example[start + len(item.placeholder) :].strip()
        if item.from_front_matter:
            example = f"{item.name}:"  # without the quotes or list the sample was written in
        else:
            example = example[:start].rstrip() + (f" … {rest}" if rest else "")
        what = f" with the {kind}'s {item.name}"
    if item.from_front_matter:
        return f"add `{example}`{what} to the front matter"
    if item.in_block and template.fields_heading:
        return f'add "{example}"{what} under "## {template.fields_heading}"'
    where = "under the title" if template.title_text else "at the top of the page"
    return f'add "{example}"{what} {where}'


def _says_what_to_write(item: TemplateField) -> bool:
    """A template value that describes the value (a `{…}` or `[…]` blank, `(fill me in …)`, a
    format or an enumeration) rather than being an example of one (a name, a link, an id)."""
    if item.choices or item.type is FieldType.DATE:
        return True
    return "](" not in item.placeholder and looks_like_placeholder(item.placeholder)


@rule(
    "invalid-status",
    Severity.ERROR,
    summary="the status is not one of the template's values",
    why="An unknown status drops the spec out of the status index.",
    failing=_checkout(status="In Progress"),
    fixed=_checkout(status="Review"),
)
def check_status(doc: Document, template: Template, ctx: Context) -> Iterator[Finding]:
    item = template.field("status")
    value = doc.value("status")
    if item is None or not item.choices or item.open_choices:
        return
    if value is None or not value.value.strip():
        return
    if _is_unfilled(item, value) or canonical_choice(item.choices, value.value) is not None:
        return
    close = difflib.get_close_matches(
        _plain(value.value).title(), [c.title() for c in item.choices], n=1, cutoff=0.6
    )
    hint = (
        f'did you mean "{_choice_named(item.choices, close[0])}"?'
        if close
        else _allow_status(template, item, doc.kind)
    )
    yield make_finding(
        "invalid-status",
        doc,
        value.line,
        f'status "{value.value}" is not one of {" | ".join(item.choices)}',
        hint,
        value.value.strip(),
    )


def _allow_status(template: Template, item: TemplateField, kind: Kind) -> str:
    """How a team makes a status of its own valid: the statuses are the template's, so the
    template's status line is what to change, in a file of the team's own (a built-in one is
    inside the installed package, and replaced by every upgrade)."""
    if template.source is None:
        return (
            "to allow it, copy the built-in template into the repository, point "
            f"`{_TEMPLATE_OPTIONS[kind]}:` at it and add the status to its {item.name} line"
        )
    return f"to allow it, add it to the {item.name} line of {template.source}:{item.line}"


def _choice_named(choices: Iterable[str], title: str) -> str:
    return next(choice for choice in choices if choice.title() == title)


def _plain(value: str) -> str:
    """A value without the emphasis and quotes authors wrap around it."""
    return value.strip().strip("*_`\"'").strip()


def canonical_choice(choices: Iterable[str], value: str) -> str | None:
    """The template's spelling of `value`, matched case-insensitively.

    A value may go on after its choice (`Accepted (PR #12)`, `Superseded by ADR-0007`), and a
    choice that ends in an example id (`superseded by ADR-0123`) is matched by its words before
    the id.
    """
    wanted = _plain(value).lower()
    for choice in choices:
        stem = _choice_stem(choice)
        if wanted == choice.lower() or wanted == stem:
            return choice
        if wanted.startswith(stem) and not wanted[len(stem)].isalnum():
            return choice
    return None


def status_name(choice: str) -> str:
    """A status of the template as the portal names it. A choice that names a successor by an
    example id (MADR's `superseded by ADR-0000`) is named without it (`superseded`): the id
    would read as the document's own successor. Any other choice (`Stage 2`) is its own name."""
    words = choice.split()
    if len(words) > 2 and words[-2].lower() == "by" and any(c.isdigit() for c in words[-1]):
        return " ".join(words[:-2])
    return choice


def _choice_stem(choice: str) -> str:
    words = choice.lower().split()
    while len(words) > 1 and any(c.isdigit() for c in words[-1]):
        words.pop()
    return " ".join(words)


def parse_date(value: str) -> tuple[dt.date | None, str | None]:
    """A `YYYY-MM-DD` date, or why the text is not one."""
    text = value.strip()
    if not _DATE_RE.fullmatch(text):
        return None, "is not in YYYY-MM-DD form"
    try:
        return dt.date.fromisoformat(text), None
    except ValueError as error:
        return None, f"is not a real date ({error})"


@rule(
    "invalid-date",
    Severity.ERROR,
    summary="a date field is not a real YYYY-MM-DD date",
    why="Dates sort the portal and drive the staleness check.",
    failing=_checkout(date="03/01/2026"),
    fixed=_checkout(date="2026-03-01"),
)
def check_dates(doc: Document, template: Template, ctx: Context) -> Iterator[Finding]:
    for item in template.fields:
        value = doc.value(item.key)
        if item.type is not FieldType.DATE or value is None or not value.value.strip():
            continue
        if _is_unfilled(item, value):
            continue
        _, problem = parse_date(value.value)
        if problem is not None:
            yield make_finding(
                "invalid-date",
                doc,
                value.line,
                f'{item.name} "{value.value}" {problem}',
                iso_hint(value.value),
                item.name,  # not the value: a date is rewritten whenever the document changes
            )


@rule(
    "placeholder",
    Severity.ERROR,
    summary="template placeholder text left unfilled",
    why="An unfilled `{Project Name}` publishes an unfinished spec as finished.",
    failing=_checkout(summary="{What is built, and why}"),
    fixed=_checkout(),
)
def check_placeholders(doc: Document, template: Template, ctx: Context) -> Iterator[Finding]:
    reported: set[int] = set()
    for item in template.fields:
        value = doc.value(item.key)
        if value is None:
            continue
        # A value is unfilled only if it is a `{…}` placeholder or the template's own text: when
        # it starts with neither, it is neither (most values, and no copy of either is made).
        lead = value.value.lstrip()[:1].lower()[:1]
        if not lead or (lead != "{" and lead != item.placeholder.lstrip()[:1].lower()[:1]):
            continue
        if _is_unfilled(item, value):
            reported.add(value.line)
            message = (
                f'field "{item.name}" still holds the template text "{item.placeholder}"'
                if _same_text(value.value, item.placeholder)
                else f'field "{item.name}" holds the placeholder "{value.value.strip()}"'
            )
            yield make_finding(
                "placeholder", doc, value.line, message, "replace it with the real value", item.name
            )
    by_line: dict[int, list[str]] = {}
    if template.placeholders:
        candidates = list(doc.placeholders)
        candidates.extend(_heading_placeholders(doc.headings))
        for line, token in candidates:
            if line not in reported and token.lower() in template.placeholders:
                by_line.setdefault(line, []).append(token)
    for line in sorted(by_line):
        reported.add(line)
        tokens = ", ".join(dict.fromkeys(by_line[line]))
        yield make_finding(
            "placeholder",
            doc,
            line,
            f"unfilled template placeholder {tokens}",
            "replace it with real content",
            tokens,
        )
    yield from _template_text_sections(doc, template, reported)


def _heading_placeholders(headings: list[Heading]) -> list[tuple[int, str]]:
    """(line, token) of the placeholder candidates in the headings. No token spans a line, so a
    search of their joined text for brackets finds the few headings that can hold one: most
    documents have none, or one such as `Frontend (if applicable)`."""
    text = "\n".join(map(_HEADING_TEXT, headings))
    offsets = []
    for char in "{[(":
        position = text.find(char)
        while position >= 0:
            offsets.append(position)
            position = text.find(char, position + 1)
    return [
        (headings[index].line, token)
        for index in _line_indices(text, offsets)  # the headings' indices
        for token in placeholder_tokens(headings[index].text)
    ]


_HEADING_TEXT, _HEADING_LINE = itemgetter(1), itemgetter(2)
"""`Heading.text` and `Heading.line`, read in C."""


def _template_text_sections(
    doc: Document, template: Template, reported: set[int]
) -> Iterator[Finding]:
    """Sections whose prose is still the template's own text, such as its instructions.

    A line shared with the template counts only when its section, subsections included, holds
    nothing of the author's: "Why should we *not* do this?" above a list of drawbacks is a prompt
    that was answered, not a placeholder. A section with checklist items is a form to tick, and
    an unticked form is not unfilled text.

    Only the sections holding such a line are read line by line (`_kept_template_lines` finds
    them), and those only until the author's text shows: a filled document costs a search of
    its text, not a comparison of every line.
    """
    if not template.placeholder_lines or not doc.prose:
        return
    prose, headings = doc.prose, doc.headings
    starts = list(map(_HEADING_LINE, headings))
    kept = _kept_template_lines(prose, starts, template)
    settled: dict[int, bool] = {}
    """Whether a section holds the author's own text, or a checklist; asked as needed."""

    def holds_own_text(section: int) -> bool:
        if section not in settled:
            settled[section] = _holds_own_text(prose, starts, section, template)
        return settled[section]

    for section, (line, text) in sorted(kept.items()):
        if line in reported or holds_own_text(section):
            continue
        if _settled_below(headings, section, holds_own_text):
            continue
        where = (
            f'section "{headings[section].text}"'
            if section >= 0
            else "the text before the first heading"
        )
        yield make_finding(
            "placeholder",
            doc,
            line,
            f'{where} still holds only the template\'s text: "{_shorten(text)}"',
            "replace the template's text with real content",
            _shorten(text),
        )


def _kept_template_lines(
    prose: list[str], starts: list[int], template: Template
) -> dict[int, tuple[int, str]]:
    """The first of the template's placeholder lines in each section that has one, by section
    (an index into the headings; -1 before the first), with its line and text.

    Such a line, lower-cased, holds the longest word of its key: only the lines where a search
    of the document's lower-cased prose finds one of those words are compared with the keys. A
    template with very many such lines has every line compared instead: a search per word would
    cost more, and grow with the template as well as the document.
    """
    words = template.placeholder_line_words
    candidates: Iterable[int] = range(len(prose))
    if len(words) <= _SEARCHED_WORDS:
        text = "\n".join(prose).lower()  # lower-casing keeps every newline: index = line - 1
        offsets = []
        for word in words:
            found = text.find(word)
            while found != -1:
                offsets.append(found)
                end = text.find("\n", found)
                found = -1 if end == -1 else text.find(word, end)
        candidates = _line_indices(text, offsets)
    kept: dict[int, tuple[int, str]] = {}
    for index in sorted(candidates):
        if not prose[index]:
            continue  # no prose
        line_text = prose_text(prose[index])
        if line_key(line_text) in template.placeholder_lines:
            kept.setdefault(bisect.bisect_left(starts, index + 1) - 1, (index + 1, line_text))
    return kept


_SEARCHED_WORDS = 64


def _line_indices(text: str, offsets: Iterable[int]) -> list[int]:
    """The lines (0-based) of `text` that the offsets fall on, in order, without repeats: the
    newlines are counted once through the text, not up to each offset."""
    lines: list[int] = []
    index = counted = 0
    for offset in sorted(offsets):
        index += text.count("\n", counted, offset)
        counted = offset
        if not lines or lines[-1] != index:
            lines.append(index)
    return lines


def _holds_own_text(prose: list[str], starts: list[int], section: int, template: Template) -> bool:
    """Whether a section's own lines (its subsections' not) hold a line the template does not
    have, or a checklist item."""
    low = 0 if section < 0 else starts[section]  # the heading's line is the index after it
    high = starts[section + 1] - 1 if section + 1 < len(starts) else len(prose)
    for raw in prose[low:high]:
        if not raw:
            continue
        key = line_key(prose_text(raw))
        if key.startswith(_TASK_BOXES) or (key not in template.text_lines and _WORD_RE.search(key)):
            return True
    return False


def _settled_below(
    headings: list[Heading], section: int, holds_own_text: Callable[[int], bool]
) -> bool:
    """Whether a subsection of `section` holds the author's text: the answer went one level down."""
    if section < 0:
        return False
    level = headings[section].level
    for index in range(section + 1, len(headings)):
        if headings[index].level <= level:
            return False
        if holds_own_text(index):
            return True
    return False


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _comparable(item: TemplateField, value: str) -> object:
    if item.type is FieldType.OWNERS or item.type is FieldType.REFERENCE:
        return frozenset(normalize_key(part) for part in split_owners(value))
    return normalize_key(value)


# Cross-document rules, emitted by `ReferenceIndex` in `references.py` once every document is
# read; declared here, in the registry's order.
rule(
    "unresolved-reference",
    Severity.ERROR,
    summary="a Related PRD/ADR reference resolves to no page of that kind",
    why="A dangling reference is a broken link and a lost decision trail.",
    failing=[
        Page(_checkout(related_adr="ADR-0010")),
        Page("# 1. Use PostgreSQL\n\nStatus: Accepted\n", path="adr/0001-use-postgresql.md"),
    ],
    fixed=[
        Page(_checkout(related_adr="ADR-0001")),
        Page("# 1. Use PostgreSQL\n\nStatus: Accepted\n", path="adr/0001-use-postgresql.md"),
    ],
)


rule(
    "duplicate-id",
    Severity.ERROR,
    summary="two documents of one kind share an id",
    why="References by id would be ambiguous.",
    failing=[
        Page("# 1. Use PostgreSQL\n\nStatus: Accepted\n", path="adr/0001-use-postgresql.md"),
        Page("# 1. Use Kafka\n\nStatus: Accepted\n", path="adr/0001-use-kafka.md"),
    ],
    fixed=[
        Page("# 1. Use PostgreSQL\n\nStatus: Accepted\n", path="adr/0001-use-postgresql.md"),
        Page("# 2. Use Kafka\n\nStatus: Accepted\n", path="adr/0002-use-kafka.md"),
    ],
)


@rule(
    "metadata-conflict",
    Severity.ERROR,
    summary="front matter and Document Information disagree",
    why="Two sources of truth that differ mislead either the portal or the reader.",
    failing=_checkout(front_matter="status: Review"),
    fixed=_checkout(front_matter="status: Approved"),
)
def check_conflicts(doc: Document, template: Template, ctx: Context) -> Iterator[Finding]:
    for item in template.fields:
        body = doc.fields.get(item.key)
        front = doc.front_matter_fields.get(item.key)
        if body is None or front is None or not body.value.strip() or not front.value.strip():
            continue
        if _comparable(item, body.value) != _comparable(item, front.value):
            yield make_finding(
                "metadata-conflict",
                doc,
                body.line,
                f'{item.name} is "{body.value}" here but "{front.value}" in front matter '
                f"(line {front.line})",
                "make them agree, or keep the value in one place only",
                item.name,  # not the values: editing either one keeps the two apart
            )


# Emitted by `ReferenceIndex.inactive` in `references.py`.
rule(
    "inactive-reference",
    Severity.WARNING,
    summary="a non-Draft spec references a superseded, deprecated or rejected ADR",
    why="A spec built on a retired decision needs a second look.",
    failing=[
        Page(_checkout(related_adr="ADR-0001")),
        Page("# 1. Use MySQL\n\nStatus: Superseded by ADR-0002\n", path="adr/0001-use-mysql.md"),
        Page("# 2. Use PostgreSQL\n\nStatus: Accepted\n", path="adr/0002-use-postgresql.md"),
    ],
    fixed=[
        Page(_checkout(related_adr="ADR-0002")),
        Page("# 1. Use MySQL\n\nStatus: Superseded by ADR-0002\n", path="adr/0001-use-mysql.md"),
        Page("# 2. Use PostgreSQL\n\nStatus: Accepted\n", path="adr/0002-use-postgresql.md"),
    ],
)


@rule(
    "stale",
    Severity.INFO,
    summary="a Draft or Review spec dated more than 180 days ago",
    why="Old drafts are either forgotten or finished; either way they need attention.",
    failing=_checkout(status="Draft", date="2024-11-04"),
    fixed=_checkout(date="2024-11-04"),
)
def check_stale(doc: Document, template: Template, ctx: Context) -> Iterator[Finding]:
    status, date_field = doc.value("status"), doc.value("date")
    if status is None or date_field is None or ctx.today is None:
        return
    if status.value.strip().lower() not in ("draft", "review"):
        return
    date, _ = parse_date(date_field.value)
    if date is None:
        return
    age = (ctx.today - date).days
    if age > STALE_AFTER_DAYS:
        yield make_finding(
            "stale",
            doc,
            date_field.line,
            f"{status.value.strip()} spec dated {date.isoformat()} is {age} days old",
            "move it forward or update its date",
            "stale",  # the age grows every day, and the status and date are what is stale
        )


def check_document(doc: Document, template: Template, ctx: Context) -> list[Finding]:
    """Every single-document finding, at the rules' default severities, in line order."""
    assign_fields(doc, template)
    findings = [finding for check in _CHECKS for finding in check(doc, template, ctx)]
    findings.sort(key=lambda f: (f.line, f.rule))
    return findings


@dataclass(frozen=True, slots=True)
class SeverityPolicy:
    """The severity decisions of the configuration, applied to every finding in one place."""

    overrides: dict[str, Severity]
    draft_status: str = "draft"

    def apply(self, finding: Finding, doc: Document, ignored: frozenset[str]) -> Severity:
        severity = self.overrides.get(finding.rule, finding.severity)
        if severity is Severity.OFF or finding.rule in ignored:
            return Severity.OFF
        if finding.rule not in DRAFT_RELAXED or severity.rank <= Severity.INFO.rank:
            return severity  # the status is not read: a cached document builds fields to tell
        status = doc.value("status")
        if status is not None and status.value.strip().lower() == self.draft_status:
            return Severity.INFO
        return severity
