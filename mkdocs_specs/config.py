"""The plugin's typed configuration: every key has a type and a default, so a mistake is a
MkDocs configuration error that names the key, never a traceback later in the build."""

from __future__ import annotations

import datetime as dt
import difflib
import os
from collections.abc import Iterable
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from .baseline import Baseline
from .catalog import Settings
from .model import Kind, Severity
from .parse import decode_source
from .rules import RULES
from .template import Template, default_template, read_template

FAIL_ON_CHOICES = ("error", "warning", "never")


class TemplatePaths(base.BaseConfigOption[list[str]]):
    """A path, or a list of paths (versions of one template), relative to `mkdocs.yml`."""

    def __init__(self) -> None:
        super().__init__()
        self.default: list[str] = []
        self._config_dir = ""

    def pre_validation(self, config: base.Config, key_name: str) -> None:
        path = config.config_file_path
        self._config_dir = os.path.dirname(path) if path else ""

    def run_validation(self, value: object) -> list[str]:
        if value is None:
            return []
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise base.ValidationError("expected the path of a Markdown file, or a list of paths")
        paths = []
        for item in items:
            path = os.path.normpath(os.path.join(self._config_dir, item))
            if not os.path.isfile(path):
                raise base.ValidationError(f"the template file '{item}' does not exist ({path})")
            try:
                with open(path, "rb"):
                    pass
            except OSError as error:
                raise base.ValidationError(
                    f"the template file '{item}' cannot be read ({error.strerror})"
                ) from None
            paths.append(path)
        return paths


class NullablePath(base.BaseConfigOption[str | None]):
    """A relative path with a default, where an explicit `null` turns the output off."""

    def __init__(self, default: str) -> None:
        super().__init__()
        self.default = default

    def validate(self, value: object) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise base.ValidationError("expected a relative path, or null to turn it off")
        return value


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
                    f"unknown rule id '{rule}'" + _suggestion(str(rule), RULES, "rules")
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


class SpecsConfig(base.Config):
    enabled = c.Type(bool, default=True)
    specs = c.ListOfItems(c.Type(str), default=["specs/**/*.md"])
    prds = c.ListOfItems(c.Type(str), default=["prd/**/*.md", "prds/**/*.md"])
    adrs = c.ListOfItems(c.Type(str), default=["adr/**/*.md", "adrs/**/*.md", "decisions/**/*.md"])
    template = TemplatePaths()
    prd_template = TemplatePaths()
    adr_template = TemplatePaths()
    required_depth = c.Type(int, default=2)
    baseline = c.Optional(c.Type(str))
    index_dir = c.Type(str, default="portal")
    fail_on = c.Choice(FAIL_ON_CHOICES, default="error")
    rules = RuleSeverities()
    export = NullablePath("specs.json")

    def validate(self) -> tuple[list[Any], list[Any]]:
        """MkDocs only warns about an unknown key; for this plugin a misspelt key is an error,
        because the setting the user meant would silently not apply."""
        failed, warnings = super().validate()
        unknown = sorted(str(key) for key in set(self.keys()) - self._schema_keys)
        warnings = [(key, warning) for key, warning in warnings if key not in unknown]
        for key in unknown:
            message = "not an option of this plugin" + _suggestion(
                key, self._schema_keys, "options"
            )
            failed.append((key, base.ValidationError(message)))
        depth = self.get("required_depth")
        if isinstance(depth, int) and not 1 <= depth <= 6:
            failed.append(("required_depth", base.ValidationError("expected a number from 1 to 6")))
        index_dir = self.get("index_dir")
        if isinstance(index_dir, str) and not index_dir.strip("/ "):
            failed.append(("index_dir", base.ValidationError("expected a folder name")))
        return failed, warnings


def _suggestion(name: str, known: Iterable[str], what: str) -> str:
    """`; did you mean 'template'?`, or the list of what exists when nothing is close."""
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    if close:
        return f"; did you mean '{close[0]}'?"
    return f" ({what}: {', '.join(sorted(known))})"


def fail_threshold(fail_on: str) -> Severity | None:
    """`fail_on` as the lowest failing severity; `never` fails on nothing."""
    return None if fail_on == "never" else Severity(fail_on)


def _load_templates(paths: list[str]) -> list[Template]:
    """Read each version once; each is named by its file name, or by enough of its path to
    tell versions apart that share one (`v1/spec.md`, `v2/spec.md`)."""
    names = [os.path.basename(path) for path in paths]
    if len(set(names)) < len(names):
        root = os.path.commonpath(paths) if len(paths) > 1 else os.path.dirname(paths[0])
        names = [os.path.relpath(path, root).replace(os.sep, "/") for path in paths]
    templates = []
    for path, name in zip(paths, names, strict=True):
        with open(path, "rb") as handle:
            text, _ = decode_source(handle.read())
        templates.append(read_template(text, name))
    return templates


def build_settings(
    config: SpecsConfig, today: dt.date | None = None, baseline: Baseline | None = None
) -> Settings:
    """The core's settings from the validated plugin options (templates read once, here)."""
    spec_templates = _load_templates(config.template) or [default_template()]
    return Settings(
        globs={Kind.SPEC: config.specs, Kind.PRD: config.prds, Kind.ADR: config.adrs},
        templates={
            Kind.SPEC: spec_templates,
            Kind.PRD: _load_templates(config.prd_template),
            Kind.ADR: _load_templates(config.adr_template),
        },
        required_depth=config.required_depth,
        overrides=dict(config.rules),
        today=today or dt.date.today(),
        baseline=baseline,
    )
