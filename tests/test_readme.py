"""The README's rule table and the documentation's configuration table are checked against the
code they describe."""

from __future__ import annotations

from pathlib import Path

from mkdocs_specs.config import SpecsConfig
from mkdocs_specs.rules import DOCS_URL, RULES

ROOT = Path(__file__).parent.parent


def table_after(path: str, heading: str) -> list[list[str]]:
    """The body rows of the first Markdown table under `heading` in the file at `path`."""
    text = (ROOT / path).read_text("utf-8")
    lines = text.split(f"\n{heading}\n", 1)[1].splitlines()
    first = next(index for index, line in enumerate(lines) if line.startswith("|"))
    rows = []
    for line in lines[first + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def test_rule_table_lists_every_rule_with_its_default_severity_and_page():
    rows = table_after("README.md", "## Rules")
    listed = {row[0]: row[1] for row in rows}
    assert listed == {
        f"[`{rule.id}`]({DOCS_URL}rules/{rule.id}/)": rule.severity.value
        for rule in RULES.values()
    }


def test_configuration_table_lists_every_option():
    rows = table_after("docs/configuration.md", "## Options")
    listed = {name.strip("` ") for row in rows for name in row[0].split("/")}
    assert listed == {name for name, _ in SpecsConfig._schema}
