"""What is checked is what the reader sees: real builds with the plugins and Markdown extensions
that change a page's text or metadata after the files are known (include-markdown,
`pymdownx.snippets`, macros, Material's `meta`), each installed from the package index."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cli_runner import run_cli
from conftest import Build, build_findings, finding_lines, write_site
from factory import SECTIONS, spec
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from portal_html import broken_links, tables, text

from mkdocs_specs.dry_build import DryBuild

WITHOUT_TESTING = [section for section in SECTIONS if section != "Testing Strategy"]
TESTING = "## Testing Strategy\n\nEvery retry path has a unit test and a replayed incident.\n"


def spec_including(directive: str) -> str:
    """A spec whose "Testing Strategy" section is the line `directive` (where it belongs)."""
    text = spec(sections=WITHOUT_TESTING)
    return text.replace("## Deployment Strategy", f"{directive}\n\n## Deployment Strategy")


def line_of(text: str, needle: str) -> int:
    return text.splitlines().index(needle) + 1


def write_include(root: Path, text: str) -> None:
    (root / "includes").mkdir(parents=True, exist_ok=True)
    (root / "includes" / "testing.md").write_text(text, "utf-8")


INCLUDE_MARKDOWN = '{% include-markdown "../../includes/testing.md" %}'
SNIPPET = '--8<-- "includes/testing.md"'


def include_markdown_site() -> dict:
    return {"plugins": ["search", "include-markdown", "specs"]}


def snippets_site(root: Path) -> dict:
    # Snippets reads from `base_path`, by default the folder `mkdocs` runs in.
    snippets = {"pymdownx.snippets": {"base_path": [str(root)], "check_paths": True}}
    return {"markdown_extensions": [snippets], "plugins": ["search", "specs"]}


@pytest.fixture
def check_agrees(tmp_path, capsys, monkeypatch):
    """`check_agrees(result)`: `mkdocs-specs check` on the site just built reports the build's
    findings, paths, lines and verdict."""

    def run(result: Build) -> None:
        monkeypatch.chdir(tmp_path)
        run = run_cli(capsys, "check")
        assert run.code == result.exit_code, run.err
        assert run.findings() == build_findings(result)

    return run


SITES = {
    "include-markdown": (INCLUDE_MARKDOWN, lambda root: include_markdown_site()),
    "snippets": (SNIPPET, snippets_site),
}


@pytest.mark.parametrize("kind", SITES)
def test_an_included_section_counts_and_its_removal_is_found(
    build, tmp_path, kind, check_agrees
):
    directive, site = SITES[kind]
    write_include(tmp_path, TESTING)
    page = spec_including(directive)
    result = build({"specs/payment-retries.md": page}, site(tmp_path), strict=True)
    assert result.exit_code == 0, result.log
    assert "checked 1 spec, 0 PRDs, 0 ADRs: 0 errors, 0 warnings, 0 info" in result.log
    assert "replayed incident" in result.html("specs/payment-retries/index.html")
    assert result.document("specs/payment-retries.md")["findings"] == []
    check_agrees(result)

    removed = page.replace(f"{directive}\n\n", "")
    result = build({"specs/payment-retries.md": removed}, site(tmp_path), strict=True)
    assert result.exit_code == 1
    line = line_of(removed, "## Implementation Details")
    assert finding_lines(result) == [
        f"docs/specs/payment-retries.md:{line}: missing-section: required section "
        '"Testing Strategy" is missing (hint: add "## Testing Strategy" after the '
        f'"Implementation Details" section (line {line}))'
    ]
    check_agrees(result)


@pytest.mark.parametrize("kind", SITES)
def test_a_problem_inside_the_included_file_names_that_file_and_line(
    build, tmp_path, kind, check_agrees
):
    directive, site = SITES[kind]
    write_include(tmp_path, TESTING + "\nOwner: {Technical Lead Name}\n")
    # The same placeholder below the include, in the author's own text: each names its file.
    page = spec_including(directive) + "\nOwner: {Technical Lead Name}\n"
    result = build({"specs/payment-retries.md": page}, site(tmp_path))
    assert result.exit_code == 1
    own_line = len(page.splitlines())
    assert [line.split(": placeholder: ")[0] for line in finding_lines(result)] == [
        "includes/testing.md:5",
        f"docs/specs/payment-retries.md:{own_line}",
    ]
    findings = result.document("specs/payment-retries.md")["findings"]
    assert [f["rule"] for f in findings] == ["placeholder", "placeholder"]
    assert [(f.get("path"), f["line"]) for f in findings] == [
        ("includes/testing.md", 5),
        (None, own_line),
    ]
    check_agrees(result)


def test_a_problem_below_an_include_names_the_authors_line(build, tmp_path):
    write_include(tmp_path, TESTING + "\nMore lines\n\nthan the directive.\n")
    page = spec_including(INCLUDE_MARKDOWN).replace("## Risk Assessment and Mitigation", "## Risks")
    result = build({"specs/payment-retries.md": page}, include_markdown_site())
    line = line_of(page, "## Deployment Strategy")
    assert finding_lines(result) == [
        f"docs/specs/payment-retries.md:{line}: missing-section: required section "
        '"Risk Assessment and Mitigation" is missing (hint: add "## Risk Assessment and '
        f'Mitigation" after the "Deployment Strategy" section (line {line}))'
    ]


HOOK = """
def on_page_markdown(markdown, page, **kwargs):
    section = "## Testing Strategy\\n\\nAdded by the site's hook.\\n\\n"
    return markdown.replace("## Deployment Strategy", section + "## Deployment Strategy")
"""


def test_a_section_a_hook_adds_counts(build, tmp_path, check_agrees):
    (tmp_path / "hooks").mkdir()
    (tmp_path / "hooks" / "sections.py").write_text(HOOK, "utf-8")
    config = {"hooks": ["hooks/sections.py"], "plugins": ["search", "specs"]}
    result = build({"specs/payment-retries.md": spec(sections=WITHOUT_TESTING)}, config)
    assert result.exit_code == 0, result.log
    assert finding_lines(result) == []
    assert "Added by the site" in result.html("specs/payment-retries/index.html")
    check_agrees(result)


@pytest.mark.parametrize(
    ("front_matter", "message"),
    [("- a\n- b", "must be a mapping"), ("title: [oops", "front matter is not valid YAML")],
)
def test_front_matter_mkdocs_keeps_in_the_markdown_is_checked_once(
    build, tmp_path, front_matter, message
):
    write_include(tmp_path, TESTING)
    page = f"---\n{front_matter}\n---\n" + spec_including(INCLUDE_MARKDOWN)
    result = build({"specs/payment-retries.md": page}, include_markdown_site())
    [finding] = finding_lines(result)
    assert finding.startswith("docs/specs/payment-retries.md:2: front-matter: ")
    assert message in finding


MACROS = {"plugins": ["search", "macros", "specs"], "extra": {"v": "2.1"}}


def test_a_macro_in_a_field_shows_its_value_everywhere(build, check_agrees):
    page = spec(version="{{ v }}", related_prd="N/A")
    result = build({"specs/payment-retries.md": page}, MACROS, strict=True)
    assert result.exit_code == 0, result.log
    assert result.document("specs/payment-retries.md")["version"] == "2.1"
    card = text(result.html("specs/payment-retries/index.html"))
    assert "Version2.1" in card and "{{ v }}" not in card  # the card, then the body
    [rows] = tables(result.html("portal/status/index.html")).values()
    assert rows[1][rows[0].index("Version")] == "2.1"
    assert result.log.count("checked 1 spec,") == 1
    check_agrees(result)


def test_owners_and_links_a_macro_renders_reach_the_portal_and_the_backlinks(build):
    config = {
        "plugins": ["search", "macros", "specs"],
        "extra": {"lead": "Jane Doe", "adr": "ADR-0007"},
    }
    files = {
        "index.md": "# Home\n",
        "specs/payment-retries.md": spec(author="{{ lead }}", related_adr="{{ adr }}"),
        "adr/0007-use-postgres.md": "# Use Postgres\n\n## Status\n\nAccepted\n",
    }
    result = build(files, config, strict=True)
    assert result.exit_code == 0, result.log
    assert result.document("specs/payment-retries.md")["owners"] == ["Jane Doe"]
    assert result.document("adr/0007-use-postgres.md")["referenced_by"] == [
        "specs/payment-retries.md"
    ]
    adr = result.html("adr/0007-use-postgres/index.html")
    assert 'href="../../specs/payment-retries/"' in adr
    assert 'href="#referenced-by"' in adr  # in the table of contents too
    owners = sorted(path.name for path in (result.site / "portal/owners").iterdir())
    assert owners == ["index.html", "jane-doe"]
    assert "Payment Retries" in text(result.html("portal/owners/jane-doe/index.html"))
    for page in (result.site / "portal").rglob("*.html"):
        assert broken_links(result.site, page) == []


def test_findings_of_a_page_macros_changed_are_logged_once(build, check_agrees):
    config = {"plugins": ["search", "macros", "specs"], "extra": {"state": "Aproved"}}
    page = spec(status="{{ state }}")
    result = build({"specs/payment-retries.md": page}, config)
    assert result.exit_code == 1
    assert finding_lines(result) == [
        'docs/specs/payment-retries.md:8: invalid-status: status "Aproved" is not one of '
        'Draft | Review | Approved | Implemented (hint: did you mean "Approved"?)'
    ]
    assert result.log.count("checked 1 spec,") == 1
    check_agrees(result)


META = {"theme": {"name": "material"}, "plugins": ["meta", "specs"]}


def test_material_meta_files_set_kind_and_ignored_rules(build, check_agrees):
    files = {
        "notes/.meta.yml": "specs_kind: spec\n",
        "notes/payment-retries.md": spec(),
        "notes/retries-draft.md": spec(title="Retries Draft", sections=WITHOUT_TESTING),
        "specs/legacy/.meta.yml": "specs_ignore: [placeholder]\n",
        "specs/legacy/old.md": spec(title="Old", project="{Project Name}"),
    }
    result = build(files, META)
    documents = {d["src_path"]: d for d in result.export()["documents"]}
    assert set(documents) == {
        "notes/payment-retries.md",
        "notes/retries-draft.md",
        "specs/legacy/old.md",
    }
    assert documents["specs/legacy/old.md"]["findings"] == []
    assert [f["rule"] for f in documents["notes/retries-draft.md"]["findings"]] == [
        "missing-section"
    ]
    assert [line.split(": missing-section: ")[0] for line in finding_lines(result)] == [
        "docs/notes/retries-draft.md:28"
    ]
    assert "specs-card" in result.html("notes/payment-retries/index.html")
    [rows] = tables(result.html("portal/status/index.html")).values()
    assert sorted(row[0] for row in rows[1:]) == ["Old", "Payment Retries", "Retries Draft"]
    assert result.exit_code == 1
    check_agrees(result)


def test_a_site_without_page_plugins_does_no_page_work(tmp_path):
    write_site(tmp_path, {"specs/payment-retries.md": spec()}, {"plugins": ["search", "specs"]})
    config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    plugin = config.plugins["specs"]
    parsed = plugin.seen_cache.parses  # MkDocs keeps the instance for the whole process
    mkdocs_build(config)
    assert plugin.needs_pages is False
    assert plugin.seen_cache.parses == parsed


def test_check_agrees_with_the_build_where_no_page_phase_is_needed(
    build, tmp_path, capsys, monkeypatch
):
    files = {"specs/payment-retries.md": spec(sections=WITHOUT_TESTING, project="{Project}")}
    result = build(files, {"plugins": ["search", "specs"]})
    monkeypatch.chdir(tmp_path)
    run = run_cli(capsys, "check")
    assert run.code == result.exit_code == 1
    assert run.findings() == build_findings(result) == {
        ("docs/specs/payment-retries.md", 4, "placeholder", "error"),
        ("docs/specs/payment-retries.md", 28, "missing-section", "error"),
    }


def test_the_page_phase_through_the_plugins_interface(tmp_path, caplog):
    """What `mkdocs-specs check` relies on: `dry_run`, `needs_pages` and an idempotent
    `settle` that sees the included section, logs nothing and fails nothing."""
    write_include(tmp_path, TESTING + "\nOwner: {Technical Lead Name}\n")
    page = spec_including(INCLUDE_MARKDOWN)
    write_site(tmp_path, {"specs/payment-retries.md": page}, include_markdown_site())
    config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    dry = DryBuild(config, [])
    try:
        plugin = dry.configure()
        catalog = dry.check(plugin, workers=1)
        assert plugin.needs_pages is True
        found = [(f.path, f.line, f.rule) for doc in catalog.documents for f in doc.findings]
        assert found == [("includes/testing.md", 5, "placeholder")]
        assert plugin.settle(dry.config, dry.files) is catalog
    finally:
        assert dry.close() == []
    assert not re.search(r"placeholder|checked \d", caplog.text)
    assert not (tmp_path / "site").exists()


def test_serve_shows_an_edit_of_an_included_file_and_parses_only_what_changed(tmp_path):
    """Serve keeps one plugin instance: an edit of the included file (not of the page) shows
    at the next rebuild, and a rebuild without edits parses nothing again."""
    page = spec_including(INCLUDE_MARKDOWN)  # the text differs from other tests': it is checked
    configs = []

    def rebuild(included: str) -> str:
        write_include(tmp_path, included)
        write_site(tmp_path, {"specs/payment-retries.md": page}, include_markdown_site())
        config = load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
        if not configs:
            config.plugins.on_startup(command="serve", dirty=False)
        configs.append(config)
        mkdocs_build(config)
        return (tmp_path / "site/specs/payment-retries/index.html").read_text("utf-8")

    try:
        assert "specs-findings" not in rebuild(TESTING)
        plugin = configs[-1].plugins["specs"]
        parsed = plugin.seen_cache.parses
        shown = rebuild(TESTING + "\nOwner: {Technical Lead Name}\n\nWhile serving.\n")
        box = shown.split('<div class="admonition danger specs-findings">', 1)[1]
        assert "error line 5 placeholder" in text(box.split("</ul>", 1)[0])
        assert plugin.seen_cache.parses == parsed + 1
        rebuild(TESTING + "\nOwner: {Technical Lead Name}\n\nWhile serving.\n")
        assert plugin.seen_cache.parses == parsed + 1
    finally:
        if configs:
            configs[-1].plugins.on_startup(command="build", dirty=False)
    assert len({id(config.plugins["specs"]) for config in configs}) == 1
