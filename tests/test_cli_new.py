"""`mkdocs-specs new`: a Draft from the right template, in the right folder, with the next number,
that builds with `--strict` and never overwrites anything."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cli_runner import run_cli
from conftest import run_mkdocs, write_site

from mkdocs_specs.draft import draft_path, next_number, slugify
from mkdocs_specs.model import Kind

TODAY = dt.date.today().isoformat()


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    # No global or system git identity: the author comes from --author or stays a placeholder.
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    return lambda *args: run_cli(capsys, *args)


def test_new_spec_is_written_from_the_template_and_says_where(tmp_path, cli):
    write_site(tmp_path, {"index.md": "# Home\n"})
    run = cli("new", "spec", "Payment Retries", "--author", "Jane Doe")
    assert run.code == 0
    assert run.out == "created docs/specs/payment-retries.md from the built-in spec template\n"
    text = (tmp_path / "docs/specs/payment-retries.md").read_text("utf-8")
    assert text.startswith("# Technical Specification: Payment Retries\n")
    assert f"**Date:** {TODAY}  \n" in text
    assert "**Author:** Jane Doe  \n" in text
    assert "**Status:** Draft  \n" in text
    assert "**Project:** {Project Name}" in text  # the rest is the author's to fill


@pytest.mark.parametrize(
    ("kind", "path"),
    [
        ("spec", "docs/specs/fraud-scoring.md"),
        ("prd", "docs/prd/0001-fraud-scoring.md"),
        ("adr", "docs/adr/0001-fraud-scoring.md"),
    ],
)
def test_a_fresh_draft_passes_a_strict_build(tmp_path, cli, kind, path):
    write_site(tmp_path, {"index.md": "# Home\n"})
    assert cli("new", kind, "Fraud Scoring", "--author", "Ana").code == 0
    assert (tmp_path / path).is_file()
    built = run_mkdocs(tmp_path, "build", "--strict")
    assert built.exit_code == 0, built.log
    check = cli("check")
    assert check.code == 0
    assert not [f for f in check.findings() if f[3] != "info"]


def test_new_adr_follows_madr_and_starts_proposed(tmp_path, cli):
    write_site(tmp_path, {"adr/0007-use-postgres.md": "# Use Postgres\n"})
    run = cli("new", "adr", "Use Kafka: for events", "--author", "Jane O'Brien")
    assert (
        run.out == "created docs/adr/0008-use-kafka-for-events.md from the built-in adr template\n"
    )
    text = (tmp_path / "docs/adr/0008-use-kafka-for-events.md").read_text("utf-8")
    assert text.startswith(
        f'---\nstatus: "proposed"\ndate: "{TODAY}"\ndecision-makers: "Jane O\'Brien"\n'
    )
    assert "\n# Use Kafka: for events\n" in text
    assert "## Considered Options" in text


def test_prd_numbers_follow_the_existing_padding(tmp_path, cli):
    write_site(
        tmp_path, {"prd/9-checkout.md": "# PRD: Checkout\n", "prd/12-sso.md": "# PRD: SSO\n"}
    )
    run = cli("new", "prd", "Loyalty")
    assert run.out == "created docs/prd/13-loyalty.md from the built-in prd template\n"


def test_excluded_pages_keep_their_numbers(tmp_path, cli):
    write_site(
        tmp_path,
        {"adr/0004-a.md": "# A\n", "adr/0005-wip.md": "# Work in progress\n"},
        {"exclude_docs": "adr/0005-wip.md\n"},
    )
    run = cli("new", "adr", "Next")
    assert run.out == "created docs/adr/0006-next.md from the built-in adr template\n"


def test_never_overwrites(tmp_path, cli):
    write_site(tmp_path, {"specs/payment-retries.md": "# Mine\n"})
    run = cli("new", "spec", "Payment Retries")
    assert run.code == 1
    assert run.out == ""
    assert run.err == (
        "mkdocs-specs: error: docs/specs/payment-retries.md already exists; not overwriting it\n"
    )
    assert (tmp_path / "docs/specs/payment-retries.md").read_text("utf-8") == "# Mine\n"


def test_author_falls_back_to_git_then_to_the_placeholder(tmp_path, cli):
    write_site(tmp_path, {"index.md": "# Home\n"})
    run = cli("new", "spec", "No Author")
    assert run.code == 0
    assert "the author is left as the template's placeholder" in run.err
    text = (tmp_path / "docs/specs/no-author.md").read_text("utf-8")
    assert "**Author:** {Technical Lead Name}" in text
    assert run_mkdocs(tmp_path, "build", "--strict").exit_code == 0

    (tmp_path / "no-gitconfig").write_text("[user]\n\tname = Git User\n", "utf-8")
    run = cli("new", "spec", "From Git")
    assert run.err == ""
    assert "**Author:** Git User" in (tmp_path / "docs/specs/from-git.md").read_text("utf-8")


def test_configured_template_and_globs_are_used(tmp_path, cli):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates/rfc.md").write_text(
        "# RFC: {Name}\n\n**Owner:** {Name}  \n**Status:** Proposed | Accepted  \n"
        "**Created:** {YYYY-MM-DD}\n\n## Summary\n\n{One paragraph}\n\n## Design\n\n{How}\n",
        "utf-8",
    )
    config = {"plugins": [{"specs": {"specs": ["rfcs/**/*.md"], "template": "templates/rfc.md"}}]}
    write_site(tmp_path, {"index.md": "# Home\n"}, config)
    run = cli("new", "spec", "Café Ünïcode API", "--author", "Zoë")
    assert run.out == "created docs/rfcs/cafe-unicode-api.md from templates/rfc.md\n"
    text = (tmp_path / "docs/rfcs/cafe-unicode-api.md").read_text("utf-8")
    assert text.splitlines()[:5] == [
        "# RFC: Café Ünïcode API",
        "",
        "**Owner:** Zoë  ",
        "**Status:** Proposed  ",
        f"**Created:** {TODAY}",
    ]
    assert cli("check").code == 1  # "Proposed" is no Draft: its placeholders are errors


def test_a_title_without_letters_or_digits_is_a_usage_error(tmp_path, cli):
    write_site(tmp_path, {"index.md": "# Home\n"})
    run = cli("new", "spec", "!!!")
    assert run.code == 2
    assert "cannot make a file name" in run.err


def test_slug_number_and_folder_rules():
    assert slugify("  Payment Retries (v2) ") == "payment-retries-v2"
    assert slugify("José Álvarez's plan") == "jose-alvarez-s-plan"
    assert next_number([]) == "0001"
    assert next_number(["0009-a.md", "0010-b.md", "notes.md"]) == "0011"
    assert next_number(["7-a.md"]) == "8"
    assert draft_path(["specs/**/*.md"], Kind.SPEC, "x") == "specs/x.md"
    assert draft_path(["keps/**/README.md"], Kind.SPEC, "x") == "keps/x/README.md"
    assert draft_path(["*.md"], Kind.SPEC, "x") == "x.md"
    assert draft_path(["specs/only-this.md"], Kind.SPEC, "x") is None
