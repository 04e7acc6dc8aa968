"""All documents of one run: judging each page, ids, references, backlinks and cross-document rules.

`check_page` turns one source into a judged `Document`; `Catalog` joins them, resolves references
through indexes (one dictionary look-up per reference, never a scan of all documents) and applies
the severity policy to every finding in one place. The plugin and the command line both reach
`build_catalog` through `checking.check_sources`, which is why they always agree.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from .baseline import Baseline
from .discovery import INDEX_NAMES, SPECS_KIND_KEY, Classifier, declared_kind, glob_matcher
from .expansion import Seen
from .matching import assign_fields
from .model import Document, Field, Finding, Kind, Severity
from .parse import decode_source, parse_document, read_front_matter, split_lines
from .references import ReferenceIndex, document_id, parse_references, read_status
from .rules import (
    Context,
    SeverityPolicy,
    canonical_choice,
    check_document,
    keeps_front_matter_sample,
    parse_problem_findings,
    split_owners,
    status_name,
)
from .sidecar import PageWithSidecar, apply_sidecar, read_sidecar, sidecar_display_path
from .template import NO_FIELD_NAMES, FieldNames, FieldType, Template


@dataclass(frozen=True, slots=True)
class Settings:
    """The part of the configuration the core needs; built by the plugin and by the CLI alike."""

    globs: dict[Kind, Sequence[str]]
    templates: dict[Kind, Sequence[Template]]
    required_depth: int = 2
    overrides: dict[str, Severity] = field(default_factory=dict)
    today: dt.date | None = None
    baseline: Baseline | None = None
    """Findings accepted when the rules were adopted: reported as info (see `baseline.py`)."""
    created: Mapping[str, dt.date] = field(default_factory=dict)
    """Each page's first commit, when `template_history` is on (see `history.py`)."""
    exclude: Sequence[str] = ()
    """Globs of pages that are no document of any kind (`exclude`)."""
    template_files: frozenset[str] = frozenset()
    """Absolute paths of the template files: a page that is one is never a document."""
    metadata_files: Sequence[str] = ()
    """Names of the metadata files read beside a folder's index page (`metadata_files`)."""
    configured_globs: Sequence[tuple[str, str]] = ()
    """(option, glob) of the globs the user wrote, each warned about when it matches no page;
    a default glob (`prds/**/*.md` on a site without PRDs) is not."""
    field_names: FieldNames = NO_FIELD_NAMES
    """The names the team gives fields (`fields`); the templates are read with them already,
    documents without a template are read with them here."""
    translations: Translations | None = None
    """How a multilingual site names a page's translations (mkdocs-static-i18n)."""

    def cache_key(self) -> object:
        """What a checked page depends on besides its own content (the globs decide its kind)."""
        templates = tuple((kind, tuple(found)) for kind, found in sorted(self.templates.items()))
        globs = tuple((kind, tuple(found)) for kind, found in sorted(self.globs.items()))
        files = tuple(sorted(self.template_files))
        pages = (tuple(self.exclude), files, tuple(self.metadata_files))
        created = tuple(sorted(self.created.items()))
        names = self.field_names
        return (templates, globs, pages, self.required_depth, self.today, created, names)

    @property
    def context(self) -> Context:
        return Context(
            required_depth=self.required_depth, today=self.today, created=self.created
        )


@dataclass(frozen=True, slots=True)
class Source:
    """One page as MkDocs sees it: its `src_uri`, the path to show in messages, and its bytes."""

    src_path: str
    display_path: str
    load: Callable[[], bytes | str]
    disk_path: str | None = None
    """The file the bytes come from, when they come from one: its modification time and size
    tell a cache that it is unchanged without reading it."""
    sidecar: str | None = None
    """The metadata file beside the page (`metadata_files`), read with it when it is a document.
    Such a page has no `disk_path`: its bytes come from two files, and one's time and size do
    not tell that both are unchanged."""
    seen: Seen | None = None
    """Set when the bytes are the page as its reader sees it rather than its file (other plugins
    changed its Markdown or metadata): where its lines come from, and what it inherited."""


@dataclass(frozen=True, slots=True)
class Translations:
    """The languages of a multilingual site and where it keeps a page's translations: beside
    the page (`suffix`: `adr/0001-x.de.md`) or in a folder per language (`folder`:
    `de/adr/0001-x.md`), as mkdocs-static-i18n lays them out."""

    layout: Literal["suffix", "folder"]
    default: str
    languages: frozenset[str]
    """Every configured language, the default one included."""
    fallback: bool = True
    """Whether each language's site has a copy of the default language's page where it has no
    translation of its own (mkdocs-static-i18n's `fallback_to_default`)."""

    def folder(self, language: str) -> str:
        """Where the site of `language` is in the whole site: the default language's at its
        root, each other in a folder of its name (`de/`)."""
        return "" if language == self.default else f"{language}/"

    def language_of(self, src_path: str) -> tuple[str, str | None]:
        """The path that names the page's translation set, and the page's language when the
        path states one (`None` for a page of no language folder or suffix)."""
        if self.layout == "folder":
            folder, _, rest = src_path.partition("/")
            if rest and folder in self.languages:
                return rest, folder
            return src_path, None
        folder, _, name = src_path.rpartition("/")
        stem, dot, extension = name.rpartition(".")
        base, _, language = stem.rpartition(".")
        if dot and base and language in self.languages:
            return f"{folder}/{base}.{extension}" if folder else f"{base}.{extension}", language
        return src_path, None


def one_per_translation(sources: list[Source], translations: Translations) -> list[Source]:
    """The page of each translation set that stands for the document: the default language's
    (`0001-x.md` for `0001-x.de.md`), else the first of its translations the site lists.

    A translation is the same document in other words: checked as well, it would be a second
    document with the same id, and its headings in another language missing sections."""
    chosen: dict[str, tuple[bool, Source]] = {}
    for source in sources:
        name, language = translations.language_of(source.src_path)
        foreign = language not in (None, translations.default)
        known = chosen.get(name)
        if known is None or (known[0] and not foreign):
            chosen[name] = (foreign, source)
    kept = {id(source) for _, source in chosen.values()}
    return [source for source in sources if id(source) in kept]


def translated_pages(
    src_paths: Iterable[str], documents: Iterable[str], translations: Translations
) -> dict[str, str]:
    """The document each other page of a translation set stands for (`adr/0001-x.de.md` ->
    `adr/0001-x.md`): every language's page of a document shows that document's card."""
    by_set = {translations.language_of(path)[0]: path for path in documents}
    found = {}
    for src_path in src_paths:
        document = by_set.get(translations.language_of(src_path)[0])
        if document is not None and document != src_path:
            found[src_path] = document
    return found


class LanguageSites:
    """Which language's site has a page of each translation set, as mkdocs-static-i18n builds
    them: a page is in its language's site, and the default language's is copied into every
    other language's site that has no translation of it (unless `fallback` is off)."""

    def __init__(self, src_paths: Iterable[str], translations: Translations) -> None:
        self.translations = translations
        self._languages: dict[str, set[str]] = defaultdict(set)
        for src_path in src_paths:
            name, language = translations.language_of(src_path)
            self._languages[name].add(language or translations.default)

    def site_of(self, src_path: str, language: str) -> str:
        """The language whose site a link from the site of `language` to the page of
        `src_path`'s translation set reaches: that language's own when it has one, else the
        site of the page's language (a document written in German only, linked from the
        English site)."""
        name, own = self.translations.language_of(src_path)
        found = self._languages.get(name, set())
        default = self.translations.default
        if language in found or (self.translations.fallback and default in found):
            return language
        return own or default


def select_pages(sources: Iterable[Source], settings: Settings) -> tuple[list[Source], list[str]]:
    """The pages that may be documents, with their metadata files; and a warning for each glob
    the user configured that matches no page.

    Template files, `exclude`d pages and translations of another page are left out: MkDocs
    still builds them as pages, but they are no document of their own. Both commands select
    through here (`check_sources`).
    """
    pages = list(sources)
    warnings = _unmatched_globs(settings, [source.src_path for source in pages])
    if settings.translations is not None:
        pages = one_per_translation(pages, settings.translations)
    if not (settings.exclude or settings.template_files or settings.metadata_files):
        return pages, warnings
    excluded = glob_matcher(settings.exclude)
    templates = settings.template_files
    selected = []
    for source in pages:
        if excluded(source.src_path) or (
            source.disk_path is not None and os.path.normpath(source.disk_path) in templates
        ):
            continue
        if settings.metadata_files and source.disk_path is not None:
            source = _with_sidecar(source, settings.metadata_files)
        selected.append(source)
    return selected, warnings


def _with_sidecar(source: Source, names: Sequence[str]) -> Source:
    """The page with the first of the metadata files beside it, when it is a folder's index."""
    assert source.disk_path is not None
    if posixpath.basename(source.src_path).lower() not in INDEX_NAMES:
        return source
    folder = os.path.dirname(source.disk_path)
    for name in names:
        path = os.path.join(folder, name)
        if os.path.lexists(path):  # a dangling link or a FIFO too: reading it says what it is
            return replace(source, disk_path=None, sidecar=path)
    return source


def _unmatched_globs(settings: Settings, src_paths: list[str]) -> list[str]:
    """A warning per configured glob that matches none of `src_paths`: a typo, most likely."""
    warnings = []
    for option, pattern in settings.configured_globs:
        matches: Callable[[str], object]
        if option == "exclude":
            matches = glob_matcher((pattern,))
        else:
            matches = Classifier({Kind.SPEC: (pattern,)}).kind_of
        if not any(matches(src_path) for src_path in src_paths):
            warnings.append(f"the `{option}` glob {pattern!r} matches no page of the site")
    return warnings


Checked = tuple[Document, list[Finding]]
"""A judged page and its findings, before the catalog links it with the others."""


def document_kind(source: Source, classifier: Classifier) -> tuple[Kind | None, bytes | str | None]:
    """The page's kind from the globs, overridden by its own `specs_kind`; the bytes if read."""
    kind = classifier.kind_of(source.src_path)
    data = source.load()
    head = data[:4096] if isinstance(data, str) else data[:4096].decode("utf-8", "replace")
    if SPECS_KIND_KEY in head:
        text = data if isinstance(data, str) else decode_source(data)[0]
        front_matter, _, _ = read_front_matter(split_lines(text))
        if SPECS_KIND_KEY in front_matter:
            declared = declared_kind(front_matter[SPECS_KIND_KEY])
            if declared is not False:
                kind = declared  # type: ignore[assignment]
    if source.seen is not None and SPECS_KIND_KEY in source.seen.inherited:
        declared = declared_kind(source.seen.inherited[SPECS_KIND_KEY])
        if declared is not False:
            kind = declared  # type: ignore[assignment]
    if kind is not None and source.sidecar is not None and isinstance(data, bytes):
        shown = sidecar_display_path(source.display_path, source.sidecar)
        data = PageWithSidecar(data, read_sidecar(source.sidecar, shown))
    return kind, data


def check_page(source: Source, data: bytes | str, kind: Kind, settings: Settings) -> Checked:
    """Parse one page and run the single-document rules against its best-matching template."""
    sidecar = None
    if isinstance(data, PageWithSidecar):
        sidecar = data.sidecar
        data = data.page
    if isinstance(data, bytes):
        text, bad_line = decode_source(data)
    else:
        text, bad_line = data, None
    doc = parse_document(source.src_path, text, kind)
    doc.display_path = source.display_path
    if source.seen is not None:
        doc.front_matter.update(source.seen.inherited)
    if bad_line is not None:
        doc.parse_problems.append(
            (
                bad_line,
                "front-matter" if bad_line <= doc.front_matter_end else "encoding",
                "the file is not valid UTF-8; undecodable bytes were replaced",
            )
        )
    if sidecar is not None:
        apply_sidecar(doc, sidecar)
    templates = settings.templates.get(kind, ())
    findings: list[Finding] = []
    if templates:
        best: tuple[tuple[int, int, int], Template, list[Finding]] | None = None
        for template in templates:
            candidate = check_document(doc, template, settings.context)
            # Fewest findings, then fewest errors; a tie goes to the later (newer) version.
            score = (
                len(candidate),
                sum(f.severity is Severity.ERROR for f in candidate),
                sum(f.severity is Severity.WARNING for f in candidate),
            )
            if best is None or score <= best[0]:
                best = (score, template, candidate)
        assert best is not None
        _, template, findings = best
        if len(templates) > 1:
            assign_fields(doc, template)  # the last version checked may not be the winner
            findings = [_with_template(f, template.name) for f in findings]
            doc.template_name = template.name
        _describe(doc, template, settings.field_names)
    else:
        _describe_untemplated(doc, settings.field_names)
        findings = parse_problem_findings(doc)
    if source.seen is not None:
        findings = [source.seen.relocate(finding) for finding in findings]
        source.seen.relocate_document(doc)
    doc.id = document_id(doc)
    doc.drop_outline()
    return doc, findings


def _with_template(finding: Finding, name: str) -> Finding:
    return replace(finding, template=name)  # a copy: findings are made by `rules.make_finding` only


def _describe(doc: Document, template: Template, names: FieldNames) -> None:
    """Derive the portal's view of a document: title, status, owners, references."""
    front_title = doc.front_matter.get("title")
    if (
        isinstance(front_title, str)
        and front_title.strip()
        and not keeps_front_matter_sample(template, "title", front_title)
    ):
        doc.display_title = front_title.strip()
    elif doc.title and template.title_pattern is not None:
        match = template.title_pattern.fullmatch(doc.title)
        captured = match.group("title").strip() if match and match.group("title") else ""
        doc.display_title = captured or doc.title
    else:
        doc.display_title = doc.title or _title_from_path(doc.src_path)
    status = read_status(doc)
    if status is not None:
        choice = canonical_choice(template.statuses, status)
        doc.status = status_name(choice) if choice is not None else status
    for item in template.fields:
        value = doc.value(item.key)
        if value is None:
            continue
        if item.type is FieldType.OWNERS and not doc.owners:
            doc.owners = _owners(value, item.placeholder)
        elif (
            item.type is FieldType.REFERENCE
            and item.reference_kind is not None
            and value.value.strip().lower() != item.placeholder.strip().lower()
        ):
            doc.references.extend(
                parse_references(value, item.reference_kind, template.placeholders)
            )
    if not doc.owners:  # the template names no owners, the front matter (or `kep.yaml`) may
        doc.owners = _common_owners(doc.front_matter_fields.get, names)


def _describe_untemplated(doc: Document, names: FieldNames) -> None:
    """PRDs and ADRs without a template: read what the common formats agree on, and the names
    the team gives fields (`Datum:` is the date)."""
    merged: dict[str, Field] = {}
    for block in doc.field_blocks.values():
        for key, item in block.items():
            merged.setdefault(names.key_of(key), item)
    for key, item in list(doc.front_matter_fields.items()):
        doc.front_matter_fields.setdefault(names.key_of(key), item)
    doc.fields = merged
    front_title = doc.front_matter.get("title")
    doc.display_title = (
        front_title.strip()
        if isinstance(front_title, str) and front_title.strip()
        else doc.title or _title_from_path(doc.src_path)
    )
    doc.status = read_status(doc)
    doc.owners = _common_owners(doc.value, names)


def _common_owners(lookup: Callable[[str], Field | None], names: FieldNames) -> list[str]:
    """The owners under the first name the common formats use for them, then the team's."""
    for key in (*_OWNER_KEYS, *names.owner_names()):
        value = lookup(key)
        if value is not None and value.value.strip():
            return _owners(value, "")
    return []


_OWNER_KEYS = ("author", "authors", "owner", "owners", "decision makers", "deciders")


def _owners(value: Field, placeholder: str) -> list[str]:
    if value.value.strip().lower() == placeholder.strip().lower():
        return []
    return list(dict.fromkeys(split_owners(value.value)))


def _title_from_path(src_path: str) -> str:
    stem = posixpath.splitext(posixpath.basename(src_path))[0]
    return stem.replace("-", " ").replace("_", " ").strip().capitalize() or src_path


class Catalog:
    """The judged documents of one run, their links in both directions, and the final findings."""

    def __init__(self, documents: Iterable[Document], warnings: Sequence[str] = ()) -> None:
        self.documents = sorted(documents, key=lambda d: d.src_path)
        self.warnings = list(warnings)
        """About the configuration rather than a document (a glob that matches no page)."""
        self.references = ReferenceIndex(self.documents)
        self.by_path = self.references.by_path

    def of_kind(self, kind: Kind) -> list[Document]:
        return list(self.references.by_kind[kind])

    def link(self) -> list[Finding]:
        """Resolve every reference, record backlinks, and return the cross-document findings."""
        findings: list[Finding] = []
        backlinks: dict[str, set[str]] = defaultdict(set)
        index = self.references
        for doc in self.documents:
            for reference in doc.references:
                reference.resolved_path = None
                if reference.external:
                    continue
                found = index.locate(doc, reference)
                if found is None or found.kind is not reference.kind:
                    findings.append(index.unresolved(doc, reference, found))
                    continue
                reference.resolved_path = found.src_path
                backlinks[found.src_path].add(doc.src_path)
                inactive = index.inactive(doc, reference, found)
                if inactive is not None:
                    findings.append(inactive)
        for doc in self.documents:
            doc.referenced_by = sorted(backlinks.get(doc.src_path, ()))
        findings.extend(self.references.duplicates())
        return findings


def in_language(
    catalog: Catalog, sources: Iterable[Source], settings: Settings, language: str
) -> Catalog:
    """The catalog as the portal of `language`'s site shows it: each document translated into
    that language under its translation's title, read as the document's own is (front matter
    `title`, else the H1 without the prefix of the template it matches best). Everything else
    is the document's: one id, status and owners in every language."""
    translations = settings.translations
    if translations is None:
        return catalog
    sources = [s for s in sources if translations.language_of(s.src_path)[1] == language]
    pages = translated_pages((s.src_path for s in sources), catalog.by_path, translations)
    titles = {}
    for source in sources:
        document = catalog.by_path.get(pages.get(source.src_path, ""))
        if document is None:
            continue
        translated, _ = check_page(source, source.load(), document.kind, settings)
        if translated.title:
            titles[document.src_path] = translated.display_title
    if not titles:
        return catalog
    documents = [
        replace(doc, display_title=titles[doc.src_path]) if doc.src_path in titles else doc
        for doc in catalog.documents
    ]
    return Catalog(documents, catalog.warnings)


def apply_policy(
    doc: Document, findings: Sequence[Finding], policy: SeverityPolicy
) -> list[Finding]:
    """Final severities for one document's findings; `off` ones are dropped."""
    if not findings:  # most documents of a site: nothing to judge
        return []
    ignored = doc.front_matter.get("specs_ignore") or []
    if isinstance(ignored, str):
        ignored = [ignored]
    ignored_set = (
        frozenset(str(rule) for rule in ignored) if isinstance(ignored, list) else frozenset()
    )
    judged = []
    for finding in findings:
        severity = policy.apply(finding, doc, ignored_set)
        if severity is not Severity.OFF:
            judged.append(_with_severity(finding, severity))
    judged.sort(key=lambda f: (f.line, f.rule))
    return judged


def _with_severity(finding: Finding, severity: Severity) -> Finding:
    if finding.severity is severity:
        return finding
    return replace(finding, severity=severity)  # keeps its key, which the baseline matches by


def build_catalog(
    checked: Iterable[Checked], settings: Settings, warnings: Sequence[str] = ()
) -> Catalog:
    """Join checked pages into a catalog and settle every finding's severity."""
    pairs = list(checked)
    catalog = Catalog((doc for doc, _ in pairs), warnings)
    per_doc: dict[str, list[Finding]] = {doc.display_path: list(found) for doc, found in pairs}
    for finding in catalog.link():
        per_doc[finding.path].append(finding)
    policy = SeverityPolicy(settings.overrides)
    for doc in catalog.documents:
        doc.findings = apply_policy(doc, per_doc[doc.display_path], policy)
        if settings.baseline is not None:
            doc.findings = settings.baseline.apply(doc.findings)
    return catalog


def severity_counts(findings: Iterable[Finding]) -> Counter[Severity]:
    return Counter(f.severity for f in findings)
