"""Which pages are documents: the template files never, `exclude`d pages never, and a page's
metadata file (`kep.yaml`) read as its front matter. Real builds and real `check` runs."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from cli_runner import run_cli
from conftest import run_mkdocs, write_site
from portal_html import read_page

RFC_TEMPLATE = """\
# RFC-NNNN: {Title}

**Status:** Provisional | Accepted | Rejected
**Author:** {Author}

## Summary

{One paragraph explanation.}

## Motivation

{Why are we doing this?}
"""


def rfc(number: int, title: str, status: str = "Accepted", author: str = "Ana Lima") -> str:
    return (
        f"# RFC-{number}: {title}\n\n**Status:** {status}  \n**Author:** {author}\n\n"
        "## Summary\n\nWhat it is.\n\n## Motivation\n\nWhy.\n"
    )


_LOG_FINDING_RE = re.compile(r"(ERROR|WARNING|INFO): mkdocs_specs: (docs/\S+?):(\d+): ([a-z-]+): ")


def build_findings(log: str) -> set[tuple[str, int, str, str]]:
    """(path, line, rule, severity) of every finding a build logged, as `Run.findings` reads
    them from `check`."""
    return {
        (path, int(line), rule, level.lower())
        for level, path, line, rule in _LOG_FINDING_RE.findall(log)
    }


@pytest.fixture(autouse=True)
def in_site_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`check` names files relative to the current folder, `build` to the project's."""
    monkeypatch.chdir(tmp_path)


def check(capsys: pytest.CaptureFixture[str], root: Path, *args: str):
    return run_cli(capsys, "check", "-f", str(root / "mkdocs.yml"), *args)


def status_rows(site: Path) -> list[list[str]]:
    """The rows of the status page's tables (the page's navigation lists every page)."""
    tables = read_page((site / "portal/status/index.html").read_text("utf-8")).tables
    return [row for rows in tables.values() for row in rows]


# The template files named in the configuration are never documents.


def rfc_site(tmp_path: Path, extra: dict | None = None, pages: dict | None = None) -> Path:
    options = {"specs": ["rfcs/*.md"], "template": "docs/rfcs/0000-template.md", **(extra or {})}
    files = {
        "index.md": "# Home\n",
        "rfcs/0000-template.md": RFC_TEMPLATE,
        "rfcs/0001-retries.md": rfc(1, "Retries"),
        **(pages or {}),
    }
    return write_site(tmp_path, files, {"plugins": [{"specs": options}]})


def test_a_template_among_the_documents_is_not_one(tmp_path, capsys):
    root = rfc_site(tmp_path)
    result = run_mkdocs(root, "build", "-d", str(root / "site"))
    assert result.exit_code == 0, result.log
    assert "0000-template" not in result.log
    assert [d["src_path"] for d in result.export()["documents"]] == ["rfcs/0001-retries.md"]
    rows = " ".join(cell for row in status_rows(result.site) for cell in row)
    assert "Retries" in rows and "{Title}" not in rows
    assert (result.site / "rfcs/0000-template/index.html").is_file()  # still an ordinary page
    run = check(capsys, root)
    assert run.code == 0 and "0000-template" not in run.out, run.out


def test_an_adr_template_in_the_adr_folder_is_not_an_adr(tmp_path, capsys):
    adr = "# {Title}\n\n## Status\n\nProposed | Accepted\n\n## Context\n\n{Why}\n"
    root = write_site(
        tmp_path,
        {
            "index.md": "# Home\n",
            "adr/template.md": adr,
            "adr/0001-use-postgres.md": adr.replace("{Title}", "Use Postgres")
            .replace("Proposed | Accepted", "Accepted")
            .replace("{Why}", "Reasons."),
        },
        {"plugins": [{"specs": {"adr_template": "docs/adr/template.md"}}]},
    )
    result = run_mkdocs(root, "build", "-d", str(root / "site"), "--strict")
    assert result.exit_code == 0, result.log
    assert [d["src_path"] for d in result.export()["documents"]] == ["adr/0001-use-postgres.md"]
    assert check(capsys, root).code == 0


def test_a_template_outside_the_kind_globs_changes_nothing(tmp_path):
    root = rfc_site(tmp_path, {"template": "docs/tpl/rfc.md"}, {"tpl/rfc.md": RFC_TEMPLATE})
    result = run_mkdocs(root, "build", "-d", str(root / "site"))
    # rfcs/0000-template.md is no longer the configured template: a document like any other.
    assert "docs/rfcs/0000-template.md:1: placeholder" in result.log
    assert "docs/tpl/rfc.md" not in result.log


# `exclude`: pages that are no document; a configured glob that matches nothing is a warning.


BOUNTIES = "# Feature bounties\n\nWho pays for what.\n"


def test_excluded_pages_are_no_documents_but_still_built(tmp_path, capsys):
    root = rfc_site(
        tmp_path,
        {"exclude": ["rfcs/feature-bounties.md", "**/_*.md"]},
        {"rfcs/feature-bounties.md": BOUNTIES, "rfcs/_draft.md": BOUNTIES},
    )
    result = run_mkdocs(root, "build", "-d", str(root / "site"), "--strict")
    assert result.exit_code == 0, result.log
    assert "feature-bounties" not in result.log and "_draft" not in result.log
    assert [d["src_path"] for d in result.export()["documents"]] == ["rfcs/0001-retries.md"]
    assert "bounties" not in str(status_rows(result.site)).lower()
    assert (result.site / "rfcs/feature-bounties/index.html").is_file()
    run = check(capsys, root)
    assert (run.code, run.err) == (0, ""), run.out + run.err
    assert "feature-bounties" not in run.out


def test_a_configured_glob_that_matches_nothing_is_a_warning(tmp_path, capsys):
    root = rfc_site(tmp_path, {"exclude": ["rfcs/feature-bountys.md"], "prds": ["prd/*.md"]})
    result = run_mkdocs(root, "build", "-d", str(root / "site"))
    assert result.exit_code == 0, result.log
    warnings = [line for line in result.log.splitlines() if "matches no page" in line]
    assert warnings == [
        "WARNING: mkdocs_specs: the `prds` glob 'prd/*.md' matches no page of the site",
        "WARNING: mkdocs_specs: the `exclude` glob 'rfcs/feature-bountys.md' matches no page "
        "of the site",
    ]
    strict = run_mkdocs(root, "build", "-d", str(root / "site"), "--strict")
    assert strict.exit_code == 1, strict.log
    run = check(capsys, root)
    assert run.code == 0
    assert run.err.splitlines() == [
        "mkdocs-specs: warning: the `prds` glob 'prd/*.md' matches no page of the site",
        "mkdocs-specs: warning: the `exclude` glob 'rfcs/feature-bountys.md' matches no page "
        "of the site",
    ]


def test_default_globs_that_match_nothing_are_no_warning(tmp_path, capsys):
    root = write_site(tmp_path, {"index.md": "# Home\n", "specs/a.md": "# A\n"})
    result = run_mkdocs(root, "build", "-d", str(root / "site"), "--strict")
    assert "matches no page" not in result.log
    assert check(capsys, root).err == ""


def test_an_index_glob_counts_folder_index_pages(tmp_path, capsys):
    root = write_site(
        tmp_path,
        {"index.md": "# Home\n", "keps/1-a/README.md": "# A\n"},
        {"plugins": [{"specs": {"specs": ["keps/**/README.md"]}}]},
    )
    assert "matches no page" not in check(capsys, root).err


# `metadata_files`: a `kep.yaml` beside a proposal's README is read as its front matter.


KEP_TEMPLATE = """\
# KEP-NNNN: Your short, descriptive title

## Summary

## Motivation
"""

KEP_YAML = """\
title: Pod Overhead
kep-number: 688
authors:
  - "@egernst"
  - "@tallclair"
owning-sig: sig-node
status: implemented
creation-date: 2019-02-26
last-updated: 2020-01-21
see-also:
  - "/keps/sig-node/585-runtime-class"
"""

KEP_README = "# KEP-688: Pod Overhead\n\n## Summary\n\nIt costs.\n\n## Motivation\n\nBilling.\n"


def kep_site(tmp_path: Path, kep_yaml: str | bytes | None = KEP_YAML, options=None) -> Path:
    files: dict[str, str | bytes] = {
        "index.md": "# Home\n",
        "keps/NNNN-kep-template/README.md": KEP_TEMPLATE,
        "keps/sig-node/688-pod-overhead/README.md": KEP_README,
    }
    if kep_yaml is not None:
        files["keps/sig-node/688-pod-overhead/kep.yaml"] = kep_yaml
    plugin = {
        "specs": ["keps/**/README.md"],
        "template": "docs/keps/NNNN-kep-template/README.md",
        "metadata_files": ["kep.yaml"],
        **(options or {}),
    }
    return write_site(tmp_path, files, {"plugins": [{"specs": plugin}]})


KEP = "keps/sig-node/688-pod-overhead/README.md"
KEP_SHOWN = "docs/" + KEP


def test_a_metadata_file_is_read_as_front_matter(tmp_path, capsys):
    root = kep_site(tmp_path)
    result = run_mkdocs(root, "build", "-d", str(root / "site"), "--strict")
    assert result.exit_code == 0, result.log
    document = result.document(KEP)
    assert document["title"] == "Pod Overhead"
    assert document["status"] == "implemented"
    assert document["owners"] == ["@egernst", "@tallclair"]
    assert [d["src_path"] for d in result.export()["documents"]] == [KEP]  # not the template
    owners = " ".join(read_page(result.html("portal/owners/index.html")).text)
    assert "@egernst" in owners and "@tallclair" in owners
    run = check(capsys, root)
    assert run.code == 0 and run.err == "", run.out + run.err


def test_without_the_option_the_metadata_file_is_not_read(tmp_path):
    root = kep_site(tmp_path, options={"metadata_files": []})
    result = run_mkdocs(root, "build", "-d", str(root / "site"))
    assert result.document(KEP)["owners"] == []


def test_the_pages_own_front_matter_wins_over_its_metadata_file(tmp_path):
    root = kep_site(tmp_path)
    page = root / "docs" / KEP
    page.write_text("---\nstatus: withdrawn\n---\n" + KEP_README, "utf-8")
    result = run_mkdocs(root, "build", "-d", str(root / "site"))
    assert result.document(KEP)["status"] == "withdrawn"
    assert result.document(KEP)["title"] == "Pod Overhead"  # the rest still from kep.yaml


def test_a_metadata_file_that_disagrees_with_the_page_is_a_conflict(tmp_path, capsys):
    template = KEP_TEMPLATE.replace("## Summary", "**Status:** Draft | Implemented\n\n## Summary")
    root = kep_site(tmp_path)
    (root / "docs/keps/NNNN-kep-template/README.md").write_text(template, "utf-8")
    readme = KEP_README.replace("## Summary", "**Status:** Draft\n\n## Summary")
    (root / "docs" / KEP).write_text(readme, "utf-8")
    result = run_mkdocs(root, "build", "-d", str(root / "site"))
    assert (KEP_SHOWN, 3, "metadata-conflict", "error") in build_findings(result.log)
    assert 'Status is "Draft" here but "implemented"' in result.log
    assert check(capsys, root).findings() == build_findings(result.log)


HOSTILE = {
    "bomb": (
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n"
            for i in range(8)
        ),
        "would be longer than",
    ),
    "huge": ("k: " + "x" * (2 << 20) + "\n", "is larger than 1 MiB"),
    "list": ("- a\n- b\n", "must be a mapping"),
    "broken": ("title: Pod Overhead\nauthors: [\n", "is not valid YAML"),
    "binary": (b"title: \xff\xfe\n", "is not valid UTF-8"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_metadata_file_is_one_finding(tmp_path, capsys, name):
    content, message = HOSTILE[name]
    root = kep_site(tmp_path, content)
    result = run_mkdocs(root, "build", "-d", str(root / "site"))
    found = build_findings(result.log)
    assert {(path, rule) for path, _, rule, _ in found} == {(KEP_SHOWN, "front-matter")}
    assert len(found) == 1
    line = next(line for line in result.log.splitlines() if "front-matter" in line)
    assert f"{KEP_SHOWN}:1: front-matter: docs/keps/sig-node/688-pod-overhead/kep.yaml" in line
    assert message in line
    assert check(capsys, root).findings() == found


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_a_metadata_file_that_is_no_regular_file_is_one_finding_not_a_hang(
    tmp_path, capsys, kind
):
    root = kep_site(tmp_path, None)
    path = root / "docs/keps/sig-node/688-pod-overhead/kep.yaml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    else:
        path.mkdir()
    run = check(capsys, root)
    assert run.findings() == {(KEP_SHOWN, 1, "front-matter", "error")}, run.out
    assert "kep.yaml: the metadata file is not a regular file" in run.out


def test_check_notices_an_edit_to_the_metadata_file(tmp_path, capsys):
    root = kep_site(tmp_path)
    page = root / "docs" / KEP
    an_hour_ago = page.stat().st_mtime - 3600
    os.utime(page, (an_hour_ago, an_hour_ago))  # old enough for the cache to trust its stamp
    assert check(capsys, root).findings() == set()
    sidecar = root / "docs/keps/sig-node/688-pod-overhead/kep.yaml"
    sidecar.write_text("title: [\n", "utf-8")
    assert check(capsys, root).findings() == {(KEP_SHOWN, 1, "front-matter", "error")}
    sidecar.write_text(KEP_YAML, "utf-8")
    assert check(capsys, root).findings() == set()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("../kep.yaml", "is not a file name"),
        ("notes.md", "is a Markdown file"),
        (7, "Expected type: <class 'str'>"),
    ],
)
def test_metadata_files_must_be_names_of_yaml_files(tmp_path, capsys, value, message):
    root = kep_site(tmp_path, options={"metadata_files": [value]})
    run = check(capsys, root)
    assert run.code == 2 and message in run.err, run.err
