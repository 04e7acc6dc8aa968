"""The documentation site's rule pages, generated from the registry by `docs_hooks/rule_pages.py`:
a page per rule, an index linking them all, built for real with MkDocs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import build_as_served, run_mkdocs, write_site
from factory import SECTIONS, spec
from portal_html import broken_links, headings, read_page, tables, text

from mkdocs_specs.rule_docs import _fence, rule_page, rule_url, rules_index
from mkdocs_specs.rules import DOCS_URL, EXAMPLE_TEMPLATE, RULES

HOOK = Path(__file__).parent.parent / "docs_hooks" / "rule_pages.py"
DOCS_SITE = {
    "plugins": [],
    "hooks": [str(HOOK)],
    "nav": [{"Home": "index.md"}, {"Rules": "rules/index.md"}],
    "validation": {
        "omitted_files": "warn",
        "absolute_links": "warn",
        "unrecognized_links": "warn",
        "anchors": "warn",
    },
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("docs")
    write_site(root, {"index.md": "# Home\n\nThe [rules](rules/index.md).\n"}, DOCS_SITE)
    result = run_mkdocs(root, "build", "--strict", "-d", str(root / "site"))
    assert result.exit_code == 0, result.log
    return root / "site"


def test_the_hook_builds_a_page_per_rule_under_strict_validation(site):
    built = {path.parent.name for path in (site / "rules").glob("*/index.html")}
    assert built == set(RULES)
    for rule in RULES.values():
        page = site / "rules" / rule.id / "index.html"
        html = page.read_text("utf-8")
        shown = text(html)
        assert rule.id in headings(html, 1)[0]
        assert rule.why.replace("`", "") in shown  # rendered: the code marks are gone
        assert "Example" in headings(html) and "Fixed" in headings(html)
        assert broken_links(site, page) == []


def test_the_index_links_every_rule_in_the_registrys_order(site):
    page = site / "rules" / "index.html"
    html = page.read_text("utf-8")
    [rows] = [rows for rows in tables(html).values() if rows[0][0] == "Rule"]
    assert [(row[0], row[1]) for row in rows[1:]] == [
        (rule.id, rule.severity.value) for rule in RULES.values()
    ]
    linked = [href for href in read_page(html).hrefs if href.rstrip("/") in RULES]
    assert linked == [f"{rule_id}/" for rule_id in RULES]
    assert broken_links(site, page) == []


@pytest.mark.parametrize("rule_id", list(RULES))
def test_a_rule_page_says_what_why_and_shows_both_examples(rule_id):
    rule = RULES[rule_id]
    page = rule_page(rule)
    assert page.startswith(f"# `{rule_id}`\n")
    assert rule.summary[1:] in page and rule.why in page
    for example in (*rule.failing, *rule.fixed):
        assert example.text.rstrip("\n") in page
    assert f"        {rule_id}: " in page  # the `rules:` override to copy
    assert f"Default severity: **{rule.severity.value}**" in page
    reported = page.split("The build reports:", 1)[1].split("## Fixed", 1)[0]
    assert f": {rule_id}: " in reported  # what the build says of the failing example


def test_an_example_with_backticks_keeps_its_fence_closed():
    assert _fence("````\ncode\n````\n", "markdown") == "`````markdown\n````\ncode\n````\n`````"


def test_the_index_shows_the_template_the_examples_are_written_for():
    index = rules_index(RULES.values())
    assert EXAMPLE_TEMPLATE.rstrip("\n") in index
    assert rule_url("stale") == f"{DOCS_URL}rules/stale/"


def test_while_serving_each_finding_links_its_rule_page(tmp_path):
    page = spec("Alpha", sections=SECTIONS[:-1], status="Shiped")
    write_site(tmp_path, {"specs/a.md": page})
    build_as_served(tmp_path)
    html = (tmp_path / "site/specs/a/index.html").read_text("utf-8")
    box = html.split('<div class="admonition danger specs-findings">', 1)[1].split("</ul>")[0]
    link = r'<a href="([^"]*)" target="_blank" rel="noopener"><code>([a-z-]+)</code></a>'
    links = re.findall(link, box)
    assert sorted(links) == [
        (rule_url("invalid-status"), "invalid-status"),
        (rule_url("missing-section"), "missing-section"),
    ]
    assert rule_url("missing-section") == f"{DOCS_URL}rules/missing-section/"
