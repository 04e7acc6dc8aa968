"""The scanner of Markdown outlines as it was before the whole-text scanner: the oracle that
`test_scan_differential.py` holds `mkdocs_specs.parse.scan_outline` to.

A verbatim copy of the line-by-line scanner and every helper it used (only `Outline`, `Field`
and `Heading` are imported, so that outlines compare equal): do not change it to follow the
package, for then it would prove nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from mkdocs_specs.model import Field, Heading
from mkdocs_specs.parse import Outline

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
    same iterator, and only a line whose first character can start a fence, comment or heading
    is tested for one.
    """
    out = Outline()
    previous_prose: tuple[int, str] | None = None
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
    headings, body_lines = out.headings, out.body_lines

    rows = enumerate(lines[start:], start + 1)
    for number, raw in rows:
        if not raw or raw.isspace():
            previous_blank = True
            previous_prose = None
            continue
        stripped = raw.lstrip(" \t")
        indent = len(raw) - len(stripped)
        if indent and "\t" in raw[:indent]:
            indent = _indent_width(raw[:indent])
        first = stripped[0]
        if first in _MAY_START_BLOCK:
            if indent <= 3 and first in "`~":
                match = _FENCE_RE.match(stripped)
                if match and not (first == "`" and "`" in stripped[len(match.group(1)) :]):
                    _skip_fenced(rows, match.group(1))
                    previous_prose = None
                    optional_next = False
                    continue
            elif first == "<" and stripped.startswith("<!--"):
                comment_end = stripped.find("-->", 4)
                if comment_end < 0:
                    for _, raw in rows:  # the comment's lines, its end included
                        if "-->" in raw:
                            break
                elif _is_optional_marker(stripped[4:comment_end]):
                    if last_heading == number - 1:
                        out.optional_headings.add(last_heading)
                    else:
                        optional_next = True
                continue
        if indent >= 4 and previous_blank and previous_prose is None:
            continue  # indented code block
        level = 0
        if first == "#" or (
            first in "=-" and previous_prose is not None and not stripped.strip().strip(first)
        ):
            level, text = _heading_at(stripped, indent, previous_prose)
        if level:
            line = number
            if text is None:  # setext: the previous line was the heading text
                line, text = previous_prose  # type: ignore[misc]
                body_lines.pop()
            if "<!--" in text:
                if _is_optional_marker(_comment_text(text)):
                    out.optional_headings.add(line)
                text = strip_comments(text)
            if optional_next:
                out.optional_headings.add(line)
                optional_next = False
            headings.append(Heading(level, text.strip(), line))
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
            previous_prose = None
            previous_blank = False
            continue
        optional_next = False
        previous_blank = False
        text = stripped.rstrip()
        previous_prose = (number, text)
        if first == "[":
            label = _LINK_LABEL_RE.match(text)
            if label is not None:
                out.link_labels.add(label.group(1).strip().lower())
                previous_prose = None  # a definition is no paragraph: `---` under it is a rule
                continue
        if list_field is not None and indent >= 2 and (marker := _LIST_MARKER_RE.match(text)):
            list_field = _extend_field(current_block, list_field, text[marker.end() :].strip())
        else:
            list_field = None
            if not past_h3:
                found = _read_field(text, number, in_preamble, current_block)
                if found is not None and not found.value and current_block.get(found.key) is found:
                    list_field = found  # `- Rust Issues:` above an indented list of its values
                if status_pending and found is None and first != ">":
                    current_block.setdefault("status", Field("Status", "status", text, number))
        if status_pending and first != ">":
            out.status_line = text
            status_pending = False
        # Most lines hold no bracket: test that before taking out code spans and comments.
        if "{" in text or "[" in text or "(" in text:
            prose = text
            if "`" in prose:
                prose = strip_inline_code(prose)
            if "<!--" in prose:
                prose = strip_comments(prose)
            out.placeholders.extend((number, token) for token in placeholder_tokens(prose))
        body_lines.append(previous_prose)
    if out.link_labels:
        out.placeholders = [
            (line, token)
            for line, token in out.placeholders
            if not (token[0] == "[" and token[1:-1].strip().lower() in out.link_labels)
        ]
    return out


_MAY_START_BLOCK = frozenset("`~<")
"""First characters of a line that may open a fenced block or an HTML comment."""


def _skip_fenced(rows: Iterator[tuple[int, str]], fence: str) -> None:
    """Consume the lines of a fenced block, its closing fence included (to the end of the page
    when it is never closed)."""
    mark = fence[0]
    for _, raw in rows:
        if mark not in raw:
            continue
        stripped = raw.lstrip(" \t")
        indent = len(raw) - len(stripped)
        if indent and "\t" in raw[:indent]:
            indent = _indent_width(raw[:indent])
        if indent <= 3 and stripped.startswith(fence) and not stripped.strip(mark).strip():
            return


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


def _heading_at(
    stripped: str, indent: int, previous_prose: tuple[int, str] | None
) -> tuple[int, str | None]:
    """(level, text) of an ATX heading, (level, None) for a setext underline, else (0, None)."""
    if indent > 3:
        return 0, None
    if stripped[0] == "#":
        # One to six `#`s, then a space, a tab or the end of the line (no regex: every heading
        # of every page comes here).
        level = len(stripped) - len(stripped.lstrip("#"))
        if level <= 6 and (level == len(stripped) or stripped[level] in " \t"):
            text = stripped[level + 1 :].strip()
            closing = _CLOSING_HASHES_RE.search(text) if text.endswith("#") else None
            if closing is not None:
                text = text[: closing.start()].rstrip()
            return level, text
    if (
        previous_prose is not None
        and stripped[0] in "=-"
        and _SETEXT_RE.match(stripped)
        and not _LIST_MARKER_RE.match(previous_prose[1])
        and not previous_prose[1].startswith(("|", ">"))
    ):
        return (1 if stripped[0] == "=" else 2), None
    return 0, None


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


