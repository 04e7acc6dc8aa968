"""The MkDocs adapter: wires build events to the core and turns findings into logs and failures."""

from __future__ import annotations

import functools
import logging
import os
import posixpath
import re
from collections.abc import Callable
from dataclasses import replace
from html import escape
from typing import Literal

from jinja2 import Environment
from markdown import Markdown  # type: ignore[import-untyped]
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from mkdocs.utils import get_relative_url

from .baseline import Baseline, BaselineError
from .catalog import (
    Catalog,
    Checked,
    LanguageSites,
    Settings,
    Source,
    Translations,
    build_catalog,
    in_language,
    translated_pages,
)
from .checking import PageCache, check_pages, no_cyclic_gc, usable_cores
from .colors import status_colors_css
from .config import SpecsConfig, build_settings, fail_threshold, site_labels
from .discovery import SPECS_KIND_KEY, Classifier
from .expansion import INHERITED_KEYS, ReadIncluded, seen_page
from .model import Finding, Severity
from .parse import decode_source, split_lines
from .portal import (
    BACKLINKS_ID,
    SCRIPT,
    STATUS_COLORS,
    STYLESHEET,
    FragmentError,
    Portal,
    fill_tables,
    insert_after_h1,
    replace_section,
    script_file,
    status_selector,
    stylesheet_file,
)
from .render_cache import RenderCache
from .report import export_json, finding_line, log_lines, printable, reaches, summary_line
from .sidecar import read_sidecar
from .site import INERT_PLUGINS, others_listen, page_sources, project_dir
from .template import heading_key

log = get_plugin_logger(__name__)

_LOG_LEVELS = {
    Severity.ERROR: logging.ERROR,
    Severity.WARNING: logging.WARNING,
    Severity.INFO: logging.INFO,
}


def _plugins_from(config: MkDocsConfig, package: str) -> list[BasePlugin]:
    """The active plugins whose class comes from `package` (`mkdocs_static_i18n`): found without
    importing them, under whatever name the configuration gives them."""
    return [
        plugin
        for plugin in config.plugins.values()
        if type(plugin).__module__.partition(".")[0] == package
    ]


def site_translations(config: MkDocsConfig) -> Translations | None:
    """Where the site keeps translations of its pages, when mkdocs-static-i18n builds it in
    several languages."""
    for plugin in _plugins_from(config, "mkdocs_static_i18n"):
        languages = [language for language in plugin.config.languages if language.locale]
        default = next((language.locale for language in languages if language.default), None)
        if default is not None:
            return Translations(
                plugin.config.docs_structure,
                default,
                frozenset(language.locale for language in languages),
                plugin.config.fallback_to_default,
            )
    return None


def build_language(config: MkDocsConfig) -> str | None:
    """The language mkdocs-static-i18n builds the site in now: it builds the default language's
    site, then, from that build's end, each other language's in its folder, each a build of
    its own through every plugin."""
    for plugin in _plugins_from(config, "mkdocs_static_i18n"):
        language = getattr(plugin, "current_language", None)
        if isinstance(language, str):
            return language
    return None


def _check_minify(config: MkDocsConfig) -> None:
    """Stop with the fix, not a traceback, when mkdocs-minify-plugin is to read the stylesheet
    or the script.

    With `cache_safe`, minify reads each of its `css_files` and `js_files` from `docs_dir` or the
    theme's `custom_dir` before the build, where the generated files never are.
    """
    for plugin in _plugins_from(config, "mkdocs_minify_plugin"):
        if not plugin.config.get("cache_safe"):
            continue
        for option, generated in (("css_files", STYLESHEET), ("js_files", SCRIPT)):
            listed = plugin.config.get(option) or []
            if isinstance(listed, str):
                listed = [listed]
            if generated not in listed:
                continue
            folders = (config.docs_dir, config.theme.custom_dir)
            if any(f and os.path.isfile(os.path.join(f, generated)) for f in folders):
                continue  # the user's own file, which the site uses instead of the plugin's
            copy = os.path.relpath(os.path.join(config.docs_dir, generated), project_dir(config))
            raise PluginError(
                f"mkdocs-minify-plugin's `cache_safe` reads {generated!r} from the docs folder "
                f"before the build, and the specs plugin generates it: take it out of minify's "
                f"`{option}`, or save a built site's {generated} as {copy} (the site then uses "
                f"that copy)"
            )


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]])")


def _link_text(title: str) -> str:
    """A title as the text of a Markdown link, read literally."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", title)


class SpecsPlugin(BasePlugin[SpecsConfig]):
    """`plugins: [specs]`: check spec pages against the template and publish the portal."""

    def __init__(self) -> None:
        super().__init__()
        self.is_serving = False
        """Set in `on_startup`: while serving, findings never stop the server."""
        self.cache = PageCache()
        """Checked pages; kept across serve rebuilds because `on_startup` keeps this instance."""
        self.rendered = RenderCache()
        """Cards, portal pages and export lines, kept across serve rebuilds like `cache`."""
        self.settings: Settings | None = None
        self.catalog: Catalog | None = None
        self.portal: Portal | None = None
        self.site_urls: _SiteUrls | None = None
        self.fragments: dict[str, tuple[str, str]] = {}
        """What each document's page shows besides its text (`Portal.fragments`)."""
        self.portal_tables: dict[str, tuple[str, ...]] = {}
        """The tables each generated page keeps out of its Markdown (`Portal.pages`)."""
        self.portal_titles: dict[str, str] = {}
        """Each generated page's HTML-escaped title (`GeneratedPage.title`)."""
        self.portal_files: dict[str, File] = {}
        """The generated pages by `src_uri`, for `on_page_read_source`."""
        self.undecodable: set[str] = set()
        """Documents with an `encoding` finding: MkDocs could not read them itself."""
        self.language: str | None = None
        """The language this build is of, on a multilingual site (mkdocs-static-i18n)."""
        self.further_language = False
        """Whether this is the build of a multilingual site's further language: its default
        language's build, just before, logged the findings and wrote the export."""
        self.dry_run = False
        """Set by `mkdocs-specs check`, which runs the build's events but renders no page: check
        and add the portal's files, but log, render and write nothing, and never fail."""
        self.needs_pages = False
        """Set in `on_files`: whether other plugins' page events may change what is checked."""
        self.seen_cache = PageCache()
        """Pages checked as their readers see them; compared by content, never by file time."""
        self._pages: dict[str, Source] = {}
        """The pages that may be documents (`select_pages`), by `src_uri`."""
        self._checked: list[Checked] = []
        self._warnings: list[str] = []
        self._settled = False
        self._expand_snippets: Callable[[str], str] | None = None
        self.use_baseline = True
        """Cleared by `check --write-baseline`: the baseline is about to be (first) written."""

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        """Remember whether the site is served: `serve` never fails, it shows findings on pages.

        Having this event at all keeps one plugin instance across serve rebuilds, and with it
        the page cache that makes a rebuild parse only the edited page. Default priority: it
        only records the command, which no other plugin's `on_startup` changes.
        """
        self.is_serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Start a build afresh: forget the last build's results, read the templates and the
        baseline once, and add the portal's stylesheet and script to the site.

        Default priority: it reads only this plugin's options and appends to `extra_css` /
        `extra_javascript`, which themes read when rendering, after every `on_config`.
        """
        self.catalog = None
        self.portal = None
        self.fragments = {}
        self.portal_tables = {}
        self.portal_titles = {}
        self.portal_files = {}
        self.undecodable = set()
        self.needs_pages = False
        self._pages, self._checked, self._warnings = {}, [], []
        self._settled = False
        self._expand_snippets = None
        if self.config.enabled:
            self.settings = self.load_settings(config, use_baseline=self.use_baseline)
            if STYLESHEET not in config.extra_css:
                config.extra_css.append(STYLESHEET)
            if self.config.status_colors and STATUS_COLORS not in config.extra_css:
                config.extra_css.append(STATUS_COLORS)  # after the stylesheet, to override it
            if SCRIPT not in map(str, config.extra_javascript):
                config.extra_javascript.append(SCRIPT)
            _check_minify(config)
        return config

    def load_settings(self, config: MkDocsConfig, *, use_baseline: bool = True) -> Settings:
        """The core's settings, with the `baseline` file read unless it is about to be rewritten."""
        baseline = None
        if use_baseline and self.config.baseline:
            try:
                baseline = Baseline.load(os.path.join(project_dir(config), self.config.baseline))
            except BaselineError as error:
                raise PluginError(str(error)) from None
        settings = build_settings(self.config, baseline=baseline, docs_dir=config.docs_dir)
        return replace(settings, translations=site_translations(config))

    def check(self, files: Files, config: MkDocsConfig, workers: int = 1) -> Catalog:
        """Run the whole pipeline over the pages of `files`; the command line calls this too.

        Pages are read through `cache`: serve rebuilds and `check` runs parse only what was
        edited; the pages left to parse may be spread over `workers` processes.
        """
        if self.settings is None:
            self.settings = self.load_settings(config)
        sources = page_sources(files, config)
        pages, self._checked, self._warnings = check_pages(
            sources, self.settings, self.cache, workers
        )
        self._pages = {page.src_path: page for page in pages}
        with no_cyclic_gc():
            return build_catalog(self._checked, self.settings, self._warnings)

    # After generators such as gen-files (0), so generated specs are checked; before blog (-50)
    # and literate-nav (-100), so the portal pages exist when they build navigation.
    @event_priority(-25)
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        """Check every page, link the documents, log the findings and add the portal's pages
        as generated files.

        The work is done here, on all files, rather than in page events because those do not
        fire for unchanged pages under `--dirty` and `serve`. Priority -25: after generators
        such as gen-files (default 0), so the pages they add are checked; before Material's
        blog (-50) and literate-nav (-100), so the portal's pages exist when they build the
        navigation.
        """
        if not self.config.enabled:
            return files
        with no_cyclic_gc():
            self._check_and_publish(files, config)
        return files

    def _check_and_publish(self, files: Files, config: MkDocsConfig) -> None:
        """Check every page and add the portal's pages to `files`; log the findings unless page
        events may still change them (then `settle` does, once they have run)."""
        self.catalog = self.check(files, config, self._workers())
        self.undecodable = {
            doc.src_path
            for doc in self.catalog.documents
            if doc.has_parse_problem("encoding")
        }
        assert self.settings is not None
        self.language = build_language(config)
        translations = self.settings.translations
        self.further_language = (
            translations is not None
            and self.language is not None
            and self.language != translations.default
        )
        self.needs_pages = _page_events_change_pages(self, config)
        if self.needs_pages:
            self._expand_snippets = _snippets_expander(config)
        else:
            self._log_findings()
        if self.dry_run and not (self.needs_pages or others_listen(self, config, "files")):
            return  # `mkdocs-specs check` alone: no plugin is left to look for the portal's pages
        self.portal = self._portal(files, config)
        self.site_urls = self._add_portal_files(self.portal, files, config)
        if not (self.needs_pages or self.dry_run):
            self._prepare_fragments(files)

    def _workers(self) -> int:
        # A one-off build may use the idle cores (MkDocs renders on one); a server keeps its
        # cache instead, and never forks beside its watcher threads.
        return 1 if self.is_serving else usable_cores()

    def _portal(self, files: Files, config: MkDocsConfig) -> Portal:
        """The portal of the catalog in this build's language: a multilingual site's further
        language lists its documents under their translations' titles."""
        assert self.catalog is not None and self.settings is not None
        labels = site_labels(self.config, config.theme, self.language)
        shown = self.catalog
        if self.further_language and self.language is not None:
            sources = page_sources(files, config)
            shown = in_language(self.catalog, sources, self.settings, self.language)
        return Portal(
            shown,
            self.settings.templates,
            self.config.index_dir,
            self.rendered,
            labels,
            theme=config.theme.get_env(),  # its `custom_dir` may override the fragments
        )

    def _log_findings(self) -> None:
        """Log the findings (a Draft's info findings as one count, see `log_lines`) and the
        summary: once per site, by the build of its default language (a multilingual site's
        other languages are built after it, each checking the same pages again), and never in
        a dry run, whose caller reports."""
        if self.dry_run or self.further_language:
            return
        assert self.catalog is not None
        for severity, line in log_lines(self.catalog.documents):
            log.log(_LOG_LEVELS[severity], line)
        log.info(summary_line(self.catalog.documents))
        for warning in self.catalog.warnings:
            log.warning(printable(warning))

    def _prepare_fragments(self, files: Files) -> None:
        """What each document's page shows besides its text: in one loop, not page by page
        between MkDocs' rendering, where each look-up took several times longer (a serve rebuild
        looks up nearly every fragment)."""
        assert self.settings is not None and self.portal is not None and self.site_urls
        try:
            self.fragments = {
                doc.src_path: self.portal.fragments(doc, self.site_urls, findings=self.is_serving)
                for doc in self.portal.catalog.documents
            }
        except FragmentError as error:
            raise PluginError(printable(str(error))) from None
        if self.settings.translations is not None:
            self._share_with_translations(files, self.settings.translations)

    def _share_with_translations(self, files: Files, translations: Translations) -> None:
        """Give a document's card to its translations' pages (`adr/0001-x.de.md`): the same
        document in another language. Its links suit them, as each language's site lays
        out its pages as the default language's site does."""
        pages = (file.src_uri for file in files.documentation_pages())
        for page, document in translated_pages(pages, self.fragments, translations).items():
            self.fragments[page] = self.fragments[document]

    def _add_portal_files(self, portal: Portal, files: Files, config: MkDocsConfig) -> _SiteUrls:
        """Add the portal pages, stylesheet and script as generated files; a user's own file wins.
        Every page's URL is known then: they are returned for the links the portal renders."""
        if files.get_file_from_path(STYLESHEET) is None:
            files.append(File.generated(config, STYLESHEET, abs_src_path=stylesheet_file()))
        if files.get_file_from_path(SCRIPT) is None:
            files.append(File.generated(config, SCRIPT, abs_src_path=script_file()))
        if self.config.status_colors and files.get_file_from_path(STATUS_COLORS) is None:
            colors = {status_selector(s): c for s, c in self.config.status_colors.items()}
            files.append(File.generated(config, STATUS_COLORS, content=status_colors_css(colors)))
        generated: dict[str, File] = {}
        in_nav_paths = []
        for src_path, in_nav in portal.page_paths():
            if files.get_file_from_path(src_path) is not None:
                log.warning(
                    f"{printable(src_path)}: the docs folder has its own page at this path of the "
                    f"portal; it is kept and the generated page is not built (set the `specs` "
                    f"plugin's `index_dir` to move the portal elsewhere)"
                )
                continue
            inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
            generated[src_path] = File.generated(config, src_path, content="", inclusion=inclusion)
            files.append(generated[src_path])
            if in_nav:
                in_nav_paths.append(src_path)
        if self.config.export:
            # Here, before MkDocs writes anything: after the build the export would have
            # replaced one of the site's files, or failed on one of its folders.
            clash = _export_clash(self.config.export, files, config)
            if clash:
                raise PluginError(
                    f"the specs plugin's export {self.config.export!r} {clash}; "
                    "set `export` to another file, like 'specs.json'"
                )
        urls = self._site_urls(files, config)
        # `mkdocs-specs check` shows no page: their Markdown is not needed, their files are.
        for page in () if self.dry_run else portal.pages(urls):
            if page.src_path in generated:
                generated[page.src_path].content_string = page.markdown
                self.portal_tables[page.src_path] = page.tables
                self.portal_titles[page.src_path] = page.title
        self.portal_files = generated
        if _plugins_from(config, "mkdocs_static_i18n"):
            # mkdocs-static-i18n (on_files at -100) rebuilds the site's files from those in
            # `docs_dir`, each language's version in its place, and stops with a `TypeError`
            # at a file without a source path. Placed in `docs_dir`, the portal's pages are
            # rebuilt with the others, in each language's folder; its copies lose the content,
            # which `on_page_read_source` gives back. (A nav file for literate-nav, which reads
            # it as it is, would not survive the copy.)
            for src_path, file in generated.items():
                file.abs_src_path = os.path.normpath(os.path.join(config.docs_dir, src_path))
        else:
            self._add_literate_nav(portal.index_dir, in_nav_paths, files, config)
        for plugin in _plugins_from(config, "mkdocs_redirects"):
            # mkdocs-redirects lists the pages it may redirect to in its own `on_files`, which
            # runs before this one (0 > -25, and gen-files, at 0 too, must run before the check):
            # it lists them again, now with the portal's.
            plugin.on_files(files, config=config)
        return urls

    def _site_urls(self, files: Files, config: MkDocsConfig) -> _SiteUrls:
        """The URLs of this build's pages: those of the language being built, on a
        multilingual site."""
        assert self.settings is not None
        translations, language = self.settings.translations, build_language(config)
        if translations is None or language is None:
            return _SiteUrls(files)
        return _LanguageUrls(files, config, translations, language)

    def _add_literate_nav(
        self, index_dir: str, in_nav: list[str], files: Files, config: MkDocsConfig
    ) -> None:
        """Give mkdocs-literate-nav the portal folder's own nav file (`SUMMARY.md`), listing
        the pages of the automatic nav: without one, a `[Portal](portal/)` entry would list
        every page of the folder, every owner page included."""
        for plugin in _plugins_from(config, "mkdocs_literate_nav"):
            src_path = f"{index_dir}/{plugin.config.nav_file}"
            if files.get_file_from_path(src_path) is not None:
                continue  # the user's own nav file of the portal folder
            lines = [
                # (A dry run renders no page: it has no title to give, and shows no nav.)
                f"* [{_link_text(self.portal_titles.get(path, path))}]"
                f"({posixpath.relpath(path, index_dir)})\n"
                for path in in_nav
            ]
            # Excluded: literate-nav reads it, MkDocs does not build it as a page.
            nav = File.generated(
                config, src_path, content="".join(lines), inclusion=InclusionLevel.EXCLUDED
            )
            files.append(nav)

    def on_page_read_source(self, /, *, page: Page, config: MkDocsConfig) -> str | None:
        """Give a portal page its Markdown, and read a checked page that is not UTF-8 with
        replacement characters.

        Default priority: MkDocs keeps the last source any plugin returns, and this returns one
        only for the plugin's own pages and undecodable ones, so it overrides no one else's.

        A portal page may be another plugin's copy of the generated file (mkdocs-static-i18n's)
        without its content, and taken for a file of `docs_dir`: one the theme would offer to
        edit, and git-revision-date-localized would look up in git (and stop). For a page that
        is not UTF-8, MkDocs would stop the build with a traceback; the `encoding` finding
        already says which line to fix, and fails the build unless its severity was lowered.
        """
        generated = self.portal_files.get(page.file.src_uri)
        if generated is not None:
            page.file.generated_by = generated.generated_by
            page.edit_url = None
            return generated.content_string
        if page.file.src_uri not in self.undecodable:
            return None  # only a page the checker could not decode needs reading again
        return decode_source(page.file.content_bytes)[0]

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Make a page's metadata safe for the theme: escape a portal page's or a document's
        `title`, and drop a front matter `status` Material has no badge for.

        The Markdown itself is returned unchanged (the card is added to the HTML later, which
        cannot change the page's title), so the order among other plugins' Markdown events does
        not matter: default priority.
        """
        title = self.portal_titles.get(page.file.src_uri)
        if title is not None:
            # Themes print `page.title` unescaped; the one MkDocs takes from the H1 would be
            # decoded by Material's `striptags` and leave `<title>` in an owner's name.
            page.meta["title"] = title
            return markdown
        doc = self.catalog.by_path.get(page.file.src_uri) if self.catalog is not None else None
        if doc is None:
            return markdown
        if not doc.front_matter and page.meta and doc.has_parse_problem("front-matter"):
            # MkDocs read the block on its own, YAML aliases and all; the theme would spell out
            # what the checker refused (a title of 10**8 strings) and never finish the page.
            page.meta = {}
        title = page.meta.get("title")
        if title is not None:
            # Themes print a front matter title as HTML, in this page's `<title>` and in the
            # navigation of every page: a document's own title is text like any of its values.
            page.meta["title"] = escape(str(title))
        status = page.meta.get("status")
        if status is None:
            return markdown
        known = config.extra.get("status")
        if not (isinstance(known, dict) and isinstance(status, str) and status in known):
            # Material turns front matter `status` into a nav badge it has no icon for (and a
            # list or a mapping is no key of `extra.status` at all).
            page.meta.pop("status")
        return markdown

    def settle(self, config: MkDocsConfig, files: Files) -> Catalog:
        """The final catalog, once every page's Markdown events have run (`page.markdown` holds
        what they made of it): the documents other plugins changed are checked as their readers
        see them and linked again with the rest.

        Idempotent: called again, it returns the same catalog. Outside a dry run it logs the
        findings, once.
        """
        if self.catalog is None:  # called before `on_files` (the plugin is disabled)
            return self.check(files, config)
        if not self.needs_pages or self._settled:
            return self.catalog
        self._settled = True
        assert self.settings is not None
        changed = self._pages_as_seen(files, config)
        if changed:
            classifier = Classifier(self.settings.globs)
            with no_cyclic_gc():
                rechecked = self.seen_cache.check_all(
                    list(changed.values()), self.settings, classifier, self._workers()
                )
                kept = [pair for pair in self._checked if pair[0].src_path not in changed]
                self.catalog = build_catalog(kept + rechecked, self.settings, self._warnings)
            if not self.dry_run:
                self.portal = self._portal(files, config)
        self._log_findings()
        return self.catalog

    def _pages_as_seen(self, files: Files, config: MkDocsConfig) -> dict[str, Source]:
        """The pages whose text, metadata or path as shown differs from their file as checked
        in `on_files`, each as the source to check instead."""
        assert self.catalog is not None
        pages = _pages_of(files)
        shown: dict[str, tuple[Page, str]] = {}
        for src_path in self._pages:
            page = pages.get(src_path)
            if page is None or page.markdown is None or src_path in self.undecodable:
                continue  # not read in this build (`--dirty`), or read by this plugin
            if src_path in self.catalog.by_path or SPECS_KIND_KEY in page.meta:
                markdown = page.markdown
                if self._expand_snippets is not None:
                    markdown = self._expand_snippets(markdown)
                shown[src_path] = (page, markdown)
        display_paths = {
            source.src_path: source.display_path
            for source in page_sources(files, config)
            if source.src_path in shown
        }
        included = _IncludedFiles(config)
        changed: dict[str, Source] = {}
        for src_path, (page, markdown) in shown.items():
            source = self._pages[src_path]
            display_path = display_paths.get(src_path, source.display_path)
            metadata = {key: page.meta[key] for key in INHERITED_KEYS if key in page.meta}
            try:
                data = source.load()
            except OSError:  # gone since: MkDocs reports it
                continue
            original = data if isinstance(data, str) else decode_source(data)[0]
            reader = included.reader(page.file.abs_src_path)
            seen = seen_page(original, markdown, display_path, metadata, reader)
            if seen is not None:
                text, trace = seen
                changed[src_path] = replace(
                    source,
                    display_path=display_path,
                    load=_loader(text.encode("utf-8")),
                    disk_path=None,
                    seen=trace,
                )
            elif display_path != source.display_path:
                changed[src_path] = replace(source, display_path=display_path)
        return changed

    # Before other plugins' `on_env` (privacy, optimize): they see the pages as published.
    @event_priority(100)
    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        """Every page has been read and its Markdown rendered: settle the catalog, then show it
        on the document pages and the portal.

        Only when other plugins or `pymdownx.snippets` change pages' Markdown (`needs_pages`):
        the documents are then checked as their readers see them, and the cards and the portal
        wait until here. Priority 100: before other plugins' `on_env` (Material's privacy, at
        50), so they see the pages as published.
        """
        if not self.needs_pages or self.dry_run or self.catalog is None:
            return env
        self.settle(config, files)
        self._follow_final_owners(config, files)
        self._prepare_fragments(files)
        pages = _pages_of(files)  # with the owner pages `_follow_final_owners` added
        self._render_portal_again(config, files, pages)
        for src_path, fragments in self.fragments.items():
            page = pages.get(src_path)
            if page is not None and page.content is not None:
                page.content = self._with_fragments(page, page.content, fragments)
        return env

    def _follow_final_owners(self, config: MkDocsConfig, files: Files) -> None:
        """Give each owner of the final catalog a page, and drop the pages of owners that were
        only a document's unrendered text (`{{ lead }}`): owner pages are in no navigation, and
        MkDocs builds the pages of `files` after `on_env`."""
        assert self.portal is not None
        wanted = dict(self.portal.page_paths())
        stale = [src_path for src_path in self.portal_titles if src_path not in wanted]
        for src_path in stale:
            file = files.get_file_from_path(src_path)
            if file is not None:
                files.remove(file)
            del self.portal_titles[src_path]
            self.portal_tables.pop(src_path, None)
            self.portal_files.pop(src_path, None)
        added = False
        for src_path in wanted:
            # A page generated already stays as another plugin left it (mkdocs-static-i18n
            # drops the portal from a language without `fallback_to_default`).
            if src_path not in self.portal_titles and files.get_file_from_path(src_path) is None:
                inclusion = InclusionLevel.NOT_IN_NAV
                file = File.generated(config, src_path, content="", inclusion=inclusion)
                files.append(file)
                Page(None, file, config)
                self.portal_files[src_path] = file
                self.portal_titles[src_path] = ""  # rendered below, as one of the portal's
                added = True
        if stale or added:
            self.site_urls = self._site_urls(files, config)

    def _render_portal_again(
        self, config: MkDocsConfig, files: Files, pages: dict[str, Page]
    ) -> None:
        """Render the portal pages the final catalog changed (or added), as MkDocs rendered them
        first."""
        assert self.portal is not None and self.site_urls is not None
        for generated in self.portal.pages(self.site_urls):
            src_path = generated.src_path
            page = pages.get(src_path)
            ours = self.portal_files.get(src_path)
            if ours is None or page is None:
                continue  # a user's own page at this path
            if (
                page.content is not None
                and ours.content_string == generated.markdown
                and self.portal_tables.get(src_path) == generated.tables
            ):
                continue
            # The page may be another plugin's copy of the file (mkdocs-static-i18n's), which
            # `on_page_read_source` gives this content.
            ours.content_string = generated.markdown
            self.portal_tables[src_path] = generated.tables
            self.portal_titles[src_path] = generated.title
            page.read_source(config)
            assert page.markdown is not None
            page.markdown = config.plugins.on_page_markdown(
                page.markdown, page=page, config=config, files=files
            )
            page.render(config, files)
            assert page.content is not None
            page.content = config.plugins.on_page_content(
                page.content, page=page, config=config, files=files
            )

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Put the portal's tables into its rendered pages, and the card, the findings box and
        "Referenced by" into each document's page.

        Inserted as HTML after rendering, so the fragments need no Markdown extension and
        never become the page's title. Default priority: no plugin the portal is tested with
        needs the fragments earlier or later; those after `specs` in `plugins:` see them as part
        of the page.
        """
        tables = self.portal_tables.get(page.file.src_uri)
        if tables:
            return fill_tables(html, tables)
        fragments = self.fragments.get(page.file.src_uri)
        if fragments is None:  # no document, or its fragments wait for `on_env` (`needs_pages`)
            return html
        return self._with_fragments(page, html, fragments)

    def _with_fragments(self, page: Page, html: str, fragments: tuple[str, str]) -> str:
        top, bottom = fragments
        if bottom:
            assert self.portal is not None
            _list_in_toc(page, AnchorLink(self.portal.labels["referenced_by"], BACKLINKS_ID, 2))
        if self.config.card_replaces_fields and self.settings is not None:
            sections = {
                t.fields_section for found in self.settings.templates.values() for t in found
            }
            entry = _toc_entry(page, sections - {None})
            replaced = replace_section(html, entry.id, top) if entry is not None else None
            if entry is not None and replaced is not None:
                _toc_sections(page).remove(entry)
                return replaced + bottom
        return insert_after_h1(html, top) + bottom

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the `specs.json` export, then fail the build when findings reach `fail_on`
        (or a warning, with `--strict`).

        The plugin raises itself rather than rely on MkDocs' count of warnings, which `-q`
        drops. Default priority: before mkdocs-static-i18n's (-100), which builds the other
        languages there, so findings fail the build once, in the default language's build.
        """
        if self.catalog is None or self.site_urls is None or self.dry_run:
            return
        if self.config.export and not self.further_language:
            path = os.path.join(config.site_dir, self.config.export)
            try:
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "w", encoding="utf-8", newline="\n") as handle:
                    dates = self.portal.date if self.portal is not None else None
                    handle.write(
                        export_json(self.catalog, self.site_urls.of, self.rendered, dates)
                    )
            except OSError as error:  # a file a later plugin wrote, in the way of its folder
                reason = error.strerror or error
                raise PluginError(f"cannot write the export {path}: {reason}") from None
        if self.is_serving:
            return
        findings = [f for doc in self.catalog.documents for f in doc.findings]
        failing = reaches(findings, fail_threshold(self.config.fail_on))
        if config.strict:  # also catch `--strict -q`, where MkDocs drops the warnings it counts
            failing = failing or reaches(findings, Severity.WARNING)
        if failing:
            raise PluginError(_failure_message(failing, self.config.fail_on, config.strict))


_LEAVE_MARKDOWN_ALONE = INERT_PLUGINS | {"offline"}
"""Plugins with page events that never change a page's Markdown or metadata (Material's social
plugin only reads the title): with them alone, the files are what the readers see."""

_PAGE_EVENTS = ("pre_page", "page_read_source", "page_markdown")

_SNIPPETS = "pymdownx.snippets"
_TRANSCLUDING_EXTENSIONS = (_SNIPPETS,)
"""Markdown extensions that bring other files' text into a page as it is rendered."""


def _page_events_change_pages(plugin: SpecsPlugin, config: MkDocsConfig) -> bool:
    """Whether another plugin (or a hook) may change a page's Markdown or metadata after
    `on_files`, or a Markdown extension transcludes text: then pages are checked again as their
    readers see them (`SpecsPlugin.settle`)."""
    if any(name in config.markdown_extensions for name in _TRANSCLUDING_EXTENSIONS):
        return True
    names = {id(instance): name for name, instance in config.plugins.items()}
    for event in _PAGE_EVENTS:
        for method in config.plugins.events[event]:
            owner = getattr(method, "__self__", None)
            if owner is plugin:
                continue
            name = names.get(id(owner), "") if owner is not None else ""
            if name.removeprefix("material/") not in _LEAVE_MARKDOWN_ALONE:
                return True
    return False


def _snippets_expander(config: MkDocsConfig) -> Callable[[str], str] | None:
    """`pymdownx.snippets` alone, configured as in the build: the text it brings in is shown to
    readers, but only while MkDocs renders the page, after every plugin's page events."""
    if _SNIPPETS not in config.markdown_extensions:
        return None
    # Installed: the site configures it.
    from pymdownx.snippets import SnippetMissingError  # type: ignore[import-untyped]

    options = {_SNIPPETS: config.mdx_configs.get(_SNIPPETS, {})}
    markdown = Markdown(extensions=[_SNIPPETS], extension_configs=options)
    snippets = markdown.preprocessors["snippet"]

    def expand(text: str) -> str:
        try:
            return "\n".join(snippets.run(text.split("\n")))
        except SnippetMissingError:  # the build fails on it when it renders the page
            return text

    return expand


class _IncludedFiles:
    """The files include directives name, each read once per `settle`, bounded like a metadata
    file (a regular file of at most a MiB): only to name the lines findings are about."""

    def __init__(self, config: MkDocsConfig) -> None:
        self._root = project_dir(config)
        options = config.mdx_configs.get(_SNIPPETS, {})
        bases = options.get("base_path", ["."])
        self._folders = [
            config.docs_dir,
            *(os.path.abspath(base) for base in ([bases] if isinstance(bases, str) else bases)),
            self._root,
        ]
        self._read: dict[str, tuple[str, list[str]] | None] = {}

    def reader(self, page_path: str | None) -> ReadIncluded:
        """Find a directive's file beside the page first (include-markdown), then in the docs,
        snippets' base paths and the project folder."""
        return functools.partial(self._find, page_path)

    def _find(self, page_path: str | None, target: str) -> tuple[str, list[str]] | None:
        folders = [os.path.dirname(page_path), *self._folders] if page_path else self._folders
        names = dict.fromkeys((target, target.split(":", 1)[0]))  # snippets' `a.md:3:5`
        for folder in folders:
            for name in names:
                found = self._file(os.path.normpath(os.path.join(folder, name)))
                if found is not None:
                    return found
        return None

    def _file(self, path: str) -> tuple[str, list[str]] | None:
        if path not in self._read:
            self._read[path] = None
            if os.path.isfile(path):
                shown = os.path.relpath(path, self._root).replace(os.sep, "/")
                read = read_sidecar(path, shown)
                if read.problem is None:
                    self._read[path] = (shown, split_lines(decode_source(read.data)[0]))
        return self._read[path]


def _loader(data: bytes) -> Callable[[], bytes]:
    return lambda: data


_OTHER_OUTPUTS = ("sitemap.xml.gz", "search/search_index.json")
"""Files of the site that no entry of `files` stands for: MkDocs compresses the sitemap, and the
search plugins (MkDocs' and Material's) write their index after the build."""


def _export_clash(export: str, files: Files, config: MkDocsConfig) -> str | None:
    """How writing the export at `export` would collide with the site's own files, if it would.

    Compared without case: on the file systems of macOS and Windows `Index.html` is
    `index.html`.
    """
    written = {
        file.dest_uri.casefold(): repr(file.dest_uri)
        + (f" (built from {file.src_uri!r})" if file.src_uri != file.dest_uri else "")
        for file in files
    }
    for name in (*config.theme.static_templates, *_OTHER_OUTPUTS):
        written.setdefault(name.casefold(), repr(name))
    target = export.casefold()
    if target in written:
        return f"would replace the site's {written[target]}"
    parts = target.split("/")
    for depth in range(1, len(parts)):
        folder = "/".join(parts[:depth])
        if folder in written:
            return f"needs a folder where the site has the file {written[folder]}"
    if any(dest.startswith(target + "/") for dest in written):
        return "is a folder of the site"
    return None


def _pages_of(files: Files) -> dict[str, Page]:
    """The pages MkDocs read, by `src_uri`: of the files as they are now, which a later plugin
    may have put in place of those of `on_files` (mkdocs-static-i18n does, for each language)."""
    return {file.src_uri: file.page for file in files if file.page is not None}


class _SiteUrls:
    """The portal's `SiteUrls`, from MkDocs' own files: they honour `use_directory_urls` and
    any URL another plugin gave a page. A dictionary by `src_uri`, because
    `Files.get_file_from_path` builds a `PurePath` per call (thousands per build)."""

    def __init__(self, files: Files) -> None:
        self._files = {file.src_uri: file for file in files}

    def of(self, src_path: str) -> str | None:
        file = self._files.get(src_path)
        return file.url if file is not None else None

    def between(self, page: str, target: str) -> str | None:
        source, destination = self._files.get(page), self._files.get(target)
        if source is None or destination is None:
            return None
        return destination.url_relative_to(source)


class _LanguageUrls(_SiteUrls):
    """The URLs of one language's build of a multilingual site (mkdocs-static-i18n), from the
    site's root: the build's pages are in that language's folder (`de/`), each where the
    default language's site has its page (`adr/0001-x.de.md` at `de/adr/0001-x/`). A link to
    a document that has no page in that language reaches the site of its own language."""

    def __init__(
        self, files: Files, config: MkDocsConfig, translations: Translations, language: str
    ) -> None:
        super().__init__(files)
        self._language = language
        self._translations = translations
        pages = files.documentation_pages()
        self._sites = LanguageSites((file.src_uri for file in pages), translations)
        self._in_language: dict[str, str] = {}
        """Each page's URL in its language's site."""
        for file in pages:
            name, own = translations.language_of(file.src_uri)
            url = file.url
            if own is not None:
                # Where i18n puts it: where the default language's page of its set would be.
                url = File(name, config.docs_dir, config.site_dir, config.use_directory_urls).url
            self._in_language[file.src_uri] = url

    def of(self, src_path: str) -> str | None:
        url = self._in_language.get(src_path)
        if url is None:
            return super().of(src_path)
        site = self._sites.site_of(src_path, self._language)
        return self._translations.folder(site) + url

    def between(self, page: str, target: str) -> str | None:
        source, destination = self._in_language.get(page), self.of(target)
        if source is None or destination is None:
            return super().between(page, target)
        return get_relative_url(destination, self._translations.folder(self._language) + source)


def _toc_sections(page: Page) -> list[AnchorLink]:
    """The entries of the page's table of contents for its sections: under the H1 when the
    page has one (themes list only the H1's children then)."""
    items = page.toc.items
    return items[0].children if len(items) == 1 and items[0].level == 1 else items


def _list_in_toc(page: Page, entry: AnchorLink) -> None:
    """Add a heading the plugin inserted to the page's table of contents."""
    _toc_sections(page).append(entry)


def _toc_entry(page: Page, keys: set[str | None]) -> AnchorLink | None:
    """The page's section whose heading is one of `keys` (`heading_key`): its fields section."""
    return next((item for item in _toc_sections(page) if heading_key(item.title) in keys), None)


def _failure_message(failing: list[Finding], fail_on: str, strict: bool) -> str:
    first = finding_line(failing[0])
    reason = (
        "--strict"
        if strict and fail_on != "warning" and all(f.severity is Severity.WARNING for f in failing)
        else f"fail_on: {fail_on}"
    )
    count = "1 spec finding fails" if len(failing) == 1 else f"{len(failing)} spec findings fail"
    return f"{count} the build ({reason}); first: {first}"
