"""The plugin's typed configuration: every key has a type and a default, so a mistake is a
MkDocs configuration error that names the key, never a traceback later in the build."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.utils import markdown_extensions

from .baseline import (
    BASELINE_MAX_BYTES,
    MIB,
    Baseline,
    FileProblem,
    MissingFile,
    file_problem,
    read_regular_file,
)
from .catalog import Settings
from .colors import is_hex_color
from .draft import built_in_template_path
from .history import HistoryUnavailable, creation_dates, template_history
from .labels import LABEL_KEYS, LabelOverrides, Labels, is_language_tag, labels_for
from .model import Kind, Severity
from .parse import decode_source
from .portal import status_selector
from .rules import DOCS_URL, RULES
from .template import (
    NO_FIELD_NAMES,
    ROLE_KEYS,
    FieldNames,
    Template,
    default_template,
    field_names_problem,
    has_heading,
    read_template,
    section_key,
    with_history,
    with_required_from,
)

FAIL_ON_CHOICES = ("error", "warning", "never")
BUILTIN_TEMPLATE = "builtin"
"""What `template`, `prd_template` and `adr_template` take for the template shipped for the kind
(the one `mkdocs-specs new` writes a document from when none is configured)."""
_BUILT_IN_PATHS = frozenset(built_in_template_path(kind) for kind in Kind)
"""The shipped templates' files: a team cannot edit them, and their history is the package's."""
TEMPLATE_MAX_BYTES = MIB
"""A template is a few kilobytes; a file a thousand times larger is no template."""
MARKDOWN_SUFFIXES = tuple(markdown_extensions)
"""The file names MkDocs builds as pages."""
_DRIVE_RE = re.compile(r"[A-Za-z]:")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")

T = TypeVar("T")
log = get_plugin_logger(__name__)


class _PathOption(base.BaseConfigOption[T]):
    """An option naming a file relative to the folder of `mkdocs.yml`."""

    def __init__(self) -> None:
        super().__init__()
        self._config_dir = ""

    def pre_validation(self, config: base.Config, key_name: str) -> None:
        path = config.config_file_path
        self._config_dir = os.path.dirname(path) if path else ""


class TemplatePaths(_PathOption[list[str]]):
    """A path, or a list of paths (versions of one template), relative to `mkdocs.yml`;
    `builtin` names the template shipped for the kind, so that a team can check its PRDs and
    ADRs against the templates `new` writes them from without copying them out of the package."""

    def __init__(self, kind: Kind) -> None:
        super().__init__()
        self.default: list[str] = []
        self._kind = kind

    def run_validation(self, value: object) -> list[str]:
        if value is None:
            return []
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
            raise base.ValidationError(
                "expected the path of a Markdown file (relative to mkdocs.yml), a list of paths, "
                f"or {BUILTIN_TEMPLATE} for the {self._kind.value} template shipped with "
                "mkdocs-specs"
            )
        paths = []
        for item in items:
            if item.strip() == BUILTIN_TEMPLATE:
                paths.append(built_in_template_path(self._kind))
                continue
            path = os.path.normpath(os.path.join(self._config_dir, item))
            try:
                read_template_file(path)
            except FileProblem as problem:
                where = ""
                if isinstance(problem, MissingFile):
                    where = (
                        f" ({path}); name a Markdown file relative to mkdocs.yml, or "
                        f"{BUILTIN_TEMPLATE} for the {self._kind.value} template shipped with "
                        "mkdocs-specs"
                    )
                raise base.ValidationError(f"the template file {item!r} {problem}{where}") from None
            paths.append(path)
        return paths


class BaselinePath(_PathOption[str | None]):
    """The `baseline` file, relative to `mkdocs.yml`. It may not exist yet (`check
    --write-baseline` is about to record it), but what is there must be a file to read."""

    def run_validation(self, value: object) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise base.ValidationError(
                "expected the path of the file `mkdocs-specs check --write-baseline` writes"
            )
        if _CONTROL_RE.search(value):
            raise base.ValidationError(f"{value!r} has a control character")
        if value.lower().endswith(MARKDOWN_SUFFIXES):
            raise base.ValidationError(
                f"{value!r} is a Markdown file, not the JSON file "
                "`mkdocs-specs check --write-baseline` writes"
            )
        try:
            problem = file_problem(
                os.stat(os.path.join(self._config_dir, value)), BASELINE_MAX_BYTES
            )
        except OSError:  # missing (not recorded yet) or unreadable: loading it says which
            return value
        if problem:
            raise base.ValidationError(f"the baseline file {value!r} {problem}")
        return value


def _site_path(value: str) -> str:
    """`value` as a normalised `/`-separated path inside `site_dir` (`""` for the folder itself).

    The plugin writes there, so a path that leaves the folder (`..`, absolute) would write
    anywhere; a backslash, a folder separator only on Windows, would name a different place on
    each system.
    """
    if _CONTROL_RE.search(value):
        raise base.ValidationError(f"{value!r} has a control character")
    if "\\" in value:
        raise base.ValidationError(f"{value!r}: separate folders with '/', not '\\'")
    if value.startswith("/") or _DRIVE_RE.match(value):
        raise base.ValidationError(f"{value!r} is absolute; expected a path inside the site folder")
    parts = [part for part in value.split("/") if part not in ("", ".")]
    if ".." in parts:
        raise base.ValidationError(f"{value!r} leaves the site folder; '..' is not allowed")
    return "/".join(parts)


class SiteFolder(base.BaseConfigOption[str]):
    """A folder of the site that the plugin puts pages in (`index_dir`), normalised."""

    def __init__(self, default: str) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> str:
        folder = _site_path(value) if isinstance(value, str) else ""
        if not folder.strip():
            raise base.ValidationError("expected a folder name, like 'portal'")
        return folder


class ExportPath(base.BaseConfigOption[str | None]):
    """The export's file inside `site_dir`, normalised; an explicit `null` turns it off."""

    def __init__(self, default: str) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise base.ValidationError(
                "expected a file path inside the site folder, like 'specs.json', "
                "or null to turn it off"
            )
        path = _site_path(value)
        if value.rsplit("/", 1)[-1] in ("", "."):
            raise base.ValidationError(f"{value!r} is a folder; expected a file, like 'specs.json'")
        if path.lower().endswith(MARKDOWN_SUFFIXES):
            raise base.ValidationError(
                f"{value!r} is a Markdown file, which MkDocs would take for a page; "
                "the export is JSON, like 'specs.json'"
            )
        return path


class RuleSeverities(base.BaseConfigOption[dict[str, Severity]]):
    """`{placeholder: warning, stale: off}`: known rule ids mapped to known severities."""

    def __init__(self) -> None:
        super().__init__()
        self.default: dict[str, Severity] = {}

    def run_validation(self, value: object) -> dict[str, Severity]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise base.ValidationError("expected a mapping of rule ids to severities")
        result = {}
        for rule, severity in value.items():
            if rule not in RULES:
                raise base.ValidationError(
                    f"unknown rule id '{rule}'" + did_you_mean(str(rule), RULES, "rules")
                )
            if severity is False:  # YAML 1.1 reads a bare `off` as false
                severity = "off"
            try:
                result[rule] = Severity(str(severity).lower())
            except ValueError:
                raise base.ValidationError(
                    f"rule '{rule}': unknown severity '{severity}' "
                    "(use error, warning, info or off)"
                ) from None
        return result


class FileNames(c.ListOfItems[str]):
    """`metadata_files`: names of files beside a page (`kep.yaml`), never paths elsewhere."""

    def __init__(self) -> None:
        super().__init__(c.Type(str), default=[])

    def run_validation(self, value: object) -> list[str]:
        names = super().run_validation(value)
        for name in names:
            if _CONTROL_RE.search(name):
                raise base.ValidationError(f"{name!r} has a control character")
            if not name.strip() or "/" in name or "\\" in name or name in (".", ".."):
                raise base.ValidationError(
                    f"{name!r} is not a file name; expected the name of a file beside the page, "
                    "like 'kep.yaml'"
                )
            if name.lower().endswith(MARKDOWN_SUFFIXES):
                raise base.ValidationError(
                    f"{name!r} is a Markdown file, which MkDocs builds as a page; "
                    "expected a YAML file, like 'metadata.yaml'"
                )
        return names


class LanguageTag(base.BaseConfigOption[str | None]):
    """`language`: the language of the portal's labels, as themes name one (`fr`, `pt-BR`)."""

    def run_validation(self, value: object) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str) or not is_language_tag(value.strip()):
            raise base.ValidationError(
                f"expected a language code, like 'fr' or 'pt-BR', not {value!r}"
            )
        return value.strip()


class LabelTexts(base.BaseConfigOption[LabelOverrides]):
    """`labels`: `{status_index: Statusübersicht}` replaces a label in every language,
    `{de: {status_index: Statusübersicht}}` in one language only."""

    def __init__(self) -> None:
        super().__init__()
        self.default: LabelOverrides = {}

    def run_validation(self, value: object) -> LabelOverrides:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise base.ValidationError(
                "expected a mapping of labels to texts, like {dashboard: Overview}"
            )
        result: dict[str, str | Mapping[str, str]] = {}
        for key, text in value.items():
            if isinstance(text, dict) and isinstance(key, str) and is_language_tag(key):
                result[key] = {name: _label_text(name, own, key) for name, own in text.items()}
            else:
                result[str(key)] = _label_text(key, text)
        return result


def _label_text(key: object, text: object, language: str | None = None) -> str:
    """The team's text of a label, checked: a known key, and text to show."""
    where = f"'{language}': " if language else ""
    if key not in LABEL_KEYS:
        close = difflib.get_close_matches(str(key), sorted(LABEL_KEYS), n=1, cutoff=0.6)
        suggestion = (
            f"; did you mean '{close[0]}'?"
            if close
            else f" (the labels are listed at {DOCS_URL}languages/#labels-in-the-sites-language)"
        )
        raise base.ValidationError(f"{where}unknown label '{key}'{suggestion}")
    if not isinstance(text, str) or not text:
        raise base.ValidationError(f"{where}label '{key}': expected its text, not {text!r}")
    return text


class FieldNamesOption(base.BaseConfigOption[dict[str, list[str]]]):
    """`fields`: `{owners: [Autor, Autoren], date: Datum, Rust Issue: [Tracking Issue]}`, the
    names a team gives a role or a template's field. That each field named exists is checked
    with the templates (`SpecsConfig.validate`)."""

    def __init__(self) -> None:
        super().__init__()
        self.default: dict[str, list[str]] = {}

    def run_validation(self, value: object) -> dict[str, list[str]]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise base.ValidationError(
                f"expected a mapping of roles ({', '.join(ROLE_KEYS)}) or field names to the "
                "names your templates give them, like {date: [Datum]}"
            )
        result = {}
        for target, names in value.items():
            listed = [names] if isinstance(names, str) else names
            if (
                not isinstance(target, str)
                or not isinstance(listed, list)
                or not listed
                or not all(isinstance(name, str) and name.strip() for name in listed)
            ):
                raise base.ValidationError(
                    f"{target}: expected a field name, or a list of them, like [Autor, Autoren]"
                )
            result[target] = [name.strip() for name in listed]
        return result


class StatusColors(base.BaseConfigOption[dict[str, str]]):
    """`status_colors`: `{In Progress: "#1e88e5"}`, a status's colour as a CSS hex colour (the
    one the plugin can check badge text against), by the status as documents write it."""

    def __init__(self) -> None:
        super().__init__()
        self.default: dict[str, str] = {}

    def run_validation(self, value: object) -> dict[str, str]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise base.ValidationError(
                "expected a mapping of statuses to colours, like {In Progress: '#1e88e5'}"
            )
        selectors: dict[str, str] = {}
        for status, color in value.items():
            if not isinstance(color, str) or not is_hex_color(color.strip()):
                raise base.ValidationError(
                    f"{status}: expected a hex colour in quotes, like '#1e88e5', not {color!r}"
                )
            try:
                selector = status_selector(str(status))
            except ValueError as error:
                raise base.ValidationError(str(error)) from None
            if selector in selectors:
                raise base.ValidationError(f"{status}: given a colour twice")
            selectors[selector] = color.strip()
        return {str(status): str(color).strip() for status, color in value.items()}


class SpecsConfig(base.Config):
    enabled = c.Type(bool, default=True)
    specs = c.ListOfItems(c.Type(str), default=["specs/**/*.md"])
    prds = c.ListOfItems(c.Type(str), default=["prd/**/*.md", "prds/**/*.md"])
    adrs = c.ListOfItems(c.Type(str), default=["adr/**/*.md", "adrs/**/*.md", "decisions/**/*.md"])
    template = TemplatePaths(Kind.SPEC)
    prd_template = TemplatePaths(Kind.PRD)
    adr_template = TemplatePaths(Kind.ADR)
    exclude = c.ListOfItems(c.Type(str), default=[])
    metadata_files = FileNames()
    required_depth = c.Type(int, default=2)
    baseline = BaselinePath()
    index_dir = SiteFolder("portal")
    fail_on = c.Choice(FAIL_ON_CHOICES, default="error")
    rules = RuleSeverities()
    export = ExportPath("specs.json")
    required_from = c.DictOfItems(c.Type(str), default={})
    """`{"Graduation Criteria": implementable}`: sections a document needs only from a status on."""
    template_history = c.Type(bool, default=False)
    fields = FieldNamesOption()
    """The names a team gives fields, by role or by a template's field name."""
    language = LanguageTag()
    """The language of the portal's labels; by default the theme's (`theme.language`)."""
    labels = LabelTexts()
    status_colors = StatusColors()
    """Colours of statuses; badge text is kept readable (WCAG AA) in light and dark palettes."""
    card_replaces_fields = c.Type(bool, default=False)
    """Whether the card takes the place of the section the fields are written in (`## Document
    Information`) on the published page, where both would show the same values (a field the card
    does not show, one of a team's own, is then only in the Markdown)."""

    def validate(self) -> tuple[list[Any], list[Any]]:
        """MkDocs only warns about an unknown key; for this plugin a misspelt key is an error,
        because the setting the user meant would silently not apply."""
        failed, warnings = super().validate()
        unknown = sorted(str(key) for key in set(self.keys()) - self._schema_keys)
        warnings = [(key, warning) for key, warning in warnings if key not in unknown]
        for key in unknown:
            message = "not an option of this plugin" + did_you_mean(
                key, self._schema_keys, "options"
            )
            failed.append((key, base.ValidationError(message)))
        depth = self.get("required_depth")
        if isinstance(depth, int) and not 1 <= depth <= 6:
            failed.append(("required_depth", base.ValidationError("expected a number from 1 to 6")))
        failed_keys = {key for key, _ in failed}
        if self.get("required_from") and not failed_keys & _TEMPLATE_OPTIONS:
            problem = _required_from_problem(self)
            if problem:
                failed.append(("required_from", base.ValidationError(problem)))
        if self.get("fields") and not failed_keys & (_TEMPLATE_OPTIONS | {"fields"}):
            try:
                problem = field_names_problem(self.fields, _all_templates(self))
            except PluginError:
                problem = None  # the template option has already said what is wrong with it
            if problem:
                failed.append(("fields", base.ValidationError(problem)))
        return failed, warnings


_TEMPLATE_OPTIONS = frozenset({"template", "prd_template", "adr_template", "required_from"})


def _all_templates(config: SpecsConfig) -> list[Template]:
    """Every template the configuration names, and the built-in one when it names no spec
    template."""
    templates = [
        template
        for paths in (config.template, config.prd_template, config.adr_template)
        for template in _load_templates(paths or [])
    ]
    return templates if config.template else [default_template(), *templates]


def _required_from_problem(config: SpecsConfig) -> str | None:
    """Why the `required_from` option cannot apply: a heading no template has, or a status that
    is not one of the template's."""
    try:
        templates = _all_templates(config)
    except PluginError:
        return None  # the template option has already said what is wrong with the file
    used: set[str] = set()
    for template in templates:
        try:
            used |= with_required_from(template, config.required_from)[1]
        except ValueError as error:
            return str(error)
    unknown = [heading for heading in config.required_from if heading not in used]
    if unknown:
        return f'no template has a section "{unknown[0]}"'
    return None


def did_you_mean(name: str, known: Iterable[str], what: str) -> str:
    """`; did you mean 'template'?`, or the list of what exists when nothing is close."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    if close:
        return f"; did you mean '{close[0]}'?"
    return f" ({what}: {', '.join(sorted(known))})"


def site_labels(
    config: SpecsConfig, theme: Mapping[str, object], build_language: str | None = None
) -> Labels:
    """The portal's labels: in the `language` option's language, else the language of the build
    (`build_language`, one of a multilingual site's), else the theme's (Material's
    `theme.language`, or `theme.locale` of the `mkdocs` and other themes), with the team's
    `labels`.

    A multilingual site's theme may stay in its default language for every build; its German
    portal is German all the same. The option, set on purpose, puts every portal in its
    language."""
    tag = config.language or build_language or theme.get("language") or theme.get("locale")
    return labels_for(str(tag) if tag else None, config.labels)


def fail_threshold(fail_on: str) -> Severity | None:
    """`fail_on` as the lowest failing severity; `never` fails on nothing."""
    return None if fail_on == "never" else Severity(fail_on)


def read_template_file(path: str) -> str:
    """A template's text: a regular file of bounded size, with a heading to check against
    (`/etc/passwd` named as the template would otherwise be read as one, line by line)."""
    text, _ = decode_source(read_regular_file(path, TEMPLATE_MAX_BYTES))
    if not has_heading(text):
        raise FileProblem("does not look like a Markdown template (no heading)")
    return text


def _load_templates(
    paths: list[str], fields: FieldNames = NO_FIELD_NAMES, config_dir: str = ""
) -> list[Template]:
    """Read each version once, its fields named by `fields` too; each is named by its file
    name, or by enough of its path to tell versions apart that share one (`v1/spec.md`,
    `v2/spec.md`), and knows its file relative to `config_dir` unless it is a built-in one."""
    names = [os.path.basename(path) for path in paths]
    if len(set(names)) < len(names):
        root = os.path.commonpath(paths) if len(paths) > 1 else os.path.dirname(paths[0])
        names = [os.path.relpath(path, root).replace(os.sep, "/") for path in paths]
    templates = []
    for path, name in zip(paths, names, strict=True):
        try:
            text = read_template_file(path)
        except FileProblem as problem:  # changed since the configuration was validated
            raise PluginError(f"the template file '{path}' {problem}") from None
        template = read_template(text, name, fields)
        if path not in _BUILT_IN_PATHS:
            source = os.path.relpath(path, config_dir or os.curdir).replace(os.sep, "/")
            template = replace(template, source=source)
        templates.append(template)
    return templates


def build_settings(
    config: SpecsConfig,
    today: dt.date | None = None,
    baseline: Baseline | None = None,
    docs_dir: str | None = None,
) -> Settings:
    """The core's settings from the validated plugin options (templates read once, here).
    `docs_dir` is where `template_history` asks git when each page was first committed."""
    history = _History(docs_dir) if config.template_history else None
    names = FieldNames.of(config.fields)
    templates: dict[Kind, Sequence[Template]] = {}
    for kind, paths in (
        (Kind.SPEC, config.template),
        (Kind.PRD, config.prd_template),
        (Kind.ADR, config.adr_template),
    ):
        found = _load_templates(paths, names, os.path.dirname(config.config_file_path or ""))
        if history is not None:
            found = [history.of_template(t, path) for t, path in zip(found, paths, strict=True)]
        if kind is Kind.SPEC and not found:
            found = [default_template(names)]
        if config.required_from:
            found = [with_required_from(t, config.required_from)[0] for t in found]
        templates[kind] = found
    dated = any(s.since for found in templates.values() for t in found for s in t.sections)
    template_paths = [*config.template, *config.prd_template, *config.adr_template]
    return Settings(
        globs={Kind.SPEC: config.specs, Kind.PRD: config.prds, Kind.ADR: config.adrs},
        templates=templates,
        required_depth=config.required_depth,
        overrides=dict(config.rules),
        today=today or dt.date.today(),
        baseline=baseline,
        created=history.created() if history is not None and dated else {},
        exclude=config.exclude,
        template_files=frozenset(
            form
            for path in template_paths
            for form in (os.path.abspath(path), os.path.realpath(path))
        ),
        metadata_files=config.metadata_files,
        field_names=names,
        configured_globs=[
            (option, pattern)
            for option in _GLOB_OPTIONS
            if config[option] != _DEFAULTS[option].default
            for pattern in config[option]
        ],
    )


_GLOB_OPTIONS = ("specs", "prds", "adrs", "exclude")
_DEFAULTS = dict(SpecsConfig._schema)
"""A glob that is still the default (`prds/**/*.md` on a site without PRDs) is not warned
about when it matches nothing; one the user wrote is, since it is most likely a typo."""


class _History:
    """`template_history`: git's dates for the templates and the pages, or, when git cannot tell
    them, one line of information and every section required as without the option."""

    def __init__(self, docs_dir: str | None) -> None:
        self._docs_dir = docs_dir
        self._told = False

    def of_template(self, template: Template, path: str) -> Template:
        if path in _BUILT_IN_PATHS:  # its history is the package's, not the team's
            return template
        try:
            return with_history(template, template_history(path, section_key).added)
        except HistoryUnavailable as reason:
            self._tell(reason)
            return template

    def created(self) -> dict[str, dt.date]:
        """When each page was first committed, by its path in `docs_dir` (as pages are named)."""
        if self._docs_dir is None:
            return {}
        try:
            return creation_dates(self._docs_dir, MARKDOWN_SUFFIXES)
        except HistoryUnavailable as reason:
            self._tell(reason)
            return {}

    def _tell(self, reason: HistoryUnavailable) -> None:
        if not self._told:
            log.info(f"template_history: {reason}; every section is checked as without history")
            self._told = True
