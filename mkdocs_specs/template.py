"""Reading a template `.md` into a `Template`: the outline, title and fields a document must have.

A template is data, read with the same parser as the documents written from it. Its
conventions are the ones real templates use:

- fields as `**Key:** value` lines, `| **Key** | value |` table rows, `- Key: value` bullets
  before the first section (Rust RFC) or keys of the template's own front matter (MADR);
- placeholders as `{…}`, `[…]` blanks, `(fill me in …)`, example numbers (`0000`, `NNNN`),
  and prose lines that a document should have replaced;
- `A | B | C` enumerations and `YYYY-MM-DD` dates;
- optional sections marked `(if applicable)`, `(Optional)`, `[Optional]` or an
  `<!-- optional -->` comment, and `[Required]` tags that only restate the default;
- sections required only from a status on: `[required_in: Implementable]` by the heading or in
  its text, "required from Experimental on", "must be completed … to move to `implementable`
  status" (only when the status is one of the template's own);
- headings and titles with placeholders (`Component 1: {Component Name}`, `KEP-NNNN: …`) as
  patterns.
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from importlib import resources

from .model import Field, Kind
from .parse import (
    Outline,
    normalize_key,
    placeholder_tokens,
    read_front_matter,
    scan_outline,
    split_lines,
    strip_comments,
)

DEFAULT_TEMPLATE_NAME = "technical-specification-template.md"

_BRACE_RE = re.compile(r"\{[^{}\n]{1,1000}\}")
_BLANK_RE = re.compile(r"\[[^\[\]\n]{1,200}\](?![(\[:])")
_OPTIONAL_MARKER_RE = re.compile(
    r"\((?:if applicable|optional)\)|\[(?:optional|if applicable)\]", re.IGNORECASE
)
_REQUIRED_MARKER_RE = re.compile(
    r"\[required(?:[ _-](?:in|from)\s*:?[^\[\]\n]{0,60})?\]", re.IGNORECASE
)
_STATUS_WORDS = r"[\"'`*_]*([\w-]+(?:\s+[\w-]+){0,2}?)[\"'`*_]*"
_REQUIRED_FROM_RES = (
    re.compile(rf"\[\s*required[ _-](?:in|from)\s*:?\s*{_STATUS_WORDS}\s*\]", re.IGNORECASE),
    re.compile(
        rf"\brequired\s+(?:from|as\s+of|starting\s+(?:from|at|with))\s+(?:the\s+)?"
        rf"{_STATUS_WORDS}\s+(?:status\s+)?(?:on(?:wards?)?\b|status\b)",
        re.IGNORECASE,
    ),
    re.compile(
        r"\bmust\s+be\s+(?:completed|filled\s+in|answered|written)(?:\s+and\s+approved)?\s+"
        r"(?:for|before)\s+(?:the\s+[\w-]+|it|this\s+[\w-]+)\s+(?:to\s+)?moves?\s+to\s+"
        rf"(?:the\s+)?{_STATUS_WORDS}\s+status\b",
        re.IGNORECASE,
    ),
)
"""How templates say that a section is required only from a status on. What they name counts
only when it is one of the template's statuses: "must be completed when targeting beta" names a
release stage, not a status, and is not read as one."""
_NUMBERING_RE = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[A-Z]\.|[IVX]+\.)\s+")
_EMPHASIS_RE = re.compile(r"[*_`~]+")
_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EXAMPLE_NUMBER_RE = re.compile(r"\b(?:N{2,}|X{2,}|0{3,})\b")
"""`NNNN`, `XXX`, `0000`: a number the author is meant to replace."""
_DIGITS_RE = re.compile(r"\d+")
_TITLE_WORD_RE = re.compile(r"[^\W\d_]+|\d+")
_FILL_IN_RE = re.compile(r"\((?:fill|leave)\b[^()\n]{0,200}\)", re.IGNORECASE)
_MARKER_WORDS = frozenset({"optional", "required", "if applicable", "x", "", "!note", "!tip"})
_ELLIPSIS_RE = re.compile(r"\|\s*(?:…|\.\.\.)\s*(?:\||$)|^(?:…|\.\.\.)$")
_ENUM_SLASH_RE = re.compile(r"\s+/\s+")
_LIST_BULLET_RE = re.compile(r"^(?:>\s*)*(?:(?:[-*+]|\d+[.)])\s+)?")
_OWNER_KEYS = frozenset({"author", "authors", "owner", "owners"})
ROLE_KEYS = {
    "status": "status",
    "owners": None,
    "date": "date",
    "project": "project",
    "version": "version",
    "related_prd": "related prd",
    "related_adr": "related adr",
}
"""The roles a field can play, by the name `fields:` gives them, and the key the core knows each
by (a template's field of that name plays it). Owners have no one key: any field named for them
(`Author`, `Owners`, `Decision makers`) plays that role, so each keeps its own."""
_TITLE_SEPARATOR_RE = re.compile(r":\s|\s[-\u2013\u2014]\s")
_SAYS_OPTIONAL_RE = re.compile(r"\boptional(?:ly)?\b", re.IGNORECASE)
_CONTROL_KEYS = frozenset({"specs kind", "specs ignore"})
"""Front matter keys that steer the plugin itself; a template stating them declares no field."""
_FM_TOP_KEY_RE = re.compile(r"([A-Za-z0-9_][\w -]*?)[ \t]*:(?:[ \t]+(.*))?$")
_WORD_RE = re.compile(r"\w+")
_LINK_LINE_RE = re.compile(r"\[[^\]]*\]\([^)]*\)[.,;]?")
"""A line that is one link (a table of contents entry): structure, not content."""
_MIN_LINE_WORDS = 3
"""A template line of fewer words ("Pros:", "- Goal 1:") is structure, not placeholder text."""


@dataclass(frozen=True, slots=True)
class FieldNames:
    """The names a team gives fields (`fields:`): by role (`owners: [Autor, Autoren]`,
    `date: [Datum]`) or by a template's field name (`Rust Issue: [Tracking Issue]`).

    A template field written under one of those names plays the role (`**Datum:**` is the date,
    the core knows it by the key `date`), and a document may write any of the names for the
    field; the built-in English names keep working. Names are compared as field keys are
    (`normalize_key`). Without any, fields are read exactly as before.
    """

    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(what the names are for: a role of `ROLE_KEYS` or a field's key, the names' keys)."""
    _group_of: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        for target, names in self.groups:
            for name in names:
                self._group_of[name] = target

    @classmethod
    def of(cls, named: Mapping[str, Iterable[str]]) -> FieldNames:
        """From `{role or field name: names}` as configured; see `field_names_problem`."""
        groups = []
        for target, names in named.items():
            role = _role(target)
            keys = tuple(dict.fromkeys(key for name in names if (key := normalize_key(name))))
            groups.append((role or normalize_key(target), keys))
        return cls(tuple(groups))

    def key_of(self, key: str) -> str:
        """The key the core knows a field written as `key` by: its role's (`datum` -> `date`),
        a configured field's (`tracking issue` -> `rust issue`), else `key` itself."""
        target = self._group_of.get(key)
        if target is None or target == "owners":
            return key
        return ROLE_KEYS.get(target) or target

    def plays_owners(self, key: str) -> bool:
        """Whether the field written as `key` names the document's owners: by the English words
        for them, or a name given to owners (or to such a field: `Author: [Autor]`). A name
        given to another role (`date: [Owner review]`) names that role, whatever its words."""
        target = self._group_of.get(key, key)
        return target == "owners" or bool(_OWNER_KEYS.intersection(target.split()))

    def aliases(self, key: str, written: str) -> tuple[str, ...]:
        """The names a document may write for the template's field known as `key` (written
        `written` in the template), besides `key` itself."""
        targets = {key, written, self._group_of.get(written)}
        if self.plays_owners(written):
            targets.add("owners")
        role = next((role for role, known in ROLE_KEYS.items() if known and known == key), None)
        if role is not None:
            targets.add(role)
        names = [name for target, keys in self.groups if target in targets for name in keys]
        return tuple(name for name in dict.fromkeys([written, *names]) if name != key)

    def owner_names(self) -> tuple[str, ...]:
        """The names configured for owners, for documents without a template."""
        return tuple(name for target, keys in self.groups if target == "owners" for name in keys)


NO_FIELD_NAMES = FieldNames()


def _role(name: str) -> str | None:
    """The role `fields:` names (`related_prd`, `Related PRD`), if it names one."""
    key = normalize_key(name)
    return next((role for role in ROLE_KEYS if normalize_key(role) == key), None)


def field_names_problem(
    named: Mapping[str, Iterable[str]], templates: Iterable[Template]
) -> str | None:
    """What is wrong with the `fields` option, if anything: a name given to two fields, a
    role's built-in name given to another, a field no template has."""
    claimed: dict[str, str] = {}
    built_in = {known: role for role, known in ROLE_KEYS.items() if known}
    built_in.update(dict.fromkeys(_OWNER_KEYS, "owners"))
    for target, names in named.items():
        role = _role(target) or normalize_key(target)
        for name in names:
            key = normalize_key(name)
            if not key:
                return f'{target}: "{name}" is no field name'
            if built_in.get(key, role) != role:
                return f'{target}: "{name}" is the built-in name of {built_in[key]}'
            if claimed.setdefault(key, target) != target:
                return f'"{name}" is named for both {claimed[key]} and {target}'
    fields = {normalize_key(item.name): item.name for t in templates for item in t.fields}
    for target in named:
        if _role(target) is None and normalize_key(target) not in fields:
            known = [*ROLE_KEYS, *sorted(set(fields.values()))]
            close = difflib.get_close_matches(target, known, n=1, cutoff=0.6)
            hint = f'; did you mean "{close[0]}"?' if close else f" (roles: {', '.join(ROLE_KEYS)})"
            return f'"{target}" is neither a role nor a field of a template{hint}'
    return None


class FieldType(enum.StrEnum):
    """What a Document Information value must look like."""

    TEXT = "text"
    ENUM = "enum"
    DATE = "date"
    REFERENCE = "reference"
    OWNERS = "owners"


@dataclass(frozen=True, slots=True)
class TemplateField:
    name: str
    key: str
    type: FieldType
    placeholder: str
    """The template's own value, e.g. `{Project Name}`: a document that keeps it is unfilled."""
    line: int
    choices: tuple[str, ...] = ()
    reference_kind: Kind | None = None
    open_choices: bool = False
    """The enumeration ends in `…` (MADR's `proposed | … | superseded by`): its choices are
    the usual values, not the only ones."""
    optional: bool = False
    """Declared optional by the template — a front matter comment, `(optional)` in its name, or
    its value saying so: a document may leave it out."""
    in_block: bool = False
    """Written in the fields section (`## Document Information`), not before the first section."""
    in_section: bool = False
    """The value is the first line of the section named after the field (`## Status`)."""
    from_front_matter: bool = False
    """Declared as a key of the template's front matter (MADR), so documents write it there."""
    example: str = ""
    """The template's line as written (`- Start Date: (fill me in …)`), for hints."""
    aliases: tuple[str, ...] = ()
    """Other names (keys) a document may give the field, from the `fields` option: `datum` for
    the date, `tracking issue` for `Rust Issue`."""

    @property
    def is_placeholder(self) -> bool:
        """Whether keeping the template's value leaves the field unfilled.

        `{…}`, `[…]`, `(fill me in …)`, `0000`, `YYYY-MM-DD` and enumerations are; a plain
        default such as `accepted` is a value the author may keep.
        """
        return bool(self.choices) or looks_like_placeholder(self.placeholder)


@dataclass(frozen=True, slots=True)
class TemplateSection:
    level: int
    text: str
    """The heading as the template writes it (shown in messages)."""
    key: str
    pattern: re.Pattern[str] | None
    """Set for headings with placeholders: any heading matching the pattern satisfies them."""
    optional: bool
    line: int
    parent: int | None
    """Index in `Template.sections` of the enclosing section."""
    alternatives: tuple[str, ...] = ()
    """Keys of the names an `A/B` heading offers (`Introduction/Overview`): each satisfies it."""
    required_from: str | None = None
    """The first status (the template's spelling) of its status list that must have it; a
    document at an earlier status may leave it out."""
    since: dt.date | None = None
    """The day a revision of the template added it (from git): older documents may leave it
    out. `None` for the sections of the template's first version, and without history."""

    @property
    def keys(self) -> tuple[str, ...]:
        """Every heading key that satisfies a literal section."""
        return (self.key, *self.alternatives)

    def matches(self, heading_key: str) -> bool:
        if self.pattern is not None:
            return self.pattern.fullmatch(heading_key) is not None
        return heading_key == self.key or heading_key in self.alternatives


@dataclass(frozen=True)
class Template:
    """A template as documents are checked against it.

    What matching asks of every document (the levels of its top sections by heading key, its
    pattern sections, ...) is computed once, on first use, by `cached_property`: kept in the
    instance's dict, outside the fields that compare, hash and fingerprint a template (which is
    why this class has no `slots`), and gone from a `replace`d copy, which computes its own.
    """

    name: str
    title_text: str | None
    title_pattern: re.Pattern[str] | None
    sections: tuple[TemplateSection, ...]
    fields: tuple[TemplateField, ...]
    fields_section: str | None
    """Normalised heading of the section holding the fields; `None`: they precede the first H2."""
    fields_heading: str | None
    """That section's heading as the template writes it, for hints."""
    placeholders: frozenset[str]
    """Lower-cased placeholder tokens (`{project name}`, `[title]`) found in the template."""
    placeholder_lines: frozenset[str] = frozenset()
    """Prose lines of the template (compared with `line_key`) that stand in for real content."""
    text_lines: frozenset[str] = frozenset()
    """Every prose line of the template: in a document, none of them is the author's own."""
    section_level: int = 2
    """Heading level of the template's top sections (2 in nearly every template)."""
    source: str | None = None
    """The template's file as the configuration names it (relative to `mkdocs.yml`), for hints
    that send the team to it; `None` for a built-in template, which a team cannot edit."""

    def suggest_title(self, title: str, number: str | None) -> str:
        """The template's title written around a document's own: `Technical Specification:
        Payment Retries`, `KEP-2313: AWS tester`.

        The template's numbers (`NNNN`, or its own `696`) take the document's number, from its
        file name or from a prefix the title already has (`1016: Thing` under `RFC-696: …`);
        that prefix is not repeated. A title that is only the template's fixed words (`PRD`
        under `PRD — {Module Name}`) names nothing, so the template's placeholder stays.
        """
        text = self.title_text or title
        placeholders = list(_BRACE_RE.finditer(text))
        if placeholders:
            last = placeholders[-1]
            before, after = text[: last.start()], text[last.end() :]
        elif (separator := _TITLE_SEPARATOR_RE.search(text)) is not None:
            before, after = text[: separator.end()], ""
        else:
            return title
        fixed = set(_TITLE_WORD_RE.findall(before.lower()))
        numbered = any(w.isdigit() or _EXAMPLE_NUMBER_RE.fullmatch(w) for w in fixed)
        name, own_number = _own_name(title, fixed, numbered)
        number = number or own_number or "NNNN"
        before = _DIGITS_RE.sub(number, _EXAMPLE_NUMBER_RE.sub(number, before))
        if not name:
            return before + (text[last.start() : last.end()] if placeholders else "…") + after
        return before + name + after

    def field(self, key: str) -> TemplateField | None:
        return next((f for f in self.fields if f.key == key), None)

    @property
    def statuses(self) -> tuple[str, ...]:
        status = self.field("status")
        return status.choices if status is not None else ()

    def status_rank(self, value: str) -> int | None:
        """Where a status stands in the template's list (`Draft | Review | …`), if it is there."""
        wanted = " ".join(value.strip().strip("*_`\"'").lower().split())
        return next(
            (rank for rank, status in enumerate(self.statuses) if status.lower() == wanted), None
        )

    def required_sections(self, depth: int) -> tuple[int, ...]:
        """Indices of the sections a document must have at this heading depth."""
        required = self._required.get(depth)
        if required is None:
            required = tuple(self._find_required(depth))
            self._required[depth] = required
        return required

    def _find_required(self, depth: int) -> Iterator[int]:
        for index, section in enumerate(self.sections):
            if section.level > depth or section.optional:
                continue
            parent = section.parent
            while parent is not None and not self.sections[parent].optional:
                parent = self.sections[parent].parent
            if parent is None:
                yield index

    @cached_property
    def _required(self) -> dict[int, tuple[int, ...]]:
        return {}

    def required_top_sections(self, depth: int) -> frozenset[int]:
        """Indices of the top sections among `required_sections(depth)`: what the order of a
        document's sections is judged by."""
        top = self._required_top.get(depth)
        if top is None:
            sections = self.sections
            required = self.required_sections(depth)
            top = frozenset(i for i in required if sections[i].parent is None)
            self._required_top[depth] = top
        return top

    @cached_property
    def _required_top(self) -> dict[int, frozenset[int]]:
        return {}

    @cached_property
    def top_levels(self) -> dict[str, int]:
        """The level of the top section each literal heading key names (the first that does)."""
        levels: dict[str, int] = {}
        for section in self.sections:
            if section.parent is None and section.pattern is None:
                for key in section.keys:
                    levels.setdefault(key, section.level)
        return levels

    @cached_property
    def top_patterns(self) -> tuple[TemplateSection, ...]:
        """The top sections whose headings hold placeholders, in the template's order."""
        return tuple(s for s in self.sections if s.parent is None and s.pattern is not None)

    @cached_property
    def _literal_keys(self) -> frozenset[str]:
        return frozenset(key for s in self.sections if s.pattern is None for key in s.keys)

    @cached_property
    def _patterns(self) -> tuple[re.Pattern[str], ...]:
        return tuple(s.pattern for s in self.sections if s.pattern is not None)

    def names_section(self, heading_key: str) -> bool:
        """Whether a heading key meets any section of the template."""
        return heading_key in self._literal_keys or any(
            pattern.fullmatch(heading_key) is not None for pattern in self._patterns
        )

    def sections_to(self, depth: int) -> tuple[tuple[int, TemplateSection], ...]:
        """(index, section) of the sections down to heading level `depth`."""
        found = self._sections_to.get(depth)
        if found is None:
            found = tuple((i, s) for i, s in enumerate(self.sections) if s.level <= depth)
            self._sections_to[depth] = found
        return found

    @cached_property
    def _sections_to(self) -> dict[int, tuple[tuple[int, TemplateSection], ...]]:
        return {}

    @cached_property
    def placeholder_line_words(self) -> tuple[str, ...]:
        """The longest word of each of `placeholder_lines` (`probability` of `**Probability:**
        High | Medium | Low`): a document's line can only be one of them if its lower-cased text
        holds that word, and a search finds where it does."""
        lines = self.placeholder_lines
        return tuple(sorted({max(_WORD_RE.findall(key) or key.split(), key=len) for key in lines}))


@lru_cache(maxsize=1 << 16)
def heading_key(text: str) -> str:
    """Normalise a heading for matching: no numbering, emphasis, markers, punctuation, case,
    spacing or `and` (so `TL;DR` is `TLDR` and `Risks & Mitigations` is `Risks and Mitigations`).

    Cached: documents written from one template repeat the same headings thousands of times.
    """
    if "](" in text:
        text = _LINK_RE.sub(r"\1", text)
    if "[" in text or "(" in text:
        text = _REQUIRED_MARKER_RE.sub(" ", _OPTIONAL_MARKER_RE.sub(" ", text))
    if "*" in text or "_" in text or "`" in text or "~" in text:  # a search costs less than `sub`
        text = _EMPHASIS_RE.sub("", text)
    text = _NUMBERING_RE.sub("", text)
    return _compact(text)


def _compact(text: str) -> str:
    """The words of `text`, lower-cased and run together, without `and`: what a heading means.

    An ASCII heading (nearly all) is cut into words by one byte table, in C: the regular
    expression of `normalize_key` cost half of reading a spec's outline, whose headings naming
    its own components and endpoints are each seen once, so never found in the cache.
    """
    if text.isascii():
        words = text.encode().translate(_ASCII_WORDS).split()
        return b"".join(filter(b"and".__ne__, words)).decode()
    return "".join(filter("and".__ne__, normalize_key(text).split()))


_ASCII_WORDS = bytes(
    byte + 32 if 65 <= byte <= 90 else byte if chr(byte).isalnum() and byte < 128 else 32
    for byte in range(256)
)
"""`normalize_key` of ASCII text without its spaces: letters lower-cased, digits kept, anything
else (`_` too, as `[\\W_]`) a space between words."""


def is_optional_heading(text: str) -> bool:
    return _OPTIONAL_MARKER_RE.search(text) is not None


def line_key(text: str) -> str:
    """Compare prose lines regardless of quote and list markers, case and spacing."""
    return " ".join(_LIST_BULLET_RE.sub("", text, count=1).lower().split())


def looks_like_placeholder(value: str) -> bool:
    """A value in one of the placeholder styles templates use."""
    return bool(
        _BRACE_RE.search(value)
        or _is_blank(value)
        or _FILL_IN_RE.search(value)
        or _EXAMPLE_NUMBER_RE.search(value)
        or "YYYY" in value.upper()
    )


def _is_blank(text: str) -> bool:
    """A `[…]` that a template uses as a blank to fill, not a link, footnote or task box."""
    return any(_blank_token(m.group(0)) for m in _BLANK_RE.finditer(text))


def _blank_token(token: str) -> bool:
    inner = token[1:-1].strip().lower()
    return (
        inner not in _MARKER_WORDS
        and not inner.startswith(("^", "!"))
        and any(c.isalpha() for c in inner)
    )


def _placeholder_regex(text: str) -> str:
    """The literal words of `text` in order, any placeholder in between matching anything."""
    pieces = re.split(rf"({_BRACE_RE.pattern}|{_BLANK_RE.pattern})", text)
    regex = ""
    for piece in pieces:
        if _BRACE_RE.fullmatch(piece) or _BLANK_RE.fullmatch(piece):
            regex += r".+?"
        elif words := _compact(piece):
            regex += re.escape(words)
    return regex


_MIN_ALTERNATIVE = 3
"""Shorter sides of a `/` are an abbreviation (`CI/CD`, `I/O`), not a name of their own."""


def _section_pattern(text: str) -> tuple[str, re.Pattern[str] | None, tuple[str, ...]]:
    """Key and, for a heading with placeholders, the regex that document heading keys must match,
    and the keys of the alternatives `A/B` offers."""
    marked = _REQUIRED_MARKER_RE.sub(" ", _OPTIONAL_MARKER_RE.sub(" ", text))
    if not (_BRACE_RE.search(marked) or _is_blank(marked)):
        alternatives: tuple[str, ...] = ()
        if "/" in text and "](" not in text:
            sides = tuple(heading_key(side) for side in text.split("/"))
            if all(len(side) >= _MIN_ALTERNATIVE for side in sides):
                alternatives = sides
        return heading_key(text), None, alternatives
    literal = _BLANK_RE.sub(" ", _BRACE_RE.sub(" ", marked))
    pattern = _placeholder_regex(_NUMBERING_RE.sub("", _EMPHASIS_RE.sub("", marked)))
    return heading_key(literal), re.compile(pattern), ()


def _own_name(title: str, fixed: set[str], numbered: bool) -> tuple[str, str | None]:
    """A document title without the prefix it wrote of the template's (`RFC 1016: `), and the
    number in that prefix; the name is empty when the title is nothing but such a prefix.

    The prefix may shorten the template's words (`Tech Spec:`); a number only counts as part of
    it when the template's has one (`2024: Review` under `Technical Specification: {Title}` is
    the author's title)."""
    separator = _TITLE_SEPARATOR_RE.search(title)
    head = title[: separator.start()] if separator else title
    words = _TITLE_WORD_RE.findall(head.lower())
    if not all((numbered and word.isdigit()) or _abbreviates(word, fixed) for word in words):
        return title, None
    number = next((word for word in words if word.isdigit()), None)
    return (title[separator.end() :].strip() if separator else ""), number


def _abbreviates(word: str, fixed: set[str]) -> bool:
    """`spec` for the template's `Specification`, or the word itself."""
    return word in fixed or (
        len(word) > 1 and not word.isdigit() and any(f.startswith(word) for f in fixed)
    )


def _title_regex(text: str) -> re.Pattern[str]:
    """The pattern a document's H1 must follow, capturing the part that names the document.

    `Technical Specification: {Name}` accepts any separator and captures the name. Without a
    placeholder, `KEP-NNNN: Your short, descriptive title` is a literal prefix with a number and
    a free title after the separator, and an H1 with no separator accepts any title. Only the
    last placeholder is captured (`ADR {NUMBER}: {TITLE}`); when it ends the title it matches
    to the end of the line, so a long H1 never makes the match backtrack.
    """
    tokens = [
        m
        for m in re.finditer(rf"{_BRACE_RE.pattern}|{_BLANK_RE.pattern}", text)
        if m.group(0)[0] == "{" or _blank_token(m.group(0))
    ]
    if not tokens:
        separator = _TITLE_SEPARATOR_RE.search(text)
        if separator is None or not separator.start():
            return re.compile(r"\s*(?P<title>.+)", re.DOTALL)
        prefix = _literal_words(text[: separator.start()], r"[\W_]+", _TITLE_LEAD)
        return re.compile(rf"[\W_]*{prefix}(?P<title>.+)", re.IGNORECASE | re.DOTALL)
    regex = r"[\W_]*"
    position = 0
    for token in tokens[:-1]:
        regex += _literal_words(text[position : token.start()], r"[\W_]+") + r".+?"
        position = token.end()
    tail = text[tokens[-1].end() :]
    regex += _literal_words(text[position : tokens[-1].start()], r"[\W_]+", _TITLE_LEAD)
    if re.search(r"\w", tail):
        regex += r"(?P<title>.+?)" + _literal_words(tail, r"[\W_]*")
    else:
        regex += r"(?P<title>.+)"
    return re.compile(regex, re.IGNORECASE | re.DOTALL)


_TITLE_LEAD = r"(?:\s*[:|\u2013\u2014-]+\s*|\s+|$)"
"""What may stand between a title's fixed words and its own name: a separator or spaces, and
nothing more, so that `(Internal) Billing` or `.NET Upgrade` keeps its first character."""


def _literal_words(text: str, wordless: str, end: str = r"[\W_]*") -> str:
    """Words that must appear as written, any separators between; `NNNN` stands for a number,
    and so does any number: a template is often a numbered document itself (`RFC-696: …`).

    A piece without words (`: ` between two placeholders) still needs `wordless` there.
    """
    words = re.findall(r"\w+", text)
    if not words:
        return wordless if text.strip() else ""
    parts = [
        r"\d+" if _EXAMPLE_NUMBER_RE.fullmatch(w) else _DIGITS_RE.sub(r"\\d+", re.escape(w))
        for w in words
    ]
    return r"[\W_]*".join(parts) + end


def _field_type(
    key: str, value: str, owners: bool
) -> tuple[FieldType, tuple[str, ...], Kind | None]:
    inner = value.strip()
    if inner.startswith("{") and inner.endswith("}"):
        inner = inner[1:-1]
    if key.startswith("related"):
        kind = next((k for k in Kind if k.value in key.split()), None)
        return FieldType.REFERENCE, (), kind
    if "YYYY-MM-DD" in value.upper():
        return FieldType.DATE, (), None
    if owners:
        return FieldType.OWNERS, (), None
    choices = _enumeration(inner)
    if choices:
        return FieldType.ENUM, choices, None
    return FieldType.TEXT, (), None


def _enumeration(value: str) -> tuple[str, ...]:
    """`A | B | C` (or, in a table cell where `|` cannot be written, `A / B / C`)."""
    if "|" in value:
        parts = value.split("|")
        minimum = 2
    else:
        parts = _ENUM_SLASH_RE.split(value)
        minimum = 3
        if any(len(part.split()) > 3 for part in parts):
            return ()
    choices = tuple(
        choice
        for part in parts
        if (choice := part.strip().strip("{}\"'").strip()) and not _ELLIPSIS_RE.fullmatch(choice)
    )
    return choices if len(choices) >= minimum else ()


def _front_matter_fields(lines: list[str], end: int) -> list[tuple[Field, bool]]:
    """The template's own front matter keys, with their values as written (not as YAML reads them:
    `date: {YYYY-MM-DD}` is a YAML mapping, but it is a placeholder to the author), and whether a
    comment such as `# These are optional metadata elements` made them optional."""
    found: list[tuple[Field, bool]] = []
    optional = False
    for index in range(1, max(end - 1, 1)):
        raw = lines[index]
        if raw.lstrip().startswith("#"):
            optional = "optional" in raw.lower()
            continue
        if raw[:1] in (" ", "\t", "-"):
            continue
        match = _FM_TOP_KEY_RE.match(raw.rstrip())
        if match is None:
            continue
        name = match.group(1).strip()
        value = (match.group(2) or "").strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        key = normalize_key(name)
        if key and key not in _CONTROL_KEYS:
            found.append((Field(name, key, value, index + 1, from_front_matter=True), optional))
    return found


def _template_fields(
    outline: Outline, lines: list[str], fm_end: int, names: FieldNames
) -> tuple[list[TemplateField], str | None]:
    """The fields a document must state, and the section (normalised) that holds them; a
    field named in `names` is known by its role's key and may be written under its names."""
    preamble = outline.field_blocks.get(0, {})
    block_line, block = max(
        ((line, block) for line, block in outline.field_blocks.items() if line),
        key=lambda item: (len(item[1]), -item[0]),
        default=(0, {}),
    )
    fields_section = None
    if len(block) > len(preamble):
        heading = next(h for h in outline.headings if h.line == block_line)
        fields_section = heading_key(heading.text)
    declared = [(item, False) for item in preamble.values()]
    in_block: list[str] = []
    if fields_section is not None:
        in_block = [key for key in block if key not in preamble]
        declared += [(block[key], False) for key in in_block]
    known = {item.key for item, _ in declared}
    declared += [
        (item, optional)
        for item, optional in _front_matter_fields(lines, fm_end)
        if item.key not in known
    ]
    fields = []
    for item, optional in declared:
        name = _OPTIONAL_MARKER_RE.sub("", item.name).strip()
        written = normalize_key(name)
        key = names.key_of(written)
        field_type, choices, reference_kind = _field_type(
            key, item.value, names.plays_owners(written)
        )
        fields.append(
            TemplateField(
                name,
                key,
                field_type,
                item.value,
                item.line,
                choices,
                reference_kind,
                open_choices=bool(choices) and _ELLIPSIS_RE.search(item.value) is not None,
                optional=optional
                or is_optional_heading(item.name)
                or _SAYS_OPTIONAL_RE.search(item.value) is not None,
                in_block=item.key in in_block,
                in_section=heading_key(name) == fields_section,
                from_front_matter=item.from_front_matter,
                example=lines[item.line - 1].strip() if item.line <= len(lines) else "",
                aliases=names.aliases(key, written),
            )
        )
    return fields, fields_section


def _text_lines(outline: Outline) -> tuple[frozenset[str], frozenset[str]]:
    """Every prose line of the template, and those that stand for content: long enough to be
    specific, unique in the template, not a table row or a lone link (a table of contents), and
    not holding a placeholder token (those are reported by token)."""
    with_tokens = {line for line, _ in outline.placeholders}
    keyed = [
        (line, text, line_key(strip_comments(text)) if "<!--" in text else line_key(text))
        for line, text in outline.body_lines
    ]
    counts = Counter(key for _, _, key in keyed)
    placeholder_lines = frozenset(
        key
        for line, text, key in keyed
        if counts[key] == 1
        and line not in with_tokens
        and not text.startswith("|")
        and not _LINK_LINE_RE.fullmatch(key)
        and len(_WORD_RE.findall(_LINK_RE.sub(r"\1", key))) >= _MIN_LINE_WORDS
    )
    return frozenset(counts), placeholder_lines


def has_heading(text: str) -> bool:
    """Whether Markdown has a heading (ATX or setext) outside front matter, code and comments:
    a file without one declares no outline, and is most likely not a template at all."""
    lines = split_lines(text)
    _, fm_end, _ = read_front_matter(lines)
    return bool(scan_outline(lines, fm_end).headings)


def read_template(text: str, name: str, names: FieldNames = NO_FIELD_NAMES) -> Template:
    """Build a `Template` from Markdown, its fields named by `names` as well as by their own
    names. Never raises: a template with no fields checks none."""
    lines = split_lines(text)
    _, fm_end, _ = read_front_matter(lines)
    outline = scan_outline(lines, fm_end)

    # One H1 is the title; a template with several (the first Rust RFC template) has none, and
    # its H1s are its sections.
    h1s = [h for h in outline.headings if h.level == 1]
    title = h1s[0].text if len(h1s) == 1 else None
    sections: list[TemplateSection] = []
    stack: list[int] = []
    seen: set[tuple[str, int | None, int]] = set()
    fields, fields_section = _template_fields(outline, lines, fm_end, names)
    statuses = next((item.choices for item in fields if item.key == "status"), ())
    starts = [h.line for h in outline.headings] + [len(lines) + 1]
    for position, heading in enumerate(outline.headings):
        if heading.level == 1 and title is not None:
            continue
        while stack and sections[stack[-1]].level >= heading.level:
            stack.pop()
        key, pattern, alternatives = _section_pattern(heading.text)
        parent = stack[-1] if stack else None
        # A section the template repeats (`### {Requirement Name}`, then another) shows that
        # it may repeat; only its first occurrence is required.
        repeated = (key, parent, heading.level) in seen
        seen.add((key, parent, heading.level))
        sections.append(
            TemplateSection(
                level=heading.level,
                text=_OPTIONAL_MARKER_RE.sub("", _REQUIRED_MARKER_RE.sub("", heading.text))
                .replace("``", "")
                .strip(),
                key=key,
                pattern=pattern,
                optional=repeated
                or is_optional_heading(heading.text)
                or heading.line in outline.optional_headings,
                line=heading.line,
                parent=parent,
                alternatives=alternatives,
                required_from=_required_from(
                    heading.text, lines[heading.line : starts[position + 1] - 1], statuses
                )
                if statuses
                else None,
            )
        )
        stack.append(len(sections) - 1)

    placeholders = {
        token.lower()
        for _, token in outline.placeholders
        if token[0] in "{(" or _blank_token(token)
    }
    for heading in outline.headings:
        placeholders.update(
            token.lower()
            for token in placeholder_tokens(heading.text)
            if token[0] in "{(" or _blank_token(token)
        )
    text_lines, placeholder_lines = _text_lines(outline)
    return Template(
        name=name,
        title_text=title,
        title_pattern=_title_regex(title) if title else None,
        sections=tuple(sections),
        fields=tuple(fields),
        fields_section=fields_section,
        fields_heading=next((s.text for s in sections if s.key == fields_section), None),
        placeholders=frozenset(placeholders),
        placeholder_lines=placeholder_lines,
        text_lines=text_lines,
        section_level=min((s.level for s in sections), default=2),
    )


def _required_from(heading: str, prose: list[str], statuses: tuple[str, ...]) -> str | None:
    """The status from which the template says a section is required, by its heading or in its
    own text (comments included, subsections not), when that is one of the template's statuses."""
    text = " ".join(" ".join(prose).split())
    for source in (heading, text):
        for regex in _REQUIRED_FROM_RES:
            for match in regex.finditer(source):
                wanted = " ".join(match.group(1).lower().split())
                named = next((status for status in statuses if status.lower() == wanted), None)
                if named is not None:
                    return named
    return None


def section_key(heading: str) -> str:
    """The key a template heading is known by (`Template.sections[…].key`)."""
    return _section_pattern(heading)[0]


def with_required_from(
    template: Template, required: Mapping[str, str]
) -> tuple[Template, set[str]]:
    """The template with sections required from a status on, as the configuration names them
    (`{"Graduation Criteria": "implementable"}`, headings matched as headings are), and the
    headings that named one of its sections. A status that is not the template's is a
    `ValueError` saying so."""
    sections = list(template.sections)
    used: set[str] = set()
    for heading, status in required.items():
        key = heading_key(heading)
        found = [i for i, section in enumerate(sections) if section.matches(key)]
        if not found:
            continue
        used.add(heading)
        rank = template.status_rank(status)
        if rank is None:
            listed = (
                f"its statuses: {' | '.join(template.statuses)}"
                if template.statuses
                else "it lists no statuses"
            )
            raise ValueError(
                f'"{heading}": "{status}" is not a status of the template {template.name} '
                f"({listed})"
            )
        for index in found:
            sections[index] = replace(sections[index], required_from=template.statuses[rank])
    return replace(template, sections=tuple(sections)), used


def with_history(template: Template, added: Mapping[str, dt.date]) -> Template:
    """The template with the day each section was added (`TemplateHistory.added`) recorded."""
    sections = tuple(replace(s, since=added.get(s.key)) for s in template.sections)
    return replace(template, sections=sections)


def default_template(names: FieldNames = NO_FIELD_NAMES) -> Template:
    """The built-in technical specification template shipped in `resources/`."""
    text = resources.files("mkdocs_specs").joinpath("resources/spec-template.md").read_text("utf-8")
    return read_template(text, DEFAULT_TEMPLATE_NAME, names)
