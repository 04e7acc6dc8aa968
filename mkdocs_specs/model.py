"""The vocabulary shared by every part of mkdocs-specs.

Everything here is plain data: the parser produces it, the rules and the catalog read it, the
portal, the reports and the export render it. Nothing in this module knows about MkDocs.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, NamedTuple

NO_VALUE = frozenset({"", "n/a", "na", "none", "-", "\u2013", "\u2014", "tbd"})
"""What authors write for "nothing here" in an owner or a related-document field."""


class Severity(enum.StrEnum):
    """How much a finding matters; `OFF` findings are dropped before anyone sees them."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"
    OFF = "off"

    @property
    def rank(self) -> int:
        """Higher is more severe, so `max()` and threshold comparisons read naturally."""
        return _RANKS[self]


_RANKS = {Severity.OFF: 0, Severity.INFO: 1, Severity.WARNING: 2, Severity.ERROR: 3}


def _reduce_to_call(self: Any) -> tuple[type, tuple[object, ...]]:
    """Pickle a frozen, slotted dataclass as a call with its fields: the state dictionary that
    `dataclass` pickles it with by default is built in Python, ten times slower, and worker
    processes send back hundreds of thousands of fields and findings. The values are read in C,
    by one `attrgetter` per class."""
    return type(self), _FIELD_VALUES[type(self)](self)


class Kind(enum.StrEnum):
    """The three kinds of document the portal knows."""

    SPEC = "spec"
    PRD = "prd"
    ADR = "adr"


class Heading(NamedTuple):
    """A Markdown heading of a document or a template, with the line it starts on (1-based).

    A named tuple, built in C: a spec has dozens of headings, and building them and their
    `matching.Section`s as frozen dataclasses cost about 3 % of checking it."""

    level: int
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class Field:
    """One metadata value, from the Document Information block or from front matter."""

    __reduce__ = _reduce_to_call

    name: str
    """The name as written (`Related PRD`, `related_prd`)."""
    key: str
    """The normalised name used for matching: lower case, words joined by one space."""
    value: str
    line: int
    from_front_matter: bool = False


@dataclass(slots=True)
class Reference:
    """One entry of a `Related PRD` / `Related ADR` field."""

    kind: Kind
    target: str
    """What the author wrote: an id, a relative path or a URL (link text stripped)."""
    line: int
    external: bool = False
    resolved_path: str | None = None
    """`src_path` of the document it points at, once the catalog has resolved it."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem in one file. `line` is 1-based and always inside the file."""

    __reduce__ = _reduce_to_call

    rule: str
    severity: Severity
    path: str
    line: int
    message: str
    hint: str | None = None
    template: str | None = None
    """Name of the template version the document was checked against, when there are several."""
    baselined: bool = False
    """Recorded in the baseline: reported as info, but counted apart from info, since it is an
    error or warning the team accepted for now, not a remark."""
    key: str = ""
    """What the finding is about, without the parts that change while it stays the same problem
    (a status, a count, a line): the baseline matches findings by file, rule and this key. Empty
    when the rule gives none; the baseline then uses the message without its line numbers."""

    def describe(self) -> str:
        """The message with its hint, as shown in logs and reports."""
        return f"{self.message} (hint: {self.hint})" if self.hint else self.message


_FIELD_VALUES = {cls: attrgetter(*cls.__slots__) for cls in (Field, Finding)}


@dataclass(slots=True)
class Document:
    """A parsed spec, PRD or ADR page: what was written, not yet judged."""

    src_path: str
    """Path relative to `docs_dir`, with forward slashes (MkDocs' `src_uri`)."""
    kind: Kind
    line_count: int
    display_path: str = ""
    """The path findings name: relative to the project root, so editors and CI can open it."""
    title: str | None = None
    """The H1 text (or front matter `title:`), `None` when the page has neither."""
    title_line: int | None = None
    headings: list[Heading] = field(default_factory=list)
    field_blocks: dict[int, dict[str, Field]] = field(default_factory=dict)
    """Metadata-looking lines of the preamble (key 0) and of each H2 section (key: its line)."""
    fields: dict[str, Field] = field(default_factory=dict)
    """Document Information fields by normalised key, picked from `field_blocks` by the template."""
    front_matter: dict[str, Any] = field(default_factory=dict)
    front_matter_fields: dict[str, Field] = field(default_factory=dict)
    """Front matter values by normalised key (`related_prd` -> `related prd`)."""
    front_matter_end: int = 0
    """Last line of the front matter block (0 when there is none)."""
    parse_problems: list[tuple[int, str, str]] = field(default_factory=list)
    """(line, rule, message) for what the parser itself could not read."""
    placeholders: list[tuple[int, str]] = field(default_factory=list)
    """(line, text) of every bracketed token outside code: placeholder candidates."""
    prose: list[str] = field(default_factory=list)
    """The page's lines as written, those that are no prose emptied: front matter, headings,
    code, comments and link definitions. For templates whose placeholders are lines: the rule
    searches their text and reads the lines of a section by number."""
    status_section: str | None = None
    """First line of a `## Status` section (ADR style), if the page has one."""

    id: str | None = None
    display_title: str = ""
    """The title readers see: front matter `title`, else the H1 without the template's prefix."""
    status: str | None = None
    """The status in the template's spelling (or as written, when it is not one of its values)."""
    owners: list[str] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    referenced_by: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    """The judged findings: severities final, `off` ones dropped, sorted by line."""
    template_name: str | None = None
    _page_view: tuple[object, ...] | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.display_path = self.display_path or self.src_path

    def drop_outline(self) -> None:
        """Forget what only the rules read (outline, prose, placeholder candidates) once the page
        is judged: a large site keeps thousands of documents, and workers send them back."""
        self.headings = []
        self.field_blocks = {}
        self.placeholders = []
        self.prose = []

    def view(self) -> tuple[object, ...]:
        """Everything readers are shown of the document, in the portal and the export: what
        rendered output is cached by across serve rebuilds. Plain strings and numbers only, so
        that hashing it stays in C.

        What the page itself says is fixed once it is judged, and kept; what linking decides
        (id, resolved references, backlinks, findings) is read afresh.
        """
        if self._page_view is None:
            self._page_view = (
                self.src_path,
                self.kind.value,
                self.display_title,
                self.status,
                tuple(self.owners),
                self.template_name,
                tuple((item.key, item.value) for item in self.fields.values()),
                tuple((item.key, item.value) for item in self.front_matter_fields.values()),
                tuple((r.kind.value, r.target, r.external) for r in self.references),
            )
        return (
            self._page_view,
            self.id,
            tuple(r.resolved_path for r in self.references),
            tuple(self.referenced_by),
            tuple(
                (f.rule, f.severity.value, f.line, f.message, f.hint, f.template, f.baselined)
                for f in self.findings
            ),
        )

    def has_parse_problem(self, rule: str) -> bool:
        """Whether the parser itself could not read part of the page (`front-matter`,
        `encoding`): what depends on that part is not to be trusted."""
        return any(problem == rule for _, problem, _ in self.parse_problems)

    def value(self, key: str) -> Field | None:
        """The effective value of a field: the Document Information block wins over front matter."""
        return self.fields.get(key) or self.front_matter_fields.get(key)


def prose_text(raw: str) -> str:
    """A prose line's text without its indent (spaces and tabs) and trailing whitespace: what
    the scanner, the templates and the rules compare."""
    return raw.lstrip(" \t").rstrip()


def prose_lines(prose: list[str]) -> list[tuple[int, str]]:
    """(line, `prose_text`) of the lines of `prose` that hold anything: a page's prose lines,
    in order."""
    return [
        (number, prose_text(raw))
        for number, raw in enumerate(prose, 1)
        if raw and not raw.isspace()
    ]
