"""`mkdocs build` without its output: the build's own events, up to each page's Markdown.

Other plugins shape what the build checks: mkdocs-exclude drops pages, gen-files and hooks add
them, monorepo merges sub-projects into the docs folder, Material's `group` plugin loads the
`specs` plugin itself, with its own options. So `mkdocs-specs check` runs every configured
plugin's events in the build's order (mkdocs/commands/build.py) and stops before rendering HTML
or writing the site; the `specs` plugin, told it runs dry, checks and reports nothing itself.

`on_post_build` is not run: there it is the build's output other plugins work on (static-i18n
builds its other languages, privacy downloads assets, redirects and minify write and read the
site), and gen-files would warn about edit paths that page rendering consumes. The temporary
folders generators make are removed when the process exits, as after `mkdocs build`.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterator
from contextlib import contextmanager

from mkdocs.config.config_options import Plugins
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure import files as mkdocs_files
from mkdocs.structure.files import File, Files, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import is_markdown_file

from .catalog import Catalog
from .plugin import SpecsPlugin
from .site import is_inert, others_listen


class DryBuildError(Exception):
    """A plugin (or MkDocs) failed during the dry build: one line that names it and the event."""


class DryBuild:
    """One dry build of a loaded configuration: `configure`, then `check`, then `close`.

    Between the two steps the caller may adjust the `specs` plugin (its cache, its settings)."""

    def __init__(
        self, config: MkDocsConfig, logged_errors: list[str], *, use_baseline: bool = True
    ) -> None:
        """`logged_errors`: what is logged at ERROR meanwhile, to explain a plugin that logs
        why it stops and then exits (monorepo). Without `use_baseline` the `specs` plugin
        does not read its baseline file: it is about to be written."""
        self.config = config
        self.use_baseline = use_baseline
        self.files = Files([])
        self.logged_errors = logged_errors
        self._started = False
        self._dry = _specs_plugins(config)
        self.active: SpecsPlugin | None = None
        """The `specs` plugin the build runs, once `configure` found it."""
        self.disabled: str | None = None
        """Why the build checks nothing although the site configures the `specs` plugin."""

    def configure(self) -> SpecsPlugin:
        """Run `on_startup` and `on_config`; the `specs` plugin that checks. A site without an
        active one is checked with the plugin's defaults, as before, or with the options of
        one that is configured but disabled: `disabled` then says so."""
        for plugin in self._dry:
            plugin.dry_run, plugin.use_baseline = True, self.use_baseline
        _leave_out_inert_plugins(self.config)
        with self._step("startup"):
            self._started = True
            self.config.plugins.on_startup(command="build", dirty=False)
        with self._step("config"):
            self.config = self.config.plugins.on_config(self.config)
        # Material's `group` plugin loads the plugins it groups in its own `on_config`.
        for plugin in _specs_plugins(self.config):
            if plugin not in self._dry:
                plugin.dry_run = True
                self._dry.append(plugin)
        self.active = next((p for p in self._dry if p.config.enabled), None)
        if self.active is not None:
            return self.active
        if self._dry:
            self.disabled = "the specs plugin is disabled (`enabled: false`)"
            return self._dry[0]
        grouped = _in_disabled_group(self.config)
        if grouped is not None:
            self.disabled = "the specs plugin is in a disabled group (`enabled: true` enables one)"
            return grouped
        default = SpecsPlugin()
        default.load_config({}, self.config.config_file_path)
        return default

    def check(self, plugin: SpecsPlugin, workers: int) -> Catalog:
        """The build's files and, when other plugins change pages, their page Markdown; then
        the catalog the build would report."""
        config = self.config
        with self._step("pre_build"):
            config.plugins.on_pre_build(config=config)
        with self._step("get_files", "MkDocs failed reading the docs folder"):
            files = list_files(config)
            others = others_listen(plugin, config, "files")
            if others:
                # Another plugin may look at them; walking Material's 14,000 icons for no one
                # would cost a cached check of 10,000 pages a fifth of its time.
                files.add_files_from_theme(config.theme.get_env(), config)
        with self._step("files"):
            files = config.plugins.on_files(files, config=config)
            if others:  # `get_files` set them already; only another plugin's files need it
                set_exclusions(files, config)
        self.files = files
        if plugin is not self.active:
            return plugin.check(files, config, workers)
        if plugin.needs_pages:
            self._read_pages(files)
        with self._step("settle", "the specs plugin failed settling the catalog"):
            return plugin.settle(config, files)

    def _read_pages(self, files: Files) -> None:
        """What `_populate_page` does for every page the build renders, short of rendering."""
        config = self.config
        with self._step("get_navigation", "MkDocs failed building the navigation"):
            nav = get_navigation(files, config)
        with self._step("nav"):
            config.plugins.on_nav(nav, config=config, files=files)
        for file in files.documentation_pages(inclusion=InclusionLevel.is_included):
            if file.page is None and file.inclusion.is_not_in_nav():
                Page(None, file, config)
            page = file.page
            assert page is not None
            config._current_page = page
            try:
                with self._step("pre_page", page=file.src_uri):
                    page = config.plugins.on_pre_page(page, config=config, files=files)
                with self._step("page_read_source", f"MkDocs failed reading {file.src_uri}"):
                    page.read_source(config)
                with self._step("page_markdown", page=file.src_uri):
                    page.markdown = config.plugins.on_page_markdown(
                        page.markdown or "", page=page, config=config, files=files
                    )
            finally:
                config._current_page = None

    def close(self) -> list[str]:
        """Run `on_shutdown` (thread pools, temporary folders); a failure there leaves the
        check's result standing and is returned as a warning."""
        warnings = []
        try:
            if self._started:
                with self._step("shutdown"):
                    self.config.plugins.on_shutdown()
        except DryBuildError as error:
            warnings.append(f"{error} (after the check; its result stands)")
        finally:
            # MkDocs keeps plugin instances for the process: a build after this check (a test,
            # an embedding tool) must report as usual.
            for plugin in self._dry:
                plugin.dry_run, plugin.use_baseline = False, True
        return warnings

    @contextmanager
    def _step(
        self, event: str, failure: str | None = None, page: str | None = None
    ) -> Iterator[None]:
        """Name whoever raised: MkDocs' `run_event` leaves the running plugin's name set."""
        plugins = self.config.plugins
        plugins._current_plugin = None
        try:
            yield
        except (Exception, SystemExit) as error:
            raise DryBuildError(self._message(event, failure, page, error)) from None

    def _message(
        self, event: str, failure: str | None, page: str | None, error: BaseException
    ) -> str:
        name = self.config.plugins._current_plugin
        reason = _reason(error, self.logged_errors)
        if name is None:
            return f"{failure or f'MkDocs failed in {event}'}: {reason}"
        plugin = self.config.plugins.get(name)
        if isinstance(plugin, SpecsPlugin) and isinstance(error, PluginError):
            return reason  # the plugin's own configuration errors say what to fix already
        where = f" on {page}" if page else ""
        return f"plugin '{name}' failed in on_{event}{where}: {reason}"


def list_files(config: MkDocsConfig) -> Files:
    """MkDocs' `get_files`, with the work a check does not need left to when it is asked for.

    `get_files` computes every file's destination, to find two files of a folder that would be
    published at one place (`index.md` and `README.md`), and builds each `File` through
    `pathlib`: three fifths of a cached check's listing of 12,000 pages. Here a folder whose
    files cannot share a destination (no two pages with one name, no `.html` file beside a
    page) skips the comparison, and each `File` gets what its constructor would give it, its
    `abs_src_path` included. A folder where they can, another separator than `/`, or a `File`
    that differs from what its constructor makes: MkDocs' own `get_files` lists them all.
    """
    docs_dir, site_dir = config["docs_dir"], config["site_dir"]
    use_directory_urls = config["use_directory_urls"]
    sort_key = getattr(mkdocs_files, "_file_sort_key", None)  # the order `get_files` lists in
    if os.sep != "/" or sort_key is None:
        return get_files(config)
    files = []
    for source_dir, dirnames, filenames in os.walk(docs_dir, followlinks=True):
        relative_dir = os.path.relpath(source_dir, docs_dir)
        dirnames.sort()
        filenames.sort(key=sort_key)
        if _may_share_destination(filenames):
            return get_files(config)
        prefix = "" if relative_dir == "." else relative_dir + "/"
        for filename in filenames:
            file = File.__new__(File)
            file.src_uri = prefix + filename
            file.src_dir = docs_dir
            file.dest_dir = site_dir
            file.use_directory_urls = use_directory_urls
            file.inclusion = InclusionLevel.UNDEFINED
            file.abs_src_path = f"{docs_dir}/{file.src_uri}"
            files.append(file)
    if files and not _built_alike(files[0], config):
        return get_files(config)
    set_exclusions(files, config)
    return Files(files)


def _may_share_destination(filenames: list[str]) -> bool:
    """Whether two files of one folder may be published at one place: two pages of one name
    (`index.md` and `README.md`, `a.md` and `a.markdown`), or a page and an `.html` file."""
    names = set()
    for filename in filenames:
        if is_markdown_file(filename):
            stem = posixpath.splitext(filename)[0]
            name = "index" if stem == "README" else stem
            if name in names:
                return True
            names.add(name)
        elif filename.endswith(".html"):
            return True
    return False


def _built_alike(file: File, config: MkDocsConfig) -> bool:
    """Whether `file` holds what MkDocs' own constructor gives the same file: `list_files`
    builds them without it, and a version of MkDocs that sets more is listed by MkDocs."""
    made = File(file.src_uri, config["docs_dir"], config["site_dir"], config["use_directory_urls"])
    made.abs_src_path  # noqa: B018 - computed into the instance, as `list_files` sets it
    return vars(made) == vars(file)


def _leave_out_inert_plugins(config: MkDocsConfig) -> None:
    """Take the events of plugins that cannot change what is checked (`site.INERT_PLUGINS`)
    out of this configuration's plugin collection: a dry build runs none of them."""
    inert = {id(plugin) for name, plugin in config.plugins.items() if is_inert(name)}
    if not inert:
        return
    for methods in config.plugins.events.values():
        methods[:] = [m for m in methods if id(getattr(m, "__self__", None)) not in inert]


def _specs_plugins(config: MkDocsConfig) -> list[SpecsPlugin]:
    return [p for p in config.plugins.values() if isinstance(p, SpecsPlugin)]


def _in_disabled_group(config: MkDocsConfig) -> SpecsPlugin | None:
    """The `specs` plugin a disabled Material `group` lists, with the options it gives it."""
    option = dict(config._schema)["plugins"]
    assert isinstance(option, Plugins)
    for plugin in config.plugins.values():
        if type(plugin).__module__.startswith("material.plugins.group") and not getattr(
            plugin.config, "enabled", True
        ):
            for name, options in option._parse_configs(plugin.config.get("plugins") or []):
                if name == "specs":
                    specs = SpecsPlugin()
                    errors, _ = specs.load_config(options or {}, config.config_file_path)
                    if errors:
                        key, message = errors[0]
                        raise DryBuildError(f"plugin 'specs' option '{key}': {message}")
                    return specs
    return None


def _reason(error: BaseException, logged: list[str]) -> str:
    if isinstance(error, SystemExit):
        said = "; ".join(logged) or f"exit code {error.code}"
        return f"it stopped the build ({said})"
    text = " ".join(str(error).split())
    if isinstance(error, PluginError) and text:  # written for the user, as MkDocs shows it
        return text
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
