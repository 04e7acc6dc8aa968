"""What needs attention on the portal: baselined findings counted apart from info, a page of every
document with errors or warnings by owner, and data shown as honestly as it was written."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from cli_runner import run_cli
from conftest import run_mkdocs, write_site
from factory import SECTIONS, spec
from portal_html import broken_links, sections, tables, text

WITH_BASELINE = {"plugins": [{"specs": {"baseline": ".specs-baseline.json", "fail_on": "never"}}]}


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    return lambda *args: run_cli(capsys, *args)


def test_findings_accepted_in_the_baseline_are_counted_on_their_own(tmp_path, cli):
    old = {
        "specs/payments.md": spec(sections=[s for s in SECTIONS if s != "Testing Strategy"]),
        "specs/search.md": spec(project="{Project Name}", status="Shipped"),
    }
    write_site(tmp_path, old)
    assert cli("check", "--write-baseline").code == 0
    write_site(tmp_path, {"specs/new.md": spec("New", status="Aproved")}, WITH_BASELINE)
    built = run_mkdocs(tmp_path, "build", "-d", str(tmp_path / "site"))
    assert built.exit_code == 0, built.output

    dashboard = (tmp_path / "site/portal/index.html").read_text("utf-8")
    assert "1 error 0 warnings 3 accepted in the baseline" in text(dashboard)
    by_rule = tables(dashboard)["Findings"]
    assert by_rule[0] == ["Rule", "Errors", "Warnings", "Info", "Baseline"]
    rows = {row[0]: row[1:] for row in by_rule[1:]}
    assert rows["missing-section"] == ["0", "0", "0", "1"]
    assert rows["invalid-status"] == ["1", "0", "0", "1"]  # the new spec's, and the old one
    assert rows["Total"][0] == "1"
    assert rows["Total"][3] == "3"
    info = sum(int(row[2]) for rule, row in rows.items() if rule != "Total")
    assert rows["Total"][2] == str(info)


def test_without_a_baseline_the_dashboard_has_no_baseline_column(build):
    built = build({"specs/new.md": spec("New", status="Aproved")}, {"plugins": ["specs"]})
    dashboard = built.html("portal/index.html")
    assert "accepted in the baseline" not in text(dashboard)
    assert tables(dashboard)["Findings"][0] == ["Rule", "Errors", "Warnings", "Info"]


HOSTILE = '<img src=x onerror="alert(1)">'


def attention_site() -> dict[str, str]:
    swapped = [*SECTIONS[:2], SECTIONS[3], SECTIONS[2], *SECTIONS[4:]]
    return {
        "index.md": "# Home\n",
        "specs/broken.md": spec("Broken", author=f"Priya Raman, {HOSTILE}", status=HOSTILE),
        "specs/swapped.md": spec("Swapped", author="N/A", sections=swapped),
        "specs/fine.md": spec("Fine", author="Lena Fischer"),
    }


def test_needs_attention_lists_documents_with_errors_or_warnings_by_owner(build):
    built = build(attention_site(), {"plugins": [{"specs": {"fail_on": "never"}}]})
    assert built.exit_code == 0, built.output
    page = built.html("portal/attention/index.html")
    assert "<title>Needs attention - Test</title>" in page
    assert HOSTILE not in page and "<img" not in page
    owners = sections(page)
    assert list(owners) == [HOSTILE, "Priya Raman", "Unowned", "By rule"]
    for owner in (HOSTILE, "Priya Raman"):
        rows = tables(owners[owner])[owner]
        assert rows[0] == ["Spec", "Status", "Owners", "Findings"]
        assert [row[0] for row in rows[1:]] == ["Broken"]
        assert f'error line 8 invalid-status status "{HOSTILE}" is not one of' in rows[1][3]
    unowned = tables(owners["Unowned"])["Unowned"]
    assert [row[0] for row in unowned[1:]] == ["Swapped"]
    assert unowned[1][3].startswith("warning line ")
    assert "section-order" in unowned[1][3]
    assert all(row[0] != "Fine" for rows in tables(page).values() for row in rows)
    assert 'href="../owners/priya-raman/"' in page
    by_rule = tables(owners["By rule"])["By rule"]
    assert by_rule[0] == ["Rule", "Spec"]
    assert {row[0] for row in by_rule[1:]} == {"invalid-status", "section-order"}
    assert 'id="rule-invalid-status"' in unescape(page)
    assert broken_links(built.site, built.site / "portal/attention/index.html") == []

    dashboard = unescape(built.html("portal/index.html"))
    error_tile = re.search(r'<div class="specs-tile specs-tile--error">.*?</div>', dashboard)[0]
    assert 'href="attention/"' in error_tile
    assert 'href="attention/#rule-invalid-status"' in dashboard
    assert 'href="attention/#rule-section-order"' in dashboard
    words = text(built.html("portal/index.html"))
    assert "Which documents have errors or warnings, and whose: Needs attention." in words
    assert broken_links(built.site, built.site / "portal/index.html") == []


def test_needs_attention_says_so_when_nothing_needs_it(build):
    built = build({"specs/fine.md": spec("Fine")}, {"theme": {"name": "mkdocs", "locale": "de"}})
    page = text(built.html("portal/attention/index.html"))
    assert "Kein Handlungsbedarf: Kein Dokument hat Fehler oder Warnungen." in page
    assert "attention/" not in built.html("portal/index.html")


def test_a_placeholder_is_shown_as_missing_and_an_invalid_date_stays_listed_marked(build):
    files = {
        "specs/unfilled.md": spec("Unfilled", project="{Project Name}", author="Priya Raman"),
        "specs/mistyped.md": spec("Mistyped", date="2026-13-45", author="Priya Raman"),
        "specs/dated.md": spec("Dated", author="Lena Fischer"),
    }
    built = build(files, {"plugins": [{"specs": {"fail_on": "never"}}]})
    assert built.exit_code == 0, built.output
    for page in ("portal/index.html", "portal/status/index.html", "portal/owners/index.html"):
        assert "Project Name" not in built.html(page)

    status = tables(built.html("portal/status/index.html"))["Approved"]
    rows = {row[0]: row for row in status[1:]}
    assert status[0][2:5] == ["Project", "Version", "Date"]
    assert rows["Unfilled"][2] == "—"
    assert rows["Mistyped"][4] == "2026-13-45 (invalid date)"
    muted = '<span class="specs-muted">2026-13-45 (invalid date)</span>'  # sorted as no date
    assert muted in unescape(built.html("portal/status/index.html"))
    card = built.html("specs/unfilled/index.html")
    blank = '<span class="specs-muted">—</span>'
    assert f'Project</dt><dd class="specs-card__value">{blank}</dd>' in card

    recent = tables(built.html("portal/index.html"))["Recently updated"]
    assert [row[:2] for row in recent[1:]] == [
        [rows["Dated"][4], "Dated"],
        [rows["Unfilled"][4], "Unfilled"],
        ["2026-13-45 (invalid date)", "Mistyped"],
    ]
    owner = tables(built.html("portal/owners/priya-raman/index.html"))["Approved"]
    assert [row[4] for row in owner[1:]] == ["2026-13-45 (invalid date)", rows["Unfilled"][4]]
    assert built.document("specs/mistyped.md")["date"] == "2026-13-45"  # the export: as written


def test_an_owner_page_lists_the_prds_and_adrs_the_owner_wrote(build):
    files = {
        "specs/search.md": spec("Search", author="Sofia"),
        "prd/0001-checkout.md": "# PRD: Checkout\n\n**Status:** Approved  \n**Author:** Sofia\n",
        "adr/0001-use-postgres.md": "---\nstatus: accepted\nauthor: Sofia\n---\n# Use Postgres\n",
    }
    built = build(files, {"plugins": [{"specs": {"fail_on": "never"}}]})
    page = built.html("portal/owners/sofia/index.html")
    kinds = sections(page)
    assert list(kinds) == ["Specifications", "PRDs", "ADRs"]
    titles = {
        kind: [row[0] for rows in tables(html).values() for row in rows[1:]]
        for kind, html in kinds.items()
    }
    assert titles == {
        "Specifications": ["Search"],
        "PRDs": ["PRD: Checkout"],
        "ADRs": ["Use Postgres"],
    }


def test_superseded_by_on_a_card_links_to_the_successor(build):
    files = {
        "index.md": "# Home\n",
        "adr/0001-use-mysql.md": "# 1. Use MySQL\n\n## Status\n\nSuperseded by ADR-0002\n",
        "adr/0002-use-postgres.md": "# 2. Use Postgres\n\n## Status\n\nAccepted\n",
        "adr/0003-use-oracle.md": f"# 3. Use Oracle\n\n## Status\n\nSuperseded by {HOSTILE}\n",
        "specs/search.md": spec("Search", related_adr="ADR-0001", status="Draft"),
    }
    built = build(files, {"plugins": [{"specs": {"fail_on": "never"}}]})
    badge = '<span class="specs-badge specs-status--superseded">Superseded by ADR-0002</span>'
    adr = built.html("adr/0001-use-mysql/index.html")
    assert f'<a href="../0002-use-postgres/">{badge}</a>' in adr
    card = built.html("specs/search/index.html")
    assert f'<a href="../../adr/0002-use-postgres/">{badge}</a>' in card
    page = built.html("adr/0003-use-oracle/index.html")
    hostile = re.search(r'<div class="specs-card">.*?</dl>', page, re.DOTALL)[0]
    assert "<img" not in hostile  # the page's own text below is the author's to write
    assert '"specs-card__value"><span class="specs-badge specs-status--superseded">' in hostile
    assert "Superseded by &lt;img" in hostile
    assert broken_links(built.site, built.site / "specs/search/index.html") == []
