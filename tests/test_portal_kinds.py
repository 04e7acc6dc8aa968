"""The portal of sites that are not only specs: ADR-only, PRD and ADR, and mixed sites, and the
metadata columns and dates each kind's templates give."""

from __future__ import annotations

import json
from html import unescape
from pathlib import Path

import pytest
from cli_runner import run_cli
from factory import spec
from portal_html import broken_links, sections, tables, text
from portal_html import headings as raw_headings

CONFIG = {"plugins": [{"specs": {"fail_on": "never"}}]}
MADR_TEMPLATE = """\
---
# These are optional metadata elements. Feel free to remove any of them.
status: "{proposed | rejected | accepted | deprecated | … | superseded by ADR-0123}"
date: {YYYY-MM-DD when the decision was last updated}
decision-makers: {everyone involved in the decision}
---

# {short title of the problem and of the solution found}

## Context and Problem Statement

{The context and the problem, in two or three sentences.}

<!-- This is an optional element. Feel free to remove. -->
## Decision Drivers

* {a force or a concern}

## Considered Options

* {title of option 1}

## Decision Outcome

Chosen option: "{title of option 1}", because {justification}.

<!-- This is an optional element. Feel free to remove. -->
## More Information

{Anything else the team should know.}
"""
"""The shape of MADR 4.0's `adr-template.md`: front matter fields, optional sections."""


def nygard_adrs() -> dict[str, str]:
    """ADRs as `adr-tools` writes them, no template configured: a `Date:` line or front matter
    dates, the status as the first line of `## Status`, owners as deciders."""
    return {
        "index.md": "# Home\n",
        "adr/0001-record-decisions.md": (
            "# 1. Record architecture decisions\n\nDate: 2024-01-02\n\n"
            "## Status\n\nAccepted\n\n## Context\n\nWe need records.\n"
        ),
        "adr/0002-use-postgres.md": (
            "---\ncreation-date: 2024-02-01\nlast-updated: 2024-03-05\n"
            "deciders: Ann Lee, Bo Chan\n---\n# 2. Use Postgres\n\n"
            "## Status\n\nProposed\n\n## Context\n\nData.\n"
        ),
        "adr/0003-use-kafka.md": (
            "# 3. Use Kafka\n\n**Date:** 2023-12-24\n**Deciders:** Ann Lee\n\n"
            "## Status\n\nSuperseded by ADR-0004\n\n## Context\n\nEvents.\n"
        ),
    }


def headings(html: str, level: int = 2) -> list[str]:
    return [unescape(heading) for heading in raw_headings(html, level)]


def all_links_resolve(site: Path) -> None:
    pages = sorted(site.glob("portal/**/*.html")) + sorted(site.glob("[adp]*/**/*.html"))
    broken = {str(p.relative_to(site)): broken_links(site, p) for p in pages}
    assert {page: links for page, links in broken.items() if links} == {}


@pytest.mark.parametrize("theme", ["mkdocs", "material"])
def test_an_adr_only_site_gets_a_portal_of_its_adrs(build, theme):
    result = build(nygard_adrs(), {**CONFIG, "theme": theme})
    status = result.html("portal/status/index.html")
    assert headings(status, 1) == ["ADRs by status"]
    # No template to order them: the order in which the ADRs first write them.
    assert headings(status) == ["Accepted", "Proposed", "Superseded by ADR-0004"]
    grouped = tables(status)
    assert grouped["Accepted"] == [
        ["ADR", "Owners", "Date", "Findings"],  # no Project or Version: no ADR has them
        ["1. Record architecture decisions", "—", "2024-01-02", "none"],
    ]
    # The last-updated date, not the creation date.
    assert grouped["Proposed"][1] == ["2. Use Postgres", "Ann Lee, Bo Chan", "2024-03-05", "none"]
    assert grouped["Superseded by ADR-0004"][1][:3] == ["3. Use Kafka", "Ann Lee", "2023-12-24"]
    assert "No specifications yet" not in text(status)

    owners = result.html("portal/owners/index.html")
    assert headings(owners, 1) == ["ADRs by owner"]
    rows = tables(owners)["ADRs by owner"]
    assert rows == [
        ["Owner", "Accepted", "Proposed", "Superseded by ADR-0004", "Total"],
        ["Ann Lee", "0", "1", "1", "2"],
        ["Bo Chan", "0", "1", "0", "1"],
    ]
    assert [row[0] for row in tables(owners)["Unowned"][1:]] == ["1. Record architecture decisions"]
    ann = result.html("portal/owners/ann-lee/index.html")
    assert "2 ADRs · 1 Proposed · 1 Superseded by ADR-0004 · All owners" in text(ann)
    assert headings(ann) == ["Proposed", "Superseded by ADR-0004"]

    dashboard = result.html("portal/index.html")
    assert "0 specs 0 PRDs 3 ADRs 2 owners" in text(dashboard)
    chart = "ADRs by status: Accepted: 1; Proposed: 1; Superseded by ADR-0004: 1"
    assert f'aria-label="{chart}"' in unescape(dashboard)
    assert 'aria-label="ADRs by owner: Ann Lee: 2; Bo Chan: 1"' in dashboard
    recent = tables(dashboard)["Recently updated"]
    assert recent[0] == ["Date", "ADR", "Status", "Owners"]
    assert [row[:2] for row in recent[1:]] == [
        ["2024-03-05", "2. Use Postgres"],
        ["2024-01-02", "1. Record architecture decisions"],
        ["2023-12-24", "3. Use Kafka"],
    ]
    card = result.html("adr/0002-use-postgres/index.html").split('class="specs-card"', 1)[1]
    assert "Date2024-03-05" in text(card.split("</dl>", 1)[0])
    assert result.document("adr/0002-use-postgres.md")["date"] == "2024-03-05"
    all_links_resolve(result.site)


def test_adrs_follow_the_status_order_and_dates_of_their_madr_template(build, tmp_path):
    (tmp_path / "madr-template.md").write_text(MADR_TEMPLATE, "utf-8")
    body = (
        "\n## Context and Problem Statement\n\nWhy.\n\n## Considered Options\n\n* One\n\n"
        '## Decision Outcome\n\nChosen option: "One", because it is the one.\n'
    )
    site = {
        "index.md": "# Home\n",
        "decisions/0001-markdown.md": "---\nstatus: accepted\ndate: 2024-05-02\n---\n\n"
        "# Use Markdown" + body,
        "decisions/0002-postgres.md": "---\nstatus: proposed\ndate: 2024-06-10\n---\n\n"
        "# Use Postgres" + body,
        "decisions/0003-kafka.md": "# Use Kafka\n\nDate: 2023-11-30\n" + body,
    }
    config = {"plugins": [{"specs": {"fail_on": "never", "adr_template": "madr-template.md"}}]}
    result = build(site, config)
    status = result.html("portal/status/index.html")
    # The template's order (`proposed | rejected | accepted | …`), not the pages' order.
    assert headings(status) == ["proposed", "accepted", "No status"]
    assert tables(status)["proposed"] == [
        ["ADR", "Owners", "Date", "Findings"],
        ["Use Postgres", "—", "2024-06-10", "none"],
    ]
    assert tables(status)["No status"][1][:3] == ["Use Kafka", "—", "2023-11-30"]
    dashboard = result.html("portal/index.html")
    assert "0 specs 0 PRDs 3 ADRs 0 owners" in text(dashboard)
    assert "No ADR names an owner yet." in text(dashboard)
    assert "No ADR names an owner yet." in text(result.html("portal/owners/index.html"))
    all_links_resolve(result.site)


def prd_and_adr_site() -> dict[str, str]:
    return {
        "index.md": "# Home\n",
        "prd/0001-checkout.md": (
            "# PRD: Checkout\n\n**Status:** Approved  \n**Author:** Ann Lee  \n"
            "**Date:** 2024-04-01\n"
        ),
        "prd/0002-search.md": "# PRD: Search\n\n**Status:** Draft  \n**Author:** Bo Chan\n",
        **{path: adr for path, adr in nygard_adrs().items() if path != "index.md"},
    }


def test_a_prd_and_adr_site_has_a_section_per_kind_on_every_page(build):
    result = build(prd_and_adr_site(), CONFIG)
    status = result.html("portal/status/index.html")
    assert headings(status, 1) == ["Documents by status"]
    assert headings(status) == ["PRDs", "ADRs"]  # no empty "Specifications"
    prds, adrs = sections(status)["PRDs"], sections(status)["ADRs"]
    assert headings(prds, 3) == ["Approved", "Draft"]  # as the PRDs first write them
    assert tables(prds)["Approved"] == [
        ["PRD", "Owners", "Date", "Findings"],
        ["PRD: Checkout", "Ann Lee", "2024-04-01", "none"],
    ]
    assert tables(prds)["Draft"][1][:3] == ["PRD: Search", "Bo Chan", "—"]
    assert headings(adrs, 3) == ["Accepted", "Proposed", "Superseded by ADR-0004"]

    owners = result.html("portal/owners/index.html")
    assert headings(owners) == ["PRDs", "ADRs"]
    assert tables(sections(owners)["PRDs"])["PRDs"] == [
        ["Owner", "Approved", "Draft", "Total"],
        ["Ann Lee", "1", "0", "1"],
        ["Bo Chan", "0", "1", "1"],
    ]
    adr_owners = tables(sections(owners)["ADRs"])["ADRs"]
    assert [row[0] for row in adr_owners[1:]] == ["Ann Lee", "Bo Chan"]

    ann = result.html("portal/owners/ann-lee/index.html")
    assert "1 PRD · 2 ADRs · All owners" in text(ann)
    assert headings(ann) == ["PRDs", "ADRs"]
    assert headings(sections(ann)["ADRs"], 3) == ["Proposed", "Superseded by ADR-0004"]
    assert [row[0] for row in tables(sections(ann)["PRDs"])["Approved"][1:]] == ["PRD: Checkout"]

    dashboard = result.html("portal/index.html")
    assert "0 specs 2 PRDs 3 ADRs 2 owners" in text(dashboard)
    assert headings(dashboard, 3) == ["PRDs", "ADRs", "PRDs", "ADRs"]  # by status, by owner
    assert 'aria-label="PRDs by status: Approved: 1; Draft: 1"' in dashboard
    assert 'aria-label="ADRs by owner: Ann Lee: 2; Bo Chan: 1"' in dashboard
    recent = tables(dashboard)["Recently updated"]
    assert recent[0] == ["Date", "Document", "Kind", "Status", "Owners"]
    assert [row[:3] for row in recent[1:3]] == [
        ["2024-04-01", "PRD: Checkout", "PRD"],
        ["2024-03-05", "2. Use Postgres", "ADR"],
    ]
    all_links_resolve(result.site)


SPEC_TEMPLATE = """# Spec: {Title}

## Document Information
**Status:** Draft | Review | Approved
**Author:** {Name}
**Created:** {YYYY-MM-DD}
**Last Updated:** {YYYY-MM-DD}

## Summary

{What and why}
"""


def dated_spec(title: str, created: str, updated: str, author: str = "Ann Lee") -> str:
    return (
        f"# Spec: {title}\n\n## Document Information\n**Status:** Review\n**Author:** {author}\n"
        f"**Created:** {created}\n**Last Updated:** {updated}\n\n## Summary\n\nWhat {title} does.\n"
    )


@pytest.mark.parametrize("theme", ["mkdocs", "material"])
def test_a_mixed_site_shows_the_columns_and_dates_its_templates_have(
    build, tmp_path, capsys, theme
):
    (tmp_path / "spec-template.md").write_text(SPEC_TEMPLATE, "utf-8")
    site = {
        **prd_and_adr_site(),
        "specs/alpha.md": dated_spec("Alpha", "2024-01-10", "2024-06-30"),
        "specs/beta.md": dated_spec("Beta", "2024-02-01", "not yet", author="Bo Chan"),
    }
    config = {
        "theme": theme,
        "plugins": [{"specs": {"fail_on": "never", "template": "spec-template.md"}}],
    }
    result = build(site, config)
    status = result.html("portal/status/index.html")
    assert headings(status) == ["Specifications", "PRDs", "ADRs"]
    review = tables(sections(status)["Specifications"])["Review"]
    assert review == [
        ["Spec", "Owners", "Date", "Findings"],  # the template has no Project nor Version
        ["Alpha", "Ann Lee", "2024-06-30", "none"],  # last updated, not created
        # An invalid last-updated date gives way to the valid creation date.
        ["Beta", "Bo Chan", "2024-02-01", "1 error"],
    ]
    card = result.html("specs/alpha/index.html").split('class="specs-card"', 1)[1]
    card_text = text(card.split("</dl>", 1)[0])
    assert "Date2024-06-30" in card_text
    assert "Project" not in card_text and "Version" not in card_text
    assert result.document("specs/alpha.md")["date"] == "2024-06-30"
    checked = run_cli(capsys, "check", "-f", str(tmp_path / "mkdocs.yml"), "--format", "json")
    assert json.loads(checked.out) == result.export()["documents"]  # the same dates included

    dashboard = result.html("portal/index.html")
    assert "2 specs 2 PRDs 3 ADRs 2 owners" in text(dashboard)
    recent = tables(dashboard)["Recently updated"]
    assert recent[1][:3] == ["2024-06-30", "Alpha", "Spec"]
    assert 'aria-label="Specs by status: Draft: 0; Review: 2; Approved: 0"' in dashboard

    ann = result.html("portal/owners/ann-lee/index.html")
    assert "1 specification · 1 PRD · 2 ADRs · All owners" in text(ann)
    assert headings(ann) == ["Specifications", "PRDs", "ADRs"]
    all_links_resolve(result.site)


def test_a_spec_only_site_keeps_its_single_kind_pages(build):
    site = {"index.md": "# Home\n", "specs/a.md": spec("Alpha"), "specs/b.md": spec("Beta")}
    result = build(site, CONFIG)
    status = result.html("portal/status/index.html")
    assert headings(status, 1) == ["Specs by status"]
    assert headings(status) == ["Approved"]
    assert tables(status)["Approved"][0] == [
        "Spec",
        "Owners",
        "Project",
        "Version",
        "Date",
        "Findings",
    ]
    owner = result.html("portal/owners/jane-doe/index.html")
    assert "2 specifications · 2 Approved · All owners" in text(owner)


def test_a_spec_site_shows_the_date_and_columns_of_its_own_template(build, tmp_path):
    (tmp_path / "spec-template.md").write_text(SPEC_TEMPLATE, "utf-8")
    site = {
        "index.md": "# Home\n",
        "specs/alpha.md": dated_spec("Alpha", "2024-01-10", "2024-06-30"),
        "specs/beta.md": dated_spec("Beta", "2024-03-01", "2024-03-02", author="Bo Chan"),
    }
    config = {"plugins": [{"specs": {"fail_on": "never", "template": "spec-template.md"}}]}
    result = build(site, config)
    status = result.html("portal/status/index.html")
    assert tables(status)["Review"] == [
        ["Spec", "Owners", "Date", "Findings"],
        ["Alpha", "Ann Lee", "2024-06-30", "none"],
        ["Beta", "Bo Chan", "2024-03-02", "none"],
    ]
    owner = result.html("portal/owners/ann-lee/index.html")
    assert tables(owner)["Review"][0] == ["Spec", "Owners", "Date", "Findings"]
    recent = tables(result.html("portal/index.html"))["Recently updated"]
    assert [row[:2] for row in recent[1:]] == [["2024-06-30", "Alpha"], ["2024-03-02", "Beta"]]
    card = result.html("specs/alpha/index.html").split('class="specs-card"', 1)[1]
    assert text(card.split("</dl>", 1)[0]) == "> StatusReview OwnerAnn Lee Date2024-06-30"
    assert result.document("specs/beta.md")["date"] == "2024-03-02"
