"""A new spec, PRD or ADR written from its template: what `mkdocs-specs new` puts on disk.

The draft is the template itself with the title, today's date, the Draft status and the author
filled in, and every other placeholder left for the author. Because it is a `Draft`, its unfilled
sections and placeholders are info, not errors: a fresh draft builds with `--strict`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import posixpath
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources

from .discovery import Classifier
from .model import Kind
from .parse import parse_document, split_lines
from .rules import canonical_choice
from .template import NO_FIELD_NAMES, FieldNames, FieldType, Template, read_template

BUILT_IN_TEMPLATES = {
    Kind.SPEC: "spec-template.md",
    Kind.PRD: "prd-template.md",
    Kind.ADR: "adr-template.md",
}
NUMBER_WIDTH = 4
"""Digits of the first PRD or ADR number when none exists yet (`0001-…`, as MADR numbers them)."""
DRAFT_STATUS = "Draft"
_AUTHOR_KEYS = frozenset({"decision makers", "deciders"})
_BRACE_RE = re.compile(r"\{[^{}\n]{1,200}\}")
_LEADING_NUMBER_RE = re.compile(r"\d+")
_GLOB_CHARS = frozenset("*?[")
_ATX_RE = re.compile(r"(\s*#+)(.*?)(?:\s+#+)?\s*")
_YAML_PLAIN_RE = re.compile(r"\w[\w .\-/()@]*")
_YAML_WORDS = frozenset({"yes", "no", "true", "false", "on", "off", "null", "y", "n"})


@dataclass(frozen=True, slots=True)
class DraftValues:
    """What `new` knows about the document before its author writes a word."""

    title: str
    date: dt.date
    author: str | None
    """`None` leaves the template's own placeholder, which a reviewer cannot miss."""


def built_in_template(kind: Kind) -> tuple[str, str]:
    """(name, text) of the template shipped for `kind`."""
    name = BUILT_IN_TEMPLATES[kind]
    text = resources.files("mkdocs_specs").joinpath(f"resources/{name}").read_text("utf-8")
    return name, text


def built_in_template_path(kind: Kind) -> str:
    """The file of the template shipped for `kind`: what `template: builtin` (and
    `prd_template`, `adr_template`) names, read like any template file."""
    package = os.path.dirname(os.path.abspath(__file__))
    return os.path.join(package, "resources", BUILT_IN_TEMPLATES[kind])


def slugify(title: str) -> str:
    """`Payment Retries (v2)` -> `payment-retries-v2`: lowercase ASCII words joined by dashes."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")


def next_number(file_names: Iterable[str]) -> str:
    """The number after the highest leading number, padded as wide as that one was written."""
    highest: tuple[int, str] | None = None
    for name in file_names:
        match = _LEADING_NUMBER_RE.match(name)
        if match and (highest is None or int(match.group()) > highest[0]):
            highest = (int(match.group()), match.group())
    if highest is None:
        return "1".zfill(NUMBER_WIDTH)
    return str(highest[0] + 1).zfill(len(highest[1]))


def draft_path(globs: Sequence[str], kind: Kind, name: str) -> str | None:
    """Where a document called `name` goes: the first folder of the kind's globs where a page of
    that name is of that kind (`specs/**/*.md` -> `specs/name.md`, `keps/**/README.md` ->
    `keps/name/README.md`). `None` when no glob can name such a page."""
    classifier = Classifier({kind: globs})
    for pattern in globs:
        parts = pattern.strip().strip("/").split("/")
        literal = []
        for part in parts[:-1]:
            if _GLOB_CHARS & set(part):
                break
            literal.append(part)
        folder = "/".join(literal)
        candidates = [posixpath.join(folder, f"{name}.md")]
        if not _GLOB_CHARS & set(parts[-1]):
            candidates.append(posixpath.join(folder, name, parts[-1]))
        for candidate in candidates:
            if classifier.kind_of(candidate) is kind:
                return candidate
    return None


def draft_text(
    template_text: str,
    template_name: str,
    kind: Kind,
    values: DraftValues,
    names: FieldNames = NO_FIELD_NAMES,
) -> str:
    """The template with its title, date, status and author fields filled in; `names` says
    which fields those are when the template names them in its own language (`Autor`)."""
    template = read_template(template_text, template_name, names)
    lines = split_lines(template_text)
    shape = parse_document(template_name, template_text, kind)
    for item in template.fields:
        value = _field_value(item.key, item.type, template, values)
        if value is None or not 1 <= item.line <= len(lines):
            continue
        index = item.line - 1
        if item.line <= shape.front_matter_end:
            lines[index] = _fill_front_matter(lines[index], item.placeholder, value)
        elif item.placeholder and item.placeholder in lines[index]:
            lines[index] = lines[index].replace(item.placeholder, value, 1)
    if shape.title_line is not None:
        index = shape.title_line - 1
        lines[index] = _titled(lines[index], values.title)
    else:
        lines[shape.front_matter_end : shape.front_matter_end] = [f"# {values.title}", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _field_value(key: str, kind: FieldType, template: Template, values: DraftValues) -> str | None:
    if kind is FieldType.DATE or key == "date":  # `date` by role: `**Datum:** JJJJ-MM-TT`
        return values.date.isoformat()
    if key == "status":
        statuses = template.statuses
        if not statuses:
            return DRAFT_STATUS
        # A template without Draft (MADR: proposed | accepted | …) starts at its first status.
        return canonical_choice(statuses, DRAFT_STATUS) or statuses[0]
    if kind is FieldType.OWNERS or key in _AUTHOR_KEYS:
        return values.author
    return None


def _titled(line: str, title: str) -> str:
    """The H1 with the title in place of its placeholder (`Technical Specification: {Name}`)."""
    match = _ATX_RE.fullmatch(line)
    prefix, heading = (match.group(1).rstrip() + " ", match.group(2)) if match else ("", line)
    heading = heading.strip()
    if _BRACE_RE.search(heading):
        heading = _BRACE_RE.sub(lambda _: title, heading, count=1)
    else:
        heading = f"{heading}: {title}" if heading else title
    return prefix + heading


def _fill_front_matter(line: str, placeholder: str, value: str) -> str:
    """Put `value` in a front matter line, quoted the way YAML needs it there."""
    position = line.find(placeholder) if placeholder else -1
    if position > 0 and line[position - 1] == '"':
        return line.replace(placeholder, json.dumps(value, ensure_ascii=False)[1:-1], 1)
    if position > 0 and line[position - 1] == "'":
        return line.replace(placeholder, value.replace("'", "''"), 1)
    key, _, rest = line.partition(":")
    if not rest.strip():
        return line  # a block list or mapping follows on the next lines: leave it to the author
    plain = _YAML_PLAIN_RE.fullmatch(value) and value.lower() not in _YAML_WORDS
    return f"{key}: {value if plain else json.dumps(value, ensure_ascii=False)}"
