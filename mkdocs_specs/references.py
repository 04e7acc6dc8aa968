"""Cross-links: document ids, ADR status, the references of `Related PRD` / `Related ADR`, and
the index that resolves them.

Every reference is resolved with dictionary look-ups (by path, or by kind and normalised id), so
linking costs a few steps per reference however many documents there are. A reference that
resolves nowhere gets did-you-mean suggestions from a second set of indexes (numbers, file names,
words), built once per run on the first miss, so a hint never scans all documents either.

The rules found here (`unresolved-reference`, `duplicate-id`, `inactive-reference`) are declared,
with their documentation, in the registry of `rules.py`, and their findings made by its
`make_finding`, as every rule's are.
"""

from __future__ import annotations

import bisect
import datetime as dt
import html
import posixpath
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property, lru_cache
from urllib.parse import unquote

from .model import NO_VALUE, Document, Field, Finding, Kind, Reference
from .rules import make_finding

ID_PREFIX = {Kind.SPEC: "SPEC", Kind.PRD: "PRD", Kind.ADR: "ADR"}
KIND_NAME = {Kind.SPEC: "spec", Kind.PRD: "PRD", Kind.ADR: "ADR"}
_GLOBS_KEY = {Kind.SPEC: "specs", Kind.PRD: "prds", Kind.ADR: "adrs"}
_INDEX_STEMS = frozenset({"index", "readme"})
_MAX_SUGGESTIONS = 3
_COMMON_WORD_DOCS = 50
"""A word shared by more documents of one kind than this says nothing about which one is meant."""

_INLINE_LINK_RE = re.compile(
    r"!?\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]"
    r"\(\s*(?:<(?P<angle>[^<>\n]*)>|(?P<bare>(?:[^\s()]|\([^\s()]*\))*))"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"
)
_LINK_MARK_RE = re.compile(r"\x00(\d+)\x00")
# Separators without `\s*` / `\s+` around them: on a long run of spaces those make a split
# quadratic. The pieces are stripped where they are read.
_SPLIT_RE = re.compile(r"[,;]|(?<=\s)(?:and|&)(?=\s)", re.IGNORECASE)
_BRACKETED_RE = re.compile(r"\[\[?([^\[\]]+)\]\]?(?:\[[^\[\]]*\])?")
_DESCRIBED_ID_RE = re.compile(r"(?P<id>[^\W\d_]+[-_]?\d+)(?:\s*[:(]|\s+[-\u2013\u2014]\s+|\s+).+")
_PLAIN_ID_RE = re.compile(r"[^\W\d_]+[-_]?\d+")
_ID_SHAPE_RE = re.compile(r"[^\W\d_]+(?:[-_ ][^\W\d_]+)*[-_ ]?\d+|\d+")
_ID_PART_RE = re.compile(r"[^\W\d_]+|\d+")
_EXTERNAL_RE = re.compile(r"(?:https?:)?//", re.IGNORECASE)
_SCHEME_RE = re.compile(r"[a-z][a-z0-9+.-]*:(?!\d*$)", re.IGNORECASE)
"""A URL scheme, as a browser reads one; `ADR:7` (a number after the colon) is an id."""
_IGNORED_IN_SCHEMES = dict.fromkeys([*range(0x21), 0x7F])
"""What browsers drop from a URL, or before its scheme: spaces, tabs, newlines, controls."""
_FILE_NUMBER_RE = re.compile(r"(?:(?P<prefix>[^\W\d_]+)[-_ ]?)?(?P<number>\d+)(?!\d)")
_DATE_PREFIX_RE = re.compile(r"(?:\d{4}-\d{2}-\d{2}|\d{8})(?!\d)")
_WORD_RE = re.compile(r"[^\W\d_]{3,}")

_LIST_MARKER_RE = re.compile(r"(?:[-*+]|\d+[.)])\s+")
_LINK_TEXT_RE = re.compile(r"\[([^\[\]]*)\]\([^()]*\)")
_EMPHASIS_RE = re.compile(r"(\*\*|__|\*)(.+?)\1")
_STATUS_END_RE = re.compile(r"[.:;](?:\s|$)|\(")
_INACTIVE_RE = re.compile(
    r"(?:superseded|superceded|deprecated|rejected|declined|obsolete|withdrawn|abandoned"
    r"|reverted|replaced|retired)\b",
    re.IGNORECASE,
)
_REPLACED_BY_RE = re.compile(r"\b(?:by|in favou?r of|with)\s+(?P<rest>\S.*)", re.IGNORECASE)


# ---------------------------------------------------------------------------------------------
# Reading values


def parse_references(
    value: Field, kind: Kind, placeholders: frozenset[str] = frozenset()
) -> list[Reference]:
    """Split a `Related PRD` / `Related ADR` value into references, in the order written.

    `[Checkout](../prd/1-checkout.md), PRD-2 (Payments) and https://…` gives three; `N/A`,
    `None` and `-` give none. Text around a link and after an id (`PRD-2 (Payments)`) describes
    the reference and is dropped; a token equal to one of the template's `placeholders` is left
    to the `placeholder` rule.
    """
    links: list[str] = []

    def mark(match: re.Match[str]) -> str:
        target = match.group("angle") if match.group("angle") is not None else match.group("bare")
        links.append(target.strip() or match.group("text").strip())
        return f"\x00{len(links) - 1}\x00"

    masked = _INLINE_LINK_RE.sub(mark, value.value.strip())
    references: list[Reference] = []
    for token in _SPLIT_RE.split(masked):
        marks = _LINK_MARK_RE.findall(token)
        if marks:
            targets = [links[int(index)] for index in marks]
        else:
            targets = [t for t in _bare_targets(token) if t.lower() not in placeholders]
        references.extend(
            Reference(kind, target, value.line, external=external_url(target) is not None)
            for target in targets
        )
    return references


def external_url(target: str) -> str | None:
    """`target` when it is an `http(s)` link (or a scheme-relative `//host/…` one), the only
    targets that are linked as written; `None` for anything else, which is never a link."""
    return target if _EXTERNAL_RE.match(target) else None


def has_scheme(target: str) -> bool:
    """Whether a browser would read `target` as a URL with a scheme of its own (`javascript:`,
    `data:`, `mailto:`…), whatever case, whitespace, controls or entities it hides behind."""
    return _SCHEME_RE.match(html.unescape(target).translate(_IGNORED_IN_SCHEMES)) is not None


def _bare_targets(token: str) -> list[str]:
    """What a token outside a Markdown link names: usually one reference, none for `N/A`."""
    text = token.strip().strip("`*").strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1].strip()
    bracketed = _BRACKETED_RE.fullmatch(text)
    if bracketed:
        text = bracketed.group(1).strip()
    if text.endswith(".") and text[-2:-1].isalnum():
        text = text[:-1]
    if text.lower() in NO_VALUE:
        return []
    words = text.split()
    if len(words) > 1 and all(_PLAIN_ID_RE.fullmatch(word) for word in words):
        return words  # `ADR-1 ADR-2`: a list that forgot its commas
    described = _DESCRIBED_ID_RE.fullmatch(text)
    return [described.group("id") if described else text]


@lru_cache(maxsize=1 << 16)
def id_key(value: str) -> str:
    """Compare ids case-insensitively, regardless of zero padding and separators.

    `adr-7`, `ADR 7`, `ADR_0007` and `ADR-0007` are all `ADR-7`.
    """
    return "-".join(
        part.upper() if not part.isdecimal() else part.lstrip("0") or "0"
        for part in _ID_PART_RE.findall(value)
    )


def document_id(doc: Document) -> str | None:
    """Front matter `id:`, else the kind and the leading number of the file name.

    `adr/0007-use-postgres.md` is `ADR-0007`, `adr/adr-105-x.md` is `ADR-105` and
    `adr/0007-use-postgres/index.md` takes its folder's number. A bare number in front matter
    (`id: 7`) gets the kind's prefix. A leading date (`2024-03-01-x.md`, `20240301-x.md`, as
    log4brains names ADRs) is not an id: documents written on one day would collide.
    """
    declared = doc.front_matter.get("id")
    if declared is not None and not isinstance(declared, dict | list) and str(declared).strip():
        text = str(declared).strip()
        return f"{ID_PREFIX[doc.kind]}-{text}" if text.isdecimal() else text
    return _id_from_path(doc.src_path, doc.kind)


@lru_cache(maxsize=1 << 16)
def _id_from_path(src_path: str, kind: Kind) -> str | None:
    """The id a file name gives (cached: every serve rebuild asks again for the same pages)."""
    name = _page_name(src_path)
    if _DATE_PREFIX_RE.match(name) and _is_date(name):
        return None
    match = _FILE_NUMBER_RE.match(name)
    if match is None:
        return None
    prefix = match.group("prefix")
    if prefix is not None and prefix.upper() != ID_PREFIX[kind]:
        return None
    return f"{ID_PREFIX[kind]}-{match.group('number')}"


def _is_date(name: str) -> bool:
    digits = name[:10].replace("-", "")[:8]
    try:
        dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return False
    return True


def _page_name(src_path: str) -> str:
    """The file name without extension; a folder index page is named by its folder."""
    stem = posixpath.splitext(posixpath.basename(src_path))[0]
    if stem.lower() in _INDEX_STEMS:
        return posixpath.basename(posixpath.dirname(src_path)) or stem
    return stem


def read_status(doc: Document) -> str | None:
    """The status as readers should see it, from the field or, for PRDs and ADRs, the section.

    The field is front matter `status` (MADR 3/4), a `Status:` line or bullet before the first
    section (Nygard, MADR 2, log4brains) or a bold `**Status:**` line; the section is the first
    line under `## Status` (Nygard, CometBFT).
    """
    raw = _raw_status(doc)
    if raw is None or raw.startswith(">"):  # a quoted template instruction, not a status
        return None
    texts: list[str] = []

    def mark(match: re.Match[str]) -> str:
        texts.append(match.group(1))
        return f"\x00{len(texts) - 1}\x00"

    text = _LIST_MARKER_RE.sub("", raw, count=1) if _LIST_MARKER_RE.match(raw) else raw
    text = _LINK_TEXT_RE.sub(mark, text)  # `Superseded by [2. Use X](…)`: no cut inside links
    text = _STATUS_END_RE.split(text, maxsplit=1)[0].rstrip()
    text = _LINK_MARK_RE.sub(lambda match: texts[int(match.group(1))], text)
    return _EMPHASIS_RE.sub(r"\2", text).strip("*_ ") or None


def _raw_status(doc: Document) -> str | None:
    value = doc.value("status")
    if value is not None and value.value.strip():
        return value.value.strip()
    if doc.kind is not Kind.SPEC and doc.status_section:
        return doc.status_section.strip()
    return None


@lru_cache(maxsize=1 << 12)
def is_inactive(status: str | None) -> bool:
    """Superseded, deprecated, rejected (and their synonyms): a decision no longer in force."""
    return status is not None and _INACTIVE_RE.match(status.strip()) is not None


# ---------------------------------------------------------------------------------------------
# Resolving


_SEARCH_ORDER = {kind: (kind, *(other for other in Kind if other is not kind)) for kind in Kind}
"""The kinds whose ids a reference may name: its own first."""


class ReferenceIndex:
    """Documents by path and by (kind, normalised id): what every reference is resolved with."""

    def __init__(self, documents: Sequence[Document]) -> None:
        self.by_path = {doc.src_path: doc for doc in documents}
        self.by_kind: dict[Kind, list[Document]] = {kind: [] for kind in Kind}
        self.by_id: dict[tuple[Kind, str], list[Document]] = defaultdict(list)
        for doc in documents:
            self.by_kind[doc.kind].append(doc)
            if doc.id is not None:
                self.by_id[(doc.kind, id_key(doc.id))].append(doc)
        self._named: dict[tuple[Kind, str], Document | None] = {}
        """What each id a reference names was found to be: a site's specs name the same few
        PRDs and ADRs thousands of times."""
        self._replacements: dict[str, Reference | None] = {}
        """What each retired ADR's status names as its replacement, by its path."""

    def locate(self, doc: Document, reference: Reference) -> Document | None:
        """The document a reference names, of any kind; the caller checks the kind.

        A path is relative to the page (or to `docs_dir` when it starts with `/`) and may be
        written as a directory URL (`../adr/0001-x/`) or an `.html` page. Anything else is an id:
        of the reference's own kind first, then of the other kinds, so that an ADR id under
        `Related PRD` can be reported as such.
        """
        if _is_path(reference.target):
            for path in _candidate_paths(doc.src_path, reference.target):
                found = self.by_path.get(path)
                if found is not None:
                    return found
            return None
        named = (reference.kind, reference.target)
        if named not in self._named:
            self._named[named] = self._with_id(reference.kind, id_key(reference.target))
        return self._named[named]

    def _with_id(self, kind: Kind, key: str) -> Document | None:
        """The first document with the id `key` (`id_key`), of `kind` first, then the others."""
        if not key:
            return None
        for other in _SEARCH_ORDER[kind]:
            found_ids = self.by_id.get((other, key))
            if found_ids:
                return found_ids[0]
        return None

    def unresolved(self, doc: Document, reference: Reference, found: Document | None) -> Finding:
        """`unresolved-reference`: what the reference names instead, or what was probably meant."""
        kind = KIND_NAME[reference.kind]
        target = f'{kind} reference "{reference.target}"'
        key = reference.target  # not the suggestions: they change as documents are added
        if found is not None:
            other = KIND_NAME[found.kind]
            article = "an" if other[0] in "AEIOU" else "a"
            message = (
                f"{target} names {found.id or found.src_path}, {article} {other}, not a {kind}"
            )
            hint = (
                f"move it to Related {other}"
                if found.kind is not Kind.SPEC
                else f"list the {kind} itself here, not a spec"
            )
            return make_finding("unresolved-reference", doc, reference.line, message, hint, key)
        message = f"{target} points to no {kind} page"
        if has_scheme(reference.target):
            message += ": only http(s) links, relative paths and document ids are references"
            hint = f"write the {kind}'s id, a path relative to this page or an https:// link"
            return make_finding("unresolved-reference", doc, reference.line, message, hint, key)
        close = self._suggestions.suggest(doc, reference)
        if close:
            hint = f"did you mean {_either(close)}?"
        elif not self.by_kind[reference.kind]:
            hint = f"no {kind} pages were found: check the `{_GLOBS_KEY[reference.kind]}` globs"
        else:
            example = next((d.id for d in self.by_kind[reference.kind] if d.id), None)
            shape = f"an id such as {example}" if example else f"a {kind} id"
            hint = f"write {shape} or a path relative to this page"
        return make_finding("unresolved-reference", doc, reference.line, message, hint, key)

    def inactive(self, doc: Document, reference: Reference, adr: Document) -> Finding | None:
        """`inactive-reference`: a spec past Draft that relies on a retired decision."""
        if doc.kind is not Kind.SPEC or adr.kind is not Kind.ADR or not is_inactive(adr.status):
            return None
        if (doc.status or "").strip().lower() == "draft":
            return None
        name = adr.id or adr.src_path
        spec = f"{doc.status} spec" if doc.status else "this spec"
        status = read_status(adr) or adr.status  # as written: `superseded by ADR-0002`
        message = f'{spec} relies on {name} ({adr.display_title}), whose status is "{status}"'
        successor = self._successor(doc, adr)
        hint = (
            f"reference {successor} instead, or revisit this spec"
            if successor
            else "reference the decision in force instead, or revisit this spec"
        )
        # The target as written, not the statuses: moving either document on keeps the finding.
        key = reference.target
        return make_finding("inactive-reference", doc, reference.line, message, hint, key)

    def _successor(self, doc: Document, adr: Document) -> str | None:
        """What "superseded by X" names, as the spec should write it: its id, else its path."""
        named = self._replacement(adr)
        if named is None:
            return None
        found = self.successor(adr)
        return (found.id or _relative(doc, found)) if found is not None else named.target

    def successor(self, adr: Document) -> Document | None:
        """The ADR of the site that an ADR's status names as its replacement ("Superseded by
        ADR-0002"), for the card to link to."""
        if adr.kind is not Kind.ADR or not is_inactive(adr.status):
            return None
        named = self._replacement(adr)
        found = None if named is None or named.external else self.locate(adr, named)
        return found if found is not None and found.kind is Kind.ADR else None

    def _replacement(self, adr: Document) -> Reference | None:
        """`_replacement`, read once per ADR however many specs rely on it."""
        if adr.src_path not in self._replacements:
            self._replacements[adr.src_path] = _replacement(adr)
        return self._replacements[adr.src_path]

    def duplicates(self) -> list[Finding]:
        """`duplicate-id`, once per document sharing an id, on its `id:` line when it has one."""
        findings = []
        for (kind, _), docs in self.by_id.items():
            if len(docs) < 2:
                continue
            for doc in docs:
                others = [d.display_path for d in docs if d is not doc]
                id_field = doc.front_matter_fields.get("id")
                hint = (
                    f"give each {KIND_NAME[kind]} its own id"
                    if id_field is not None
                    else "renumber one of them: the id comes from the number in the file name"
                )
                findings.append(
                    make_finding(
                        "duplicate-id",
                        doc,
                        id_field.line if id_field is not None else 1,
                        f'{KIND_NAME[kind]} id "{doc.id}" is also used by {_both(others)}',
                        hint,
                        doc.id or "",  # not the others: a third document may join them
                    )
                )
        return findings

    @cached_property
    def _suggestions(self) -> _SuggestionIndex:
        return _SuggestionIndex(self.by_kind)


def _replacement(adr: Document) -> Reference | None:
    """The first document an ADR's status names after "by" (`Superseded by ADR-0002`)."""
    replaced = _REPLACED_BY_RE.search(_raw_status(adr) or "")
    if replaced is None:
        return None
    named = parse_references(Field("status", "status", replaced.group("rest"), 1), Kind.ADR)
    return named[0] if named else None


@lru_cache(maxsize=1 << 16)
def _is_path(target: str) -> bool:
    lowered = target.lower()
    return (
        "/" in target
        or "\\" in target
        or target.startswith(("#", "."))
        or lowered.endswith((".md", ".html", ".htm"))
    )


def _candidate_paths(src_path: str, target: str) -> list[str]:
    """The `src_path`s a link from `src_path` may mean, most likely first."""
    path = unquote(target.split("#", 1)[0].split("?", 1)[0]).replace("\\", "/")
    if not path:
        return []
    base = "" if path.startswith("/") else posixpath.dirname(src_path)
    joined = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
    if joined == ".." or joined.startswith("../"):
        return []
    stem, extension = posixpath.splitext(joined)
    if extension.lower() == ".md":
        return [joined]
    if extension.lower() in (".html", ".htm"):
        joined = posixpath.dirname(stem) if posixpath.basename(stem) == "index" else stem
    if joined == ".":
        return ["index.md", "README.md"]
    return [f"{joined}.md", f"{joined}/index.md", f"{joined}/README.md"]


def _relative(doc: Document, target: Document) -> str:
    """`target` as a link written in `doc` would reach it."""
    return posixpath.relpath(target.src_path, posixpath.dirname(doc.src_path) or ".")


def _either(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _both(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# ---------------------------------------------------------------------------------------------
# Suggesting


class _SuggestionIndex:
    """Documents by number, by file name and by word, per kind: the did-you-mean candidates.

    A reference's candidates come in tiers, from the likeliest slip to the loosest resemblance,
    and a hint shows only the best tier that has any, so a near miss is never buried under noise.
    """

    def __init__(self, by_kind: dict[Kind, list[Document]]) -> None:
        self._numbers: dict[Kind, dict[int, list[Document]]] = {}
        self._sorted_numbers: dict[Kind, list[int]] = {}
        self._names: dict[Kind, dict[str, list[Document]]] = {}
        self._words: dict[Kind, dict[str, list[Document]]] = {}
        for kind, documents in by_kind.items():
            numbers: dict[int, list[Document]] = defaultdict(list)
            names: dict[str, list[Document]] = defaultdict(list)
            words: dict[str, list[Document]] = defaultdict(list)
            for doc in documents:
                number = _last_number(doc.id or "")
                if number is not None:
                    numbers[number].append(doc)
                names[_page_name(doc.src_path).lower()].append(doc)
                for word in set(_words(f"{_page_name(doc.src_path)} {doc.display_title}")):
                    words[word].append(doc)
            self._numbers[kind] = numbers
            self._sorted_numbers[kind] = sorted(numbers)
            self._names[kind] = names
            self._words[kind] = words

    def suggest(self, doc: Document, reference: Reference) -> list[str]:
        """Up to three ids or paths of the reference's kind, as the hint should name them."""
        kind = reference.kind
        target = reference.target
        if _is_path(target):
            name = _page_name(unquote(target.split("#", 1)[0]).rstrip("/").replace("\\", "/"))
            tiers: list[Callable[[], Iterable[Document]]] = [
                lambda: self._names[kind].get(name.lower(), ()),
                lambda: self._by_number(kind, _leading_number(name)),
                lambda: self._by_words(kind, name),
            ]
            render: Callable[[Document, Document], str] = _relative
        elif _ID_SHAPE_RE.fullmatch(target.strip()):
            number = _last_number(target)
            tiers = [] if number is None else self._numeric_tiers(kind, number)
            render = _id_with_title
        else:
            tiers = [
                lambda: self._names[kind].get(target.strip().lower(), ()),
                lambda: self._by_number(kind, _leading_number(target.strip())),
                lambda: self._by_words(kind, target),
            ]
            render = _id_with_title
        for tier in tiers:
            found = list({candidate.src_path: candidate for candidate in tier()}.values())
            if found:
                return [render(doc, candidate) for candidate in found[:_MAX_SUGGESTIONS]]
        return []

    def _numeric_tiers(self, kind: Kind, number: int) -> list[Callable[[], Iterable[Document]]]:
        """The same number under another prefix, then digit slips, then the nearest numbers."""
        return [
            lambda: self._by_numbers(kind, [number]),
            lambda: self._by_numbers(kind, _transpositions(number)),
            lambda: self._by_numbers(kind, _one_digit_edits(number)),
            lambda: self._nearest(kind, number),
        ]

    def _by_number(self, kind: Kind, number: int | None) -> list[Document]:
        return list(self._numbers[kind].get(number, ())) if number is not None else []

    def _by_numbers(self, kind: Kind, numbers: Iterable[int]) -> list[Document]:
        """Documents with these numbers, in the order the numbers are given (likeliest first)."""
        return [doc for number in numbers for doc in self._numbers[kind].get(number, ())]

    def _nearest(self, kind: Kind, number: int) -> list[Document]:
        """The closest numbers below and above: ADR-0040 for ADR-0099 when 40 is the last."""
        numbers = self._sorted_numbers[kind]
        at = bisect.bisect_left(numbers, number)
        near = sorted(numbers[max(at - 1, 0) : at + 1], key=lambda n: (abs(n - number), n))
        return self._by_numbers(kind, near)

    def _by_words(self, kind: Kind, text: str) -> list[Document]:
        """Documents sharing at least half of the text's telling words, most shared first."""
        words = set(_words(text))
        shared: dict[str, tuple[int, Document]] = {}
        for word in words:
            posting = self._words[kind].get(word, ())
            if len(posting) > _COMMON_WORD_DOCS:
                continue
            for candidate in posting:
                count = shared.get(candidate.src_path, (0, candidate))[0]
                shared[candidate.src_path] = (count + 1, candidate)
        needed = max(1, (len(words) + 1) // 2)
        ranked = sorted(
            (item for item in shared.items() if item[1][0] >= needed),
            key=lambda item: (-item[1][0], item[0]),
        )
        return [candidate for _, (_, candidate) in ranked]


def _transpositions(number: int) -> list[int]:
    """ADR-0021 for ADR-0012: two neighbouring digits swapped."""
    digits = str(number)
    return [
        int(digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :])
        for i in range(len(digits) - 1)
        if digits[i] != digits[i + 1]
    ]


def _one_digit_edits(number: int) -> list[int]:
    """One digit dropped, added or mistyped, nearest first: ADR-102 for ADR-12."""
    digits = str(number)
    edits = {digits[:i] + digits[i + 1 :] for i in range(len(digits))}
    for i in range(len(digits) + 1):
        edits.update(digits[:i] + d + digits[i:] for d in "0123456789")
    for i in range(len(digits)):
        edits.update(digits[:i] + d + digits[i + 1 :] for d in "0123456789")
    numbers = {int(edit) for edit in edits if edit} - {number}
    return sorted(numbers, key=lambda n: (abs(n - number), n))


def _last_number(text: str) -> int | None:
    parts = [part for part in _ID_PART_RE.findall(text) if part.isdecimal()]
    return _number(parts[-1]) if parts else None


def _leading_number(name: str) -> int | None:
    match = _FILE_NUMBER_RE.match(name)
    return _number(match.group("number")) if match else None


def _number(digits: str) -> int | None:
    """A number to compare, or `None` for a digit run too long to be anyone's id number."""
    return int(digits) if len(digits) <= 18 else None


def _words(text: str) -> list[str]:
    return [word.lower() for word in _WORD_RE.findall(text)]


def _id_with_title(doc: Document, candidate: Document) -> str:
    if candidate.id is None:
        return _relative(doc, candidate)
    title = candidate.display_title
    if len(title) > 40:
        title = title[:39].rstrip() + "…"
    return f"{candidate.id} ({title})" if title else candidate.id
