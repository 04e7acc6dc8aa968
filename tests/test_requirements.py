"""What a document is asked for depends on its status and on its age.

A template can say that a section is needed only from a status on (in its own text, or in the
configuration), and with `template_history` a section a revision of the template added is not
asked of documents written before that revision. Both only ever take findings away, and only
when they know: an unknown status, or no git history, checks as before.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from cli_runner import run_cli
from conftest import run_mkdocs, write_site
from factory import SECTIONS, spec

PROPOSAL_TEMPLATE = """\
# KEP-NNNN: Title

**Status:** provisional | implementable | implemented

## Summary

One paragraph explanation.

## API [required_in: implementable]

The API this adds.

## Graduation Criteria

<!--
The graduation criteria must be completed and approved
for the KEP to move to `implementable` status.
-->

### Alpha

## Rollout

This section must be completed when targeting beta to a release.

## Drawbacks
"""


def proposal(status: str, *, drop: tuple[str, ...] = ()) -> str:
    sections = ["Summary", "API", "Graduation Criteria", "Rollout", "Drawbacks"]
    body = "".join(
        f"## {name}\n\nWhat we say about it.\n\n"
        + ("### Alpha\n\nFirst.\n\n" if name == "Graduation Criteria" else "")
        for name in sections
        if name not in drop
    )
    return f"# KEP-12: Thing\n\n**Status:** {status}\n\n{body}"


def proposal_site(build, pages: dict[str, str], template: str = PROPOSAL_TEMPLATE, **options):
    config = {
        "plugins": [{"specs": {"specs": ["keps/*.md"], "template": "docs/tpl/kep.md", **options}}]
    }
    return build({"index.md": "# Home\n", "tpl/kep.md": template, **pages}, config)


def findings(result) -> list[str]:
    return [line for line in result.log.splitlines() if "mkdocs_specs: docs/" in line]


# Status-dependent requirements, as the template says them.


def test_a_section_the_template_requires_from_a_status_on_is_not_asked_before_it(build):
    result = proposal_site(
        build,
        {
            "keps/early.md": proposal("provisional", drop=("API", "Graduation Criteria")),
            "keps/ready.md": proposal("implementable", drop=("API", "Graduation Criteria")),
            "keps/done.md": proposal("Implemented"),
        },
    )
    lines = findings(result)
    assert not [line for line in lines if "keps/early.md" in line], lines
    assert not [line for line in lines if "keps/done.md" in line], lines
    ready = [line for line in lines if "keps/ready.md" in line]
    assert len(ready) == 2, lines
    assert 'required section "API" is missing' in ready[0]  # the tag is not part of its name
    assert 'required section "Graduation Criteria" is missing' in ready[1]


def test_a_status_the_template_does_not_list_and_a_release_stage_change_nothing(build):
    result = proposal_site(
        build,
        {
            "keps/odd.md": proposal("someday", drop=("API",)),
            "keps/early.md": proposal("provisional", drop=("Rollout",)),
        },
    )
    lines = findings(result)
    # An unknown status is asked for everything, as before; "targeting beta" names a stage.
    assert any('odd.md:5: missing-section: required section "API"' in line for line in lines)
    assert any('early.md' in line and '"Rollout" is missing' in line for line in lines)


def test_the_tag_names_only_one_of_the_templates_statuses(build):
    template = PROPOSAL_TEMPLATE.replace("[required_in: implementable]", "[required_in: beta]")
    page = proposal("provisional", drop=("API",))
    result = proposal_site(build, {"keps/early.md": page}, template)
    assert any('"API" is missing' in line for line in findings(result))


# The configuration form.


def test_required_from_in_the_configuration(build):
    pages = {
        "keps/early.md": proposal("provisional", drop=("Drawbacks",)),
        "keps/ready.md": proposal("Implementable", drop=("Drawbacks",)),
    }
    result = proposal_site(build, pages, required_from={"drawbacks": "implementable"})
    lines = findings(result)
    assert len(lines) == 1, lines
    assert 'keps/ready.md' in lines[0] and '"Drawbacks" is missing' in lines[0]


def test_required_from_on_the_builtin_template_keeps_draft_relaxation(build):
    config = {"plugins": [{"specs": {"required_from": {"testing strategy": "Approved"}}}]}
    without_tests = [name for name in SECTIONS if name != "Testing Strategy"]
    review = spec(status="Review", sections=without_tests)
    draft = spec(status="Draft", sections=without_tests[1:])
    approved = spec(status="Approved", sections=without_tests)
    result = build(
        {"specs/review.md": review, "specs/draft.md": draft, "specs/approved.md": approved},
        config,
    )
    lines = findings(result)
    assert not [line for line in lines if "review.md" in line], lines
    assert any("approved.md" in line and '"Testing Strategy" is missing' in line for line in lines)
    (draft_line,) = [line for line in lines if "draft.md" in line]
    assert draft_line.startswith("INFO:") and '"Executive Summary" is missing' in draft_line


def test_required_from_mistakes_are_one_line_configuration_errors(build):
    result = proposal_site(build, {}, required_from={"Drawbacks": "accepted"})
    assert result.exit_code == 1
    assert (
        '"Drawbacks": "accepted" is not a status of the template kep.md '
        "(its statuses: provisional | implementable | implemented)" in result.output
    )
    result = proposal_site(build, {}, required_from={"Graduation criterion": "implementable"})
    assert result.exit_code == 1
    assert 'no template has a section "Graduation criterion"' in result.output
    assert "Traceback" not in result.output


# Template history: a section a revision added is not asked of older documents.

HISTORY_TEMPLATE_V1 = """\
# RFC: {Title}

- Start Date: YYYY-MM-DD (optional)

## Summary

One paragraph explanation.

## Drawbacks
"""

HISTORY_TEMPLATE_V2 = HISTORY_TEMPLATE_V1 + "\n## Security Considerations\n\nThreats.\n"


def rfc_page(*, date: str | None = None, security: bool = False) -> str:
    head = f"# RFC: Thing\n\n- Start Date: {date}\n\n" if date else "# RFC: Thing\n\n"
    body = "## Summary\n\nText.\n\n## Drawbacks\n\nSome.\n"
    return head + body + ("\n## Security Considerations\n\nNone.\n" if security else "")


def git(root: Path, *args: str, date: str | None = None) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if date:
        env |= {"GIT_AUTHOR_DATE": f"{date}T12:00:00Z", "GIT_COMMITTER_DATE": f"{date}T12:00:00Z"}
    subprocess.run(
        ["git", "-c", "user.name=Ann", "-c", "user.email=ann@example.com", *args],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
    )


def commit(root: Path, files: dict[str, str], date: str) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", f"change of {date}", date=date)


def history_repo(root: Path, template_history: bool = True) -> Path:
    """A repository whose template gained a section on 2025-09-14, with documents from before
    and after that revision."""
    root.mkdir(exist_ok=True)
    config = {"specs": ["rfcs/*.md"], "template": "templates/rfc.md"}
    if template_history:
        config["template_history"] = True
    write_site(root, {"index.md": "# Home\n"}, {"plugins": [{"specs": config}]})
    git(root, "init", "-q")
    commit(root, {"templates/rfc.md": HISTORY_TEMPLATE_V1}, "2024-01-02")
    commit(root, {"docs/rfcs/old.md": rfc_page()}, "2024-06-01")
    commit(root, {"docs/rfcs/dated.md": rfc_page(date="2024-03-01")}, "2024-06-02")
    commit(root, {"templates/rfc.md": HISTORY_TEMPLATE_V2}, "2025-09-14")
    commit(root, {"docs/rfcs/new.md": rfc_page()}, "2025-10-01")
    commit(root, {"docs/rfcs/complete.md": rfc_page(security=True)}, "2025-10-02")
    return root


def test_a_section_the_template_gained_later_is_not_asked_of_older_documents(tmp_path):
    root = history_repo(tmp_path)
    (root / "docs/rfcs/draft.md").write_text(rfc_page(), "utf-8")  # not committed yet: new
    result = run_mkdocs(root, "build", "-d", str(root / "site"))
    lines = findings(result)
    assert [line.split(": ")[2].split(":")[0] for line in lines] == [
        "docs/rfcs/draft.md",
        "docs/rfcs/new.md",
    ], lines
    assert lines[1] == (
        'ERROR: mkdocs_specs: docs/rfcs/new.md:7: missing-section: required section '
        '"Security Considerations" is missing (hint: add "## Security Considerations" after '
        'the "Drawbacks" section (line 7); the template requires it since 2025-09-14)'
    )
    assert "template_history" not in result.log  # git answered: nothing to say


def test_a_documents_own_date_counts_before_its_first_commit(tmp_path):
    root = history_repo(tmp_path)
    commit(root, {"docs/rfcs/moved.md": rfc_page(date="2025-12-01")}, "2025-12-02")
    commit(root, {"docs/rfcs/copied.md": rfc_page(date="2023-05-05")}, "2025-12-03")
    result = run_mkdocs(root, "build", "-d", str(root / "site"))
    lines = findings(result)
    assert any("docs/rfcs/moved.md" in line for line in lines), lines
    assert not any("docs/rfcs/copied.md" in line for line in lines), lines
    assert not any("docs/rfcs/dated.md" in line for line in lines), lines


def test_check_command_reads_the_history_too(tmp_path, capsys, monkeypatch):
    root = history_repo(tmp_path)
    monkeypatch.chdir(root)
    run = run_cli(capsys, "check", "-f", str(root / "mkdocs.yml"))
    assert run.findings() == {("docs/rfcs/new.md", 7, "missing-section", "error")}, run.out


def test_without_the_option_every_document_is_asked(tmp_path):
    root = history_repo(tmp_path, template_history=False)
    result = run_mkdocs(root, "build", "-d", str(root / "site"))
    assert len(findings(result)) == 3  # old, dated and new: as before the option existed


def test_without_git_history_the_option_says_so_once_and_checks_as_before(tmp_path):
    root = history_repo(tmp_path / "repo")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{root}", str(clone)],
        check=True,
        capture_output=True,
    )
    shallow = run_mkdocs(clone, "build", "--strict", "-d", str(clone / "site"))
    assert len(findings(shallow)) == 3, shallow.log  # as without the option
    notes = [line for line in shallow.log.splitlines() if "template_history" in line]
    assert len(notes) == 1, shallow.log
    assert notes[0].startswith("INFO:") and "shallow" in notes[0]
    assert "fetch-depth: 0" in notes[0]
    assert "Traceback" not in shallow.output
    plain = tmp_path / "plain"
    plain.mkdir()
    for name in ("mkdocs.yml", "templates/rfc.md", "docs/index.md", "docs/rfcs/old.md"):
        (plain / name).parent.mkdir(parents=True, exist_ok=True)
        (plain / name).write_bytes((root / name).read_bytes())
    outside = run_mkdocs(plain, "build", "-d", str(plain / "site"))
    assert len(findings(outside)) == 1, outside.log
    notes = [line for line in outside.log.splitlines() if "template_history" in line]
    assert len(notes) == 1 and "not in a git checkout" in notes[0], outside.log
    assert notes[0].startswith("INFO:")
    assert "Traceback" not in outside.output


def test_without_git_installed_the_option_checks_as_before(tmp_path, monkeypatch):
    root = history_repo(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "no-such-folder"))
    result = run_mkdocs(root, "build", "-d", str(root / "site"))
    assert len(findings(result)) == 3, result.log
    assert "INFO: mkdocs_specs: template_history: git is not installed;" in result.log


def test_a_git_that_hangs_is_given_up_on(tmp_path, monkeypatch):
    root = history_repo(tmp_path / "repo")
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "git").write_text("#!/bin/sh\nexec sleep 5\n", "utf-8")
    (fake / "git").chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr("mkdocs_specs.history.GIT_TIMEOUT_SECONDS", 0.2)
    result = run_mkdocs(root, "build", "-d", str(root / "site"))
    assert len(findings(result)) == 3, result.log
    assert "INFO: mkdocs_specs: template_history: git took more than 0.2 s;" in result.log
