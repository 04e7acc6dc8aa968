"""Reading a template `.md` into a `Template`: the outline, title and fields a document must have.

A template is data, read with the same parser as the documents written from it. Its
conventions are the ones real templates use: `{…}` placeholders, `A | B | C` enumerations,
`YYYY-MM-DD` dates, `(if applicable)` / `(Optional)` / `<!-- optional -->` markers, headings that
contain placeholders (`Component 1: {Component Name}`) as patterns.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from importlib import resources

from .model import Kind
from .parse import front_matter_fields, normalize_key, read_front_matter, scan_outline, split_lines

DEFAULT_TEMPLATE_NAME = "technical-specification-template.md"

_BRACE_RE = re.compile(r"\{[^{}\n]{1,200}\}")
_OPTIONAL_MARKER_RE = re.compile(
    r"\((?:if applicable|optional)\)|\[(?:optional|if applicable)\]", re.IGNORECASE
)
_REQUIRED_MARKER_RE = re.compile(r"\[required\]", re.IGNORECASE)
_NUMBERING_RE = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[A-Z]\.|[IVX]+\.)\s+")
_EMPHASIS_RE = re.compile(r"[*_`~]+")
_LINK_RE = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_OWNER_KEYS = frozenset({"author", "authors", "owner", "owners"})


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

    def matches(self, heading_key: str) -> bool:
        if self.pattern is not None:
            return self.pattern.fullmatch(heading_key) is not None
        return heading_key == self.key


@dataclass(frozen=True, slots=True)
class Template:
    name: str
    title_text: str | None
    title_pattern: re.Pattern[str] | None
    sections: tuple[TemplateSection, ...]
    fields: tuple[TemplateField, ...]
    fields_section: str | None
    """Normalised heading of the section holding the fields; `None`: they precede the first H2."""
    placeholders: frozenset[str]
    """Lower-cased placeholder tokens (`{project name}`) found anywhere in the template."""

    @property
    def fields_heading(self) -> str | None:
        """The fields section's heading as the template writes it."""
        section = next((s for s in self.sections if s.key == self.fields_section), None)
        return section.text if section is not None else None

    def field(self, key: str) -> TemplateField | None:
        return next((f for f in self.fields if f.key == key), None)

    @property
    def statuses(self) -> tuple[str, ...]:
        status = self.field("status")
        return status.choices if status is not None else ()

    def required_sections(self, depth: int) -> list[int]:
        """Indices of the sections a document must have at this heading depth."""
        required = []
        for index, section in enumerate(self.sections):
            if section.level > depth or section.optional:
                continue
            parent = section.parent
            while parent is not None and not self.sections[parent].optional:
                parent = self.sections[parent].parent
            if parent is None:
                required.append(index)
        return required


def heading_key(text: str) -> str:
    """Normalise a heading for matching: no numbering, emphasis, markers, punctuation or case."""
    text = _LINK_RE.sub(r"\1", text)
    text = _OPTIONAL_MARKER_RE.sub(" ", text)
    text = _REQUIRED_MARKER_RE.sub(" ", text)
    text = _EMPHASIS_RE.sub("", text)
    text = _NUMBERING_RE.sub("", text)
    return normalize_key(text)


def is_optional_heading(text: str) -> bool:
    return _OPTIONAL_MARKER_RE.search(text) is not None


def _section_pattern(text: str) -> tuple[str, re.Pattern[str] | None]:
    """Key and, for a heading with placeholders, the regex that document heading keys must match."""
    if not _BRACE_RE.search(text):
        return heading_key(text), None
    literal_runs = [heading_key(run) for run in _BRACE_RE.split(text)]
    regex = r"\s*.+?\s*".join(re.escape(run) for run in literal_runs)
    return heading_key(_BRACE_RE.sub(" ", text)), re.compile(regex)


def _title_regex(text: str) -> re.Pattern[str]:
    """`Technical Specification: {Name}` accepts any separator and captures the name."""
    pieces = re.split(r"(\{[^{}\n]{1,200}\})", text)
    regex = r"[\W_]*"
    captured = False
    for piece in pieces:
        if _BRACE_RE.fullmatch(piece):
            regex += r"(?P<title>.+?)" if not captured else r".+?"
            captured = True
        else:
            words = re.findall(r"\w+", piece)
            if words:
                regex += r"[\W_]+".join(re.escape(w) for w in words) + r"[\W_]*"
    if not captured:
        regex += r"(?P<title>.*?)"
    return re.compile(regex + r"\s*", re.IGNORECASE)


def _field_type(key: str, value: str) -> tuple[FieldType, tuple[str, ...], Kind | None]:
    inner = value.strip()
    if inner.startswith("{") and inner.endswith("}"):
        inner = inner[1:-1]
    if key.startswith("related"):
        kind = next((k for k in Kind if k.value in key.split()), None)
        return FieldType.REFERENCE, (), kind
    if "YYYY-MM-DD" in value.upper():
        return FieldType.DATE, (), None
    if key in _OWNER_KEYS:
        return FieldType.OWNERS, (), None
    if "|" in inner:
        choices = tuple(c.strip() for c in inner.split("|") if c.strip() and c.strip() != "…")
        if len(choices) >= 2:
            return FieldType.ENUM, choices, None
    return FieldType.TEXT, (), None


def read_template(text: str, name: str) -> Template:
    """Build a `Template` from Markdown. Never raises: a template with no fields checks none."""
    lines = split_lines(text)
    front_matter, fm_end, _ = read_front_matter(lines)
    outline = scan_outline(lines, fm_end)

    sections: list[TemplateSection] = []
    stack: list[int] = []
    for heading in outline.headings:
        if heading.level == 1:
            continue
        while stack and sections[stack[-1]].level >= heading.level:
            stack.pop()
        key, pattern = _section_pattern(heading.text)
        sections.append(
            TemplateSection(
                level=heading.level,
                text=_OPTIONAL_MARKER_RE.sub("", heading.text).strip(),
                key=key,
                pattern=pattern,
                optional=is_optional_heading(heading.text)
                or heading.line in outline.optional_headings,
                line=heading.line,
                parent=stack[-1] if stack else None,
            )
        )
        stack.append(len(sections) - 1)

    block_line, block = max(
        outline.field_blocks.items(), key=lambda item: (len(item[1]), -item[0]), default=(0, {})
    )
    if not block:
        block = front_matter_fields(front_matter, lines, fm_end)
    fields_section = next(
        (heading_key(h.text) for h in outline.headings if block_line and h.line == block_line),
        None,
    )
    fields = []
    for item in block.values():
        field_type, choices, reference_kind = _field_type(item.key, item.value)
        fields.append(
            TemplateField(
                item.name, item.key, field_type, item.value, item.line, choices, reference_kind
            )
        )

    placeholders = {token.lower() for _, token in outline.placeholders if token.startswith("{")}
    for heading in outline.headings:
        placeholders.update(token.lower() for token in _BRACE_RE.findall(heading.text))
    title = next((h.text for h in outline.headings if h.level == 1), None)
    return Template(
        name=name,
        title_text=title,
        title_pattern=_title_regex(title) if title else None,
        sections=tuple(sections),
        fields=tuple(fields),
        fields_section=fields_section,
        placeholders=frozenset(placeholders),
    )


def default_template() -> Template:
    """The built-in technical specification template shipped in `resources/`."""
    text = resources.files("mkdocs_specs").joinpath("resources/spec-template.md").read_text("utf-8")
    return read_template(text, DEFAULT_TEMPLATE_NAME)
