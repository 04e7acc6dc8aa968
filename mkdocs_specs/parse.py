"""Reading a page's Markdown source into a `Document`.

One line-based pass finds the front matter, the heading outline, the metadata fields and the
bracketed tokens that may be unfilled placeholders. Fenced code, indented code and HTML comments
are skipped, so a `# comment` in a shell snippet is never mistaken for a heading. The same reader
serves templates (`template.py`), so a template and the documents written from it are always
read by the same rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .model import Document, Field, Heading, Kind

_YAML_BASE: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _FrontMatterLoader(_YAML_BASE):  # type: ignore[misc, valid-type]
    """A safe loader that keeps dates as the strings the author wrote.

    PyYAML turns `2026-10-01` into a `date` and raises on `2026-02-30`; we want to report an
    impossible date as an `invalid-date` finding on the right line, not lose the whole block.
    """


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_FENCE_RE = re.compile(r"(`{3,}|~{3,})")
_ATX_RE = re.compile(r"(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT_RE = re.compile(r"(=+|-+)[ \t]*$")
_LIST_MARKER_RE = re.compile(r"(?:[-*+]|\d+[.)])[ \t]")
_BOLD_FIELD_RE = re.compile(
    r"(?:[-*+][ \t]+)?\*\*(?P<name>[^*:\n]{1,60}?)[ \t]*(?::[ \t]*\*\*|\*\*[ \t]*:)"
    r"[ \t]*(?P<value>.*?)[ \t]*$"
)
_PLAIN_FIELD_RE = re.compile(
    r"(?:[-*+][ \t]+)?(?P<name>[A-Za-z][A-Za-z0-9 _/-]{0,40}?)[ \t]*:"
    r"[ \t]+(?P<value>\S.*?)[ \t]*$"
)
_INLINE_CODE_RE = re.compile(r"(`+).+?\1")
_PLACEHOLDER_RE = re.compile(r"\{[^{}\n]{1,200}\}|\[[^\[\]\n]{1,200}\](?![(\[:])")
_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
_NON_WORD_RE = re.compile(r"[\W_]+")


def normalize_key(name: str) -> str:
    """`Related_PRD`, `related-prd` and `Related PRD` are all the field `related prd`."""
    return _NON_WORD_RE.sub(" ", name).strip().lower()


def decode_source(data: bytes) -> tuple[str, int | None]:
    """Decode a page's bytes; also return the 1-based line of the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        bad_line = data.count(b"\n", 0, error.start) + 1
        return data.decode("utf-8-sig", errors="replace"), bad_line


def split_lines(text: str) -> list[str]:
    """Split like an editor counts lines: on LF, CRLF and lone CR only."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


@dataclass(slots=True)
class Outline:
    """What one pass over the Markdown found, before any template is involved."""

    headings: list[Heading] = field(default_factory=list)
    optional_headings: set[int] = field(default_factory=set)
    """Lines of headings followed by an `<!-- optional -->` comment."""
    field_blocks: dict[int, dict[str, Field]] = field(default_factory=dict)
    """Fields before the first H3 of each H2 section, keyed by the H2's line (0: preamble)."""
    placeholders: list[tuple[int, str]] = field(default_factory=list)
    body_lines: list[tuple[int, str]] = field(default_factory=list)
    status_line: str | None = None
    """The first prose line of a section headed `Status` (ADR style)."""


def read_front_matter(
    lines: list[str],
) -> tuple[dict[str, Any], int, tuple[int, str] | None]:
    """Strictly parse a leading `---` YAML block.

    Returns the mapping, the last line of the block (0 when there is none) and, when the block is
    broken, the (line, message) of the problem. MkDocs swallows these errors silently; we report
    them.
    """
    if not lines or lines[0].rstrip() != "---":
        return {}, 0, None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            end = index
            break
    else:
        return {}, 0, None
    source = "\n".join(lines[1:end])
    try:
        data = yaml.load(source, Loader=_FrontMatterLoader)
    except yaml.YAMLError as error:
        return {}, end + 1, _yaml_problem(error, end)
    except (ValueError, TypeError, RecursionError) as error:
        return {}, end + 1, (1, f"front matter could not be read: {error}")
    if data is None:
        return {}, end + 1, None
    if not isinstance(data, dict):
        found = type(data).__name__
        return (
            {},
            end + 1,
            (2, f"front matter must be a mapping of keys to values, found a {found}"),
        )
    return {str(key): value for key, value in data.items()}, end + 1, None


def _yaml_problem(error: yaml.YAMLError, end: int) -> tuple[int, str]:
    """Locate a YAML error on a file line and phrase it the way PyYAML's parts read best."""
    context = getattr(error, "context", None)
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
    line = min(mark.line + 2, end + 1) if mark is not None else 1
    detail = f"{context}: {problem}" if context else problem
    return line, f"front matter is not valid YAML ({detail})"


def scan_outline(lines: list[str], start: int = 0) -> Outline:
    """Walk the Markdown body once, skipping code and comments.

    `start` is the index of the first body line (after front matter); reported lines are 1-based
    line numbers of the whole file.
    """
    out = Outline()
    fence: str | None = None
    in_comment = False
    previous_prose: tuple[int, str] | None = None
    previous_blank = True
    current_block: dict[str, Field] = {}
    out.field_blocks[0] = current_block
    in_preamble = True
    past_h3 = False
    pending_optional: int | None = None
    status_pending = False

    for index in range(start, len(lines)):
        raw = lines[index]
        number = index + 1
        stripped = raw.lstrip(" \t")
        indent = len(raw) - len(stripped)
        if in_comment:
            if "-->" in raw:
                in_comment = False
            continue
        if fence is not None:
            if indent <= 3 and stripped.startswith(fence) and not stripped.strip(fence[0]).strip():
                fence = None
            continue
        if not stripped:
            previous_blank = True
            previous_prose = None
            continue
        if indent <= 3:
            match = _FENCE_RE.match(stripped)
            if match and not (match.group(1)[0] == "`" and "`" in stripped[len(match.group(1)) :]):
                fence = match.group(1)
                previous_prose = None
                continue
        if stripped.startswith("<!--"):
            comment_end = stripped.find("-->", 4)
            if comment_end < 0:
                in_comment = True
            elif pending_optional is not None and "optional" in stripped[4:comment_end].lower():
                out.optional_headings.add(pending_optional)
            continue
        if indent >= 4 and previous_blank and previous_prose is None:
            continue  # indented code block
        level, text = _heading_at(stripped, indent, previous_prose)
        if level:
            line = number
            if text is None:  # setext: the previous line was the heading text
                line, text = previous_prose  # type: ignore[misc]
                out.body_lines.pop()
            text = _COMMENT_RE.sub("", text).strip()
            if _has_optional_comment(stripped):
                out.optional_headings.add(line)
            out.headings.append(Heading(level, text, line))
            pending_optional = line
            if level <= 2:
                in_preamble = level == 1 and in_preamble
                past_h3 = False
                if level == 2:
                    current_block = {}
                    out.field_blocks[line] = current_block
                status_pending = normalize_key(text) == "status"
            else:
                past_h3 = True
            previous_prose = None
            previous_blank = False
            continue
        pending_optional = None
        previous_blank = False
        previous_prose = (number, stripped.rstrip())
        if not past_h3:
            _read_field(stripped, number, in_preamble, current_block)
        if status_pending:
            out.status_line = stripped.strip()
            status_pending = False
        prose = _INLINE_CODE_RE.sub("", stripped) if "`" in stripped else stripped
        if "{" in prose or "[" in prose:
            out.placeholders.extend((number, m.group(0)) for m in _PLACEHOLDER_RE.finditer(prose))
        out.body_lines.append((number, stripped.rstrip()))
    return out


def _heading_at(
    stripped: str, indent: int, previous_prose: tuple[int, str] | None
) -> tuple[int, str | None]:
    """(level, text) of an ATX heading, (level, None) for a setext underline, else (0, None)."""
    if indent > 3:
        return 0, None
    if stripped.startswith("#"):
        match = _ATX_RE.match(stripped)
        if match:
            return len(match.group(1)), (match.group(2) or "").strip()
    if (
        previous_prose is not None
        and stripped[0] in "=-"
        and _SETEXT_RE.match(stripped)
        and not _LIST_MARKER_RE.match(previous_prose[1])
        and not previous_prose[1].startswith(("|", ">"))
    ):
        return (1 if stripped[0] == "=" else 2), None
    return 0, None


def _has_optional_comment(line: str) -> bool:
    return "<!--" in line and "optional" in line.lower().split("<!--", 1)[1]


def _read_field(stripped: str, number: int, in_preamble: bool, block: dict[str, Field]) -> None:
    """Record a `**Key:** value` line, or a `- Key: value` / `Key: value` line in the preamble."""
    match = _BOLD_FIELD_RE.match(stripped) if stripped.startswith(("*", "-", "+")) else None
    if match is None and in_preamble:
        match = _PLAIN_FIELD_RE.match(stripped)
        if match is not None and "://" in match.group("name") + ":" + match.group("value")[:2]:
            match = None
    if match is None:
        return
    name = match.group("name").strip()
    key = normalize_key(name)
    if key and key not in block:
        block[key] = Field(name, key, match.group("value").strip(), number)


_FM_KEY_RE = re.compile(r"([^\s#:][^:]*?)[ \t]*:")


def front_matter_fields(
    front_matter: dict[str, Any], lines: list[str], end: int
) -> dict[str, Field]:
    """Front matter values as fields (lists joined with commas), each on the line of its key."""
    key_lines: dict[str, int] = {}
    for index in range(1, max(end - 1, 1)):
        match = _FM_KEY_RE.match(lines[index])
        if match:
            key_lines.setdefault(normalize_key(match.group(1).strip("'\"")), index + 1)
    fields: dict[str, Field] = {}
    for name, raw in front_matter.items():
        if isinstance(raw, dict):
            continue
        if isinstance(raw, list):
            value = ", ".join(str(item) for item in raw if not isinstance(item, dict | list))
        else:
            value = "" if raw is None else str(raw)
        key = normalize_key(name)
        if key:
            line = key_lines.get(key, 1)
            fields[key] = Field(name, key, value.strip(), line, from_front_matter=True)
    return fields


def parse_document(src_path: str, text: str, kind: Kind) -> Document:
    """Read one page. Never raises: whatever cannot be read becomes a `parse_problem`."""
    lines = split_lines(text)
    front_matter, fm_end, fm_problem = read_front_matter(lines)
    outline = scan_outline(lines, fm_end)
    doc = Document(src_path=src_path, kind=kind, line_count=len(lines))
    doc.front_matter = front_matter
    doc.front_matter_end = fm_end
    doc.front_matter_fields = front_matter_fields(front_matter, lines, fm_end)
    if fm_problem is not None:
        doc.parse_problems.append((fm_problem[0], "front-matter", fm_problem[1]))
    doc.headings = outline.headings
    doc.field_blocks = outline.field_blocks
    doc.placeholders = outline.placeholders
    doc.body_lines = outline.body_lines
    doc.status_section = outline.status_line
    h1 = next((h for h in outline.headings if h.level == 1), None)
    if h1 is not None:
        doc.title, doc.title_line = h1.text, h1.line
    return doc
