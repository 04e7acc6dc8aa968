"""Reading a page's Markdown source into a `Document`.

One line-based pass finds the front matter, the heading outline, the metadata fields and the
bracketed tokens that may be unfilled placeholders. Fenced code, indented code and HTML comments
are skipped, so a `# comment` in a shell snippet is never mistaken for a heading. The same reader
serves templates (`template.py`), so a template and the documents written from it are always
read by the same rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache, partial
from itertools import repeat
from typing import Any

import yaml

from .model import Document, Field, Heading, Kind, prose_lines, prose_text

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
# Every pattern below runs on one line of untrusted text: none has two unbounded quantifiers
# that can compete for the same characters, so each match is linear in the line's length.
# Trailing spaces and closing `#`s are stripped in code, not by the patterns.
_CLOSING_HASHES_RE = re.compile(r"(?:^|[ \t])#+$")
# A lone `-` under a line renders as an H2 too, but nobody types one to make a heading: it is an
# empty list item under a label (`**Pros:**` / `-` in templates), so it takes two dashes here.
_SETEXT_RE = re.compile(r"(=+|-{2,})[ \t]*$")
_LIST_MARKER_RE = re.compile(r"(?:[-*+]|\d+[.)])[ \t]")
_BOLD_FIELD_RE = re.compile(
    r"(?:[-*+][ \t]+)?\*\*(?P<name>[^*:\n]{1,60}?)[ \t]*(?::[ \t]*\*\*|\*\*[ \t]*:)(?P<value>.*)"
)
_PLAIN_FIELD_RE = re.compile(
    r"(?:[-*+][ \t]+)?(?P<name>[A-Za-z][A-Za-z0-9 _/#()-]{0,40}?)[ \t]*:(?P<value>.*)"
)
_TABLE_KEY_RE = re.compile(r"\*\*(?P<name>[^*:|]{1,60}?)[ \t]*:?[ \t]*\*\*[ \t]*:?")
_PLACEHOLDER_RE = re.compile(
    r"\{[^{}\n]{1,1000}\}|\[[^\[\]\n]{1,200}\](?![(\[:])|\((?:fill|leave)\b[^()\n]{0,200}\)",
    re.IGNORECASE,
)
_LINK_LABEL_RE = re.compile(r"[ ]{0,3}\[([^\[\]\n]{1,200})\]:")
_OPTIONAL_WORD_RE = re.compile(r"\boptional\b", re.IGNORECASE)
_NON_WORD_RE = re.compile(r"[\W_]+")
_BACKTICKS_RE = re.compile(r"(`+)")
_MARKER_COMMENT_LIMIT = 80
"""A comment longer than this is prose about the section, not an `<!-- optional -->` marker."""


@lru_cache(maxsize=1 << 16)
def normalize_key(name: str) -> str:
    """`Related_PRD`, `related-prd` and `Related PRD` are all the field `related prd` (cached:
    field names and headings repeat across every document of a site)."""
    return _NON_WORD_RE.sub(" ", name).strip().lower()


def decode_source(data: bytes) -> tuple[str, int | None]:
    """Decode a page's bytes; also return the 1-based line of the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        before = data[: error.start].decode("utf-8-sig", errors="replace")
        return data.decode("utf-8-sig", errors="replace"), len(split_lines(before))


def split_lines(text: str) -> list[str]:
    """Split like Markdown reads lines: on LF, CRLF and lone CR."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:  # most pages have none: no copies of the whole text then
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


def line_count(lines: list[str]) -> int:
    """Lines as an editor numbers them: a final newline does not start another line."""
    return max(len(lines) - 1 if len(lines) > 1 and not lines[-1] else len(lines), 1)


@dataclass(slots=True)
class Outline:
    """What one pass over the Markdown found, before any template is involved."""

    headings: list[Heading] = field(default_factory=list)
    optional_headings: set[int] = field(default_factory=set)
    """Lines of headings marked optional by an `<!-- optional -->` comment next to them."""
    field_blocks: dict[int, dict[str, Field]] = field(default_factory=dict)
    """Fields before the first H3 of each H2 section, keyed by the H2's line (0: preamble)."""
    placeholders: list[tuple[int, str]] = field(default_factory=list)
    prose: list[str] = field(default_factory=list)
    """The page's lines, with those that are no prose emptied (see `Document.prose`)."""
    status_line: str | None = None
    """The first prose line of a section headed `Status` (ADR style)."""
    link_labels: set[str] = field(default_factory=set)
    """Lower-cased labels of link reference definitions (`[summary]: #summary`)."""

    @property
    def body_lines(self) -> list[tuple[int, str]]:
        """(line, stripped text) of every prose line."""
        return prose_lines(self.prose)


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
    data, problem = load_yaml_mapping("\n".join(lines[1:end]), "front matter")
    if problem is not None:
        # Lines of the block are 0-based after the opening `---`: file lines are 2 further on.
        line = min(problem[0] + 2, end + 1) if problem[0] >= 0 else 1
        return {}, end + 1, (line, problem[1])
    return data, end + 1, None


def load_yaml_mapping(source: str, what: str) -> tuple[dict[str, Any], tuple[int, str] | None]:
    """Strictly and safely read YAML that must be a mapping: front matter, or a metadata file
    beside a page (`sidecar.py`). Aliases are bounded before anything is built.

    Returns the mapping and, when it cannot be read, the 0-based line of the problem in
    `source` (-1 when unknown) and a message that calls the text `what`.
    """
    loader = _FrontMatterLoader(source)
    try:
        node = loader.get_single_node()
        # Bounded before anything is built: a merge key (`<<: *a`) copies in the constructor.
        too_large = _expansion_problem(node, FRONT_MATTER_ALIAS_ALLOWANCE + 2 * len(source), what)
        if too_large is not None:
            return {}, too_large
        data = None if node is None else loader.construct_document(node)
    except yaml.YAMLError as error:
        return {}, _yaml_problem(error, what)
    except (ValueError, TypeError, RecursionError) as error:
        return {}, (-1, f"{what} could not be read: {error}")
    finally:
        loader.dispose()
    if data is None:
        return {}, None
    if not isinstance(data, dict):
        found = type(data).__name__
        return {}, (0, f"{what} must be a mapping of keys to values, found a {found}")
    return {str(key): value for key, value in data.items()}, None


FRONT_MATTER_ALIAS_ALLOWANCE = 10_000
"""Characters YAML aliases may add to a front matter block, beyond twice its own length.

Written out in full, a block is at most about twice as long as its text (`[a,b]`: a value and
a separator per character or two), so no block without aliases ever reaches the bound, however
long; aliases re-use whole values, and nested ones multiply (`b: &b [*a, *a, …]`, `c: [*b, …]`):
a few hundred bytes could otherwise stand for gigabytes that `str()` spells out. Ten thousand
characters is far beyond what re-used values in real front matter add, and checking costs
nothing measurable."""
FRONT_MATTER_DEPTH = 32
"""How deep front matter values may nest: Material's deepest keys (`search: boost`) nest two
levels. A recursive alias (`&a [*a]`) stops here too, and whatever walks the values later
(printing, pickling for the workers and the cache) stays far from Python's recursion limit."""


def _expansion_problem(root: yaml.Node | None, limit: int, what: str) -> tuple[int, str] | None:
    """(0-based line in the block, message) when the values, aliases expanded, would be longer
    than `limit` characters or nest deeper than `FRONT_MATTER_DEPTH`; else `None`.

    Walks the composed nodes, where an alias is the very node it names: every visit counts, so
    the walk ends within `limit` steps whatever the aliases multiply to. The line given is that
    of the top-level entry the bound was reached in: where the expansion is written.
    """
    if root is None:
        return None
    if isinstance(root, yaml.MappingNode):
        entries = [(key, [key, value]) for key, value in root.value]
    else:
        entries = [(root, [root])]
    size = 0
    for anchor, nodes in entries:
        stack = [(node, 1) for node in nodes]
        while stack:
            node, depth = stack.pop()
            if depth > FRONT_MATTER_DEPTH:
                return anchor.start_mark.line, (
                    f"{what} nests deeper than {FRONT_MATTER_DEPTH} levels "
                    "(a recursive YAML alias?); it was ignored"
                )
            if isinstance(node, yaml.ScalarNode):
                size += len(node.value) + 1
            else:
                size += 1
                children = (
                    node.value
                    if isinstance(node, yaml.SequenceNode)
                    else [child for pair in node.value for child in pair]
                )
                stack.extend((child, depth + 1) for child in children)
            if size > limit:
                return anchor.start_mark.line, (
                    f"{what} would be longer than {limit:,} characters with its YAML "
                    "aliases written out; it was ignored"
                )
    return None


def _yaml_problem(error: yaml.YAMLError, what: str) -> tuple[int, str]:
    """Locate a YAML error (0-based line, -1 when unknown) and phrase it the way PyYAML's parts
    read best."""
    context = getattr(error, "context", None)
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
    line = mark.line if mark is not None else -1
    detail = f"{context}: {problem}" if context else problem
    return line, f"{what} is not valid YAML ({detail})"


def _indent_width(leading: str) -> int:
    """Columns of leading whitespace, a tab reaching the next multiple of four (CommonMark)."""
    width = 0
    for char in leading:
        width = width + 4 - width % 4 if char == "\t" else width + 1
    return width


def scan_outline(lines: list[str], start: int = 0) -> Outline:
    """Walk the Markdown body once, skipping code and comments.

    `start` is the index of the first body line (after front matter); reported lines are 1-based
    line numbers of the whole file.

    Every page of a site goes through this loop, line by line, so it is written for speed: the
    lines of a fenced block or a comment are consumed by an inner loop of their own, from the
    same iterator, and where no field can be read (past the first H3 of a section), a line that
    starts with a character no fence, comment, heading, underline, code or link definition
    starts with is prose, and taken as such at once.
    """
    out = Outline()
    previous_prose = 0
    """Line of the paragraph line just above, 0 when there is none: the text of a setext
    heading. Its text is read only when an underline follows."""
    previous_blank = True
    current_block: dict[str, Field] = {}
    out.field_blocks[0] = current_block
    in_preamble = True
    seen_h1 = False
    past_h3 = False
    last_heading = 0
    """Line of the latest heading: a marker comment on the next line makes it optional."""
    optional_next = False
    """An `<!-- optional -->` marker is waiting for the heading that follows it."""
    status_pending = False
    list_field: Field | None = None
    """A field with no value on its line, whose value is the indented list below it."""
    quiet = False
    """No field can be read on the next line: `past_h3`, and no status or list field pending."""
    headings = out.headings
    placeholders = out.placeholders
    prose = out.prose = lines.copy()
    prose[:start] = [""] * start

    rows = enumerate(lines[start:], start + 1)
    for number, raw in rows:
        if quiet and raw and raw[0] in _PLAIN_START and (raw[0] != "-" or raw[1:2] != "-"):
            optional_next = False
            previous_blank = False
            previous_prose = number
            if ("{" in raw or "[" in raw or "(" in raw) and (tokens := _prose_tokens(raw)):
                placeholders.extend(zip(repeat(number), tokens))
            continue
        if raw[:1] == "#":  # an ATX heading, most likely: no indent to measure
            stripped, indent, first = raw, 0, "#"
        elif not raw or raw.isspace():
            previous_blank = True
            previous_prose = 0
            continue
        else:
            stripped = raw.lstrip(" \t")
            indent = len(raw) - len(stripped)
            if indent and "\t" in raw[:indent]:
                indent = _indent_width(raw[:indent])
            first = stripped[0]
            if first in _MAY_START_BLOCK:
                if indent <= 3 and first in "`~":
                    match = _FENCE_RE.match(stripped)
                    if match and not (first == "`" and "`" in stripped[len(match.group(1)) :]):
                        end = _skip_fenced(rows, match.group(1), len(lines))
                        prose[number - 1 : end] = [""] * (end - number + 1)
                        previous_prose = 0
                        optional_next = False
                        continue
                elif first == "<" and stripped.startswith("<!--"):
                    comment_end = stripped.find("-->", 4)
                    if comment_end < 0:
                        end = _skip_comment(rows, len(lines))
                        prose[number - 1 : end] = [""] * (end - number + 1)
                        continue
                    if _is_optional_marker(stripped[4:comment_end]):
                        if last_heading == number - 1:
                            out.optional_headings.add(last_heading)
                        else:
                            optional_next = True
                    prose[number - 1] = ""
                    continue
            if indent >= 4 and previous_blank and not previous_prose:
                prose[number - 1] = ""
                continue  # indented code block
        level = 0
        if first == "#":
            # ATX: one to six `#`s, then a space, a tab or the end of the line (no regex: every
            # heading of every page comes here). Most are `#`s and a space: one `partition`.
            if indent <= 3:
                marks, space, text = stripped.partition(" ")
                level = _ATX_LEVELS.get(marks, 0) if space or not text else 0
                if not level:  # a tab after the `#`s, or no heading
                    level = len(stripped) - len(stripped.lstrip("#"))
                    if level <= 6 and (level == len(stripped) or stripped[level] in " \t"):
                        text = stripped[level + 1 :]
                    else:
                        level = 0
                if level:
                    text = text.strip()
                    if text.endswith("#") and (closing := _CLOSING_HASHES_RE.search(text)):
                        text = text[: closing.start()].rstrip()
            line = number
        elif (
            first in "=-"
            and previous_prose
            # A second character that can follow in an underline: `- item` stops here.
            and (stripped[1:2] == first or (first == "=" and stripped[1:2] in _AFTER_ONE_EQUALS))
            and _is_setext_underline(stripped, indent, prose_text(lines[previous_prose - 1]))
        ):
            level = 1 if first == "=" else 2
            line = previous_prose  # the previous line was the heading text
            text = lines[line - 1].strip()
            prose[line - 1] = ""
        if level:
            prose[number - 1] = ""
            if "<!--" in text:
                if _is_optional_marker(_comment_text(text)):
                    out.optional_headings.add(line)
                text = strip_comments(text).strip()
            if optional_next:
                out.optional_headings.add(line)
                optional_next = False
            headings.append(_heading((level, text, line)))
            last_heading = number
            if level <= 2:
                # The first H1 is the title and keeps the preamble open; a later H1 is a section.
                in_preamble = level == 1 and in_preamble and not seen_h1
                seen_h1 = seen_h1 or level == 1
                past_h3 = False
                if not in_preamble:
                    current_block = {}
                    out.field_blocks[line] = current_block
                status_pending = normalize_key(text) == "status"
            else:
                past_h3 = True
            previous_prose = 0
            previous_blank = False
            quiet = past_h3 and not status_pending and list_field is None
            continue
        optional_next = False
        previous_blank = False
        text = stripped.rstrip()
        previous_prose = number
        if first == "[":
            label = _LINK_LABEL_RE.match(text)
            if label is not None:
                out.link_labels.add(label.group(1).strip().lower())
                prose[number - 1] = ""
                previous_prose = 0  # a definition is no paragraph: `---` under it is a rule
                continue
        if list_field is not None and indent >= 2 and (marker := _LIST_MARKER_RE.match(text)):
            list_field = _extend_field(current_block, list_field, text[marker.end() :].strip())
        else:
            list_field = None
            if not past_h3:
                # Past the preamble only a bullet or a table row can be a field: no call for prose.
                found = (
                    _read_field(text, number, in_preamble, current_block)
                    if in_preamble or first in "*-+|"
                    else None
                )
                if found is not None and not found.value and current_block.get(found.key) is found:
                    list_field = found  # `- Rust Issues:` above an indented list of its values
                if status_pending and found is None and first != ">":
                    current_block.setdefault("status", Field("Status", "status", text, number))
        if status_pending and first != ">":
            out.status_line = text
            status_pending = False
        if ("{" in text or "[" in text or "(" in text) and (tokens := _prose_tokens(text)):
            placeholders.extend(zip(repeat(number), tokens))
        quiet = past_h3 and not status_pending and list_field is None
    if out.link_labels:
        out.placeholders = [
            (line, token)
            for line, token in out.placeholders
            if not (token[0] == "[" and token[1:-1].strip().lower() in out.link_labels)
        ]
    return out


_ATX_LEVELS = {"#" * level: level for level in range(1, 7)}
_AFTER_ONE_EQUALS = ("", " ", "\t")
_heading = partial(tuple.__new__, Heading)
"""`Heading(level, text, line)` built in C: the named tuple's own constructor runs Python."""
_MAY_START_BLOCK = frozenset("`~<")
"""First characters of a line that may open a fenced block or an HTML comment."""
_PLAIN_START = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!\"$%&'()*+,-./:;>?@\\]^_{|}"
)
"""First characters of a line that is prose wherever no field is read: no space, tab, `#`,
fence, comment, `=`, link definition or non-ASCII character (whitespace, perhaps); and `-`
unless a second one follows (an underline)."""


def _skip_comment(rows: Iterator[tuple[int, str]], last: int) -> int:
    """Consume the lines of an HTML comment after its first, up to the first that holds `-->`
    (to the end of the page, line `last`, when none does); return the comment's last line."""
    for number, raw in rows:
        if "-->" in raw:
            return number
    return last


def _skip_fenced(rows: Iterator[tuple[int, str]], fence: str, last: int) -> int:
    """Consume the lines of a fenced block, its closing fence included (to the end of the page,
    line `last`, when it is never closed); return the block's last line."""
    mark = fence[0]
    for number, raw in rows:
        if mark not in raw:
            continue
        stripped = raw.lstrip(" \t")
        indent = len(raw) - len(stripped)
        if indent and "\t" in raw[:indent]:
            indent = _indent_width(raw[:indent])
        if indent <= 3 and stripped.startswith(fence) and not stripped.strip(mark).strip():
            return number
    return last


def _prose_tokens(text: str) -> list[str]:
    """The placeholder candidates of a prose line that holds a bracket, outside code spans and
    comments."""
    if "`" in text:
        text = strip_inline_code(text)
    if "<!--" in text:
        text = strip_comments(text)
    return _PLACEHOLDER_RE.findall(text)


FIELD_LIST_LIMIT = 10_000
"""Characters of a field's list items kept (`**Authors:**` over indented `- name` lines): far
more than any metadata lists, and joining items one by one stays linear in the page."""


def _extend_field(block: dict[str, Field], item: Field, value: str) -> Field:
    if len(item.value) > FIELD_LIST_LIMIT:
        return item
    joined = f"{item.value}, {value}" if item.value else value
    extended = Field(item.name, item.key, joined, item.line, item.from_front_matter)
    block[item.key] = extended
    return extended


def placeholder_tokens(text: str) -> list[str]:
    """Every `{…}`, `[…]` and `(fill me in …)` in `text`: candidates, until a template says which
    of them are its placeholders."""
    if "{" in text or "[" in text or "(" in text:  # most lines and headings have none
        return _PLACEHOLDER_RE.findall(text)
    return []


def _is_setext_underline(stripped: str, indent: int, previous_text: str) -> bool:
    """Whether a line of `=`s or `-`s makes the paragraph line above it a heading."""
    return (
        indent <= 3
        and _SETEXT_RE.match(stripped) is not None
        and not _LIST_MARKER_RE.match(previous_text)
        and not previous_text.startswith(("|", ">"))
    )


def _is_optional_marker(comment: str) -> bool:
    """`<!-- optional -->`, `<!-- This is an optional element. -->`: short and says optional."""
    return len(comment) <= _MARKER_COMMENT_LIMIT and _OPTIONAL_WORD_RE.search(comment) is not None


def _comment_text(text: str) -> str:
    start = text.find("<!--")
    end = text.find("-->", start + 4)
    return text[start + 4 : end] if end >= 0 else text[start + 4 :]


def strip_comments(text: str) -> str:
    """Remove `<!-- … -->` from one line; an unclosed comment runs to the end of the line."""
    parts = []
    position = 0
    while (start := text.find("<!--", position)) >= 0:
        parts.append(text[position:start])
        end = text.find("-->", start + 4)
        if end < 0:
            return "".join(parts)
        position = end + 3
    parts.append(text[position:])
    return "".join(parts)


def strip_inline_code(text: str) -> str:
    """Remove code spans: a run of backticks up to the next run of the same length (CommonMark).

    Runs are paired in one pass (a regex with a back-reference rescans the rest of the line for
    every unmatched run), and the usual line with one code span takes a shortcut.
    """
    pieces = _BACKTICKS_RE.split(text)  # text, run, text, run, …, text
    if len(pieces) == 5 and len(pieces[1]) == len(pieces[3]):
        return pieces[0] + pieces[4]
    unmatched: dict[int, list[int]] = {}
    """Positions in `pieces` of the runs of each length, nearest last."""
    for position in range(len(pieces) - 2, 0, -2):
        unmatched.setdefault(len(pieces[position]), []).append(position)
    kept = [pieces[0]]
    position = 1
    while position < len(pieces):
        candidates = unmatched[len(pieces[position])]
        while candidates and candidates[-1] <= position:
            candidates.pop()
        if candidates:
            position = candidates.pop()  # skip the span, closing run included
        else:
            kept.append(pieces[position])
        kept.append(pieces[position + 1])
        position += 2
    return "".join(kept)


def _read_field(text: str, number: int, in_preamble: bool, block: dict[str, Field]) -> Field | None:
    """Read a `**Key:** value` line, a `| **Key** | value |` table row, a `- Key: value` bullet,
    or a `Key: value` line in the preamble, and record it unless the block has that key yet."""
    first = text[0]
    name = value = None
    if first in "*-+":
        match = _BOLD_FIELD_RE.match(text)
        if match is not None:
            name, value = match.group("name"), match.group("value")
    elif first == "|":
        cells = text.strip("|").split("|")
        if len(cells) >= 2:
            match = _TABLE_KEY_RE.fullmatch(cells[0].strip())
            if match is not None:
                name, value = match.group("name"), cells[1]
    if name is None and (in_preamble or first in "-*+"):
        match = _PLAIN_FIELD_RE.match(text)
        # `- Rust Issue:` with nothing after is a field left empty; `Note:` in prose is not one.
        if match is not None and (match.group("value").strip() or first in "-*+"):
            name, value = match.group("name"), match.group("value")
            if "://" in f"{name}:{value[:2]}":
                name = None
    if name is None or value is None:
        return None
    key = normalize_key(name)
    if not key:
        return None
    found = Field(name.strip(), key, value.strip(), number)
    block.setdefault(key, found)
    return found


# Up to the first colon, backtracking only over that: linear in a line of any length.
_FM_KEY_RE = re.compile(r"[^\s#:][^:]*:")


def front_matter_fields(
    front_matter: dict[str, Any], lines: list[str], end: int
) -> dict[str, Field]:
    """Front matter values as fields (lists joined with commas), each on the line of its key."""
    key_lines: dict[str, int] = {}
    for index in range(1, max(end - 1, 1)):
        match = _FM_KEY_RE.match(lines[index])
        if match:
            key_lines.setdefault(normalize_key(match.group()[:-1]), index + 1)
    fields: dict[str, Field] = {}
    for name, raw in front_matter.items():
        key = normalize_key(name)
        if not key:
            continue
        line = key_lines.get(key, 1)
        if isinstance(raw, dict):
            # `date: {YYYY-MM-DD}` is a YAML mapping, but to its author a placeholder left in.
            written = lines[line - 1].partition(":")[2].strip() if key in key_lines else ""
            if not written.startswith("{"):
                continue
            value = written
        elif isinstance(raw, list):
            value = ", ".join(str(item) for item in raw if not isinstance(item, dict | list))
        else:
            value = "" if raw is None else str(raw)
        fields[key] = Field(name, key, value.strip(), line, from_front_matter=True)
    return fields


def parse_document(src_path: str, text: str, kind: Kind) -> Document:
    """Read one page. Never raises: whatever cannot be read becomes a `parse_problem`."""
    lines = split_lines(text)
    front_matter, fm_end, fm_problem = read_front_matter(lines)
    outline = scan_outline(lines, fm_end)
    doc = Document(src_path=src_path, kind=kind, line_count=line_count(lines))
    doc.front_matter = front_matter
    doc.front_matter_end = fm_end
    doc.front_matter_fields = front_matter_fields(front_matter, lines, fm_end)
    if fm_problem is not None:
        doc.parse_problems.append((fm_problem[0], "front-matter", fm_problem[1]))
    doc.headings = outline.headings
    doc.field_blocks = outline.field_blocks
    doc.placeholders = outline.placeholders
    doc.prose = outline.prose
    doc.status_section = outline.status_line
    h1 = next((h for h in outline.headings if h.level == 1), None)
    if h1 is not None:
        doc.title, doc.title_line = h1.text, h1.line
    return doc
