"""Where a document meets its template: which heading is which section, which lines are fields.

The rules ask the same questions of every document — does it have this section, in this
order, and what does it say for this field — and the answers depend on how the document is
laid out against the template: its sections may sit one level off, its metadata may live
under a heading of its own, a section the template repeats may appear several times. This
module answers them once, in time linear in the document and the template.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from operator import itemgetter, lt
from typing import NamedTuple, TypeVar

from .model import Document, Field
from .template import FieldType, Template, TemplateSection, heading_key

_OWNER_ALIASES = ("author", "authors", "owner", "owners")


class Section(NamedTuple):
    """A document heading as the template sees it: normalised, at the template's levels (a
    named tuple, like `Heading`: every heading of every document makes one)."""

    key: str
    level: int
    line: int


def document_sections(doc: Document, template: Template) -> list[Section]:
    """The document's section headings, re-levelled to the template's (see `_outline`)."""
    keys, levels, lines = _last_answer(_outline, doc, template)
    return list(map(Section, keys, levels, lines))


_T = TypeVar("_T")
_last_answers: dict[Callable[..., object], tuple[Document, Template, tuple[object, ...], object]]
_last_answers = {}


def _last_answer(
    compute: Callable[..., _T], doc: Document, template: Template, *args: object
) -> _T:
    """`compute(doc, template, *args)`, kept for the next caller asking the same.

    Several rules ask the same question of one document in a row; the last answer of each
    question is kept with the objects it belongs to, so an identity check finds it.
    """
    last = _last_answers.get(compute)
    if last is not None and last[0] is doc and last[1] is template and last[2] == args:
        return last[3]  # type: ignore[return-value]
    answer = compute(doc, template, *args)
    _last_answers[compute] = (doc, template, args, answer)
    return answer


_Outline = tuple[list[str], list[int], list[int]]
"""The document's section headings as the template sees them: their keys, their levels at the
template's levels, their lines (three lists, built at C speed: the rules read them for every
document, and a `Section` each would cost a third of matching it)."""


def _outline(doc: Document, template: Template) -> _Outline:
    """The document's section headings, re-levelled to the template's.

    The first heading that names a top section of the template sets the shift between the
    two, so a document whose sections are H1s where the template has H2s (many Rust RFCs)
    still matches, and stray H1s further down (`# log.go` above a code listing) do not shift
    the rest. The title, when the template has one, is no section.
    """
    headings = doc.headings
    lines = list(map(_LINE, headings))
    if template.title_text is not None and doc.title_line in lines:
        if lines.count(doc.title_line) == 1:  # the title's heading, cut out in C
            position = lines.index(doc.title_line)
            headings = headings[:position] + headings[position + 1 :]
            del lines[position]
        else:
            headings = [h for h in headings if h.line != doc.title_line]
            lines = list(map(_LINE, headings))
    keys = list(map(heading_key, map(_TEXT, headings)))
    levels = list(map(_LEVEL, headings))
    literal, patterns = template.top_levels, template.top_patterns
    shift = None
    for key, level in zip(keys, levels, strict=True):
        wanted = literal.get(key)
        if wanted is None and patterns:
            wanted = next((s.level for s in patterns if s.matches(key)), None)
        if wanted is not None:
            shift = wanted - level
            break
    if shift is None:
        shift = template.section_level - min(levels, default=0)
    if shift:
        levels = [level + shift for level in levels]
    return keys, levels, lines


_LEVEL, _TEXT, _LINE = itemgetter(0), itemgetter(1), itemgetter(2)
"""The fields of a `Heading`, read in C."""


def assign_fields(doc: Document, template: Template) -> None:
    """Pick the document's fields from the block the template keeps them in.

    The preamble (before the first H2) always counts, so a document may put its bold lines
    right under the title. A document that keeps more of the template's fields under a heading
    of its own (`## Document Metadata`) has them read from there. Front matter aliases
    (`owners:` for `Author`, the names `fields:` gives a field) are folded in.
    """
    preamble = doc.field_blocks.get(0, {})
    block: dict[str, Field] = {}
    if template.fields_section is not None:
        for heading in doc.headings:
            if heading.level <= 2 and heading_key(heading.text) == template.fields_section:
                block = doc.field_blocks.get(heading.line, {})
                break
    fields = _template_values({**preamble, **block}, template)
    for line, other in doc.field_blocks.items():
        if line and other and other is not block:
            candidate = _template_values({**preamble, **other}, template)
            if len(candidate) > len(fields):
                fields = candidate
    doc.fields = fields
    front = doc.front_matter_fields
    for item in template.fields:
        if item.key in front:
            continue
        aliases = item.aliases
        if item.type is FieldType.OWNERS:
            aliases += _OWNER_ALIASES
        alias = next((a for a in aliases if a in front), None)
        if alias is not None:
            front[item.key] = front[alias]


def _template_values(block: dict[str, Field], template: Template) -> dict[str, Field]:
    """The block's values of the template's fields, by the template's key; `Rust Issues:` gives
    `Rust Issue`, and a name `fields:` gives the field (`Datum:`) gives it too."""
    values = {}
    for item in template.fields:
        value = block.get(item.key) or block.get(f"{item.key}s")
        if value is None and item.aliases:
            value = next((block[a] for a in item.aliases if a in block), None)
        if value is not None:
            values[item.key] = value
    return values


def matched_sections(doc: Document, template: Template, depth: int) -> dict[int, int]:
    """Map each template section down to `depth` to the line of the document heading meeting it
    (see `_matched_sections`); the rules only read the answer, so it is computed once."""
    return _last_answer(_matched_sections, doc, template, depth)


def _matched_sections(doc: Document, template: Template, depth: int) -> dict[int, int]:
    """Map each template section down to `depth` to the line of the document heading meeting it.

    Optional sections are matched too, so hints can name the neighbour a document really has.
    Top-level sections match a heading anywhere; a subsection must sit inside its parent's span,
    so that `Infrastructure` under one section does not satisfy `Infrastructure` under another.
    Literal headings are found through an index of the document's keys, so a document with
    thousands of headings costs one look-up per template section, not a scan.
    """
    keys, levels, lines = _last_answer(_outline, doc, template)
    top_level = template.section_level
    if levels and min(levels) < top_level:
        kept = [position for position, level in enumerate(levels) if level >= top_level]
        keys = [keys[p] for p in kept]
        levels = [levels[p] for p in kept]
        lines = [lines[p] for p in kept]
    positions = _Positions(keys)
    spans: dict[int, tuple[int, int]] = {}
    """The positions inside each matched section that a subsection down to `depth` asks about:
    found when first asked, so that a match to depth 2 (the default, no subsections) walks no
    heading after its section's."""
    found_at: dict[int, int] = {}
    matched: dict[int, int] = {}
    used: set[int] = set()
    """Document headings already meeting a section: a template that repeats a section (one
    block per upstream module) has each repetition met by a heading of its own."""
    count = len(keys)
    for index, wanted in template.sections_to(depth):
        low, high = 0, count
        parent = wanted.parent
        if parent is not None:
            span = spans.get(parent)
            if span is None:
                start = found_at.get(parent)
                if start is None:
                    continue
                level = levels[start]
                end = start + 1
                while end < count and levels[end] > level:
                    end += 1
                span = spans[parent] = (start + 1, end)
            low, high = span
        found = _first_match(wanted, keys, levels, positions, low, high, used)
        if found is None:
            continue
        used.add(found)
        matched[index] = lines[found]
        found_at[index] = found
    return matched


class _Positions:
    """Where each heading key stands among the document's headings, in order: dicts of where
    each is named last and first, built in C, and a scan only for the rare key named twice
    (`Performance` under two sections)."""

    def __init__(self, keys: list[str]) -> None:
        self._keys = keys
        self._last = dict(zip(keys, range(len(keys)), strict=True))
        self._first = self._last
        if len(self._last) < len(keys):  # a key named twice: where it is named first differs
            self._first = dict(zip(reversed(keys), range(len(keys) - 1, -1, -1), strict=True))

    def of(self, key: str) -> list[int]:
        position = self._last.get(key)
        if position is None:
            return []
        if self._first[key] != position:
            return [p for p, other in enumerate(self._keys) if other == key]
        return [position]


def _first_match(
    wanted: TemplateSection,
    keys: list[str],
    levels: list[int],
    positions: _Positions,
    low: int,
    high: int,
    used: set[int],
) -> int | None:
    """The first unused heading in `[low, high)` meeting `wanted`, preferring its own level.

    `## Alternatives` is met by the document's `## Alternatives`, not by an `##### Alternatives`
    deep inside its design section; a deeper heading only counts when there is no other.
    """
    if wanted.pattern is None:
        if wanted.alternatives:
            candidates = sorted(p for key in wanted.keys for p in positions.of(key))
        else:
            candidates = positions.of(wanted.key)
            if len(candidates) == 1:  # the usual case: one heading of that name
                only = candidates[0]
                return only if low <= only < high and only not in used else None
        start = bisect.bisect_left(candidates, low)
        stop = bisect.bisect_left(candidates, high, start)
        found: Iterable[int] = (i for i in candidates[start:stop] if i not in used)
    else:
        found = (i for i in range(low, high) if i not in used and wanted.matches(keys[i]))
    first = None
    for position in found:
        if levels[position] == wanted.level:
            return position
        first = position if first is None else first
    return first


def near_misses(
    doc: Document, template: Template, missing: list[int], matched: dict[int, int]
) -> dict[int, Section]:
    """For missing literal sections, a heading of the document at their level (and inside their
    parent) that is a misspelling of them: a few edits away, and no other section's name.

    Each heading is offered once, to the first section it nearly matches.
    """
    sections = document_sections(doc, template)
    taken = set(matched.values())
    found: dict[int, Section] = {}
    for index in missing:
        wanted = template.sections[index]
        limit = min(len(wanted.key) // _CHARACTERS_PER_EDIT, _MAX_EDITS)
        if wanted.pattern is not None or not limit:
            continue
        parent_line = 0 if wanted.parent is None else matched.get(wanted.parent)
        low, high = _span(sections, parent_line)
        for section in sections[low:high]:
            if (
                section.level == wanted.level
                and section.line not in taken
                and any(_within_edits(key, section.key, limit) for key in wanted.keys)
                and not template.names_section(section.key)
            ):
                found[index] = section
                taken.add(section.line)
                break
    return found


_CHARACTERS_PER_EDIT = 6
"""`Testing Stratergy` (one edit in 15 letters) is a misspelling; `Goals` is not `Roles`."""
_MAX_EDITS = 3


def _span(sections: list[Section], parent_line: int | None) -> tuple[int, int]:
    """Positions of the headings inside the heading on `parent_line` (0: the whole document)."""
    if parent_line == 0:
        return 0, len(sections)
    start = next((p for p, s in enumerate(sections) if s.line == parent_line), None)
    if start is None:
        return 0, 0
    end = start + 1
    while end < len(sections) and sections[end].level > sections[start].level:
        end += 1
    return start + 1, end


def _within_edits(a: str, b: str, limit: int) -> bool:
    """Whether at most `limit` insertions, deletions or substitutions turn `a` into `b`
    (a Levenshtein distance in a band of the diagonal: linear in the length)."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i] + [limit + 1] * len(b)
        for j in range(max(1, i - limit), min(len(b), i + limit) + 1):
            current[j] = min(
                previous[j] + 1,
                current[j - 1] + 1,
                previous[j - 1] + (char != b[j - 1]),
            )
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit


Neighbours = tuple[int | None, int | None, int | None]
"""Of a template section: its previous sibling, the nearest earlier sibling the document has,
and the nearest later one it has."""


def present_neighbours(
    template: Template, depth: int, matched: dict[int, int]
) -> dict[int, Neighbours]:
    """The neighbours of every section down to `depth`, in one pass per group of siblings."""
    groups: dict[tuple[int | None, int], list[int]] = {}
    for index, section in enumerate(template.sections):
        if section.level <= depth:
            groups.setdefault((section.parent, section.level), []).append(index)
    neighbours: dict[int, Neighbours] = {}
    for siblings in groups.values():
        earlier: int | None = None
        for position, index in enumerate(siblings):
            previous = siblings[position - 1] if position else None
            neighbours[index] = (previous, earlier, None)
            if index in matched:
                earlier = index
        later: int | None = None
        for index in reversed(siblings):
            previous, earlier, _ = neighbours[index]
            neighbours[index] = (previous, earlier, later)
            if index in matched:
                later = index
    return neighbours


def longest_increasing(values: list[int]) -> set[int]:
    """Positions of the sections that are in order: a longest increasing run (n log n).

    Of several equally long runs, the one of the earliest positions is kept, so with two
    sections swapped it is the one the document moved ahead that is reported. A document in
    order (nearly all) is told by one comparison of neighbours in C, and keeps every position.
    """
    if all(map(lt, values, values[1:])):
        return set(range(len(values)))
    longest_from = [0] * len(values)
    """Length of the longest increasing run starting at each position."""
    tails: list[int] = []
    """Read from the right: `tails[k]` is the largest first value of a run of length k + 1."""
    for position in range(len(values) - 1, -1, -1):
        negated = -values[position]
        length = bisect.bisect_left(tails, negated)
        if length == len(tails):
            tails.append(negated)
        else:
            tails[length] = negated
        longest_from[position] = length + 1
    keep = set()
    needed = len(tails)
    last: int | None = None
    for position, value in enumerate(values):
        if needed and longest_from[position] == needed and (last is None or value > last):
            keep.add(position)
            last = value
            needed -= 1
    return keep
