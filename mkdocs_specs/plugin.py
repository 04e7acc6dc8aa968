"""The MkDocs adapter: wires build events to the core and turns findings into logs and failures."""

from __future__ import annotations

import logging
import os
from html import escape
from typing import Literal

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from .baseline import Baseline, BaselineError
from .catalog import Catalog, Settings
from .checking import PageCache, check_sources, no_cyclic_gc, usable_cores
from .config import SpecsConfig, build_settings, fail_threshold
from .model import Finding, Severity
from .parse import decode_source
from .portal import (
    BACKLINKS_ID,
    STYLESHEET,
    Portal,
    fill_tables,
    insert_after_h1,
    stylesheet,
)
from .render_cache import RenderCache
from .report import export_json, finding_line, printable, reaches, summary_line
from .site import page_sources, project_dir

log = get_plugin_logger(__name__)

_LOG_LEVELS = {
    Severity.ERROR: logging.ERROR,
    Severity.WARNING: logging.WARNING,
    Severity.INFO: logging.INFO,
}


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
        self.undecodable: set[str] = set()
        """Documents with an `encoding` finding: MkDocs could not read them itself."""
        self.dry_run = False
        """Set by `mkdocs-specs check`: check and add the generated files, report nothing."""
        self.use_baseline = True
        """Cleared by `check --write-baseline`: the baseline is about to be (first) written."""
        self.needs_pages = False
        """Set in `on_files`: whether page events of other plugins may change what is checked."""

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.is_serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.catalog = None
        self.portal = None
        self.fragments = {}
        self.portal_tables = {}
        self.portal_titles = {}
        self.undecodable = set()
        if self.config.enabled:
            self.settings = self.load_settings(config, use_baseline=self.use_baseline)
            if STYLESHEET not in config.extra_css:
                config.extra_css.append(STYLESHEET)
        return config

    def load_settings(self, config: MkDocsConfig, *, use_baseline: bool = True) -> Settings:
        """The core's settings, with the `baseline` file read unless it is about to be rewritten."""
        baseline = None
        if use_baseline and self.config.baseline:
            try:
                baseline = Baseline.load(os.path.join(project_dir(config), self.config.baseline))
            except BaselineError as error:
                raise PluginError(str(error)) from None
        return build_settings(self.config, baseline=baseline, docs_dir=config.docs_dir)

    def check(self, files: Files, config: MkDocsConfig, workers: int = 1) -> Catalog:
        """Run the whole pipeline over the pages of `files`; the command line calls this too.

        Pages are read through `cache`: serve rebuilds and `check` runs parse only what was
        edited; the pages left to parse may be spread over `workers` processes.
        """
        if self.settings is None:
            self.settings = self.load_settings(config)
        return check_sources(page_sources(files, config), self.settings, self.cache, workers)

    # After generators such as gen-files (0), so generated specs are checked; before blog (-50)
    # and literate-nav (-100), so the portal pages exist when they build navigation.
    @event_priority(-25)
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        with no_cyclic_gc():
            self._check_and_publish(files, config)
        self.needs_pages = _page_events_elsewhere(self, config)
        return files

    def settle(self, config: MkDocsConfig, files: Files) -> Catalog:
        """The final catalog, once every page's Markdown is known."""
        assert self.catalog is not None
        return self.catalog

    def _check_and_publish(self, files: Files, config: MkDocsConfig) -> None:
        """Check every page, log the findings, and add the portal's pages to `files`."""
        # A one-off build may use the idle cores (MkDocs renders on one); a server keeps its
        # cache instead, and never forks beside its watcher threads.
        workers = 1 if self.is_serving else usable_cores()
        self.catalog = self.check(files, config, workers)
        self.undecodable = {
            doc.src_path
            for doc in self.catalog.documents
            if doc.has_parse_problem("encoding")
        }
        assert self.settings is not None
        templates = self.settings.templates
        self.portal = Portal(self.catalog, templates, self.config.index_dir, self.rendered)
        if self.dry_run:  # the command line reports; other plugins may look for the pages
            self._add_portal_files(self.portal, files, config, render=False)
            return
        for doc in self.catalog.documents:
            for finding in doc.findings:
                log.log(_LOG_LEVELS[finding.severity], finding_line(finding))
        log.info(summary_line(self.catalog.documents))
        for warning in self.catalog.warnings:
            log.warning(printable(warning))
        self.site_urls = self._add_portal_files(self.portal, files, config)
        # In one loop here, not page by page between MkDocs' rendering, where each look-up took
        # several times longer (a serve rebuild looks up nearly every fragment).
        self.fragments = {
            doc.src_path: self.portal.fragments(doc, self.site_urls, findings=self.is_serving)
            for doc in self.catalog.documents
        }

    def _add_portal_files(
        self, portal: Portal, files: Files, config: MkDocsConfig, *, render: bool = True
    ) -> _SiteUrls:
        """Add the portal pages and stylesheet as generated files; a user's own file wins.
        Every page's URL is known then: they are returned for the links the portal renders."""
        if files.get_file_from_path(STYLESHEET) is None:
            files.append(File.generated(config, STYLESHEET, content=stylesheet()))
        generated: dict[str, File] = {}
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
        if self.config.export:
            # Here, before MkDocs writes anything: after the build the export would have
            # replaced one of the site's files, or failed on one of its folders.
            clash = _export_clash(self.config.export, files, config)
            if clash:
                raise PluginError(
                    f"the specs plugin's export {self.config.export!r} {clash}; "
                    "set `export` to another file, like 'specs.json'"
                )
        urls = _SiteUrls(files)
        if not render:
            return urls
        for page in portal.pages(urls):
            if page.src_path in generated:
                generated[page.src_path].content_string = page.markdown
                self.portal_tables[page.src_path] = page.tables
                self.portal_titles[page.src_path] = page.title
        return urls

    def on_page_read_source(self, /, *, page: Page, config: MkDocsConfig) -> str | None:
        """Read a checked page that is not UTF-8 with replacement characters.

        MkDocs would stop the build with a traceback; the `encoding` finding already says
        which line to fix, and fails the build unless its severity was lowered.
        """
        if page.file.src_uri not in self.undecodable:
            return None  # only a page the checker could not decode needs reading again
        return decode_source(page.file.content_bytes)[0]

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
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

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        tables = self.portal_tables.get(page.file.src_uri)
        if tables:
            return fill_tables(html, tables)
        fragments = self.fragments.get(page.file.src_uri)
        if fragments is None:
            return html
        top, bottom = fragments
        if bottom:
            _list_in_toc(page, AnchorLink("Referenced by", BACKLINKS_ID, 2))
        return insert_after_h1(html, top) + bottom

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.catalog is None or self.site_urls is None:
            return
        if self.config.export:
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


_PAGE_EVENTS = ("pre_page", "page_read_source", "page_markdown")


def _page_events_elsewhere(plugin: SpecsPlugin, config: MkDocsConfig) -> bool:
    """Whether another plugin or hook may change a page between its file and its Markdown."""
    return any(
        getattr(method, "__self__", None) is not plugin
        for event in _PAGE_EVENTS
        for method in config.plugins.events[event]
    )


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


def _list_in_toc(page: Page, entry: AnchorLink) -> None:
    """Add a heading the plugin inserted to the page's table of contents, under the H1 when
    the page has one (themes list only the H1's children then)."""
    items = page.toc.items
    if len(items) == 1 and items[0].level == 1:
        items = items[0].children
    items.append(entry)


def _failure_message(failing: list[Finding], fail_on: str, strict: bool) -> str:
    first = finding_line(failing[0])
    reason = (
        "--strict"
        if strict and fail_on != "warning" and all(f.severity is Severity.WARNING for f in failing)
        else f"fail_on: {fail_on}"
    )
    count = "1 spec finding fails" if len(failing) == 1 else f"{len(failing)} spec findings fail"
    return f"{count} the build ({reason}); first: {first}"
