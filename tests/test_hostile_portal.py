"""Documents written to attack the portal: markup in owner names and page titles, links with
script schemes, thousands of owners or statuses, front matter of the wrong types and names too
long for a file system. Every site builds, shows the text as text and grows linearly."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from cli_runner import run_cli
from conftest import Build, build_as_served, run_mkdocs, write_site
from factory import spec
from portal_html import broken_links, tables, text

from mkdocs_specs.catalog import Settings, Source
from mkdocs_specs.checking import check_sources
from mkdocs_specs.model import Kind
from mkdocs_specs.portal import Portal, fill_tables
from mkdocs_specs.report import export_json
from mkdocs_specs.template import default_template

THEMES = ("material", "mkdocs", "readthedocs")
OWNER = "Eve </title><script>alert(3)</script>"
OWNER_SLUG = "eve-title-script-alert-3-script"
SCHEME_TARGETS = [
    "[Use Postgres](javascript://adr/x.md%0Aalert(document.domain))",
    "JavaScript:alert(1)",
    "\tjava\tscript:alert(2)",
    "\x01javascript:alert(3)",
    "[entity](javascript&#58;alert(4))",
    "data:text/html<script>alert(5)</script>",
    "VBScript:msgbox(6)",
    "[mail](mailto:eve@example.org)",
    "file:///etc/passwd",
]
NOT_REFERENCES = "only http(s) links, relative paths and document ids are references"
_LINK_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data"})
_SCHEME_RE = re.compile(r"[a-z][a-z0-9+.-]*:")


class _Markup(HTMLParser):
    """What a browser makes of a page: its elements and attributes, `<title>`, scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.titles: list[str] = []
        self.scripts: list[str] = []
        self._inside: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))
        if tag == "title":  # the page's, then those of the charts' SVG
            self.titles.append("")
            self._inside = self.titles
        elif tag == "script":
            self.scripts.append("")
            self._inside = self.scripts

    def handle_endtag(self, tag: str) -> None:
        if tag in ("title", "script"):
            self._inside = None

    def handle_data(self, data: str) -> None:
        if self._inside is not None:
            self._inside[-1] += data


def markup(html: str) -> _Markup:
    page = _Markup()
    page.feed(html)
    return page


def injected(html: str) -> list[str]:
    """Elements, attributes and links in `html` that only a document's text could have made:
    themes and the portal write no inline handlers, no `alert`, and link only `http(s)` and
    relative URLs."""
    found = []
    page = markup(html)
    for tag, attrs in page.elements:
        if tag == "xevil":
            found.append("<xevil>")
        for name, value in attrs:
            if name.startswith("on"):
                found.append(f"<{tag} {name}={value!r}>")
            elif name in _LINK_ATTRIBUTES and value:
                bare = re.sub(r"[\x00-\x20\x7f]", "", value).lower()
                if _SCHEME_RE.match(bare) and not bare.startswith(("http:", "https:")):
                    found.append(f"<{tag} {name}={value!r}>")
    found += [f"<script>{script}" for script in page.scripts if script.strip().startswith("alert(")]
    return found


def hostile_spec(front_matter: str = "", drop_fields: tuple[str, ...] = ()) -> str:
    """A spec owned by `OWNER`, named in front matter: the page's own body stays plain, so any
    markup on the site comes from what the plugin made of the name."""
    return spec(
        "Hostile",
        date="2026-11-01",
        front_matter=f"author: {json.dumps(OWNER)}\n{front_matter}",
        drop_fields=("Author", *drop_fields),
    )


def build_with(root: Path, files: dict[str, str], config: dict) -> Build:
    root.mkdir(exist_ok=True)
    write_site(root, files, config)
    return run_mkdocs(root, "build", "-d", str(root / "site"))


def _no_scheme_links(site: Path) -> None:
    for page in site.rglob("*.html"):
        assert injected(page.read_text("utf-8")) == [], page


def test_only_http_links_are_links_and_other_schemes_are_reported(tmp_path):
    """Field values and references as attackers write them: the portal's pages, the card and
    "Referenced by" show them as text, and only the `https` reference is a link."""
    fields = {
        "related_adr": [*SCHEME_TARGETS, "https://example.org/adr/1", "ADR-0001"],
        "project": "[p](javascript:alert(14)) <xevil onclick=alert(15)>",
        "version": "<a href='javascript:alert(16)'>1</a>",
        "status": "<svg onload=alert(17)>",
    }
    front_matter = "\n".join(f"{key}: {json.dumps(value)}" for key, value in fields.items())
    files = {
        "index.md": "# Home\n",
        "adr/0001-use-postgres.md": "# ADR 1: Use Postgres\n\n## Status\n\nAccepted\n",
        "specs/hostile.md": hostile_spec(
            front_matter, drop_fields=("Related ADR", "Project", "Version", "Status")
        ),
    }
    for theme in ("material", "mkdocs"):
        result = build_with(tmp_path / theme, files, {"theme": theme})
        assert result.exit_code == 1, result.log  # unresolved references are errors
        _no_scheme_links(result.site)
        record = result.document("specs/hostile.md")
        assert [(r["resolved"], r["external"]) for r in record["related"]] == [
            *[(False, False)] * len(SCHEME_TARGETS),
            (False, True),
            (True, False),
        ]
        unresolved = [line for line in result.log.splitlines() if "unresolved-reference" in line]
        findings = [line for line in unresolved if line.startswith("ERROR: mkdocs_specs: docs/")]
        assert len(findings) == len(SCHEME_TARGETS), result.log
        assert all(NOT_REFERENCES in line for line in findings)
        card = result.html("specs/hostile/index.html")
        assert '<a href="https://example.org/adr/1">https://example.org/adr/1</a>' in card
        assert "javascript://adr/x.md%0Aalert(document.domain)</span>" in card  # as text
        shown = text(result.html("portal/status/index.html"))
        written = [record[key] for key in ("project", "version", "status")]
        assert all(value in shown for value in [*written, OWNER]), record
        assert record["owners"] == [OWNER]
        backlinks = result.html("adr/0001-use-postgres/index.html").split('id="referenced-by"')[1]
        assert OWNER in text(backlinks)


def test_while_serving_the_findings_box_names_scheme_targets_as_text(tmp_path):
    related = json.dumps(SCHEME_TARGETS)
    write_site(
        tmp_path,
        {
            "index.md": "# Home\n",
            "specs/hostile.md": hostile_spec(
                front_matter=f"related_adr: {related}", drop_fields=("Related ADR",)
            ),
        },
    )
    build_as_served(tmp_path)
    page = (tmp_path / "site/specs/hostile/index.html").read_text("utf-8")
    assert page.count(NOT_REFERENCES) == len(SCHEME_TARGETS)  # the findings box
    _no_scheme_links(tmp_path / "site")


def test_an_owner_name_stays_text_in_every_theme_title_nav_and_search(tmp_path):
    files = {"index.md": "# Home\n", "specs/hostile.md": hostile_spec()}
    nav = [
        {"Home": "index.md"},
        {"Portal": ["portal/index.md", "portal/owners.md", f"portal/owners/{OWNER_SLUG}.md"]},
        {"Hostile": "specs/hostile.md"},
    ]
    for theme in THEMES:
        root = tmp_path / theme
        config = {"theme": theme, "nav": nav, "plugins": ["search", "specs"]}
        result = build_with(root, files, config)
        assert result.exit_code == 0, (theme, result.log)
        owner_page = result.html(f"portal/owners/{OWNER_SLUG}/index.html")
        assert markup(owner_page).titles[0] == f"{OWNER} - Test", theme
        for page in result.site.rglob("*.html"):
            assert injected(page.read_text("utf-8")) == [], (theme, page)
        index = json.loads(result.html("search/search_index.json"))["docs"]
        owner_page_url = f"portal/owners/{OWNER_SLUG}/"
        owner_entries = [e for e in index if e["location"].startswith(owner_page_url)]
        assert owner_entries, theme
        for entry in owner_entries:  # Material shows titles as HTML, the others escape them
            assert "<" not in entry["title"], (theme, entry)
        if theme == "material":  # and Material shows its text as HTML too
            assert not any("<script" in e["title"] + e["text"] for e in index)


# ---------------------------------------------------------------------------------------------
# Output that grows with the input, not with its square


class _FlatUrls:
    """Every page one folder below the site's root."""

    def of(self, src_path: str) -> str:
        return src_path

    def between(self, page: str, target: str) -> str:
        return f"../{target}"


def _generator(pages: dict[str, str]) -> Callable[[], int]:
    """What the plugin generates for `pages` once they are checked (portal pages, cards and
    boxes, export), as a function that generates it all and returns its size."""
    template = default_template()
    settings = Settings(
        globs={Kind.SPEC: ["specs/*.md"], Kind.PRD: ["prd/*.md"], Kind.ADR: ["adr/*.md"]},
        templates={Kind.SPEC: [template], Kind.PRD: [], Kind.ADR: []},
        today=dt.date(2026, 12, 1),
    )
    sources = [Source(path, f"docs/{path}", _reader(text)) for path, text in pages.items()]
    catalog = check_sources(sources, settings)

    def generate() -> int:
        portal = Portal(catalog, {Kind.SPEC: [template]}, "portal")
        generated = [fill_tables(page.markdown, page.tables) for page in portal.pages(_FlatUrls())]
        for doc in catalog.documents:
            generated.extend(portal.fragments(doc, _FlatUrls(), findings=True))
        generated.append(export_json(catalog, lambda path: path))
        return sum(len(text) for text in generated)

    return generate


def _seconds(generate: Callable[[], int]) -> float:
    start = time.perf_counter()
    generate()
    return time.perf_counter() - start


def _reader(text: str) -> Callable[[], str]:
    return lambda: text


def one_spec_of_many_owners_citing_as_many_adrs(count: int) -> dict[str, str]:
    """Each owner's page and each ADR's "Referenced by" show the spec and its owners."""
    owners = ", ".join(f"Owner {number}" for number in range(count))
    adrs = ", ".join(f"ADR-{number}" for number in range(count))
    pages = {"specs/crowd.md": spec("Crowd", author=owners, related_adr=adrs)}
    for number in range(count):
        pages[f"adr/{number}-decision.md"] = f"# ADR {number}: Decision\n\n## Status\n\nAccepted\n"
    return pages


def specs_of_a_status_each(count: int) -> dict[str, str]:
    return {
        f"specs/s{number}.md": spec(f"S{number}", author=f"Owner {number}", status=f"Step {number}")
        for number in range(count)
    }


@pytest.mark.parametrize(
    "site", [one_spec_of_many_owners_citing_as_many_adrs, specs_of_a_status_each]
)
def test_twice_the_owners_or_statuses_make_twice_the_output_in_twice_the_time(site):
    single, double = _generator(site(200)), _generator(site(400))
    assert double() / single() < 2.5
    # The fastest of runs taken in turns: other work on the machine slows both alike.
    runs = [(_seconds(single), _seconds(double)) for _ in range(5)]
    assert min(seconds for _, seconds in runs) / min(seconds for seconds, _ in runs) < 3.5


def test_rows_name_a_few_owners_and_the_ownership_table_a_few_statuses(build):
    crowd = ", ".join(f"Owner {number:02}" for number in range(12))
    files = {"index.md": "# Home\n", "specs/crowd.md": spec("Crowd", author=crowd)}
    for number in range(9):
        files[f"specs/s{number}.md"] = spec(
            f"S{number}", author="Owner 00", status=f"Step {number}", date="2026-11-01"
        )
    result = build(files, {"plugins": [{"specs": {"fail_on": "never"}}]})
    owner_page = result.site / "portal/owners/owner-05/index.html"
    (crowd_row,) = tables(owner_page.read_text("utf-8"))["Approved"][1:]
    assert crowd_row[1] == "Owner 00, Owner 01, Owner 02, Owner 03, Owner 04, and 7 more"
    assert '<a href="../../../specs/crowd/">and 7 more</a>' in owner_page.read_text("utf-8")
    assert broken_links(result.site, owner_page) == []
    rows = tables(result.html("portal/owners/index.html"))["Specs by owner"]
    header = rows[0]
    # The template's four statuses, six others of the most specs, the rest as "Other".
    assert header[:5] == ["Owner", "Draft", "Review", "Approved", "Implemented"]
    assert header[-2:] == ["Other", "Total"]
    assert len(header) == 1 + 4 + 6 + 1 + 1
    assert next(row for row in rows if row[0] == "Owner 00")[-2:] == ["3", "10"]


# ---------------------------------------------------------------------------------------------
# One document cannot stop the build


def test_a_front_matter_status_that_is_a_list_or_a_mapping_builds_with_material(tmp_path, capsys):
    files = {
        "index.md": "# Home\n",
        "specs/listed.md": spec("Listed", front_matter="status: [Draft]"),
        "specs/mapped.md": spec("Mapped", front_matter="status: {new: New}"),
    }
    config = {
        "theme": "material",
        "extra": {"status": {"new": "New"}},
        "plugins": [{"specs": {"fail_on": "never"}}],
    }
    result = build_with(tmp_path, files, config)
    assert result.exit_code == 0, result.log
    assert "Listed" in text(result.html("portal/status/index.html"))
    checked = run_cli(capsys, "check", "-f", str(tmp_path / "mkdocs.yml"))
    assert checked.code == 0 and checked.err == ""


def test_an_owner_name_of_300_letters_gets_a_short_slug_of_its_own(build):
    files = {
        "index.md": "# Home\n",
        "specs/a.md": spec("A", author="A" * 300),
        "specs/b.md": spec("B", author="A" * 299 + "B"),
    }
    result = build(files)
    assert result.exit_code == 0, result.log
    slugs = sorted(path.name for path in (result.site / "portal/owners").iterdir() if path.is_dir())
    assert len(slugs) == 2
    assert all(re.fullmatch(r"a{60}-[0-9a-f]{8}", slug) for slug in slugs), slugs
    assert broken_links(result.site, result.site / "portal/owners/index.html") == []
    assert slugs == sorted(
        path.name for path in (build(files).site / "portal/owners").iterdir() if path.is_dir()
    )
