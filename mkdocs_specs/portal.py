"""The portal readers browse: generated pages, and the HTML added to every document page.

Two outputs, two escaping contexts, both rendered by Jinja with autoescape:

- The generated pages (dashboard, status index, ownership index, owner pages) are Markdown, so
  that their headings fill the table of contents and their prose links are relative `.md`
  links which MkDocs rewrites for `use_directory_urls` and validates like those of any other
  page. Their tables are HTML with the final URLs of MkDocs' files, themed like every other
  table of the site; the large ones are kept out of the Markdown and put back into the
  rendered page (`fill_tables`). Each value from a document goes through `markdown_text`,
  which writes every ASCII punctuation character as a numeric character reference: it
  displays as the same text, but can neither end a table cell (`|`), start a link, emphasis or
  code span, nor open an HTML tag, whichever Markdown extensions the site enables.
- The metadata card, the findings box and "Referenced by" are HTML fragments inserted into the
  rendered page after the first `</h1>` (and at its end). HTML needs no `md_in_html`, and
  inserting it after rendering can neither change the page title (MkDocs takes the title from
  an H1 only when it is the first element) nor crowd the table of contents (the plugin lists
  "Referenced by" there itself). Their links are URLs the caller computes from the built site,
  so they fit either URL style.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import posixpath
import re
import string
import unicodedata
import zlib
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypedDict
from urllib.parse import quote

from jinja2 import (
    BaseLoader,
    Environment,
    PackageLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2 import Template as JinjaTemplate
from markupsafe import Markup, escape

from . import chart
from .catalog import Catalog
from .colors import derived_color
from .labels import ENGLISH, ENGLISH_LABELS, Labels
from .model import Document, Field, Finding, Kind, Reference, Severity
from .references import external_url
from .render_cache import RenderCache
from .rule_docs import rule_url
from .rules import status_name
from .template import FieldType, Template

STYLESHEET = "assets/mkdocs-specs.css"
"""Site path of the portal's stylesheet; a file of the user's at that path replaces it."""
STATUS_COLORS = "assets/mkdocs-specs-colors.css"
"""Site path of the stylesheet of the `status_colors` option, generated when it is set."""
SCRIPT = "assets/mkdocs-specs.js"
"""Site path of the script that filters and sorts the portal's tables; a file of the user's at
that path replaces it."""
THEME_FOLDER = "specs"
"""The folder of a theme (its `custom_dir`) whose `card.html` and `referenced_by.html` replace
the plugin's own fragments."""
FRAGMENTS = {
    "card.html": "card.html.j2",
    "referenced_by.html": "referenced_by.html.j2",
    "findings.html": "findings.html.j2",
}
"""The fragments a theme may override, by name in `THEME_FOLDER`, and the plugin's own file."""
BACKLINKS_ID = "referenced-by"
"""HTML id of the "Referenced by" heading on PRD and ADR pages."""
BACKLINKED_KINDS = frozenset({Kind.PRD, Kind.ADR})
"""The kinds whose pages list the documents that reference them."""
NO_STATUS = ENGLISH["no_status"]
RECENT_LIMIT = 10
CHART_OWNER_LIMIT = 10
OWNERS_PER_ROW = 5
"""Owners a row of a table names; "and 12 more" links to the document, whose card names all.
However many owners a document has, each page listing it grows by one bounded row."""
OTHER_STATUS_COLUMNS = 6
"""Statuses the template does not know that the ownership table and the charts count on their
own (those of the most documents); the rest are added up under "Other"."""
SLUG_LIMIT = 60
"""Longest slug taken from a name as is; a longer one is cut and ends in a digest of the name,
so that no name makes a file name too long for the file system."""


Rendered = tuple[str, tuple[str, ...]]
"""A generated page's Markdown, and the tables kept out of it."""


class SiteUrls(Protocol):
    """Where MkDocs publishes pages, given by their `src_path`; `None` for a page not built."""

    def of(self, src_path: str) -> str | None:
        """The page's URL from the site's root."""

    def between(self, page: str, target: str) -> str | None:
        """The URL of `target` relative to `page`, for a link on `page`."""


_MARKDOWN_ESCAPES = {ord(char): f"&#{ord(char)};" for char in string.punctuation}
_TRANSLITERATION = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "Ae",
        "œ": "oe",
        "Œ": "Oe",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "Th",
        "\u0131": "i",  # dotless i
    }
)
_NON_SLUG_RE = re.compile(r"[^a-z0-9]+")
_ISO_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_UPDATED_WORDS = ("updated", "modified", "last")
_RESERVED_SLUGS = frozenset({"index", "readme"})
"""MkDocs makes `owners/index.md` the folder's index: the URL of the ownership index."""
_STATUS_TONES = frozenset(
    {
        "draft",
        "review",
        "approved",
        "implemented",
        "proposed",
        "accepted",
        "rejected",
        "deprecated",
        "superseded",
    }
)
_ADMONITION = {Severity.ERROR: "danger", Severity.WARNING: "warning", Severity.INFO: "info"}
_SERVE_COMMAND = Markup("<code>mkdocs serve</code>")


def markdown_text(value: object) -> Markup:
    """Text that renders verbatim in Markdown, inside table cells and link texts included.

    Used as the `finalize` of the Markdown templates, so no value can be interpolated raw.
    Whitespace runs (newlines too) become one space: a table row is one line.
    """
    if isinstance(value, Markup):
        return value
    return Markup(" ".join(str(value).split()).translate(_MARKDOWN_ESCAPES))


def slugify(text: str) -> str:
    """`José Álvarez` -> `jose-alvarez`: lowercase ASCII letters and digits joined by hyphens."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATION))
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    return _NON_SLUG_RE.sub("-", ascii_text).strip("-")


def owner_slugs(owners: Iterable[str]) -> dict[str, str]:
    """The page slug of each owner: lowercase ASCII, stable, never shared by two owners.

    Names are taken in sorted order, so a set of names always gets the same slugs whatever the
    order of the documents. The first name of a slug keeps it and the next ones get `-2`, `-3`…
    A name without ASCII letters gets `owner-` and a digest of the name, which stays the same
    when other owners come and go.
    """
    names = sorted(set(owners))
    wanted: dict[str, str] = {}
    for name in names:
        slug = slugify(name)
        if not any(char.isalpha() for char in slug):
            slug = "owner-" + _digest(name)
        elif len(slug) > SLUG_LIMIT:
            slug = f"{slug[:SLUG_LIMIT].rstrip('-')}-{_digest(name)}"
        wanted[name] = slug
    taken = set(_RESERVED_SLUGS)
    slugs: dict[str, str] = {}
    for name in names:
        if wanted[name] not in taken:
            slugs[name] = wanted[name]
            taken.add(wanted[name])
    # Per slug, the number to try next (all below it are taken): a thousand names of one slug
    # are numbered in one pass, not each by counting up from 2.
    next_number: dict[str, int] = {}
    for name in names:
        if name in slugs:
            continue
        number = next_number.get(wanted[name], 2)
        while f"{wanted[name]}-{number}" in taken:
            number += 1
        slugs[name] = f"{wanted[name]}-{number}"
        taken.add(slugs[name])
        next_number[wanted[name]] = number + 1
    return slugs


def _digest(name: str) -> str:
    return hashlib.blake2b(name.encode("utf-8"), digest_size=4).hexdigest()


@dataclass(frozen=True, slots=True)
class Badge:
    """A status as readers see it: its text and its colour."""

    label: str
    tone: str
    """CSS modifier: the well-known statuses have a colour of their own, others are `custom`."""
    hue: int | None = None
    """For `custom` statuses: a hue derived from the status, so one status keeps one colour."""
    style: str = ""
    """For `custom` statuses: the derived colours, for light and dark palettes."""
    slug: str = ""
    """For `custom` statuses: what the `status_colors` option's stylesheet selects them by."""


def status_badge(status: str | None, no_status: str = NO_STATUS) -> Badge:
    """`Approved` -> its own colour; `Superseded by ADR-0005` -> superseded's; `Parked` -> a
    derived colour (`derived_color`). A document without a status shows `no_status` (the label
    in the site's language)."""
    if not status:
        return Badge(no_status, "none")
    slug = slugify(status)
    first_word = slug.split("-", 1)[0]
    if first_word in _STATUS_TONES:
        return Badge(status, first_word)
    hue, light, dark = derived_color(zlib.crc32(slug.encode("ascii")))
    style = f"--specs-hue: {hue}; --specs-status-light: {light}; --specs-status-dark: {dark}"
    return Badge(status, "custom", hue, style, slug)


def status_selector(status: str) -> str:
    """The CSS selector of the badges (and chart keys) of `status`: of its built-in colour
    where it has one (`Superseded` covers `Superseded by ADR-0005`), else of that status.

    Raises `ValueError` for a status shown in a built-in colour that is not that colour's
    name (`Approved by the board` is shown as `Approved`): giving it a colour would not apply.
    """
    slug = slugify(status)
    if not slug:
        raise ValueError(f"{status!r} is no status: it has no letter or digit")
    if slug in _STATUS_TONES:
        return f".specs-status--{slug}"
    first_word = slug.split("-", 1)[0]
    if first_word in _STATUS_TONES:
        raise ValueError(
            f"{status!r} is shown in the colour of every status starting with "
            f"{first_word.capitalize()!r}: give that one a colour"
        )
    return f'.specs-status--custom[data-specs-status="{slug}"]'


def field_text(doc: Document, key: str) -> str | None:
    """A metadata value as written, `None` when absent or empty."""
    value = doc.value(key)
    return value.value.strip() if value is not None and value.value.strip() else None


BASELINE_TALLY = "baseline"
"""Where the dashboard counts a finding accepted in the baseline: apart from info."""


def tally(finding: Finding) -> str:
    """The dashboard column a finding counts in: its severity, or the baseline's."""
    return BASELINE_TALLY if finding.baselined else finding.severity.value


_PRESSING_ORDER = (Severity.ERROR, Severity.WARNING)
_PRESSING = frozenset(_PRESSING_ORDER)
"""What puts a document on the Needs attention page."""


def rule_anchor(rule: str) -> str:
    """The id of a rule's row on the Needs attention page."""
    return "rule-" + slugify(rule)


def finding_counts(doc: Document) -> Counter[Severity]:
    return Counter(finding.severity for finding in doc.findings)


def iso_date(text: str | None) -> dt.date | None:
    """`text` as a date when it is a real `YYYY-MM-DD` date."""
    if text is None or not _ISO_DATE_RE.fullmatch(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def _updated_first(keys: Iterable[str]) -> tuple[str, ...]:
    """Date keys with those that say when the document last changed (`last-updated`,
    `modified`) first: the date readers want to see of a living document."""
    keys = list(keys)
    updated = [key for key in keys if any(word in key for word in _UPDATED_WORDS)]
    return (*updated, *(key for key in keys if key not in updated))


def template_date_keys(template: Template) -> tuple[str, ...]:
    """The template's date fields, the last-updated one first, then in template order; else
    its `Date` field, whatever its placeholder says."""
    keys = _updated_first(item.key for item in template.fields if item.type is FieldType.DATE)
    return keys or (("date",) if template.field("date") is not None else ())


def written_date_keys(doc: Document) -> tuple[str, ...]:
    """A document without a template: the fields it writes as a real date, in its own order
    (what `_describe_untemplated` kept, then its front matter), the last-updated one first."""
    keys = dict.fromkeys([*doc.fields, *doc.front_matter_fields])
    return _updated_first(key for key in keys if iso_date(field_text(doc, key)) is not None)


def date_field(doc: Document, keys: Sequence[str]) -> Field | None:
    """The field of the document's date: the first of `keys` holding a real date, else the first
    holding anything (shown as written, like any value its `invalid-date` finding is about)."""
    fields = [item for key in keys if field_text(doc, key) is not None and (item := doc.value(key))]
    dated = (item for item in fields if iso_date(item.value.strip()) is not None)
    return next(dated, fields[0] if fields else None)


def flagged(doc: Document, rule: str, item: Field) -> bool:
    """Whether the checks found `rule` on the field's line: the portal says what the checks
    say of a value (an unfilled placeholder, an invalid date), never more."""
    return any(finding.rule == rule and finding.line == item.line for finding in doc.findings)


def insert_after_h1(html: str, fragment: str) -> str:
    """`fragment` right after the first H1, or first when the page has none (in one copy of the
    page, where slicing and joining made three: half the time on a 30 kB page)."""
    if "</h1>" not in html:
        return fragment + html
    return html.replace("</h1>", "</h1>" + fragment, 1)


def replace_section(html: str, anchor: str, fragment: str) -> str | None:
    """`html` with its H2 of id `anchor`, and all up to the next H1 or H2, replaced by
    `fragment`; `None` when it has no such heading."""
    start = html.find(f'<h2 id="{escape(anchor)}"')
    if start < 0:
        return None
    heading_end = html.find("</h2>", start)
    following = _SECTION_END_RE.search(html, heading_end) if heading_end >= 0 else None
    end = following.start() if following else len(html)
    return html[:start] + fragment + html[end:]


_SECTION_END_RE = re.compile(r"<h[12][\s>]")


def stylesheet_file() -> str:
    """The file of the CSS of badges, cards, charts and findings (served as `STYLESHEET`).

    Served from where it is installed, not from memory: plugins that sort a site's files by
    where they come from (mkdocs-static-i18n) need every file to come from somewhere.
    """
    return os.path.join(os.path.dirname(__file__), "templates", "mkdocs-specs.css")


def script_file() -> str:
    """The file of the script that filters and sorts the portal's tables (served as `SCRIPT`,
    from where it is installed, like the stylesheet): the pages are complete without it."""
    return os.path.join(os.path.dirname(__file__), "templates", "mkdocs-specs.js")


_RENDERING: dict[str, Any] = {
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
    "undefined": StrictUndefined,
}
"""How the plugin's templates render, and a theme's overrides of its fragments too."""


def _environment(finalize: Callable[[object], Markup] | None = None) -> Environment:
    environment = Environment(
        loader=PackageLoader(__package__, "templates"),
        auto_reload=False,  # the package's own files: no `stat` of them at every render
        finalize=finalize,
        **_RENDERING,
    )
    environment.globals.update(
        status_badge=status_badge,
        external_url=external_url,
        owners_per_row=OWNERS_PER_ROW,
        finding_counts=finding_counts,
        rule_anchor=rule_anchor,
        rule_url=rule_url,
        badge=_RenderedOnce(environment, "badge", _badge_key),
        finding_summary=_RenderedOnce(environment, "finding_summary", _summary_key),
        say=_Say(_markdown_piece if finalize is not None else escape),
    )
    return environment


def _markdown_piece(value: object) -> Markup:
    """`markdown_text`, keeping a space at either end: a piece of a sentence (`Every spec with
    its owners and findings: `) is followed or preceded by another."""
    text = str(value)
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() and text.strip() else ""
    return Markup(lead) + markdown_text(text) + Markup(trail)


def _badge_key(status: str | None, labels: Labels) -> Hashable:
    """A badge shows its status, or for none the label saying so."""
    return status or (None, labels["no_status"])


def _summary_key(counts: Counter[Severity], labels: Labels) -> Hashable:
    return counts[Severity.ERROR], counts[Severity.WARNING], counts[Severity.INFO], labels


@dataclass(frozen=True, slots=True)
class _Say:
    """`say(labels, key, count=…, link=…)` in a template: a label with its fields filled, its
    text escaped for the template's output (`markdown_text` or HTML) and its values too, unless
    they are markup already (a link the template built)."""

    escape_text: Callable[[object], Markup]

    def __call__(
        self, labels: Labels, key: str, count: int | None = None, **values: object
    ) -> Markup:
        pieces = labels.pieces(key, count, **values)
        return Markup("").join(
            piece if isinstance(piece, Markup) else self.escape_text(piece) for piece in pieces
        )


class _RenderedOnce:
    """A macro of `_macros.j2`, as a global that renders it once per distinct argument.

    Badges and finding counts appear in every card and every row of the portal's tables: tens
    of thousands of macro calls a build on a large site, for a handful of statuses and counts.
    `key` says which arguments render alike. The macros are loaded at the first call, so that
    importing this module compiles no template.
    """

    _KEPT = 1024

    def __init__(self, environment: Environment, name: str, key: Callable[..., Hashable]):
        self._environment, self._name, self._key = environment, name, key
        self._rendered: dict[Hashable, Markup] = {}

    def __call__(self, *values: Any) -> Markup:
        key = self._key(*values)
        rendered = self._rendered.get(key)
        if rendered is None:
            if len(self._rendered) >= self._KEPT:  # statuses nobody else writes: keep it small
                self._rendered.clear()
            macros = self._environment.get_template("_macros.j2").module
            rendered = self._rendered[key] = getattr(macros, self._name)(*values)
        return rendered


_MARKDOWN = _environment(markdown_text)
_HTML = _environment()


class FragmentError(ValueError):
    """A theme's override of a fragment that does not render: the message names its file."""


class _ThemedLoader(BaseLoader):
    """`specs/card.html` from the theme's folders, its `custom_dir` first, else the plugin's
    own template; the plugin's macros only from the plugin, whatever the theme holds."""

    def __init__(self, theme: BaseLoader) -> None:
        self._theme = theme

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        folder, _, name = template.partition("/")
        if folder == THEME_FOLDER and name in FRAGMENTS:
            try:
                return self._theme.get_source(environment, template)
            except TemplateNotFound:
                template = FRAGMENTS[name]
        assert _HTML.loader is not None
        return _HTML.loader.get_source(environment, template)


def themed_environment(theme: Environment) -> Environment:
    """The theme's Jinja environment (its filters and globals, its folders to find templates
    in) rendering the fragments as the plugin does: escaping every value, so a document's text
    cannot become markup in an override either, and stopping at an undefined name."""
    if theme.loader is None:
        return _HTML
    environment = theme.overlay(
        loader=_ThemedLoader(theme.loader),
        cache_size=50,  # its own cache: templates compiled for the theme see the theme's globals
        **_RENDERING,
    )
    environment.globals = {**theme.globals, **_HTML.globals}  # not shared with the theme
    return environment


@dataclass(frozen=True, slots=True)
class GeneratedPage:
    src_path: str
    markdown: str
    in_nav: bool
    """Dashboard and indexes go in the automatic nav; owner pages are reached from the index."""
    title: Markup
    """The page's title, HTML-escaped: themes print a page's title unescaped (in `<title>`, the
    nav, breadcrumbs), and the one MkDocs takes from the H1 has its character references
    decoded by Material's `striptags`."""
    tables: tuple[str, ...] = ()
    """The page's large tables, kept out of its Markdown: `fill_tables` puts them back."""


@dataclass(frozen=True, slots=True)
class StatusGroup:
    badge: Badge
    documents: list[Document]


@dataclass(frozen=True, slots=True)
class _Charts:
    """A kind's charts on the dashboard: by status, and by owner when any document has one."""

    section: KindSection
    by_status: Markup
    by_owner: Markup | None
    more_owners: int
    """Owners of the kind the owner chart leaves out (`CHART_OWNER_LIMIT`)."""


@dataclass(frozen=True, slots=True)
class _Related:
    """One entry of a card's Related PRD/ADR: the document it resolved to, if any."""

    reference: Reference
    target: Document | None
    href: str | None
    successor_href: str | None = None
    """Where the target's "Superseded by ADR-0002" status links to."""


@dataclass(frozen=True, slots=True)
class _Links:
    """Relative `.md` link targets from one generated page, percent-encoded for Markdown."""

    page: str

    def __call__(self, target: str) -> Markup:
        relative = posixpath.relpath(target, posixpath.dirname(self.page))
        return Markup(quote(relative, safe="/"))


@dataclass(frozen=True, slots=True)
class _Tables:
    """Large tables kept out of a generated page's Markdown, each replaced by a marker.

    They are raw HTML already, and Markdown would only parse them tag by tag to pass them
    through: half a second for the status and owner pages of 1,000 specs. The plugin puts
    them back into the rendered page (`fill_tables`).
    """

    html: list[str] = field(default_factory=list)

    def __call__(self, table: Markup) -> Markup:
        self.html.append(str(table))
        return Markup(_table_marker(len(self.html) - 1))


def _table_marker(index: int) -> str:
    return f'<div data-specs-table="{index}"></div>'


_TABLE_MARKER_RE = re.compile(r'<div data-specs-table="(\d+)"></div>')


def fill_tables(html: str, tables: Sequence[str]) -> str:
    """A generated page's rendered HTML with the tables kept out of its Markdown put back, in
    one pass: a replace per table copied the page once per table, and a status index has a
    table per status."""

    def table(marker: re.Match[str]) -> str:
        index = int(marker.group(1))
        return tables[index] if index < len(tables) else marker.group(0)

    return _TABLE_MARKER_RE.sub(table, html)


@dataclass(frozen=True, slots=True)
class _Hrefs:
    """Final site URLs from one generated page, for links inside its raw HTML tables."""

    page: str
    urls: SiteUrls

    def __call__(self, target: str) -> Markup:
        return escape(self.urls.between(self.page, target) or "")


class NounWords(TypedDict):
    """The fields of the labels that speak of a kind: `No {noun} names an owner yet.`"""

    kinds: str
    noun: str
    nouns: str
    word: str


@dataclass(frozen=True, slots=True)
class Noun:
    """How the pages name documents of a kind (or of several: `DOCUMENTS`), in `labels`."""

    name: str
    """The kind's part of the label keys: `spec`, `prd`, `adr`, or `document` for several."""
    labels: Labels

    @property
    def column(self) -> str:
        """The heading of a table's title column, and the kind in a table's Kind column."""
        return self.labels[f"kind_{self.name}"]

    @property
    def plural(self) -> str:
        """In page and chart titles: `Specs by status`."""
        return self.labels[f"kinds_{self.name}"]

    def count(self, count: int) -> str:
        """`1 specification`, `2 ADRs`."""
        return self.labels.text(f"count_{self.name}", count)

    def words(self) -> NounWords:
        """The fields a sentence about the kind may use."""
        return {
            "kinds": self.plural,
            "noun": self.labels[f"noun_{self.name}"],
            "nouns": self.labels[f"nouns_{self.name}"],
            "word": self.labels[f"word_{self.name}"],
        }


DOCUMENTS = "document"
"""The noun of several kinds together."""
METADATA_COLUMNS = ("project", "version", "date")
"""The metadata a table shows of a document, each only where its kind's templates have it."""


class KindSection:
    """One kind's documents as the portal shows them: grouped by status in its templates'
    order, counted under bounded status columns, with the metadata columns its templates have.

    A kind without a template keeps its statuses in the order the documents first write them,
    and shows the metadata its documents write.
    """

    def __init__(
        self,
        kind: Kind,
        documents: Sequence[Document],
        templates: Sequence[Template],
        labels: Labels = ENGLISH_LABELS,
    ):
        """`documents` in path order: the order in which untemplated statuses appear."""
        self.kind = kind
        self.labels = labels
        self.noun = Noun(kind.value, labels)
        self.heading = labels[f"section_{kind.value}"]
        self.documents = sorted(documents, key=lambda d: (d.display_title.casefold(), d.src_path))
        written = Counter(doc.status for doc in documents)
        statuses = [status_name(status) for template in templates for status in template.statuses]
        self.statuses = _status_order(statuses, written, sort_unknown=bool(templates))
        self._status_rank = {status: rank for rank, status in enumerate(self.statuses)}
        self.columns, self._column_of = _columns(statuses, self.statuses, written, labels)
        """The statuses the ownership table and the charts count documents under, and the
        column of each status: bounded however many statuses the documents make up."""
        self.owned: dict[str, list[Document]] = {}
        """Each owner's documents of this kind, in the order of `documents`."""
        for doc in self.documents:
            for owner in doc.owners:
                self.owned.setdefault(owner, []).append(doc)
        self.owners = sorted(self.owned, key=lambda owner: (owner.casefold(), owner))
        self._date_keys = {template.name: template_date_keys(template) for template in templates}
        # A document names its template only when its kind has several versions.
        self._only_keys = template_date_keys(templates[0]) if len(templates) == 1 else None
        self._templated = bool(templates)
        self._dates: dict[str, Field | None] = {}
        if templates:
            keys = {item.key for template in templates for item in template.fields}
            if any(self._date_keys.values()):
                keys.add("date")
        else:  # what the documents write
            keys = {key for key in ("project", "version", "date") if self._written(key)}
        self.field_keys = tuple(key for key in METADATA_COLUMNS if key in keys)
        """The metadata columns: those of `METADATA_COLUMNS` the kind has."""
        self.fields = tuple((labels[f"field_{key}"], key) for key in self.field_keys)
        """(label, key) of the metadata columns."""

    def _written(self, key: str) -> bool:
        return any(self.value(doc, key) is not None for doc in self.documents)

    def date_field(self, doc: Document) -> Field | None:
        """The field of a document's date: its last-updated date where its template has one,
        else its first date field (`date_field`)."""
        if doc.src_path not in self._dates:
            if not self._templated:
                keys = written_date_keys(doc)
            elif self._only_keys is not None:
                keys = self._only_keys
            else:
                keys = self._date_keys.get(doc.template_name or "", ())
            self._dates[doc.src_path] = date_field(doc, keys)
        return self._dates[doc.src_path]

    def written_date(self, doc: Document) -> str | None:
        """A document's date as written, placeholder or not: for the export."""
        found = self.date_field(doc)
        return found.value.strip() if found is not None else None

    def invalid_date(self, doc: Document) -> bool:
        """Whether the checks found the document's date is no date (`2026-13-01`)."""
        found = self.date_field(doc)
        return found is not None and flagged(doc, "invalid-date", found)

    def date(self, doc: Document) -> str | None:
        """The date shown of a document: missing while it is a placeholder, and marked when the
        checks found it invalid, so that no list shows it as a date."""
        found = self.date_field(doc)
        if found is None or flagged(doc, "placeholder", found):
            return None
        if self.invalid_date(doc):
            return self.labels.text("invalid_date", value=found.value.strip())
        return found.value.strip()

    def value(self, doc: Document, key: str) -> str | None:
        """A metadata value as cards and tables show it (`date`: the date shown): missing while
        it still holds the template's placeholder."""
        if key == "date":
            return self.date(doc)
        found = doc.value(key)
        if found is None or not found.value.strip() or flagged(doc, "placeholder", found):
            return None
        return found.value.strip()

    def groups(self, documents: Sequence[Document]) -> list[StatusGroup]:
        """`documents` by status in the template's order, empty statuses left out (sorted by
        rank, not by looking up every status: an owner page costs its own documents only)."""
        by_status: dict[str | None, list[Document]] = {}
        for doc in documents:
            by_status.setdefault(doc.status, []).append(doc)
        ranked = sorted(by_status, key=self._status_rank.__getitem__)
        no_status = self.labels["no_status"]
        return [StatusGroup(status_badge(s, no_status), by_status[s]) for s in ranked]

    def column_counts(self, documents: Iterable[Document]) -> list[int]:
        """How many of `documents` each of `columns` counts."""
        counts = [0] * len(self.columns)
        for doc in documents:
            counts[self._column_of[doc.status]] += 1
        return counts

    def owner_column_counts(self) -> dict[str, list[int]]:
        return {owner: self.column_counts(docs) for owner, docs in self.owned.items()}

    def layout(self) -> tuple[object, ...]:
        """What shapes every page showing the kind besides its documents: the render cache's
        key of statuses and columns."""
        return (self.kind.value, tuple(self.statuses), self.card_layout())

    def card_layout(self) -> tuple[object, ...]:
        """What shapes a card of the kind besides its document: its fields, which of the
        document's dates it shows, and the labels it shows them with."""
        dates = tuple(sorted(self._date_keys.items()))
        return (self.fields, self._only_keys, dates, self.labels)


class Portal:
    """The portal of one catalog: its pages, and the decorations of its document pages.

    Every kind with documents has its section: a site of one kind reads as that kind's portal
    (`Specs by status`, a heading per status); a site of several gets a heading per kind, with
    the kind's statuses under it.
    """

    def __init__(
        self,
        catalog: Catalog,
        templates: Mapping[Kind, Sequence[Template]],
        index_dir: str,
        cache: RenderCache | None = None,
        labels: Labels = ENGLISH_LABELS,
        theme: Environment | None = None,
    ) -> None:
        """`templates` of each kind, versions in the configured order; `index_dir` is the
        portal's folder in the site; `cache` holds what the previous build rendered, when there
        was one (serve); `labels` are the texts of the pages, in the language they are for;
        `theme` is the site theme's Jinja environment, whose `specs/` templates override the
        fragments (`FRAGMENTS`)."""
        self.catalog = catalog
        self.labels = labels
        self.cache = cache or RenderCache()
        self.cache.next_build()
        self._fragments = themed_environment(theme) if theme is not None else _HTML
        self._overrides = self.cache.token(_override_sources(theme))
        """The theme's overrides as a token of the render cache: a serve rebuild after one is
        edited renders the fragments again."""
        self._shown_by_path: dict[str, int] = {}
        self.index_dir = index_dir.strip("/")
        self.sections = [
            KindSection(kind, documents, templates.get(kind, ()), labels)
            for kind in Kind
            if (documents := catalog.of_kind(kind))
        ]
        self._section_of = {section.kind: section for section in self.sections}
        self.nested = len(self.sections) > 1
        """Whether the pages need a heading per kind."""
        if self.nested:
            self.noun = Noun(DOCUMENTS, labels)
        else:
            self.noun = self.sections[0].noun if self.sections else Noun(Kind.SPEC.value, labels)
        self.status_title = labels.text("status_index", **self.noun.words())
        self.owners_title = labels.text("owners_index", **self.noun.words())
        self.owned: dict[str, list[Document]] = {}
        """Each owner's documents, kind by kind, each kind in the order of its section."""
        for section in self.sections:
            for owner, documents in section.owned.items():
                self.owned.setdefault(owner, []).extend(documents)
        self.slugs = owner_slugs(self.owned)
        self.owners = sorted(self.owned, key=lambda owner: (owner.casefold(), owner))

    @property
    def dashboard_path(self) -> str:
        return f"{self.index_dir}/index.md"

    @property
    def status_path(self) -> str:
        return f"{self.index_dir}/status.md"

    @property
    def owners_path(self) -> str:
        return f"{self.index_dir}/owners.md"

    @property
    def attention_path(self) -> str:
        return f"{self.index_dir}/attention.md"

    def owner_path(self, owner: str) -> str | None:
        """The owner's page; `None` for a name that owns no document."""
        return self._owner_page(owner) if owner in self.slugs else None

    def _owner_page(self, owner: str) -> str:
        return f"{self.index_dir}/owners/{self.slugs[owner]}.md"

    def section(self, doc: Document) -> KindSection:
        return self._section_of[doc.kind]

    def date(self, doc: Document) -> str | None:
        """A document's date as written (`KindSection.written_date`), for the export."""
        return self.section(doc).written_date(doc)

    def page_paths(self) -> list[tuple[str, bool]]:
        """Where the pages go and whether each is in the automatic nav, before any is rendered:
        links in their tables need every page's URL."""
        paths = [(self.dashboard_path, True), (self.status_path, True), (self.owners_path, True)]
        paths.append((self.attention_path, False))  # reached from the dashboard's findings
        return paths + [(self._owner_page(owner), False) for owner in self.owners]

    def pages(self, urls: SiteUrls) -> list[GeneratedPage]:
        """Every generated page, dashboard first, then the indexes, then owner pages by name.

        A page is rendered again only when a document it shows, or a URL it links, changed.
        """
        everything = self.catalog.documents
        dashboard, attention = self.labels["dashboard"], self.labels["attention"]
        shown = [doc for section in self.sections for doc in section.documents]
        plan: list[tuple[str, str, bool, Sequence[Document], Callable[[SiteUrls], Rendered]]] = [
            (self.dashboard_path, dashboard, True, everything, self.render_dashboard),
            (self.status_path, self.status_title, True, shown, self.render_status_page),
            (self.owners_path, self.owners_title, True, shown, self.render_ownership_page),
            (self.attention_path, attention, False, shown, self.render_attention_page),
        ]
        for owner in self.owners:
            owner_page = functools.partial(self.render_owner_page, owner)
            plan.append((self._owner_page(owner), owner, False, self.owned[owner], owner_page))
        pages = []
        # Hashed once, not once per page; an owner page is shaped by its owner's kinds only.
        layouts = {section.kind: section.layout() for section in self.sections}
        every_kind = self.cache.token((self.nested, self.labels, *layouts.values()))
        for path, title, in_nav, documents, render in plan:
            layout = every_kind
            if not in_nav:
                kinds = dict.fromkeys(doc.kind for doc in documents)
                shapes = (layouts[kind] for kind in kinds)
                layout = self.cache.token((self.nested, self.labels, *shapes))
            key = (path, urls.of(path), layout, *(self._shown(d, urls) for d in documents))
            markdown, tables = self.cache.get(key, functools.partial(render, urls))
            pages.append(GeneratedPage(path, markdown, in_nav, escape(title), tables))
        return pages

    def _render_page(self, name: str, page: str, urls: SiteUrls, **context: object) -> Rendered:
        template = _MARKDOWN.get_template(name)
        tables = _Tables()
        markdown = template.render(
            portal=self,
            labels=self.labels,
            link=_Links(page),
            href=_Hrefs(page, urls),
            keep_out=tables,
            **context,
        )
        return markdown, tuple(tables.html)

    def render_dashboard(self, urls: SiteUrls) -> Rendered:
        findings = [finding for doc in self.catalog.documents for finding in doc.findings]
        by_rule: dict[str, Counter[str]] = {}
        for finding in sorted(findings, key=lambda f: f.rule):
            by_rule.setdefault(finding.rule, Counter())[tally(finding)] += 1
        dated = [
            (date, doc)
            for section in self.sections
            for doc in section.documents
            if (date := iso_date(section.written_date(doc))) is not None
        ]
        dated.sort(key=lambda pair: (-pair[0].toordinal(), pair[1].display_title.casefold()))
        # No date to sort by, but listed (marked by `KindSection.date`): a date mistyped is no
        # reason for a document to drop out of sight.
        undated = [
            doc
            for section in self.sections
            for doc in section.documents
            if section.invalid_date(doc)
        ]
        return self._render_page(
            "dashboard.md.j2",
            self.dashboard_path,
            urls,
            kinds={kind: len(self.catalog.of_kind(kind)) for kind in Kind},
            totals=Counter(tally(finding) for finding in findings),
            by_rule=by_rule,
            recent=[doc for _, doc in dated[:RECENT_LIMIT]] + undated[:RECENT_LIMIT],
            charts=self._charts(),
        )

    def render_status_page(self, urls: SiteUrls) -> Rendered:
        return self._render_page("status.md.j2", self.status_path, urls)

    def render_ownership_page(self, urls: SiteUrls) -> Rendered:
        return self._render_page(
            "owners.md.j2",
            self.owners_path,
            urls,
            counts={section.kind: section.owner_column_counts() for section in self.sections},
            unowned={
                section.kind: [doc for doc in section.documents if not doc.owners]
                for section in self.sections
            },
        )

    def render_attention_page(self, urls: SiteUrls) -> Rendered:
        """Every document with errors or warnings, under each of its owners (the first
        `OWNERS_PER_ROW`, so that a page grows with the documents, not with their owners
        times their findings), unowned ones last, the most errors first; then by rule."""
        pressing = [
            doc
            for section in self.sections
            for doc in section.documents
            if any(finding.severity in _PRESSING for finding in doc.findings)
        ]
        counts = {doc.src_path: finding_counts(doc) for doc in pressing}
        pressing.sort(key=lambda doc: [-counts[doc.src_path][s] for s in _PRESSING_ORDER])
        by_owner: dict[str | None, list[Document]] = {}
        places: dict[str, dict[str, tuple[Document, list[int]]]] = {}
        for doc in pressing:
            shown: list[str | None] = [*doc.owners[:OWNERS_PER_ROW]] or [None]
            for owner in shown:
                by_owner.setdefault(owner, []).append(doc)
            for finding in doc.findings:
                if finding.severity in _PRESSING:
                    rule = places.setdefault(finding.rule, {})
                    rule.setdefault(doc.src_path, (doc, []))[1].append(finding.line)
        order: list[str | None] = [owner for owner in self.owners if owner in by_owner]
        order += [None] if None in by_owner else []
        return self._render_page(
            "attention.md.j2",
            self.attention_path,
            urls,
            groups=[(owner, by_owner[owner]) for owner in order],
            rules=[(rule, list(places[rule].values())) for rule in sorted(places)],
        )

    def render_owner_page(self, owner: str, urls: SiteUrls) -> Rendered:
        owned = self.owned[owner]
        return self._render_page(
            "owner.md.j2",
            self._owner_page(owner),
            urls,
            owner=owner,
            owned=owned,
            parts=[
                (section, len(section.owned[owner]), section.groups(section.owned[owner]))
                for section in self.sections
                if owner in section.owned
            ],
        )

    def _charts(self) -> list[_Charts]:
        """Each kind's two charts, their bars aligned on one label column."""
        rows = []
        for section in self.sections:
            by_column = section.column_counts(section.documents)
            status_rows = [
                (badge.label, [(badge, count)])
                for badge, count in zip(section.columns, by_column, strict=True)
            ]
            by_owner = section.owner_column_counts()
            top = sorted(section.owners, key=lambda o: (-len(section.owned[o]), o.casefold(), o))
            owner_rows = [
                (owner, list(zip(section.columns, by_owner[owner], strict=True)))
                for owner in top[:CHART_OWNER_LIMIT]
            ]
            rows.append((section, status_rows, owner_rows))
        label_chars = chart.label_room(
            [label for _, status_rows, owner_rows in rows for label, _ in status_rows + owner_rows]
        )
        charts = []
        for section, status_rows, owner_rows in rows:
            legend = [(badge, badge.label) for badge in section.columns]
            words = section.noun.words()
            status_chart = chart.lay_out(status_rows, (), label_chars, self.labels)
            owner_chart = chart.lay_out(owner_rows, legend, label_chars, self.labels)
            owner_title = self.labels.text("chart_by_owner", **words)
            charts.append(
                _Charts(
                    section,
                    _svg(self.labels.text("chart_by_status", **words), status_chart),
                    _svg(owner_title, owner_chart) if owner_rows else None,
                    max(0, len(section.owners) - CHART_OWNER_LIMIT),
                )
            )
        return charts

    def fragments(self, doc: Document, urls: SiteUrls, *, findings: bool) -> tuple[str, str]:
        """What a document's page shows besides its text: the card, and the findings box when
        `findings`, to insert after its H1 (`insert_after_h1`); "Referenced by", on PRD and ADR
        pages, to append."""
        shown = self._shown(doc, urls)
        targets = [self._shown(target, urls) for target in self._targets(doc)]
        layout = self.cache.token(self.section(doc).card_layout())
        top = self.cache.get(
            ("card", shown, layout, self._overrides, *targets), lambda: self.card_html(doc, urls)
        )
        if findings and doc.findings:
            box = ("findings", shown, self.labels, self._overrides)
            top += self.cache.get(box, lambda: self.findings_html(doc))
        bottom = self.referenced_by_html(doc, urls) if doc.kind in BACKLINKED_KINDS else ""
        return top, bottom

    def card_html(self, doc: Document, urls: SiteUrls) -> str:
        """The metadata card: a spec's fields and related documents; a PRD's or ADR's status,
        id, date and how many documents reference it."""
        related: dict[Kind, list[_Related]] = {}
        for reference in doc.references:
            target = self._target(reference)
            href = urls.between(doc.src_path, target.src_path) if target is not None else None
            successor = self._successor_href(target, doc, urls) if target is not None else None
            entry = _Related(reference, target, href, successor)
            related.setdefault(reference.kind, []).append(entry)
        return self._render_fragment(
            "card.html",
            labels=self.labels,
            doc=doc,
            status_href=self._successor_href(doc, doc, urls),
            section=self.section(doc),
            owners=self._owner_links(doc, urls),
            related=related,
            anchor=BACKLINKS_ID,
        )

    def referenced_by_html(self, doc: Document, urls: SiteUrls) -> str:
        referrers = [self.catalog.by_path[path] for path in doc.referenced_by]
        referrers.sort(key=lambda d: (d.display_title.casefold(), d.src_path))

        def render() -> str:
            return self._render_fragment(
                "referenced_by.html",
                labels=self.labels,
                doc=doc,
                anchor=BACKLINKS_ID,
                rows=[
                    (
                        d,
                        urls.between(doc.src_path, d.src_path),
                        self._owner_links(d, urls, doc, OWNERS_PER_ROW),
                        max(0, len(d.owners) - OWNERS_PER_ROW),
                    )
                    for d in referrers
                ],
            )

        shown = (self._shown(doc, urls), *(self._shown(d, urls) for d in referrers))
        key = ("referenced by", self.labels, self._overrides, *shown)
        return self.cache.get(key, render)

    def findings_html(self, doc: Document) -> str:
        """The box listing a page's own findings while serving, styled as an admonition of its
        worst severity."""
        worst = max(doc.findings, key=lambda finding: finding.severity.rank).severity
        return self._render_fragment(
            "findings.html",
            labels=self.labels,
            findings=doc.findings,
            counts=finding_counts(doc),
            admonition=_ADMONITION[worst],
            serve_command=_SERVE_COMMAND,
        )

    def _render_fragment(self, name: str, **context: object) -> str:
        """A fragment of `FRAGMENTS`, the theme's where it overrides it; a mistake in an
        override is a `FragmentError` naming its file and line."""
        try:
            template = self._fragment_template(name)
            return template.render(**context)
        except TemplateError as error:
            raise FragmentError(_template_problem(name, error)) from None

    def _fragment_template(self, name: str) -> JinjaTemplate:
        if self._fragments is _HTML:
            return _HTML.get_template(FRAGMENTS[name])
        return self._fragments.get_template(f"{THEME_FOLDER}/{name}")

    def _owner_links(
        self, doc: Document, urls: SiteUrls, page: Document | None = None, limit: int | None = None
    ) -> list[tuple[str, str | None]]:
        """The first `limit` owners of `doc` (all by default) with a link to their page, from
        `page` (by default `doc`'s)."""
        from_page = (page or doc).src_path
        links = []
        for owner in doc.owners[:limit]:
            path = self.owner_path(owner)
            links.append((owner, urls.between(from_page, path) if path else None))
        return links

    def _target(self, reference: Reference) -> Document | None:
        path = reference.resolved_path
        return self.catalog.by_path.get(path) if path else None

    def _targets(self, doc: Document) -> list[Document]:
        """The documents a card links to: those it references, and the ADRs its own status and
        theirs name as successors."""
        found = [t for reference in doc.references if (t := self._target(reference)) is not None]
        successors = self.catalog.references.successor
        return found + [s for d in (doc, *found) if (s := successors(d)) is not None]

    def _successor_href(self, adr: Document, page: Document, urls: SiteUrls) -> str | None:
        """The URL, from `page`, of the ADR that `adr`'s status says replaces it."""
        successor = self.catalog.references.successor(adr)
        return urls.between(page.src_path, successor.src_path) if successor is not None else None

    def _shown(self, doc: Document, urls: SiteUrls) -> int:
        """A document as a row, a card or a link shows it (its view, and the URLs of its page
        and of its owners' pages), as a token of the render cache."""
        shown = self._shown_by_path.get(doc.src_path)
        if shown is None:
            owner_pages = [self.owner_path(owner) for owner in doc.owners]
            shown = self._shown_by_path[doc.src_path] = self.cache.token(
                (
                    doc.view(),
                    urls.of(doc.src_path),
                    tuple(urls.of(path) if path else None for path in owner_pages),
                )
            )
        return shown


def _override_sources(theme: Environment | None) -> tuple[str | None, ...]:
    """The text of each fragment the theme overrides (`None` where it does not)."""
    if theme is None or theme.loader is None:
        return ()
    sources: list[str | None] = []
    for name in FRAGMENTS:
        try:
            sources.append(theme.loader.get_source(theme, f"{THEME_FOLDER}/{name}")[0])
        except TemplateNotFound:
            sources.append(None)
    return tuple(sources)


def _template_problem(name: str, error: TemplateError) -> str:
    """`overrides/specs/card.html:3: unexpected '}'`: where a theme's override went wrong."""
    if isinstance(error, TemplateSyntaxError):
        where = error.filename or f"{THEME_FOLDER}/{name}"
        return f"{where}:{error.lineno}: {error.message}"
    return f"{THEME_FOLDER}/{name} (the theme's override of a fragment): {error}"


def _status_order(
    statuses: Sequence[str], written: Counter[str | None], *, sort_unknown: bool
) -> list[str | None]:
    """The template's statuses, then statuses it does not know (sorted, or in the order the
    documents write them when there is no template to compare with), then no status."""
    known = set(statuses)
    unknown = [status for status in written if status is not None and status not in known]
    if sort_unknown:
        unknown.sort(key=lambda status: (status.casefold(), status))
    missing: list[str | None] = [None] if written[None] else []
    return [*dict.fromkeys(statuses), *unknown, *missing]


def _columns(
    statuses: Sequence[str],
    order: Sequence[str | None],
    written: Counter[str | None],
    labels: Labels,
) -> tuple[list[Badge], dict[str | None, int]]:
    """The columns documents are counted under: the template's `statuses`, up to
    `OTHER_STATUS_COLUMNS` others (those of the most documents), "Other" for the rest, and no
    status; and the column of each status of `order`."""
    known = set(statuses)
    others = [status for status in order if status is not None and status not in known]
    by_count = sorted(others, key=lambda status: -written[status])  # stable: ties by name
    rest = set(by_count[OTHER_STATUS_COLUMNS:])
    columns: list[Badge] = []
    column_of: dict[str | None, int] = {}
    for status in order:
        if status is not None and status not in rest:
            column_of[status] = len(columns)
            columns.append(status_badge(status))
    if rest:
        column_of.update(dict.fromkeys(rest, len(columns)))
        columns.append(Badge(labels["other_statuses"], "other"))
    if None in written:
        column_of[None] = len(columns)
        columns.append(status_badge(None, labels["no_status"]))
    return columns, column_of


def _svg(title: str, bars: chart.BarChart[Badge]) -> Markup:
    """A chart whose keys are statuses, as inline SVG: text in `currentColor` and bars in the
    status colours of the stylesheet, so it follows a light or dark palette without script."""
    svg = _HTML.get_template("chart.svg.j2").render(title=title, chart=bars, labels=bars.labels)
    return Markup(svg.strip())
