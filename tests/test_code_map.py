"""The map of the code stays a map: the package docstring names every module, and every MkDocs
event of the plugin says what it does and why its priority is what it is."""

from __future__ import annotations

import inspect
from pathlib import Path

import mkdocs_specs
from mkdocs_specs.plugin import SpecsPlugin


def test_the_package_docstring_names_every_module():
    package = Path(mkdocs_specs.__file__).parent
    modules = {p.name for p in package.glob("*.py")} - {"__init__.py", "__main__.py"}
    assert mkdocs_specs.__doc__ is not None
    unnamed = sorted(m for m in modules if f"`{m}`" not in mkdocs_specs.__doc__)
    assert unnamed == []


def test_every_event_of_the_plugin_says_why_its_priority_is_what_it_is():
    events = {
        name: inspect.getdoc(method) or ""
        for name, method in vars(SpecsPlugin).items()
        if name.startswith("on_") and callable(method)
    }
    assert {"on_config", "on_files", "on_env", "on_post_build"} <= set(events)
    undocumented = sorted(name for name, doc in events.items() if "priority" not in doc.lower())
    assert undocumented == []
