"""Sites of every generator of the MkDocs family, as the command line reads them.

MkDocs reads `mkdocs.yml`, ProperDocs `properdocs.yml`, Zensical `zensical.toml`, whose
`[project]` table holds the keys of `mkdocs.yml`. Each is loaded into MkDocs' own configuration
and validated by MkDocs, so the checker sees one shape whichever generator builds the site.

Checking renders nothing, so what only rendering needs does not stop it: a theme that is not
installed (`theme: material` in a CI job that installed only mkdocs-specs) is replaced by
MkDocs' built-in one, and Markdown extensions that are not installed are left out.

Generators that load no MkDocs plugin get the portal as Markdown files (`portal_files`); this
module gives them the site's URLs, which only MkDocs' file rules know.
"""

from __future__ import annotations

import functools
import importlib.util
import logging
import os
import tomllib
from collections.abc import Iterable
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_theme_names
from mkdocs.utils.yaml import get_yaml_loader, yaml_load
from yaml.constructor import ConstructorError, FullConstructor

from .catalog import Settings
from .checking import usable_cores
from .config import site_labels
from .discovery import Classifier, glob_matcher
from .plugin import SpecsPlugin, project_dir
from .portal import Portal, stylesheet_file
from .portal_files import FileUrls, is_own, page_files

CONFIG_FILES = ("mkdocs.yml", "mkdocs.yaml", "properdocs.yml", "properdocs.yaml", "zensical.toml")
"""The configuration files looked for in a folder, in this order."""
FALLBACK_THEME = "mkdocs"
"""MkDocs' built-in theme: always installed."""

_ZENSICAL_KEYS = frozenset(
    {
        "site_name",
        "site_url",
        "docs_dir",
        "site_dir",
        "use_directory_urls",
        "nav",
        "exclude_docs",
        "draft_docs",
        "not_in_nav",
        "extra_css",
        "extra",
    }
)
"""The keys of a `zensical.toml` that decide which pages exist, where they are published and
what the portal shows. Zensical runs no MkDocs plugin and renders with its own Markdown
settings, so its other plugins, extensions and hooks have no say in what is checked."""

log = logging.getLogger("mkdocs.config")


def find_config_file(given: str | None) -> str:
    """The configuration file to read: `given`, else the first of `CONFIG_FILES` in the current
    folder or, as git finds its repository, the nearest parent folder that has one.

    The search stops at the top of a git repository (a folder with `.git`): a site's command
    run in one repository must not read the configuration of another that happens to hold it.
    """
    if given is not None:
        if not os.path.isfile(given):
            raise ConfigurationError(f"Config file '{given}' does not exist.")
        return os.path.abspath(given)
    here = folder = os.getcwd()
    while True:
        for name in CONFIG_FILES:
            path = os.path.join(folder, name)
            if os.path.isfile(path):
                return path
        parent = os.path.dirname(folder)
        top = os.path.exists(os.path.join(folder, ".git"))
        if top or parent == folder:
            break
        folder = parent
    names = ", ".join(CONFIG_FILES[:-1]) + f" or {CONFIG_FILES[-1]}"
    where = f"{here} or its parents" if folder != here else here
    if top and folder != here:
        where += f" up to {folder}, the top of its git repository"
    elif top:
        where += ", the top of its git repository"
    raise ConfigurationError(f"no {names} in {where}; name the configuration with -f FILE")


def load_site_config(config_file: str | None, **options: Any) -> MkDocsConfig:
    """The site's configuration validated by MkDocs, as `mkdocs.config.load_config` gives it
    (`options` override the file's), from whichever file the generator reads.

    A mistake is one `ConfigurationError` naming the file; warnings are logged as MkDocs logs
    them.
    """
    path = find_config_file(config_file)
    shown = config_file or os.path.basename(path)
    config = MkDocsConfig(config_file_path=path)
    try:
        if path.lower().endswith(".toml"):
            config.load_dict(_zensical_options(path, shown))
        else:
            with open(path, "rb") as handle:
                config.load_dict(yaml_load(handle, _loader(config)))
            config.load_dict(_without_rendering(config))
        config.load_dict({key: value for key, value in options.items() if value is not None})
    except ValidationError as error:  # `config_file_path:` in the file, which MkDocs refuses
        raise ConfigurationError(f"{shown}: {error}") from None
    errors, warnings = config.validate()
    for name, warning in warnings:
        log.warning(f"Config value '{name}': {warning}")
    if errors:
        problems = "; ".join(f"Config value '{name}': {error}" for name, error in errors)
        raise ConfigurationError(f"{shown}: {problems}")
    if config.strict and warnings:
        raise ConfigurationError(
            f"{shown}: aborted with {len(warnings)} configuration warnings in 'strict' mode"
        )
    return config


def _zensical_options(path: str, shown: str) -> dict[str, Any]:
    """The MkDocs options of a `zensical.toml`: its `[project]` table (the whole file, as for
    Zensical, when it has none), less what only Zensical's rendering reads."""
    try:
        with open(path, "rb") as handle:
            document = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigurationError(f"{shown}: {error}") from None
    project = document.get("project", document)
    if not isinstance(project, dict):
        raise ConfigurationError(f"{shown}: [project] must be a table")
    options = {key: value for key, value in project.items() if key in _ZENSICAL_KEYS}
    options["plugins"] = _specs_only(project.get("plugins"))
    theme = project.get("theme")
    language = theme.get("language") if isinstance(theme, dict) else None
    options["theme"] = {"name": FALLBACK_THEME, **({"language": language} if language else {})}
    return options


def _specs_only(plugins: object) -> list[object]:
    """The `specs` entry of Zensical's plugins, in either form (a table of tables, or a list of
    names and one-key tables): its options are the plugin's, and Zensical ignores them."""
    if isinstance(plugins, dict):
        entries: Iterable[object] = ({name: value} for name, value in plugins.items())
    elif isinstance(plugins, list):
        entries = plugins
    else:
        return []
    return [
        entry
        for entry in entries
        if entry == "specs" or (isinstance(entry, dict) and list(entry) == ["specs"])
    ]


class NotInstalled:
    """What a `!!python/name:` tag of the YAML names when its package is not installed (a
    Material emoji index, a superfences formatter): only rendering would call it."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<{self.name}: not installed>"


def _loader(config: MkDocsConfig) -> type[yaml.BaseLoader]:
    """MkDocs' YAML loader, `!ENV` and `!relative` included, with `NotInstalled` for a
    `!!python/name:` of a package that is not installed."""
    loader = get_yaml_loader(config=config)  # a class of its own at each call: ours to extend

    def python_name(constructor: FullConstructor, suffix: str, node: yaml.Node) -> object:
        try:
            return constructor.construct_python_name(suffix, node)
        except ConstructorError:
            if _is_installed(suffix.partition(".")[0]):
                raise  # a mistake in a package that is there: MkDocs would stop too
            return NotInstalled(suffix)

    loader.add_multi_constructor("tag:yaml.org,2002:python/name:", python_name)
    return loader


def _without_rendering(config: MkDocsConfig) -> dict[str, Any]:
    """The theme, plugins and Markdown extensions to check with: those configured where
    installed; where the theme is not, MkDocs' own theme and none of the theme's plugins."""
    patch: dict[str, Any] = {}
    theme = config.get("theme")
    name = theme.get("name") if isinstance(theme, dict) else theme
    if isinstance(name, str) and name not in get_theme_names():
        patch["theme"] = (
            {**theme, "name": FALLBACK_THEME} if isinstance(theme, dict) else FALLBACK_THEME
        )
        plugins = _without_plugins_of(name, config.get("plugins"))
        if plugins is not None:
            patch["plugins"] = plugins
    extensions = config.get("markdown_extensions")
    if isinstance(extensions, dict):
        installed = {key: value for key, value in extensions.items() if _is_installed(key)}
        if len(installed) < len(extensions):
            patch["markdown_extensions"] = installed
    elif isinstance(extensions, list):
        kept = [item for item in extensions if _is_installed(_extension_name(item))]
        if len(kept) < len(extensions):
            patch["markdown_extensions"] = kept
    return patch


def _without_plugins_of(theme: str, plugins: object) -> object:
    """`plugins` without those the missing `theme` would have provided (`material/tags`, or
    `tags`, which MkDocs looks up as the theme's), or `None` when there are none."""
    installed = {entry.name for entry in entry_points(group="mkdocs.plugins")}

    def provided(name: object) -> bool:
        return isinstance(name, str) and name not in installed and (
            name.startswith(f"{theme}/") or "/" not in name
        )

    if isinstance(plugins, dict):
        by_name = {key: value for key, value in plugins.items() if not provided(key)}
        return by_name if len(by_name) < len(plugins) else None
    if isinstance(plugins, list):
        listed = [item for item in plugins if not provided(_extension_name(item))]
        return listed if len(listed) < len(plugins) else None
    return None


def _extension_name(item: object) -> object:
    """`toc` of `toc` and of `{toc: {permalink: true}}` (a plugin's name likewise)."""
    if isinstance(item, dict) and len(item) == 1:
        return next(iter(item))
    return item


def _is_installed(extension: object) -> bool:
    """Whether Python-Markdown could load `extension`; anything but a name that is not
    installed is left to MkDocs to judge, mistakes included."""
    if not isinstance(extension, str) or extension in _extension_entry_points():
        return True
    try:
        return importlib.util.find_spec(extension.partition(":")[0]) is not None
    except (ImportError, ValueError):
        return False


@functools.cache
def _extension_entry_points() -> frozenset[str]:
    return frozenset(entry.name for entry in entry_points(group="markdown.extensions"))


class OutdirError(Exception):
    """A folder that cannot hold the portal's pages, in one line."""


def portal_folder(outdir: str, config: MkDocsConfig, settings: Settings) -> tuple[Path, str]:
    """OUTDIR resolved, and its path in the site: a folder inside the docs, where the
    generator publishes the pages, and where no glob would take them for documents."""
    docs = Path(config.docs_dir).resolve()
    folder = Path(outdir).resolve()
    if docs not in folder.parents:
        raise OutdirError(
            f"{outdir} is not a folder inside the docs folder {_docs_dir(config)}, "
            "where the generator would publish the pages"
        )
    if folder.exists() and not folder.is_dir():
        raise OutdirError(f"{outdir} is not a folder")
    index_dir = folder.relative_to(docs).as_posix()
    classifier, excluded = Classifier(settings.globs), glob_matcher(settings.exclude)
    for path in (f"{index_dir}/status.md", f"{index_dir}/owners/x.md"):
        kind = classifier.kind_of(path)
        if kind is not None and not excluded(path):
            raise OutdirError(
                f"{outdir} is where the {kind.value} globs find documents: the portal's pages "
                "would be checked as documents; choose another folder"
            )
    return folder, index_dir


def portal_texts(
    config: MkDocsConfig, plugin: SpecsPlugin, files: Files, index_dir: str, *, zensical: bool
) -> tuple[dict[str, str], list[str]]:
    """The portal's files by path in OUTDIR (`portal_files.page_files`), for Zensical or for
    MkDocs without the plugin, and the catalog's warnings.

    The pages an earlier run wrote are not documents of the site: they are left out.
    """
    sources = Files([file for file in files if not _written_by_portal(file, index_dir)])
    catalog = plugin.check(sources, config, workers=usable_cores())
    assert plugin.settings is not None
    labels = site_labels(plugin.config, config.theme)
    portal = Portal(catalog, plugin.settings.templates, index_dir, labels=labels)
    urls = {file.src_uri: file.url for file in sources}
    for path, _ in portal.page_paths():
        urls[path] = File(path, config.docs_dir, config.site_dir, config.use_directory_urls).url
    pages = portal.pages(FileUrls(urls, rewrites_html=zensical))
    stylesheet = Path(stylesheet_file()).read_text("utf-8")
    return page_files(pages, index_dir, stylesheet), catalog.warnings


def _written_by_portal(file: File, index_dir: str) -> bool:
    return (
        file.src_uri.startswith(f"{index_dir}/")
        and file.abs_src_path is not None
        and is_own(file.abs_src_path)
    )


def _docs_dir(config: MkDocsConfig) -> str:
    """The docs folder as the configuration names it."""
    return os.path.relpath(config.docs_dir, project_dir(config)).replace(os.sep, "/")
