"""The MkDocs adapter: wires build events to the core and turns findings into logs and failures."""

from __future__ import annotations

import logging
import os
from typing import Literal

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .baseline import Baseline, BaselineError
from .catalog import Catalog, PageCache, Settings, Source, check_sources
from .config import SpecsConfig, build_settings, fail_threshold
from .model import Finding, Severity
from .report import export_json, finding_line, reaches, summary_line

log = get_plugin_logger(__name__)

_LOG_LEVELS = {
    Severity.ERROR: logging.ERROR,
    Severity.WARNING: logging.WARNING,
    Severity.INFO: logging.INFO,
}


def project_dir(config: MkDocsConfig) -> str:
    """The folder of `mkdocs.yml`: findings name paths, and the baseline lives, relative to it."""
    return os.path.dirname(config.config_file_path or "") or os.getcwd()


def page_sources(files: Files, config: MkDocsConfig) -> list[Source]:
    """The Markdown pages MkDocs will build, excluded and draft pages left out."""
    root = project_dir(config)
    sources = []
    for file in files.documentation_pages():
        if file.inclusion.is_excluded():
            continue
        display = file.src_uri
        if file.abs_src_path:
            display = os.path.relpath(file.abs_src_path, root).replace(os.sep, "/")
        sources.append(Source(file.src_uri, display, _reader(file)))
    return sources


def _reader(file: File):
    return lambda: file.content_bytes


class SpecsPlugin(BasePlugin[SpecsConfig]):
    """`plugins: [specs]`: check spec pages against the template and publish the portal."""

    def __init__(self) -> None:
        super().__init__()
        self.is_serving = False
        """Set in `on_startup`: while serving, findings never stop the server."""
        self.cache = PageCache()
        """Checked pages; kept across serve rebuilds because `on_startup` keeps this instance."""
        self.settings: Settings | None = None
        self.catalog: Catalog | None = None
        self.urls: dict[str, str] = {}
        """Site URL of every page by `src_uri`, for the export (honours `use_directory_urls`)."""

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.is_serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.catalog = None
        if self.config.enabled:
            self.settings = self.load_settings(config)
        return config

    def load_settings(self, config: MkDocsConfig, *, use_baseline: bool = True) -> Settings:
        """The core's settings, with the `baseline` file read unless it is about to be rewritten."""
        baseline = None
        if use_baseline and self.config.baseline:
            try:
                baseline = Baseline.load(os.path.join(project_dir(config), self.config.baseline))
            except BaselineError as error:
                raise PluginError(str(error)) from None
        return build_settings(self.config, baseline=baseline)

    def check(self, files: Files, config: MkDocsConfig) -> Catalog:
        """Run the whole pipeline over the pages of `files`; the command line calls this too."""
        if self.settings is None:
            self.settings = self.load_settings(config)
        return check_sources(page_sources(files, config), self.settings, self.cache)

    # After generators such as gen-files (0), so generated specs are checked; before blog (-50)
    # and literate-nav (-100), so the portal pages exist when they build navigation.
    @event_priority(-25)
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        self.catalog = self.check(files, config)
        for doc in self.catalog.documents:
            for finding in doc.findings:
                log.log(_LOG_LEVELS[finding.severity], finding_line(finding))
        log.info(summary_line(self.catalog.documents))
        self.urls = {file.src_uri: file.url for file in files}
        return files

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if self.catalog is None or page.file.src_uri not in self.catalog.by_path:
            return markdown
        status = page.meta.get("status")
        known = config.extra.get("status")
        if status is not None and not (isinstance(known, dict) and status in known):
            # Material turns front matter `status` into a nav badge it has no icon for.
            page.meta.pop("status")
        return markdown

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.catalog is None:
            return
        if self.config.export:
            path = os.path.join(config.site_dir, self.config.export)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(export_json(self.catalog, self.urls.get))
        if self.is_serving:
            return
        findings = [f for doc in self.catalog.documents for f in doc.findings]
        failing = reaches(findings, fail_threshold(self.config.fail_on))
        if config.strict:  # also catch `--strict -q`, where MkDocs drops the warnings it counts
            failing = failing or reaches(findings, Severity.WARNING)
        if failing:
            raise PluginError(_failure_message(failing, self.config.fail_on, config.strict))


def _failure_message(failing: list[Finding], fail_on: str, strict: bool) -> str:
    first = finding_line(failing[0])
    reason = (
        "--strict"
        if strict and fail_on != "warning" and all(f.severity is Severity.WARNING for f in failing)
        else f"fail_on: {fail_on}"
    )
    count = "1 spec finding fails" if len(failing) == 1 else f"{len(failing)} spec findings fail"
    return f"{count} the build ({reason}); first: {first}"
