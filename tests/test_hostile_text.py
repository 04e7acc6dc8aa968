"""What a document holds cannot take over the machine that reads it: YAML aliases cannot expand
without bound, and no value or file name can start a line of its own in a log, a terminal or a
CI workflow."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import write_site
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


def _limited(memory: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))


def _run_guarded(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a command in a child that cannot take the suite down with it: one gigabyte of
    address space and a minute at most (the unbounded code took 35 s and 2 GB)."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=lambda: _limited(1 << 30),
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"},
        check=False,
    )


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
    try:
        result = _run_guarded(*args, cwd=tmp_path)
    except subprocess.TimeoutExpired:
        pytest.fail("the check did not end within a minute")
    assert time.monotonic() - start < 30
    assert result.returncode == 1, result.stderr[-2000:]
    assert "docs/specs/a.md:5: front-matter: front matter would be longer than" in (
        result.stdout + result.stderr
    )
    assert "Traceback" not in result.stderr


def test_a_long_front_matter_line_without_a_colon_takes_linear_time():
    page = "---\ntitle: T\na" + " " * 60_000 + "b\n---\n" + spec()
    start = time.process_time()
    doc = parse_document("specs/a.md", page, Kind.SPEC)
    assert time.process_time() - start < 2
    assert [rule for _, rule, _ in doc.parse_problems] == ["front-matter"]
