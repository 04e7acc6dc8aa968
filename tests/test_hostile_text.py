"""What a document holds cannot take over the machine that reads it: YAML aliases cannot expand
without bound, and no value or file name can start a line of its own in a log, a terminal or a
CI workflow."""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path
from xml.etree import ElementTree

import pytest
from cli_runner import run_cli
from conftest import run_guarded, run_mkdocs, write_site
from factory import spec

from mkdocs_specs.catalog import Settings, Source
from mkdocs_specs.checking import check_sources
from mkdocs_specs.model import Kind
from mkdocs_specs.parse import parse_document
from mkdocs_specs.template import default_template

SETTINGS = Settings(
    globs={Kind.SPEC: ["specs/*.md"]}, templates={Kind.SPEC: [default_template()]}, today=None
)


def check(pages: dict[str, str]) -> dict[str, list[tuple[str, int]]]:
    """(rule, line) of each page's findings, by path."""
    sources = [Source(path, path, lambda text=text: text) for path, text in pages.items()]
    catalog = check_sources(sources, SETTINGS)
    return {doc.src_path: [(f.rule, f.line) for f in doc.findings] for doc in catalog.documents}


def alias_bomb(levels: int, keys: tuple[str, ...]) -> str:
    """`a` holds ten strings, `b` ten times `a`, … : 10**levels strings in a few lines."""
    lines = ["a: &a [" + ", ".join(['"lol"'] * 10) + "]"]
    for level in range(1, levels):
        name, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
    last = chr(ord("a") + levels - 1)
    return "\n".join(lines + [f"{key}: *{last}" for key in keys])


def merge_bomb(levels: int) -> str:
    """The same with merge keys: `b` merges `a` ten times, `c` merges `b` ten times, …"""
    lines = ["a: &a {x: 1, y: 2}"]
    for level in range(1, levels):
        name, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        lines.append(f"{name}: &{name} {{<<: [" + ", ".join([f"*{previous}"] * 10) + "]}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# YAML aliases


def test_nested_aliases_are_bounded_and_ordinary_aliases_still_work():
    bomb = alias_bomb(5, ("specs_kind", "specs_ignore", "owners"))
    ordinary = """\
defaults: &defaults {project: Payments, version: 1.2.0}
team: &team [Jane Doe]
kind: &kind spec
accepted: &accepted [metadata-conflict]
<<: *defaults
owners: *team
specs_kind: *kind
specs_ignore: *accepted
status: Draft
"""
    pages = {
        "specs/bomb.md": spec(front_matter=bomb),
        "notes/ordinary.md": spec(front_matter=ordinary),  # a spec by its `specs_kind` alone
    }
    findings = check(pages)
    # `d` is the first entry that expands past the bound: 10**4 strings.
    assert findings["specs/bomb.md"] == [("front-matter", 5)]
    # Front matter `status: Draft` disagrees with the body's Approved: accepted by the alias.
    assert findings["notes/ordinary.md"] == []
    doc = parse_document("notes/ordinary.md", pages["notes/ordinary.md"], Kind.SPEC)
    assert doc.front_matter["project"] == "Payments"
    assert doc.front_matter["owners"] == ["Jane Doe"]
    assert doc.front_matter_fields["status"].value == "Draft"


def test_the_finding_says_what_happened():
    doc = parse_document("specs/a.md", spec(front_matter=alias_bomb(5, ("x",))), Kind.SPEC)
    ((line, rule, message),) = doc.parse_problems
    assert (line, rule) == (5, "front-matter")
    assert "YAML aliases" in message
    assert message.endswith("it was ignored")
    assert doc.front_matter == {}
    assert doc.front_matter_fields == {}


@pytest.mark.parametrize(
    ("front_matter", "line"),
    [
        ("title: T\nloop: &loop [*loop]", 3),
        ("title: T\ndeep: " + "[" * 40 + "]" * 40, 3),
        # Merge keys copy in PyYAML's constructor itself: the bound holds before it runs.
        (merge_bomb(6), 5),
    ],
    ids=["recursive-alias", "deep-nesting", "merge-keys"],
)
def test_recursive_deep_and_merged_values_are_bounded(front_matter, line):
    assert check({"specs/a.md": spec(front_matter=front_matter)}) == {
        "specs/a.md": [("front-matter", line)]
    }


@pytest.mark.skipif(sys.platform == "win32", reason="address-space limit is POSIX")
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_billion_laughs_page_is_one_finding_in_check_and_build(tmp_path, command):
    """The 565 bytes of the report: eight levels, 10**8 strings behind `specs_kind` and
    `specs_ignore`."""
    write_site(tmp_path, {"specs/a.md": spec(front_matter=alias_bomb(8, ("specs_kind",)))})
    page = (tmp_path / "docs/specs/a.md").read_text("utf-8")
    (tmp_path / "docs/specs/a.md").write_text(
        page.replace("specs_kind: *h", "specs_kind: *h\nspecs_ignore: *h"), "utf-8"
    )
    args = (
        ["-m", "mkdocs_specs", "check", "--no-cache"]
        if command == "check"
        else ["-m", "mkdocs", "build", "-d", str(tmp_path / "site")]
    )
    start = time.monotonic()
    result = run_guarded(tmp_path, *args)
    assert time.monotonic() - start < 30
    assert result.returncode == 1, result.stderr[-2000:]
    assert "docs/specs/a.md:5: front-matter: front matter would be longer than" in (
        result.stdout + result.stderr
    )
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="address-space limit is POSIX")
@pytest.mark.parametrize("theme", ["mkdocs", "material"])
def test_a_title_the_checker_refused_is_not_spelt_out_by_the_theme(tmp_path, theme):
    """MkDocs reads front matter itself: with the refused block left in `page.meta`, the theme
    printed a title of 10**8 strings and the build never ended."""
    bomb = alias_bomb(8, ("title", "description", "subtitle"))
    write_site(tmp_path, {"specs/a.md": spec(front_matter=bomb)}, {"theme": theme})
    result = run_guarded(tmp_path, "-m", "mkdocs", "build", "-d", str(tmp_path / "site"))
    assert result.returncode == 1, result.stderr[-2000:]
    assert "docs/specs/a.md:5: front-matter: front matter would be longer than" in result.stderr
    assert "Traceback" not in result.stderr
    assert "<title>Technical Specification: Payment Retries" in (
        tmp_path / "site/specs/a/index.html"
    ).read_text("utf-8")


def test_a_long_front_matter_line_without_a_colon_takes_linear_time():
    page = "---\ntitle: T\na" + " " * 60_000 + "b\n---\n" + spec()
    start = time.process_time()
    doc = parse_document("specs/a.md", page, Kind.SPEC)
    assert time.process_time() - start < 2
    assert [rule for _, rule, _ in doc.parse_problems] == ["front-matter"]


def test_a_field_listing_a_megabyte_of_items_takes_linear_time():
    """Each indented item used to copy every item before it: 1 MB of them took seconds."""

    def parse_seconds(items: int) -> float:
        page = spec() + "\n**Reviewers:**\n" + "  - ab\n" * items
        start = time.process_time()
        doc = parse_document("specs/a.md", page, Kind.SPEC)
        seconds = time.process_time() - start
        reviewers = next(b["reviewers"] for b in doc.field_blocks.values() if "reviewers" in b)
        assert reviewers.value.startswith("ab, ab") and len(reviewers.value) < 10_100
        return seconds

    small = min(parse_seconds(75_000) for _ in range(3))
    large = min(parse_seconds(150_000) for _ in range(3))
    assert large < 3 * small


# ---------------------------------------------------------------------------------------------
# Log and terminal injection

INJECTIONS = {
    "workflow command": "\n::error file=evil.md,line=1::INJECTED",
    "window title": "\x1b]0;pwned\x07",
    "clear screen": "\x1b[2J",
    "hyperlink": "\x1b]8;;http://x\x1b\\",
    "carriage return": "\r::warning::CR",
    "line separator": "\u2028::notice::LS",
    "next line": "\x85::notice::NEL",
    "right-to-left override": "\u202egnp.exe",
}
"""Written into front matter with YAML's escapes, so every value keeps every character."""

_YAML_ESCAPES = {"\n": "\\n", "\r": "\\r", "\x1b": "\\e", "\x07": "\\a", "\\": "\\\\"}


def yaml_string(text: str) -> str:
    escaped = "".join(
        _YAML_ESCAPES.get(char, f"\\u{ord(char):04x}" if ord(char) > 0x7E else char)
        for char in text
    )
    return f'"{escaped}"'


HOSTILE = "".join(INJECTIONS.values())
FRONT_MATTER = "\n".join(
    f"{key}: {yaml_string(value + HOSTILE)}"
    for key, value in {
        "status": "Review",
        "owner": "Jane Doe",
        "project": "Payments",
        "version": "1.2.0",
        "title": "Payment Retries",
    }.items()
)
# A body line holds all but line breaks: the status of the Document Information block.
BODY_STATUS = "Nope" + HOSTILE.replace("\n", "").replace("\r", "")
EVIL_NAME = "evil\n::error file=x,line=1::NAME\x1b[2J\x1b]0;t\x07.md"
EVIL_FOLDER = "notes\n::error::FOLDER\x1b]0;t\x07"
# Controls, C1 controls, DEL, line and paragraph separators, bidirectional controls.
_RAW_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def hostile_site(tmp_path: Path) -> Path:
    files = {
        "specs/hostile.md": spec(front_matter=FRONT_MATTER, status=BODY_STATUS),
        "specs/plain.md": spec(status="Nope"),
    }
    root = write_site(tmp_path, files, {"plugins": [{"specs": {"fail_on": "never"}}]})
    try:
        (root / "docs/specs" / EVIL_NAME).write_text(spec(status="Nope"), "utf-8")
    except OSError:
        pytest.skip("the file system refuses a newline or an escape in a file name")
    return root


def assert_inert(output: str) -> None:
    """Nothing raw that a terminal or a workflow runner acts on; a line break only as the end
    of a line of the output's own."""
    found = _RAW_RE.search(output.replace("\n", ""))
    assert found is None, repr(found)


def _findings_count(capsys) -> int:
    run = run_cli(capsys, "check", "--format", "json", "--no-cache")
    return sum(len(doc["findings"]) for doc in json.loads(run.out))


def test_build_log_shows_hostile_values_and_file_names_escaped(hostile_site, capsys, monkeypatch):
    result = run_mkdocs(hostile_site, "build", "-d", str(hostile_site / "site"))
    assert result.exit_code == 0, result.output
    # One record a line: a record that broke its line would leave a line without a level.
    lines = result.log.split("\n")
    assert all(re.match("(DEBUG|INFO|WARNING|ERROR): ", line) for line in lines), lines
    ours = [line for line in lines if "mkdocs_specs: " in line]
    assert all(re.match(r"\w+: mkdocs_specs: (docs/specs/|checked )", line) for line in ours)
    monkeypatch.chdir(hostile_site)
    assert len(ours) == _findings_count(capsys) + 1  # and the summary
    for text in (result.log, result.output):
        assert_inert(text)
        assert not [line for line in text.split("\n") if line.lstrip().startswith("::")]
    assert r"docs/specs/evil\n::error file=x,line=1::NAME\x1b[2J\x1b]0;t\x07.md:" in result.log
    assert r'here but "Review\n::error file=evil.md,line=1::INJECTED\x1b]0;pwned\x07' in (
        result.log
    )


def test_failure_message_of_the_build_is_one_inert_line(hostile_site):
    (hostile_site / "mkdocs.yml").write_text("site_name: T\nplugins: [specs]\n", "utf-8")
    result = run_mkdocs(hostile_site, "build", "-d", str(hostile_site / "site"))
    assert result.exit_code == 1
    (failure,) = [line for line in result.output.split("\n") if "fail the build" in line]
    assert r"first: docs/specs/evil\n::error file=x,line=1::NAME\x1b[2J" in failure
    assert_inert(result.output)
    assert_inert(result.log)


def test_text_format_lines_each_begin_with_a_path(hostile_site, capsys, monkeypatch):
    # MkDocs warns, naming both files, that it leaves out the README (a `mkdocs build` prints
    # its own warnings as they are: only the command's are ours to neutralise).
    for name in ("README.md", "index.md"):
        (hostile_site / "docs" / EVIL_FOLDER).mkdir(exist_ok=True)
        (hostile_site / "docs" / EVIL_FOLDER / name).write_text("# Notes\n", "utf-8")
    monkeypatch.chdir(hostile_site)
    run = run_cli(capsys, "check", "--no-cache")
    assert_inert(run.out + run.err)
    # MkDocs' own line breaks are joined with spaces: a line break in the name is one too.
    assert run.err == (
        r"mkdocs-specs: warning: Excluding 'notes ::error::FOLDER\x1b]0;t\x07/README.md' from "
        r"the site because it conflicts with 'notes ::error::FOLDER\x1b]0;t\x07/index.md'."
        "\n"
    )
    lines = run.out.split("\n")
    assert lines.pop() == ""
    assert lines.pop().startswith("checked 3 specs")
    paths = (
        "docs/specs/hostile.md:",
        "docs/specs/plain.md:",
        r"docs/specs/evil\n::error file=x,line=1::NAME\x1b[2J\x1b]0;t\x07.md:",
    )
    assert len(lines) == _findings_count(capsys)
    for line in lines:
        assert re.match(r"(ERROR|WARNING|INFO)\s+", line), line
        assert line.split(maxsplit=1)[1].startswith(paths), line


def test_github_format_is_one_workflow_command_per_finding(hostile_site, capsys, monkeypatch):
    monkeypatch.chdir(hostile_site)
    run = run_cli(capsys, "check", "--format", "github", "--no-cache")
    assert_inert(run.out + run.err)
    lines = run.out.split("\n")
    assert lines.pop() == ""
    assert len(lines) == _findings_count(capsys)
    assert all(re.match(r"::(error|warning|notice) file=docs/specs/", line) for line in lines)
    assert any(line.startswith("::error file=docs/specs/evil%0A%3A%3Aerror") for line in lines)


def test_machine_formats_parse_and_keep_the_real_text(hostile_site, capsys, monkeypatch):
    monkeypatch.chdir(hostile_site)
    junit = run_cli(capsys, "check", "--format", "junit", "--no-cache")
    assert_inert(junit.out)
    cases = ElementTree.fromstring(junit.out).findall(".//testcase")
    assert len(cases) == 3
    sarif = json.loads(run_cli(capsys, "check", "--format", "sarif", "--no-cache").out)
    messages = [result["message"]["text"] for result in sarif["runs"][0]["results"]]
    assert any("\n::error file=evil.md,line=1::INJECTED\x1b]0;pwned\x07" in m for m in messages)
    exported = json.loads(run_cli(capsys, "check", "--format", "json", "--no-cache").out)
    (hostile,) = [doc for doc in exported if doc["src_path"] == "specs/hostile.md"]
    assert hostile["title"] == "Payment Retries" + HOSTILE
