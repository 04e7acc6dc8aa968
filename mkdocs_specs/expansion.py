"""A page as its reader sees it, traced back to lines a person can open.

Other plugins change a page's Markdown before it is rendered: include-markdown and
`pymdownx.snippets` bring in other files, macros render Jinja, Material's `meta` plugin adds
metadata from a folder's `.meta.yml`. The checker judges that final text, so that a section
that reaches the page through an include counts; but a finding must still name a line in a
file: the author's line when it came from the page's own file, the included file's line when
it came from there, else the line of the include directive.

MkDocs strips the front matter (and the blank lines after it) from the Markdown it hands to
plugins: the text checked here is the file's own front matter followed by the final Markdown,
and `Seen` maps each of its lines back.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from typing import Any

from .discovery import SPECS_KIND_KEY
from .model import Document, Finding
from .parse import read_front_matter, split_lines

INHERITED_KEYS = (SPECS_KIND_KEY, "specs_ignore")
"""The page metadata the checker takes from what other plugins give a page (Material's `meta`
plugin): only its own keys, which change what is checked, never what a document says."""

_INCLUDE_RE = re.compile(
    r"""\{%-?\s*include(?:-markdown)?\s+(["'])(?P<path>[^"'\n]+)\1"""  # include-markdown
    r"""|^\s*-+8<-+\s+(["'])(?P<snippet>[^"'\n]+)\3""",  # pymdownx.snippets, one file a line
)

_LINE_REFERENCE_RE = re.compile(r"\(line (\d+)\)")
"""How the rules point at another line in a message or a hint."""

ReadIncluded = Callable[[str], "tuple[str, list[str]] | None"]
"""The file an include directive names, as (the path findings name it by, its lines); `None`
when it cannot be found or read."""


@dataclass(frozen=True, slots=True)
class Seen:
    """Where each line of the checked text comes from, and the metadata the page inherited."""

    origins: tuple[tuple[str, int], ...]
    """(path, 1-based line) for each line of the checked text."""
    inherited: Mapping[str, Any]
    """Values of `INHERITED_KEYS` the page's metadata has, where its own front matter differs."""

    def key(self) -> bytes:
        """What a cached verdict depends on besides the text: the same text from another
        included file names other lines."""
        described = repr((self.origins, sorted(self.inherited.items()))).encode("utf-8", "replace")
        return hashlib.blake2b(described, digest_size=16).digest()

    def locate(self, line: int) -> tuple[str, int]:
        return self.origins[min(max(line, 1), len(self.origins)) - 1]

    def relocate(self, finding: Finding) -> Finding:
        """The finding on its line of the file it came from; the lines its message and hint
        point at (`(line 41)`) too, naming their file when it is another."""
        path, line = self.locate(finding.line)

        def point(match: re.Match[str]) -> str:
            where, found = self.locate(int(match[1]))
            return f"(line {found})" if where == path else f"(line {found} of {where})"

        message = _LINE_REFERENCE_RE.sub(point, finding.message)
        hint = _LINE_REFERENCE_RE.sub(point, finding.hint) if finding.hint else finding.hint
        return replace(finding, path=path, line=line, message=message, hint=hint)

    def relocate_document(self, doc: Document) -> None:
        """Give the lines the catalog reports later (references, the id field) in the page's own
        file: findings about links are named by the page, so a line from an included file
        becomes the line of its include directive there."""
        own = doc.display_path
        for reference in doc.references:
            reference.line = self._own_line(reference.line, own)
        doc.fields = {
            key: replace(item, line=self._own_line(item.line, own))
            for key, item in doc.fields.items()
        }

    def _own_line(self, line: int, own: str) -> int:
        path, found = self.locate(line)
        return found if path == own else self._directive_line(line, own)

    def _directive_line(self, line: int, own: str) -> int:
        """The nearest line before `line` that is the page's own: the include directive."""
        for index in range(min(line, len(self.origins)) - 1, -1, -1):
            path, found = self.origins[index]
            if path == own:
                return found
        return 1


def seen_page(
    original: str,
    shown: str,
    display_path: str,
    metadata: Mapping[str, Any],
    read_included: ReadIncluded,
) -> tuple[str, Seen] | None:
    """The text to check for a page whose file holds `original` and whose reader sees the
    Markdown `shown` and, of `INHERITED_KEYS`, the metadata `metadata`; `None` when that is the
    file's own text and metadata (the verdict on the file stands)."""
    if not metadata and _ends_with_own_body(original, shown):
        return None
    lines = split_lines(original)
    end = _front_matter_end(lines)
    shown_lines = split_lines(shown)
    if end and shown_lines[:end] == lines[:end]:
        end = 0  # MkDocs kept a block it could not read as a mapping: it is part of the Markdown
    inherited: dict[str, Any] = {}
    if metadata:  # only then is the front matter read: most pages' metadata is their own
        front_matter = read_front_matter(lines)[0]
        inherited = {
            key: value for key, value in metadata.items() if value != front_matter.get(key)
        }
    body = lines[end:]
    if not inherited and _is_own_body(body, shown_lines):
        return None
    origins = [(display_path, number) for number in range(1, end + 1)]
    origins.extend(_trace(body, shown_lines, end, display_path, read_included))
    return "\n".join(lines[:end] + shown_lines), Seen(tuple(origins), inherited)


def _front_matter_end(lines: list[str]) -> int:
    """The last line of the front matter block, as `parse.read_front_matter` finds it (0 when
    there is none), without reading its YAML."""
    if lines and lines[0].rstrip() == "---":
        for index in range(1, len(lines)):
            if lines[index].rstrip() in ("---", "..."):
                return index + 1
    return 0


def _ends_with_own_body(original: str, shown: str) -> bool:
    """`_is_own_body` without splitting either text into lines, for the common case (most pages
    reach the page phase unchanged): `shown` ends the file, after its front matter and blank
    lines."""
    if not original.endswith(shown):
        return False
    before = split_lines(original[: len(original) - len(shown)])
    return not any(line.strip() for line in before[_front_matter_end(before) :])


def _is_own_body(body: list[str], shown: list[str]) -> bool:
    """Whether `shown` is the body as MkDocs hands it on: without the blank lines after the
    front matter."""
    blank = 0
    while blank < len(body) and not body[blank].strip() and len(body) - blank > len(shown):
        blank += 1
    return body[blank:] == shown


class _Included:
    """An included file's lines, found by content: the next match after the last one."""

    def __init__(self, path: str, lines: list[str], directive_line: int) -> None:
        self.path = path
        self.directive_line = directive_line
        self._exact: dict[str, list[int]] = {}
        self._stripped: dict[str, list[int]] = {}
        for index, text in enumerate(lines):
            self._exact.setdefault(text, []).append(index)
            self._stripped.setdefault(text.strip(), []).append(index)
        self._cursor = 0

    def find(self, text: str) -> int | None:
        """The 1-based line of `text` in the file (indented or dedented alike), preferring the
        first after the previous match."""
        for positions in (self._exact.get(text), self._stripped.get(text.strip())):
            if positions:
                after = bisect.bisect_left(positions, self._cursor)
                index = positions[after] if after < len(positions) else positions[0]
                self._cursor = index + 1
                return index + 1
        return None


def _trace(
    body: list[str], shown: list[str], offset: int, own: str, read_included: ReadIncluded
) -> list[tuple[str, int]]:
    """The origin of each line of `shown`: the body line it equals, else a line of the file an
    include directive it replaced names, else the line it replaced in the body."""
    origins: list[tuple[str, int]] = []
    current: list[_Included] = []
    """The includes whose text the lines being traced may be: replaced directives, until the
    next line of the page's own text that is not blank."""
    for tag, start, stop, shown_start, shown_stop in _opcodes(body, shown):
        if tag == "equal":
            origins.extend((own, offset + index + 1) for index in range(start, stop))
            if any(body[index].strip() for index in range(start, stop)):
                current = []
            continue
        if tag == "unaligned":
            last = max(stop - start - 1, 0)
            lines = range(shown_stop - shown_start)
            origins.extend((own, offset + start + min(index, last) + 1) for index in lines)
            continue
        found = _directives(body, start, stop, offset, own, read_included)
        if found:
            current = found
        for position in range(shown_stop - shown_start):
            text = shown[shown_start + position]
            origins.append(_origin(text, current, position, start, stop, offset, own))
    return origins


_ALIGN_LIMIT = 25_000_000
"""Aligning costs up to the product of the lengths of what differs: beyond this (two texts of
5,000 lines, different at both ends), the differing lines are mapped one for one instead."""

_Opcode = tuple[str, int, int, int, int]


def _opcodes(body: list[str], shown: list[str]) -> list[_Opcode]:
    """`SequenceMatcher`'s opcodes for the lines between the start and the end the two texts
    share (found in linear time); `unaligned` for a middle too large to align."""
    limit = min(len(body), len(shown))
    head = 0
    while head < limit and body[head] == shown[head]:
        head += 1
    tail = 0
    while tail < limit - head and body[-1 - tail] == shown[-1 - tail]:
        tail += 1
    body_stop, shown_stop = len(body) - tail, len(shown) - tail
    codes: list[_Opcode] = [("equal", 0, head, 0, head)] if head else []
    if (body_stop - head) * (shown_stop - head) > _ALIGN_LIMIT:
        codes.append(("unaligned", head, body_stop, head, shown_stop))
    else:
        # Lines common in long texts (blank ones) are left out of the anchors, which bounds the
        # cost; they still match beside the lines around them.
        matcher = SequenceMatcher(None, body[head:body_stop], shown[head:shown_stop])
        codes.extend(
            (tag, start + head, stop + head, shown_start + head, shown_end + head)
            for tag, start, stop, shown_start, shown_end in matcher.get_opcodes()
        )
    if tail:
        codes.append(("equal", body_stop, len(body), shown_stop, len(shown)))
    return codes


def _origin(
    text: str,
    includes: list[_Included],
    position: int,
    start: int,
    stop: int,
    offset: int,
    own: str,
) -> tuple[str, int]:
    for included in includes:
        line = included.find(text) if text.strip() else None
        if line is not None:
            return included.path, line
    if includes:
        return own, includes[-1].directive_line
    # Rendered in place (a macro): the replaced lines, one for one as far as they go.
    replaced = start + min(position, stop - start - 1) if stop > start else start - 1
    return own, offset + max(replaced, 0) + 1


def _directives(
    body: list[str], start: int, stop: int, offset: int, own: str, read_included: ReadIncluded
) -> list[_Included]:
    """The include directives among the replaced lines `start:stop` of the body; one whose file
    cannot be read still names its own line for the text it brought in."""
    found = []
    for index in range(start, stop):
        match = _INCLUDE_RE.search(body[index])
        if match is None:
            continue
        target = (match.group("path") or match.group("snippet")).strip()
        path, lines = read_included(target) or (own, [])
        found.append(_Included(path, lines, offset + index + 1))
    return found
