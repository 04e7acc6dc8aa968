"""Multilingual sites built by mkdocs-static-i18n, in its suffix and folder layouts: a document
and its translations are one document, each language's page has its card, each language's
portal speaks that language and links that language's pages, and the findings are logged once
per site. Each is a real build, and `mkdocs-specs check` on the same site."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest
from cli_runner import run_cli
from conftest import Build, run_mkdocs, write_site
from factory import SECTIONS, spec
from portal_html import broken_links, read_page, tables, text
from test_with_site_plugins import build_and_check, build_findings, built_page, git_repository

from mkdocs_specs.catalog import (
    LanguageSites,
    Settings,
    Source,
    Translations,
    select_pages,
    translated_pages,
)
from mkdocs_specs.model import Kind

ADR = "---\nstatus: accepted\n---\n# Use Postgres\n\n## Context\n\nWhy.\n"
ADR_DE = "---\nstatus: accepted\n---\n# Postgres verwenden\n\n## Kontext\n\nWarum.\n"
SPEC_DE = "# Technische Spezifikation: Zahlungswiederholungen\n\n## Zusammenfassung\n\nWarum.\n"
"""A translation checked as a document would have findings: no fields, no English sections."""

LANGUAGES = [
    {"locale": "en", "default": True, "name": "English"},
    {"locale": "de", "name": "Deutsch"},
]
I18N = {"i18n": {"languages": LANGUAGES}}

PAGES = {
    "index.md": "# Home\n",
    "specs/payment-retries.md": spec(),
    "adr/0001-use-postgres.md": ADR,
    "adr/0002-use-kafka.md": ADR.replace("Postgres", "Kafka"),
}
TRANSLATED = {
    "index.md": "# Startseite\n",
    "specs/payment-retries.md": SPEC_DE,
    "adr/0001-use-postgres.md": ADR_DE,
}


def translation(layout: str, src_path: str) -> str:
    """Where mkdocs-static-i18n looks for the German translation of `src_path`."""
    if layout == "folder":
        return f"de/{src_path}"
    return src_path.removesuffix(".md") + ".de.md"


def i18n_site(
    root: Path,
    layout: str,
    *,
    pages: dict[str, str] | None = None,
    specs: dict | None = None,
    i18n: dict | None = None,
    i18n_first: bool = False,
    **config: object,
) -> None:
    """A site in English and German, with German translations of some pages."""
    files = dict(PAGES if pages is None else pages)
    files.update({translation(layout, path): page for path, page in TRANSLATED.items()})
    options = {"languages": LANGUAGES, "docs_structure": layout, **(i18n or {})}
    plugin = {"specs": specs} if specs else "specs"
    plugins = [{"i18n": options}, "search", plugin]
    if not i18n_first:
        plugins = plugins[1:] + plugins[:1]
    write_site(root, files, {"plugins": plugins, **config})


def h1(html: str) -> str:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert found is not None
    return text(found.group(1)).strip()


def card(html: str) -> dict[str, str]:
    """The fields of the page's card: each label's value as text."""
    start = html.find('<div class="specs-card">')
    assert start >= 0, "no card"
    fields = re.findall(r"<dt[^>]*>(.*?)</dt><dd[^>]*>(.*?)</dd>", html[start:], re.S)
    return {text(label): text(value) for label, value in fields}


LAYOUTS = ["suffix", "folder"]


@pytest.mark.parametrize("i18n_first", [True, False], ids=["i18n-first", "specs-first"])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_language_builds_with_one_document_per_translation(
    tmp_path, capsys, layout, i18n_first
):
    edit = {"repo_url": "https://example.com/docs", "edit_uri": "edit/main/docs/"}
    i18n_site(tmp_path, layout, i18n_first=i18n_first, **edit)
    built, checked = build_and_check(tmp_path, capsys)
    assert built.exit_code == 0, built.log
    assert "duplicate-id" not in built.log
    documents = built.export()["documents"]
    assert [d["src_path"] for d in documents] == [
        "adr/0001-use-postgres.md",
        "adr/0002-use-kafka.md",
        "specs/payment-retries.md",
    ]
    assert built.document("adr/0001-use-postgres.md")["title"] == "Use Postgres"
    # Each language's build has the portal, in its own folder, linking that language's pages.
    for folder in ("", "de/"):
        for page in ("portal/index.html", "portal/status/index.html", "portal/owners/index.html"):
            html = built.site / folder / page
            assert html.is_file(), f"{folder}{page}"
            assert broken_links(built.site, html) == []
            # A page of no file in the repository has no link to edit it.
            assert "edit/main/docs/portal" not in html.read_text("utf-8")
        assert (built.site / folder / "portal/owners/jane-doe/index.html").is_file()
    assert "edit/main/docs/adr/0001-use-postgres.md" in built.html(
        "adr/0001-use-postgres/index.html"
    )
    assert checked.code == 0
    assert "checked 1 spec, 0 PRDs, 2 ADRs" in checked.out
    assert checked.findings() == build_findings(built) == set()


def linked_h1s(page: Path) -> list[str]:
    """The H1 of each document page the tables of a portal page link, in their order."""
    found = []
    for table in re.findall(r"<table.*?</table>", page.read_text("utf-8"), re.S):
        for href in read_page(table).hrefs:
            target = (page.parent / href).resolve()
            if href.endswith("/"):
                target /= "index.html"
            if "/portal/" not in target.as_posix() and "#" not in href:
                found.append(h1(target.read_text("utf-8")))
    return found


@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_languages_page_of_a_document_has_its_card_and_portal_row(tmp_path, capsys, layout):
    pages = {**PAGES, "specs/payment-retries.md": spec(related_adr="ADR-0001")}
    i18n_site(tmp_path, layout, pages=pages)
    built, _ = build_and_check(tmp_path, capsys)
    assert built.exit_code == 0, built.log
    # The German page of a translated document, of an untranslated one, and the English one:
    # each with the document's card (its status, id, owner), in its page's language.
    german_adr = built.html("de/adr/0001-use-postgres/index.html")
    assert h1(german_adr) == "Postgres verwenden"
    assert card(german_adr) == {
        "Status": "accepted",
        "ID": "ADR-0001",
        "Referenziert von": "1 Dokument",
    }
    assert card(built.html("adr/0001-use-postgres/index.html"))["Referenced by"] == "1 document"
    assert card(built.html("de/adr/0002-use-kafka/index.html"))["ID"] == "ADR-0002"
    german_spec = built.site / "de/specs/payment-retries/index.html"
    assert h1(german_spec.read_text("utf-8")).startswith("Technische Spezifikation")
    assert "Jane Doe" in card(german_spec.read_text("utf-8")).values()
    assert broken_links(built.site, german_spec) == []
    owner = read_page(german_spec.read_text("utf-8")).hrefs
    assert any(href.endswith("portal/owners/jane-doe/") for href in owner)
    # One row per document in each language's status index, linking that language's page,
    # under the title of its translation into that language where it has one.
    rows = {
        "": ["Payment Retries", "Use Kafka", "Use Postgres"],
        "de/": [
            "Technische Spezifikation: Zahlungswiederholungen",
            "Postgres verwenden",
            "Use Kafka",
        ],
    }
    for folder, titles in rows.items():
        found = tables(built.html(f"{folder}portal/status/index.html"))
        found.pop("Tastenkombinationen", None)  # the mkdocs theme's shortcuts, in German
        assert [row[0] for table in found.values() for row in table[1:]] == titles
        # Each row links the page of its language: its H1 is the title shown, or begins it.
        linked = linked_h1s(built.site / folder / "portal/status/index.html")
        assert linked[1:] == titles[1:]
        assert linked[0].endswith(titles[0].rpartition(": ")[2])
    # A card names a related document in the page's language too.
    assert card(german_spec.read_text("utf-8"))["Zugehöriges ADR"] == (
        "ADR-0001 Postgres verwenden accepted"
    )
    english_spec = built.html("specs/payment-retries/index.html")
    assert card(english_spec)["Related ADR"] == "ADR-0001 Use Postgres accepted"


def linked_page(page: Path, part: str) -> Path:
    """The file that the one link of `page` whose URL has `part` in it leads to."""
    [href] = {href for href in read_page(page.read_text("utf-8")).hrefs if part in href}
    target = (page.parent / href).resolve()
    return target / "index.html" if href.endswith("/") else target


@pytest.mark.parametrize("directory_urls", [True, False], ids=["directory-urls", "file-urls"])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_document_in_one_language_only_is_linked_in_that_language(
    tmp_path, capsys, layout, directory_urls
):
    """A German-only ADR has no page in the English site: the English portal, and the cards
    of English pages, link its German page; the German site links it as its own."""
    german_only = translation(layout, "adr/0003-nur-deutsch.md")
    pages = {
        **PAGES,
        "specs/payment-retries.md": spec(related_adr="ADR-0003"),
        german_only: ADR_DE.replace("Postgres verwenden", "Nur Deutsch"),
    }
    specs = {"adrs": ["**/adr/*.md"]}
    i18n_site(tmp_path, layout, pages=pages, specs=specs, use_directory_urls=directory_urls)
    built, checked = build_and_check(tmp_path, capsys)
    assert built.exit_code == 0, built.log
    german = built_page(built.site, "de/adr/0003-nur-deutsch")
    url = german.relative_to(built.site).as_posix()
    assert built.document(german_only)["url"] == url.removesuffix("index.html")
    assert not (built.site / "adr/0003-nur-deutsch").exists()
    for folder in ("", "de/"):
        assert "Nur Deutsch" in linked_h1s(built_page(built.site, f"{folder}portal/status"))
        page = built_page(built.site, f"{folder}specs/payment-retries")
        assert linked_page(page, "0003") == german.resolve()
    # Every link of every page of both languages lands on a page.
    for page in built.site.rglob("*.html"):
        if page.name != "404.html":
            assert broken_links(built.site, page) == [], page
    assert card(german.read_text("utf-8"))["ID"] == "ADR-0003"
    # Referenced by: the spec's page in the German site.
    spec_page = built_page(built.site, "de/specs/payment-retries").resolve()
    assert linked_page(german, "payment-retries") == spec_page
    assert checked.code == 0


@pytest.mark.parametrize("layout", LAYOUTS)
def test_without_fallback_the_german_cards_link_the_default_portal(tmp_path, capsys, layout):
    """With `fallback_to_default` off, i18n copies no page of the default language into the
    German site, the portal's included: a German page's card links the English portal."""
    i18n_site(tmp_path, layout, i18n={"fallback_to_default": False})
    built, checked = build_and_check(tmp_path, capsys)
    assert built.exit_code == 0, built.log
    assert not (built.site / "de/portal").exists()
    german_spec = built.site / "de/specs/payment-retries/index.html"
    owner = (built.site / "portal/owners/jane-doe/index.html").resolve()
    assert linked_page(german_spec, "jane-doe") == owner
    for page in built.site.rglob("*.html"):
        if page.name != "404.html":
            assert broken_links(built.site, page) == [], page
    assert checked.code == 0


@pytest.mark.parametrize("fallback", [True, False])
def test_language_sites_link_a_page_where_the_language_has_it(fallback):
    translations = Translations("suffix", "en", frozenset({"en", "de", "fr"}), fallback)
    sites = LanguageSites(["a.md", "a.de.md", "b.md", "c.de.md", "c.fr.md"], translations)
    # Each language's own page; the default language's copy when there is one.
    assert sites.site_of("a.md", "de") == "de"
    assert sites.site_of("a.md", "fr") == ("fr" if fallback else "en")
    assert sites.site_of("b.md", "de") == ("de" if fallback else "en")
    # A set of no page in the default language: its own language's page, from the others.
    assert sites.site_of("c.de.md", "en") == "de"
    assert sites.site_of("c.de.md", "fr") == "fr"
    assert [translations.folder(language) for language in ("en", "de")] == ["", "de/"]


def test_translated_pages_map_to_their_document():
    translations = Translations("suffix", "en", frozenset({"en", "de", "fr"}))
    pages = ["adr/1-a.md", "adr/1-a.de.md", "adr/1-a.fr.md", "adr/2-b.de.md", "adr/3-c.v2.md"]
    documents = ["adr/1-a.md", "adr/2-b.de.md"]
    assert translated_pages(pages, documents, translations) == {
        "adr/1-a.de.md": "adr/1-a.md",
        "adr/1-a.fr.md": "adr/1-a.md",
    }
    folders = Translations("folder", "en", frozenset({"en", "de"}))
    pages = ["adr/1-a.md", "de/adr/1-a.md", "en/adr/1-a.md", "de/adr/2-b.md"]
    assert translated_pages(pages, ["adr/1-a.md"], folders) == {
        "de/adr/1-a.md": "adr/1-a.md",
        "en/adr/1-a.md": "adr/1-a.md",
    }


# --- labels ----------------------------------------------------------------------------------

MATERIAL = {"theme": {"name": "material"}}
# Material's own texts stay in `theme.language` here: i18n leaves the theme alone.
MATERIAL_KEPT = ({"reconfigure_material": False}, {"theme": {"name": "material", "language": "en"}})


@pytest.mark.parametrize(
    ("i18n", "config", "specs", "english", "german"),
    [
        pytest.param({}, {}, None, "Dashboard", "Übersicht", id="mkdocs-theme"),
        pytest.param({}, MATERIAL, None, "Dashboard", "Übersicht", id="material"),
        pytest.param(*MATERIAL_KEPT, None, "Dashboard", "Übersicht", id="material-kept"),
        pytest.param(
            *MATERIAL_KEPT,
            {"labels": {"de": {"dashboard": "Überblick"}}},
            "Dashboard",
            "Überblick",
            id="german-label",
        ),
        pytest.param(
            {}, MATERIAL, {"language": "fr"}, "Tableau de bord", "Tableau de bord", id="language"
        ),
    ],
)
def test_each_languages_portal_uses_its_labels(
    tmp_path, capsys, i18n, config, specs, english, german
):
    """The language of the build wins over the theme's; the `language` option, set on
    purpose, wins over both; a team's German label is used on the German portal."""
    i18n_site(tmp_path, "suffix", i18n=i18n, specs=specs, **config)
    built, _ = build_and_check(tmp_path, capsys)
    assert built.exit_code == 0, built.log
    assert h1(built.html("portal/index.html")) == english
    assert h1(built.html("de/portal/index.html")) == german
    if german == "Übersicht":
        assert h1(built.html("de/portal/status/index.html")) == "Dokumente nach Status"
        assert "Referenziert von" in card(built.html("de/adr/0002-use-kafka/index.html"))
        assert "Referenced by" in card(built.html("adr/0002-use-kafka/index.html"))


# --- findings --------------------------------------------------------------------------------

DRAFT = spec("Session Tokens", status="Draft", sections=[s for s in SECTIONS if s != "Appendices"])
FINDING = ("docs/specs/session-tokens.md", 48, "missing-section", "info")


def logged_findings(built: Build) -> list[tuple[str, int, str, str]]:
    """Every finding line of the build's log, repeats kept."""
    return [
        (path, int(line), rule, level.lower())
        for level, path, line, rule in re.findall(
            r"^(ERROR|WARNING|INFO): mkdocs_specs: (\S+?):(\d+): ([a-z-]+): ", built.log, re.M
        )
    ]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_findings_are_logged_once_per_site_as_check_reports_them(tmp_path, capsys, layout):
    pages = {**PAGES, "specs/session-tokens.md": DRAFT}
    i18n_site(tmp_path, layout, pages=pages, specs={"exclude": ["blog/**"]})
    built = run_mkdocs(tmp_path, "build")
    assert built.exit_code == 0, built.log
    assert logged_findings(built) == [FINDING]
    assert built.log.count("mkdocs_specs: checked 2 specs, 0 PRDs, 2 ADRs") == 1
    # A warning about the configuration too: once.
    assert built.log.count("`exclude` glob 'blog/**' matches no page") == 1
    assert (built.site / "de/portal/index.html").is_file()
    with contextlib.chdir(tmp_path):
        checked = run_cli(capsys, "check")
    assert checked.findings() == {FINDING}
    assert checked.code == 0


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_failing_finding_still_fails_the_multilingual_build(tmp_path, capsys, layout):
    pages = {**PAGES, "specs/session-tokens.md": spec("Session Tokens", status="Aproved")}
    i18n_site(tmp_path, layout, pages=pages)
    built, checked = build_and_check(tmp_path, capsys)
    assert built.exit_code == 1
    assert "Aborted with a BuildError!" in built.output
    [finding] = logged_findings(built)
    assert finding[3] == "error"
    assert checked.findings() == {finding}
    assert checked.code == 1


# --- moved from the neighbour plugins' tests -------------------------------------------------


def test_with_git_revision_date_leaves_the_portal_out_of_git(tmp_path, capsys):
    """git-revision-date-localized reads each page's dates from git, but not a generated
    page's: the portal's pages stay generated in i18n's copies of them."""
    pytest.importorskip("mkdocs_git_revision_date_localized_plugin", reason="not in the extra")
    # git-revision-date-localized asks to come after i18n, for the page's locale.
    write_site(
        tmp_path,
        {**PAGES, "index.de.md": "# Startseite\n"},
        {"plugins": ["search", "specs", I18N, "git-revision-date-localized"]},
    )
    git_repository(tmp_path)
    built, checked = build_and_check(tmp_path, capsys)
    assert built.exit_code == 0, built.log
    assert (built.site / "de/portal/status/index.html").is_file()
    assert checked.code == 0


@pytest.mark.parametrize(
    ("layout", "paths", "kept"),
    [
        (
            "suffix",
            ["adr/1-a.md", "adr/1-a.de.md", "adr/2-b.de.md"],
            ["adr/1-a.md", "adr/2-b.de.md"],
        ),
        ("suffix", ["adr/1-a.de.md", "adr/1-a.en.md"], ["adr/1-a.en.md"]),
        ("suffix", ["adr/1-a.v2.md", "adr/1-a.md"], ["adr/1-a.v2.md", "adr/1-a.md"]),
        (
            "folder",
            ["de/adr/1-a.md", "adr/1-a.md", "en/adr/2-b.md"],
            ["adr/1-a.md", "en/adr/2-b.md"],
        ),
        ("folder", ["de/adr/1-a.md", "fr/adr/1-a.md"], ["de/adr/1-a.md"]),
        ("folder", ["design/adr.md", "adr/design.md"], ["design/adr.md", "adr/design.md"]),
    ],
)
def test_one_document_per_translation_set(layout, paths, kept):
    """The default language's page stands for its translations; without one, the first
    translation does; a suffix or folder that names no configured language is no language."""
    translations = Translations(layout, "en", frozenset({"en", "de", "fr"}))
    settings = Settings(globs={Kind.ADR: ["**/*.md"]}, templates={}, translations=translations)
    sources = [Source(path, f"docs/{path}", lambda: b"# A\n") for path in paths]
    selected, _ = select_pages(sources, settings)
    assert [source.src_path for source in selected] == kept
